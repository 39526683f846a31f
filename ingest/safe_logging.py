"""Log and console lines that input cannot forge: control characters in names are shown escaped.

A file called ``a.txt\\n2024-01-01 INFO saidgraph: all good`` (or one holding a terminal escape, a
Unicode line separator or a right-to-left override) would otherwise print a line of its own, or
rewrite what the operator sees. Every log record's message, arguments included, is escaped the way
Python writes such characters in a string literal; printable text, accents and other scripts stay as
they are.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import TextIO

# C0 controls and DEL, C1 controls, the Unicode line and paragraph separators, and the bidirectional
# marks, embeddings, overrides and isolates (which reorder what the terminal shows).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """``text`` with every control, line-separator and bidi-control character written as an escape
    (``\\n``, ``\\x1b`` and ``\\u2028`` become ``\\x0a``, ``\\x1b`` and ``\\u2028`` as text)."""
    return _CONTROLS.sub(_escape, text)


class EscapingFormatter(logging.Formatter):
    """A formatter whose message (with its arguments filled in) is one line of inert text.

    A traceback appended after it keeps its own line breaks.
    """

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = escape_controls(record.message)
        return super().formatMessage(record)


def configure_logging(level: int, *, stream: TextIO | None = None) -> logging.Handler:
    """Send log records at ``level`` and above to ``stream`` (stderr) through an
    :class:`EscapingFormatter`, replacing the root logger's handlers; returns the handler."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(EscapingFormatter(_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    return handler
