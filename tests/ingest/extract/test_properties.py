"""Property tests: extraction and quote finding never raise, and offsets always index the text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from ingest.article import RawArticle
from ingest.extract.extractor import Extractor
from ingest.extract.quotes import find_quotes, find_single_quotes

PIECES = [*"abcdefghij ABCDE.,;:!?\n\"'“”‘’«»-—", "said ", "Peskov ", "he ", "that ", "the spokesman "]
NEWSY = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


@given(st.text(max_size=2000))
def test_quote_finding_never_raises_and_spans_are_ordered(text: str) -> None:
    for quote in find_quotes(text) + find_single_quotes(text):
        assert 0 <= quote.start <= quote.inner_start <= quote.inner_end <= quote.end <= len(text)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(NEWSY, st.text(max_size=300)))
def test_extraction_never_raises_and_offsets_index_the_text(nlp: Language, text: str) -> None:
    extraction = Extractor(nlp).extract(RawArticle(text=text, location="generated"))
    for statement in extraction.statements:
        for span in (statement.speaker.mention, statement.cue, statement.content):
            assert text[span.start : span.end] == span.text
