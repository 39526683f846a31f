"""Unnamed and unresolved sources on both stores: every statement is in the graph, under an
``UnnamedSource`` of its article when nobody is named ("critics said", "officials said")."""

from __future__ import annotations

from dataclasses import replace

import pytest

from graph import schema
from graph.errors import SchemaError
from graph.model import ArticleGraph
from graph.store import GraphStore

from .conftest import RALLIES, TEXT_WITH_UNNAMED
from .conftest import with_unnamed_sources as article


def unnamed_ids(graph: ArticleGraph) -> dict[str, str]:
    return {source.name: source.id for source in graph.unnamed_sources}


def test_every_statement_is_stored_and_extracted_equals_stored(store: GraphStore) -> None:
    store.write_article(article())
    counts = store.counts()
    assert counts.nodes[schema.UNNAMED_SOURCE] == 2
    assert counts.relationships[schema.STATED] == 3
    assert (counts.extracted, counts.repeated) == (3, 0)


def test_an_event_page_shows_what_unnamed_sources_said(store: GraphStore) -> None:
    graph = article()
    store.write_article(graph)
    rows = store.statements_about_event(RALLIES.id)
    assert [(r.speaker_name, r.speaker_label, r.speaker_kind, r.text) for r in rows] == [
        ("Dmitry Peskov", schema.OFFICIAL, None, "the rallies were unlawful"),
        ("Critics", schema.UNNAMED_SOURCE, "group", "the footage was selective"),
    ]
    profile = store.event_profile(RALLIES.id)
    assert profile is not None
    assert sorted((s.name, s.label, s.statement_count) for s in profile.speakers) == [
        ("Critics", schema.UNNAMED_SOURCE, 1),
        ("Dmitry Peskov", schema.OFFICIAL, 1),
    ]
    assert profile.statement_count == 2


def test_an_unnamed_source_has_a_profile_and_its_statements_but_is_not_a_named_speaker(
    store: GraphStore,
) -> None:
    graph = article()
    store.write_article(graph)
    officials = unnamed_ids(graph)["Officials"]
    profile = store.official_profile(officials)
    assert profile is not None
    assert (profile.name, profile.label, profile.statement_count) == ("Officials", schema.UNNAMED_SOURCE, 1)
    rows = store.statements_by_official(officials)
    assert [(r.text, r.speaker_kind, r.event_id) for r in rows] == [
        ("the police acted lawfully", "official", None)
    ]
    assert [r.speaker_name for r in store.statements_in_article(graph.article.id)] == [
        "Dmitry Peskov",
        "Critics",
        "Officials",
    ]
    assert store.find_officials("officials") == []
    assert store.find_officials("critic") == []


def test_unnamed_sources_belong_to_their_article(store: GraphStore) -> None:
    first, second = article(), article("https://example.test/other", text=TEXT_WITH_UNNAMED + " ")
    store.write_article(first)
    store.write_article(second)
    assert unnamed_ids(first)["Critics"] != unnamed_ids(second)["Critics"]
    assert store.counts().nodes[schema.UNNAMED_SOURCE] == 4
    profile = store.event_profile(RALLIES.id)
    assert profile is not None
    assert [s.statement_count for s in profile.speakers if s.name == "Critics"] == [1, 1]


def test_an_unnamed_source_goes_with_its_last_statement(store: GraphStore) -> None:
    store.write_article(article())
    edited = article(with_critics=False)
    store.write_article(edited)
    counts = store.counts()
    assert counts.nodes[schema.UNNAMED_SOURCE] == 1
    assert (counts.relationships[schema.STATED], counts.extracted) == (2, 2)
    assert store.official_profile(unnamed_ids(article())["Critics"]) is None
    assert store.delete_article(edited.article.id)
    assert store.counts().nodes[schema.UNNAMED_SOURCE] == 0


@pytest.mark.parametrize(
    ("change", "refused"),
    [
        ({"article_id": "article:elsewhere"}, "belongs to another article"),
        ({"kind": "rumour"}, "unknown kind of unnamed source 'rumour'"),
    ],
)
def test_an_unnamed_source_outside_the_schema_is_refused(
    store: GraphStore, change: dict[str, str], refused: str
) -> None:
    graph = article()
    broken = replace(
        graph, unnamed_sources=(replace(graph.unnamed_sources[0], **change), *graph.unnamed_sources[1:])
    )
    with pytest.raises(SchemaError, match=refused):
        store.write_article(broken)
    assert store.counts().nodes[schema.ARTICLE] == 0
