"""Search: one box over officials, organizations, events and claim text; results appear as you type."""

from __future__ import annotations

import streamlit as st

from dashboard.context import PAGES, get_store, graph_state, md_escape, name_directory, page_link
from dashboard.tables import statement_table
from graph.search import search
from graph.wording import counted


def main() -> None:
    st.title("saidgraph: who said what")
    store = get_store()
    entries = name_directory(graph_state(store))
    if not entries:
        st.info("The graph is empty. Ingest articles with `saidgraph ingest PATH` or on the Ingest page.")
        return
    captions = {f"{e.kind}: {e.caption}": e for e in entries}
    picked = st.selectbox(
        "Go to an official, organization or event",
        list(captions),
        index=None,
        placeholder="Start typing a name…",
        key="goto",
    )
    if picked is not None:
        entry = captions[picked]
        page = "official" if entry.kind in ("official", "organization") else "event"
        st.switch_page(PAGES[page], query_params={"id": entry.id})
    query = st.text_input(
        "Search names, events and what was said",
        key="q",
        type="search",
        live=True,
        bind="query-params",
        placeholder="e.g. Peskov, rallies, video footage",
    )
    if not query.strip():
        st.caption(f"{len(entries)} officials, organizations and events. Type to search.")
        return
    results = search(store, query, limit=10)
    if results.total == 0:
        st.info(f"Nothing matches {md_escape(repr(query))}.")
        return
    left, right = st.columns(2)
    with left:
        if results.officials:
            st.subheader("Officials")
            for official in results.officials:
                detail = ", ".join(p for p in (official.role, official.organization) if p)
                label = f"{official.name}" + (f" ({detail})" if detail else "")
                page_link(
                    "official", f"{label} · {counted(official.statement_count, 'statement')}", id=official.id
                )
        if results.organizations:
            st.subheader("Organizations")
            for org in results.organizations:
                page_link("official", f"{org.name} · {counted(org.statement_count, 'statement')}", id=org.id)
    with right:
        if results.events:
            st.subheader("Events")
            for event in results.events:
                detail = ", ".join(p for p in (event.type, event.date, event.place) if p)
                page_link(
                    "event",
                    f"{event.name} ({detail}) · {counted(event.statement_count, 'statement')}",
                    id=event.id,
                )
    if results.claims:
        st.subheader("Statements")
        st.dataframe(
            statement_table(list(results.claims)),
            hide_index=True,
            column_config={"open": st.column_config.LinkColumn("open", display_text="in article")},
        )


main()
