"""saidgraph dashboard: who said what about an event.

Run with ``saidgraph dashboard`` or ``streamlit run dashboard/app.py``. The store is opened once per
server process (``st.cache_resource``) from the same settings the CLI uses.
"""

from __future__ import annotations

import streamlit as st

from dashboard.tables import statement_table
from graph.errors import SaidgraphError
from graph.factory import open_store
from graph.settings import load_settings
from graph.store import GraphStore


@st.cache_resource
def get_store() -> GraphStore:
    """The configured store, opened read-only once for every session of this server."""
    return open_store(load_settings(), read_only=True)


def main() -> None:
    """Render the who-said-what page."""
    st.set_page_config(page_title="saidgraph", layout="wide")
    st.title("saidgraph: who said what")
    try:
        store = get_store()
        counts = store.counts()
    except SaidgraphError as exc:
        st.error(f"Cannot open the graph store: {exc}")
        st.stop()
    with st.sidebar:
        st.caption(f"Store: {store.kind}")
        st.metric("Statements", counts.relationships.get("STATED", 0))
        st.metric("Officials", counts.nodes.get("Official", 0))
        st.metric("Events", counts.nodes.get("Event", 0))
    query = st.text_input("Event", value=st.query_params.get("event", ""), placeholder="e.g. rallies")
    if query != st.query_params.get("event", ""):
        st.query_params["event"] = query
    events = store.find_events(query, limit=50)
    if not events:
        st.info("No event matches. Ingest articles with `saidgraph ingest PATH`.")
        return
    labels = {f"{e.name} ({e.date or 'undated'}, {e.statement_count} statements)": e for e in events}
    choice = st.selectbox("Event", list(labels), label_visibility="collapsed")
    event = labels[choice]
    rows = store.statements_about_event(event.id, limit=500)
    st.subheader(f"{event.name}")
    st.caption(", ".join(part for part in (event.type, event.date, event.place) if part))
    st.dataframe(statement_table(rows), use_container_width=True, hide_index=True)


main()
