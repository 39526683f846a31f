"""Decode fetched pages: by their declared charset, else by detection; never an error.

A page's charset comes from its ``Content-Type`` header, else from a ``<meta>`` tag near its start.
When it names no known text encoding, or the body is not valid in it, the body is decoded by the
charset ``charset_normalizer`` detects (UTF-8 when it finds none), undecodable bytes replaced, and a
warning says so.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)
_SNIFF_BYTES = 2048


def declared_in_page(body: bytes) -> str | None:
    """The charset a ``<meta charset>`` or ``<meta http-equiv="Content-Type">`` tag declares, if any."""
    match = _META_CHARSET.search(body[:_SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


def _text_codec(name: str) -> str | None:
    """The codec's name when ``name`` is a text encoding Python knows (not ``base64``, ``rot13``...)."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    return info.name if getattr(info, "_is_text_encoding", True) else None


def decode_page(body: bytes, declared: str | None) -> tuple[str, str | None]:
    """The page's text and, when its charset was unknown or wrong, a warning saying how it was decoded."""
    name = declared or declared_in_page(body)
    if name is None:
        problem = "no charset declared and not UTF-8"
        codec: str | None = "utf-8-sig"
    else:
        codec = _text_codec(name)
        problem = f"unknown charset {name!r}" if codec is None else f"not valid {name}"
    if codec is not None:
        try:
            return body.decode("utf-8-sig" if codec == "utf-8" else codec), None
        except (UnicodeError, ValueError, LookupError):
            pass
    best = charset_normalizer.from_bytes(body).best()
    fallback = _text_codec(best.encoding) if best is not None else None
    fallback = fallback or "utf-8"
    return body.decode(fallback, errors="replace"), f"{problem}; decoded as {fallback}"
