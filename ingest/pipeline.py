"""One ingest run: read articles, skip unchanged ones, extract in batches, write each in isolation.

Every item is processed on its own: an unreadable file, an extraction crash or a store error on one
article is recorded in the failures report and the run goes on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Literal, Protocol, TypeVar

from graph.errors import ExtractionError, InputError, SaidgraphError, StoreUnavailableError
from graph.model import ArticleGraph
from graph.store import GraphStore
from ingest.article import RawArticle
from ingest.extract.result import Extraction
from ingest.failures import FailureLog
from ingest.graph_builder import ArticleMeta, article_fingerprint, article_node_id, build_article_graph
from ingest.identity import AliasBook, Identity
from ingest.language import is_english, language_of

log = logging.getLogger(__name__)

Outcome = Literal["new", "updated", "unchanged", "skipped", "failed"]
T = TypeVar("T")


class ExtractorLike(Protocol):
    """What the pipeline needs of an extractor (``ingest.extract.extractor.Extractor``)."""

    version: str

    def extract(self, article: RawArticle) -> Extraction: ...

    def extract_many(
        self, articles: Iterable[RawArticle], *, batch_size: int = 32, n_process: int = 1
    ) -> Iterator[tuple[RawArticle, Extraction]]: ...


MetaReader = Callable[[RawArticle], ArticleMeta]


@dataclass
class IngestSummary:
    """What a run did, for the closing summary and the exit code."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    statements: int = 0
    officials: set[str] = field(default_factory=set)
    events: set[str] = field(default_factory=set)

    def count(self, outcome: Outcome) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    @property
    def total(self) -> int:
        return self.new + self.updated + self.unchanged + self.skipped + self.failed


def extract_article(raw: RawArticle, extractor: ExtractorLike) -> Extraction:
    """Extract one article; offsets index ``raw.text`` even when the body starts after front matter.

    Raises :class:`ExtractionError` naming the article if the extractor fails.
    """
    try:
        return extractor.extract(raw)
    except SaidgraphError:
        raise
    except Exception as exc:
        raise ExtractionError(f"extraction failed: {exc.__class__.__name__}: {exc}") from exc


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def run_ingest(
    items: Iterable[RawArticle | InputError],
    *,
    store: GraphStore,
    extractor: ExtractorLike,
    read_meta: MetaReader,
    failures: FailureLog,
    on_item: Callable[[str, Outcome], None] | None = None,
    batch_size: int = 16,
    aliases: AliasBook | None = None,
    retry_delays: Sequence[float] = (1.0, 2.0, 4.0, 8.0, 15.0),
    workers: int = 1,
    streaming: bool = False,
) -> IngestSummary:
    """Ingest ``items`` into ``store`` and return the run's summary.

    ``items`` are articles or the errors met reading them (recorded as failures). Articles whose
    fingerprint matches the stored one are counted unchanged and not re-extracted. ``on_item`` is told
    each item's outcome as it is known (for progress bars). People are matched to the officials the
    store already holds (:mod:`ingest.identity`), with ``aliases`` first. While the store is
    unreachable each write is retried after ``retry_delays`` seconds; if it stays down the run stops
    with :class:`StoreUnavailableError` (what was written stays, the rest is picked up next run).
    ``workers`` > 1 parses and extracts in that many processes (spaCy's ``n_process``); with
    ``streaming`` (a cluster extractor) the whole stream goes to ``extract_many`` at once, so the
    extractor keeps several batches in flight, and results are written ``batch_size`` at a time.
    """
    summary = IngestSummary()
    identity = Identity(store=store, aliases=aliases)

    def done(location: str, outcome: Outcome) -> None:
        summary.count(outcome)
        if on_item is not None:
            on_item(location, outcome)

    def pending() -> Iterator[RawArticle]:
        for item in items:
            if isinstance(item, InputError):
                failures.record(_source_of(item), str(item), stage="read")
                done(_source_of(item), "failed")
                continue
            fingerprint = article_fingerprint(item, extractor_version=extractor.version)
            stored = _with_retries(
                lambda: store.article_fingerprint(article_node_id(item)),  # noqa: B023 - called at once
                delays=retry_delays,
                what=f"checking {item.location}",
            )
            if stored == fingerprint:
                identity.refresh()  # another run may be writing: ask the store afresh
                done(item.location, "unchanged")
                continue
            if not is_english(item):
                _record_skipped(item, store=store, extractor=extractor, read_meta=read_meta)
                done(item.location, "skipped")
                continue
            yield item

    writer = _BatchWriter(
        identity=identity,
        store=store,
        read_meta=read_meta,
        failures=failures,
        done=done,
        summary=summary,
        retry_delays=retry_delays,
    )

    stream = pending()
    if workers > 1 or streaming:
        # one nlp.pipe (or cluster job) over the whole stream: workers start once, not per batch
        try:
            extracted = extractor.extract_many(stream, batch_size=batch_size, n_process=workers)
            for chunk in _batched(extracted, batch_size):
                with store.batch():
                    writer.write(chunk)
            return summary
        except SaidgraphError:
            raise
        except Exception:  # a crash in a worker process: finish the rest in this process
            log.warning("parallel extraction failed; going on in one process", exc_info=True)
    for batch in _batched(stream, batch_size):
        # the batch is made durable together: an interrupted batch is simply ingested again next run
        with store.batch():
            writer.write(list(_extract_batch(batch, extractor, failures, done, batch_size=batch_size)))
    return summary


def _extract_batch(
    batch: Sequence[RawArticle],
    extractor: ExtractorLike,
    failures: FailureLog,
    done: Callable[[str, Outcome], None],
    *,
    batch_size: int,
) -> Iterator[tuple[RawArticle, Extraction]]:
    try:
        yield from list(extractor.extract_many(batch, batch_size=batch_size))
        return
    except Exception:  # one bad article must not sink the batch: retried one by one
        log.debug("batch extraction failed; extracting one article at a time", exc_info=True)
    for raw in batch:
        try:
            yield raw, extractor.extract(raw)
        except Exception as exc:  # isolate the article, report its cause
            failures.record(
                raw.location, f"extraction failed: {exc.__class__.__name__}: {exc}", stage="extract"
            )
            done(raw.location, "failed")


def _record_skipped(
    raw: RawArticle, *, store: GraphStore, extractor: ExtractorLike, read_meta: MetaReader
) -> None:
    """Keep a non-English article as an Article node with its language and no statements."""
    language = language_of(raw)
    log.info("%s: skipped: language %s, only English is extracted", raw.location, language)
    empty = Extraction(extractor_version=extractor.version)
    graph = build_article_graph(raw, empty, read_meta(raw))
    store.write_article(replace(graph, article=replace(graph.article, language=language)))


def _with_retries(action: Callable[[], T], *, delays: Sequence[float], what: str) -> T:
    """Run ``action``; while the store is unreachable, wait and try again (then give up, raising)."""
    for attempt, delay in enumerate([*delays, None], start=1):
        try:
            return action()
        except StoreUnavailableError as exc:
            if delay is None:
                raise
            log.warning(
                "%s: %s; retrying in %.0f s (attempt %d of %d)", what, exc, delay, attempt, len(delays)
            )
            time.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


class _BatchWriter:
    """Builds the graphs of a batch of extracted articles and writes them with one store call.

    Reads (is the article stored? was its file read before?) are retried while the store is down;
    so is the write. If the batch write fails for another reason, its articles are written one by one
    so only the article at fault is reported.
    """

    def __init__(
        self,
        *,
        identity: Identity,
        store: GraphStore,
        read_meta: MetaReader,
        failures: FailureLog,
        done: Callable[[str, Outcome], None],
        summary: IngestSummary,
        retry_delays: Sequence[float],
    ) -> None:
        self.identity = identity
        self.store = store
        self.read_meta = read_meta
        self.failures = failures
        self.done = done
        self.summary = summary
        self.retry_delays = retry_delays

    def write(self, extracted: Sequence[tuple[RawArticle, Extraction]]) -> None:
        prepared: list[tuple[RawArticle, ArticleGraph, bool]] = []
        seen: set[str] = set()
        for raw, extraction in extracted:
            ok, result = self._attempt(
                lambda: self._prepare(raw, extraction),  # noqa: B023 - called at once
                [raw],
                what=f"reading the graph for {raw.location}",
                report=True,
            )
            if ok and result is not None:
                graph, existed = result
                prepared.append((raw, graph, existed or graph.article.id in seen))
                seen.add(graph.article.id)
        if not prepared:
            return
        graphs = [graph for _, graph, _ in prepared]
        what = f"writing {len(graphs)} article(s) from {prepared[0][0].location}"
        articles = [raw for raw, _, _ in prepared]
        if self._attempt(lambda: self.store.write_articles(graphs), articles, what=what, report=False)[0]:
            for raw, graph, existed in prepared:
                self._written(raw, graph, existed)
            return
        log.debug("batch write failed; writing one article at a time")
        for raw, graph, existed in prepared:
            write_one = lambda: self.store.write_article(graph)  # noqa: B023, E731 - called at once
            if self._attempt(write_one, [raw], what=f"writing {raw.location}", report=True)[0]:
                self._written(raw, graph, existed)

    def _attempt(
        self, action: Callable[[], T], articles: Sequence[RawArticle], *, what: str, report: bool
    ) -> tuple[bool, T | None]:
        """Whether ``action`` succeeded, and its result; retried while the store is down (then its
        articles fail and the run stops); other failures report its articles if ``report``."""
        try:
            return True, _with_retries(action, delays=self.retry_delays, what=what)
        except StoreUnavailableError as exc:
            self._fail(articles, f"store unavailable: {exc}")
            raise
        except SaidgraphError as exc:
            log.debug("%s failed: %s", what, exc)
            if report:
                self._fail(articles, str(exc))
            return False, None

    def _prepare(self, raw: RawArticle, extraction: Extraction) -> tuple[ArticleGraph, bool]:
        graph = build_article_graph(raw, extraction, self.read_meta(raw), identity=self.identity)
        existed = self.store.article_fingerprint(graph.article.id) is not None
        previous = self.store.article_at(raw.location) if raw.url is None else None
        if previous is not None and previous != graph.article.id:
            graph = replace(graph, replaces=previous)  # the file was edited: its old version goes
            existed = True
        self.identity.remember(graph.officials)  # later articles of the batch resolve to them
        return graph, existed

    def _fail(self, articles: Sequence[RawArticle], reason: str) -> None:
        for raw in articles:
            self.failures.record(raw.location, reason, stage="write")
            self.done(raw.location, "failed")

    def _written(self, raw: RawArticle, graph: ArticleGraph, existed: bool) -> None:
        self.summary.statements += len(graph.stated)
        self.summary.officials.update(o.id for o in graph.officials)
        self.summary.events.update(e.id for e in graph.events)
        self.done(raw.location, "updated" if existed else "new")


def _source_of(error: InputError) -> str:
    return error.source or str(error)
