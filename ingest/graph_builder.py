"""Turn one article's extraction into the subgraph a store writes (:class:`graph.model.ArticleGraph`).

Identity within this step is by canonical name: the extractor has already resolved "he" and "the
spokesman" to the named official, so one name is one ``Official`` node across articles. Statements by
generic sources ("critics", "experts") stay in the extraction output but are not written as graph
speakers: the schema's speakers are officials and organizations.
"""

from __future__ import annotations

from dataclasses import dataclass

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
)
from ingest.article import RawArticle
from ingest.extract.result import Event, Extraction, Statement
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
    )
    collector = _Collector(article_id=article_id, extraction=extraction, identity=identity or Identity())
    for statement in extraction.statements:
        collector.add_statement(statement, date=meta.published)
    return ArticleGraph(
        article=article,
        officials=tuple(collector.officials.values()),
        organizations=tuple(collector.organizations.values()),
        places=tuple(collector.places.values()),
        events=tuple(collector.events.values()),
        claims=tuple(collector.claims.values()),
        stated=tuple(collector.stated.values()),
        memberships=tuple(collector.memberships.values()),
    )


class _Collector:
    """Accumulates nodes by id so each appears once per article."""

    def __init__(self, *, article_id: str, extraction: Extraction, identity: Identity) -> None:
        self.article_id = article_id
        self.identity = identity
        self.extractor_version = extraction.extractor_version
        self.aliases: dict[str, set[str]] = {}
        for entity in extraction.entities:
            self.aliases.setdefault(entity.name, set()).update(entity.aliases)
        self.officials: dict[str, OfficialNode] = {}
        self.organizations: dict[str, OrganizationNode] = {}
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

    def _speaker(self, statement: Statement) -> tuple[str, str] | None:
        speaker = statement.speaker
        if speaker.kind == "generic" or speaker.resolution == "unresolved":
            return None
        if speaker.kind == "organization" and self.identity.surname_only(speaker.name) is None:
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
        self.officials[official_id] = OfficialNode(
            id=official_id,
            name=person.name,
            role=person.role or (known_official.role if known_official else None),
            organization=person.organization or (known_official.organization if known_official else None),
            aliases=tuple(sorted(aliases)),
        )
        if person.organization:
            org_id = self._organization(person.organization)
            self.memberships[(official_id, org_id)] = Membership(official_id, org_id, person.role)
        return official_id, schema.OFFICIAL

    def _event(self, event: Event) -> str:
        event_id = ids.event_id(
            type=event.type, date=event.date, place=event.place, name=event.name, scope=self.article_id
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

    def add_statement(self, statement: Statement, *, date: str | None) -> None:
        speaker = self._speaker(statement)
        if speaker is None:
            return
        speaker_id, speaker_label = speaker
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
