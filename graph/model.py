"""Plain values that go into a store (an article's subgraph) and come out of it (query answers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# --- what is written: one article's subgraph -------------------------------------------------------


@dataclass(frozen=True)
class ArticleNode:
    """An article. ``fingerprint`` is a hash of its text and metadata, to skip unchanged re-ingests."""

    id: str
    location: str
    fingerprint: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    place: str | None = None
    language: str | None = None
    text: str = ""
    extracted: int = 0
    """How many statements the extractor found in it."""
    repeated: int = 0
    """How many of those repeat an earlier one of the article word for word (same speaker, same
    content, as live blogs do): one STATED holds both. So the article has ``extracted - repeated``
    STATED relationships: none is dropped."""


@dataclass(frozen=True)
class OfficialNode:
    """A person speaking in an official capacity."""

    id: str
    name: str
    role: str | None = None
    organization: str | None = None
    aliases: tuple[str, ...] = ()
    joins: tuple[str, ...] = ()
    """Each time a name written otherwise was joined to this official across articles: the name,
    the article and the reason ("Michael R. Pompeo in article:... : the only known person of that
    surname whose ..."), so an analyst can audit it and undo it with the aliases file."""


@dataclass(frozen=True)
class OrganizationNode:
    """An organization, as a speaker or as an official's employer."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnnamedSourceNode:
    """A source the article does not name, or names in a way the extractor could not resolve
    ("officials", "critics", "the report", an unresolved "he"), scoped to that article.

    ``name`` is the mention as written; ``kind`` one of :data:`graph.schema.UNNAMED_KINDS`.
    """

    id: str
    name: str
    kind: str
    article_id: str


@dataclass(frozen=True)
class PlaceNode:
    """A place where an event happened."""

    id: str
    name: str


@dataclass(frozen=True)
class EventNode:
    """An event statements concern. ``date`` is ISO ``YYYY-MM-DD`` or ``--MM-DD``."""

    id: str
    name: str
    type: str
    date: str | None = None
    place: str | None = None
    place_id: str | None = None
    mentions: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimNode:
    """Something said: the content of a statement, shared by every outlet that reported it."""

    id: str
    text: str
    kind: str
    date: str | None = None
    event_id: str | None = None


@dataclass(frozen=True)
class StatedEdge:
    """``(speaker)-[:STATED]->(claim)`` as reported by one article, with full provenance."""

    speaker_id: str
    speaker_label: str
    claim_id: str
    article_id: str
    cue: str
    kind: str
    date: str | None
    speaker_text: str
    speaker_start: int
    speaker_end: int
    cue_start: int
    cue_end: int
    content_start: int
    content_end: int
    confidence: float
    extractor_version: str


@dataclass(frozen=True)
class Membership:
    """``(official)-[:MEMBER_OF {role}]->(organization)``."""

    official_id: str
    organization_id: str
    role: str | None = None


@dataclass(frozen=True)
class ArticleGraph:
    """Everything one article contributes to the graph; a store writes it in one transaction.

    Every claim listed here is ``REPORTED_IN`` the article; claims a previous version of the article
    reported and this one does not are removed (with nodes they leave unconnected).
    """

    article: ArticleNode
    officials: tuple[OfficialNode, ...] = ()
    organizations: tuple[OrganizationNode, ...] = ()
    unnamed_sources: tuple[UnnamedSourceNode, ...] = ()
    places: tuple[PlaceNode, ...] = ()
    events: tuple[EventNode, ...] = ()
    claims: tuple[ClaimNode, ...] = ()
    stated: tuple[StatedEdge, ...] = ()
    memberships: tuple[Membership, ...] = ()
    replaces: str | None = None
    """An earlier article read from the same place (an edited file without URL): removed in the same
    transaction, with the claims only it reported."""


# --- what is read ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatementRow:
    """One statement as an analyst reads it: who, what, cue, when, about which event, where reported."""

    claim_id: str
    text: str
    kind: str
    cue: str
    date: str | None
    confidence: float
    speaker_id: str
    speaker_name: str
    speaker_label: str
    speaker_text: str
    role: str | None
    organization: str | None
    event_id: str | None
    event_name: str | None
    event_date: str | None
    article_id: str
    article_title: str | None
    article_url: str | None
    article_source: str | None
    article_location: str
    speaker_start: int
    speaker_end: int
    cue_start: int
    cue_end: int
    content_start: int
    content_end: int
    speaker_kind: str | None = None
    """What an unnamed source is (:data:`graph.schema.UNNAMED_KINDS`); ``None`` for named speakers."""


@dataclass(frozen=True)
class StatementFact:
    """One statement reduced to what analytics counts: who, about which event, when, how, where."""

    claim_id: str
    speaker_id: str
    speaker_name: str
    speaker_label: str
    event_id: str | None
    event_name: str | None
    date: str | None
    kind: str
    article_id: str
    article_source: str | None


@dataclass(frozen=True)
class OfficialSummary:
    """An official or organization found by a name look-up."""

    id: str
    name: str
    label: str
    role: str | None = None
    organization: str | None = None
    statement_count: int = 0


@dataclass(frozen=True)
class EventSummary:
    """An event found by a look-up, with how many statements concern it."""

    id: str
    name: str
    type: str
    date: str | None = None
    place: str | None = None
    statement_count: int = 0


@dataclass(frozen=True)
class OfficialProfile:
    """An official (or speaking organization) and what they said."""

    id: str
    name: str
    label: str
    role: str | None
    organization: str | None
    aliases: tuple[str, ...]
    memberships: tuple[Membership, ...]
    statement_count: int
    first_date: str | None
    last_date: str | None
    events: tuple[EventSummary, ...]
    """The events they spoke about most (at most the ``events`` asked for), most statements first."""
    event_count: int
    """How many events they spoke about in all."""
    joins: tuple[str, ...] = ()
    """The audit trail of names joined to them across articles (see :attr:`OfficialNode.joins`)."""


@dataclass(frozen=True)
class SpeakerCount:
    """A speaker on an event's page with the number of their statements about it."""

    id: str
    name: str
    label: str
    statement_count: int


@dataclass(frozen=True)
class EventProfile:
    """An event with its speakers and the outlets that reported on it."""

    id: str
    name: str
    type: str
    date: str | None
    place: str | None
    mentions: tuple[str, ...]
    statement_count: int
    article_count: int
    speakers: tuple[SpeakerCount, ...]
    first_date: str | None = None
    """The earliest and latest date of its statements."""
    last_date: str | None = None


@dataclass(frozen=True)
class GraphNode:
    """A node of a neighbourhood subgraph, for the graph view."""

    id: str
    label: str
    caption: str
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GraphEdge:
    """A relationship of a neighbourhood subgraph."""

    source: str
    target: str
    type: str
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Subgraph:
    """Nodes and relationships around a centre node."""

    nodes: tuple[GraphNode, ...] = ()
    edges: tuple[GraphEdge, ...] = ()


@dataclass(frozen=True)
class Counts:
    """Node counts per label and relationship counts per type (every declared name present)."""

    nodes: dict[str, int]
    relationships: dict[str, int]
    extracted: int = 0
    """Statements the extractor found in the stored articles."""
    repeated: int = 0
    """Of those, repeats of an earlier statement of the same article word for word, stored once:
    ``extracted - repeated == relationships["STATED"]`` when every statement reached the graph."""


@dataclass(frozen=True)
class CypherResult:
    """Rows of a Cypher query with their column names; ``truncated_by`` names the cap that cut them
    (``"rows"`` or ``"bytes"``), empty when every row came back."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    truncated: bool = False
    truncated_by: str = ""
