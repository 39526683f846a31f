"""A folder of articles about overlapping events, ingested into each store: identity, idempotency, edits."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from graph.embedded_store import EmbeddedStore
from graph.errors import InputError, StoreError, StoreUnavailableError
from graph.model import ArticleGraph
from graph.store import GraphStore
from ingest.article import RawArticle
from ingest.extract.extractor import Extractor
from ingest.failures import FailureLog, read_failures
from ingest.metadata import read_meta
from ingest.pipeline import IngestSummary, guard_source, run_ingest
from ingest.sources.files import read_paths, read_text_file

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

pytestmark = pytest.mark.slow


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the bundled examples (22 articles: protests, calls and meetings that recur)."""
    folder = tmp_path / "articles"
    shutil.copytree(EXAMPLES, folder)
    return folder


def ingest(store: GraphStore, nlp: Language, folder: Path, tmp_path: Path) -> IngestSummary:
    return run_ingest(
        read_paths([folder]),
        store=store,
        extractor=Extractor(nlp),
        read_meta=read_meta,
        failures=FailureLog(tmp_path / "failures.jsonl"),
    )


def test_folder_ingest_yields_one_official_per_person(
    store: GraphStore, nlp: Language, corpus: Path, tmp_path: Path
) -> None:
    summary = ingest(store, nlp, corpus, tmp_path)
    assert (summary.new, summary.failed) == (22, 0)
    officials = [o for o in store.find_officials("", limit=500) if o.label == "Official"]
    surnames = Counter(o.name.split()[-1] for o in officials)
    assert surnames["Peskov"] == surnames["Pompeo"] == surnames["Blinken"] == surnames["Furgal"] == 1
    assert all(count == 1 for count in surnames.values()), surnames
    pompeo = next(o for o in officials if o.name.endswith("Pompeo"))
    assert pompeo.statement_count >= 5  # "Mike Pompeo", "Michael R. Pompeo", "the secretary" across articles
    sochi = [e for e in store.find_events("", limit=500) if e.place == "Sochi"]
    assert len(sochi) == 1, sochi  # VOA and ShareAmerica report the same May 14, 2019 meeting
    profile = store.event_profile(sochi[0].id)
    assert profile is not None and profile.article_count == 2


def test_ingesting_again_changes_nothing(
    store: GraphStore, nlp: Language, corpus: Path, tmp_path: Path
) -> None:
    ingest(store, nlp, corpus, tmp_path)
    before = store.counts()
    again = ingest(store, nlp, corpus, tmp_path)
    assert (again.unchanged, again.new, again.updated) == (22, 0, 0)
    assert store.counts() == before


def test_an_edited_article_updates_in_place(
    store: GraphStore, nlp: Language, corpus: Path, tmp_path: Path
) -> None:
    ingest(store, nlp, corpus, tmp_path)
    before = store.counts()
    article = corpus / "tass-kremlin-footage.txt"
    text = article.read_text(encoding="utf-8")
    edited = text.replace(
        ' "Generally speaking, the reporters worked absolutely normally, they wore special vests, '
        'no one bothered them," he said.',
        "",
    )
    assert edited != text
    article.write_text(edited, encoding="utf-8")
    summary = ingest(store, nlp, corpus, tmp_path)
    assert (summary.updated, summary.unchanged) == (1, 21)
    after = store.counts()
    assert after.nodes["Claim"] == before.nodes["Claim"] - 1
    assert after.nodes["Article"] == before.nodes["Article"]
    assert not store.search_claims("reporters worked absolutely normally")


def test_two_worker_processes_build_the_same_graph(nlp: Language, corpus: Path, tmp_path: Path) -> None:
    from graph.embedded_store import EmbeddedStore

    graphs = []
    for workers in (1, 2):
        with EmbeddedStore.open(tmp_path / f"graph-{workers}.json") as store:
            summary = run_ingest(
                read_paths([corpus]),
                store=store,
                extractor=Extractor(nlp),
                read_meta=read_meta,
                failures=FailureLog(tmp_path / "failures.jsonl"),
                workers=workers,
            )
            assert summary.new == 22
            graphs.append((store.counts(), sorted(store.by_label["Claim"])))
    assert graphs[0] == graphs[1]


QUOTE_ARTICLE = """---
title: {title}
source: {source}
url: https://{host}/peskov
published: 2021-02-01
---
MOSCOW, February 1. Kremlin Spokesman Dmitry Peskov spoke about the January 31 unlawful rallies in Russia.

"We need to see each specific case separately," Peskov told reporters.
"""


def test_the_same_quote_from_two_outlets_is_one_claim_reported_twice(
    store: GraphStore, nlp: Language, tmp_path: Path
) -> None:
    folder = tmp_path / "wires"
    folder.mkdir()
    (folder / "tass.txt").write_text(
        QUOTE_ARTICLE.format(title="Kremlin", source="TASS", host="tass.example")
    )
    (folder / "ria.txt").write_text(QUOTE_ARTICLE.format(title="Peskov", source="RIA", host="ria.example"))
    assert ingest(store, nlp, folder, tmp_path).new == 2
    rows = store.search_claims("each specific case separately")
    assert len({r.claim_id for r in rows}) == 1
    assert sorted(r.article_source or "" for r in rows) == ["RIA", "TASS"]
    reports = store.statements_for_claim(rows[0].claim_id)
    assert len({r.article_id for r in reports}) == 2  # one claim, REPORTED_IN both articles
    counts = store.counts()
    assert counts.relationships["REPORTED_IN"] == 2 * counts.nodes["Claim"]  # every claim from both


# --- accounting: every item read ends new, updated, unchanged, skipped or failed ----------------------


def accounted(summary: IngestSummary) -> bool:
    return (
        summary.read == summary.new + summary.updated + summary.unchanged + summary.skipped + summary.failed
    )


def test_a_worker_process_killed_mid_run_loses_no_article(
    nlp: Language, corpus: Path, tmp_path: Path, bounded: Callable[..., Any]
) -> None:
    report = tmp_path / "failures.jsonl"
    killed: list[int] = []

    def kill_a_worker(_location: str, _outcome: str) -> None:
        if not killed:  # the first results are written: the other batches are in flight
            worker = multiprocessing.active_children()[0]
            os.kill(worker.pid or 0, signal.SIGKILL)
            killed.append(worker.pid or 0)

    with EmbeddedStore.open(tmp_path / "graph.json") as store:

        def run(on_item: Callable[[str, str], None]) -> IngestSummary:
            return run_ingest(
                read_paths([corpus]), store=store, extractor=Extractor(nlp), read_meta=read_meta,
                failures=FailureLog(report), workers=2, batch_size=2, on_item=on_item,
            )  # fmt: skip

        first = bounded(lambda: run(kill_a_worker), seconds=300)
        failed = read_failures(report)
        retried: list[str] = []
        second = bounded(
            lambda: run(lambda location, outcome: retried.append(f"{location} {outcome}")), seconds=300
        )
    assert killed
    assert first.read == 22 and accounted(first)
    assert first.failed >= 1, "the kill must hit articles in flight"
    assert len(failed) == first.failed
    assert all(f.stage == "extract" and "BrokenProcessPool" in f.reason for f in failed)
    assert (second.read, second.failed, second.new, second.unchanged) == (
        22,
        0,
        first.failed,
        22 - first.failed,
    )
    assert sorted(f"{f.source} new" for f in failed) == sorted(r for r in retried if r.endswith(" new"))


GERMAN = (
    "Der Sprecher des Kremls sagte am Montag, die Kundgebungen seien nicht genehmigt gewesen und die Polizei "
    "habe im Rahmen des Gesetzes gehandelt. Jeder Fall werde einzeln geprüft, und die Journalisten hätten "
    "während der Kundgebungen der vergangenen Woche ganz normal arbeiten können."
)


class SkipFailingStore(EmbeddedStore):
    """A real embedded store whose disk 'fails' when a non-English (skipped) article is recorded."""

    fault: Exception = OSError(28, "No space left on device")

    def write_article(self, graph: ArticleGraph) -> None:
        if graph.article.language not in (None, "en"):
            raise self.fault
        super().write_article(graph)


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (OSError(28, "No space left on device"), "OSError: [Errno 28] No space left on device"),
        (StoreError("graph.json: cannot be saved"), "graph.json: cannot be saved"),
    ],
)
def test_a_store_error_recording_a_skipped_article_fails_that_article_only(
    nlp: Language, tmp_path: Path, fault: Exception, reason: str
) -> None:
    folder = tmp_path / "wires"
    folder.mkdir()
    (folder / "a-tass.txt").write_text((EXAMPLES / "tass-kremlin-footage.txt").read_text(encoding="utf-8"))
    (folder / "b-german.txt").write_text(GERMAN, encoding="utf-8")
    (folder / "c-pompeo.txt").write_text(
        (EXAMPLES / "pd-07-shareamerica-pompeo-frank-discussions-russia.txt").read_text(encoding="utf-8")
    )
    report = tmp_path / "failures.jsonl"
    with SkipFailingStore.open(tmp_path / "graph.json") as failing:
        failing.fault = fault
        first = ingest(failing, nlp, folder, tmp_path)
    assert (first.read, first.new, first.skipped, first.failed) == (3, 2, 0, 1)
    failures = read_failures(report)
    assert [(f.source, f.reason, f.stage) for f in failures] == [
        (str(folder / "b-german.txt"), reason, "triage")
    ]
    with EmbeddedStore.open(tmp_path / "graph.json") as healthy:
        second = ingest(healthy, nlp, folder, tmp_path)
    assert (second.read, second.unchanged, second.skipped, second.failed) == (3, 2, 1, 0)


def test_a_source_that_breaks_is_one_failure_and_the_rest_is_read(
    embedded_store: GraphStore, nlp: Language, tmp_path: Path
) -> None:
    folder = tmp_path / "wires"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text((EXAMPLES / "tass-kremlin-footage.txt").read_text(encoding="utf-8") + name)

    def reader(path: Path) -> Iterator[RawArticle | InputError]:
        """A reader with a bug: it reads ``b.txt`` as a charset it does not know."""
        if path.name == "b.txt":
            path.read_bytes().decode("x-unknown-charset")
        yield read_text_file(path)

    items = chain.from_iterable(guard_source(str(path), reader(path)) for path in sorted(folder.iterdir()))
    summary = run_ingest(
        items, store=embedded_store, extractor=Extractor(nlp), read_meta=read_meta,
        failures=FailureLog(tmp_path / "failures.jsonl"),
    )  # fmt: skip
    assert (summary.read, summary.new, summary.failed) == (3, 2, 1)
    [failure] = read_failures(tmp_path / "failures.jsonl")
    assert (failure.source, failure.stage) == (str(folder / "b.txt"), "read")
    assert (
        failure.reason
        == f"{folder / 'b.txt'}: reading stopped: LookupError: unknown encoding: x-unknown-charset"
    )


def test_an_input_stream_that_breaks_ends_the_run_with_one_failure(
    embedded_store: GraphStore, nlp: Language, tmp_path: Path
) -> None:
    path = tmp_path / "a.txt"
    path.write_text((EXAMPLES / "tass-kremlin-footage.txt").read_text(encoding="utf-8"), encoding="utf-8")

    def items() -> Iterator[RawArticle | InputError]:
        yield read_text_file(path)
        (tmp_path / "missing.txt").read_text(encoding="utf-8")  # a reader that lets an OSError out

    summary = run_ingest(
        items(), store=embedded_store, extractor=Extractor(nlp), read_meta=read_meta,
        failures=FailureLog(tmp_path / "failures.jsonl"),
    )  # fmt: skip
    assert (summary.read, summary.new, summary.failed) == (2, 1, 1)
    [failure] = read_failures(tmp_path / "failures.jsonl")
    assert failure.source == "input"
    assert failure.reason.startswith(f"input: reading stopped after {path}: FileNotFoundError: [Errno 2]")


class OutageStore(EmbeddedStore):
    """A real embedded store that becomes unreachable after its first ``writes`` article writes."""

    writes = 1

    def write_articles(self, graphs: Sequence[ArticleGraph]) -> None:
        for graph in graphs:
            self.write_article(graph)

    def write_article(self, graph: ArticleGraph) -> None:
        if self.writes <= 0:
            raise StoreUnavailableError("the store went away")
        self.writes -= 1
        super().write_article(graph)


def test_a_run_stopped_by_the_store_still_accounts_for_what_it_read(nlp: Language, tmp_path: Path) -> None:
    folder = tmp_path / "wires"
    folder.mkdir()
    for name in ("pd-07-shareamerica-pompeo-frank-discussions-russia.txt", "tass-kremlin-footage.txt"):
        shutil.copy(EXAMPLES / name, folder)
    (folder / "q-german.txt").write_text(GERMAN, encoding="utf-8")  # read second, recorded as skipped
    summary = IngestSummary()
    with OutageStore.open(tmp_path / "graph.json") as store, pytest.raises(StoreUnavailableError):
        run_ingest(
            read_paths([folder]), store=store, extractor=Extractor(nlp), read_meta=read_meta,
            failures=FailureLog(tmp_path / "failures.jsonl"), batch_size=1, retry_delays=(0.01,),
            summary=summary,
        )  # fmt: skip
    assert (summary.read, summary.new, summary.failed) == (2, 1, 1)  # the tass article was never read
    [failure] = read_failures(tmp_path / "failures.jsonl")
    assert (failure.source, failure.reason, failure.stage) == (
        str(folder / "q-german.txt"),
        "not ingested: the run stopped (the store went away)",
        "stopped",
    )
    with EmbeddedStore.open(tmp_path / "graph.json") as healthy:
        again = ingest(healthy, nlp, folder, tmp_path)
    assert (again.read, again.unchanged, again.skipped, again.new, again.failed) == (3, 1, 1, 1, 0)
