"""Statements arranged for reading and narrowed by the analyst's filters."""

from __future__ import annotations

import pytest

from graph.filters import StatementFilter, outlet
from graph.grouping import by_event, by_speaker, claim_reports, descriptions_over_time, timeline
from graph.model import ArticleGraph
from graph.store import GraphStore

from .conftest import MEETING, PESKOV, RALLIES


@pytest.fixture
def local(embedded_store: GraphStore, articles: list[ArticleGraph]) -> GraphStore:
    for article in articles:
        embedded_store.write_article(article)
    return embedded_store


def test_event_statements_grouped_by_speaker_most_statements_first(local: GraphStore) -> None:
    groups = by_speaker(local.statements_about_event(RALLIES.id))
    assert groups[0].heading == "Dmitry Peskov, Kremlin Spokesman"
    assert {g.heading for g in groups} == {
        "Dmitry Peskov, Kremlin Spokesman",
        "Maria Zakharova, Foreign Ministry spokeswoman",
        "police",
    }


def test_one_claim_from_two_outlets_is_one_report_naming_both(local: GraphStore) -> None:
    rows = local.statements_about_event(RALLIES.id)
    reports = claim_reports(r for r in rows if r.speaker_id == PESKOV.id)
    twice = [r for r in reports if len(r.outlets) == 2]
    assert len(twice) == 1
    assert twice[0].outlets == ("TASS", "VOA")
    assert twice[0].dates == ("2021-02-01", "2021-02-02")
    assert len(reports) == 2


def test_official_statements_side_by_side_per_event(local: GraphStore) -> None:
    groups = by_event(local.statements_by_official(PESKOV.id))
    assert [(g.key, g.statement_count) for g in groups] == [(RALLIES.id, 2)]


def test_claims_without_an_event_come_last(local: GraphStore) -> None:
    rows = local.statements_about_event(RALLIES.id) + local.statements_about_event(MEETING.id)
    loose = [r.__class__(**{**r.__dict__, "event_id": None, "event_name": None}) for r in rows[:3]]
    groups = by_event(loose + rows[3:])
    assert groups[-1].key is None and groups[-1].heading == "no event"
    assert groups[-1].statement_count == 3
    assert [g.key for g in groups[:-1]] == [RALLIES.id, MEETING.id]  # most statements first


def test_timeline_counts_per_series_and_date_and_skips_yearless_dates(local: GraphStore) -> None:
    rows = local.statements_about_event(RALLIES.id)
    points = timeline(rows, series=lambda r: r.speaker_name)
    assert ("Dmitry Peskov", "2021-02-01", 2) in [(p.series, p.date, p.count) for p in points]
    assert sum(p.count for p in points) == len(rows)
    yearless = [r.__class__(**{**r.__dict__, "date": "--02-01"}) for r in rows]
    assert timeline(yearless, series=lambda r: r.speaker_name) == []


def test_descriptions_show_how_a_speaker_was_named_over_time(local: GraphStore) -> None:
    found = descriptions_over_time(local.statements_by_official(PESKOV.id))
    assert found[0].first == "2021-02-01"
    assert {d.mention for d in found} >= {"Kremlin Spokesman Dmitry Peskov"}


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        (StatementFilter(), 5),
        (StatementFilter(start="2021-02-02"), 2),
        (StatementFilter(end="2021-02-01"), 3),
        (StatementFilter(outlets=frozenset({"VOA"})), 2),
        (StatementFilter(kinds=frozenset({"direct"})), 1),
        (StatementFilter(outlets=frozenset({"VOA"}), kinds=frozenset({"direct"})), 0),
    ],
)
def test_filters_by_dates_outlets_and_kinds(
    local: GraphStore, chosen: StatementFilter, expected: int
) -> None:
    rows = local.statements_about_event(RALLIES.id)
    kept = chosen.apply(rows)
    assert len(kept) == expected
    assert all(chosen.matches(r) for r in kept)
    assert chosen.active == (chosen != StatementFilter())


def test_outlet_falls_back_to_title_then_location(local: GraphStore) -> None:
    row = local.statements_about_event(RALLIES.id)[0]
    assert outlet(row) == "TASS"
    assert outlet(row.__class__(**{**row.__dict__, "article_source": None})) == (
        row.article_title or row.article_location
    )


def test_timeline_keeps_the_busiest_series_and_counts_the_rest_as_others(local: GraphStore) -> None:
    rows = local.statements_about_event(RALLIES.id)
    points = timeline(rows, series=lambda r: r.speaker_name, top=1)
    assert {p.series for p in points} == {"Dmitry Peskov", "others"}
    assert sum(p.count for p in points) == len(rows)
