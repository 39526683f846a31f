"""The probes of issue 14 against the Cypher console, on a real Neo4j: through ``run_cypher``, the
``saidgraph cypher`` command and a shared dashboard link, and against the database itself with the
console's checks bypassed. Each is refused, or stopped within its timeout with bounded client memory."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
import streamlit as st
from neo4j import Driver
from neo4j.exceptions import ClientError
from streamlit.testing.v1 import AppTest

from graph.console_guard import check_plan
from graph.errors import QueryError, QueryTimeoutError, ReadOnlyError, ResultTooLargeError
from graph.store import GraphStore

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.neo4j

TERMINATORS = {"LF": "\n", "CR": "\r", "CRLF": "\r\n", "NEL": "\u0085", "LS": "\u2028", "PS": "\u2029"}


def load_csv(url: str, terminator: str = "\r") -> str:
    """The issue's probe: a line comment ended by ``terminator``, then LOAD CSV from ``url``."""
    return f"// x{terminator}LOAD CSV FROM '{url}' AS l RETURN l"


@pytest.fixture
def urls(httpserver: Any) -> Iterator[dict[str, str]]:
    """A file URL to a readable file and an http URL to a live local server (which must never be asked)."""
    httpserver.expect_request("/rows.csv").respond_with_data("a,b\n1,2\n", content_type="text/csv")
    yield {"file": "file:///etc/passwd", "http": httpserver.url_for("/rows.csv")}
    assert httpserver.log == [], "the database host sent a request"


@pytest.mark.parametrize("kind", ["file", "http"])
@pytest.mark.parametrize("terminator", list(TERMINATORS.values()), ids=list(TERMINATORS))
def test_load_csv_after_a_comment_is_refused_by_run_cypher(
    neo4j_store: GraphStore, urls: dict[str, str], kind: str, terminator: str
) -> None:
    with pytest.raises(ReadOnlyError, match="LOAD CSV is not allowed"):
        neo4j_store.run_cypher(load_csv(urls[kind], terminator), timeout_s=10)


@pytest.mark.parametrize("kind", ["file", "http"])
def test_load_csv_hidden_from_the_text_is_refused_by_the_live_plan(
    neo4j_driver: Driver, urls: dict[str, str], kind: str
) -> None:
    """With the text filter out of the way (a subquery, no comment), the plan check alone refuses."""
    query = f"MATCH (n) CALL (n) {{ LOAD CSV FROM '{urls[kind]}' AS l RETURN l }} RETURN l"
    with neo4j_driver.session(default_access_mode=neo4j.READ_ACCESS) as session:
        summary = session.run(neo4j.Query("EXPLAIN " + query, timeout=10)).consume()
    with pytest.raises(ReadOnlyError, match="LOAD CSV is not allowed"):
        check_plan(summary.plan, query_type=summary.query_type, database="neo4j")


@pytest.mark.parametrize(
    ("kind", "refusal"),
    [("file", "file URLs|allow_csv_import_from_file_urls"), ("http", "blocked|not allowed|IP address")],
)
def test_the_database_refuses_load_csv_when_every_client_check_is_bypassed(
    neo4j_driver: Driver, urls: dict[str, str], kind: str, refusal: str
) -> None:
    """The server's own config (tools/neo4j/neo4j_local.py, docker-compose.yml) refuses LOAD CSV."""
    with (
        neo4j_driver.session(default_access_mode=neo4j.READ_ACCESS) as session,
        pytest.raises(ClientError, match=refusal),
    ):
        session.run(neo4j.Query(load_csv(urls[kind]), timeout=10)).consume()


def saidgraph_cypher(
    server: dict[str, str | None], tmp_path: Path, query: str
) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run ``saidgraph cypher QUERY`` on the test server; its result and how long it took."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAIDGRAPH_")}
    env |= {
        "SAIDGRAPH_STORE": "neo4j",
        "SAIDGRAPH_NEO4J_URI": str(server["uri"]),
        "SAIDGRAPH_NEO4J_PASSWORD": str(server["password"] or ""),
        "SAIDGRAPH_DATA_DIR": str(tmp_path),
        "PYTHONPATH": str(REPO),
    }
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "ingest.cli", "cypher", query],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    return done, time.monotonic() - started


def test_load_csv_is_refused_through_the_saidgraph_cypher_command(
    neo4j_server: dict[str, str | None], neo4j_store: GraphStore, urls: dict[str, str], tmp_path: Path
) -> None:
    for url in urls.values():
        done, _ = saidgraph_cypher(neo4j_server, tmp_path, load_csv(url))
        assert done.returncode == 1, done.stdout
        assert done.stderr == "saidgraph: error: refused: LOAD CSV is not allowed in read-only queries\n"
        assert "root:" not in done.stdout


def test_a_huge_value_through_the_saidgraph_cypher_command_ends_in_one_line_within_its_timeout(
    neo4j_server: dict[str, str | None], neo4j_store: GraphStore, tmp_path: Path
) -> None:
    done, seconds = saidgraph_cypher(neo4j_server, tmp_path, "RETURN range(1, 20000000) AS r")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(
        ("saidgraph: error: refused: the result went past", "saidgraph: error: stopped: the query ran past")
    )
    assert done.stderr.count("\n") == 1, done.stderr
    assert seconds < 30 + 1 + 10  # the CLI's timeout, the read grace, the interpreter's start


def test_load_csv_is_refused_from_a_shared_dashboard_link(
    neo4j_server: dict[str, str | None],
    neo4j_store: GraphStore,
    urls: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for key in [k for k in os.environ if k.startswith("SAIDGRAPH_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("SAIDGRAPH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SAIDGRAPH_STORE", "neo4j")
    monkeypatch.setenv("SAIDGRAPH_NEO4J_URI", str(neo4j_server["uri"]))
    monkeypatch.setenv("SAIDGRAPH_NEO4J_PASSWORD", str(neo4j_server["password"] or ""))
    st.cache_resource.clear()
    try:
        for url in urls.values():
            app = AppTest.from_file(str(REPO / "dashboard" / "app.py"), default_timeout=90)
            app.run()
            app.switch_page("views/console.py")
            app.query_params["query"] = load_csv(url)
            app.run()
            assert app.text_area(key="query").value == load_csv(url)
            app.button[0].click().run()
            assert not app.exception, [e.value for e in app.exception]
            assert "Refused" in app.error[0].value and "LOAD CSV is not allowed" in app.error[0].value
            assert not app.dataframe
    finally:
        st.cache_resource.clear()


# --- administration commands -----------------------------------------------------------------------

ADMIN_PROBES = {
    "show transactions with parameters": "SHOW TRANSACTIONS YIELD transactionId, currentQuery, parameters",
    "terminate transactions": "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "show settings": "SHOW SETTINGS",
    "db.stats.stop": "CALL db.stats.stop('QUERIES')",
}


@pytest.mark.parametrize("query", list(ADMIN_PROBES.values()), ids=list(ADMIN_PROBES))
def test_admin_probes_are_refused_by_run_cypher_and_by_the_live_plan_alone(
    neo4j_store: GraphStore, neo4j_driver: Driver, query: str
) -> None:
    with pytest.raises(ReadOnlyError, match="refused"):
        neo4j_store.run_cypher(query, timeout_s=10)
    with neo4j_driver.session(default_access_mode=neo4j.READ_ACCESS) as session:
        summary = session.run(neo4j.Query("EXPLAIN " + query, timeout=10)).consume()
    assert summary.query_type == "r"  # the server calls them reads: only the operator allow-list refuses
    with pytest.raises(ReadOnlyError, match=r"administration command|procedure db\.stats\.stop"):
        check_plan(summary.plan, query_type=summary.query_type, database="neo4j")


def test_another_sessions_write_is_neither_seen_nor_terminated_from_the_console(
    neo4j_store: GraphStore, neo4j_driver: Driver
) -> None:
    with neo4j_driver.session() as writer:
        tx = writer.begin_transaction(timeout=60)
        tx.run("CREATE (:Official {id: 'victim', name: $secret})", secret="s3cret-parameter").consume()
        with neo4j_driver.session() as admin:
            rows = admin.run("SHOW TRANSACTIONS YIELD transactionId, currentQuery").data()
        victim = next(r["transactionId"] for r in rows if not r["currentQuery"].startswith("SHOW"))
        for query in (
            "SHOW TRANSACTIONS YIELD transactionId, parameters",
            f"TERMINATE TRANSACTIONS '{victim}'",
            f"// x\rTERMINATE TRANSACTIONS '{victim}'",
        ):
            with pytest.raises(ReadOnlyError, match="refused"):
                neo4j_store.run_cypher(query, timeout_s=10)
        tx.commit()
    found = neo4j_store.run_cypher("MATCH (o:Official {id: 'victim'}) RETURN o.name", timeout_s=10).rows
    assert found == (("s3cret-parameter",),)


# --- size and time ---------------------------------------------------------------------------------


def test_a_single_huge_value_is_stopped_within_the_timeout_with_bounded_memory(
    neo4j_store: GraphStore,
) -> None:
    timeout = 5.0
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises((QueryTimeoutError, ResultTooLargeError)) as refused:
            neo4j_store.run_cypher("RETURN range(1, 20000000) AS r", timeout_s=timeout)
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < timeout + 3, elapsed
    assert peak < 100 * 2**20, f"client peak {peak / 2**20:.0f} MiB"
    assert str(refused.value).startswith(("stopped: the query ran past its 5 s", "refused: the result"))


def test_a_huge_aggregation_is_refused_by_the_server_or_the_timeout(neo4j_store: GraphStore) -> None:
    started = time.monotonic()
    with pytest.raises((QueryTimeoutError, ResultTooLargeError), match=r"memory|timeout"):
        neo4j_store.run_cypher("UNWIND range(1, 100000000) AS x RETURN collect(x) AS xs", timeout_s=10)
    assert time.monotonic() - started < 10 + 3


def test_results_are_cut_at_the_byte_cap_while_streaming(neo4j_store: GraphStore) -> None:
    pad = "x" * 100
    result = neo4j_store.run_cypher(
        "UNWIND range(1, 100000) AS x RETURN x, $pad AS pad",
        {"pad": pad},
        row_cap=1_000_000,
        byte_cap=200_000,
        timeout_s=30,
    )
    assert result.truncated and result.truncated_by == "bytes"
    assert 1000 < len(result.rows) < 2000  # about 110 bytes a row on the wire
    assert [row[0] for row in result.rows] == list(range(1, len(result.rows) + 1))
    assert neo4j_store.run_cypher("RETURN 1 AS one", timeout_s=10).rows == ((1,),)  # the store still works


def test_many_small_values_hold_client_memory_to_a_small_multiple_of_the_byte_cap(
    neo4j_store: GraphStore,
) -> None:
    """Small numbers take 3 bytes on the wire and about 36 as Python objects: the worst case."""
    tracemalloc.start()
    try:
        result = neo4j_store.run_cypher(
            "UNWIND range(1, 10000) AS i RETURN range(1000, 1400) AS r", byte_cap=2**20, timeout_s=60
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.truncated_by == "bytes" and 500 < len(result.rows) < 1000
    assert peak < 40 * 2**20, f"client peak {peak / 2**20:.0f} MiB for a 1 MiB cap"


def test_a_row_bigger_than_the_byte_cap_is_refused(neo4j_store: GraphStore) -> None:
    with pytest.raises(ResultTooLargeError, match="1,000-byte cap before its first row"):
        neo4j_store.run_cypher("RETURN $big AS big", {"big": "y" * 5000}, byte_cap=1000, timeout_s=10)


def test_refusals_are_query_errors_naming_the_cause(neo4j_store: GraphStore) -> None:
    with pytest.raises(QueryError, match=r"procedure dbms\.listConfig|dbms\. is not allowed"):
        neo4j_store.run_cypher("CALL dbms.listConfig() YIELD name RETURN name", timeout_s=10)
