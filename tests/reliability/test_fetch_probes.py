"""The fetcher under hostile servers and names, on real servers on this machine (127.0.0.0/8 only).

Each probe of issues 14 and 20: DNS rebinding, redirects to private networks (first and later hops),
headers and bodies sent one byte at a time, TLS to a pinned address. Every test is bounded in time.
"""

from __future__ import annotations

import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from graph.errors import InputError
from ingest.sources.http import Fetcher, FetchPolicy

PAGE = b"<html><body><article><p>Peskov said the talks were useful.</p></article></body></html>"


def resolver(names: dict[str, Sequence[str]]) -> Callable[[str, int], Sequence[str]]:
    """A resolver that knows only ``names`` and IP literals."""

    def resolve(host: str, port: int) -> Sequence[str]:
        if host in names:
            return names[host]
        socket.inet_pton(socket.AF_INET6 if ":" in host else socket.AF_INET, host)  # OSError otherwise
        return [host]

    return resolve


LOCAL = resolver(
    {"localhost": ["127.0.0.1"], "internal.test": ["10.0.0.5"], "meta.test": ["169.254.169.254"]}
)


@pytest.fixture
def loopback_only() -> Iterator[Fetcher]:
    """Loopback allowed (the test servers), every other non-public address refused."""
    fetcher = Fetcher(FetchPolicy(timeout_s=3.0, allow_loopback=True), resolver=LOCAL)
    yield fetcher
    fetcher.close()


# --- DNS rebinding ---------------------------------------------------------------------------------


@pytest.fixture
def two_servers() -> Iterator[tuple[HTTPServer, HTTPServer]]:
    """One server on 127.0.0.1 and one on 127.0.0.2, on the same port."""
    checked = HTTPServer(host="127.0.0.1", port=0)
    checked.start()
    other = HTTPServer(host="127.0.0.2", port=checked.port)
    other.start()
    yield checked, other
    other.stop()
    checked.stop()


def test_the_connection_goes_to_the_checked_address_whatever_a_second_lookup_answers(
    two_servers: tuple[HTTPServer, HTTPServer],
) -> None:
    checked, other = two_servers
    checked.expect_request("/page").respond_with_data(b"from the checked address")
    other.expect_request("/page").respond_with_data(b"from the rebound address")
    lookups: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        lookups.append(host)
        return ["127.0.0.1"] if len(lookups) == 1 else ["127.0.0.2"]

    fetcher = Fetcher(FetchPolicy(timeout_s=3.0, allow_loopback=True), resolver=rebinding)
    fetched = fetcher.get(f"http://news.test:{checked.port}/page")
    assert fetched.body == b"from the checked address"
    assert lookups == ["news.test"]
    assert other.log == []


def test_a_host_that_resolves_to_a_private_address_is_refused_even_when_loopback_is_allowed(
    loopback_only: Fetcher,
) -> None:
    with pytest.raises(InputError, match=r"refused: internal\.test is not a public address \(10\.0\.0\.5"):
        loopback_only.get("http://internal.test/")


# --- redirects ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "refused"),
    [
        ("http://10.0.0.5/", "10.0.0.5: private"),
        ("http://192.168.1.1/admin", "192.168.1.1: private"),
        ("http://172.16.0.1/", "172.16.0.1: private"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254: link-local"),
        ("http://100.100.100.200/latest/meta-data/", "100.100.100.200: shared (carrier-grade NAT)"),
        ("http://[::ffff:10.0.0.5]/", "::ffff:10.0.0.5: private"),
        ("http://[2002:a00:5::]/", "2002:a00:5::: private"),
        ("http://[fd00::1]/", "fd00::1: private"),
        ("http://internal.test/", "10.0.0.5: private"),
        ("http://meta.test/", "169.254.169.254: link-local"),
    ],
)
def test_a_redirect_to_a_private_address_is_refused(
    httpserver: HTTPServer, loopback_only: Fetcher, location: str, refused: str
) -> None:
    httpserver.expect_request("/start").respond_with_data("", status=302, headers={"Location": location})
    start = httpserver.url_for("/start")
    with pytest.raises(InputError) as error:
        loopback_only.get(start)
    assert f"{start} -> {location}: refused" in str(error.value)
    assert f"({refused})" in str(error.value)


def test_every_redirect_hop_is_checked_not_only_the_first(
    httpserver: HTTPServer, loopback_only: Fetcher
) -> None:
    httpserver.expect_request("/one").respond_with_data("", status=301, headers={"Location": "/two"})
    httpserver.expect_request("/two").respond_with_data("", status=307, headers={"Location": "/three"})
    httpserver.expect_request("/three").respond_with_data(
        "", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    with pytest.raises(InputError, match=r"refused: 169\.254\.169\.254 is not a public address"):
        loopback_only.get(httpserver.url_for("/one"))
    assert [request.path for request, _ in httpserver.log] == ["/one", "/two", "/three"]


def test_loopback_redirect_hops_are_followed_when_allowed(
    httpserver: HTTPServer, loopback_only: Fetcher
) -> None:
    httpserver.expect_request("/one").respond_with_data("", status=302, headers={"Location": "/two"})
    httpserver.expect_request("/two").respond_with_data(PAGE, content_type="text/html")
    fetched = loopback_only.get(httpserver.url_for("/one"))
    assert (fetched.url, fetched.body) == (httpserver.url_for("/two"), PAGE)


def test_the_strict_default_refuses_the_loopback_first_hop(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/page").respond_with_data(PAGE)
    with pytest.raises(InputError, match=r"\(127\.0\.0\.1: loopback\)"):
        Fetcher(FetchPolicy(timeout_s=3.0), resolver=LOCAL).get(httpserver.url_for("/page"))
    assert httpserver.log == []


# --- one deadline per request ------------------------------------------------------------------------


@contextmanager
def trickling(head: bytes, drip: bytes, every_s: float) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 that sends ``head`` at once, then ``drip`` one byte per
    ``every_s`` seconds; it stops when the client goes or the test ends."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(5)
                try:
                    request = b""
                    while b"\r\n\r\n" not in request:
                        request += connection.recv(4096) or b"\r\n\r\n"
                    connection.sendall(head)
                    for byte in drip:
                        if stop.wait(every_s):
                            break
                        connection.sendall(bytes([byte]))
                except OSError:
                    continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/page"
    finally:
        stop.set()
        thread.join(5)
        listener.close()


TIMEOUT_S = 1.5
MARGIN_S = 1.0


@pytest.mark.parametrize(
    ("head", "drip"),
    [
        (b"HTTP/1.1 200 OK\r\n", b"X-Slow: " + b"a" * 200 + b"\r\n\r\n"),  # headers, a byte at a time
        (b"HTTP/1.1 200 OK\r\nContent-Length: 400\r\n\r\n", PAGE * 4),  # the body, a byte at a time
    ],
    ids=["headers", "body"],
)
def test_a_server_sending_a_byte_at_a_time_is_cut_at_the_timeout(head: bytes, drip: bytes) -> None:
    fetcher = Fetcher(FetchPolicy(timeout_s=TIMEOUT_S, allow_loopback=True))
    with trickling(head, drip, every_s=0.2) as url:
        started = time.monotonic()
        with pytest.raises(InputError, match=r"timed out after 1\.5 s"):
            fetcher.get(url)
        elapsed = time.monotonic() - started
    assert TIMEOUT_S - 0.1 < elapsed < TIMEOUT_S + MARGIN_S


def test_the_deadline_covers_every_redirect_hop(httpserver: HTTPServer, loopback_only: Fetcher) -> None:
    def slow_hop(request: Request) -> Response:
        time.sleep(0.6)
        return Response("", status=302, headers={"Location": f"/hop{int(request.path[4:]) + 1}"})

    for hop in range(5):
        httpserver.expect_request(f"/hop{hop}").respond_with_handler(slow_hop)
    fetcher = Fetcher(FetchPolicy(timeout_s=TIMEOUT_S, allow_loopback=True), resolver=LOCAL)
    started = time.monotonic()
    with pytest.raises(InputError, match="timed out"):
        fetcher.get(httpserver.url_for("/hop0"))
    assert time.monotonic() - started < TIMEOUT_S + MARGIN_S


def test_the_deadline_covers_a_name_lookup_that_hangs() -> None:
    def hanging(host: str, port: int) -> list[str]:
        time.sleep(TIMEOUT_S + 3)
        return ["127.0.0.1"]

    fetcher = Fetcher(FetchPolicy(timeout_s=TIMEOUT_S, allow_loopback=True), resolver=hanging)
    started = time.monotonic()
    with pytest.raises(InputError, match="timed out"):
        fetcher.get("http://news.test/page")
    assert time.monotonic() - started < TIMEOUT_S + MARGIN_S


# --- TLS to a pinned address -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A test CA and a certificate it signed for ``news.test`` (made by the openssl command)."""
    folder = tmp_path_factory.mktemp("tls")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True, timeout=30)

    ca = ["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"]
    openssl(
        "req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=test CA", *ca
    )
    openssl("req", *ec, "-keyout", "news.key", "-out", "news.csr", "-subj", "/CN=news.test")
    (folder / "san.ext").write_text("subjectAltName=DNS:news.test\n", encoding="utf-8")
    openssl("x509", "-req", "-in", "news.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "news.pem", "-days", "2", "-extfile", "san.ext")  # fmt: skip
    return folder


@pytest.fixture
def tls_server(certificates: Path) -> Iterator[tuple[HTTPServer, list[str | None]]]:
    """An HTTPS server on 127.0.0.1 with the ``news.test`` certificate; records the SNI names it gets."""
    names: list[str | None] = []
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificates / "news.pem", certificates / "news.key")
    context.sni_callback = lambda _socket, name, _context: names.append(name)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.start()
    yield server, names
    server.stop()


def test_tls_to_the_pinned_address_keeps_sni_and_checks_the_certificate_on_the_host_name(
    tls_server: tuple[HTTPServer, list[str | None]], certificates: Path
) -> None:
    server, names = tls_server
    server.expect_request("/page").respond_with_data(PAGE, content_type="text/html")
    trusted = ssl.create_default_context(cafile=certificates / "ca.pem")
    hosts = resolver({"news.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]})
    fetcher = Fetcher(FetchPolicy(timeout_s=3.0, allow_loopback=True), resolver=hosts, ssl_context=trusted)
    assert fetcher.get(f"https://news.test:{server.port}/page").body == PAGE
    with pytest.raises(InputError, match="CERTIFICATE_VERIFY_FAILED"):  # same address, another name
        fetcher.get(f"https://other.test:{server.port}/page")
    assert names == ["news.test", "other.test"]
