"""Articles as read, and what their first lines say (headline, dateline, date, outlet)."""

from __future__ import annotations

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
