"""Who is who, audited: the speaker nodes that may hold more than one person, with the forms they
were seen under, the articles, and the aliases-file lines that would split or confirm them."""

from __future__ import annotations

import streamlit as st

from dashboard.context import get_store, md_escape, page_link
from dashboard.limits import LISTED
from graph.wording import counted
from ingest.extract.gender import FirstNames
from ingest.identity_audit import audit_speakers


@st.cache_resource
def first_names() -> FirstNames:
    return FirstNames.load()


def main() -> None:
    store = get_store()
    st.title("Identity audit")
    st.caption(
        "Officials that may hold more than one person: several first names, a gender conflict, "
        "articles that name them by surname only, or many name variants. Add the suggested lines to "
        "the aliases file, then run `saidgraph ingest --again --aliases FILE SOURCES`."
    )
    with st.spinner("Reading the officials back…"):
        risks = audit_speakers(store, first_names(), limit=LISTED)
    if not risks:
        st.success(f"No speaker node at risk among the {LISTED} most quoted officials.")
        return
    st.metric("Speaker nodes at risk", len(risks))
    for risk in risks:
        with st.container(border=True):
            page_link(
                "official",
                risk.name,
                note=f"{counted(risk.statement_count, 'statement')}",
                strong=True,
                id=risk.id,
            )
            st.markdown("\n".join(f"- {md_escape(reason)}" for reason in risk.reasons))
            st.dataframe(
                [
                    {"seen as": v.text, "articles": "; ".join(v.articles) or "(kept from an alias)"}
                    for v in risk.variants
                ],
                hide_index=True,
            )
            if risk.joins:
                st.markdown(
                    "Joined across articles:\n" + "\n".join(f"- {md_escape(join)}" for join in risk.joins)
                )
            st.code(risk.aliases_lines, language="yaml")


main()
