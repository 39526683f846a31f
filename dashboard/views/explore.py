"""Graph explorer: the neighbourhood of an official, event or claim; expand nodes, open their pages."""

from __future__ import annotations

import streamlit as st

from dashboard.context import PAGES, get_store, graph_state, name_directory
from dashboard.graph_view import OPEN, show
from dashboard.limits import NEIGHBOURS
from graph import schema
from graph.subgraphs import merge

PAGE_OF = {
    schema.OFFICIAL: "official",
    schema.ORGANIZATION: "official",
    schema.UNNAMED_SOURCE: "official",
    schema.EVENT: "event",
    schema.CLAIM: "claim",
}


def main() -> None:
    store = get_store()
    st.title("Graph explorer")
    centre = st.query_params.get("id")
    if not centre:
        entries = name_directory(graph_state(store))
        captions = {f"{e.kind}: {e.caption}": e.id for e in entries}
        picked = st.selectbox("Start from", list(captions), index=None, placeholder="Type a name…")
        if picked is None:
            st.caption("Pick an official, organization or event, or open the explorer from any page.")
            return
        st.query_params["id"] = centre = captions[picked]
    expanded: list[str] = st.session_state.setdefault(f"expanded:{centre}", [centre])
    subgraph = merge(store.neighbourhood(node_id, limit=NEIGHBOURS) for node_id in expanded)
    if not subgraph.nodes:
        st.error("Nothing in the graph has this id (it may have been removed by a re-ingest).")
        return
    st.caption(
        f"{len(subgraph.nodes)} nodes, {len(subgraph.edges)} relationships. Click a node for its details; "
        "double-click (or the expand button) to add its neighbours; 'Open its page' in the panel."
    )
    action = show(subgraph, key=f"explorer:{centre}")
    if isinstance(action, dict):
        handle(action, expanded)
    counts: dict[str, int] = {}
    for node in subgraph.nodes:
        counts[node.label] = counts.get(node.label, 0) + 1
    st.caption(" · ".join(f"{label}: {n}" for label, n in sorted(counts.items())))


def handle(action: dict[str, object], expanded: list[str]) -> None:
    """Expand adds a node's neighbours; open goes to the node's page."""
    data = action.get("data")
    stamp = action.get("timestamp")
    if not isinstance(data, dict) or st.session_state.get("explorer:handled") == stamp:
        return
    st.session_state["explorer:handled"] = stamp
    if action.get("action") == "expand":
        new = [str(n) for n in data.get("node_ids", []) if str(n) not in expanded]
        if new:
            expanded.extend(new)
            st.rerun()
    elif action.get("action") == OPEN:
        element = data.get("element_data")
        if isinstance(element, dict) and element.get("label") in PAGE_OF:
            st.switch_page(PAGES[PAGE_OF[str(element["label"])]], query_params={"id": str(element["id"])})


main()
