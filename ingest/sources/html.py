"""HTML pages: the main text and metadata through trafilatura; markup and scripts never reach the text."""

from __future__ import annotations

import re
from collections.abc import Mapping

import trafilatura

from graph.errors import InputError
from ingest.article import RawArticle

_LANG = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)


def html_article(
    html: str, *, location: str, url: str | None = None, fallback: Mapping[str, str | None] | None = None
) -> RawArticle:
    """The article an HTML page holds. ``fallback`` metadata (a feed item's) fills what the page lacks.

    Raises :class:`InputError` when the page has no main text.
    """
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise InputError(f"{location}: no article text found in the page", source=location)
    fallback = fallback or {}
    language = _LANG.search(html[:5000])
    return RawArticle(
        text=text,
        location=location,
        title=getattr(document, "title", None) or fallback.get("title"),
        url=url or getattr(document, "url", None) or fallback.get("url"),
        source=getattr(document, "sitename", None) or fallback.get("source"),
        published=getattr(document, "date", None) or fallback.get("published"),
        language=(language.group(1).lower() if language else None) or fallback.get("language"),
        metadata={k: str(v) for k, v in {"author": getattr(document, "author", None)}.items() if v},
    )
