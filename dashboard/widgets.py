"""Controls several pages share: the statement filters, bound to the URL so a filtered view is shareable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from graph.filters import StatementFilter, outlet
from graph.model import StatementRow

KINDS = ("direct", "indirect", "mixed")

Fetch = Callable[[str | None, str | None], list[StatementRow]]
"""Reads the statements between two inclusive ISO dates (``None``: open-ended) from the store."""


def statement_filter(
    fetch: Fetch, *, first: str | None, last: str | None
) -> tuple[StatementFilter, list[StatementRow]]:
    """Date range, outlet and kind pickers; their values live in the query string.

    The dates go to the store (``fetch(start, end)``), so choosing them reaches statements beyond the
    rows a page shows at once; the pickers are bounded by ``first`` and ``last``, the dates of the
    earliest and latest statement. Outlets and kinds narrow the rows fetched. Returns the filter and
    the fetched rows.
    """
    with st.expander("Filter: dates, outlets, kinds", expanded=False):
        from_column, to_column, outlet_column, kind_column = st.columns(4)
        low = _date(first)
        high = _date(last)
        start = from_column.date_input(
            "From", value=None, min_value=low, max_value=high, key="from", bind="query-params"
        )
        end = to_column.date_input(
            "To", value=None, min_value=low, max_value=high, key="to", bind="query-params"
        )
        start_text = start.isoformat() if isinstance(start, dt.date) else None
        end_text = end.isoformat() if isinstance(end, dt.date) else None
        rows = fetch(start_text, end_text)
        outlets = sorted({outlet(r) for r in rows})
        chosen_outlets = outlet_column.multiselect("Outlets", outlets, key="outlet", bind="query-params")
        chosen_kinds = kind_column.multiselect("Kinds", list(KINDS), key="kind", bind="query-params")
    chosen = StatementFilter(
        start=start_text, end=end_text, outlets=frozenset(chosen_outlets), kinds=frozenset(chosen_kinds)
    )
    return chosen, rows


def warn_if_cut(rows: list[StatementRow], *, limit: int, total: int, chosen: StatementFilter) -> None:
    """Say so when a page read ``limit`` of ``total`` statements, and how to reach the others."""
    if len(rows) >= limit:
        st.warning(
            f"Showing the earliest {limit} of {total} statements"
            + (" in the chosen dates" if chosen.start or chosen.end else "")
            + "; choose dates in the filter to see others."
        )


def _date(text: str | None) -> dt.date | None:
    if text is None or len(text) != 10:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
