"""Cypher console for power users (Neo4j store): read-only, with a timeout and a row cap."""

from __future__ import annotations

import streamlit as st

from dashboard.context import get_store, md_escape
from dashboard.graph_view import show
from dashboard.tables import cypher_table
from graph import schema
from graph.console_guard import RESULT_BYTE_CAP
from graph.cypher import console_examples
from graph.errors import ReadOnlyError, SaidgraphError
from graph.exports import to_csv, to_json
from graph.subgraphs import from_cypher_result


def main() -> None:
    store = get_store()
    st.title("Cypher console")
    if store.kind != "neo4j":
        st.info(
            f"The {store.kind} store does not run Cypher. Start the dashboard on Neo4j "
            "(SAIDGRAPH_STORE=neo4j, see the README) to query the graph here. On this store, Search, the "
            "Event, Official and Analytics pages, and `saidgraph ask` / `saidgraph stats` answer the "
            "same questions."
        )
        schema_help()
        return
    examples = console_examples()
    example = st.selectbox("Example queries", ["(write your own)", *examples], key="example")
    if example in examples and st.session_state.get("loaded_example") != example:
        st.session_state["loaded_example"] = example
        st.session_state["query"] = examples[example]
    query = st.text_area("Query (read-only)", key="query", height=160, bind="query-params")
    first, second, third = st.columns([1, 1, 2])
    row_cap = first.number_input("Row cap", min_value=1, max_value=10_000, value=1000, step=100)
    timeout = second.number_input("Timeout (s)", min_value=1, max_value=120, value=15)
    run = third.button("Run", type="primary", disabled=not query.strip())
    st.caption(
        "Each query is planned with EXPLAIN first and runs only if every step of its plan is a read: "
        "writes, LOAD CSV, administration commands (SHOW, TERMINATE...) and procedures other than schema "
        f"and full-text ones are refused. Results stop at the row cap or {RESULT_BYTE_CAP // 2**20} MiB, "
        "queries at the timeout."
    )
    if not run:
        schema_help()
        return
    try:
        result = store.run_cypher(query, row_cap=int(row_cap), timeout_s=float(timeout))
    except ReadOnlyError as exc:
        st.error(f"Refused: the console is read-only. {md_escape(str(exc))}")
        return
    except SaidgraphError as exc:
        st.error(md_escape(str(exc)))
        return
    cut = {
        "rows": f" (capped at {row_cap} rows; more exist)",
        "bytes": " (capped at the result byte cap; more exist)",
    }
    note = f"{len(result.rows)} rows" + cut.get(result.truncated_by, "")
    st.success(note)
    table, picture = st.tabs(["Table", "Graph"])
    with table:
        st.dataframe(cypher_table(result), hide_index=True)
        left, right = st.columns(2)
        left.download_button("Download CSV", to_csv(result), file_name="saidgraph-query.csv", mime="text/csv")
        right.download_button(
            "Download JSON", to_json(result), file_name="saidgraph-query.json", mime="application/json"
        )
    with picture:
        subgraph = from_cypher_result(result)
        if subgraph.nodes:
            show(subgraph, key="console-graph", actions=False)
        else:
            st.caption("The result holds no nodes; return nodes, relationships or paths to see a graph.")


def schema_help() -> None:
    with st.expander("The schema"):
        st.markdown("**Labels:** " + ", ".join(f"`{label}`" for label in schema.LABELS))
        st.markdown("\n".join(f"- `({p.source})-[:{p.type}]->({p.target})`" for p in schema.PATTERNS))


main()
