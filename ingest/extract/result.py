"""Plain result types of statement extraction.

An :class:`Extraction` holds what one article says: who spoke (resolved to a named person or
organization where the text allows), the cue, the content with character offsets into the article text
exactly as read, and the event each statement concerns. These types carry no spaCy objects, so they can
cross process boundaries and be serialised as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

StatementKind = Literal["direct", "indirect", "mixed"]
SpeakerKind = Literal["person", "organization", "generic"]
Resolution = Literal["name", "pronoun", "description", "unresolved"]


@dataclass(frozen=True)
class Span:
    """A stretch of the article text: ``text == article_text[start:end]``."""

    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Speaker:
    """Who made a statement: the mention as written and the entity it resolves to.

    ``name`` is the resolved name ("Dmitry Peskov") or, when nothing could be resolved, the mention
    itself; ``resolution`` says how the name was reached.
    """

    mention: Span
    name: str
    kind: SpeakerKind = "person"
    role: str | None = None
    organization: str | None = None
    resolution: Resolution = "name"

    def to_json(self) -> dict[str, Any]:
        return {
            **self.mention.to_json(),
            "name": self.name,
            "role": self.role,
            "organization": self.organization,
        }


@dataclass(frozen=True)
class Event:
    """An event the article mentions, its coreferent mentions merged.

    ``key`` is unique within one extraction. ``date`` is ISO ``YYYY-MM-DD`` or ``--MM-DD`` when the
    year is not known.
    """

    key: str
    name: str
    type: str
    date: str | None = None
    place: str | None = None
    mentions: tuple[Span, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "date": self.date, "place": self.place}


@dataclass(frozen=True)
class Statement:
    """One attributed statement.

    ``content`` covers the whole content (first part's start to last part's end); ``content_parts``
    lists the separate pieces when the content is discontinuous (a quote broken by "he said").
    """

    speaker: Speaker
    cue: Span
    content: Span
    kind: StatementKind
    confidence: float
    event: Event | None = None
    content_parts: tuple[Span, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker.to_json(),
            "cue": self.cue.to_json(),
            "content": self.content.to_json(),
            "kind": self.kind,
            "confidence": round(self.confidence, 3),
            "event": self.event.to_json() if self.event is not None else None,
        }


@dataclass(frozen=True)
class Entity:
    """A named speaker or organization of the article with every mention that refers to it."""

    name: str
    kind: SpeakerKind
    role: str | None = None
    organization: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Extraction:
    """Everything extraction found in one article."""

    statements: tuple[Statement, ...] = ()
    events: tuple[Event, ...] = ()
    entities: tuple[Entity, ...] = ()
    extractor_version: str = "0"
    warnings: tuple[str, ...] = field(default=())

    def to_json(self, *, article: str) -> dict[str, Any]:
        """The ``saidgraph extract`` record: ``{"article": PATH, "statements": [...]}``."""
        return {"article": article, "statements": [s.to_json() for s in self.statements]}


def shift_extraction(extraction: Extraction, offset: int) -> Extraction:
    """The same extraction with every offset moved by ``offset`` (for text read from a slice)."""
    if offset == 0:
        return extraction

    def span(s: Span) -> Span:
        return replace(s, start=s.start + offset, end=s.end + offset)

    def event(e: Event | None) -> Event | None:
        if e is None:
            return None
        return replace(e, mentions=tuple(span(m) for m in e.mentions))

    events = {e.key: event(e) for e in extraction.events}
    statements = tuple(
        replace(
            s,
            speaker=replace(s.speaker, mention=span(s.speaker.mention)),
            cue=span(s.cue),
            content=span(s.content),
            content_parts=tuple(span(p) for p in s.content_parts),
            event=events.get(s.event.key)
            if s.event is not None and s.event.key in events
            else event(s.event),
        )
        for s in extraction.statements
    )
    return replace(
        extraction,
        statements=statements,
        events=tuple(e for e in events.values() if e is not None),
    )
