"""JSON Lines exports: one article per line, ``{"text", "title", "url", "published", "source", ...}``.

Lines are read one at a time and never more than the cap of a text file (2 MB) is held: a longer line
is skipped and reported, and so is a line that is not UTF-8 or not a JSON object with a text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from graph.errors import InputError
from ingest.article import RawArticle
from ingest.sources.files import MAX_FILE_BYTES, open_regular

KNOWN = ("text", "title", "url", "published", "source", "language")
_SKIP_CHUNK = 1024 * 1024


def _lines(handle: BinaryIO, cap: int) -> Iterator[bytes | None]:
    """Each line's bytes (without its end of line), or ``None`` for a line over ``cap`` bytes, whose
    rest is skipped in bounded chunks."""
    while line := handle.readline(cap + 1):
        if line.endswith(b"\n") or len(line) <= cap:
            yield line.rstrip(b"\r\n")
            continue
        while (rest := handle.readline(_SKIP_CHUNK)) and not rest.endswith(b"\n"):
            pass
        yield None


def read_jsonl(path: Path, *, max_line_bytes: int = MAX_FILE_BYTES) -> Iterator[RawArticle | InputError]:
    """Every article of an export; a bad line is an :class:`InputError` naming file and line.

    Unknown fields are kept as metadata. ``location`` is ``PATH#LINE`` so an analyst can find the
    record; the article's identity is its URL when it has one.
    """
    try:
        with open_regular(path) as handle:
            for number, line in enumerate(_lines(handle, max_line_bytes), start=1):
                item = _read_line(line, location=f"{path}#L{number}", first=number == 1, cap=max_line_bytes)
                if item is not None:
                    yield item
    except InputError as exc:
        yield exc


def _read_line(line: bytes | None, *, location: str, first: bool, cap: int) -> RawArticle | InputError | None:
    """The article of one line, the error that stops it, or ``None`` for a blank line."""
    if line is None:
        return InputError(
            f"{location}: line too long (more than {cap / 2**20:g} MB), skipped", source=location
        )
    try:
        text = line.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as exc:
        return InputError(
            f"{location}: not UTF-8 text (byte 0x{line[exc.start]:02x} at offset {exc.start} of the line)",
            source=location,
        )
    if not text.strip():
        return None
    try:
        record: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        return InputError(f"{location}: not valid JSON ({exc.msg})", source=location)
    except (ValueError, RecursionError) as exc:  # an integer of over 4,300 digits, nesting too deep
        return InputError(f"{location}: not valid JSON ({exc.__class__.__name__})", source=location)
    return _article(record, location=location)


def _article(record: Any, *, location: str) -> RawArticle | InputError:
    if not isinstance(record, dict):
        return InputError(f"{location}: a line must be a JSON object", source=location)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputError(f"{location}: no text", source=location)
    wrong = [k for k in KNOWN[1:] if record.get(k) is not None and not isinstance(record[k], str)]
    if wrong:
        return InputError(f"{location}: {', '.join(wrong)} must be text", source=location)
    return RawArticle(
        text=text,
        location=location,
        title=record.get("title"),
        url=record.get("url"),
        source=record.get("source"),
        published=record.get("published"),
        language=record.get("language"),
        metadata={
            k: json.dumps(v) if not isinstance(v, str) else v for k, v in record.items() if k not in KNOWN
        },
    )
