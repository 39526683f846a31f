"""Who is who within one article: what "Sen. Warren", "he", "the spokesman", "the newspaper" or "it"
refer to, when the article makes it clear, and nobody when it does not.

A wrong name is worse than none, so every rule declines rather than guesses:

- A name resolves to the one person of the article it fits (:class:`ingest.extract.people.PeopleIndex`);
  a surname shared by two people, or a name the article never gives in full, stays as written.
- "he"/"she" is the most recent person *speaking* whose gender agrees, else the most recent person
  mentioned whose gender agrees; "I" the most recent person speaking.
- "it" is the most recent organization speaking; "they" too, when an organization spoke after the
  last person did.
- A role description ("the spokesman") is the person whose role has the description's head noun;
  an organization description ("the newspaper", "the campaign") the most recent organization of the
  article that fits it.
- "A's campaign", "A's aides" are A's campaign; "A's son" is not A.
- Datelines ("WASHINGTON (AP) —") and generic sources ("critics", "officials") resolve to nobody.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ingest.extract.gender import FirstNames, Gender, pronoun_gender
from ingest.extract.lexicon import (
    CALENDAR_WORDS,
    CAMPAIGN_HEADS,
    DEMONYMS,
    FEMALE_ROLE_HEADS,
    GROUP_QUANTIFIERS,
    LEADER_ROLES,
    MALE_ROLE_HEADS,
    ORGANIZATION_DESCRIPTIONS,
    ORGANIZATION_NOUNS,
    ORGANIZATION_PRONOUNS,
    ORGANIZATION_VARIANTS,
    PERSON_PRONOUNS,
    ROLE_NOUNS,
    SPOKESPERSON_HEADS,
)
from ingest.extract.people import PeopleIndex, Person, compatible, read_name, verb_form
from ingest.extract.roles import SpeakerParts, is_dateline, split_speaker


@dataclass(frozen=True)
class Resolved:
    """A speaker mention resolved: name, kind, role, organization and how it was reached."""

    name: str
    kind: str
    role: str | None
    organization: str | None
    resolution: str

    @property
    def named(self) -> bool:
        return self.resolution != "unresolved" and self.kind != "generic"


def organization_name_text(parts: SpeakerParts) -> str:
    """The organization's name without the words around it ("the fiscally conservative Club for
    Growth Action" is "Club for Growth Action")."""
    words = (parts.organization or parts.head).split()
    while len(words) > 1 and words[0].islower():
        words.pop(0)
    return " ".join(words)


def organization_name(parts: SpeakerParts, doc: Doc) -> str:
    """The organization's name; a bare "the ministry" becomes the named ministry of the article."""
    name = organization_name_text(parts)
    if name.islower() and len(name.split()) == 1:
        for ent in doc.ents:
            if ent.label_ == "ORG" and ent.text.split()[-1].lower() == name:
                return ent.text
    return name


def _coordinated(span: SpacySpan) -> bool:
    """Whether a mention joins several speakers with "and" (inside a name, "and" joins nothing:
    "Securities and Exchange Commission")."""
    root = span.root
    entity = next((e for e in span.doc.ents if e.start <= root.i < e.end), None)
    return any(
        child.dep_ == "conj"
        and span.start <= child.i < span.end
        and (entity is None or not entity.start <= child.i < entity.end)
        for child in root.children
    )


def _organization_fits(organization: str, person: Person) -> bool:
    """Whether the organization or place a description names ("Florida" in "the Florida senator")
    agrees with the one the article gives the person: it does unless that is another one."""
    known = (person.organization or "").lower()
    return not known or organization in known or known in organization


def _organization_like(mention: str, parts: SpeakerParts) -> bool:
    """Whether an organization mention names one body: not a group ("some Republicans"), a day
    ("Sunday"), a speaker label in capitals ("FALLIN"), markup, or a lower-case phrase ("rampant
    xenophobe") other than an institution noun ("the police")."""
    words = mention.split()
    lowered = mention.lower()
    if any(c in mention for c in '<>="{}') or lowered.strip(" .,:") in CALENDAR_WORDS:
        return False
    if words and words[0].lower() in GROUP_QUANTIFIERS:
        return False
    name = organization_name_text(parts)
    if name.islower() and parts.head not in ORGANIZATION_NOUNS:
        return False
    return not (len(words) == 1 and len(name) > 4 and name.isupper() and name.isalpha())


def _described_by_origin(mention: str, doc: Doc, position: int) -> bool:
    """ "the Texan", "the Wisconsin Republican": a person described by origin or party, not a body."""
    span = doc.char_span(position, position + len(mention), alignment_mode="expand")
    if span is None or not mention.lower().startswith("the "):
        return False
    root = span.root
    return root.ent_type_ == "NORP" and root.tag_ == "NNP"


def _bare(name: str) -> str:
    """An organization name without a leading "the"."""
    return name[4:] if name[:4].lower() == "the " else name


def _plausible_organization(name: str) -> bool:
    """A name an organization could have (not a headline tagged ORG: "Suspect Named By Police")."""
    words = name.split()
    return len(words) <= 6 and not any(w[:1].isupper() and verb_form(w.lower()) for w in words[1:])


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _role_gender(head: str) -> Gender | None:
    if head in FEMALE_ROLE_HEADS:
        return "female"
    if head in MALE_ROLE_HEADS:
        return "male"
    return None


class Resolver:
    """Resolves each statement's speaker mention in text order.

    ``skip`` lists character ranges (the headline) whose names are not people of the article.
    """

    def __init__(self, doc: Doc, first_names: FirstNames, *, skip: tuple[tuple[int, int], ...] = ()) -> None:
        self.doc = doc
        self.text = doc.text
        self.people = PeopleIndex(doc, first_names, skip=skip)
        self.person_speakers: list[tuple[int, Person]] = []
        self.organization_speakers: list[tuple[int, Resolved]] = []
        self.organizations = [
            (ent.start_char, " ".join(ent.text.split()))
            for ent in doc.ents
            if ent.label_ == "ORG" and not any(a <= ent.start_char < b for a, b in skip)
        ]

    def resolve(self, start: int, end: int) -> Resolved:
        """Resolve the mention at ``[start, end)`` of the document text."""
        mention = self.text[start:end]
        unresolved = Resolved(" ".join(mention.split()), "generic", None, None, "unresolved")
        if is_dateline(self.text, start, end):
            return unresolved
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return unresolved
        if _coordinated(span):  # "Cruz and Paul", "Mr. Stephens and his brother": no one person
            return unresolved
        parts = split_speaker(span)
        resolved, person = self._resolve(parts, mention, start)
        if person is not None and resolved.named:
            self.person_speakers.append((start, person))
        elif resolved.kind == "organization" and resolved.named:
            self.organization_speakers.append((start, resolved))
        return resolved

    def _person(self, person: Person, resolution: str, parts: SpeakerParts | None = None) -> Resolved:
        role = (parts.role if parts else None) or person.role
        organization = (parts.organization if parts else None) or person.organization
        return Resolved(person.name, "person", role, organization, resolution)

    def _as_written(self, mention: str, parts: SpeakerParts, kind: str = "person") -> Resolved:
        return Resolved(" ".join(mention.split()), kind, parts.role, parts.organization, "unresolved")

    def _resolve(self, parts: SpeakerParts, mention: str, position: int) -> tuple[Resolved, Person | None]:
        if parts.owner is not None:
            return self._owned(parts, mention, position)
        if parts.kind == "person" and parts.person:
            person = self.people.lookup(parts.person)
            if person is None:
                return self._as_written(mention, parts), None
            return self._person(person, "name", parts), person
        if parts.kind == "pronoun":
            return self._pronoun(parts, mention, position)
        if parts.kind == "description":
            person = self._described(parts, position)
            if person is not None:
                return self._person(person, "description"), person
            if (
                parts.organization and parts.head in SPOKESPERSON_HEADS and not parts.organization.islower()
            ):  # "a spokesman for the FBI" speaks for the FBI
                org = self.full_organization(parts.organization)
                return Resolved(org, "organization", None, None, "description"), None
            return self._as_written(mention, parts), None
        described = self._organization_described(parts, mention, position)
        if described is not None:
            return described, None
        if parts.kind == "organization" and _described_by_origin(mention, self.doc, position):
            return self._as_written(mention, parts, "generic"), None
        if parts.kind == "organization":
            name = read_name(mention.strip())
            person = (
                self.people.find(name.name, gender=name.gender)
                if name is not None and len(name.words) <= 2
                else None
            )
            if person is not None:  # "Furgal" tagged ORG, but the article names Sergei Furgal
                return self._person(person, "name"), person
            if name is not None and len(name.words) == 1 and self.people.sharing_name(name.name):
                return self._as_written(mention, parts), None  # "Trump" tagged ORG, two Trumps named
            if not _organization_like(mention, parts):
                return self._as_written(mention, parts, "generic"), None
            org = self.full_organization(organization_name(parts, self.doc))
            if org.lower() in DEMONYMS:
                org = DEMONYMS[org.lower()]
            return Resolved(org, "organization", None, None, "name"), None
        return self._as_written(mention, parts, "generic"), None

    def _pronoun(self, parts: SpeakerParts, mention: str, position: int) -> tuple[Resolved, Person | None]:
        head = parts.head
        if head in PERSON_PRONOUNS:
            gender = pronoun_gender(head)
            speaker = next(
                (
                    (at, p)
                    for at, p in reversed(self.person_speakers)
                    if gender is None or compatible(p.gender, gender)
                ),
                None,
            )
            # the last main-clause subject counts as much as the last speaker: "Mr. Trump has railed
            # against the deal ... he said" is Trump even if someone else spoke before
            subject = self.people.subject_before(position, gender=gender) if head != "i" else None
            candidates = [c for c in (speaker, subject) if c is not None]
            chosen = max(candidates, key=lambda c: c[0])[1] if candidates else None
            if chosen is not None:
                return self._person(chosen, "pronoun"), chosen
            if head != "i":
                found = self.people.mentioned_before(position, gender=gender)
                if found is not None:
                    return self._person(found, "pronoun"), found
            return self._as_written(mention, parts), None
        if head in ORGANIZATION_PRONOUNS and self.organization_speakers:
            at, organization = self.organization_speakers[-1]
            last_person = self.person_speakers[-1][0] if self.person_speakers else -1
            if head == "it" or at > last_person:
                return Resolved(organization.name, "organization", None, None, "pronoun"), None
        return self._as_written(mention, parts, "generic"), None

    def _described(self, parts: SpeakerParts, position: int) -> Person | None:
        head = parts.head
        organization = (parts.organization or "").lower()
        gender = _role_gender(head)

        def fits(person: Person) -> bool:
            if not person.full or not (gender is None or person.gender is None or person.gender == gender):
                return False
            if organization and not _organization_fits(organization, person):
                return False  # "the Florida senator" is not the senator of Iowa
            heads = person.role_heads()
            if head in heads:
                return True
            if head == "leader" and heads & LEADER_ROLES:
                person_org = (person.organization or "").lower()
                return not organization or organization == person_org
            return False

        candidates = [p for p in self.people.people if fits(p)]
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

    def full_organization(self, name: str) -> str:
        """The organization's full name: a known variant ("AP"), else the one longer name of the article
        it ends ("the Times" in an article naming "The New York Times") or abbreviates."""
        name = " ".join(name.split())
        bare = _bare(name)
        variant = ORGANIZATION_VARIANTS.get(bare.lower())
        if variant is not None:
            return variant
        words = bare.lower().split()
        names = {_bare(n) for _, n in self.organizations if _plausible_organization(n)}
        longer = {
            n for n in names if len(n.split()) > len(words) and n.lower().split()[-len(words) :] == words
        }
        if not longer and bare.isupper() and 2 <= len(bare) <= 5:
            longer = {n for n in names if _initials(n) == bare}
        return longer.pop() if len(longer) == 1 else bare

    def _organization_described(self, parts: SpeakerParts, mention: str, position: int) -> Resolved | None:
        """ "the newspaper", "the campaign": the most recent organization of the article that fits."""
        words = mention.lower().split()
        if len(words) != 2 or words[0] != "the" or words[1] not in ORGANIZATION_DESCRIPTIONS:
            return None
        fitting = ORGANIZATION_DESCRIPTIONS[words[1]]
        candidates = [
            (at, name) for at, name in self.organizations if at < position and _plausible_organization(name)
        ]
        candidates += [(at, r.name) for at, r in self.organization_speakers]
        for _, name in sorted(candidates, reverse=True):
            if not fitting or set(name.lower().replace(".", "").split()) & fitting:
                return Resolved(self.full_organization(name), "organization", None, None, "description")
        return Resolved(" ".join(mention.split()), "generic", None, None, "unresolved")

    def _owned(self, parts: SpeakerParts, mention: str, position: int) -> tuple[Resolved, Person | None]:
        """ "Clinton's campaign", "Trump aides": the owner's campaign; "Trump's spokeswoman": the person
        of the article with that role; "Clinton's son": nobody."""
        person = self.people.lookup(parts.owner or "")
        if parts.head in CAMPAIGN_HEADS:
            if person is None:
                return self._as_written(mention, parts, "generic"), None
            return Resolved(f"{person.name} campaign", "organization", None, None, "description"), None
        if parts.head in ROLE_NOUNS:
            described = self._described(parts, position)
            if described is not None:
                return self._person(described, "description"), described
        return self._as_written(mention, parts, "generic"), None
