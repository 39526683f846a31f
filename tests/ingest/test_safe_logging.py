"""Log lines that input cannot forge: every control, separator and bidi character is shown escaped."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from ingest.safe_logging import configure_logging, escape_controls


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\nb", "a\\x0ab"),
        ("a\r\nb", "a\\x0d\\x0ab"),
        ("\x00\x07\t\x1b[2J\x7f", "\\x00\\x07\\x09\\x1b[2J\\x7f"),
        ("\x85\x9b31m", "\\x85\\x9b31m"),  # C1: next line, control sequence introducer
        ("a\u2028b\u2029c", "a\\u2028b\\u2029c"),
        ("\u202eexe.txt", "\\u202eexe.txt"),  # right-to-left override
        (
            "\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c",
            "\\u202a\\u202b\\u202c\\u202d\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c",
        ),
        ("Песков сказал: «café» 東京 \u00a0 done", "Песков сказал: «café» 東京 \u00a0 done"),
        ("C:\\path\\x0a", "C:\\path\\x0a"),
    ],
)
def test_escape_controls(raw: str, shown: str) -> None:
    assert escape_controls(raw) == shown


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """The root logger configured as the CLI does, into a buffer; restored afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    stream = io.StringIO()
    configure_logging(logging.INFO, stream=stream)
    yield stream
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def test_a_record_is_one_line_whatever_its_message_and_arguments_hold(captured: io.StringIO) -> None:
    forged = "2026-01-01 00:00:00,000 INFO saidgraph: all good"
    log = logging.getLogger("saidgraph")
    log.info("[%d/%s] %s: %s", 1, "?", f"/in/a.txt\n{forged}", "new")
    log.warning(f"message itself\u2028{forged}")
    lines = captured.getvalue().splitlines()
    assert [line.split(" ", 2)[2] for line in lines] == [
        f"INFO saidgraph: [1/?] /in/a.txt\\x0a{forged}: new",
        f"WARNING saidgraph: message itself\\u2028{forged}",
    ]


def test_a_traceback_keeps_its_lines(captured: io.StringIO) -> None:
    try:
        raise ValueError("bad\nvalue")
    except ValueError:
        logging.getLogger("saidgraph").exception("failed on %s", "x\ny")
    text = captured.getvalue()
    assert "saidgraph: failed on x\\x0ay\nTraceback (most recent call last):\n" in text
