"""Fetch pages and feeds over HTTP with the limits a newsroom ingest needs.

Only ``http`` and ``https`` are fetched. Each hop (the URL, then every redirect) is resolved once, every
address it resolves to is checked, and the connection goes to a checked address: a second resolution
(DNS rebinding) can never redirect it. Addresses that are not public (loopback, private, link-local,
shared, multicast, reserved, and IPv6 forms that carry one) are refused unless the policy allows them.
TLS keeps the host name for SNI and certificate checks. One deadline covers the whole request (connect,
TLS, headers, body, every hop); bodies are streamed and capped. Every refusal is an
:class:`InputError` with one line.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin

import httpcore
import httpx

from graph.errors import InputError
from ingest.sources.addresses import Resolver, refused_addresses, resolve
from ingest.sources.charsets import decode_page

USER_AGENT = "saidgraph/0.1 (+statement tracking; respects robots of the operator)"


@dataclass(frozen=True)
class FetchPolicy:
    """Limits for one fetch.

    ``timeout_s`` bounds a whole request, redirects included. ``allow_private`` lets every address
    through (the CLI's ``--allow-private``); ``allow_loopback`` only loopback ones (127.0.0.0/8, ::1),
    for servers on this machine, while private networks stay refused.
    """

    timeout_s: float = 20.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    allow_private: bool = False
    allow_loopback: bool = False


@dataclass(frozen=True)
class Fetched:
    """A fetched resource: final URL, status, headers and body (empty for 304 Not Modified)."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes = b""
    charset: str | None = None

    def decoded(self) -> tuple[str, str | None]:
        """The body as text and, when its charset was unknown or wrong, how it was decoded instead.

        Never raises: see :func:`ingest.sources.charsets.decode_page`.
        """
        return decode_page(self.body, self.charset)


@dataclass(frozen=True)
class _Hop:
    """Where the current request of a thread may connect, and until when it may run."""

    host: str
    port: int
    addresses: tuple[str, ...]
    deadline: float


class _Deadline(httpcore.NetworkStream):
    """A network stream whose every read, write and TLS handshake ends by its request's deadline."""

    def __init__(self, stream: httpcore.NetworkStream, backend: _PinnedBackend) -> None:
        self._stream = stream
        self._backend = backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._backend.time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._backend.time_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        left = self._backend.time_left(timeout, httpcore.ConnectTimeout)
        return _Deadline(self._stream.start_tls(ssl_context, server_hostname, left), self._backend)

    def get_extra_info(self, info: str) -> object:
        return self._stream.get_extra_info(info)


class _PinnedBackend(httpcore.NetworkBackend):
    """Connects only to the addresses checked for the current hop, never resolving a name again.

    httpcore asks for a connection by host name; this backend answers with a socket to one of the
    addresses the fetcher checked for that host (and refuses any other host). State is per thread.
    """

    def __init__(self) -> None:
        self._system = httpcore.SyncBackend()
        self._local = threading.local()

    def arm(self, hop: _Hop | None) -> None:
        self._local.hop = hop

    def _hop(self) -> _Hop | None:
        hop: _Hop | None = getattr(self._local, "hop", None)
        return hop

    def time_left(self, timeout: float | None, error: type[httpcore.TimeoutException]) -> float | None:
        """``timeout`` cut to what is left of the request's deadline; ``error`` once it has passed."""
        hop = self._hop()
        if hop is None:
            return timeout
        left = hop.deadline - time.monotonic()
        if left <= 0:
            raise error("the request's deadline has passed")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        hop = self._hop()
        if hop is None or (host, port) != (hop.host, hop.port):
            raise httpcore.ConnectError(f"{host}:{port} was not checked before connecting")
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in hop.addresses:
            try:
                stream = self._system.connect_tcp(
                    address,
                    port,
                    timeout=self.time_left(timeout, httpcore.ConnectTimeout),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return _Deadline(stream, self)
        raise failure or httpcore.ConnectError(f"{host}: no address to connect to")


class _PinnedTransport(httpx.HTTPTransport):
    """httpx's transport over a pool that connects through :class:`_PinnedBackend`."""

    def __init__(self, backend: _PinnedBackend, ssl_context: ssl.SSLContext) -> None:
        super().__init__(verify=ssl_context, trust_env=False)
        # httpx takes no network backend; its pool is replaced by one with the same settings and ours.
        self._pool = httpcore.ConnectionPool(ssl_context=ssl_context, network_backend=backend)


def _target(url: str) -> tuple[httpx.URL, str, int]:
    """The parsed URL, its host as connected to (IDNA, no brackets) and port; refuses other schemes."""
    try:
        parsed = httpx.URL(url)
        scheme = parsed.scheme
        if scheme not in {"http", "https"}:
            raise InputError(
                f"{url}: only http and https URLs are fetched (not {scheme or 'no scheme'})", source=url
            )
        host = parsed.raw_host.decode("ascii")
        port = parsed.port or (443 if scheme == "https" else 80)
    except (httpx.InvalidURL, UnicodeError, ValueError) as exc:
        raise InputError(f"{url}: not a valid URL ({exc})", source=url) from exc
    if not host:
        raise InputError(f"{url}: no host in the URL", source=url)
    if not 0 < port < 65536:
        raise InputError(f"{url}: not a valid URL (port {port})", source=url)
    return parsed, host, port


@dataclass
class Fetcher:
    """Fetches URLs under a :class:`FetchPolicy`, with one reused HTTP client.

    ``resolver`` turns a host name into addresses (the system's by default); each hop is resolved once
    and connected to only at an address that was checked. ``ssl_context`` verifies TLS (certifi's
    roots by default).
    """

    policy: FetchPolicy = field(default_factory=FetchPolicy)
    resolver: Resolver = resolve
    ssl_context: ssl.SSLContext | None = None
    _backend: _PinnedBackend = field(init=False, repr=False, default_factory=_PinnedBackend)
    _client: httpx.Client | None = field(init=False, repr=False, default=None)

    def _http(self) -> httpx.Client:
        """The HTTP client, made on the first request (loading the TLS roots takes a moment)."""
        if self._client is None:
            context = self.ssl_context or httpx.create_ssl_context(trust_env=False)
            self._client = httpx.Client(
                transport=_PinnedTransport(self._backend, context),
                timeout=httpx.Timeout(self.policy.timeout_s),
                follow_redirects=False,
                trust_env=False,  # a proxy from the environment would connect where no check was made
                headers={"User-Agent": USER_AGENT},
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def _resolved(self, url: str, host: str, port: int, deadline: float) -> tuple[str, ...]:
        """The resolver's answer, waited for until the deadline (a lookup may hang: it runs in a
        daemon thread, left to finish on its own when the deadline passes)."""
        answer: list[tuple[str, ...] | Exception] = []

        def lookup() -> None:
            try:
                answer.append(tuple(self.resolver(host, port)))
            except Exception as exc:  # handed to the fetching thread below
                answer.append(exc)

        thread = threading.Thread(target=lookup, name=f"resolve {host}", daemon=True)
        thread.start()
        thread.join(max(0.0, deadline - time.monotonic()))
        if not answer:
            raise self._timed_out(url)
        if isinstance(answer[0], OSError | UnicodeError):  # UnicodeError: a label IDNA refuses
            reason = getattr(answer[0], "strerror", None) or answer[0]
            raise InputError(f"{url}: cannot resolve {host} ({reason})", source=url) from answer[0]
        if isinstance(answer[0], Exception):
            raise answer[0]
        return answer[0]

    def _checked(self, url: str, host: str, port: int, deadline: float) -> tuple[str, ...]:
        addresses = self._resolved(url, host, port, deadline)
        if not addresses:
            raise InputError(f"{url}: cannot resolve {host} (no address)", source=url)
        refused = refused_addresses(
            addresses, allow_loopback=self.policy.allow_loopback, allow_private=self.policy.allow_private
        )
        if refused:
            address, kind = refused[0]
            raise InputError(
                f"{url}: refused: {host} is not a public address ({address}: {kind}); "
                "allow it with --allow-private",
                source=url,
            )
        return addresses

    def get(self, url: str, *, headers: Mapping[str, str] | None = None) -> Fetched:
        """GET ``url``, following redirects by hand so every hop is resolved, checked and pinned.

        Raises :class:`InputError` (one line naming ``url``) for anything that stops the fetch.
        """
        deadline = time.monotonic() + self.policy.timeout_s
        current = url
        try:
            for _ in range(self.policy.max_redirects + 1):
                parsed, host, port = _target(current)
                hop = url if current == url else f"{url} -> {current}"
                addresses = self._checked(hop, host, port, deadline)
                self._backend.arm(_Hop(host, port, addresses, deadline))
                fetched = self._request(url, parsed, headers or {})
                if isinstance(fetched, Fetched):
                    return fetched
                current = urljoin(current, fetched)
        finally:
            self._backend.arm(None)
        raise InputError(f"{url}: too many redirects (more than {self.policy.max_redirects})", source=url)

    def _timed_out(self, url: str) -> InputError:
        return InputError(f"{url}: timed out after {self.policy.timeout_s:g} s", source=url)

    def _request(self, url: str, target: httpx.URL, headers: Mapping[str, str]) -> Fetched | str:
        """One hop: the resource, or the location a redirect points to."""
        try:
            with self._http().stream("GET", target, headers=dict(headers)) as response:
                if response.status_code == 304:
                    return Fetched(str(target), 304, dict(response.headers))
                if response.is_redirect:
                    location = response.headers.get("location")
                    if not location:
                        raise InputError(f"{url}: redirect without a location", source=url)
                    return str(location)
                if response.status_code >= 400:
                    raise InputError(
                        f"{url}: HTTP {response.status_code} {response.reason_phrase}", source=url
                    )
                body = self._body(url, response)
                return Fetched(
                    str(target), response.status_code, dict(response.headers), body, response.charset_encoding
                )
        except httpx.TimeoutException as exc:
            raise self._timed_out(url) from exc
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise InputError(f"{url}: cannot fetch ({exc.__class__.__name__}: {exc})", source=url) from exc

    def _body(self, url: str, response: httpx.Response) -> bytes:
        cap = self.policy.max_bytes
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise InputError(f"{url}: too large ({int(declared)} bytes > {cap})", source=url)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > cap:
                raise InputError(f"{url}: too large (more than {cap} bytes)", source=url)
            chunks.append(chunk)
        return b"".join(chunks)
