"""Deterministic node ids: the same input always yields the same id, so re-ingesting changes nothing."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "«": '"', "»": '"', "„": '"'})


def normalise_text(text: str) -> str:
    """Fold Unicode forms, quote styles, case and white space, for hashing and comparison."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return _SPACE.sub(" ", folded).strip()


_APOSTROPHES = str.maketrans("", "", "'’ʼ`")


def slug(text: str) -> str:
    """A readable ASCII slug: ``"Dmitry Peskov"`` -> ``"dmitry-peskov"``; apostrophes of either style
    vanish, so "O'Malley" and "O’Malley" are one: ``"omalley"``."""
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(_APOSTROPHES)).encode("ascii", "ignore").decode("ascii")
    )
    return _NON_WORD.sub("-", ascii_text.casefold()).strip("-") or "x"


def digest(*parts: str | None, size: int = 16) -> str:
    """A short hex SHA-256 of the parts (``None`` and ``""`` hash alike)."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update((part or "").encode("utf-8"))
        hasher.update(b"\x1f")
    return hasher.hexdigest()[:size]


def article_id(*, url: str | None, text: str) -> str:
    """By URL when the article has one, else by its normalised text."""
    if url:
        return "article:" + digest("url", url.strip())
    return "article:" + digest("text", normalise_text(text))


def official_id(name: str) -> str:
    """An official's id from their canonical name."""
    return "official:" + slug(name)


def name_words(name: str) -> list[str]:
    """A person's name as words, initials apart: ``"Michael R.Pompeo"`` -> Michael, R., Pompeo."""
    return name.replace(".", ". ").split()


def surname_key(name: str) -> str:
    """The key officials are looked up by across articles: the case-folded last word of the name
    (``""`` for a name without words)."""
    words = name_words(name)
    return words[-1].casefold() if words else ""


def organization_id(name: str) -> str:
    """An organization's id from its canonical name."""
    return "org:" + slug(name)


def unnamed_source_id(*, article_id: str, name: str, kind: str) -> str:
    """An unnamed source's id: its mention (normalised) and kind within one article, so every
    "officials said" of an article is one source and no two articles share one."""
    return "unnamed:" + digest(article_id, kind, normalise_text(name))


def place_id(name: str) -> str:
    """A place's id from its name."""
    return "place:" + slug(name)


def event_id(*, type: str, date: str | None, place: str | None, name: str, scope: str) -> str:
    """Events of the same type, date and place are one event; undated ones stay within ``scope``."""
    if date and place:
        return f"event:{slug(type)}:{date.lstrip('-')}:{slug(place)}"
    return f"event:{slug(type)}:" + digest(date, place, normalise_text(name), scope, size=12)


def claim_id(*, speaker_id: str, content: str, event_id: str | None) -> str:
    """A claim's id from its speaker, its normalised content and its event."""
    return "claim:" + digest(speaker_id, normalise_text(content), event_id)
