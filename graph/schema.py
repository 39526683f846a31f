"""The graph schema, declared once as data.

Labels, relationship types, the allowed ``(source)-[TYPE]->(target)`` patterns, constraints and indexes
live here. Stores create the schema from these declarations at start-up and validate writes against
them; the README documents the same names for power users writing Cypher.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

ARTICLE: Final = "Article"
OFFICIAL: Final = "Official"
ORGANIZATION: Final = "Organization"
CLAIM: Final = "Claim"
EVENT: Final = "Event"
PLACE: Final = "Place"
UNNAMED_SOURCE: Final = "UnnamedSource"

STATED: Final = "STATED"
CONCERNS: Final = "CONCERNS"
REPORTED_IN: Final = "REPORTED_IN"
MEMBER_OF: Final = "MEMBER_OF"
LOCATED_IN: Final = "LOCATED_IN"

LABELS: Final[tuple[str, ...]] = (ARTICLE, OFFICIAL, ORGANIZATION, UNNAMED_SOURCE, CLAIM, EVENT, PLACE)
RELATIONSHIP_TYPES: Final[tuple[str, ...]] = (STATED, CONCERNS, REPORTED_IN, MEMBER_OF, LOCATED_IN)

NAMED_SPEAKER_LABELS: Final[tuple[str, ...]] = (OFFICIAL, ORGANIZATION)
"""Speakers known by name across articles: the directory and the look-ups list these."""
SPEAKER_LABELS: Final[tuple[str, ...]] = (*NAMED_SPEAKER_LABELS, UNNAMED_SOURCE)
"""Every label that can hold a STATED relationship: named speakers and the unnamed or unresolved
sources of one article (``UnnamedSource``: "officials", "critics", "the report", an unresolved "he"),
kept so that no statement the extractor found is left out of the graph."""

UNNAMED_KINDS: Final[tuple[str, ...]] = ("official", "group", "document", "pronoun", "name")
"""What an ``UnnamedSource`` is: an anonymous official ("a senior official", "sources"), a group
("critics", "analysts"), a document ("the report", "a new poll"), a pronoun the extractor could not
resolve, or a name it could not tell apart (a surname two people of the article share)."""


@dataclass(frozen=True)
class Pattern:
    """One allowed relationship: ``(source)-[type]->(target)`` with the properties it carries."""

    source: str
    type: str
    target: str
    properties: tuple[str, ...] = ()


STATED_PROPERTIES: Final = (
    "cue",
    "kind",
    "date",
    "article_id",
    "speaker_text",
    "speaker_start",
    "speaker_end",
    "cue_start",
    "cue_end",
    "content_start",
    "content_end",
    "confidence",
    "extractor_version",
)

PATTERNS: Final[tuple[Pattern, ...]] = (
    Pattern(OFFICIAL, STATED, CLAIM, STATED_PROPERTIES),
    Pattern(ORGANIZATION, STATED, CLAIM, STATED_PROPERTIES),
    Pattern(UNNAMED_SOURCE, STATED, CLAIM, STATED_PROPERTIES),
    Pattern(CLAIM, CONCERNS, EVENT),
    Pattern(CLAIM, REPORTED_IN, ARTICLE),
    Pattern(OFFICIAL, MEMBER_OF, ORGANIZATION, ("role",)),
    Pattern(EVENT, LOCATED_IN, PLACE),
)

NODE_PROPERTIES: Final[dict[str, tuple[str, ...]]] = {
    ARTICLE: (
        "id",
        "title",
        "url",
        "source",
        "published",
        "location",
        "place",
        "language",
        "text",
        "extracted",
        "repeated",
    ),
    OFFICIAL: ("id", "name", "aliases", "role", "organization", "joins"),
    ORGANIZATION: ("id", "name", "aliases"),
    UNNAMED_SOURCE: ("id", "name", "kind", "article_id"),
    CLAIM: ("id", "text", "kind", "date", "first_seen"),
    EVENT: ("id", "name", "type", "date", "place", "mentions"),
    PLACE: ("id", "name"),
}

SPEAKER_SUMMARY: Final = ("statements", "first_date", "last_date", "search", "summarised")
SUMMARY_PROPERTIES: Final[dict[str, tuple[str, ...]]] = {
    OFFICIAL: SPEAKER_SUMMARY,
    ORGANIZATION: SPEAKER_SUMMARY,
    UNNAMED_SOURCE: SPEAKER_SUMMARY,
    EVENT: ("statements", "search"),
}
"""Properties the Neo4j store keeps up to date itself, in the transaction that changes what they sum
up: ``statements`` (how many STATED edges a speaker has, or reach an event), a speaker's
``first_date``/``last_date`` (of their dated statements), and ``search`` (lower-cased name, aliases
and role, or an event's name and mentions, one per line, under a text index). Look-ups read them
instead of aggregating a busy node's hundred thousand statements. The embedded store computes the
same figures per state of its graph. ``summarised`` is the version of these summaries a speaker has
(and its statements their ``speaker_key``, see :data:`STATED_SUMMARY`); start-up brings older ones up
to :data:`SUMMARY_VERSION`."""

SPOKE_ABOUT: Final = "SPOKE_ABOUT"
SUMMARY_PATTERNS: Final[tuple[Pattern, ...]] = (
    Pattern(OFFICIAL, SPOKE_ABOUT, EVENT, ("statements",)),
    Pattern(ORGANIZATION, SPOKE_ABOUT, EVENT, ("statements",)),
    Pattern(UNNAMED_SOURCE, SPOKE_ABOUT, EVENT, ("statements",)),
)
"""Relationships the Neo4j store derives and keeps up to date itself (not written by ingest, not in
:data:`RELATIONSHIP_TYPES`, not drawn by the explorer): ``SPOKE_ABOUT`` from each speaker to each event
their statements concern, with how many do."""

IDENTITY_KEYS: Final[dict[str, tuple[str, ...]]] = {OFFICIAL: ("surname",)}
"""Kept on each official by the Neo4j store, under a range index: ``surname``, the key identity looks
officials up by across articles (:func:`graph.ids.surname_key` of the name, set with the name when the
official is created, and at start-up for officials written before it was kept). The embedded store
keeps the same key in memory."""

SUMMARY_VERSION: Final = 2
STATED_SUMMARY: Final = ("speaker_key",)
"""Kept on each STATED by the Neo4j store: ``speaker_key``, the speaker's id and the statement's date
(``~`` when undated), under a range index, so a speaker's statements are read in date order."""


@dataclass(frozen=True)
class UniqueConstraint:
    """A uniqueness constraint on ``label.property``."""

    name: str
    label: str
    property: str


@dataclass(frozen=True)
class RangeIndex:
    """A range index on ``label.property`` (dates, names)."""

    name: str
    label: str
    property: str


@dataclass(frozen=True)
class RelationshipRangeIndex:
    """A range index on a relationship property (``STATED.date``, ``STATED.article_id``)."""

    name: str
    type: str
    property: str


@dataclass(frozen=True)
class TextIndex:
    """A text (trigram) index on ``label.property``: answers ``CONTAINS`` without a label scan."""

    name: str
    label: str
    property: str


@dataclass(frozen=True)
class FulltextIndex:
    """A full-text index over text properties of one label."""

    name: str
    label: str
    properties: tuple[str, ...]


UNIQUE_CONSTRAINTS: Final[tuple[UniqueConstraint, ...]] = tuple(
    UniqueConstraint(f"{label.lower()}_id", label, "id") for label in LABELS
)

RANGE_INDEXES: Final[tuple[RangeIndex, ...]] = (
    RangeIndex("article_published", ARTICLE, "published"),
    RangeIndex("article_location", ARTICLE, "location"),
    RangeIndex("claim_date", CLAIM, "date"),
    RangeIndex("event_date", EVENT, "date"),
    RangeIndex("official_name", OFFICIAL, "name"),
    RangeIndex("official_surname", OFFICIAL, "surname"),  # see IDENTITY_KEYS
    RangeIndex("event_name", EVENT, "name"),
    # maintained counts (see SUMMARY_PROPERTIES), so directories read the most discussed first
    RangeIndex("official_statements", OFFICIAL, "statements"),
    RangeIndex("organization_statements", ORGANIZATION, "statements"),
    RangeIndex("event_statements", EVENT, "statements"),
)

RELATIONSHIP_INDEXES: Final[tuple[RelationshipRangeIndex, ...]] = (
    RelationshipRangeIndex("stated_date", STATED, "date"),
    RelationshipRangeIndex("stated_article", STATED, "article_id"),
    RelationshipRangeIndex("stated_speaker_key", STATED, "speaker_key"),
)

TEXT_INDEXES: Final[tuple[TextIndex, ...]] = (
    TextIndex("official_search", OFFICIAL, "search"),
    TextIndex("organization_search", ORGANIZATION, "search"),
    TextIndex("event_search", EVENT, "search"),
)

FULLTEXT_INDEXES: Final[tuple[FulltextIndex, ...]] = (
    FulltextIndex("claim_text", CLAIM, ("text",)),
    FulltextIndex("official_names", OFFICIAL, ("name", "role", "organization")),
    FulltextIndex("event_names", EVENT, ("name",)),
)


def allowed(source: str, rel_type: str, target: str) -> bool:
    """Whether ``(source)-[rel_type]->(target)`` is a declared pattern."""
    return any(p.source == source and p.type == rel_type and p.target == target for p in PATTERNS)


def check_label(label: str) -> str:
    """Return ``label`` if it is declared; raise ``ValueError`` otherwise (guards formatted Cypher)."""
    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}")
    return label


def check_relationship_type(rel_type: str) -> str:
    """Return ``rel_type`` if it is declared; raise ``ValueError`` otherwise."""
    if rel_type not in RELATIONSHIP_TYPES:
        raise ValueError(f"unknown relationship type {rel_type!r}")
    return rel_type
