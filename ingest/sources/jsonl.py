"""JSON Lines exports: one article per line, ``{"text", "title", "url", "published", "source", ...}``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from graph.errors import InputError
from ingest.article import RawArticle

KNOWN = ("text", "title", "url", "published", "source", "language")


def read_jsonl(path: Path) -> Iterator[RawArticle | InputError]:
    """Every article of an export; a bad line is an :class:`InputError` naming file and line.

    Unknown fields are kept as metadata. ``location`` is ``PATH#LINE`` so an analyst can find the
    record; the article's identity is its URL when it has one.
    """
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        yield InputError(f"{path}: cannot read file ({exc.strerror})", source=str(path))
        return
    with handle:
        for number, line in enumerate(handle, start=1):
            location = f"{path}#L{number}"
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield InputError(f"{location}: not valid JSON ({exc.msg})", source=location)
                continue
            if not isinstance(record, dict):
                yield InputError(f"{location}: a line must be a JSON object", source=location)
                continue
            text = record.get("text")
            if not isinstance(text, str) or not text.strip():
                yield InputError(f"{location}: no text", source=location)
                continue
            wrong = [k for k in KNOWN[1:] if record.get(k) is not None and not isinstance(record[k], str)]
            if wrong:
                yield InputError(f"{location}: {', '.join(wrong)} must be text", source=location)
                continue
            yield RawArticle(
                text=text,
                location=location,
                title=record.get("title"),
                url=record.get("url"),
                source=record.get("source"),
                published=record.get("published"),
                language=record.get("language"),
                metadata={
                    k: json.dumps(v) if not isinstance(v, str) else v
                    for k, v in record.items()
                    if k not in KNOWN
                },
            )
