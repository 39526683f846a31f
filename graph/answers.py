"""The analyst's question answered: who said what about an event, or what one official said.

These compose the store's look-ups (free text -> ids) with its statement queries, so the CLI and the
dashboard only format what comes back.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import QueryError
from graph.model import StatementRow
from graph.store import DEFAULT_LIMIT, GraphStore


@dataclass(frozen=True)
class AnswerGroup:
    """Statements under one heading (an event, an official, or a text search)."""

    heading: str
    subject_id: str | None
    statements: tuple[StatementRow, ...]


def ask(
    store: GraphStore,
    *,
    event: str | None = None,
    official: str | None = None,
    search: str | None = None,
    start: str | None = None,
    end: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[AnswerGroup]:
    """Answer one question; at least one of ``event``, ``official`` or ``search`` must be given.

    With ``event`` alone: statements about every matching event. With ``official`` (and optionally
    ``event``): what each matching official said, about the matching events when given. With
    ``search``: statements whose text matches. Raises :class:`QueryError` when nothing is asked.
    """
    if not (event or official or search):
        raise QueryError("ask what? give an event, an official or words to search for")
    groups: list[AnswerGroup] = []
    if search:
        rows = store.search_claims(search, limit=limit)
        rows = [r for r in rows if _in_range(r.date, start, end)]
        groups.append(AnswerGroup(f"Statements matching {search!r}", None, tuple(rows)))
        return groups
    events = store.find_events(event, limit=20) if event else []
    if official:
        for person in store.find_officials(official, limit=20):
            wanted = [e.id for e in events] if event else [None]
            rows = []
            for event_id in wanted:
                rows.extend(
                    store.statements_by_official(
                        person.id, event_id=event_id, start=start, end=end, limit=limit
                    )
                )
            heading = person.name + (f" ({person.role})" if person.role else "")
            groups.append(AnswerGroup(heading, person.id, tuple(rows[:limit])))
        return groups
    for found in events:
        rows = store.statements_about_event(found.id, start=start, end=end, limit=limit)
        details = ", ".join(part for part in (found.type, found.date, found.place) if part)
        groups.append(AnswerGroup(f"{found.name} ({details})", found.id, tuple(rows)))
    return groups


def _in_range(date: str | None, start: str | None, end: str | None) -> bool:
    if date is None:
        return start is None and end is None
    return (start is None or date >= start) and (end is None or date <= end)
