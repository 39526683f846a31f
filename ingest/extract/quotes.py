"""Find quoted passages in any quote-mark style, tolerating unbalanced marks.

Double quotes (straight, curly, guillemets, low-high, and the doubled apostrophes '' of some
newspapers' archives) delimit speech; a quote left open at the end of a
paragraph whose next paragraph reopens it continues there (newswire multi-paragraph quotes), else it
ends at the paragraph. Single curly quotes count only when they open after a space and close before
one, so apostrophes ("Let’s", "can’t") never open a quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = {"“": "”", "«": "»", "„": "“", '"': '"', "‹": "›"}
CLOSERS = frozenset({"”", "»", '"', "“", "›"})
MAX_QUOTE = 5000
DOUBLED = "''"
FILLER = "\u2060"  # word joiner: neither a mark nor a space, so it opens and closes nothing

_SINGLE = re.compile(
    r"(?:(?<=^)|(?<=[\s(\[—–-]))[‘'](?=\S)(.+?)(?<=\S)[’'](?=[\s.,;:!?)\]—–-]|$)", re.MULTILINE
)


@dataclass(frozen=True)
class Quote:
    """A quoted passage: ``start``/``end`` include the marks, ``inner_start``/``inner_end`` do not."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool = True


def find_quotes(text: str) -> list[Quote]:
    """Every double-quoted passage in ``text``, in order; linear in the text's length."""
    if DOUBLED not in text:
        return _find_quotes(text)
    # '' reads as one straight double quote; the filler keeps every offset of the text
    quotes = _find_quotes(text.replace(DOUBLED, '"' + FILLER))
    widened = [_widened(text, quote) for quote in quotes]
    return [q for q in widened if q.inner_end > q.inner_start]


def _widened(text: str, quote: Quote) -> Quote:
    """A quote found in the '' -> '"' copy, with its marks widened back to two characters."""
    inner_start, end = quote.inner_start, quote.end
    if text.startswith(DOUBLED, quote.start):
        inner_start += 1
    if quote.closed and text.startswith(DOUBLED, quote.inner_end):
        end += 1
    return Quote(quote.start, end, inner_start, quote.inner_end, quote.closed)


def _find_quotes(text: str) -> list[Quote]:
    quotes: list[Quote] = []
    open_at: int | None = None
    expected = ""
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        if open_at is None:
            if char in OPENERS:
                open_at, expected = i, OPENERS[char]
        elif char == expected or (char in CLOSERS and char != "“" and expected != '"'):
            quotes.append(Quote(open_at, i + 1, open_at + 1, i))
            open_at = None
        elif (char == "\n" and text.startswith("\n", i + 1)) or (
            char == "\n" and i + 1 < n and text[i + 1] in OPENERS
        ):
            # a paragraph ends inside a quote: it ends here (a reopened next paragraph starts a new one)
            end = i
            while end > open_at + 1 and text[end - 1].isspace():
                end -= 1
            quotes.append(Quote(open_at, end, open_at + 1, end, closed=False))
            open_at = None
        elif i - open_at > MAX_QUOTE:
            open_at = None
        i += 1
    if open_at is not None:
        end = len(text.rstrip())
        if end > open_at + 1:
            quotes.append(Quote(open_at, end, open_at + 1, end, closed=False))
    return [q for q in quotes if q.inner_end > q.inner_start]


def find_single_quotes(text: str) -> list[Quote]:
    """Single-quoted phrases (‘...’), as used in headlines; never apostrophes."""
    return [
        Quote(m.start(), m.end(), m.start(1), m.end(1))
        for m in _SINGLE.finditer(text)
        if m.end() - m.start() <= 300
    ]


def quote_at(quotes: list[Quote], start: int, end: int) -> Quote | None:
    """The quote containing most of ``[start, end)``, if any contains at least half of it."""
    best, best_overlap = None, 0
    for quote in quotes:
        overlap = min(end, quote.end) - max(start, quote.start)
        if overlap > best_overlap:
            best, best_overlap = quote, overlap
    if best is not None and 2 * best_overlap >= max(1, end - start):
        return best
    return None
