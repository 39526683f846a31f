"""Neighbourhoods merged as the explorer expands nodes; Cypher values turned into a graph."""

from __future__ import annotations

from graph.model import CypherResult, GraphEdge, GraphNode, Subgraph
from graph.store import GraphStore
from graph.subgraphs import from_cypher_result, merge

from .conftest import PESKOV, RALLIES, ZAKHAROVA


def test_expanding_merges_neighbourhoods_without_duplicates(seeded: GraphStore) -> None:
    first = seeded.neighbourhood(RALLIES.id)
    both = merge([first, seeded.neighbourhood(PESKOV.id), first])
    ids = [n.id for n in both.nodes]
    assert len(ids) == len(set(ids))
    assert {RALLIES.id, PESKOV.id} <= set(ids)
    assert len(both.nodes) > len(first.nodes)
    keys = [(e.source, e.target, e.type) for e in both.edges]
    assert len(keys) == len(set(keys))


def node(node_id: str, label: str = "Official") -> dict[str, object]:
    return {"labels": [label], "properties": {"id": node_id, "name": node_id.title(), "fingerprint": "x"}}


def test_nodes_relationships_and_paths_in_any_column_become_a_graph() -> None:
    rel = {"type": "STATED", "start": "a", "end": "c", "properties": {"cue": "said"}}
    dangling = {"type": "STATED", "start": "a", "end": "elsewhere", "properties": {}}
    result = CypherResult(
        columns=("path", "other", "count"),
        rows=((([node("a"), rel, node("c", "Claim")]), [node("b"), dangling], 3),),
    )
    graph = from_cypher_result(result)
    assert {n.id for n in graph.nodes} == {"a", "b", "c"}
    assert graph.edges == (GraphEdge("a", "c", "STATED", {"cue": "said"}),)
    assert all("fingerprint" not in n.properties for n in graph.nodes)


def test_scalar_results_have_no_graph() -> None:
    assert from_cypher_result(CypherResult(columns=("n",), rows=((1,), ("text",)))) == Subgraph()


def test_merge_keeps_the_first_version_of_a_node() -> None:
    one = Subgraph(nodes=(GraphNode(PESKOV.id, "Official", "first"),))
    two = Subgraph(
        nodes=(GraphNode(PESKOV.id, "Official", "second"), GraphNode(ZAKHAROVA.id, "Official", "z"))
    )
    assert [n.caption for n in merge([one, two]).nodes] == ["first", "z"]
