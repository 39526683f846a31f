"""Turn one article's extraction into the subgraph a store writes (:class:`graph.model.ArticleGraph`).

Identity within this step is by canonical name: the extractor has already resolved "he" and "the
spokesman" to the named official, so one name is one ``Official`` node across articles. Every statement
reaches the graph: one whose source is unnamed ("critics", "officials", "the report") or that the
extractor could not resolve (a pronoun, a surname two people share) is stated by an ``UnnamedSource``
of its article, holding the mention as written and its kind (:mod:`ingest.extract.unnamed`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from graph import ids, schema
from graph.ids import digest
from graph.model import (
    ArticleGraph,
    ArticleNode,
    ClaimNode,
    EventNode,
    Membership,
    OfficialNode,
    OrganizationNode,
    PlaceNode,
    StatedEdge,
    UnnamedSourceNode,
)
from ingest.article import RawArticle
from ingest.extract.events import names_participants
from ingest.extract.result import Event, Extraction, Statement
from ingest.extract.unnamed import unnamed_kind
from ingest.identity import Identity

PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "it", "we", "i"})


@dataclass(frozen=True)
class ArticleMeta:
    """An article's metadata after parsing: source metadata first, else what its text says."""

    title: str | None = None
    source: str | None = None
    published: str | None = None
    place: str | None = None


def article_fingerprint(raw: RawArticle, *, extractor_version: str) -> str:
    """A hash of everything that decides what the article contributes to the graph."""
    return digest(
        raw.text, raw.title, raw.url, raw.source, raw.published, raw.language, extractor_version, size=32
    )


def article_node_id(raw: RawArticle) -> str:
    """The article's id: by URL when it has one, else by its normalised text."""
    return ids.article_id(url=raw.url, text=raw.text[raw.body_offset :])


def build_article_graph(
    raw: RawArticle, extraction: Extraction, meta: ArticleMeta, *, identity: Identity | None = None
) -> ArticleGraph:
    """Map an extraction onto graph nodes and relationships with deterministic ids.

    ``identity`` decides which official each named person is (across articles); without it, one
    name is one official.
    """
    return build_article_graph_and_speakers(raw, extraction, meta, identity=identity)[0]


def build_article_graph_and_speakers(
    raw: RawArticle, extraction: Extraction, meta: ArticleMeta, *, identity: Identity | None = None
) -> tuple[ArticleGraph, tuple[str, ...]]:
    """:func:`build_article_graph`, with the id of the speaker node each statement of the extraction
    went to, in the extraction's order (what the evaluation of speaker nodes reads)."""
    article_id = article_node_id(raw)
    article = ArticleNode(
        id=article_id,
        location=raw.location,
        fingerprint=article_fingerprint(raw, extractor_version=extraction.extractor_version),
        title=meta.title,
        url=raw.url,
        source=meta.source,
        published=meta.published,
        place=meta.place,
        language=raw.language,
        text=raw.text,
        extracted=len(extraction.statements),
    )
    collector = _Collector(article_id=article_id, extraction=extraction, identity=identity or Identity())
    speakers = tuple(collector.add_statement(s, date=meta.published) for s in extraction.statements)
    repeated = len(extraction.statements) - len(collector.stated)
    graph = ArticleGraph(
        article=replace(article, repeated=repeated),
        officials=tuple(collector.officials.values()),
        organizations=tuple(collector.organizations.values()),
        unnamed_sources=tuple(collector.unnamed.values()),
        places=tuple(collector.places.values()),
        events=tuple(collector.events.values()),
        claims=tuple(collector.claims.values()),
        stated=tuple(collector.stated.values()),
        memberships=tuple(collector.memberships.values()),
    )
    return graph, speakers


class _Collector:
    """Accumulates nodes by id so each appears once per article."""

    def __init__(self, *, article_id: str, extraction: Extraction, identity: Identity) -> None:
        self.article_id = article_id
        self.identity = identity
        self.extractor_version = extraction.extractor_version
        self.aliases: dict[str, set[str]] = {}
        self.people: list[str] = []  # the people the article names (full names first)
        for entity in extraction.entities:
            self.aliases.setdefault(entity.name, set()).update(entity.aliases)
            if entity.kind == "person":
                self.people.append(entity.name)
        self.officials: dict[str, OfficialNode] = {}
        self.organizations: dict[str, OrganizationNode] = {}
        self.unnamed: dict[str, UnnamedSourceNode] = {}
        self.places: dict[str, PlaceNode] = {}
        self.events: dict[str, EventNode] = {}
        self.claims: dict[str, ClaimNode] = {}
        self.stated: dict[tuple[str, str], StatedEdge] = {}
        self.memberships: dict[tuple[str, str], Membership] = {}

    def _alias_set(self, name: str, *mentions: str) -> tuple[str, ...]:
        found = set(self.aliases.get(name, set()))
        found.update(mentions)
        return tuple(sorted(a for a in found if a and a != name and a.casefold() not in PRONOUNS))

    def _organization(self, name: str) -> str:
        org_id = ids.organization_id(name)
        if org_id not in self.organizations:
            self.organizations[org_id] = OrganizationNode(id=org_id, name=name, aliases=self._alias_set(name))
        return org_id

    def _unnamed(self, statement: Statement, kind: str | None = None) -> tuple[str, str]:
        speaker = statement.speaker
        name = " ".join(speaker.mention.text.split()) or speaker.name
        kind = kind or unnamed_kind(speaker)
        source_id = ids.unnamed_source_id(article_id=self.article_id, name=name, kind=kind)
        self.unnamed.setdefault(
            source_id, UnnamedSourceNode(id=source_id, name=name, kind=kind, article_id=self.article_id)
        )
        return source_id, schema.UNNAMED_SOURCE

    def _named_in_full(self, surname: str) -> str | None:
        """The one person of the article whose full name ends in ``surname``, if exactly one."""
        key = surname.casefold()
        found = {
            name
            for name in self.people
            if len(words := ids.name_words(name)) > 1 and words[-1].casefold() == key
        }
        return found.pop() if len(found) == 1 else None

    def _speaker(self, statement: Statement) -> tuple[str, str]:
        speaker = statement.speaker
        if speaker.kind == "generic" or speaker.resolution == "unresolved":
            return self._unnamed(statement)
        if speaker.kind == "organization" and len(ids.name_words(speaker.name)) == 1:
            named = self._named_in_full(speaker.name)
            if named is not None:  # "Furgal" tagged as an organization where the article names him
                speaker = replace(speaker, name=named, kind="person")
            elif self.identity.surname_only(speaker.name) is not None:
                return self._unnamed(statement, "name")  # a known person's surname: who is not guessed
        if speaker.kind == "person" and self.identity.bare_surname(speaker.name):
            return self._unnamed(statement, "name")  # never named in full: who it is is not guessed
        if speaker.kind == "organization":
            org_id = ids.organization_id(speaker.name)
            known = self.organizations.get(org_id)
            aliases = set(known.aliases if known else ()) | set(
                self._alias_set(speaker.name, speaker.mention.text)
            )
            self.organizations[org_id] = OrganizationNode(
                id=org_id, name=speaker.name, aliases=tuple(sorted(aliases))
            )
            return org_id, schema.ORGANIZATION
        person = self.identity.person(speaker.name, role=speaker.role, organization=speaker.organization)
        official_id = person.id
        known_official = self.officials.get(official_id)
        aliases = set(known_official.aliases if known_official else ())
        aliases |= set(self._alias_set(speaker.name, speaker.mention.text))
        if speaker.name != person.name:
            aliases.add(speaker.name)
        aliases.discard(person.name)
        joins = set(known_official.joins if known_official else ())
        if person.reason is not None and speaker.name != person.name:
            joins.add(f"{speaker.name} in {self.article_id}: {person.reason}")
        self.officials[official_id] = OfficialNode(
            id=official_id,
            name=person.name,
            role=person.role or (known_official.role if known_official else None),
            organization=person.organization or (known_official.organization if known_official else None),
            aliases=tuple(sorted(aliases)),
            joins=tuple(sorted(joins)),
        )
        if person.organization:
            org_id = self._organization(person.organization)
            self.memberships[(official_id, org_id)] = Membership(official_id, org_id, person.role)
        return official_id, schema.OFFICIAL

    def _event(self, event: Event) -> str:
        # an undated event stays within its article, unless its name says who it involves
        scope = "" if event.date is None and names_participants(event) else self.article_id
        event_id = ids.event_id(
            type=event.type, date=event.date, place=event.place, name=event.name, scope=scope
        )
        if event_id not in self.events:
            place_id = None
            if event.place:
                place_id = ids.place_id(event.place)
                self.places.setdefault(place_id, PlaceNode(id=place_id, name=event.place))
            self.events[event_id] = EventNode(
                id=event_id,
                name=event.name,
                type=event.type,
                date=event.date,
                place=event.place,
                place_id=place_id,
                mentions=tuple(dict.fromkeys(m.text for m in event.mentions)),
            )
        return event_id

    def add_statement(self, statement: Statement, *, date: str | None) -> str:
        """Add one statement; returns the id of its speaker node."""
        speaker_id, speaker_label = self._speaker(statement)
        event_id = self._event(statement.event) if statement.event is not None else None
        text = statement.content.text
        claim_id = ids.claim_id(speaker_id=speaker_id, content=text, event_id=event_id)
        self.claims.setdefault(
            claim_id, ClaimNode(id=claim_id, text=text, kind=statement.kind, date=date, event_id=event_id)
        )
        self.stated.setdefault(
            (speaker_id, claim_id),
            StatedEdge(
                speaker_id=speaker_id,
                speaker_label=speaker_label,
                claim_id=claim_id,
                article_id=self.article_id,
                cue=statement.cue.text,
                kind=statement.kind,
                date=date,
                speaker_text=statement.speaker.mention.text,
                speaker_start=statement.speaker.mention.start,
                speaker_end=statement.speaker.mention.end,
                cue_start=statement.cue.start,
                cue_end=statement.cue.end,
                content_start=statement.content.start,
                content_end=statement.content.end,
                confidence=statement.confidence,
                extractor_version=self.extractor_version,
            ),
        )
        return speaker_id
