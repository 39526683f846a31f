"""The summaries the Neo4j store keeps on speakers and events (counts, dates, search text): rebuilt
at start-up for a graph written before they were kept, and read through their indexes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from graph import cypher, ids
from graph.model import ArticleGraph, OfficialNode
from graph.neo4j_store import Neo4jStore
from graph.store import GraphStore

from .conftest import PESKOV, ZAKHAROVA

pytestmark = pytest.mark.neo4j


@pytest.fixture
def seeded(seeded_neo4j: GraphStore) -> Neo4jStore:
    assert isinstance(seeded_neo4j, Neo4jStore)
    return seeded_neo4j


def _everything(store: GraphStore) -> tuple[object, ...]:
    return (
        store.find_officials(""),
        store.find_officials("spokes"),
        store.find_events(""),
        store.find_events("rallies"),
        store.official_profile(PESKOV.id),
        store.official_profile(ZAKHAROVA.id),
        store.statements_by_official(PESKOV.id),
    )


def test_a_graph_written_before_summaries_were_kept_gets_them_at_start_up(seeded: Neo4jStore) -> None:
    before = _everything(seeded)
    for forget in (
        "MATCH (n) WHERE n:Official OR n:Organization OR n:Event "
        "REMOVE n.statements, n.first_date, n.last_date, n.search, n.summarised",
        "MATCH ()-[r:STATED]->() REMOVE r.speaker_key",
        "MATCH ()-[r:SPOKE_ABOUT]->() DELETE r",
    ):
        seeded.driver.execute_query(forget, database_=seeded.database)
    assert seeded.find_officials("spokes") == []  # nothing to search until they are rebuilt
    assert seeded.statements_by_official(PESKOV.id) == []
    profile = seeded.official_profile(PESKOV.id)
    assert profile is not None and profile.events == ()
    seeded.ensure_schema()
    assert _everything(seeded) == before
    assert [o.id for o in seeded.find_officials("spokes")] == [PESKOV.id, ZAKHAROVA.id]


def test_officials_written_before_identity_keys_were_kept_get_them_at_start_up(seeded: Neo4jStore) -> None:
    seeded.driver.execute_query("MATCH (o:Official) REMOVE o.surname", database_=seeded.database)
    assert seeded.officials_by_surname("Peskov") == []
    seeded.ensure_schema()
    assert [o.id for o in seeded.officials_by_surname("Peskov")] == [PESKOV.id]
    assert [o.id for o in seeded.officials_by_surname("Zakharova")] == [ZAKHAROVA.id]


@pytest.mark.parametrize(
    ("query", "params", "operator"),
    [
        (cypher.officials_by_surname(), {"surname": "peskov"}, "NodeIndexSeek"),
        (cypher.find_officials(), {"query": "peskov", "limit": 10}, "NodeIndexContainsScan"),
        (cypher.find_events(), {"query": "rallies", "limit": 10}, "NodeIndexContainsScan"),
        (cypher.speaker_directory(), {"limit": 10}, "NodeIndexSeekByRange"),
        (cypher.event_directory(), {"limit": 10}, "NodeIndexSeekByRange"),
        (
            cypher.statements_by_official(),
            {"speaker_id": PESKOV.id, "start": None, "end": None, "limit": 10},
            "DirectedRelationshipIndexSeekByRange",
        ),
    ],
)
def test_look_ups_read_an_index_not_every_node(
    seeded: Neo4jStore,
    statement_article: Callable[[OfficialNode, int], ArticleGraph],
    query: str,
    params: dict[str, object],
    operator: str,
) -> None:
    # enough speakers and statements that reading all of them costs the planner more than a seek
    others = [OfficialNode(id=ids.official_id(f"Official {n}"), name=f"Official {n}") for n in range(300)]
    seeded.write_articles([statement_article(official, n) for n, official in enumerate(others)])
    with seeded.driver.session(database=seeded.database) as session:
        session.run("CALL db.prepareForReplanning()").consume()  # resample the indexes, clear plans
        plan = session.run(cypher.explain(query), params).consume().plan
    assert plan is not None
    operators = set(_operators(plan))
    assert any(op.startswith(operator) for op in operators), operators
    assert not any(op.startswith("NodeByLabelScan") for op in operators), operators


def _operators(plan: dict[str, object]) -> list[str]:
    children = plan.get("children") or []
    assert isinstance(children, list)
    found = [str(plan["operatorType"]).split("@")[0]]
    for child in children:
        found += _operators(child)
    return found
