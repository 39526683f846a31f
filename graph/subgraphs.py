"""Subgraphs for the graph view: merging neighbourhoods as nodes are expanded, and Cypher results."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graph.model import CypherResult, GraphEdge, GraphNode, Subgraph


def merge(parts: Iterable[Subgraph]) -> Subgraph:
    """The union of several subgraphs (a node or edge seen twice is kept once, first seen wins)."""
    nodes: dict[str, GraphNode] = {}
    edges: dict[tuple[str, str, str], GraphEdge] = {}
    for part in parts:
        for node in part.nodes:
            nodes.setdefault(node.id, node)
        for edge in part.edges:
            edges.setdefault((edge.source, edge.target, edge.type), edge)
    return Subgraph(nodes=tuple(nodes.values()), edges=tuple(edges.values()))


def from_cypher_result(result: CypherResult) -> Subgraph:
    """The nodes and relationships returned by a Cypher query (in any column, list or path).

    Relationships whose end nodes were not returned are left out, so the view never dangles.
    """
    nodes: dict[str, GraphNode] = {}
    edges: list[GraphEdge] = []
    for row in result.rows:
        for value in row:
            _collect(value, nodes, edges)
    kept = [e for e in edges if e.source in nodes and e.target in nodes]
    return merge([Subgraph(nodes=tuple(nodes.values()), edges=tuple(kept))])


def _collect(value: Any, nodes: dict[str, GraphNode], edges: list[GraphEdge]) -> None:
    if isinstance(value, list):
        for item in value:
            _collect(item, nodes, edges)
    elif isinstance(value, Mapping) and "labels" in value and "properties" in value:
        props = dict(value["properties"])
        node_id = str(props.get("id", ""))
        if node_id:
            caption = str(props.get("name") or props.get("title") or props.get("text") or node_id)
            label = next(iter(value["labels"]), "")
            shown = {k: v for k, v in props.items() if k not in ("fingerprint",) and not _long_text(k, v)}
            nodes.setdefault(node_id, GraphNode(node_id, label, caption[:80], shown))
    elif (
        isinstance(value, Mapping)
        and {"type", "start", "end"} <= value.keys()
        and value["start"] is not None
        and value["end"] is not None
    ):
        edges.append(
            GraphEdge(str(value["start"]), str(value["end"]), str(value["type"]), dict(value["properties"]))
        )


def _long_text(key: str, value: Any) -> bool:
    return key == "text" and isinstance(value, str) and len(value) > 2000
