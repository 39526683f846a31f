"""saidgraph dashboard: who said what, about which event, when, and where it was reported.

Run with ``saidgraph dashboard`` (``streamlit run dashboard/server.py`` puts the upload gate in front of
this script; run bare, the Ingest page takes nothing). Every page lives in
``dashboard/views/``; its state is in the URL (``/event?id=...``) so a view can be shared. The store is
opened once per server process from the same settings the CLI uses.
"""

from __future__ import annotations

import streamlit as st

from dashboard.auth import signed_in
from dashboard.context import get_settings, get_store, md_escape
from dashboard.gate import signed_in_sessions
from graph.errors import SaidgraphError


def sidebar() -> None:
    """Store kind and graph size; an error instead if the store cannot be opened."""
    try:
        store = get_store()
        counts = store.counts()
    except SaidgraphError as exc:
        st.error(f"Cannot open the graph store: {md_escape(str(exc))}")
        st.stop()
    with st.sidebar:
        st.caption(f"Store: {store.kind}")
        first, second = st.columns(2)
        first.metric("Statements", counts.relationships.get("STATED", 0))
        second.metric("Officials", counts.nodes.get("Official", 0))
        first.metric("Events", counts.nodes.get("Event", 0))
        second.metric("Articles", counts.nodes.get("Article", 0))


def main() -> None:
    st.set_page_config(page_title="saidgraph", layout="wide")
    if not signed_in(get_settings().dashboard_password, signed_in_sessions()):
        st.stop()
    navigation = st.navigation(
        {
            "Explore": [
                st.Page("views/search.py", title="Search", default=True),
                st.Page("views/event.py", title="Event", url_path="event"),
                st.Page("views/official.py", title="Official", url_path="official"),
                st.Page("views/claim.py", title="Statement in its article", url_path="claim"),
                st.Page("views/explore.py", title="Graph explorer", url_path="explore"),
                st.Page("views/analytics.py", title="Analytics", url_path="analytics"),
                st.Page("views/audit.py", title="Identity audit", url_path="audit"),
            ],
            "Power users": [
                st.Page("views/console.py", title="Cypher console", url_path="cypher"),
                st.Page("views/ingest.py", title="Ingest", url_path="ingest"),
            ],
        }
    )
    sidebar()
    navigation.run()


main()
