"""Turn query answers into the rows the dashboard's tables show (links are relative page URLs)."""

from __future__ import annotations

import json
from typing import Any

from dashboard.context import href
from graph.analytics import NetworkRole, SpeakerCount
from graph.filters import outlet
from graph.grouping import ClaimReport
from graph.model import CypherResult, StatementRow
from graph.wording import UNNAMED_KIND_WORDS


def statement_table(rows: list[StatementRow]) -> list[dict[str, object]]:
    """One row per statement: who, role, cue, kind, date, quote, outlet, and a link to it in its article."""
    return [
        {
            "speaker": row.speaker_name,
            "role": row.role or UNNAMED_KIND_WORDS.get(row.speaker_kind or "", ""),
            "organization": row.organization or "",
            "cue": row.cue,
            "kind": row.kind,
            "date": row.date or "",
            "statement": row.text,
            "event": row.event_name or "",
            "mention": row.speaker_text,
            "reported in": outlet(row),
            "open": href("claim", id=row.claim_id, article=row.article_id, speaker=row.speaker_id),
        }
        for row in rows
    ]


def report_table(reports: tuple[ClaimReport, ...], *, with_event: bool = False) -> list[dict[str, object]]:
    """One row per claim: date, cue, kind, the quote, every outlet that reported it, and a link."""
    rows: list[dict[str, object]] = []
    for report in reports:
        row = report.first
        line: dict[str, object] = {
            "date": ", ".join(report.dates) or "undated",
            "cue": row.cue,
            "kind": row.kind,
            "statement": row.text,
            "reported in": ", ".join(report.outlets),
        }
        if with_event:
            line["event"] = row.event_name or ""
        line["open"] = href("claim", id=row.claim_id, article=row.article_id, speaker=row.speaker_id)
        rows.append(line)
    return rows


def speaker_table(counts: list[SpeakerCount]) -> list[dict[str, object]]:
    return [
        {
            "speaker": c.name,
            "kind": c.label,
            "statements": c.statements,
            "events": c.events,
            "outlets": c.outlets,
            "page": href("official", id=c.id),
        }
        for c in counts
    ]


def network_table(roles: list[NetworkRole]) -> list[dict[str, object]]:
    return [
        {
            "speaker": r.name,
            "community": r.community,
            "co-speakers": r.degree,
            "degree centrality": r.degree_centrality,
            "betweenness": r.betweenness,
            "page": href("official", id=r.id),
        }
        for r in roles
    ]


def cypher_table(result: CypherResult) -> list[dict[str, Any]]:
    """Rows of a Cypher result; nodes, relationships and lists shown as compact JSON."""
    return [
        {column: _cell(value) for column, value in zip(result.columns, row, strict=True)}
        for row in result.rows
    ]


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value
