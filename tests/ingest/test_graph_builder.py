"""What the builder makes of real sentences across articles: undated events with a name of their own
are one event; other undated events stay within their article."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from graph.model import ArticleGraph
from ingest.article import RawArticle
from ingest.extract.extractor import Extractor
from ingest.extract.gender import FirstNames
from ingest.graph_builder import ArticleMeta, build_article_graph

pytestmark = pytest.mark.slow

Build = Callable[[str], ArticleGraph]


@pytest.fixture(scope="module")
def build(nlp: Language) -> Build:
    extractor = Extractor(nlp, first_names=FirstNames.load())

    def run(text: str) -> ArticleGraph:
        raw = RawArticle(text=text, location=text[:20])
        return build_article_graph(raw, extractor.extract(raw), ArticleMeta())

    return run


def event_ids(graph: ArticleGraph) -> list[str]:
    return [event.id for event in graph.events]


def test_an_undated_event_named_for_its_participants_is_one_event_across_articles(build: Build) -> None:
    first = build("Senator Jane Roe said the Comey letter had changed the race.")
    second = build("Governor John Doe said the Comey letter was a mistake.")
    assert [e.name for e in first.events] == ["Comey letter"]
    assert event_ids(first) == event_ids(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Senator Jane Roe said the rally was peaceful.", "Governor John Doe said the rally was too loud."),
        (
            "Senator Jane Roe said the protests in Moscow were peaceful.",
            "Governor John Doe said the protests in Moscow were loud.",
        ),
    ],
)
def test_other_undated_events_stay_within_their_article(build: Build, first: str, second: str) -> None:
    one, other = build(first), build(second)
    assert len(one.events) == len(other.events) == 1
    assert event_ids(one) != event_ids(other)
