"""Who is who within one article: named people and organizations, and what "he", "the spokesman",
"the Russian leader" or "the ministry" refer to.

Every PERSON mention is read with the words before it ("Kremlin Spokesman Dmitry Peskov"), giving
the person a role and organization. A surname alone ("Peskov") is the person with that surname. A
pronoun is the most recent person speaking (else mentioned) before it; a description is the person
whose role has the description's head noun (the most recent before it, else the first after it: a
standfirst may describe before the body names). Nothing is guessed for generic sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from ingest.extract.lexicon import DEMONYMS, ROLE_NOUNS
from ingest.extract.roles import SpeakerParts, split_speaker

LEADER_ROLES = frozenset({"president", "prime minister", "premier", "chancellor", "leader", "king", "head"})


@dataclass
class Person:
    """A named person of the article."""

    name: str
    role: str | None = None
    organization: str | None = None
    mentions: list[tuple[int, str]] = field(default_factory=list)

    @property
    def surname(self) -> str:
        words = self.name.split()
        return words[-1].lower() if words else ""

    def role_heads(self) -> set[str]:
        return {w.lower() for w in (self.role or "").replace("-", " ").split()}


@dataclass(frozen=True)
class Resolved:
    """A speaker mention resolved: name, kind, role, organization and how it was reached."""

    name: str
    kind: str
    role: str | None
    organization: str | None
    resolution: str


def _extended_person_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Grow a PERSON entity leftwards over its title words ("Kremlin Spokesman", "Russian President")."""
    i = start
    while i > 0:
        token = doc[i - 1]
        title_of = token.lower_ == "of" and i >= 2 and doc[i - 2].is_title and doc[i].is_title
        if (
            token.is_punct
            or token.is_space
            or (token.pos_ in {"VERB", "AUX", "ADP", "DET", "PRON", "CCONJ"} and not title_of)
        ):
            break
        if token.ent_type_ == "PERSON":
            break
        if not (
            title_of
            or token.is_title
            or token.is_upper
            or token.lemma_.lower() in ROLE_NOUNS
            or token.ent_type_
        ):
            break
        i -= 1
    return i, end


class PeopleIndex:
    """The article's named people, built once from the whole document."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.people: list[Person] = []
        mentions = []
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            start, end = _extended_person_span(doc, ent.start, ent.end)
            parts = split_speaker(doc[start:end])
            mentions.append((ent, parts))
        named = [(parts.person or ent.text, parts, ent.start_char) for ent, parts in mentions]
        for name, parts, at in named:
            if len(name.split()) >= 2:
                self._add(name, parts, at)
        for name, parts, at in named:
            if len(name.split()) < 2:
                self._add(name, parts, at)

    def _add(self, name: str, parts: SpeakerParts, position: int) -> Person | None:
        name = " ".join(name.split())
        if not name:
            return None
        person = self.find(name)
        if person is None:
            person = Person(name=name)
            self.people.append(person)
        if parts.role and not person.role:
            person.role = parts.role
        if parts.organization and not person.organization:
            person.organization = parts.organization
        person.mentions.append((position, name))
        return person

    def find(self, name: str) -> Person | None:
        """The person a full name or a surname refers to."""
        lowered = " ".join(name.split()).lower()
        for person in self.people:
            if person.name.lower() == lowered:
                return person
        last = lowered.split()[-1] if lowered else ""
        matches = [p for p in self.people if p.surname == last]
        if len(matches) == 1:
            return matches[0]
        return None

    def mentioned_before(self, position: int) -> Person | None:
        best, best_at = None, -1
        for person in self.people:
            for at, _ in person.mentions:
                if best_at < at < position:
                    best, best_at = person, at
        return best

    def by_description(self, parts: SpeakerParts, position: int) -> Person | None:
        head = parts.head
        organization = (parts.organization or "").lower()

        def fits(person: Person) -> bool:
            heads = person.role_heads()
            if head in heads:
                return True
            if head == "leader" and heads & LEADER_ROLES:
                person_org = (person.organization or "").lower()
                return not organization or organization == person_org
            return False

        candidates = [p for p in self.people if fits(p)]
        if not candidates:
            return None
        before = [
            (max(at for at, _ in p.mentions if at < position), p)
            for p in candidates
            if any(at < position for at, _ in p.mentions)
        ]
        if before:
            return max(before, key=lambda item: item[0])[1]
        return min(candidates, key=lambda p: min(at for at, _ in p.mentions))


def organization_name(parts: SpeakerParts, doc: Doc) -> str:
    """The organization's name; a bare "the ministry" becomes the named ministry of the article."""
    name = parts.organization or parts.head
    if name.islower() and len(name.split()) == 1:
        for ent in doc.ents:
            if ent.label_ == "ORG" and ent.text.split()[-1].lower() == name:
                return ent.text
    return name


class Resolver:
    """Resolves each statement's speaker mention in text order."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.people = PeopleIndex(doc)
        self.last_person_speaker: tuple[int, Resolved] | None = None
        self.last_organization_speaker: tuple[int, Resolved] | None = None

    def resolve(self, start: int, end: int) -> Resolved:
        """Resolve the mention at ``[start, end)`` of the document text."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        mention = self.text[start:end]
        if span is None:
            return Resolved(mention, "generic", None, None, "unresolved")
        parts = split_speaker(span)
        resolved = self._resolve(parts, mention, start)
        if resolved.kind == "person" and resolved.resolution != "unresolved":
            self.last_person_speaker = (start, resolved)
        elif resolved.kind == "organization":
            self.last_organization_speaker = (start, resolved)
        return resolved

    def _person(self, person: Person, resolution: str) -> Resolved:
        return Resolved(person.name, "person", person.role, person.organization, resolution)

    def _resolve(self, parts: SpeakerParts, mention: str, position: int) -> Resolved:
        if parts.kind == "person" and parts.person:
            person = self.people.find(parts.person)
            if person is not None:
                return Resolved(
                    person.name,
                    "person",
                    parts.role or person.role,
                    parts.organization or person.organization,
                    "name",
                )
            return Resolved(parts.person, "person", parts.role, parts.organization, "name")
        if parts.kind == "pronoun":
            if parts.head in {"he", "she", "i"}:
                if self.last_person_speaker is not None:
                    return Resolved(*_fields(self.last_person_speaker[1]), "pronoun")
                person = self.people.mentioned_before(position)
                if person is not None:
                    return self._person(person, "pronoun")
            return Resolved(mention, "person", None, None, "unresolved")
        if parts.kind == "description":
            person = self.people.by_description(parts, position)
            if person is not None:
                return self._person(person, "description")
            if parts.organization and parts.head in {"spokesman", "spokeswoman", "spokesperson"}:
                return Resolved(parts.organization, "organization", None, None, "description")
            return Resolved(mention, "person", parts.role, parts.organization, "unresolved")
        if parts.kind == "organization":
            person = self.people.find(mention) if len(mention.split()) <= 2 else None
            if person is not None:  # "Furgal" tagged ORG, but the article names Sergei Furgal
                return self._person(person, "name")
            name = organization_name(parts, self.doc)
            if name.lower() in DEMONYMS:
                name = DEMONYMS[name.lower()]
            return Resolved(name, "organization", None, None, "name")
        return Resolved(" ".join(mention.split()), "generic", None, None, "unresolved")


def _fields(resolved: Resolved) -> tuple[str, str, str | None, str | None]:
    return resolved.name, resolved.kind, resolved.role, resolved.organization
