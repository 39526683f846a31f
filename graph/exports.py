"""Query results as files an analyst downloads: CSV (nested values as JSON) and JSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from graph.model import CypherResult


def to_csv(result: CypherResult) -> str:
    """One header row with the column names, then one row per result row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([_flat(value) for value in row])
    return out.getvalue()


def to_json(result: CypherResult) -> str:
    """A JSON array of objects keyed by column name."""
    records = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
    return json.dumps(records, ensure_ascii=False, indent=2, default=str)


def _flat(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value
