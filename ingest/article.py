"""Articles as read, and what their first lines say (headline, dateline, date, outlet)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawArticle:
    """One article exactly as read from its source.

    ``text`` is the text as read (decoded, never cleaned): every offset saidgraph stores points into it.
    ``location`` is the path or URL it came from. The optional fields are metadata given by the source
    (HTML meta, a JSON Lines record, a feed item); ``published`` is ISO ``YYYY-MM-DD`` or ``--MM-DD``.
    """

    text: str
    location: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    language: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)
    body_offset: int = 0
    """Where the article proper starts in ``text`` (after a front-matter block); extraction reads
    ``text[body_offset:]`` and every offset it reports still indexes ``text``."""
    warnings: tuple[str, ...] = ()
    """What the reader had to work around to read the article (a page's charset that was unknown or
    wrong, so its text was decoded by detection)."""


_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’-]{1,40}?)(?:\s*\([^)]{1,40}\))?\s*,\s*"
    r"(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)\.?\s*"
    r"(?:/\s*(?P<outlet>[A-Za-z][\w .-]{0,30}?)\s*/\.?)?\s*(?:[-—–]\s*)?",
)
SITE_DEBRIS = frozenset({"all news", "news", "home", "menu", "share", "print", "latest news", "top stories"})


@dataclass(frozen=True)
class ArticleInfo:
    """What an article's first lines say: headline, standfirst, dateline, and the resulting metadata.

    Offsets index the raw text. ``published`` is the source's date when given, else the dateline's.
    """

    headline: str | None = None
    headline_start: int | None = None
    standfirst: str | None = None
    dateline_place: str | None = None
    dateline_date: str | None = None
    outlet: str | None = None
    published: str | None = None
    body_start: int = 0


def _lines(text: str, start: int) -> list[tuple[int, str]]:
    found = []
    position = start
    for line in text[start:].splitlines(keepends=True):
        if line.strip():
            found.append((position + len(line) - len(line.lstrip()), line.strip()))
        position += len(line)
    return found


def parse_article(raw: RawArticle) -> ArticleInfo:
    """Read the headline, standfirst and dateline ("MOSCOW, February 1. /TASS/.") of an article."""
    from ingest.dates import parse_date

    lines = _lines(raw.text, raw.body_offset)[:6]
    if lines and lines[0][1].lower() in SITE_DEBRIS:
        lines = lines[1:]
    headline = standfirst = place = date = outlet = None
    headline_start = None
    body_start = raw.body_offset
    for index, (position, line) in enumerate(lines):
        match = _DATELINE.match(line)
        if match:
            place = match.group("place").strip().title()
            date = parse_date(match.group("date"), anchor=raw.published)
            outlet = match.group("outlet")
            body_start = position
            if index >= 1:
                headline, headline_start = lines[0][1], lines[0][0]
            if index >= 2:
                standfirst = lines[1][1]
            break
    else:
        if len(lines) >= 2 and not lines[0][1].endswith((".", "?", "!", '"', "”")):
            headline, headline_start = lines[0][1], lines[0][0]
    return ArticleInfo(
        headline=raw.title or headline,
        headline_start=headline_start,
        standfirst=standfirst,
        dateline_place=place,
        dateline_date=date,
        outlet=raw.source or outlet,
        published=raw.published or date,
        body_start=body_start,
    )
