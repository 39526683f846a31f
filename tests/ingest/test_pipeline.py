"""A folder of articles about overlapping events, ingested into each store: identity, idempotency, edits."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from spacy.language import Language

from graph.store import GraphStore
from ingest.extract.extractor import Extractor
from ingest.failures import FailureLog
from ingest.metadata import read_meta
from ingest.pipeline import IngestSummary, run_ingest
from ingest.sources.files import read_paths

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
