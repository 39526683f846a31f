"""HTML pages: the main text and metadata through trafilatura; markup and scripts never reach the text."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

import trafilatura

from graph.errors import InputError
from ingest.article import RawArticle
from ingest.sources.files import MAX_FILE_BYTES
from ingest.sources.http import Fetched

log = logging.getLogger(__name__)

_LANG = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)


def html_article(
    html: str,
    *,
    location: str,
    url: str | None = None,
    fallback: Mapping[str, str | None] | None = None,
    warnings: tuple[str, ...] = (),
) -> RawArticle:
    """The article an HTML page holds. ``fallback`` metadata (a feed item's) fills what the page lacks.

    Raises :class:`InputError` when the page has no main text or cannot be parsed.
    """
    try:
        document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except Exception as exc:  # a parser failure on one page is that page's error, whatever its class
        raise InputError(
            f"{location}: cannot read the page ({exc.__class__.__name__}: {exc})", source=location
        ) from exc
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
        warnings=warnings,
    )


def fetched_article(
    fetched: Fetched, *, location: str, fallback: Mapping[str, str | None] | None = None
) -> RawArticle:
    """The article of a fetched page, decoded by its charset; an unknown or wrong charset is decoded by
    detection, logged and kept in the article's ``warnings``, never an error.

    A page over the article cap (2 MB, as for files) is refused: extraction takes about ten seconds a
    megabyte, so the fetch cap (10 MB, which feeds need) would let one page hold a run for minutes.
    """
    if len(fetched.body) > MAX_FILE_BYTES:
        raise InputError(
            f"{location}: too large for an article ({len(fetched.body) / 2**20:.1f} MB > "
            f"{MAX_FILE_BYTES / 2**20:.0f} MB)",
            source=location,
        )
    html, warning = fetched.decoded()
    if warning:
        log.warning("%s: %s", location, warning)
    warnings = (f"charset: {warning}",) if warning else ()
    return html_article(html, location=location, url=fetched.url, fallback=fallback, warnings=warnings)
