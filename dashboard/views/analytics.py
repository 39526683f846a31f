"""Analytics: most-quoted speakers, the co-statement network (who speaks about the same events), and
statements per event over time. Computed with networkx from the store's statement facts."""

from __future__ import annotations

import streamlit as st

from dashboard.charts import event_days_chart
from dashboard.context import get_store
from dashboard.graph_view import show
from dashboard.tables import network_table, speaker_table
from graph.analytics import (
    co_statement_graph,
    most_quoted,
    network_roles,
    network_subgraph,
    statements_per_event_over_time,
)

FACT_LIMIT = 200_000


def main() -> None:
    store = get_store()
    st.title("Analytics")
    facts = store.statement_facts(limit=FACT_LIMIT)
    if not facts:
        st.info("No statements yet. Ingest articles with `saidgraph ingest PATH`.")
        return
    if len(facts) >= FACT_LIMIT:
        st.warning(f"Computed on the first {FACT_LIMIT:,} statements (by date).")
    st.subheader("Most-quoted speakers")
    st.dataframe(
        speaker_table(most_quoted(facts, top=25)),
        hide_index=True,
        column_config={"page": st.column_config.LinkColumn("page", display_text="open")},
    )
    st.subheader("Co-statement network")
    st.caption(
        "Two speakers are linked when both made statements about the same event. Degree centrality: the "
        "share of other speakers each is linked to; betweenness: how often each lies on the shortest path "
        "between two others; communities: Louvain modularity (0 = largest)."
    )
    graph = co_statement_graph(facts)
    roles = network_roles(graph)
    if not roles:
        st.caption("No two speakers have spoken about the same event yet.")
    else:
        communities = len({r.community for r in roles})
        st.caption(f"{len(roles)} linked speakers in {communities} communities.")
        table, picture = st.columns([1, 1])
        with table:
            st.dataframe(
                network_table(roles[:100]),
                hide_index=True,
                column_config={"page": st.column_config.LinkColumn("page", display_text="open")},
            )
        with picture:
            show(network_subgraph(graph, roles), key="co-statement", height=480, actions=False)
    st.subheader("Statements per event over time")
    event_days_chart(statements_per_event_over_time(facts, top=10))


main()
