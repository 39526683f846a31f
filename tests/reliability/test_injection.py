"""Hostile text in every search box, filter and id reaches the stores as data, never as query text."""

from __future__ import annotations

import pytest

from graph import ids
from graph.answers import ask
from graph.filters import StatementFilter
from graph.model import ArticleGraph, ArticleNode, ClaimNode, OfficialNode, StatedEdge
from graph.search import search
from graph.store import GraphStore

HOSTILE = [
    "' OR 1=1 //",
    '" OR true RETURN n //',
    "\\'); MATCH (n) DETACH DELETE n; //",
    "}) MATCH (n) DETACH DELETE n //",
    "x}]->() CREATE (:Official {id:'owned'}) //",
    "*:*",
    "text:* OR name:*",
    "AND OR NOT",
    '\\"\\\\',
    "`Official`",
    "$query",
    "\x00\x1b[31m",
    "日本語 «ёлка» 🤖",
    "a" * 5000,
]

TEXT = "MOSCOW. Kremlin Spokesman Dmitry Peskov said the rallies were unlawful."


@pytest.fixture
def seeded(store: GraphStore) -> GraphStore:
    article = ArticleNode(
        id=ids.article_id(url=None, text=TEXT), location="/tmp/a.txt", fingerprint="f", text=TEXT
    )
    peskov = OfficialNode(ids.official_id("Dmitry Peskov"), "Dmitry Peskov", role="Kremlin Spokesman")
    content = "the rallies were unlawful"
    claim_id = ids.claim_id(speaker_id=peskov.id, content=content, event_id=None)
    claim = ClaimNode(claim_id, content, "indirect")
    mention = "Kremlin Spokesman Dmitry Peskov"
    start = TEXT.index(content)
    stated = StatedEdge(
        peskov.id, "Official", claim.id, article.id, "said", "indirect", None, mention,
        8, 8 + len(mention), start - 5, start - 1, start, start + len(content), 0.9, "test",
    )  # fmt: skip
    store.write_article(ArticleGraph(article=article, officials=(peskov,), claims=(claim,), stated=(stated,)))
    return store


def snapshot(store: GraphStore) -> object:
    return (store.counts(), [(o.id, o.name) for o in store.find_officials("", limit=100)])


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_search_boxes_and_look_ups_treat_hostile_text_as_data(seeded: GraphStore, text: str) -> None:
    before = snapshot(seeded)
    results = search(seeded, text)
    assert results.officials == () and results.events == ()
    assert seeded.find_events(text) == []
    assert seeded.find_officials(text) == []
    assert seeded.search_claims(text) == []
    assert ask(seeded, event=text) == []
    assert ask(seeded, official=text) == []
    for group in ask(seeded, search=text):
        assert all(r.speaker_name == "Dmitry Peskov" for r in group.statements)
    assert snapshot(seeded) == before


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_ids_and_dates_from_urls_are_data_too(seeded: GraphStore, text: str) -> None:
    before = snapshot(seeded)
    assert seeded.statements_about_event(text, start=text, end=text) == []
    assert seeded.statements_by_official(text, event_id=text) == []
    assert seeded.statements_for_claim(text) == []
    assert seeded.statements_in_article(text) == []
    assert seeded.official_profile(text) is None
    assert seeded.event_profile(text) is None
    assert seeded.article_text(text) is None
    assert seeded.neighbourhood(text).nodes == ()
    rows = seeded.statements_by_official(ids.official_id("Dmitry Peskov"))
    assert StatementFilter(start=text, outlets=frozenset({text}), kinds=frozenset({text})).apply(rows) == []
    assert snapshot(seeded) == before


def test_a_claim_search_matches_words_not_query_syntax(seeded: GraphStore) -> None:
    assert [r.text for r in seeded.search_claims("rallies unlawful")] == ["the rallies were unlawful"]
    assert seeded.search_claims("*:*") == []
    assert seeded.search_claims("rallies OR anything") == []  # every word must match, OR is a word
