"""Turn query answers into the rows the dashboard's tables show."""

from __future__ import annotations

from graph.model import StatementRow


def statement_table(rows: list[StatementRow]) -> list[dict[str, object]]:
    """One row per statement: who, role, cue, kind, date, quote, outlet."""
    return [
        {
            "speaker": row.speaker_name,
            "role": row.role or "",
            "organization": row.organization or "",
            "cue": row.cue,
            "kind": row.kind,
            "date": row.date or "",
            "statement": row.text,
            "mention": row.speaker_text,
            "reported in": row.article_source or row.article_title or row.article_location,
        }
        for row in rows
    ]
