"""Split a speaker's noun phrase into person, role and organization.

"Kremlin Spokesman Dmitry Peskov" -> Dmitry Peskov, role "Kremlin Spokesman", organization "Kremlin";
"Russian President Vladimir Putin" -> role "President", organization "Russia" (a demonym names the
country); "a spokesman for the FBI" -> role "spokesman", organization "FBI"; "Foreign Ministry
spokeswoman Maria Zakharova" -> role "Foreign Ministry spokeswoman", organization "Foreign Ministry".
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ingest.extract.lexicon import (
    DEMONYMS,
    DETERMINERS,
    GENERIC_SOURCES,
    ORGANIZATION_NOUNS,
    PRONOUNS,
    ROLE_NOUNS,
)

ORG_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})


@dataclass(frozen=True)
class SpeakerParts:
    """What a speaker mention says about who spoke."""

    kind: str  # "person", "organization", "generic", "pronoun", "description"
    person: str | None = None
    role: str | None = None
    organization: str | None = None
    head: str = ""
    owner: str | None = None  # "Clinton" in "Clinton's campaign", "Trump aides": whose group speaks


def _text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def _organization(tokens: list[Token]) -> tuple[str | None, bool]:
    """The organization named by role modifiers, and whether it was a demonym."""
    if not tokens:
        return None, False
    first = tokens[0].text.lower()
    if first in DEMONYMS and len(tokens) == 1:
        return DEMONYMS[first], True
    return _text(tokens), False


DATELINE_AFTER = ("(", "—", "–", "-", ",", "/")


def is_dateline(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a dateline's place: capitals opening a line and followed by
    "(AP) —", "—", ", March 4 (Reuters) -" or "/TASS/" ("WASHINGTON (AP) —"). Never a speaker."""
    mention = text[start:end].strip()
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return False
    letters = [c for c in mention if c.isalpha()]
    after = text[end : end + 3].lstrip()
    return len(letters) >= 2 and mention.isupper() and after.startswith(DATELINE_AFTER)


def split_speaker(span: SpacySpan) -> SpeakerParts:
    """Classify and split one speaker mention."""
    tokens = [t for t in span if not t.is_punct]
    while tokens and tokens[0].lower_ in DETERMINERS:
        tokens = tokens[1:]
    if not tokens:
        return SpeakerParts(kind="generic", head=span.text)
    if len(tokens) == 1 and tokens[0].lower_ in PRONOUNS:
        return SpeakerParts(kind="pronoun", head=tokens[0].lower_)
    person_ents = _person_entities(span)
    main, owner = _main_person(span, person_ents)
    if owner is not None:
        root = span.root
        role_tokens = [
            t for t in tokens if t.i > owner.end - 1 and t.i <= root.i and t.lower_ not in {"'s", "’s"}
        ]
        return SpeakerParts(
            kind="description", role=_text(role_tokens) or None, head=root.lemma_.lower(), owner=owner.text
        )
    person_tokens = [t for t in main if not t.is_punct] if main is not None else []
    if person_tokens:
        start = person_tokens[0].i
        # "Antony J. Blinken" tagged as "J. Blinken": take the given name in front of it too
        previous = [t for t in tokens if t.i == start - 1]
        if (
            previous
            and previous[0].pos_ == "PROPN"
            and previous[0].is_title
            and not previous[0].is_stop
            and (previous[0].lemma_.lower() not in ROLE_NOUNS and previous[0].ent_type_ in {"", "PERSON"})
        ):
            start -= 1
        name_tokens = [t for t in span.doc[start : person_tokens[-1].i + 1] if not t.is_punct]
        before = [t for t in tokens if t.i < start and not t.is_punct]
        after = [t for t in tokens if t.i > name_tokens[-1].i]
        role_tokens = before
        org_tokens: list[Token] = []
        org_out: list[Token] = []
        if before:
            role_idx = [i for i, t in enumerate(before) if t.lemma_.lower() in ROLE_NOUNS]
            if role_idx:
                org_tokens = before[: role_idx[0]]
                if not any(t.ent_type_ in ORG_LABELS for t in org_tokens):
                    org_tokens = []
        elif after:
            # "Dmitry Peskov, the Kremlin spokesman" / "Peskov, spokesman for the Kremlin"
            role_tokens = [t for t in after if t.lower_ not in DETERMINERS and not t.is_punct]
            role_tokens = _cut_at_prep(role_tokens, org_out)
            org_tokens = org_out
        organization, demonym = _organization(org_tokens)
        role = _text(role_tokens) or None
        if demonym and role:
            role = _text(role_tokens[len(org_tokens) :]) or None
        return SpeakerParts(kind="person", person=_text(name_tokens), role=role, organization=organization)
    head = span.root
    head_lemma = head.lemma_.lower()
    if head_lemma in ROLE_NOUNS:
        org_out = []
        role_tokens = _cut_at_prep(tokens, org_out)
        modifiers = [t for t in role_tokens if t.i < head.i]
        org_tokens = org_out or [t for t in modifiers if t.ent_type_ in ORG_LABELS or t.is_title]
        organization, demonym = _organization(org_tokens)
        role = _text(role_tokens)
        if demonym:
            role = _text([t for t in role_tokens if t not in org_tokens])
        return SpeakerParts(kind="description", role=role, organization=organization, head=head_lemma)
    if head_lemma in {"reporter", "correspondent", "journalist"}:
        outlets = [t for t in tokens if t.i < head.i and (t.ent_type_ == "ORG" or t.pos_ == "PROPN")]
        if outlets:
            return SpeakerParts(kind="organization", organization=_text(outlets), head=head_lemma)
    if (
        head.pos_ == "PROPN"
        and not head.ent_type_
        and len(tokens) <= 3
        and all(t.is_title and t.pos_ == "PROPN" for t in tokens)
        and head_lemma not in ORGANIZATION_NOUNS
    ):
        # an untagged proper name ("Zakharova said"): a person more often than not
        return SpeakerParts(kind="person", person=_text(tokens))
    if head.ent_type_ in ORG_LABELS or head_lemma in ORGANIZATION_NOUNS or head.pos_ == "PROPN":
        if head.pos_ != "PROPN" and head_lemma in ORGANIZATION_NOUNS and not head.is_title:
            modifiers = [t for t in tokens if t.i <= head.i]
            name = _text(modifiers) if len(modifiers) > 1 else head.lower_
            return SpeakerParts(kind="organization", organization=name, head=head_lemma)
        return SpeakerParts(kind="organization", organization=_text(tokens), head=head_lemma)
    if head_lemma in GENERIC_SOURCES or head.tag_ in {"NNS", "NNPS"}:
        return SpeakerParts(kind="generic", head=head_lemma)
    return SpeakerParts(kind="generic", head=head_lemma)


def _person_entities(span: SpacySpan) -> list[SpacySpan]:
    return [e for e in span.doc.ents if e.label_ == "PERSON" and span.start <= e.start and e.end <= span.end]


def _main_person(span: SpacySpan, ents: list[SpacySpan]) -> tuple[SpacySpan | None, SpacySpan | None]:
    """The person a mention names, or the person whose group it names (``(None, owner)``).

    "Jennifer Palmieri, Clinton's communications director" and "Clinton's communications director,
    Jennifer Palmieri" name Palmieri; "Clinton's campaign", "Trump aides", "Clinton's son" name
    someone of Clinton's, not Clinton.
    """
    root = span.root
    doc = span.doc
    for ent in ents:
        if ent.start <= root.i < ent.end:
            return ent, None
    if root.pos_ in {"NOUN", "PROPN"}:
        # the apposition may lie outside the mention: "Clinton's communications director, Jennifer Palmieri,"
        for child in root.children:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                named = next((e for e in doc.ents if e.start <= child.i < e.end), None)
                if named is not None:
                    return named, None
        for ent in ents:
            if ent.root.dep_ in {"poss", "compound"} and ent.root.head.i == root.i:
                return None, ent
    if not ents and root.pos_ == "NOUN":
        # "Trump's campaign" with "Trump" tagged ORG: still someone's campaign
        for child in root.children:
            if child.dep_ == "poss" and child.pos_ == "PROPN":
                return None, doc[child.left_edge.i : child.i + 1]
    if not ents:
        return None, None
    return ents[0], None


def _cut_at_prep(tokens: list[Token], org_out: list[Token]) -> list[Token]:
    """Keep tokens before "for/of/at ORG" and put the organization's tokens into ``org_out``."""
    for index, token in enumerate(tokens):
        if token.lower_ in {"for", "of", "at"} and index > 0:
            org_out.extend(t for t in tokens[index + 1 :] if t.lower_ not in DETERMINERS and not t.is_punct)
            return tokens[:index]
    return tokens
