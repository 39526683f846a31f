"""Peer extractors re-run on the same parsed documents as saidgraph, for bench/extraction.py.

- ``textacy_quotes``: textacy's ``extract.triples.direct_quotations`` (textacy 0.13).
- ``clausal_complement``: the Gender Gap Tracker's syntactic rule, re-implemented from its
  description: a verb of speech with a nominal subject and a clausal complement yields
  (subject subtree, verb, complement subtree). Its speakers are left unresolved, as in the original.
"""

from __future__ import annotations

from typing import Any

from ingest.extract.result import Span, Speaker, Statement

# The Gender Gap Tracker's quote-verb list is long; this covers the verbs it documents as most common.
SPEECH_VERBS = frozenset(
    """
    say tell state add claim warn deny announce insist declare report write tweet note explain argue
    suggest comment remark reply respond answer ask urge describe acknowledge admit concede confirm
    reveal disclose recall mention point emphasize stress reiterate repeat caution complain criticize
    accuse charge predict promise pledge vow propose recommend demand observe agree disagree assert
    allege maintain contend testify estimate believe think
    """.split()
)


def _span(doc: Any, start_token: int, end_token: int) -> Span:
    start = doc[start_token].idx
    last = doc[end_token - 1]
    end = last.idx + len(last.text)
    return Span(doc.text[start:end], start, end)


def clausal_complement(doc: Any) -> list[Statement]:
    """Statements by the subject-verb-ccomp rule."""
    found = []
    for token in doc:
        if token.pos_ not in {"VERB", "AUX"} or token.lemma_.lower() not in SPEECH_VERBS:
            continue
        subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}]
        complements = [c for c in token.children if c.dep_ == "ccomp"]
        if not subjects or not complements:
            continue
        subject, complement = subjects[0], complements[0]
        sub_tokens = list(subject.subtree)
        comp_tokens = list(complement.subtree)
        speaker = _span(doc, sub_tokens[0].i, sub_tokens[-1].i + 1)
        found.append(
            Statement(
                speaker=Speaker(mention=speaker, name=speaker.text, resolution="unresolved"),
                cue=_span(doc, token.i, token.i + 1),
                content=_span(doc, comp_tokens[0].i, comp_tokens[-1].i + 1),
                kind="indirect",
                confidence=0.5,
            )
        )
    return found


def textacy_quotes(doc: Any) -> list[Statement]:
    """Statements from textacy's direct-quotation triples (speaker, cue, content)."""
    from textacy.extract.triples import direct_quotations

    found: list[Statement] = []
    try:
        triples = list(direct_quotations(doc))
    except ValueError:
        # textacy bails out on an odd number of quotation marks: it finds nothing in that document
        return found
    for triple in triples:
        speaker_tokens, cue_tokens, content = triple.speaker, triple.cue, triple.content
        if not speaker_tokens or not cue_tokens:
            continue
        speaker = _span(doc, speaker_tokens[0].i, speaker_tokens[-1].i + 1)
        cue = _span(doc, cue_tokens[0].i, cue_tokens[-1].i + 1)
        inner = content[1:-1] if len(content) > 2 else content
        found.append(
            Statement(
                speaker=Speaker(mention=speaker, name=speaker.text, resolution="unresolved"),
                cue=cue,
                content=_span(doc, inner.start, inner.end),
                kind="direct",
                confidence=0.5,
            )
        )
    return found
