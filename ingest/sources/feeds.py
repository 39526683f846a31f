"""RSS and Atom feeds: fetched with conditional GET, each new item's page fetched and read.

A :class:`FeedState` (ETag, Last-Modified, ids of items already read) is passed in and returned, so a
periodic worker can keep it between runs. Documents that declare XML entities are refused before
parsing: no entity expansion can blow up memory.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import feedparser

from graph.errors import InputError
from ingest.article import RawArticle
from ingest.sources.files import decode_utf8, read_capped
from ingest.sources.html import fetched_article
from ingest.sources.http import Fetched, Fetcher

log = logging.getLogger(__name__)


@dataclass
class FeedState:
    """What a worker remembers of one feed between runs."""

    etag: str | None = None
    modified: str | None = None
    seen: set[str] = field(default_factory=set)

    def request_headers(self) -> dict[str, str]:
        """Conditional-GET headers from the validators of the last fetch."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.modified:
            headers["If-Modified-Since"] = self.modified
        return headers

    def to_json(self) -> dict[str, Any]:
        return {"etag": self.etag, "modified": self.modified, "seen": sorted(self.seen)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FeedState:
        return cls(etag=data.get("etag"), modified=data.get("modified"), seen=set(data.get("seen") or []))


def _published(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC).date().isoformat()


def read_feed(url: str, *, fetcher: Fetcher, state: FeedState) -> Iterator[RawArticle | InputError]:
    """The new items of a feed as articles (updating ``state`` as they are read).

    Raises nothing for one bad item (it is yielded as an :class:`InputError`); an unreachable or
    malformed feed is one :class:`InputError`.
    """
    try:
        fetched = fetcher.get(url, headers=state.request_headers())
    except InputError as exc:
        yield exc
        return
    yield from feed_articles(url, fetched, fetcher=fetcher, state=state)


def looks_like_feed(fetched: Fetched) -> bool:
    """Whether a response is an RSS/Atom document rather than a page."""
    kind = fetched.headers.get("content-type", "").lower()
    head = fetched.body[:512].lstrip().lower()
    return any(t in kind for t in ("rss", "atom", "/xml")) or head.startswith((b"<?xml", b"<rss", b"<feed"))


def feed_articles(
    url: str, fetched: Fetched, *, fetcher: Fetcher, state: FeedState
) -> Iterator[RawArticle | InputError]:
    """The new items of an already fetched feed document."""
    if fetched.status == 304:
        log.info("%s: not modified", url)
        return
    if b"<!ENTITY" in fetched.body[:65536].upper():
        yield InputError(f"{url}: refused: the feed declares XML entities", source=url)
        return
    parsed = feedparser.parse(fetched.body)
    if parsed.bozo:
        # say so once; whatever items could still be read are read
        yield InputError(f"{url}: malformed feed ({parsed.get('bozo_exception')})", source=url)
        if not parsed.entries:
            return
    state.etag = fetched.headers.get("etag") or state.etag
    state.modified = fetched.headers.get("last-modified") or state.modified
    outlet = parsed.feed.get("title")
    for entry in parsed.entries:
        key = entry.get("id") or entry.get("link")
        link = entry.get("link")
        if not key or not link:
            yield InputError(f"{url}: an item has no link", source=url)
            continue
        if key in state.seen:
            continue
        fallback = {
            "title": entry.get("title"),
            "published": _published(entry),
            "source": outlet,
            "url": link,
        }
        try:
            yield fetched_article(fetcher.get(link), location=link, fallback=fallback)
        except InputError as exc:
            yield exc
            continue
        state.seen.add(key)


def read_url_list(path: str, *, fetcher: Fetcher) -> Iterator[RawArticle | InputError]:
    """Articles from a file listing URLs, one per line (``#`` starts a comment)."""
    try:
        lines = decode_utf8(read_capped(Path(path)), name=path).splitlines()
    except InputError as exc:
        yield exc
        return
    for line in lines:
        url = line.split("#", 1)[0].strip()
        if not url:
            continue
        try:
            yield fetched_article(fetcher.get(url), location=url)
        except InputError as exc:
            yield exc
