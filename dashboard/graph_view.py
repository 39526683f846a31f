"""The interactive graph (streamlit-cytoscape: Cytoscape.js bundled in the wheel, served by Streamlit)."""

from __future__ import annotations

import re
from typing import Any

from streamlit_cytoscape import EdgeStyle, InfopanelAction, NodeStyle, streamlit_cytoscape

from dashboard.context import WORD_JOINER
from graph import schema
from graph.model import Subgraph

COLOURS = {
    schema.OFFICIAL: "#1f77b4",
    schema.ORGANIZATION: "#9467bd",
    schema.UNNAMED_SOURCE: "#bcbd22",
    schema.EVENT: "#d62728",
    schema.CLAIM: "#ff7f0e",
    schema.ARTICLE: "#7f7f7f",
    schema.PLACE: "#2ca02c",
}
ICONS = {
    schema.OFFICIAL: "person",
    schema.ORGANIZATION: "account_balance",
    schema.UNNAMED_SOURCE: "help",
    schema.EVENT: "flag",
    schema.CLAIM: "chat",
    schema.ARTICLE: "description",
    schema.PLACE: "place",
}
OPEN = "open"
"""The info panel's action that opens the selected node's page."""
_ANCHOR = re.compile(r"<(?=a)", re.IGNORECASE)


def elements(subgraph: Subgraph) -> dict[str, list[dict[str, Any]]]:
    """Cytoscape elements: each node's label drives its colour, its caption is its name."""
    nodes = [
        {
            "data": {
                "id": node.id,
                "label": node.label,
                "name": _inert(node.caption),
                **_shown(node.properties),
            }
        }
        for node in subgraph.nodes
    ]
    edges = [
        {
            "data": {
                "id": f"{e.source}|{e.type}|{e.target}",
                "label": e.type,
                "source": e.source,
                "target": e.target,
            }
        }
        for e in subgraph.edges
    ]
    return {"nodes": nodes, "edges": edges}


def _shown(properties: dict[str, Any]) -> dict[str, str]:
    shown = {}
    for key, value in properties.items():
        if key in ("id", "label", "name") or value is None or value == []:
            continue
        text = ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
        shown[key] = _inert(text if len(text) <= 400 else text[:400] + "…")
    return shown


def _inert(text: str) -> str:
    """``text`` as the info panel shows it: as text (the panel turns ``<a href=...>`` into a live link,
    so an invisible word joiner follows each ``<`` before an ``a``)."""
    return _ANCHOR.sub("<" + WORD_JOINER, text)


def show(subgraph: Subgraph, *, key: str, height: int = 560, actions: bool = True) -> Any:
    """Draw ``subgraph``; with ``actions``, returns the component's last action (``expand`` a node,
    ``open`` its page)."""
    edge_types = sorted({edge.type for edge in subgraph.edges})
    return streamlit_cytoscape(
        elements(subgraph),
        layout="fcose",
        node_styles=[
            NodeStyle(label, color=COLOURS[label], caption="name", icon=ICONS[label])
            for label in schema.LABELS
        ],
        edge_styles=[EdgeStyle(rel_type, caption="label", directed=True) for rel_type in edge_types],
        height=height,
        key=key,
        node_actions=["expand"] if actions else [],
        infopanel_actions=[InfopanelAction(OPEN, "Open its page")] if actions else [],
    )
