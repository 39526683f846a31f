"""Most-quoted speakers, the co-statement network and statements over time, from either store's facts."""

from __future__ import annotations

from graph.analytics import (
    analyse,
    co_statement_graph,
    communities_of,
    most_quoted,
    network_roles,
    network_subgraph,
    statements_per_event_over_time,
)
from graph.model import StatementFact
from graph.store import GraphStore

from .conftest import BLINKEN, PESKOV, POLICE, RALLIES, ZAKHAROVA


def fact(speaker: str, event: str | None, date: str | None = "2021-02-01", n: int = 0) -> StatementFact:
    return StatementFact(
        claim_id=f"claim:{speaker}:{event}:{n}",
        speaker_id=speaker,
        speaker_name=speaker.title(),
        speaker_label="Official",
        event_id=event,
        event_name=event,
        date=date,
        kind="direct",
        article_id=f"article:{n}",
        article_source="Wire",
    )


def test_most_quoted_counts_statements_events_and_outlets(seeded: GraphStore) -> None:
    top = most_quoted(seeded.statement_facts())
    assert top[0].id == PESKOV.id
    assert (top[0].statements, top[0].events, top[0].outlets) == (3, 1, 2)
    assert len(most_quoted(seeded.statement_facts(), top=2)) == 2


def test_speakers_on_the_same_event_are_linked(seeded: GraphStore) -> None:
    graph = co_statement_graph(seeded.statement_facts())
    assert graph.has_edge(PESKOV.id, ZAKHAROVA.id)
    assert graph.has_edge(PESKOV.id, POLICE.id)
    assert graph.edges[PESKOV.id, ZAKHAROVA.id]["weight"] == 1
    assert graph.edges[PESKOV.id, ZAKHAROVA.id]["events"] == [RALLIES.name]
    assert graph.degree(BLINKEN.id) == 0
    assert graph.nodes[PESKOV.id]["statements"] == 3


def test_shared_events_add_up_as_weight() -> None:
    facts = [fact("a", "e1"), fact("b", "e1"), fact("a", "e2", n=1), fact("b", "e2", n=1), fact("c", "e2")]
    graph = co_statement_graph(facts)
    assert graph.edges["a", "b"]["weight"] == 2
    assert graph.edges["a", "c"]["weight"] == 1


def test_roles_rank_the_broker_first_and_leave_isolated_speakers_out() -> None:
    # two triangles joined through "hub": hub lies on every path between them
    facts = [fact(s, "left") for s in ("a", "b", "hub")] + [fact(s, "right", n=1) for s in ("c", "d", "hub")]
    facts.append(fact("loner", "alone"))
    roles = network_roles(co_statement_graph(facts))
    assert roles[0].name == "Hub"
    assert roles[0].betweenness == 0.6667  # 4 of the 6 pairs of the others pass through it
    assert all(r.betweenness == 0 for r in roles[1:])
    assert "Loner" not in {r.name for r in roles}
    assert len({r.community for r in roles}) == 2


def test_communities_are_repeatable_and_numbered_by_size() -> None:
    facts = [fact(s, "big") for s in "abcd"] + [fact(s, "small", n=1) for s in "xy"]
    graph = co_statement_graph(facts)
    first, second = communities_of(graph), communities_of(graph)
    assert first == second
    assert first["a"] == 0 and first["x"] == 1


def test_network_subgraph_keeps_the_most_central(seeded: GraphStore) -> None:
    graph = co_statement_graph(seeded.statement_facts())
    roles = network_roles(graph)
    view = network_subgraph(graph, roles, top=2)
    assert len(view.nodes) == 2
    assert view.nodes[0].id == PESKOV.id
    assert all(e.source in {n.id for n in view.nodes} for e in view.edges)


def test_statements_per_event_per_date_skip_undated_and_yearless() -> None:
    facts = [
        fact("a", "e1", "2021-02-01"),
        fact("b", "e1", "2021-02-01", n=1),
        fact("a", "e1", "2021-02-03", n=2),
        fact("a", "e2", None),
        fact("a", "e2", "--02-01", n=3),
    ]
    days = statements_per_event_over_time(facts)
    assert [(d.event_id, d.date, d.statements) for d in days] == [
        ("e1", "2021-02-01", 2),
        ("e1", "2021-02-03", 1),
    ]


def test_empty_graph_has_no_roles() -> None:
    assert network_roles(co_statement_graph([])) == []


def test_the_report_builds_the_network_of_the_most_quoted_speakers_only() -> None:
    facts = [fact("a", "e1", n=i) for i in range(3)] + [fact("b", "e1", n=9), fact("c", "e1", n=8)]
    facts.append(fact("b", "e2", n=7))
    report = analyse(facts, network_speakers=2)
    assert {r.id for r in report.roles} == {"a", "b"}
    assert [s.id for s in report.most_quoted] == ["a", "b", "c"]
    assert report.statements == len(facts)
