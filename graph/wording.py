"""Wording shared by the command line and the reports it prints."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` followed by ``noun``, in the plural unless the number is one: ``"1 article"``,
    ``"3 articles"``; ``plural`` for nouns that do not just take an "s" ("person", "people")."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


UNNAMED_KIND_WORDS = {
    "official": "unnamed official source",
    "group": "unnamed group",
    "document": "document",
    "pronoun": "unresolved pronoun",
    "name": "unresolved name",
}
"""How each kind of unnamed source (:data:`graph.schema.UNNAMED_KINDS`) is called on pages and reports."""


def speaker_heading(name: str, *, role: str | None = None, unnamed_kind: str | None = None) -> str:
    """A speaker as a heading: ``"Dmitry Peskov, Kremlin Spokesman"``; an unnamed source with what it
    is: ``"Senior officials (unnamed official source, as written)"``."""
    if unnamed_kind is not None:
        return f"{name} ({UNNAMED_KIND_WORDS.get(unnamed_kind, unnamed_kind)}, as written)"
    return name + (f", {role}" if role else "")
