"""Conversions between model values and the flat property maps both stores keep.

Both stores hold the same properties under the same names (those of :mod:`graph.schema`), so the
mapping from an :class:`ArticleGraph` to properties, and from a flat record back to a
:class:`StatementRow`, lives here once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from graph.model import (
    ArticleGraph,
    ArticleNode,
    ClaimNode,
    EventNode,
    OfficialNode,
    OrganizationNode,
    PlaceNode,
    StatedEdge,
    StatementRow,
)

_WORD = re.compile(r"\w+")


def article_props(node: ArticleNode) -> dict[str, Any]:
    """The Article node's properties (``id`` excluded)."""
    props = asdict(node)
    props.pop("id")
    return props


def official_row(node: OfficialNode) -> dict[str, Any]:
    return {**asdict(node), "aliases": list(node.aliases)}


def organization_row(node: OrganizationNode) -> dict[str, Any]:
    return {**asdict(node), "aliases": list(node.aliases)}


def place_row(node: PlaceNode) -> dict[str, Any]:
    return asdict(node)


def event_row(node: EventNode) -> dict[str, Any]:
    return {**asdict(node), "mentions": list(node.mentions)}


def claim_row(node: ClaimNode) -> dict[str, Any]:
    return asdict(node)


def stated_props(edge: StatedEdge) -> dict[str, Any]:
    """The STATED relationship's properties (its endpoints excluded)."""
    props = asdict(edge)
    for key in ("speaker_id", "speaker_label", "claim_id"):
        props.pop(key)
    return props


def stated_row(edge: StatedEdge) -> dict[str, Any]:
    return {
        "speaker_id": edge.speaker_id,
        "claim_id": edge.claim_id,
        "article_id": edge.article_id,
        "props": stated_props(edge),
    }


def claim_ids(graph: ArticleGraph) -> list[str]:
    return [claim.id for claim in graph.claims]


STATEMENT_FIELDS = tuple(StatementRow.__dataclass_fields__)


def statement_row(record: Mapping[str, Any]) -> StatementRow:
    """A :class:`StatementRow` from a flat record holding every field by name."""
    values: dict[str, Any] = {name: record.get(name) for name in STATEMENT_FIELDS}
    values["confidence"] = float(values["confidence"] or 0.0)
    for name in ("speaker_start", "speaker_end", "cue_start", "cue_end", "content_start", "content_end"):
        values[name] = int(values[name] or 0)
    return StatementRow(**values)


def search_words(text: str) -> list[str]:
    """The words of a text search, case-folded; punctuation never reaches a query."""
    return _WORD.findall(text.casefold())


def lucene_query(text: str) -> str:
    """A Lucene query requiring every word of ``text``; empty if ``text`` has no words."""
    return " AND ".join(f'"{word}"' for word in search_words(text))
