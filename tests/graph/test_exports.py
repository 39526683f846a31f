"""Cypher results downloaded as CSV and JSON keep every value, nested ones as JSON."""

from __future__ import annotations

import csv
import io
import json

from graph.exports import to_csv, to_json
from graph.model import CypherResult

RESULT = CypherResult(
    columns=("name", "quote", "node", "n"),
    rows=(
        (
            "Dmitry Peskov",
            'He said "no", then, later\nyes',
            {"labels": ["Official"], "properties": {"id": "x"}},
            3,
        ),
        ("Maria Zakharova", None, [1, 2], 0),
    ),
)


def test_csv_round_trips_commas_quotes_newlines_and_nested_values() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(RESULT))))
    assert rows[0] == ["name", "quote", "node", "n"]
    assert rows[1][1] == 'He said "no", then, later\nyes'
    assert json.loads(rows[1][2]) == {"labels": ["Official"], "properties": {"id": "x"}}
    assert rows[2] == ["Maria Zakharova", "", "[1, 2]", "0"]


def test_json_is_a_list_of_objects_by_column() -> None:
    records = json.loads(to_json(RESULT))
    assert records[0]["name"] == "Dmitry Peskov"
    assert records[0]["node"]["properties"]["id"] == "x"
    assert records[1]["quote"] is None


def test_empty_result_has_a_header_only() -> None:
    empty = CypherResult(columns=("a",), rows=())
    assert to_csv(empty).strip() == "a"
    assert json.loads(to_json(empty)) == []
