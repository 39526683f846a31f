"""The Cypher console's guarantees, on a real Neo4j: writes are refused and change nothing; reads return
tables and graphs; the example queries all run."""

from __future__ import annotations

import time

import pytest

from graph.cypher import console_examples
from graph.errors import QueryError, QueryTimeoutError, ReadOnlyError, UnsupportedQueryError
from graph.store import GraphStore
from graph.subgraphs import from_cypher_result

from .conftest import PESKOV, RALLIES, with_unnamed_sources

WRITES = {
    "create": "CREATE (n:Official {id: 'intruder', name: 'Intruder'})",
    "merge": "MERGE (n:Official {id: 'intruder'}) RETURN n",
    "delete": "MATCH (n) DETACH DELETE n",
    "set": "MATCH (o:Official) SET o.name = 'changed' RETURN o",
    "remove": "MATCH (o:Official) REMOVE o.role RETURN o",
    "create label": "CALL db.createLabel('Intruder')",
    "create property": "CALL db.createProperty('intruder')",
    "load csv": "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "dbms": "CALL dbms.listConfig() YIELD name RETURN name",
    "write in a subquery": (
        "MATCH (o:Official) CALL (o) { CREATE (:Claim {id: 'hidden-' + o.id}) } RETURN o.name"
    ),
    "write in a foreach": "MATCH (o:Official) FOREACH (x IN [1] | SET o.name = 'x') RETURN o",
    "two statements": "MATCH (n) RETURN n LIMIT 1; CREATE (:Official {id: 'second'})",
    "lower-case create": "create (n:Official {id: 'intruder'})",
    "write after a comment": "// read only, honest\nMATCH (o:Official) WITH o CREATE (:Claim {id: 'x'})",
}

pytestmark = pytest.mark.neo4j


def snapshot(store: GraphStore) -> tuple[object, ...]:
    names = store.run_cypher("MATCH (n) RETURN n.id, n.name, n.role ORDER BY n.id").rows
    return (store.counts(), names)


@pytest.mark.parametrize("query", list(WRITES.values()), ids=list(WRITES))
def test_writes_are_refused_and_the_graph_is_unchanged(seeded_neo4j: GraphStore, query: str) -> None:
    before = snapshot(seeded_neo4j)
    with pytest.raises(ReadOnlyError, match="refused"):
        seeded_neo4j.run_cypher(query)
    assert snapshot(seeded_neo4j) == before


def test_reads_return_rows_and_a_graph_of_paths(seeded_neo4j: GraphStore) -> None:
    result = seeded_neo4j.run_cypher(
        "MATCH p = (o:Official {id: $id})-[:STATED]->(:Claim)-[:CONCERNS]->(:Event) RETURN p",
        {"id": PESKOV.id},
    )
    assert len(result.rows) == 3
    graph = from_cypher_result(result)
    assert {n.id for n in graph.nodes} >= {PESKOV.id, RALLIES.id}
    assert {e.type for e in graph.edges} == {"STATED", "CONCERNS"}
    node_ids = {n.id for n in graph.nodes}
    assert all(e.source in node_ids and e.target in node_ids for e in graph.edges)


def test_row_cap_truncates_and_says_so(seeded_neo4j: GraphStore) -> None:
    result = seeded_neo4j.run_cypher("MATCH (n) RETURN n.id", row_cap=3)
    assert len(result.rows) == 3 and result.truncated and result.truncated_by == "rows"


def test_a_query_past_its_timeout_is_stopped(seeded_neo4j: GraphStore) -> None:
    slow = "UNWIND range(1, 100000000) AS x WITH x WHERE x % 7 = 123456789 RETURN count(x)"
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError, match=r"ran past its 0\.5 s timeout"):
        seeded_neo4j.run_cypher(slow, timeout_s=0.5)
    assert time.monotonic() - started < 0.5 + 3


def test_syntax_errors_are_query_errors(seeded_neo4j: GraphStore) -> None:
    with pytest.raises(QueryError, match=r"syntax|Invalid input"):
        seeded_neo4j.run_cypher("MATCH (n RETURN n")


@pytest.mark.parametrize("title", list(console_examples()))
def test_every_console_example_runs_read_only_and_returns_rows(seeded_neo4j: GraphStore, title: str) -> None:
    seeded_neo4j.write_article(with_unnamed_sources())
    result = seeded_neo4j.run_cypher(console_examples()[title])
    assert result.columns
    if "Full-text" not in title:
        assert result.rows, title


def test_the_embedded_store_says_it_does_not_run_cypher(embedded_store: GraphStore) -> None:
    with pytest.raises(UnsupportedQueryError, match="does not run Cypher"):
        embedded_store.run_cypher("MATCH (n) RETURN n")


def test_with_writes_allowed_a_write_commits_even_in_batched_transactions(seeded_neo4j: GraphStore) -> None:
    created = seeded_neo4j.run_cypher(
        "UNWIND range(1, 3) AS i CALL (i) { CREATE (:Claim {id: 'batch-' + i}) } IN TRANSACTIONS OF 2 ROWS "
        "RETURN count(*) AS n",
        allow_writes=True,
        timeout_s=30,
    )
    assert created.rows == ((3,),)
    found = seeded_neo4j.run_cypher(
        "MATCH (c:Claim) WHERE c.id STARTS WITH 'batch-' RETURN c.id AS id ORDER BY id", timeout_s=30
    )
    assert found.rows == (("batch-1",), ("batch-2",), ("batch-3",))
