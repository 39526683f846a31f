"""saidgraph dashboard: who said what about an event.

Run with ``saidgraph dashboard`` or ``streamlit run dashboard/app.py``. The store is opened once per
server process (``st.cache_resource``) from the same settings the CLI uses.
"""

from __future__ import annotations

import streamlit as st

from dashboard.provenance import segments_html
from dashboard.tables import statement_table
from graph.errors import SaidgraphError
from graph.factory import open_store
from graph.model import StatementRow
from graph.provenance import provenance_segments
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
    if rows:
        show_provenance(store, rows)


def show_provenance(store: GraphStore, rows: list[StatementRow]) -> None:
    """The chosen statement inside its article, speaker, cue and content marked at their offsets."""
    st.subheader("Where it was said")
    labels = [f"{r.speaker_name} ({r.cue}): {r.text[:80]}" for r in rows]
    index = st.selectbox("Statement", range(len(rows)), format_func=lambda i: labels[i])
    row = rows[index]
    source = row.article_title or row.article_location
    st.caption(f"{source} · {row.article_source or ''} · {row.date or 'undated'}")
    if row.article_url and row.article_url.startswith(("http://", "https://")):
        st.link_button("Open the source", row.article_url)
    text = store.article_text(row.article_id) or ""
    st.html(segments_html(provenance_segments(text, row)))


main()
