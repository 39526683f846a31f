"""What a source the extractor could not name is: an anonymous official, a group, a document, an
unresolved pronoun or an ambiguous name (:data:`graph.schema.UNNAMED_KINDS`).

The graph keeps such statements under an ``UnnamedSource`` of their article rather than dropping
them; its kind lets an event page say "unnamed officials said" apart from "a report said".
"""

from __future__ import annotations

import re

from ingest.extract.lexicon import DOCUMENT_SOURCES, OFFICIAL_SOURCES, SOURCE_PRONOUNS, TITLES
from ingest.extract.result import Speaker

_HEAD_END = re.compile(
    r"\s(?:of|in|by|for|from|at|on|with|who|whom|which|that|to|familiar|close|briefed|involved|speaking|"
    r"knowledgeable|aware|filed|issued|released|published|written|conducted|commissioned|based)\s|,|\s[-–—]\s"
)
"""Where a source mention's head ends: a preposition, a relative clause, or an adjective that follows
it ("sources familiar with", "officials briefed on", "a declaration filed by")."""
_WORD = re.compile(r"[a-z][a-z'’.-]*")


def head_word(mention: str) -> str:
    """The head noun of a source mention, lower-cased and singular as far as plain rules go:
    "early results of exit polls" -> "result", "Trump's official campaign account" -> "account"."""
    text = " " + " ".join(mention.lower().split()) + " "
    match = _HEAD_END.search(text, 1)
    core = text[: match.start()] if match else text
    words: list[str] = _WORD.findall(core)
    if not words:
        return ""
    word = words[-1].rstrip(".").removesuffix("'s").removesuffix("’s")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _looks_like_a_name(mention: str) -> bool:
    words = [w for w in mention.split() if w.lower().rstrip(".") not in TITLES and w.lower() not in TITLES]
    return bool(words) and all(w[:1].isupper() for w in words)


def unnamed_kind(speaker: Speaker) -> str:
    """The kind of a source left unnamed or unresolved (one of :data:`graph.schema.UNNAMED_KINDS`)."""
    mention = " ".join(speaker.mention.text.split())
    if mention.lower() in SOURCE_PRONOUNS:
        return "pronoun"
    head = head_word(mention)
    if head in DOCUMENT_SOURCES:
        return "document"
    if head in OFFICIAL_SOURCES:
        return "official"
    if speaker.kind == "person" and _looks_like_a_name(mention):
        return "name"
    return "group"
