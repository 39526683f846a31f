"""Analytics: most-quoted speakers, the co-statement network (who speaks about the same events), and
statements per event over time. Computed with networkx from the store's statement facts, once per graph
state (the figures are kept for a few minutes, or until the graph's counts change)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.charts import event_days_chart
from dashboard.context import get_store
from dashboard.graph_view import show
from dashboard.limits import ANALYTICS_FACTS
from dashboard.tables import network_table, speaker_table
from graph.analytics import Report, analyse


@st.cache_data(ttl=300, max_entries=4, show_spinner="Computing the analytics…")
def report(signature: str) -> tuple[Report, str]:
    """The analytics for the graph whose counts are ``signature``, with the time they were computed."""
    facts = get_store().statement_facts(limit=ANALYTICS_FACTS)
    return analyse(facts), dt.datetime.now().strftime("%H:%M:%S")


def main() -> None:
    store = get_store()
    st.title("Analytics")
    counts = store.counts()
    figures, computed = report(
        f"{store.kind}:{sorted(counts.nodes.items())}:{sorted(counts.relationships.items())}"
    )
    if figures.statements == 0:
        st.info("No statements yet. Ingest articles with `saidgraph ingest PATH`.")
        return
    st.caption(f"Computed at {computed} on {figures.statements:,} statements.")
    if figures.statements >= ANALYTICS_FACTS:
        st.warning(f"Computed on the first {ANALYTICS_FACTS:,} statements (by date).")
    st.subheader("Most-quoted speakers")
    st.dataframe(
        speaker_table(list(figures.most_quoted)),
        hide_index=True,
        column_config={"page": st.column_config.LinkColumn("page", display_text="open")},
    )
    st.subheader("Co-statement network")
    st.caption(
        "The 200 most-quoted speakers, two linked when both made statements about the same event. "
        "Degree centrality: the "
        "share of other speakers each is linked to; betweenness: how often each lies on the shortest path "
        "between two others (estimated from 32 sampled speakers on larger networks); communities: "
        "Louvain modularity (0 = largest). The picture shows the 40 most central speakers."
    )
    roles = list(figures.roles)
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
            show(figures.network, key="co-statement", height=480, actions=False)
    st.subheader("Statements per event over time")
    event_days_chart(list(figures.event_days))


main()
