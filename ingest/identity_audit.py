"""Speaker nodes at risk of holding more than one person, with the evidence and the fix.

Identity across articles (:mod:`ingest.identity`) prefers a split to a wrong merge, but a graph written
by an earlier version, an aliases file, or an extraction error can still leave one ``Official`` holding
two people. The audit reads each official's statements back and flags:

- **several first names**: the name forms it was seen under give first names that are not one name
  ("Bill Clinton" and "Barbara Clinton"; "Mike" and "Michael" are one);
- **a gender conflict**: "Mr." and "Mrs.", "he" and "she", or first names given to men and to women;
- **surname only**: articles that name it by its surname alone, never in full (nothing in them says who
  it is);
- **many name variants**: more forms than :data:`MANY_VARIANTS`.

Each finding lists every form with the articles it was seen in, and the aliases-file lines that would
split the node (one entry per first name) or confirm it; ``saidgraph ingest --again --aliases FILE``
then rewrites the articles with them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from graph import ids, schema
from graph.store import GraphStore
from ingest.extract.gender import FirstNames, honorific_gender, pronoun_gender
from ingest.extract.lexicon import ROLE_NOUNS, TITLES
from ingest.identity import key_name

MANY_VARIANTS = 6
"""A node seen under more name forms than this is listed for a look."""
STATEMENTS_READ = 10_000
"""At most this many statements of one official are read for its evidence."""


@dataclass(frozen=True)
class Variant:
    """One form a node was seen under (as written in the article), with the articles it came from."""

    text: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class SpeakerRisk:
    """An official that may hold more than one person: why, the evidence, and the fix."""

    id: str
    name: str
    statement_count: int
    reasons: tuple[str, ...]
    variants: tuple[Variant, ...]
    joins: tuple[str, ...]
    """The recorded decisions that joined other name forms to it, with their articles and reasons."""
    aliases_lines: str
    """YAML for the aliases file: one entry per first name to split the node, else one entry naming
    every form to confirm it."""


def _first_name(form: str, surname: str) -> str | None:
    """The first name in a name form that ends in ``surname``: the word before it, middle initials and
    titles skipped ("Kremlin Spokesman Dmitry S. Peskov" -> "Dmitry"); None when there is none."""
    words = ids.name_words(key_name(form))
    if len(words) < 2 or words[-1].casefold() != surname:
        return None
    for word in reversed(words[:-1]):
        bare = word.rstrip(".,")
        if len(bare) == 1 and word.endswith("."):
            continue  # a middle initial
        lowered = bare.casefold()
        if not bare[:1].isupper() or lowered in TITLES or lowered in ROLE_NOUNS:
            return None
        return bare
    return None


def _is_name(form: str) -> bool:
    """Whether a form is a name, titles apart ("Secretary Pompeo", "Michael R. Pompeo"), rather than
    a pronoun or a description ("the secretary", "Secretary of State Mike Pompeo")."""
    words = key_name(form).split()
    return bool(words) and all(w[:1].isupper() for w in words) and pronoun_gender(form) is None


def _is_bare(form: str) -> bool:
    return len(ids.name_words(key_name(form))) == 1


def _groups(first: Iterable[str], names: FirstNames) -> list[list[str]]:
    """First names put together when they are one name (equal, an initial, or a form of it)."""
    groups: list[list[str]] = []
    for name in sorted(set(first), key=lambda n: (len(n), n)):
        for group in groups:
            head = group[-1]
            lowered, other = name.casefold(), head.casefold()
            if (lowered.startswith(other) and len(other) == 1) or names.one_name(lowered, other):
                group.append(name)
                break
        else:
            groups.append([name])
    return groups


def _yaml_entry(name: str, aliases: Iterable[str] = ()) -> str:
    listed = sorted(set(aliases) - {name})
    line = f"- name: {json.dumps(name, ensure_ascii=False)}"
    if listed:
        line += "\n  aliases: [" + ", ".join(json.dumps(a, ensure_ascii=False) for a in listed) + "]"
    return line


def audit_official(
    store: GraphStore, official_id: str, names: FirstNames, *, many: int = MANY_VARIANTS
) -> SpeakerRisk | None:
    """The risks of one official, or None when nothing is found (or it is not an official)."""
    profile = store.official_profile(official_id)
    if profile is None or profile.label != schema.OFFICIAL:
        return None
    rows = store.statements_by_official(official_id, limit=STATEMENTS_READ)
    seen: dict[str, dict[str, None]] = {}
    titles: dict[str, str] = {}
    for row in rows:
        form = " ".join(row.speaker_text.split())
        seen.setdefault(form, {})[row.article_id] = None
        titles[row.article_id] = row.article_title or row.article_location
    for alias in (profile.name, *profile.aliases):
        seen.setdefault(" ".join(alias.split()), {})
    variants = tuple(
        Variant(text, tuple(titles[a] for a in articles)) for text, articles in sorted(seen.items())
    )
    surname = ids.surname_key(profile.name)
    name_forms = [text for text in sorted(seen) if _is_name(text)]
    full_names = [key_name(text) for text in name_forms if len(ids.name_words(key_name(text))) > 1]

    reasons: list[str] = []
    first_names = [f for text in name_forms if (f := _first_name(text, surname)) is not None]
    groups = _groups(first_names, names)
    if len(groups) > 1:
        reasons.append("several first names: " + ", ".join(g[-1] for g in groups))

    genders: dict[str, set[str]] = {}
    for variant in variants:
        words = variant.text.split()
        evidence = pronoun_gender(variant.text) or (honorific_gender(words[0]) if words else None)
        if evidence is None and (first := _first_name(variant.text, surname)) is not None:
            evidence = names.gender(first)
        if evidence is not None:
            genders.setdefault(evidence, set()).add(variant.text)
    if len(genders) > 1:
        reasons.append(
            "a gender conflict: "
            + "; ".join(f"{g} ({', '.join(sorted(forms))})" for g, forms in sorted(genders.items()))
        )

    bare_only = []
    for article_id in sorted({a for text in name_forms for a in seen[text] if _is_bare(text)}):
        text = store.article_text(article_id) or ""
        if not any(full in text for full in full_names):
            bare_only.append(titles[article_id])
    if bare_only:
        reasons.append(f"named by surname only in {len(bare_only)} article(s): " + "; ".join(bare_only))

    if len(name_forms) > many:
        reasons.append(f"many name variants: {len(name_forms)}")
    if not reasons:
        return None
    if len(groups) > 1:
        lines = "\n".join(_yaml_entry(f"{g[-1]} {profile.name.split()[-1]}") for g in groups)
    else:
        lines = _yaml_entry(profile.name, (key_name(text) for text in name_forms))
    return SpeakerRisk(
        id=profile.id,
        name=profile.name,
        statement_count=profile.statement_count,
        reasons=tuple(reasons),
        variants=variants,
        joins=profile.joins,
        aliases_lines=lines,
    )


def audit_speakers(
    store: GraphStore, names: FirstNames, *, limit: int = 1000, many: int = MANY_VARIANTS
) -> list[SpeakerRisk]:
    """The officials at risk among the ``limit`` most quoted, most quoted first."""
    found = []
    for summary in store.find_officials("", limit=limit):
        if summary.label != schema.OFFICIAL:
            continue
        risk = audit_official(store, summary.id, names, many=many)
        if risk is not None:
            found.append(risk)
    return found
