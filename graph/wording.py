"""Wording shared by the command line and the reports it prints."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` followed by ``noun``, in the plural unless the number is one: ``"1 article"``,
    ``"3 articles"``; ``plural`` for nouns that do not just take an "s" ("person", "people")."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
