"""Ingest jobs: one run over files and folders, and the periodic worker that repeats it.

State between runs lives in the graph itself (each article's fingerprint), so a worker that restarts
picks up where it stopped: unchanged articles are skipped, failed ones are tried again.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from graph.errors import ConfigError, InputError, StoreUnavailableError
from graph.store import GraphStore
from graph.wording import counted
from ingest.article import RawArticle
from ingest.failures import FailureLog
from ingest.identity import AliasBook, apply_aliases
from ingest.metadata import read_meta
from ingest.pipeline import ExtractorLike, IngestSummary, Outcome, describe, guard_source, run_ingest
from ingest.sources.files import iter_files
from ingest.sources.http import Fetcher
from ingest.sources.registry import SOURCE_GLOBS, FeedStates, is_url, read_file, read_url

log = logging.getLogger(__name__)

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr)?\s*$", re.IGNORECASE)
_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600}


def parse_every(text: str) -> float:
    """Seconds in "15m", "30s", "2h" or a bare number of seconds; raises :class:`ConfigError`."""
    match = _DURATION.match(text)
    if not match:
        raise ConfigError(f"--every {text!r}: give a duration such as 30s, 15m or 2h")
    seconds = float(match.group(1)) * _UNITS[(match.group(2) or "s").lower()]
    if seconds <= 0:
        raise ConfigError(f"--every {text!r}: the interval must be positive")
    return seconds


def count_files(specs: Sequence[str], *, patterns: Sequence[str] = ()) -> int | None:
    """How many local files the specs name (for a progress bar); ``None`` when URLs are among them."""
    if any(is_url(spec) for spec in specs):
        return None
    total = 0
    for spec in specs:
        try:
            total += sum(1 for _ in iter_files([Path(spec)], patterns=patterns or SOURCE_GLOBS))
        except InputError:
            continue
    return total


def read_guarded(
    specs: Sequence[str], *, fetcher: Fetcher, feeds: FeedStates, patterns: Sequence[str] = ()
) -> Iterator[RawArticle | InputError]:
    """Every article the specs name, in order (as :func:`ingest.sources.registry.read_sources`), each
    folder listing, file, page and feed read under :func:`ingest.pipeline.guard_source`: a reader
    that breaks ends its own source with one failure, and the next source is read."""
    for spec in specs:
        if is_url(spec):
            yield from guard_source(spec, read_url(spec, fetcher=fetcher, feeds=feeds))
            continue
        for path in guard_source(spec, iter_files([Path(spec)], patterns=patterns or SOURCE_GLOBS)):
            if isinstance(path, InputError):
                yield path
            else:
                yield from guard_source(str(path), read_file(path, fetcher=fetcher))


def ingest_sources(
    specs: Sequence[str],
    *,
    store: GraphStore,
    extractor: ExtractorLike,
    failures: FailureLog,
    fetcher: Fetcher,
    feeds: FeedStates,
    patterns: Sequence[str] = (),
    aliases: AliasBook | None = None,
    batch_size: int = 16,
    workers: int = 1,
    streaming: bool = False,
    on_item: Callable[[str, Outcome], None] | None = None,
    summary: IngestSummary | None = None,
    again: bool = False,
) -> IngestSummary:
    """Ingest files, folders, pages and feeds into ``store`` (see :func:`ingest.pipeline.run_ingest`).

    Feed validators and seen items are saved to ``feeds`` after the run. ``aliases`` are applied to the
    officials already in the graph first, then to every new article.
    """
    if aliases is not None:
        merged = apply_aliases(store, aliases)
        if merged:
            log.info("aliases file merged %s", counted(merged, "existing official"))
    try:
        return run_ingest(
            read_guarded(specs, fetcher=fetcher, feeds=feeds, patterns=patterns),
            store=store,
            extractor=extractor,
            read_meta=read_meta,
            failures=failures,
            on_item=on_item,
            batch_size=batch_size,
            aliases=aliases,
            workers=workers,
            streaming=streaming,
            summary=summary,
            again=again,
        )
    finally:
        feeds.save()


def watch(
    specs: Sequence[str],
    *,
    every: float,
    open_store: Callable[[], AbstractContextManager[GraphStore]],
    extractor: ExtractorLike,
    failures: FailureLog,
    fetcher: Fetcher,
    feeds: FeedStates,
    stop: threading.Event,
    patterns: Sequence[str] = (),
    aliases: AliasBook | None = None,
    on_tick: Callable[[int, IngestSummary], None] | None = None,
    on_error: Callable[[int, Exception], None] | None = None,
) -> int:
    """Ingest ``specs`` now and every ``every`` seconds until ``stop`` is set; returns the tick count.

    The store is opened for each tick only, so other processes can read (and, for the embedded
    store, write) between ticks. ``on_tick`` is given each tick's summary. A tick that fails, for
    whatever reason (the store unreachable, a full disk, a bug), is logged and given to ``on_error``,
    and the next tick runs as usual: only ``stop`` (or an interrupt) ends the worker.
    """
    ticks = 0
    while not stop.is_set():
        ticks += 1
        failures.forget()
        try:
            with open_store() as store:
                summary = ingest_sources(
                    specs, store=store, extractor=extractor, failures=failures, fetcher=fetcher, feeds=feeds,
                    patterns=patterns, aliases=aliases,
                )  # fmt: skip
            if on_tick is not None:
                on_tick(ticks, summary)
        except StoreUnavailableError as exc:
            log.warning("tick %d: store unavailable, will retry: %s", ticks, exc)
            if on_error is not None:
                on_error(ticks, exc)
        except Exception as exc:  # one bad tick must not end the worker
            log.error("tick %d failed: %s", ticks, describe(exc), exc_info=log.isEnabledFor(logging.DEBUG))
            if on_error is not None:
                on_error(ticks, exc)
        stop.wait(every)
    return ticks
