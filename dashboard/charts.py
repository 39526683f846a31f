"""Charts (Altair/Vega-Lite, drawn by Streamlit's own bundled renderer: nothing loads from a CDN)."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd
import streamlit as st

from graph.analytics import EventDay
from graph.grouping import TimelinePoint


def timeline_chart(points: Sequence[TimelinePoint], *, series_title: str) -> None:
    """Statements per date, one colour per series (speaker or event)."""
    if not points:
        st.caption("No dated statements to chart.")
        return
    data = [{"date": p.date, series_title: p.series, "statements": p.count} for p in points]
    chart = (
        alt.Chart(pd.DataFrame(data))
        .mark_circle(opacity=0.8)
        .encode(
            x=alt.X("date:T", title="date"),
            y=alt.Y(f"{series_title}:N", title=None, sort="-size"),
            size=alt.Size("statements:Q", legend=None, scale=alt.Scale(range=[60, 600])),
            color=alt.Color(f"{series_title}:N", legend=None),
            tooltip=[f"{series_title}:N", "date:T", "statements:Q"],
        )
    )
    st.altair_chart(chart, width="stretch")


def event_days_chart(days: Sequence[EventDay]) -> None:
    """Statements per event per date, as stacked bars."""
    if not days:
        st.caption("No dated statements about events yet.")
        return
    data = [{"date": d.date, "event": d.event_name, "statements": d.statements} for d in days]
    chart = (
        alt.Chart(pd.DataFrame(data))
        .mark_bar()
        .encode(
            x=alt.X("date:T", title="date"),
            y=alt.Y("sum(statements):Q", title="statements"),
            color=alt.Color("event:N", legend=alt.Legend(orient="bottom", columns=2, labelLimit=400)),
            tooltip=["event:N", "date:T", "statements:Q"],
        )
    )
    st.altair_chart(chart, width="stretch")
