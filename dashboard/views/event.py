"""Who said what about an event: statements grouped by speaker, a timeline, the outlets."""

from __future__ import annotations

import streamlit as st

from dashboard.charts import timeline_chart
from dashboard.context import get_store, href, md_escape, page_link
from dashboard.limits import EVENT_ROWS, LISTED
from dashboard.tables import report_table, statement_table
from dashboard.widgets import statement_filter, warn_if_cut
from graph.grouping import by_speaker, timeline
from graph.wording import counted

TIMELINE_SERIES = 12
MAX_GROUPS = 10


def main() -> None:
    store = get_store()
    event_id = st.query_params.get("id")
    if not event_id:
        st.title("Events")
        events = store.find_events("", limit=LISTED)
        if not events:
            st.info("No events yet. Ingest articles with `saidgraph ingest PATH`.")
            return
        for event in events:
            detail = ", ".join(p for p in (event.type, event.date, event.place) if p)
            page_link(
                "event",
                f"{event.name} ({detail}) · {counted(event.statement_count, 'statement')}",
                id=event.id,
            )
        return
    profile = store.event_profile(event_id)
    if profile is None:
        st.error("No such event in the graph (it may have been removed by a re-ingest).")
        page_link("search", "Back to search")
        return
    st.title(md_escape(profile.name), anchor=False)
    st.caption(
        md_escape(" · ".join(p for p in (profile.type, profile.date or "undated", profile.place) if p))
    )
    chosen, rows = statement_filter(
        lambda start, end: store.statements_about_event(event_id, start=start, end=end, limit=EVENT_ROWS),
        first=profile.first_date,
        last=profile.last_date,
    )
    shown = chosen.apply(rows)
    groups = by_speaker(shown)
    first, second, third = st.columns(3)
    first.metric("Statements", len({(r.speaker_id, r.claim_id) for r in shown}))
    second.metric("Speakers", len(groups))
    third.metric("Articles", len({r.article_id for r in shown}))
    if len(profile.mentions) > 1:
        st.caption("Also called: " + md_escape("; ".join(m for m in profile.mentions if m != profile.name)))
    st.markdown(f"[Explore its graph]({href('explore', id=event_id)})")
    warn_if_cut(rows, limit=EVENT_ROWS, total=profile.statement_count, chosen=chosen)
    st.subheader("Timeline")
    timeline_chart(
        timeline(shown, series=lambda r: r.speaker_name, top=TIMELINE_SERIES), series_title="speaker"
    )
    st.subheader("Who said what")
    if not groups:
        st.info("No statement matches the filters." if chosen.active else "No statements about this event.")
    for group in groups[:MAX_GROUPS]:
        speaker = group.claims[0].first
        with st.container(border=True):
            page_link(
                "official",
                group.heading,
                note=f"{counted(group.statement_count, 'statement')}",
                strong=True,
                id=speaker.speaker_id,
            )
            st.dataframe(
                report_table(group.claims),
                hide_index=True,
                column_config={"open": st.column_config.LinkColumn("open", display_text="in article")},
            )

    if len(groups) > MAX_GROUPS:
        rest = groups[MAX_GROUPS:]
        st.markdown(
            f"**{len(rest)} more speakers** · {counted(sum(g.statement_count for g in rest), 'statement')}"
        )
        st.dataframe(
            statement_table([report.first for group in rest for report in group.claims]),
            hide_index=True,
            column_config={"open": st.column_config.LinkColumn("open", display_text="in article")},
        )


main()
