"""One ingest run: read articles, skip unchanged ones, extract in batches, write each in isolation.

Every item read is accounted for: it ends new, updated, unchanged, skipped or failed, and each failed
one has a line in the failures report (nothing of it is stored, so the next run tries it again). An
unreadable file, a source that breaks, an extraction crash, a worker process that dies or a store
error on one article is recorded and the run goes on; only a store that stays unreachable stops it.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Literal, Protocol, TypeVar

from graph.errors import ExtractionError, InputError, SaidgraphError, StoreUnavailableError
from graph.model import ArticleGraph
from graph.store import GraphStore
from ingest.article import RawArticle
from ingest.extract.gender import first_names_of
from ingest.extract.result import Extraction
from ingest.failures import FailureLog
from ingest.graph_builder import ArticleMeta, article_fingerprint, article_node_id, build_article_graph
from ingest.identity import AliasBook, Identity
from ingest.language import is_english, language_of
from ingest.processes import ProcessExtractor

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
    """What a run did, for the closing summary and the exit code.

    Every item ``read`` (an article, or an error met reading one) has exactly one outcome, so
    ``read == new + updated + unchanged + skipped + failed`` once the run is over.
    """

    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    statements: int = 0
    """STATED relationships written: one per statement extracted, a verbatim repeat within its
    article apart (``statements == extracted - repeated``: nothing extracted is left out)."""
    extracted: int = 0
    repeated: int = 0
    officials: set[str] = field(default_factory=set)
    unnamed: set[str] = field(default_factory=set)
    """Unnamed and unresolved sources ("officials", "the report", an unresolved "he")."""
    events: set[str] = field(default_factory=set)

    def count(self, outcome: Outcome) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    @property
    def total(self) -> int:
        """Items with an outcome (equal to ``read`` once the run is over)."""
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
        raise ExtractionError(f"extraction failed: {describe(exc)}") from exc


def describe(exc: BaseException) -> str:
    """An exception in one line: its message, preceded by its type unless it is one of ours."""
    if isinstance(exc, SaidgraphError) and str(exc):
        return str(exc)
    return f"{exc.__class__.__name__}: {exc}" if str(exc) else exc.__class__.__name__


def guard_source(source: str, items: Iterable[T]) -> Iterator[T | InputError]:
    """``items`` as they come; if reading them raises, one :class:`InputError` naming ``source`` and the
    cause ends them, so a reader that breaks costs its own source, never the run."""
    last = None
    try:
        for item in items:
            last = item
            yield item
    except InputError as exc:
        exc.source = exc.source or source
        yield exc
    except Exception as exc:
        log.debug("reading %s failed", source, exc_info=True)
        where = f" after {last.location}" if isinstance(last, RawArticle) else ""
        yield InputError(f"{source}: reading stopped{where}: {describe(exc)}", source=source)


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class _Ledger:
    """Counts every item once: read when taken from its source, then given one outcome.

    Articles read and not yet given an outcome are held, so that whatever stops a stage (a worker
    that dies, a store that goes away) can fail exactly those. Failures go to the report too.
    """

    def __init__(
        self, summary: IngestSummary, failures: FailureLog, on_item: Callable[[str, Outcome], None] | None
    ) -> None:
        self.summary = summary
        self.failures = failures
        self.on_item = on_item
        self._open: dict[int, RawArticle] = {}

    def read(self, raw: RawArticle) -> None:
        self.summary.read += 1
        self._open[id(raw)] = raw

    def read_error(self, error: InputError) -> None:
        """An item that could not be read: read and failed at once."""
        self.summary.read += 1
        source = error.source or str(error)
        self._record(source, str(error), stage="read")
        self._count(source, "failed")

    def settle(self, raw: RawArticle, outcome: Outcome) -> None:
        if self._open.pop(id(raw), None) is None:
            log.debug("%s: already counted, not counted as %s", raw.location, outcome)
            return
        self._count(raw.location, outcome)

    def fail(self, raw: RawArticle, reason: str, *, stage: str) -> None:
        if id(raw) in self._open:
            self._record(raw.location, reason, stage=stage)
            self.settle(raw, "failed")

    def fail_open(self, reason: str, *, stage: str) -> int:
        """Fail every article read and not yet settled; returns how many there were."""
        left = list(self._open.values())
        for raw in left:
            self.fail(raw, reason, stage=stage)
        return len(left)

    def _record(self, source: str, reason: str, *, stage: str) -> None:
        try:
            self.failures.record(source, reason, stage=stage)
        except OSError as exc:  # the item still counts as failed, and the log says why
            log.error("%s: %s (not added to %s: %s)", source, reason, self.failures.path, exc)

    def _count(self, location: str, outcome: Outcome) -> None:
        self.summary.count(outcome)
        if self.on_item is not None:
            self.on_item(location, outcome)


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
    summary: IngestSummary | None = None,
    again: bool = False,
) -> IngestSummary:
    """Ingest ``items`` into ``store`` and return the run's summary (``summary`` if given, so a caller
    still has the counts when the run stops with an exception).

    ``items`` are articles or the errors met reading them (recorded as failures); if iterating them
    raises, that is one failure too and reading ends there. Articles whose fingerprint matches the
    stored one are counted unchanged and not re-extracted, unless ``again`` (after the aliases file
    changed: who is who is decided when an article is written). ``on_item`` is told each item's outcome as
    it is known (for progress bars). People are matched to the officials the store already holds
    (:mod:`ingest.identity`), with ``aliases`` first. While the store is unreachable each store call
    is retried after ``retry_delays`` seconds; if it stays down the run stops with
    :class:`StoreUnavailableError` (what was written stays; the articles read and not written are
    recorded as failures, and the next run picks them up). ``workers`` > 1 parses and extracts in that
    many processes (:class:`ingest.processes.ProcessExtractor`); with ``streaming`` (a cluster
    extractor) the whole stream goes to ``extract_many`` at once, so the extractor keeps several
    batches in flight. Either way results are written ``batch_size`` at a time, and if the workers
    break (one is killed), the articles in flight are recorded as failures and the rest of the run
    goes on in this process.
    """
    summary = summary if summary is not None else IngestSummary()
    ledger = _Ledger(summary, failures, on_item)
    identity = Identity(store=store, aliases=aliases, same_first_name=first_names_of(extractor).one_name)

    def triage(raw: RawArticle) -> Outcome | None:
        """``unchanged`` or ``skipped`` when the article needs no extraction, else ``None``."""
        fingerprint = article_fingerprint(raw, extractor_version=extractor.version)
        stored = _with_retries(
            lambda: store.article_fingerprint(article_node_id(raw)),
            delays=retry_delays,
            what=f"checking {raw.location}",
        )
        if stored == fingerprint and not again:
            identity.refresh()  # another run may be writing: ask the store afresh
            return "unchanged"
        if not is_english(raw):
            _with_retries(
                lambda: _record_skipped(raw, store=store, extractor=extractor, read_meta=read_meta),
                delays=retry_delays,
                what=f"recording {raw.location}",
            )
            return "skipped"
        return None

    def pending() -> Iterator[RawArticle]:
        for item in guard_source("input", items):
            if isinstance(item, InputError):
                ledger.read_error(item)
                continue
            ledger.read(item)
            try:
                outcome = triage(item)
            except StoreUnavailableError:
                raise
            except Exception as exc:  # this article only: the run goes on
                log.debug("%s: triage failed", item.location, exc_info=True)
                ledger.fail(item, describe(exc), stage="triage")
                continue
            if outcome is None:
                yield item
            else:
                ledger.settle(item, outcome)

    writer = _BatchWriter(
        identity=identity, store=store, read_meta=read_meta, ledger=ledger, summary=summary,
        retry_delays=retry_delays,
    )  # fmt: skip
    stream = pending()
    try:
        if streaming or workers > 1:
            parallel = extractor if streaming else ProcessExtractor(extractor, workers=workers)
            _extract_streaming(stream, parallel, writer, ledger, store=store, batch_size=batch_size)
        for batch in _batched(stream, batch_size):  # the whole run, or what is left after a crash
            # the batch is made durable together: an interrupted batch is simply ingested again next run
            with store.batch():
                writer.write(list(_extract_batch(batch, extractor, ledger, batch_size=batch_size)))
    except BaseException as exc:
        ledger.fail_open(f"not ingested: the run stopped ({describe(exc)})", stage="stopped")
        raise
    lost = ledger.fail_open("not ingested: lost between the pipeline's stages", stage="internal")
    if lost:
        log.error("%d article(s) were read but given no outcome; recorded as failures", lost)
    return summary


def _extract_streaming(
    stream: Iterator[RawArticle],
    extractor: ExtractorLike,
    writer: _BatchWriter,
    ledger: _Ledger,
    *,
    store: GraphStore,
    batch_size: int,
) -> None:
    """Extract ``stream`` with an extractor that keeps batches in flight (worker processes, a
    cluster), writing the results ``batch_size`` at a time.

    Results come back in input order as copies, so they are matched to the articles read in that
    order. If the extractor breaks, what came back is still written, the articles in flight are
    failed, and the rest of ``stream`` is left for the caller.
    """
    in_flight: deque[RawArticle] = deque()

    def feed() -> Iterator[RawArticle]:
        for raw in stream:
            in_flight.append(raw)
            yield raw

    def results() -> Iterator[tuple[RawArticle, Extraction]]:
        try:
            for _copy, extraction in extractor.extract_many(feed(), batch_size=batch_size):
                yield in_flight.popleft(), extraction
        except StoreUnavailableError:
            raise
        except Exception as exc:  # a worker died or the cluster failed: its articles, not the run
            reason = f"extraction failed in a worker ({describe(exc)}); tried again next run"
            log.warning(
                "parallel extraction failed (%s): %d article(s) in flight recorded as failures; going on "
                "in one process", describe(exc), len(in_flight), exc_info=log.isEnabledFor(logging.DEBUG),
            )  # fmt: skip
            while in_flight:
                ledger.fail(in_flight.popleft(), reason, stage="extract")

    for chunk in _batched(results(), batch_size):
        with store.batch():
            writer.write(chunk)


def _extract_batch(
    batch: Sequence[RawArticle], extractor: ExtractorLike, ledger: _Ledger, *, batch_size: int
) -> Iterator[tuple[RawArticle, Extraction]]:
    try:
        yield from list(extractor.extract_many(batch, batch_size=batch_size))
        return
    except Exception:  # one bad article must not sink the batch: retried one by one
        log.debug("batch extraction failed; extracting one article at a time", exc_info=True)
    for raw in batch:
        try:
            yield raw, extractor.extract(raw)
        except StoreUnavailableError:
            raise
        except Exception as exc:  # isolate the article, report its cause
            ledger.fail(raw, f"extraction failed: {describe(exc)}", stage="extract")


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
    so only the article at fault is reported. Every article handed over ends written or failed.
    """

    def __init__(
        self,
        *,
        identity: Identity,
        store: GraphStore,
        read_meta: MetaReader,
        ledger: _Ledger,
        summary: IngestSummary,
        retry_delays: Sequence[float],
    ) -> None:
        self.identity = identity
        self.store = store
        self.read_meta = read_meta
        self.ledger = ledger
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
        articles fail and the run stops); any other failure reports its articles if ``report``."""
        try:
            return True, _with_retries(action, delays=self.retry_delays, what=what)
        except StoreUnavailableError as exc:
            self._fail(articles, f"store unavailable: {exc}")
            raise
        except Exception as exc:  # a bad graph or a store error: these articles, not the run
            log.debug("%s failed", what, exc_info=True)
            if report:
                self._fail(articles, describe(exc))
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
            self.ledger.fail(raw, reason, stage="write")

    def _written(self, raw: RawArticle, graph: ArticleGraph, existed: bool) -> None:
        self.summary.statements += len(graph.stated)
        self.summary.extracted += graph.article.extracted
        self.summary.repeated += graph.article.repeated
        self.summary.unnamed.update(u.id for u in graph.unnamed_sources)
        self.summary.officials.update(o.id for o in graph.officials)
        self.summary.events.update(e.id for e in graph.events)
        self.ledger.settle(raw, "updated" if existed else "new")
