"""Event mentions, merged into events, and the event each statement concerns.

A mention is a noun phrase headed by an event noun (rally, protest, election, summit, talks, call,
attack, trial, visit, ...). Its date comes from a date inside the phrase or one governing it in the
sentence ("On January 31, rallies were held"), anchored on the article's date; its place from a
place inside the phrase or in an "in ..." phrase on it or its verb. Mentions of one type merge into
one event unless their dates differ; an undated mention joins the nearest preceding event of its
type. A statement concerns the event mentioned in its content, else in its sentence, else (for a quote)
in its paragraph; otherwise it has none: an event named elsewhere in the article is not assumed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ingest.dates import parse_date
from ingest.extract.lexicon import (
    ARTICLE_DETERMINERS,
    EVENT_NAME_DETERMINERS,
    EVENT_TYPES,
    EVENT_VERBS,
)
from ingest.extract.result import Event, Span


@dataclass
class Mention:
    """One event mention in the text."""

    start: int
    end: int
    text: str
    type: str
    sentence: int
    date: str | None = None
    place: str | None = None
    verbal: bool = False


@dataclass
class Cluster:
    """Mentions that refer to one event."""

    type: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def date(self) -> str | None:
        return next((m.date for m in self.mentions if m.date), None)

    @property
    def place(self) -> str | None:
        """The place of the dated mention (the most specific account), else the first one given."""
        dated = next((m.place for m in self.mentions if m.date and m.place), None)
        return dated or next((m.place for m in self.mentions if m.place), None)


def _event_type(token: Token) -> str | None:
    if token.pos_ not in {"NOUN", "PROPN"} or token.ent_type_ in {"DATE", "TIME", "GPE", "LOC"}:
        return None
    return EVENT_TYPES.get(token.lemma_.lower()) or EVENT_TYPES.get(token.lower_)


def _phrase(token: Token) -> tuple[int, int]:
    """The noun phrase of an event noun: its left modifiers plus "in/of/on/over ..." after it."""
    left = token.left_edge.i
    right = token.i
    doc = token.doc
    for child in token.rights:
        if child.dep_ in {"prep", "compound", "amod", "nummod"} and (
            child.dep_ != "prep" or child.lower_ in {"in", "on", "over", "against", "of"}
        ):
            edge = child.right_edge.i
            stop = next((t.i for t in doc[child.i : edge + 1] if t.text in {",", ";", "—", "("}), None)
            right = max(right, (stop - 1) if stop is not None else edge)
    while left < token.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right > token.i and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _governing(token: Token) -> list[Token]:
    """The token and the verbs it hangs from, up to its clause's root."""
    chain = [token]
    current = token
    while current.head.i != current.i:
        current = current.head
        chain.append(current)
        if current.dep_ in {"ROOT"}:
            break
    return chain


def _date_for(token: Token, phrase: tuple[int, int], anchor: str | None) -> str | None:
    sentence: SpacySpan = token.sent
    governors = {t.i for t in _governing(token)}
    for ent in sentence.ents:
        if ent.label_ != "DATE":
            continue
        inside = phrase[0] <= ent.start_char and ent.end_char <= phrase[1]
        if inside or ent.root.head.i in governors or ent.root.head.head.i in governors:
            date = parse_date(ent.text, anchor=anchor)
            if date:
                return date
    return None


def _city_before(ent: SpacySpan) -> str | None:
    """ "Sochi, Russia": the city named just before its country."""
    doc = ent.doc
    if ent.start >= 2 and doc[ent.start - 1].text == "," and doc[ent.start - 2].pos_ == "PROPN":
        return doc[ent.start - 2].text
    return None


def _place_for(token: Token, phrase: tuple[int, int]) -> str | None:
    sentence: SpacySpan = token.sent
    governors = {t.i for t in _governing(token)}
    for ent in sentence.ents:
        if ent.label_ not in {"GPE", "LOC"}:
            continue
        if phrase[0] <= ent.start_char and ent.end_char <= phrase[1]:
            return _city_before(ent) or ent.text
        preps = [t for t in ent.root.ancestors if t.dep_ == "prep" and t.lower_ in {"in", "at"}]
        if preps and preps[0].head.i in governors:
            return ent.text
    return None


def _verb_phrase(verb: Token) -> tuple[int, int]:
    """ "met with X in Sochi on May 14": the verb and what follows it in its clause."""
    doc = verb.doc
    right = verb.i
    for child in verb.rights:
        if child.dep_ in {"prep", "dobj", "npadvmod", "advmod", "pobj"}:
            right = max(right, child.right_edge.i)
    while right > verb.i and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return verb.idx, doc[right].idx + len(doc[right].text)


def find_mentions(doc: Doc, *, anchor: str | None) -> list[Mention]:
    """Every event mention in the document (event nouns, and verbs such as "met"), in text order."""
    sentence_index = {sent.start: n for n, sent in enumerate(doc.sents)}
    text = doc.text
    mentions = []
    for token in doc:
        event_type = _event_type(token)
        phrase: Callable[[Token], tuple[int, int]] = _phrase
        if event_type is None and token.pos_ == "VERB" and token.lemma_.lower() in EVENT_VERBS:
            event_type, phrase = EVENT_VERBS[token.lemma_.lower()], _verb_phrase
        if event_type is None:
            continue
        start, end = phrase(token)
        mentions.append(
            Mention(
                start=start,
                end=end,
                text=text[start:end],
                type=event_type,
                sentence=sentence_index.get(token.sent.start, 0),
                date=_date_for(token, (start, end), anchor),
                place=_place_for(token, (start, end)),
                verbal=token.pos_ == "VERB",
            )
        )
    return mentions


def cluster_mentions(mentions: list[Mention]) -> list[Cluster]:
    """Merge coreferent mentions: same type, compatible dates; undated ones join the nearest before."""
    clusters: list[Cluster] = []
    for mention in mentions:
        same_type = [c for c in clusters if c.type == mention.type]
        target = None
        if mention.date:
            target = next((c for c in same_type if c.date == mention.date), None)
            if target is None:
                target = next((c for c in same_type if c.date is None), None)
        elif same_type:
            target = max(same_type, key=lambda c: c.mentions[-1].start)
        if target is None:
            target = Cluster(type=mention.type)
            clusters.append(target)
        target.mentions.append(mention)
    return clusters


def _name(cluster: Cluster) -> str:
    nominal = [m for m in cluster.mentions if not m.verbal]
    if not nominal:
        kind = cluster.type.capitalize()
        where = f" in {cluster.place}" if cluster.place else ""
        when = f" on {cluster.date}" if cluster.date else ""
        return f"{kind}{where}{when}" if where or when else kind
    cluster = Cluster(type=cluster.type, mentions=nominal)
    dated = [m for m in cluster.mentions if m.date]
    best = dated[0] if dated else max(cluster.mentions, key=lambda m: len(m.text))
    text = " ".join(best.text.split())
    lowered = text.lower()
    for det in EVENT_NAME_DETERMINERS:
        if lowered.startswith(det):
            text = text[len(det) :]
            break
    return text[:1].upper() + text[1:]


def to_events(clusters: list[Cluster]) -> list[Event]:
    """Result events, keyed ``e1``, ``e2``... in order of first mention."""
    return [
        Event(
            key=f"e{n}",
            name=_name(cluster),
            type=cluster.type,
            date=cluster.date,
            place=cluster.place,
            mentions=tuple(Span(m.text, m.start, m.end) for m in cluster.mentions),
        )
        for n, cluster in enumerate(clusters, start=1)
    ]


def _generic(text: str) -> bool:
    return not text.lower().startswith(EVENT_NAME_DETERMINERS)


def _weak(event: Event) -> bool:
    """Undated, unplaced, never named with a determiner ("videos showing attacks"): not an event."""
    return event.date is None and event.place is None and all(_generic(m.text) for m in event.mentions)


def event_for(
    events: list[Event],
    *,
    content: tuple[int, int],
    sentence: tuple[int, int],
    paragraph: tuple[int, int] | None = None,
) -> Event | None:
    """The event a statement concerns: one mentioned in its content, else in its sentence, else (for a
    quote) in its paragraph; otherwise none. Generic mentions ("videos showing attacks") anchor nothing.
    """
    for bounds in (content, sentence, paragraph):
        if bounds is None:
            continue
        lo, hi = bounds
        inside = [
            (m.start, e) for e in events if not _weak(e) for m in e.mentions if lo <= m.start and m.end <= hi
        ]
        if inside:
            return min(inside, key=lambda item: item[0])[1]
    return None


def names_participants(event: Event) -> bool:
    """Whether an event's mentions name who or what it involves: a capitalised word that does not just
    open the mention and is not its place ("the Comey letter", "Trump University's lawsuit"; not "the
    rally", not "Protests" at a sentence start, not "the protests in Moscow"). Such an undated event is
    one event across articles: its name and its participants match."""
    place = set((event.place or "").casefold().split())
    for mention in event.mentions:
        words = mention.text.replace("’s", "").replace("'s", "").split()
        opened = bool(words) and words[0].casefold() in ARTICLE_DETERMINERS
        for index, word in enumerate(words):
            if index == 0 and not opened:
                continue  # capitalised only because it opens a sentence, perhaps
            bare = word.strip('.,;:"“”')
            if bare[:1].isupper() and bare.casefold() not in place:
                return True
    return False
