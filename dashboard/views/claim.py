"""A statement inside its article: speaker, cue and content highlighted at their character offsets."""

from __future__ import annotations

import streamlit as st

from dashboard.context import get_store, href, md_escape, page_link
from dashboard.provenance import segments_html
from graph.filters import outlet
from graph.provenance import provenance_segments
from graph.wording import counted


def main() -> None:
    store = get_store()
    claim_id = st.query_params.get("id")
    if not claim_id:
        st.title("Statement in its article")
        st.info("Open a statement from an event's or an official's page, or from a search.")
        page_link("search", "Search")
        return
    rows = store.statements_for_claim(claim_id)
    if not rows:
        st.error("No such statement in the graph (its article may have been edited or removed).")
        page_link("search", "Back to search")
        return
    st.title("Statement in its article")
    reports = {f"{outlet(r)} · {r.speaker_name} ({r.cue}) · {r.date or 'undated'}": r for r in rows}
    wanted = (st.query_params.get("article"), st.query_params.get("speaker"))
    default = next(
        (i for i, r in enumerate(rows) if (r.article_id, r.speaker_id) == wanted),
        next((i for i, r in enumerate(rows) if r.article_id == wanted[0]), 0),
    )
    label = st.selectbox(f"Reported {counted(len(rows), 'time')}", list(reports), index=default)
    row = reports[label]
    st.text(row.text)
    speaker, event = st.columns(2)
    with speaker:
        page_link(
            "official",
            f"Speaker: {row.speaker_name}" + (f", {row.role}" if row.role else ""),
            id=row.speaker_id,
        )
    with event:
        if row.event_id:
            page_link("event", f"Event: {row.event_name}", id=row.event_id)
        else:
            st.caption("Not linked to an event")
    source = row.article_title or row.article_location
    facts = (source, outlet(row), row.date or "undated", row.kind, f"confidence {row.confidence:.2f}")
    st.caption(md_escape(" · ".join(facts)))
    if row.article_url and row.article_url.startswith(("http://", "https://")):
        st.link_button("Open the source", row.article_url)
    st.markdown(f"[Explore the claim's graph]({href('explore', id=row.claim_id)})")
    text = store.article_text(row.article_id) or ""
    st.html(segments_html(provenance_segments(text, row)))


main()
