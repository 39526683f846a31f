"""The people an article names, kept apart: one :class:`Person` per person, never two merged.

A person's key is the name without honorifics or titles ("Mrs. Hillary Clinton" and "Sen. Clinton"
are keyed "Hillary Clinton" and "Clinton"). A name of two or more words is a person; a surname or
first name alone joins the one person of the article it can only be, agreeing in gender, and
otherwise stays a fragment that resolves to no one. Two people who share a surname are never merged.
Gender comes from honorifics ("Mrs."), then from the shipped first-name list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from ingest.extract.gender import FirstNames, Gender, honorific_gender
from ingest.extract.lexicon import (
    NAME_PARTICLES,
    NAME_SUFFIXES,
    ROLE_NOUNS,
    SPEECH_VERBS,
    TITLE_ROLES,
    TITLES,
)
from ingest.extract.roles import SpeakerParts, split_speaker

# A name word: capitalised (O'Neill, McCain, de Blasio's particles allowed separately), or an initial.
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|[A-Z]\.)$")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_POSSESSIVE_WORD = re.compile(r"(?:'s|’s)$")
MAX_NAME_WORDS = 5


@dataclass(frozen=True)
class PersonName:
    """A person mention read as a name: the key, the gender an honorific gives, the titles dropped."""

    name: str
    gender: Gender | None = None
    titles: tuple[str, ...] = ()

    @property
    def words(self) -> list[str]:
        return self.name.split()


def read_name(text: str) -> PersonName | None:
    """The name in a person mention, or None when it is not a plausible name.

    Honorifics and titles in front ("Mr.", "Sen.", "Gov.", "Former") are dropped and kept aside; a
    possessive ending is dropped. Headline fragments ("Trump Warns Clinton"), all-capital datelines
    ("WASHINGTON") and markup are not names.
    """
    words = text.replace("\u00a0", " ").split()
    titles: list[str] = []
    gender: Gender | None = None
    while words and words[0].lower().rstrip(",") in TITLES:
        word = words.pop(0)
        gender = gender or honorific_gender(word.rstrip(","))
        titles.append(word)
    while words and (words[0].lower() in STOP_WORDS or _POSSESSIVE_WORD.search(words[0])):
        words.pop(0)  # "Though Kaine": a sentence opener; "Twitter's Adam Sharp": an owner
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1])
    words = [w for w in words if w]
    if not words or len(words) > MAX_NAME_WORDS:
        return None
    for word in words:
        lowered = word.lower()
        if lowered in NAME_PARTICLES:
            continue
        if not _NAME_WORD.match(word):
            return None
        if len(word) > 3 and word.isupper():
            return None
        if verb_form(lowered) or (len(words) >= 3 and word is not words[0] and lowered in SPEECH_VERBS):
            return None
    return PersonName(" ".join(words), gender, tuple(titles))


def verb_form(word: str) -> bool:
    """ "Warns", "Slams", "Stated": an inflected speech verb of a headline or a label, not a name."""
    for suffix in ("s", "ed", "d"):
        if word.endswith(suffix) and word.removesuffix(suffix) in SPEECH_VERBS:
            return True
    return False


def same_name_key(a: str, b: str, first_names: FirstNames) -> bool:
    """Whether two full names are one name: equal, or with the same surname and the same first name
    (a nickname counts: "Sandy"/"Sandra"), middle names and initials aside."""
    wa, wb = a.casefold().split(), b.casefold().split()
    if wa == wb:
        return True
    shorter, longer = sorted((wa, wb), key=len)
    if (
        len(shorter) >= 2 and longer[: len(shorter)] == shorter
    ):  # "Hillary Rodham" of "Hillary Rodham Clinton"
        return True
    return len(wa) >= 2 and len(wb) >= 2 and wa[-1] == wb[-1] and first_names.same(wa[0], wb[0])


def compatible(a: Gender | None, b: Gender | None) -> bool:
    """Genders that do not contradict: equal, or at least one unknown."""
    return a is None or b is None or a == b


@dataclass
class Person:
    """A named person of the article (``full`` when named with a first name and a surname)."""

    name: str
    gender: Gender | None = None
    role: str | None = None
    organization: str | None = None
    mentions: list[tuple[int, str]] = field(default_factory=list)
    subject_at: list[int] = field(default_factory=list)  # where the person is a main clause's subject
    titles: set[str] = field(default_factory=set)  # "senator" for "Sen. Bernie Sanders"

    @property
    def full(self) -> bool:
        return len(self.name.split()) >= 2

    @property
    def surname(self) -> str:
        words = [w for w in self.name.split() if w.lower().rstrip(".,") not in NAME_SUFFIXES]
        return (words or self.name.split())[-1].casefold()

    @property
    def first_name(self) -> str:
        return self.name.split()[0].casefold()

    def role_heads(self) -> set[str]:
        return {w.lower() for w in (self.role or "").replace("-", " ").split()} | self.titles


def _extended_person_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Grow a PERSON entity leftwards over its title words ("Kremlin Spokesman", "Russian President")."""
    i = start
    while i > 0:
        token = doc[i - 1]
        title_of = token.lower_ == "of" and i >= 2 and doc[i - 2].is_title and doc[i].is_title
        if (
            token.is_punct
            or token.is_space
            or (token.is_stop and not title_of and token.lemma_.lower() not in ROLE_NOUNS)
            or "\n" in token.whitespace_
            or (token.pos_ in {"VERB", "AUX", "ADP", "DET", "PRON", "CCONJ"} and not title_of)
        ):
            break
        if token.ent_type_ == "PERSON":
            break
        if not (
            title_of
            or token.is_title
            or (token.is_upper and len(token) <= 3)
            or token.lemma_.lower() in ROLE_NOUNS
            or token.ent_type_
        ):
            break
        i -= 1
    return i, end


def _main_subject(token: Token) -> bool:
    """Whether a name is the subject of its sentence's main clause (or of a clause joined to it), or
    in apposition to that subject: "Sanders sees these gains", "One voter, Guadalupe Potocacetpl, 35,
    showed up". Not "Mr. Hanify said that Mr. Trump had dominated" for Trump."""
    if token.dep_ == "appos":
        token = token.head
    while token.dep_ == "compound":
        token = token.head
    if token.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    verb = token.head
    while verb.dep_ == "conj":
        verb = verb.head
    return verb.dep_ == "ROOT"


class PeopleIndex:
    """The article's named people, built once from the whole document.

    ``skip`` lists character ranges whose names are not people of the article (the headline, whose
    title case makes fragments look like names).
    """

    def __init__(self, doc: Doc, first_names: FirstNames, *, skip: Iterable[tuple[int, int]] = ()) -> None:
        self.doc = doc
        self.first_names = first_names
        self.people: list[Person] = []
        self._subjects: set[int] = set()
        skipped = list(skip)
        found: list[tuple[PersonName, SpeakerParts, int]] = []
        for ent in doc.ents:
            if ent.label_ != "PERSON" or any(a <= ent.start_char < b for a, b in skipped):
                continue
            start, end = _extended_person_span(doc, ent.start, ent.end)
            parts = split_speaker(doc[start:end])
            name = read_name(parts.person or ent.text)
            if name is not None:
                found.append((name, parts, ent.start_char))
                if _main_subject(ent.root):
                    self._subjects.add(ent.start_char)
        found = [(self._trimmed(name), parts, at) for name, parts, at in found]
        for name, parts, at in found:
            if len(name.words) >= 2:
                self._add_full(name, parts, at)
        for name, parts, at in found:
            if len(name.words) < 2:
                self._add_fragment(name, parts, at)

    def lookup(self, text: str) -> Person | None:
        """The one fully named person a mention's name text refers to (see :meth:`find`), or None."""
        name = read_name(text)
        if name is None:
            return None
        name = self._trimmed(name)
        return self.find(name.name, gender=name.gender)

    def _trimmed(self, name: PersonName) -> PersonName:
        """ "Pastor Kevin Swanson", "Icon Morton Blackwell": a word before a known first name is no part
        of the name."""
        words = name.words
        while (
            len(words) >= 3
            and self.first_names.gender(words[0]) is None
            and self.first_names.gender(words[1]) is not None
        ):
            words = words[1:]
        return PersonName(" ".join(words), name.gender, name.titles) if words != name.words else name

    def _attach(self, person: Person, name: PersonName, parts: SpeakerParts, at: int) -> None:
        if parts.role and not person.role:
            person.role = parts.role
        if parts.organization and not person.organization:
            person.organization = parts.organization
        person.mentions.append((at, name.name))
        person.titles.update(
            TITLE_ROLES.get(t.lower().rstrip(".,"), t.lower().rstrip(".,")) for t in name.titles
        )
        if at in self._subjects:
            person.subject_at.append(at)

    def _add_full(self, name: PersonName, parts: SpeakerParts, at: int) -> None:
        gender = name.gender or self.first_names.gender(name.words[0])
        person = next(
            (
                p
                for p in self.people
                if same_name_key(p.name, name.name, self.first_names) and compatible(p.gender, gender)
            ),
            None,
        )
        if person is None:
            person = Person(name=name.name, gender=gender)
            self.people.append(person)
        elif person.gender is None:
            person.gender = gender
        self._attach(person, name, parts, at)

    def _add_fragment(self, name: PersonName, parts: SpeakerParts, at: int) -> None:
        person = self.find(name.name, gender=name.gender)
        if person is None:
            person = next(
                (p for p in self.people if not p.full and p.name.casefold() == name.name.casefold()), None
            )
        if person is None:
            person = Person(name=name.name, gender=name.gender)
            self.people.append(person)
        self._attach(person, name, parts, at)

    def find(self, name: str, *, gender: Gender | None = None) -> Person | None:
        """The one fully named person a name can refer to, or None.

        A full name matches the same full name (middle names and initials aside). A single word
        matches the one full person with that surname, else with that first name, whose gender agrees
        with ``gender``; when two people fit, nobody is chosen.
        """
        words = name.split()
        if not words:
            return None
        if len(words) >= 2:
            return next(
                (
                    p
                    for p in self.people
                    if p.full
                    and same_name_key(p.name, name, self.first_names)
                    and compatible(p.gender, gender)
                ),
                None,
            )
        word = words[0].casefold()
        for key in ("surname", "first_name"):
            fits = [
                p for p in self.people if p.full and getattr(p, key) == word and compatible(p.gender, gender)
            ]
            if len(fits) == 1:
                return fits[0]
            if len(fits) > 1:
                return None
        return None

    def subject_before(self, position: int, *, gender: Gender | None = None) -> tuple[int, Person] | None:
        """The fully named person last seen as a main clause's subject before ``position``, gender
        agreeing."""
        best: tuple[int, Person] | None = None
        for person in self.people:
            if not person.full or not compatible(person.gender, gender):
                continue
            for at in person.subject_at:
                if at < position and (best is None or at > best[0]):
                    best = (at, person)
        return best

    def sharing_name(self, word: str) -> list[Person]:
        """The fully named people whose surname or first name is ``word``."""
        lowered = word.casefold()
        return [p for p in self.people if p.full and lowered in {p.surname, p.first_name}]

    def mentioned_before(self, position: int, *, gender: Gender | None = None) -> Person | None:
        """The fully named person mentioned last before ``position`` whose gender agrees."""
        best, best_at = None, -1
        for person in self.people:
            if not person.full or not compatible(person.gender, gender):
                continue
            for at, _ in person.mentions:
                if best_at < at < position:
                    best, best_at = person, at
        return best
