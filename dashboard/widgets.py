"""Controls several pages share: the statement filters, bound to the URL so a filtered view is shareable."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from graph.filters import StatementFilter, outlet
from graph.model import StatementRow

KINDS = ("direct", "indirect", "mixed")


def statement_filter(rows: list[StatementRow]) -> StatementFilter:
    """Date range, outlet and kind pickers over ``rows``; their values live in the query string."""
    dates = sorted(r.date for r in rows if r.date and len(r.date) == 10)
    outlets = sorted({outlet(r) for r in rows})
    with st.expander("Filter: dates, outlets, kinds", expanded=False):
        first, second, third, fourth = st.columns(4)
        low = _date(dates[0]) if dates else None
        high = _date(dates[-1]) if dates else None
        start = first.date_input(
            "From", value=None, min_value=low, max_value=high, key="from", bind="query-params"
        )
        end = second.date_input(
            "To", value=None, min_value=low, max_value=high, key="to", bind="query-params"
        )
        chosen_outlets = third.multiselect("Outlets", outlets, key="outlet", bind="query-params")
        chosen_kinds = fourth.multiselect("Kinds", list(KINDS), key="kind", bind="query-params")
    return StatementFilter(
        start=start.isoformat() if isinstance(start, dt.date) else None,
        end=end.isoformat() if isinstance(end, dt.date) else None,
        outlets=frozenset(chosen_outlets),
        kinds=frozenset(chosen_kinds),
    )


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
