"""Find statements in a parsed document: speaker mention, cue and content spans, kind.

Every layout a statement can take is registered once, in :data:`LAYOUTS` (name, finder, confidence and
an example the tests read): a verb of communication with a clausal complement ("X said that ..."), a
quote attributed by a nearby verb ('"...," he said'), participial follow-ons (", stressing that ..."),
"expressed confidence that ...", "urges ... to ...", object contents ("the police estimated the number
at 2,000"), "according to X, ...", "X: '...'", transcript lines, and floating quotes that continue the
previous speaker. Speakers are resolved later (:mod:`ingest.extract.speakers`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ingest.extract.lexicon import (
    ASIDE_OPENERS,
    DOCUMENT_NOUNS,
    EVENT_TYPES,
    EXPLETIVES,
    INFINITIVE_CONTENT_VERBS,
    INHERITED_EXPLETIVES,
    NOT_PARENTHETICAL,
    NOUN_CUE_VERBS,
    NOUN_CUES,
    OBJECT_CONTENT_VERBS,
    OBJECT_CONTROL_VERBS,
    ORGANIZATION_NOUNS,
    PREPOSITION_CONTENT_VERBS,
    RELATIVES,
    ROLE_NOUNS,
    SHORT_ANSWER_VERBS,
    SHORT_ANSWERS,
    SPEECH_VERBS,
    STATEMENT_NOUNS,
    UNREALIZED_HEADS,
)
from ingest.extract.quotes import Quote, quote_at
from ingest.extract.roles import is_dateline

SUBJECT_DEPS = frozenset({"nsubj"})
FOLLOW_ON_DEPS = frozenset({"advcl", "conj", "xcomp"})
EDGE_PUNCT = " \t\n,;:—–-"
MAX_CLAUSE_TOKENS = 250
CONTROLLED_DEPS = frozenset({"xcomp", "advcl", "pcomp", "acl", "conj", "prep", "acomp", "dobj", "pobj"})
MAX_CONTROL_STEPS = 6
DASHES = frozenset({"—", "–", "--", "-"})
ASIDE_PUNCT = DASHES | {",", ";"}


@dataclass
class RawStatement:
    """A statement before speaker resolution: character spans into the document text."""

    speaker: tuple[int, int] | None
    cue: tuple[int, int]
    content: tuple[int, int]
    kind: str
    confidence: float
    speaker_token: int | None = None
    inherited_from: int | None = None
    layout: str = "clause"
    parts: tuple[tuple[int, int], ...] = ()
    refers_to: tuple[int, int] | None = None  # what a relative pronoun speaker stands for


def _char_span(tokens: list[Token]) -> tuple[int, int]:
    first, last = tokens[0], tokens[-1]
    return first.idx, last.idx + len(last.text)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading "that"/"whether" and edge punctuation from a content span."""
    while start < end and text[start] in EDGE_PUNCT:
        start += 1
    for mark in ("that ", "whether ", "if "):
        if text[start:end].lower().startswith(mark):
            start += len(mark)
    while end > start and text[end - 1] in EDGE_PUNCT + ".":
        end -= 1
    return start, end


def _subject(verb: Token) -> Token | None:
    """The verb's subject; a dateline parsed as one ("WASHINGTON (AP) — The White House said") is
    passed over for the real subject."""
    text = verb.doc.text
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    real = [c for c in subjects if not is_dateline(text, c.idx, c.idx + len(c.text))]
    chosen = real or subjects
    return chosen[0] if chosen else None


def subject_span(subject: Token) -> tuple[int, int]:
    """The subject's noun phrase: its subtree, cut before a comma or relative clause after the head."""
    tokens = list(subject.subtree)
    kept = []
    for token in tokens:
        if token.i > subject.i and (token.text in {",", "(", "—", "–"} or token.dep_ in {"relcl", "acl"}):
            break
        kept.append(token)
    kept = [t for t in kept if not (t.is_punct and t.text in "\"“”'‘’")]
    if not kept:
        kept = [subject]
    return _char_span(kept)


def _follows_on(verb: Token) -> bool:
    """A participle or conjunct continuing its head's speaker: "..., stressing that", "and added"."""
    if verb.head.i == verb.i or verb.dep_ not in FOLLOW_ON_DEPS:
        return False
    if verb.dep_ == "conj":
        return True
    return verb.tag_ == "VBG" and not any(c.dep_ in {"mark", "advmod"} for c in verb.children if c.i < verb.i)


def _made_clear(token: Token) -> bool:
    """ "made clear that ...": make + clear + a clause."""
    return token.lemma_.lower() == "make" and any(c.lower_ == "clear" for c in token.children)


def _inherited_subject(verb: Token, speech_heads: set[int]) -> tuple[Token | None, int | None]:
    """The speaker a follow-on continues: the nearest reporting verb above it, else its head's subject."""
    for ancestor in verb.ancestors:
        if ancestor.i in speech_heads:
            subject = _subject(ancestor)
            if subject is not None:
                return subject, ancestor.i
    return _subject(verb.head), verb.head.i


def _controller(verb: Token) -> tuple[Token | None, int | None]:
    """Who does what a subjectless verb reports: the subject (or, after "asked/urged X to", the object)
    of the clause it hangs from: "refused to say", "by saying", "after saying", "issued a statement
    saying", "voters saying". Finite verbs and "(when) asked" are left alone: a parse without a subject
    there, or the asker unnamed."""
    if verb.tag_ == "VBN" or (verb.dep_ == "advcl" and verb.lemma_.lower() == "ask"):
        return None, None  # "(when) asked": the asker is not named
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in UNREALIZED_HEADS:
        return None, None  # "waited to accuse", "wants to say": nothing said yet
    token = verb
    for _ in range(MAX_CONTROL_STEPS):
        dep, head = token.dep_, token.head
        if head.i == token.i or dep not in CONTROLLED_DEPS:
            return None, None
        if dep == "acl" and head.pos_ in {"NOUN", "PROPN"}:
            if head.lemma_.lower() in DOCUMENT_NOUNS:
                token = head  # "issued a statement saying": whoever issued it
                continue
            speaks = _acceptable_source(head) and head.lemma_.lower() not in EVENT_TYPES
            return (head, head.i) if speaks else (None, None)  # "voters saying", not "protests demanding"
        if head.pos_ in {"VERB", "AUX"}:
            controller = _clause_controller(token, head)
            if controller is not None:
                return controller, head.i
        token = head
    return None, None


def _clause_controller(token: Token, head: Token) -> Token | None:
    """The controller a verb's clause gives its dependent ``token``: its object after "urged X to" or
    "criticized X for saying", else its subject."""
    objects = [c for c in head.children if c.dep_ == "dobj" and c.i < token.i and c.pos_ in {"PROPN", "PRON"}]
    object_control = (token.dep_ == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL_VERBS) or (
        token.dep_ == "prep" and token.lower_ == "for"
    )
    if objects and object_control:
        return objects[0]
    return _subject(head) or next((c for c in head.children if c.dep_ == "nsubjpass"), None)


def _is_statement_verb(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if lemma not in SPEECH_VERBS and lemma not in NOUN_CUE_VERBS and not _made_clear(token):
        return False
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    return token.tag_ != "VBN" or _subject(token) is not None


def _nested(clauses: list[Token], speech_heads: set[int]) -> set[Token]:
    """Tokens a clause holds that are not its content: follow-on statements (", noting that ...")
    and a trailing "as/when he met ..." clause about the speaker rather than what was said."""
    excluded: set[Token] = set()
    for clause in clauses:
        for token in clause.subtree:
            if token.i == clause.i or token in excluded:
                continue
            if token.i in speech_heads and _follows_on(token):
                excluded.update(token.subtree)
            elif token.dep_ == "advcl" and token.i > clause.i:
                marks = [c.lower_ for c in token.children if c.dep_ == "mark"]
                subject = _subject(token)
                if (
                    marks
                    and marks[0] in {"as", "when", "while"}
                    and subject is not None
                    and subject.lower_ in {"he", "she", "they"}
                ):
                    excluded.update(token.subtree)
    return excluded


def _content_tokens(verb: Token, speech_heads: set[int]) -> tuple[list[Token], str] | None:
    """The tokens of what ``verb`` reports, and the layout that found them."""
    lemma = verb.lemma_.lower()
    clauses = [
        c
        for c in verb.children
        if c.dep_ == "ccomp" and not (c.i in speech_heads and _subject(c) is not None and c.i < verb.i)
    ]
    if _made_clear(verb):
        clear = next(c for c in verb.children if c.lower_ == "clear")
        clauses += [c for c in clear.children if c.dep_ == "ccomp"]
    if clauses:
        doc = verb.doc
        first = min(c.left_edge.i for c in clauses)
        last = max(c.right_edge.i for c in clauses)
        if last - first > MAX_CLAUSE_TOKENS:
            return None  # runaway parse (text without sentence punctuation): no reliable content
        if len(clauses) == 1:
            tokens = [t for t in doc[first : last + 1]]
        else:
            tokens = sorted({t for c in clauses for t in c.subtree}, key=lambda t: t.i)
        excluded = _nested(clauses, speech_heads)
        return [t for t in tokens if t not in excluded], "clause"
    if lemma in NOUN_CUE_VERBS:
        for obj in verb.children:
            if obj.dep_ == "dobj" and obj.lemma_.lower() in NOUN_CUES:
                clause = [c for c in obj.children if c.dep_ in {"acl", "ccomp"}]
                if clause:
                    return sorted(clause[0].subtree, key=lambda t: t.i), "noun"
    if lemma in INFINITIVE_CONTENT_VERBS:
        for comp in verb.children:
            if comp.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in comp.children):
                return sorted(comp.subtree, key=lambda t: t.i), "infinitive"
    if lemma in OBJECT_CONTENT_VERBS:
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        if objects:
            obj = objects[0]
            tokens = list(obj.subtree)
            for sibling in verb.children:
                if sibling.i > obj.i and (
                    (sibling.dep_ == "prep" and sibling.lower_ in {"at", "to", "as", "of", "for"})
                    or sibling.dep_ in {"oprd", "xcomp", "ccomp", "acomp"}
                ):
                    tokens.extend(sibling.subtree)
            return sorted(tokens, key=lambda t: t.i), "object"
    if lemma in PREPOSITION_CONTENT_VERBS:
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in PREPOSITION_CONTENT_VERBS[lemma]:
                objects = [c for c in prep.children if c.dep_ == "pobj"]
                if objects:
                    return sorted(objects[0].subtree, key=lambda t: t.i), "object"
    answer = _short_answer(verb)
    if answer:
        return answer, "short"
    if _parenthetical(verb):
        # "..., he said, local officials should be vigilant": the reporting clause sits inside its content
        own = {t.i for t in verb.subtree}
        sentence = verb.sent
        tokens = [t for t in verb.head.subtree if t.i not in own and sentence.start <= t.i < sentence.end]
        if tokens and verb.i > tokens[0].i:
            return tokens, "parenthetical"
    return None


def _phrase_end(tokens: list[Token], k: int) -> int | None:
    """The index after the phrase that starts at ``tokens[k]`` (its head's subtree), if it is contiguous."""
    offset = tokens[0].i
    inside = {t.i: t.i - offset for t in tokens} if tokens[-1].i - offset != len(tokens) - 1 else None
    root = tokens[k]

    def index(i: int) -> int | None:
        if inside is not None:
            return inside.get(i)
        return i - offset if 0 <= i - offset < len(tokens) else None

    while root.head.i != root.i:
        head = index(root.head.i)
        if head is None or head < k:
            break
        root = root.head
    right = index(root.right_edge.i)
    if root.left_edge.i != tokens[k].i or right is None:
        return None
    return right + 1


def _aside_at(tokens: list[Token], k: int) -> int | None:
    """The end of an aside starting at ``tokens[k]`` (its punctuation): ", which ...", ", according to
    ...", ", while ...", "- ...", or ", and" + a clause with a subject of its own; else None."""
    mark = tokens[k]
    if k + 1 >= len(tokens) or tokens[k + 1].i != mark.i + 1:
        return None
    first = tokens[k + 1]
    if mark.lower_ in {"and", "but"}:
        first, k = mark, k - 1
    elif mark.text not in ASIDE_PUNCT or (mark.text == "-" and not mark.whitespace_):
        return None
    if first.lower_ in {"and", "but"}:
        if k + 2 >= len(tokens) or tokens[k + 2].dep_ not in SUBJECT_DEPS:
            return None
        verb = tokens[k + 2].head
        if verb.dep_ != "conj" or verb.i < tokens[k + 2].i:
            return None
        return _phrase_end(tokens, k + 2)
    end = _phrase_end(tokens, k + 1)
    if end is None:
        return None
    if first.lower_ in ASIDE_OPENERS or mark.text in DASHES or tokens[k + 1].head.dep_ in {"appos", "relcl"}:
        return end
    return None


def _without_trailing_aside(tokens: list[Token]) -> list[Token]:
    """Cut trailing asides from a content: from the first aside after which only asides follow."""
    for k in range(1, len(tokens) - 1):
        end = _aside_at(tokens, k)
        cut = k
        while end is not None and end < len(tokens):
            while end < len(tokens) and tokens[end].is_punct and tokens[end].text not in ASIDE_PUNCT:
                end += 1
            end = _aside_at(tokens, end) if end < len(tokens) else end
        if end is not None:
            return tokens[:cut]
    return tokens


def _short_answer(verb: Token) -> list[Token]:
    """ "said so", "said yes", "said no to the plan": a one-word content right after the verb."""
    if verb.lemma_.lower() not in SHORT_ANSWER_VERBS or verb.i + 1 >= len(verb.doc):
        return []
    word = verb.doc[verb.i + 1]
    if (
        word.head.i != verb.i
        or word.lower_ not in SHORT_ANSWERS
        or word.dep_ not in {"advmod", "intj", "dobj"}
    ):
        return []
    tokens = [word]
    for sibling in verb.children:
        if (
            sibling.i == word.i + 1
            and sibling.dep_ == "prep"
            and sibling.lower_ == "to"
            and word.lower_ != "so"
        ):
            tokens.extend(sibling.subtree)
    return tokens


def _parenthetical(verb: Token) -> bool:
    """ "..., he said, ...": a reporting verb with its own subject and nothing else to report."""
    if (
        verb.dep_ not in {"parataxis", "advcl"}
        or verb.head.i == verb.i
        or verb.head.pos_ not in {"VERB", "AUX"}
    ):
        return False
    lemma = verb.lemma_.lower()
    if lemma not in SPEECH_VERBS or lemma in NOT_PARENTHETICAL or _subject(verb) is None:
        return False
    addressee = verb.lemma_.lower() == "tell"  # "..., he told reporters, ..."
    return not any(
        c.dep_ in {"xcomp", "ccomp"} or (c.dep_ == "dobj" and not addressee) for c in verb.children
    )


def _kind_and_content(text: str, start: int, end: int, quotes: list[Quote]) -> tuple[str, tuple[int, int]]:
    inside = quote_at(quotes, start, end)
    if inside is not None and inside.inner_start <= start + 2 and end <= inside.inner_end + 2:
        return "direct", (inside.inner_start, inside.inner_end)
    if inside is not None and (end - start) <= (inside.inner_end - inside.inner_start) + 2:
        return "direct", (inside.inner_start, inside.inner_end)
    touching = [q for q in quotes if q.start < end and q.end > start]
    if touching:
        # a quote cut by the clause's edge is taken whole, marks included
        start = min([start, *(q.start for q in touching if q.end > start >= q.start)])
        end = max([end, *(q.end for q in touching if q.start < end <= q.end)])
        return "mixed", (start, end)
    return "indirect", (start, end)


def _after_complementizer(text: str, start: int) -> bool:
    """Whether a quote starting at ``start`` follows "that"/"whether" (an indirect frame)."""
    before = text[max(0, start - 12) : start].rstrip(" \"“«„'‘").split()
    return bool(before) and before[-1].lower() in {"that", "whether"}


def _adjacent_quote(text: str, verb: Token, subject: Token, quotes: list[Quote]) -> Quote | None:
    """A quote right before the reporting clause ('"...," he said') or right after it ('said: "..."')."""
    s_start, s_end = subject_span(subject)
    clause_start = min(s_start, verb.idx)
    clause_end = max(s_end, verb.idx + len(verb.text))
    for quote in quotes:
        if quote.start <= verb.idx < quote.end:
            return None
    before = [
        q for q in quotes if q.end <= clause_start and len(text[q.end : clause_start].strip(" ,\n")) == 0
    ]
    if before:
        return before[-1]
    for quote in quotes:
        if quote.start >= clause_end:
            gap = text[clause_end : quote.start]
            if (
                len(gap) <= 40
                and "\n\n" not in gap
                and len(gap.split()) <= 4
                and gap.strip(" ")[-1:] in {",", ":", ""}
            ):
                return quote
            break
    return None


def find_statements(doc: Doc, quotes: list[Quote]) -> list[RawStatement]:
    """Every statement the parse supports, in text order, without overlapping contents: each finder of
    :data:`LAYOUTS` in turn (each sees what the earlier ones found), the more confident of two
    overlapping contents kept, then the finders that continue what was kept."""
    found: list[RawStatement] = []
    finders = list(dict.fromkeys(layout.find for layout in LAYOUTS if not layout.after_overlaps))
    for finder in finders:
        found.extend(finder(doc, quotes, found))
    found = _without_overlaps(found)
    for finder in dict.fromkeys(layout.find for layout in LAYOUTS if layout.after_overlaps):
        found.extend(finder(doc, quotes, found))
    found.sort(key=lambda s: s.content[0])
    return found


def _verb_statements(doc: Doc, quotes: list[Quote], _: list[RawStatement]) -> list[RawStatement]:
    """Statements around a verb of communication: its clause, an adjacent quote, a noun, an infinitive,
    an object, a parenthetical or a short answer carries the content."""
    text = doc.text
    speech_heads = {t.i for t in doc if _is_statement_verb(t)}
    found: list[RawStatement] = []
    for verb in doc:
        if verb.i not in speech_heads:
            continue
        subject = _subject(verb)
        inherited = None
        if subject is None and _follows_on(verb):
            subject, inherited = _inherited_subject(verb, speech_heads)
            if subject is not None and subject.lower_ in INHERITED_EXPLETIVES:
                continue
        elif subject is None:
            subject, inherited = _controller(verb)
            if subject is None or subject.lower_ in INHERITED_EXPLETIVES - RELATIVES:
                continue
        antecedent = None
        if subject is not None and subject.lower_ in RELATIVES and subject.head.dep_ == "relcl":
            antecedent = subject.head.head  # "the government, which denies the charge": the antecedent speaks
        if subject is None or (subject.lower_ in EXPLETIVES and antecedent is None):
            continue
        if any(q.start <= subject.idx < q.end for q in quotes) and not any(
            q.start <= verb.idx < q.end for q in quotes
        ):
            continue
        content = _content_tokens(verb, speech_heads)
        layout = "clause"
        if content is not None:
            tokens, layout = content
            s_start, s_end = subject_span(subject)
            tokens = _without_trailing_aside([t for t in tokens if not (s_start <= t.idx < s_end)])
            if not tokens:
                continue
            start, end = _trim(text, *_char_span(tokens))
        else:
            quote = _adjacent_quote(text, verb, subject, quotes)
            if quote is None:
                continue
            start, end, layout = quote.inner_start, quote.inner_end, "quote"
        if end <= start:
            continue
        kind, (start, end) = _kind_and_content(text, start, end, quotes)
        if kind == "direct" and _after_complementizer(text, start):
            kind = "mixed"  # 'warned that «...»': quoted words reported as a that-clause
        parts: tuple[tuple[int, int], ...] = ()
        if verb.idx >= start and verb.idx < end:
            if layout != "parenthetical":
                continue
            s_start, s_end = subject_span(subject)
            clause = (min(s_start, verb.idx), max(s_end, verb.idx + len(verb.text)))
            parts = tuple(
                p for p in (_trim(text, start, clause[0]), _trim(text, clause[1], end)) if p[1] - p[0] > 0
            )
        cue_end = verb.idx + len(verb.text)
        if _made_clear(verb):
            clear = next(c for c in verb.children if c.lower_ == "clear")
            cue_end = max(cue_end, clear.idx + len(clear.text))
        if layout == "noun":
            noun = next(c for c in verb.children if c.dep_ == "dobj")
            cue_end = noun.idx + len(noun.text)
        confidence = confidence_of(layout)
        if kind == "direct":
            confidence = max(confidence, 0.9)
        found.append(
            RawStatement(
                speaker=subject_span(subject),
                cue=(verb.idx, cue_end),
                content=(start, end),
                kind=kind,
                confidence=confidence,
                speaker_token=subject.i,
                inherited_from=inherited,
                layout=layout,
                parts=parts,
                refers_to=subject_span(antecedent) if antecedent is not None else None,
            )
        )
    return found


def _acceptable_source(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return (
        token.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}
        or token.pos_ == "PROPN"
        or lemma in ROLE_NOUNS
        or lemma in ORGANIZATION_NOUNS
        or (
            token.pos_ == "NOUN"
            and lemma not in {"data", "datum", "figure", "statistic", "estimate", "number", "record"}
        )
    )


def _according_to(doc: Doc, quotes: list[Quote], _: list[RawStatement]) -> list[RawStatement]:
    found = []
    text = doc.text  # Doc.text joins every token: read it once
    for token in doc:
        if token.lower_ != "according" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
            continue
        objects = [c for c in doc[token.i + 1].children if c.dep_ == "pobj"]
        if not objects or not _acceptable_source(objects[0]):
            continue
        source = objects[0]
        phrase = {t.i for t in token.subtree} | {t.i for t in doc[token.i + 1].subtree}
        head = token.head
        clause = [t for t in head.subtree if t.i not in phrase] if head.i != token.i else []
        sentence = token.sent
        clause = [t for t in clause if sentence.start <= t.i < sentence.end]
        if not clause:
            continue
        start, end = _trim(text, *_char_span(_without_trailing_aside(clause)))
        if end <= start:
            continue
        kind, content = _kind_and_content(text, start, end, quotes)
        found.append(
            RawStatement(
                speaker=subject_span(source),
                cue=(token.idx, doc[token.i + 1].idx + 2),
                content=content,
                kind=kind,
                confidence=confidence_of("according"),
                speaker_token=source.i,
                layout="according",
            )
        )
    return found


def _noun_content(noun: Token) -> list[Token]:
    """What a statement noun reports: its clause ("claim that ...") or its preposition's object."""
    for child in noun.children:
        clause = child.dep_ in {"acl", "ccomp"} and child.i > noun.i and child.pos_ in {"VERB", "AUX"}
        if clause and (child.dep_ == "ccomp" or any(c.dep_ in {"mark", "aux"} for c in child.children)):
            return sorted(child.subtree, key=lambda t: t.i)
        if child.dep_ == "prep" and child.lower_ in STATEMENT_NOUNS[noun.lemma_.lower()]:
            objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if objects:
                return sorted(objects[0].subtree, key=lambda t: t.i)
    return []


def _noun_statements(doc: Doc, quotes: list[Quote], _: list[RawStatement]) -> list[RawStatement]:
    """ "Sanders's claim that he can win", "her demand for a recount": a possessor and a statement noun."""
    found = []
    text = doc.text
    for noun in doc:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in STATEMENT_NOUNS:
            continue
        owner = next(
            (c for c in noun.children if c.dep_ == "poss" and c.lower_ not in {"its", "whose"}), None
        )
        if owner is None or not (owner.pos_ in {"PRON", "PROPN"} or _acceptable_source(owner)):
            continue
        tokens = _without_trailing_aside(_noun_content(noun))
        if not tokens:
            continue
        start, end = _trim(text, *_char_span(tokens))
        if end <= start:
            continue
        kind, content = _kind_and_content(text, start, end, quotes)
        found.append(
            RawStatement(
                speaker=subject_span(owner),
                cue=(noun.idx, noun.idx + len(noun.text)),
                content=content,
                kind=kind,
                confidence=confidence_of("noun-cue"),
                speaker_token=owner.i,
                layout="noun-cue",
            )
        )
    return found


def _quote_then_speaker(doc: Doc, quotes: list[Quote], found: list[RawStatement]) -> list[RawStatement]:
    """'"...," Sarandon, 69, told MSNBC' / '"...," said Peskov' when the parse missed the subject."""
    covered = [s.content for s in found]
    extra = []
    starts = [t.idx for t in doc]
    for quote in quotes:
        if any(a < quote.inner_end and b > quote.inner_start for a, b in covered):
            continue
        after = list(_tokens_between(doc, starts, quote.end, quote.end + 80))
        verb_at = next(
            (i for i, t in enumerate(after[:8]) if _is_statement_verb(t) or t.lemma_ in SPEECH_VERBS), None
        )
        if verb_at is None:
            continue
        verb = after[verb_at]
        speaker_tokens = [t for t in after[:verb_at] if not t.is_punct and t.pos_ != "NUM"]
        if verb_at == 0:  # inverted: '"...," said Peskov'
            speaker_tokens = []
            for t in after[1:6]:
                if t.is_punct or t.pos_ not in {"PROPN", "NOUN", "DET", "ADJ", "PRON"}:
                    break
                speaker_tokens.append(t)
        if not speaker_tokens or not all(
            t.pos_ in {"PROPN", "NOUN", "DET", "ADJ", "PRON"} for t in speaker_tokens
        ):
            continue
        head = speaker_tokens[-1]
        if head.pos_ == "PRON" and head.lower_ not in {"he", "she", "they", "i", "we"}:
            continue
        extra.append(
            RawStatement(
                speaker=_char_span(_contiguous(speaker_tokens)),
                cue=(verb.idx, verb.idx + len(verb.text)),
                content=(quote.inner_start, quote.inner_end),
                kind="direct",
                confidence=confidence_of("quote-speaker"),
                speaker_token=head.i,
                layout="quote-speaker",
            )
        )
    return extra


def _tokens_between(doc: Doc, starts: list[int], start: int, end: int) -> Span:
    """The tokens that start in ``[start, end)`` (``starts``: every token's offset, in order)."""
    return doc[bisect_left(starts, start) : bisect_left(starts, end)]


def _contiguous(tokens: list[Token]) -> list[Token]:
    """The first run of adjacent tokens ("Sarandon" of "Sarandon , 69")."""
    run = [tokens[0]]
    for token in tokens[1:]:
        if token.i != run[-1].i + 1:
            break
        run.append(token)
    return run


def _colon_quotes(doc: Doc, quotes: list[Quote], _: list[RawStatement]) -> list[RawStatement]:
    """ "Peskov: 'We will see.'": a name, a colon, then a quote."""
    found = []
    text = doc.text
    starts = [t.idx for t in doc]
    for quote in quotes:
        before = text[max(0, quote.start - 3) : quote.start].rstrip()
        if not before.endswith(":"):
            continue
        colon = text.rfind(":", 0, quote.start)
        tokens = [t for t in _tokens_between(doc, starts, colon - 120, colon) if t.idx + len(t.text) <= colon]
        if not tokens:
            continue
        head = tokens[-1]
        if head.ent_type_ not in {"PERSON", "ORG"} and head.lemma_.lower() not in ROLE_NOUNS:
            continue
        found.append(
            RawStatement(
                speaker=subject_span(head),
                cue=(colon, colon + 1),
                content=(quote.inner_start, quote.inner_end),
                kind="direct",
                confidence=confidence_of("colon"),
                speaker_token=head.i,
                layout="colon",
            )
        )
    return found


_LINE_COLON = re.compile(r"^[ \t]*([A-Z][^:\n]{1,60}?):[ \t]+(\S[^\n]{10,})$", re.MULTILINE)


def _line_colons(doc: Doc, _quotes: list[Quote], _: list[RawStatement]) -> list[RawStatement]:
    """Headlines and transcripts: "John McCain: Populist anger appeals to bad angels", "PENCE: Well, ..."."""
    found = []
    text = doc.text
    for match in _LINE_COLON.finditer(text):
        name = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if name is None or len(name) > 6 or any(t.pos_ in {"VERB", "AUX", "PRON"} for t in name):
            continue
        if not any(t.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} or t.is_upper for t in name):
            continue
        if not all(t.is_title or t.is_upper or t.is_punct or not t.is_alpha for t in name):
            continue
        start, end = _trim(text, match.start(2), match.end(2))
        end = _strip_closing(text, start, end)
        if end - start < 10:
            continue
        found.append(
            RawStatement(
                speaker=(name.start_char, name.end_char),
                cue=(match.end(1), match.end(1) + 1),
                content=(start, end),
                kind="direct" if name.text.isupper() else "indirect",
                confidence=confidence_of("line-colon"),
                speaker_token=name.root.i,
                layout="line-colon",
            )
        )
    return found


def _strip_closing(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in "\"”’'.":
        end -= 1
    return end


def _floating_quotes(doc: Doc, quotes: list[Quote], found: list[RawStatement]) -> list[RawStatement]:
    """A quote standing alone right after a statement continues that statement's speaker."""
    covered = [s.content for s in found]
    extra = []
    text = doc.text
    ordered = sorted(found, key=lambda s: s.content[1])
    for quote in quotes:
        if any(start < quote.inner_end and end > quote.inner_start for start, end in covered):
            continue
        previous = [s for s in ordered if s.content[1] <= quote.start and s.speaker is not None]
        if not previous:
            continue
        last = previous[-1]
        between = text[max(last.content[1], last.cue[1]) : quote.start]
        if len(between) > 40 or len(text[quote.inner_start : quote.inner_end].split()) < 4:
            continue
        preceding = text[max(0, quote.start - 200) : quote.start].rstrip(" ")
        if preceding and preceding[-1] not in ".!?\n\"”'":
            continue
        sentence_span = doc.char_span(quote.inner_start, quote.inner_end, alignment_mode="expand")
        if sentence_span is None:
            continue
        extra.append(
            RawStatement(
                speaker=last.speaker,
                cue=(quote.start, quote.start),
                content=(quote.inner_start, quote.inner_end),
                kind="direct",
                confidence=confidence_of("floating"),
                speaker_token=last.speaker_token,
                inherited_from=-1,
                layout="floating",
            )
        )
        covered.append((quote.inner_start, quote.inner_end))
    return extra


def _without_overlaps(statements: list[RawStatement]) -> list[RawStatement]:
    """Keep the more confident of two statements whose contents overlap by more than half."""
    kept: list[RawStatement] = []
    for statement in sorted(statements, key=lambda s: (-s.confidence, s.content[0])):
        start, end = statement.content
        clash = False
        for other in kept:
            overlap = min(end, other.content[1]) - max(start, other.content[0])
            if overlap > 0 and 2 * overlap > min(end - start, other.content[1] - other.content[0]):
                clash = True
                break
        if not clash:
            kept.append(statement)
    return kept


Finder = Callable[[Doc, list[Quote], list[RawStatement]], list[RawStatement]]


@dataclass(frozen=True)
class Layout:
    """A way news text reports a statement: its name (``RawStatement.layout``), the finder that reads
    it (given what the finders before it found), and how sure a statement of that shape is."""

    name: str
    find: Finder
    confidence: float
    example: str
    after_overlaps: bool = False
    """Run after the overlap check, over what it kept (a floating quote continues a kept statement)."""


LAYOUTS: tuple[Layout, ...] = (
    Layout("clause", _verb_statements, 0.85, "Dmitry Peskov said that the rallies were unlawful."),
    Layout(
        "quote",
        _verb_statements,
        0.9,
        'Peskov was speaking to reporters. He said: "We will see what happens next week."',
    ),
    Layout("noun", _verb_statements, 0.8, "Dmitry Peskov expressed confidence that talks would resume."),
    Layout("infinitive", _verb_statements, 0.7, "Dmitry Peskov urged Kyiv to return to talks."),
    Layout("object", _verb_statements, 0.7, "The police estimated the crowd at 2,000."),
    Layout("parenthetical", _verb_statements, 0.7, "The talks, Peskov said, would resume."),
    Layout("short", _verb_statements, 0.7, "Asked whether talks would resume, Peskov said yes."),
    Layout("according", _according_to, 0.75, "According to Peskov, the talks will resume."),
    Layout("noun-cue", _noun_statements, 0.6, "Peskov's claim that the talks will resume was denied."),
    Layout(
        "quote-speaker",
        _quote_then_speaker,
        0.75,
        '"We are ready for the talks, all of them," Sarandon, 69, told MSNBC on Sunday.',
    ),
    Layout(
        "colon", _colon_quotes, 0.8, 'Asked about the talks, Dmitry Peskov: "We will not accept these terms."'
    ),
    Layout("line-colon", _line_colons, 0.65, "PENCE: Well, we will see what happens in the election."),
    Layout(
        "floating",
        _floating_quotes,
        0.6,
        '"We need to see each case separately," Peskov said. "Let us not make primitive evaluations."',
        after_overlaps=True,
    ),
)
"""Every statement layout, in the order the finders run; the one place a layout is declared."""

_CONFIDENCE = {layout.name: layout.confidence for layout in LAYOUTS}


def confidence_of(layout: str) -> float:
    """How sure a statement of this layout is (:data:`LAYOUTS`)."""
    return _CONFIDENCE[layout]
