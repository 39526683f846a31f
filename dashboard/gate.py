"""The upload gate: Streamlit takes uploads only from sessions that signed in, and only up to the cap.

Streamlit receives a file at ``PUT /_stcore/upload_file/<session>/<file>`` before any page code runs,
from any session that has an open WebSocket: it checks neither a sign-in nor that a file uploader
exists. :class:`UploadGate` is ASGI middleware in front of Streamlit (``dashboard/server.py`` installs
it) that answers such a request itself, before reading its body, unless the session is in
:class:`SignedIn` and the request declares a ``Content-Length`` within
:data:`ingest.uploads.MAX_UPLOAD_BYTES` plus the multipart framing (the HTTP server never reads past
the declared length).
"""

from __future__ import annotations

import functools
import re
import threading
from collections import OrderedDict
from typing import Any

from ingest.uploads import MAX_UPLOAD_BYTES

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Any
Send = Any
ASGIApp = Any

UPLOAD_PATH = re.compile(r"/_stcore/upload_file(?:/(?P<session>[^/]*)(?:/.*)?)?$")
"""Streamlit's upload route (after any base path), and anything below it."""
FRAMING_BYTES = 64 * 1024
"""Room for the multipart headers around one file of the largest accepted size."""
MAX_SESSIONS = 10_000
"""Signed-in sessions remembered at once; the oldest sign-in is forgotten first."""


class SignedIn:
    """The Streamlit sessions that gave the dashboard password (thread-safe).

    Pages add a session when it signs in; the gate asks before taking an upload. ``guarded`` says the
    gate runs in front of this server (so the Ingest page may offer uploads).
    """

    def __init__(self, *, limit: int = MAX_SESSIONS) -> None:
        self._sessions: OrderedDict[str, None] = OrderedDict()
        self._limit = limit
        self._lock = threading.Lock()
        self.guarded = False

    def add(self, session_id: str) -> None:
        with self._lock:
            self._sessions[session_id] = None
            self._sessions.move_to_end(session_id)
            while len(self._sessions) > self._limit:
                self._sessions.popitem(last=False)

    def __contains__(self, session_id: object) -> bool:
        with self._lock:
            return session_id in self._sessions


@functools.cache
def signed_in_sessions() -> SignedIn:
    """The one registry of this server process, shared by the pages and the gate.

    Not ``st.cache_resource``: clearing Streamlit's caches (the menu's "Clear cache") must not forget
    who signed in, nor that the gate is installed.
    """
    return SignedIn()


class UploadGate:
    """ASGI middleware: refuse uploads from sessions that did not sign in; cap the rest in size."""

    def __init__(self, app: ASGIApp, *, sessions: SignedIn | None = None, max_bytes: int = MAX_UPLOAD_BYTES):
        self.app = app
        self.sessions = sessions if sessions is not None else signed_in_sessions()
        self.max_body = max_bytes + FRAMING_BYTES
        self.sessions.guarded = True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        match = UPLOAD_PATH.search(str(scope.get("path", "")))
        if match is None or scope.get("method") == "OPTIONS":
            await self.app(scope, receive, send)
            return
        if match["session"] is None or match["session"] not in self.sessions:
            await _answer(send, 403, "Sign in before uploading.")
            return
        declared = _content_length(scope)
        if scope.get("method") == "PUT" and (declared is None or declared > self.max_body):
            await _answer(send, 411 if declared is None else 413, "Uploads are limited in size.")
            return
        await self.app(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None


async def _answer(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode("ascii")),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
