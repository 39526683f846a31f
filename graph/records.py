"""Conversions between model values and the flat property maps both stores keep.

Both stores hold the same properties under the same names (those of :mod:`graph.schema`), so the
mapping from an :class:`ArticleGraph` to properties, and from a flat record back to a
:class:`StatementRow`, lives here once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from graph import ids
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
    UnnamedSourceNode,
)

_WORD = re.compile(r"\w+")


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names, in order (looked up once per class: ``fields()`` is slow)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


def flat(value: Any) -> dict[str, Any]:
    """A model value's fields as a flat dict, tuples as lists (a shallow, fast ``asdict``)."""
    return {
        name: list(v) if isinstance(v := getattr(value, name), tuple) else v
        for name in field_names(type(value))
    }


def article_props(node: ArticleNode) -> dict[str, Any]:
    """The Article node's properties (``id`` excluded)."""
    props = flat(node)
    props.pop("id")
    return props


def official_row(node: OfficialNode) -> dict[str, Any]:
    """The official's fields and its identity key ``surname`` (see :data:`graph.schema.IDENTITY_KEYS`)."""
    return {**flat(node), "surname": ids.surname_key(node.name)}


def organization_row(node: OrganizationNode) -> dict[str, Any]:
    return flat(node)


def unnamed_source_row(node: UnnamedSourceNode) -> dict[str, Any]:
    return flat(node)


def place_row(node: PlaceNode) -> dict[str, Any]:
    return flat(node)


def event_row(node: EventNode) -> dict[str, Any]:
    return flat(node)


def claim_row(node: ClaimNode) -> dict[str, Any]:
    return flat(node)


_STATED_PROPS = tuple(
    f.name for f in fields(StatedEdge) if f.name not in ("speaker_id", "speaker_label", "claim_id")
)


def stated_props(edge: StatedEdge) -> dict[str, Any]:
    """The STATED relationship's properties (its endpoints excluded)."""
    return {name: getattr(edge, name) for name in _STATED_PROPS}


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


def merged_rows(rows: list[dict[str, Any]], *, unions: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Rows with one row per ``id``, as writing them one after another would leave the node: the
    first row's values, later non-null values over them, list fields in ``unions`` unioned in order.
    (``MERGE ... ON CREATE SET`` keeps first-seen values for the fields the queries set only then.)"""
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        known = merged.get(row["id"])
        if known is None:
            merged[row["id"]] = {**row, **{key: list(row.get(key) or []) for key in unions}}
            continue
        for key, value in row.items():
            if key in unions:
                known[key].extend(v for v in value or [] if v not in known[key])
            elif value is not None and key not in FIRST_SEEN:
                known[key] = value
    return list(merged.values())


FIRST_SEEN = frozenset(
    {"id", "name", "surname", "type", "date", "place", "place_id", "text", "kind", "event_id"}
)
"""Fields a node keeps from the first article that wrote it (``ON CREATE SET`` in the queries)."""
