"""One search box over names, events and claim text, on both stores."""

from __future__ import annotations

import pytest

from graph.search import directory, search
from graph.store import GraphStore

from .conftest import PESKOV, POLICE, RALLIES


@pytest.mark.parametrize(
    ("query", "kind", "expected_id"),
    [
        ("peskov", "officials", PESKOV.id),
        ("Kremlin spokes", "officials", PESKOV.id),
        ("police", "organizations", POLICE.id),
        ("rallies", "events", RALLIES.id),
        ("unlawful RALLIES", "events", RALLIES.id),
    ],
)
def test_names_roles_and_events_are_found_while_typed(
    seeded: GraphStore, query: str, kind: str, expected_id: str
) -> None:
    found = getattr(search(seeded, query), kind)
    assert expected_id in [item.id for item in found]


def test_claim_text_is_searched_by_its_words(seeded: GraphStore) -> None:
    results = search(seeded, "aggression protesters")
    assert {row.speaker_name for row in results.claims} == {"Dmitry Peskov"}
    assert results.officials == () and results.events == ()


def test_blank_query_finds_nothing(seeded: GraphStore) -> None:
    assert search(seeded, "   ").total == 0


def test_no_match_is_empty_not_an_error(seeded: GraphStore) -> None:
    assert search(seeded, "zzzz qqqq").total == 0


def test_directory_lists_every_speaker_and_event_by_kind(seeded: GraphStore) -> None:
    entries = directory(seeded)
    kinds = {(entry.kind, entry.caption.split(" (")[0]) for entry in entries}
    assert ("official", "Dmitry Peskov") in kinds
    assert ("organization", "police") in kinds
    assert ("event", "the January 31 unlawful rallies") in kinds
    peskov = next(e for e in entries if e.id == PESKOV.id)
    assert "Kremlin Spokesman" in peskov.caption
