"""The statement extractor: one spaCy parse per article, then rules; plain results out."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from ingest.article import RawArticle, parse_article
from ingest.extract.events import cluster_mentions, event_for, find_mentions, to_events
from ingest.extract.gender import FirstNames
from ingest.extract.quotes import find_quotes
from ingest.extract.result import Entity, Event, Extraction, Span, Speaker, Statement, shift_extraction
from ingest.extract.speakers import Resolver
from ingest.extract.statements import RawStatement, find_statements

log = logging.getLogger(__name__)

EXTRACTOR_VERSION = "3"
MAX_CHARS = 200_000


def _body(article: RawArticle) -> str:
    """The text extraction reads: the article after any front matter, capped in length."""
    return article.text[article.body_offset : article.body_offset + MAX_CHARS]


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


class Extractor:
    """Finds who said what in articles, with a spaCy pipeline loaded once by the caller."""

    version = EXTRACTOR_VERSION

    def __init__(self, nlp: Language, *, first_names: FirstNames | None = None) -> None:
        self.nlp = nlp
        self.first_names = first_names if first_names is not None else FirstNames.load()

    def extract(self, article: RawArticle) -> Extraction:
        """Extract one article; offsets index ``article.text`` (front matter included)."""
        return self.extract_doc(self.nlp(_body(article)), article)

    def extract_many(
        self, articles: Iterable[RawArticle], *, batch_size: int = 32, n_process: int = 1
    ) -> Iterator[tuple[RawArticle, Extraction]]:
        """Extract many articles with ``nlp.pipe``, yielding each article with its extraction."""
        pairs = ((_body(article), article) for article in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
            yield article, self.extract_doc(doc, article)

    def extract_doc(self, doc: Doc, article: RawArticle) -> Extraction:
        """Extract from ``doc``, the parse of the article's body (``article.text[body_offset:]``)."""
        return shift_extraction(self._extract_body(doc, article), article.body_offset)

    def _extract_body(self, doc: Doc, article: RawArticle) -> Extraction:
        info = parse_article(replace(article, text=doc.text, body_offset=0))
        if article.published and not info.published:
            info = replace(info, published=article.published)
        text = doc.text
        quotes = find_quotes(text)
        raw_statements = find_statements(doc, quotes)
        events = to_events(cluster_mentions(find_mentions(doc, anchor=info.published)))
        headline: tuple[tuple[int, int], ...] = ()
        if info.headline_start is not None and info.headline:
            headline = ((info.headline_start, info.headline_start + len(info.headline)),)
        resolver = Resolver(doc, self.first_names, skip=headline)
        statements = []
        aliases: dict[str, set[str]] = {}
        entities: dict[str, Entity] = {}
        for raw in raw_statements:
            statement = self._statement(doc, text, raw, resolver, events)
            if statement is None:
                continue
            statements.append(statement)
            speaker = statement.speaker
            if speaker.resolution != "unresolved" and speaker.kind != "generic":
                aliases.setdefault(speaker.name, set()).add(" ".join(speaker.mention.text.split()))
                entities[speaker.name] = Entity(
                    name=speaker.name, kind=speaker.kind, role=speaker.role, organization=speaker.organization
                )
        for person in resolver.people.people:
            if not person.full:
                continue
            aliases.setdefault(person.name, set()).update(name for _, name in person.mentions)
            entities.setdefault(person.name, Entity(person.name, "person", person.role, person.organization))
        return Extraction(
            statements=tuple(statements),
            events=tuple(events),
            entities=tuple(
                Entity(
                    e.name,
                    e.kind,
                    e.role,
                    e.organization,
                    tuple(sorted(aliases.get(e.name, set()) - {e.name})),
                )
                for e in entities.values()
            ),
            extractor_version=EXTRACTOR_VERSION,
        )

    @staticmethod
    def _statement(
        doc: Doc, text: str, raw: RawStatement, resolver: Resolver, events: list[Event]
    ) -> Statement | None:
        """One statement; ``text`` is ``doc.text``, read once (spaCy rebuilds it on every access)."""
        if raw.speaker is None:
            return None
        s_start, s_end = raw.speaker
        resolved = resolver.resolve(*(raw.refers_to or raw.speaker))
        c_start, c_end = raw.content
        sentence = doc.char_span(c_start, c_end, alignment_mode="expand")
        bounds = (sentence.sent.start_char, sentence.sent.end_char) if sentence is not None else raw.content
        paragraph = (text.rfind("\n", 0, c_start) + 1, _line_end(text, c_end))
        quoted = raw.kind in {"direct", "mixed"}
        event = event_for(
            events, content=raw.content, sentence=bounds, paragraph=paragraph if quoted else None
        )
        return Statement(
            speaker=Speaker(
                mention=Span(text[s_start:s_end], s_start, s_end),
                name=resolved.name,
                kind=resolved.kind,  # type: ignore[arg-type]
                role=resolved.role,
                organization=resolved.organization,
                resolution=resolved.resolution,  # type: ignore[arg-type]
            ),
            cue=Span(text[raw.cue[0] : raw.cue[1]], raw.cue[0], raw.cue[1]),
            content=Span(text[c_start:c_end], c_start, c_end),
            kind=raw.kind,  # type: ignore[arg-type]
            confidence=raw.confidence,
            event=event,
            content_parts=tuple(Span(text[a:b], a, b) for a, b in (raw.parts or ((c_start, c_end),))),
        )
