"""An official's (or speaking organization's) page: roles, events, statements over time, shifts."""

from __future__ import annotations

import streamlit as st

from dashboard.charts import timeline_chart
from dashboard.context import get_store, href, md_escape, page_link
from dashboard.limits import LISTED, OFFICIAL_ROWS
from dashboard.tables import report_table
from dashboard.widgets import statement_filter, warn_if_cut
from graph import schema
from graph.grouping import by_event, descriptions_over_time, timeline
from graph.store import GraphStore
from graph.wording import counted

TIMELINE_SERIES = 12
SIDE_BY_SIDE = 4
MAX_GROUPS = 8


def main() -> None:
    store = get_store()
    official_id = st.query_params.get("id")
    if not official_id:
        st.title("Officials and organizations")
        speakers = store.find_officials("", limit=LISTED)
        if not speakers:
            st.info("No officials yet. Ingest articles with `saidgraph ingest PATH`.")
            return
        for speaker in speakers:
            detail = ", ".join(p for p in (speaker.role, speaker.organization) if p)
            label = speaker.name + (f" ({detail})" if detail else "")
            page_link("official", f"{label} · {counted(speaker.statement_count, 'statement')}", id=speaker.id)
        return
    profile = store.official_profile(official_id)
    if profile is None:
        st.error("No such official in the graph (it may have been merged or removed).")
        page_link("search", "Back to search")
        return
    st.title(md_escape(profile.name), anchor=False)
    if profile.label == schema.UNNAMED_SOURCE:
        st.caption(
            "A source this article does not name, or that could not be told apart: kept as written, "
            "with its statements, and never matched with anyone in other articles."
        )
    else:
        st.caption(md_escape(" · ".join(p for p in (profile.label, profile.role, profile.organization) if p)))
    first, second, third = st.columns(3)
    first.metric("Statements", profile.statement_count)
    second.metric("Events", profile.event_count)
    third.metric("Active", f"{profile.first_date or '?'} → {profile.last_date or '?'}")
    st.markdown(f"[Explore their graph]({href('explore', id=official_id)})")
    chosen, rows = statement_filter(
        lambda start, end: store.statements_by_official(
            official_id, start=start, end=end, limit=OFFICIAL_ROWS
        ),
        first=profile.first_date,
        last=profile.last_date,
    )
    shown = chosen.apply(rows)
    warn_if_cut(rows, limit=OFFICIAL_ROWS, total=profile.statement_count, chosen=chosen)

    roles, events = st.columns(2)
    with roles:
        st.subheader("Roles and organizations over time")
        if profile.memberships:
            st.markdown(
                "\n".join(
                    f"- {md_escape(m.role or 'member')} of {md_escape(_org_name(store, m.organization_id))}"
                    for m in profile.memberships
                )
            )
        st.dataframe(
            [
                {"described as": d.mention, "first": d.first or "", "last": d.last or "", "times": d.count}
                for d in descriptions_over_time(shown)
            ],
            hide_index=True,
        )
        if profile.aliases:
            st.caption("Also known as: " + md_escape("; ".join(profile.aliases)))
        if profile.joins:
            with st.expander("How other names were joined to them"):
                st.markdown("\n".join(f"- {md_escape(join)}" for join in profile.joins))
    with events:
        st.subheader("Events they spoke about")
        for event in profile.events:
            detail = ", ".join(p for p in (event.date, event.place) if p)
            page_link("event", f"{event.name} ({detail}) · {event.statement_count}", id=event.id)
        if not profile.events:
            st.caption("None of their statements is linked to an event.")

    st.subheader("Statements over time")
    timeline_chart(timeline(shown, series=lambda r: r.event_name, top=TIMELINE_SERIES), series_title="event")

    st.subheader("Positions side by side, per event")
    groups = by_event(shown)
    for group in groups[:MAX_GROUPS]:
        with st.container(border=True):
            if group.key:
                page_link(
                    "event",
                    group.heading,
                    note=f"{counted(group.statement_count, 'statement')}",
                    strong=True,
                    id=group.key,
                )
            else:
                st.markdown(f"**Not linked to an event** · {counted(group.statement_count, 'statement')}")
            if 1 < group.statement_count <= SIDE_BY_SIDE:
                for column, report in zip(st.columns(group.statement_count), group.claims, strict=True):
                    with column:
                        row = report.first
                        st.caption(
                            md_escape(f"{', '.join(report.dates) or 'undated'} · {row.cue} · {row.kind}")
                        )
                        st.text(row.text)
                        st.caption("reported in " + md_escape(", ".join(report.outlets)))
                        st.markdown(f"[in article]({href('claim', id=row.claim_id, article=row.article_id)})")
            else:
                st.dataframe(
                    report_table(group.claims),
                    hide_index=True,
                    column_config={"open": st.column_config.LinkColumn("open", display_text="in article")},
                )

    if len(groups) > MAX_GROUPS:
        rest = groups[MAX_GROUPS:]
        st.markdown(
            f"**{len(rest)} more events** · {counted(sum(g.statement_count for g in rest), 'statement')}"
        )
        st.dataframe(
            report_table(tuple(report for group in rest for report in group.claims), with_event=True),
            hide_index=True,
            column_config={"open": st.column_config.LinkColumn("open", display_text="in article")},
        )


def _org_name(store: GraphStore, organization_id: str) -> str:
    profile = store.official_profile(organization_id)
    return profile.name if profile is not None else organization_id


main()
