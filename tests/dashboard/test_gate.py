"""The upload gate on a real `saidgraph dashboard`: a client that never signed in uploads nothing.

The client here does what a browser does (takes the XSRF cookie, opens the WebSocket, gets a session)
and then sends uploads straight to Streamlit's upload endpoint, with no page and no sign-in.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from dashboard.gate import SignedIn

pytestmark = pytest.mark.slow

MB = 1024 * 1024
PAYLOAD = 150 * MB
ROUNDS = 4
MEMORY_SLACK = 40 * MB
"""What the server may grow by while refusing ROUNDS x PAYLOAD (it grew by the payload before the gate)."""
ROUNDS_S = 120


@dataclass(frozen=True)
class Session:
    """A Streamlit session opened by a raw client, with what an upload request needs."""

    client: httpx.Client
    xsrf: str
    id: str
    socket: ClientConnection

    def upload(self, path: str, body: bytes | Iterator[bytes], **headers: str) -> int:
        """PUT ``body`` as multipart at ``path``; the status, or 0 when the server closed the connection."""
        boundary = "saidgraph-probe"
        if isinstance(body, bytes):
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
            body = head.encode() + body + f"\r\n--{boundary}--\r\n".encode()
        try:
            response = self.client.put(
                path,
                content=body,
                headers={
                    "X-Xsrftoken": self.xsrf,
                    "Content-Type": f"multipart/form-data; boundary={boundary}",
                    **headers,
                },
            )
        except httpx.TransportError:
            return 0
        return response.status_code


@contextlib.contextmanager
def session(url: str) -> Iterator[Session]:
    """Open a session the way the browser does, without signing in."""
    with httpx.Client(base_url=url, timeout=60) as client:
        client.get("/_stcore/health")  # sets the XSRF cookie
        xsrf = client.cookies["_streamlit_xsrf"]
        with connect(
            url.replace("http://", "ws://") + "/_stcore/stream",
            subprotocols=["streamlit", xsrf],  # type: ignore[list-item]
            additional_headers={"Cookie": f"_streamlit_xsrf={xsrf}", "Origin": url},
            open_timeout=30,
        ) as socket:
            rerun = BackMsg()
            rerun.rerun_script.query_string = ""
            socket.send(rerun.SerializeToString())
            deadline = time.monotonic() + 30
            session_id = ""
            while not session_id:
                assert time.monotonic() < deadline, "no session from the server"
                message = ForwardMsg()
                message.ParseFromString(socket.recv(timeout=30))
                if message.WhichOneof("type") == "new_session":
                    session_id = message.new_session.initialize.session_id
            yield Session(client, xsrf, session_id, socket)


@pytest.fixture(scope="module", params=["with a password", "without a password"])
def served(
    request: pytest.FixtureRequest, serve_dashboard: Any, tmp_path_factory: pytest.TempPathFactory
) -> Any:
    settings = {"SAIDGRAPH_DASHBOARD_PASSWORD": "s3cret"} if request.param == "with a password" else {}
    with serve_dashboard(tmp_path_factory.mktemp("gate") / "data", **settings) as running:
        yield running


def test_uploads_from_a_session_that_never_signed_in_are_refused_and_cost_no_memory(served: Any) -> None:
    with session(served.url) as probe:
        assert probe.upload(f"/_stcore/upload_file/{probe.id}/warm-up", b"x") == 403
        before = served.rss_bytes()
        body = b"x" * PAYLOAD
        started = time.monotonic()
        statuses = [probe.upload(f"/_stcore/upload_file/{probe.id}/f{i}", body) for i in range(ROUNDS)]
        elapsed = time.monotonic() - started
        grown = served.rss_bytes() - before
    assert statuses == [403] * ROUNDS
    assert grown < MEMORY_SLACK, f"the server grew by {grown / MB:.0f} MB"
    assert elapsed < ROUNDS_S


def chunked(size: int) -> Iterator[bytes]:
    head = b'--saidgraph-probe\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
    yield head
    for _ in range(size // MB):
        yield b"x" * MB
    yield b"\r\n--saidgraph-probe--\r\n"


@pytest.mark.parametrize(
    ("shape", "path"),
    [
        ("an invented session", "/_stcore/upload_file/00000000-0000-0000-0000-000000000000/f"),
        ("no session", "/_stcore/upload_file/"),
        ("a path below the file", "/_stcore/upload_file/{id}/f/g"),
        ("a doubled slash", "//_stcore/upload_file/{id}/f"),
        ("a chunked body with no length", "/_stcore/upload_file/{id}/f"),
    ],
)
def test_every_shape_of_upload_without_sign_in_is_refused(served: Any, shape: str, path: str) -> None:
    with session(served.url) as probe:
        target = served.url + path.format(id=probe.id)
        body: bytes | Iterator[bytes] = chunked(8 * MB) if "chunked" in shape else b"x" * MB
        assert probe.upload(target, body) == 403
        removed = probe.client.delete(target, headers={"X-Xsrftoken": probe.xsrf})
        assert removed.status_code == 403


def test_the_registry_forgets_the_oldest_sign_in_first() -> None:
    sessions = SignedIn(limit=2)
    for session_id in ("a", "b", "a", "c"):
        sessions.add(session_id)
    assert ["a" in sessions, "b" in sessions, "c" in sessions] == [True, False, True]
    assert not sessions.guarded


ARTICLE = (
    "MOSCOW, February 2. Foreign Ministry spokeswoman Maria Zakharova said the West's reaction to the "
    "January 31 unlawful rallies was hysterical.\n"
)


@pytest.mark.browser
def test_a_signed_in_analyst_uploads_within_the_cap_and_nothing_larger_gets_in(
    page: Any, serve_dashboard: Any, tmp_path: Path
) -> None:
    with serve_dashboard(tmp_path / "data", SAIDGRAPH_DASHBOARD_PASSWORD="s3cret") as served:
        page.goto(served.url)
        page.get_by_label("Password", exact=True).fill("s3cret")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("link", name="Ingest").click()
        page.get_by_text("at most 2 MB each").wait_for(timeout=30000)
        with page.expect_response(lambda r: "/_stcore/upload_file/" in r.url, timeout=30000) as sent:
            page.locator("input[type=file]").set_input_files(
                files=[{"name": "zakharova.txt", "mimeType": "text/plain", "buffer": ARTICLE.encode()}]
            )
        assert sent.value.status == 204
        page.get_by_role("button", name="Ingest").click()
        page.get_by_text("1 new").wait_for(timeout=180000)
        kept = [p.name for p in (tmp_path / "data" / "uploads").iterdir()]
        assert len(kept) == 1 and kept[0].startswith("zakharova-") and kept[0].endswith(".txt"), kept

        session_id = sent.value.url.split("/_stcore/upload_file/")[1].split("/")[0]
        xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_streamlit_xsrf")
        with httpx.Client(base_url=served.url, timeout=60, cookies={"_streamlit_xsrf": xsrf}) as client:
            signed_in = Session(client, xsrf, session_id, socket=None)  # type: ignore[arg-type]
            path = f"/_stcore/upload_file/{session_id}"
            assert signed_in.upload(f"{path}/fits", b"x" * MB) == 204
            before = served.rss_bytes()
            body = b"x" * PAYLOAD
            statuses = [signed_in.upload(f"{path}/big{i}", body) for i in range(ROUNDS)]
            grown = served.rss_bytes() - before
            assert signed_in.upload(f"{path}/over", b"x" * (2 * MB + 128 * 1024)) == 413
            assert signed_in.upload(f"{path}/chunked", chunked(3 * MB)) == 411
    assert statuses == [413] * ROUNDS
    assert grown < MEMORY_SLACK, f"the server grew by {grown / MB:.0f} MB"


def test_a_huge_websocket_message_before_sign_in_costs_no_memory(served: Any) -> None:
    with session(served.url) as probe:
        before = served.rss_bytes()
        outcomes = []
        for _ in range(ROUNDS):
            with connect(
                served.url.replace("http://", "ws://") + "/_stcore/stream",
                subprotocols=["streamlit", probe.xsrf],  # type: ignore[list-item]
                additional_headers={"Cookie": f"_streamlit_xsrf={probe.xsrf}", "Origin": served.url},
                open_timeout=30,
                max_size=None,
            ) as flood:
                flood.send(b"\x00" * PAYLOAD)
                try:
                    flood.recv(timeout=30)
                    outcomes.append("answered")
                except ConnectionClosed:
                    outcomes.append("closed")
        grown = served.rss_bytes() - before
    assert outcomes == ["closed"] * ROUNDS
    assert grown < MEMORY_SLACK, f"the server grew by {grown / MB:.0f} MB"
