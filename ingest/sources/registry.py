"""Turn what the user names on the command line into articles.

- a folder: searched recursively for ``*.txt``, ``*.md`` (text, optional YAML front matter),
  ``*.html``/``*.htm`` (pages), ``*.jsonl`` (exports) and ``*.urls`` (lists of URLs), or only files
  matching ``--glob`` patterns; hidden files are skipped;
- a file: read by its suffix as above;
- an ``http(s)://`` URL: fetched; an RSS/Atom document is read as a feed (new items only, their pages
  fetched), anything else as an article page.

Every item that cannot be read is yielded as an :class:`InputError`; the rest goes on.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path

from graph.errors import InputError
from ingest.article import RawArticle
from ingest.sources.feeds import FeedState, feed_articles, looks_like_feed, read_url_list
from ingest.sources.files import decode_utf8, iter_files, read_capped, read_text_file
from ingest.sources.html import fetched_article, html_article
from ingest.sources.http import Fetcher
from ingest.sources.jsonl import read_jsonl

log = logging.getLogger(__name__)

SOURCE_GLOBS = ("*.txt", "*.md", "*.html", "*.htm", "*.jsonl", "*.urls")


def is_url(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


class FeedStates:
    """Feed validators and seen items, kept in a JSON file between runs."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.states: dict[str, FeedState] = {}
        if path is not None and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self.states = {url: FeedState.from_json(state) for url, state in data.items()}
            except (OSError, ValueError, AttributeError) as exc:
                log.warning("%s: unreadable feed state, starting afresh (%s)", path, exc)

    def get(self, url: str) -> FeedState:
        return self.states.setdefault(url, FeedState())

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_suffix(".tmp")
        temp.write_text(
            json.dumps({u: s.to_json() for u, s in self.states.items()}, indent=1), encoding="utf-8"
        )
        temp.replace(self.path)


def read_file(path: Path, *, fetcher: Fetcher) -> Iterator[RawArticle | InputError]:
    """One file, read by its suffix."""
    suffix = path.suffix.lower()
    try:
        if suffix in {".html", ".htm"}:
            yield html_article(decode_utf8(read_capped(path), name=str(path)), location=str(path))
        elif suffix == ".jsonl":
            yield from read_jsonl(path)
        elif suffix == ".urls":
            yield from read_url_list(str(path), fetcher=fetcher)
        else:
            yield read_text_file(path)
    except InputError as exc:
        yield exc


def read_url(url: str, *, fetcher: Fetcher, feeds: FeedStates) -> Iterator[RawArticle | InputError]:
    """A page or a feed at ``url``."""
    state = feeds.get(url)
    try:
        fetched = fetcher.get(url, headers=state.request_headers())
    except InputError as exc:
        yield exc
        return
    if fetched.status == 304 or looks_like_feed(fetched):
        yield from feed_articles(url, fetched, fetcher=fetcher, state=state)
        return
    try:
        yield fetched_article(fetched, location=url)
    except InputError as exc:
        yield exc


def read_sources(
    specs: Sequence[str], *, fetcher: Fetcher, feeds: FeedStates, patterns: Sequence[str] = ()
) -> Iterator[RawArticle | InputError]:
    """Every article the specs name, in order; whatever stops one file or URL is one
    :class:`InputError` naming it, and the sources after it are still read."""
    for spec in specs:
        if is_url(spec):
            yield from _guarded(spec, read_url(spec, fetcher=fetcher, feeds=feeds))
            continue
        try:
            files = list(iter_files([Path(spec)], patterns=patterns or SOURCE_GLOBS))
        except InputError as exc:
            yield exc
            continue
        for path in files:
            yield from _guarded(str(path), read_file(path, fetcher=fetcher))


def _guarded(name: str, items: Iterator[RawArticle | InputError]) -> Iterator[RawArticle | InputError]:
    """``items``, with an unexpected error that stops them turned into one :class:`InputError`."""
    try:
        yield from items
    except Exception as exc:  # a reader's bug on one item never stops the sources after it
        log.debug("%s: unexpected %s while reading", name, exc.__class__.__name__, exc_info=True)
        yield InputError(f"{name}: cannot read ({exc.__class__.__name__}: {exc})", source=name)
