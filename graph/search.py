"""One search over everything an analyst may look for: officials, organizations, events, claim text.

Names are matched as substrings (so results appear while a name is being typed); claim text goes
through the store's text search (the ``claim_text`` full-text index on Neo4j).
"""

from __future__ import annotations

from dataclasses import dataclass

from graph import schema
from graph.model import EventSummary, OfficialSummary, StatementRow
from graph.store import GraphStore


@dataclass(frozen=True)
class SearchResults:
    """What one query found, per kind, each list most discussed (or best matching) first."""

    query: str
    officials: tuple[OfficialSummary, ...] = ()
    organizations: tuple[OfficialSummary, ...] = ()
    events: tuple[EventSummary, ...] = ()
    claims: tuple[StatementRow, ...] = ()

    @property
    def total(self) -> int:
        return len(self.officials) + len(self.organizations) + len(self.events) + len(self.claims)


def search(store: GraphStore, query: str, *, limit: int = 10) -> SearchResults:
    """Search names, roles, event names and mentions, and claim text for ``query``.

    An empty or blank query finds nothing (the directory of every name is :func:`directory`).
    """
    text = query.strip()
    if not text:
        return SearchResults(query=query)
    speakers = store.find_officials(text, limit=2 * limit)
    return SearchResults(
        query=query,
        officials=tuple(s for s in speakers if s.label == schema.OFFICIAL)[:limit],
        organizations=tuple(s for s in speakers if s.label == schema.ORGANIZATION)[:limit],
        events=tuple(store.find_events(text, limit=limit)),
        claims=tuple(store.search_claims(text, limit=limit)),
    )


@dataclass(frozen=True)
class Entry:
    """A name in the directory: what it is, its id, and how it reads in a picker."""

    kind: str
    id: str
    caption: str


def directory(store: GraphStore, *, limit: int = 5000) -> list[Entry]:
    """Every official, organization and event by name (most discussed first), for a type-ahead picker."""
    entries = []
    for speaker in store.find_officials("", limit=limit):
        detail = ", ".join(part for part in (speaker.role, speaker.organization) if part)
        kind = "official" if speaker.label == schema.OFFICIAL else "organization"
        entries.append(Entry(kind, speaker.id, speaker.name + (f" ({detail})" if detail else "")))
    for event in store.find_events("", limit=limit):
        detail = ", ".join(part for part in (event.date, event.place) if part)
        entries.append(Entry("event", event.id, event.name + (f" ({detail})" if detail else "")))
    return entries
