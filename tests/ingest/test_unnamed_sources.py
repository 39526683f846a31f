"""Every statement the extractor finds reaches the graph: sources nobody names, and mentions the
extractor cannot resolve, are kept as unnamed sources of their article (issue 19), on real sentences."""

from __future__ import annotations

import pytest

from graph import schema
from graph.embedded_store import EmbeddedStore
from ingest.extract.result import Span, Speaker
from ingest.extract.unnamed import head_word, unnamed_kind

from .conftest import BuildGraph

TEXT = (
    "WASHINGTON — Secretary of State Antony Blinken said on Monday that the talks in Geneva would resume. "
    "Senior administration officials said the talks had stalled over sanctions. "
    "Critics said the plan would fail. "
    "A report by the Pew Research Center said most voters backed the talks. "
    "They said the vote was rigged. "
    "Hillary Clinton told voters in Iowa that the plan would create jobs. "
    "Bill Clinton said the crowd was large. "
    "Clinton argued that the economy needed help."
)


@pytest.fixture
def build(build_graph: BuildGraph) -> BuildGraph:
    return build_graph


@pytest.mark.slow
def test_every_statement_found_has_a_speaker_node_in_the_graph(build: BuildGraph) -> None:
    graph = build(TEXT)
    assert graph.article.extracted == len(graph.stated) == 8
    assert graph.article.repeated == 0
    unnamed = {u.id: (u.name, u.kind) for u in graph.unnamed_sources}
    said = sorted(unnamed[s.speaker_id] for s in graph.stated if s.speaker_label == schema.UNNAMED_SOURCE)
    assert said == [
        ("A report by the Pew Research Center", "document"),
        ("Clinton", "name"),
        ("Critics", "group"),
        ("Senior administration officials", "official"),
        ("They", "pronoun"),
    ]
    assert sorted(o.name for o in graph.officials) == ["Antony Blinken", "Bill Clinton", "Hillary Clinton"]


@pytest.mark.slow
def test_the_store_holds_what_was_extracted(build: BuildGraph, tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    graph = build(TEXT)
    with EmbeddedStore.open(tmp_path / "graph.json") as store:
        store.write_article(graph)
        counts = store.counts()
        rows = store.statements_in_article(graph.article.id)
    assert counts.relationships[schema.STATED] == counts.extracted - counts.repeated == 8
    assert [(r.speaker_name, r.speaker_kind) for r in rows if r.speaker_label == schema.UNNAMED_SOURCE] == [
        ("Senior administration officials", "official"),
        ("Critics", "group"),
        ("A report by the Pew Research Center", "document"),
        ("They", "pronoun"),
        ("Clinton", "name"),
    ]


@pytest.mark.slow
def test_a_statement_an_article_repeats_word_for_word_is_stored_once_and_counted(build: BuildGraph) -> None:
    graph = build("Critics said the plan would fail. Later that day, critics said the plan would fail.")
    assert (graph.article.extracted, graph.article.repeated, len(graph.stated)) == (2, 1, 1)


@pytest.mark.parametrize(
    ("mention", "head"),
    [
        ("early results of exit polls", "result"),
        ("Trump’s official campaign account", "account"),
        ("a senior official, who asked not to be named", "official"),
        ("Critics", "critic"),
        ("the analysts", "analyst"),
        ("a recent poll of Indiana voters", "poll"),
        ("the press", "press"),
    ],
)
def test_the_head_of_a_source_mention(mention: str, head: str) -> None:
    assert head_word(mention) == head


@pytest.mark.parametrize(
    ("mention", "kind", "expected"),
    [
        ("he", "generic", "pronoun"),
        ("They", "generic", "pronoun"),
        ("who", "generic", "pronoun"),
        ("the report", "generic", "document"),
        ("a new poll by the Harvard University Institute of Politics", "generic", "document"),
        ("the statement", "generic", "document"),
        ("officials", "generic", "official"),
        ("a senior administration official", "generic", "official"),
        ("sources familiar with the talks", "generic", "official"),
        ("the judge", "person", "official"),
        ("Clinton", "person", "name"),
        ("Gov. Kasich", "person", "name"),
        ("critics", "generic", "group"),
        ("the billionaire businessman", "generic", "group"),
        ("Twenty-four percent", "generic", "group"),
    ],
)
def test_the_kind_of_an_unnamed_source(mention: str, kind: str, expected: str) -> None:
    speaker = Speaker(
        mention=Span(mention, 0, len(mention)), name=mention, kind=kind, resolution="unresolved"
    )  # type: ignore[arg-type]
    assert unnamed_kind(speaker) == expected
    assert expected in schema.UNNAMED_KINDS
