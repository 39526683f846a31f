"""Fetch pages and feeds over HTTP with the limits a newsroom ingest needs.

Only ``http`` and ``https`` are fetched; private, loopback and link-local addresses are refused unless
the operator allows them (``allow_private``), at every redirect hop; bodies are streamed and capped;
connections and whole fetches time out. Every refusal is an :class:`InputError` with one line.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlparse

import httpx

from graph.errors import InputError

USER_AGENT = "saidgraph/0.1 (+statement tracking; respects robots of the operator)"


@dataclass(frozen=True)
class FetchPolicy:
    """Limits for one fetch."""

    timeout_s: float = 20.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    allow_private: bool = False


@dataclass(frozen=True)
class Fetched:
    """A fetched resource: final URL, status, headers and body (empty for 304 Not Modified)."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes = b""
    charset: str | None = None

    def text(self) -> str:
        """The body decoded by its declared charset (UTF-8 when none), undecodable bytes replaced."""
        return self.body.decode(self.charset or "utf-8", errors="replace")


def _check_address(url: str, *, allow_private: bool) -> None:
    parsed = urlparse(url)
    if parsed.scheme not in {"http", "https"}:
        raise InputError(
            f"{url}: only http and https URLs are fetched (not {parsed.scheme or 'no scheme'})", source=url
        )
    host = parsed.hostname
    if not host:
        raise InputError(f"{url}: no host in the URL", source=url)
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, parsed.port or (443 if parsed.scheme == "https" else 80))
    except socket.gaierror as exc:
        raise InputError(f"{url}: cannot resolve {host} ({exc.strerror})", source=url) from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if address.is_private or address.is_loopback or address.is_link_local or address.is_reserved:
            raise InputError(
                f"{url}: refused: {host} is a private address ({address}); allow it with --allow-private",
                source=url,
            )


@dataclass
class Fetcher:
    """Fetches URLs under a :class:`FetchPolicy`, with one reused HTTP client."""

    policy: FetchPolicy = field(default_factory=FetchPolicy)
    client: httpx.Client | None = None

    def __post_init__(self) -> None:
        if self.client is None:
            self.client = httpx.Client(
                timeout=httpx.Timeout(self.policy.timeout_s),
                follow_redirects=False,
                headers={"User-Agent": USER_AGENT},
            )

    def close(self) -> None:
        if self.client is not None:
            self.client.close()

    def get(self, url: str, *, headers: Mapping[str, str] | None = None) -> Fetched:
        """GET ``url``, following redirects by hand so every hop is checked."""
        assert self.client is not None
        deadline = time.monotonic() + self.policy.timeout_s
        current = url
        for _ in range(self.policy.max_redirects + 1):
            _check_address(current, allow_private=self.policy.allow_private)
            try:
                with self.client.stream("GET", current, headers=dict(headers or {})) as response:
                    if response.status_code == 304:
                        return Fetched(current, 304, dict(response.headers))
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise InputError(f"{url}: redirect without a location", source=url)
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise InputError(
                            f"{url}: HTTP {response.status_code} {response.reason_phrase}", source=url
                        )
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > self.policy.max_bytes:
                        raise InputError(
                            f"{url}: too large ({int(declared)} bytes > {self.policy.max_bytes})", source=url
                        )
                    chunks, size = [], 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > self.policy.max_bytes:
                            raise InputError(
                                f"{url}: too large (more than {self.policy.max_bytes} bytes)", source=url
                            )
                        if time.monotonic() > deadline:
                            raise InputError(
                                f"{url}: timed out after {self.policy.timeout_s:.0f} s", source=url
                            )
                        chunks.append(chunk)
                    return Fetched(
                        current,
                        response.status_code,
                        dict(response.headers),
                        b"".join(chunks),
                        response.charset_encoding,
                    )
            except httpx.TimeoutException as exc:
                raise InputError(f"{url}: timed out after {self.policy.timeout_s:.0f} s", source=url) from exc
            except httpx.HTTPError as exc:
                raise InputError(
                    f"{url}: cannot fetch ({exc.__class__.__name__}: {exc})", source=url
                ) from exc
        raise InputError(f"{url}: too many redirects (more than {self.policy.max_redirects})", source=url)
