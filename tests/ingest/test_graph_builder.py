"""What the builder makes of real sentences across articles: undated events with a name of their own
are one event; other undated events stay within their article."""

from __future__ import annotations

import pytest

from graph.model import ArticleGraph

from .conftest import BuildGraph

pytestmark = pytest.mark.slow


@pytest.fixture
def build(build_graph: BuildGraph) -> BuildGraph:
    return build_graph


def event_ids(graph: ArticleGraph) -> list[str]:
    return [event.id for event in graph.events]


def test_an_undated_event_named_for_its_participants_is_one_event_across_articles(build: BuildGraph) -> None:
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
def test_other_undated_events_stay_within_their_article(build: BuildGraph, first: str, second: str) -> None:
    one, other = build(first), build(second)
    assert len(one.events) == len(other.events) == 1
    assert event_ids(one) != event_ids(other)
