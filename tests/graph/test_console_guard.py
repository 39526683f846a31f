"""The console's plan check and text filter, without a server: plans are operator trees recorded from
Neo4j 5.26 (``console_plans.json``: each query's ``EXPLAIN`` summary, its query type and plan with the
operators' details), and the expected verdict for each is written here by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph.console_guard import READ_OPERATORS, check_plan, check_text, operator_name, operators
from graph.errors import ReadOnlyError

RECORDED: dict[str, dict[str, Any]] = json.loads(
    (Path(__file__).parent / "console_plans.json").read_text(encoding="utf-8")
)

READS = [name for name in RECORDED if name.split(":")[0] in {"example", "readme", "read"}]

REFUSALS = {
    "probe: LOAD CSV after a CR-ended comment": "LOAD CSV is not allowed",
    "probe: LOAD CSV over http in a subquery": "LOAD CSV is not allowed",
    "probe: LOAD CSV in a COLLECT subquery": "LOAD CSV is not allowed",
    "probe: SHOW TRANSACTIONS with parameters": "ShowTransactions is an administration command",
    "probe: TERMINATE TRANSACTIONS": "TerminateTransactions is an administration command",
    "probe: SHOW SETTINGS": "ShowSettings is an administration command",
    "probe: SHOW PROCEDURES": "ShowProcedures is an administration command",
    "probe: SHOW INDEXES": "ShowIndexes is an administration command",
    "probe: SHOW USERS": "runs on database 'system'",
    "probe: db.stats.stop": "procedure db.stats.stop is not allowed",
    "probe: db.prepareForReplanning": "procedure db.prepareForReplanning is not allowed",
    "probe: db.clearQueryCaches": "procedure db.clearQueryCaches is not allowed",
    "probe: dbms.listConfig": "procedure dbms.listConfig is not allowed",
    "probe: a procedure inside COLLECT": "procedure db.stats.stop is not allowed",
    "probe: tx.setMetaData": "procedure tx.setMetaData is not allowed",
    "probe: CALL IN TRANSACTIONS": "TransactionApply is not a read",
    "probe: FOREACH": "Foreach is not a read",
    "probe: CREATE": "Create is not a read",
    "probe: MERGE": "Merge is not a read",
    "probe: DETACH DELETE": "DetachDelete is not a read",
    "probe: REMOVE": "RemoveLabels|RemoveProperty|SetProperty",
    "probe: CREATE INDEX": "CreateIndex is an administration command",
    "probe: db.createLabel": "procedure db.createLabel is not allowed",
}


def test_every_recorded_plan_has_an_expected_verdict() -> None:
    assert sorted(READS + list(REFUSALS)) == sorted(RECORDED)
    assert len(READS) == 16


@pytest.mark.parametrize("name", READS)
def test_read_plans_pass(name: str) -> None:
    entry = RECORDED[name]
    check_plan(entry["plan"], query_type=entry["query_type"], database="neo4j")


@pytest.mark.parametrize("name", list(REFUSALS))
def test_probe_plans_are_refused_by_the_plan_alone(name: str) -> None:
    entry = RECORDED[name]
    with pytest.raises(ReadOnlyError, match=REFUSALS[name]):
        check_plan(entry["plan"], query_type=entry["query_type"], database="neo4j")


@pytest.mark.parametrize(
    "name",
    [
        "probe: SHOW TRANSACTIONS with parameters",
        "probe: TERMINATE TRANSACTIONS",
        "probe: SHOW SETTINGS",
        "probe: db.stats.stop",
        "probe: CALL IN TRANSACTIONS",
        "probe: LOAD CSV after a CR-ended comment",
    ],
)
def test_the_probes_that_got_through_were_planned_as_reads(name: str) -> None:
    """The server calls these reads: only the operator allow-list refuses them."""
    assert RECORDED[name]["query_type"] == "r"


def test_a_read_plan_is_refused_when_the_server_says_it_writes() -> None:
    entry = RECORDED["read: schema listing"]
    for query_type in ("w", "rw", "s", None):
        with pytest.raises(ReadOnlyError, match="not a read"):
            check_plan(entry["plan"], query_type=query_type, database="neo4j")


def test_a_plan_on_another_database_is_refused() -> None:
    entry = RECORDED["readme: query 2"]
    with pytest.raises(ReadOnlyError, match="runs on database 'neo4j'; the console reads 'graph'"):
        check_plan(entry["plan"], query_type="r", database="graph")


def test_no_plan_and_unnamed_procedures_are_refused() -> None:
    with pytest.raises(ReadOnlyError, match="no plan"):
        check_plan(None, query_type="r", database="neo4j")
    hidden = {"operatorType": "ProduceResults@neo4j", "children": [{"operatorType": "ProcedureCall@neo4j"}]}
    with pytest.raises(ReadOnlyError, match=r"procedure \(unnamed\) is not allowed"):
        check_plan(hidden, query_type="r", database="neo4j")


def test_allow_listed_procedures_pass() -> None:
    for name in ("example: Full-text search of claims", "readme: query 4", "read: schema listing"):
        procedures = [
            op for op in operators(RECORDED[name]["plan"]) if operator_name(op)[0] == "ProcedureCall"
        ]
        assert procedures, name


def test_the_allow_list_holds_no_writing_loading_or_admin_operator() -> None:
    banned = {"LoadCSV", "Foreach", "TransactionApply", "TransactionForeach", "Create", "Merge", "Delete"}
    assert not banned & READ_OPERATORS
    assert not [op for op in READ_OPERATORS if op.startswith(("Set", "Remove", "Show", "Terminate"))]


# --- the text filter ------------------------------------------------------------------------------

TERMINATORS = {"LF": "\n", "CR": "\r", "CRLF": "\r\n", "NEL": "\u0085", "LS": "\u2028", "PS": "\u2029"}


@pytest.mark.parametrize("terminator", list(TERMINATORS.values()), ids=list(TERMINATORS))
def test_a_line_comment_ended_by_any_line_terminator_hides_nothing(terminator: str) -> None:
    with pytest.raises(ReadOnlyError, match="LOAD CSV is not allowed"):
        check_text(f"// x{terminator}LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l")


@pytest.mark.parametrize(
    "query",
    [
        "// LOAD CSV in a comment\nMATCH (n) RETURN n",
        "/* SHOW TRANSACTIONS; LOAD CSV */ MATCH (n) RETURN n",
        "MATCH (n) WHERE n.text CONTAINS 'LOAD CSV; SHOW SETTINGS' RETURN n",
        'MATCH (n) WHERE n.text = "dbms.x \\" LOAD CSV" RETURN n',
        "MATCH (n {start: 1, use: 2}) RETURN n.show AS show, {create: 1} AS m",
        "MATCH (`LOAD CSV`) RETURN `LOAD CSV`",
        "MATCH (n) RETURN n;",
    ],
)
def test_keywords_inside_strings_comments_names_and_map_keys_pass_the_text_filter(query: str) -> None:
    check_text(query)


@pytest.mark.parametrize(
    ("query", "refused"),
    [
        ("SHOW TRANSACTIONS YIELD parameters", "SHOW commands"),
        ("  // why\n  terminate transactions 'neo4j-transaction-1'", "TERMINATE commands"),
        ("SHOW SETTINGS", "SHOW commands"),
        ("USE system MATCH (n) RETURN n", "USE commands"),
        ("MATCH (n) CALL () { USE neo4j MATCH (m) RETURN m } RETURN n", "USE commands"),
        ("MATCH (n) RETURN n UNION ALL SHOW SETTINGS", "SHOW commands"),
        ("ALTER CURRENT USER SET PASSWORD FROM 'a' TO 'b'", "ALTER commands"),
        ("GRANT ROLE admin TO neo4j", "GRANT commands"),
        ("STOP DATABASE neo4j", "STOP commands"),
        ("DROP INDEX claim_text", "DROP commands"),
        ("CALL dbms.listConfig()", "dbms."),
        ("CALL apoc.load.json('http://x')", "apoc."),
        ("CALL db.createLabel('X')", "db.create is not allowed"),
        ("UNWIND [1] AS x CALL (x) { RETURN x } IN TRANSACTIONS RETURN x", "IN TRANSACTIONS"),
        ("load\tcsv from 'file:///x' as l return l", "load csv is not allowed"),
        ("MATCH (n) RETURN n; MATCH (m) RETURN m", "one statement at a time"),
    ],
)
def test_the_text_filter_refuses_admin_commands_loads_and_statements(query: str, refused: str) -> None:
    with pytest.raises(ReadOnlyError, match=refused):
        check_text(query)
