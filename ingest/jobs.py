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

from graph.errors import ConfigError, InputError, SaidgraphError, StoreUnavailableError
from graph.store import GraphStore
from ingest.article import RawArticle
from ingest.failures import FailureLog
from ingest.identity import AliasBook
from ingest.metadata import read_meta
from ingest.pipeline import ExtractorLike, IngestSummary, Outcome, run_ingest
from ingest.sources.files import iter_files, read_text_file

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


def list_files(paths: Sequence[Path], *, patterns: Sequence[str], failures: FailureLog) -> list[Path]:
    """Every article file under ``paths``; paths that do not exist are recorded as failures."""
    files: list[Path] = []
    for path in paths:
        try:
            files.extend(iter_files([path], patterns=patterns))
        except InputError as exc:
            failures.record(exc.source or str(path), str(exc), stage="read")
    return files


def _read(files: Sequence[Path]) -> Iterator[RawArticle | InputError]:
    for path in files:
        try:
            yield read_text_file(path)
        except InputError as exc:
            yield exc


def ingest_files(
    files: Sequence[Path],
    *,
    store: GraphStore,
    extractor: ExtractorLike,
    failures: FailureLog,
    aliases: AliasBook | None = None,
    batch_size: int = 16,
    on_item: Callable[[str, Outcome], None] | None = None,
) -> IngestSummary:
    """Ingest the given files into ``store`` (see :func:`ingest.pipeline.run_ingest`)."""
    return run_ingest(
        _read(files),
        store=store,
        extractor=extractor,
        read_meta=read_meta,
        failures=failures,
        on_item=on_item,
        batch_size=batch_size,
        aliases=aliases,
    )


def watch(
    paths: Sequence[Path],
    *,
    every: float,
    open_store: Callable[[], AbstractContextManager[GraphStore]],
    extractor: ExtractorLike,
    failures: FailureLog,
    stop: threading.Event,
    patterns: Sequence[str] = (),
    aliases: AliasBook | None = None,
    on_tick: Callable[[int, IngestSummary], None] | None = None,
) -> int:
    """Ingest ``paths`` now and every ``every`` seconds until ``stop`` is set; returns the tick count.

    The store is opened for each tick only, so other processes can read (and, for the embedded
    store, write) between ticks. A tick that cannot reach the store is logged and retried next tick.
    """
    ticks = 0
    while not stop.is_set():
        ticks += 1
        try:
            files = list_files(paths, patterns=patterns, failures=failures)
            with open_store() as store:
                summary = ingest_files(
                    files, store=store, extractor=extractor, failures=failures, aliases=aliases
                )
            if on_tick is not None:
                on_tick(ticks, summary)
        except StoreUnavailableError as exc:
            log.warning("tick %d: store unavailable, will retry: %s", ticks, exc)
        except SaidgraphError as exc:
            log.error("tick %d failed: %s", ticks, exc)
        stop.wait(every)
    return ticks
