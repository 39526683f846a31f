"""Property tests over the text cleaners: whatever the bytes or text, they return or raise the one
documented error, and every offset they give indexes the text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.errors import InputError
from graph.records import lucene_query, search_words
from ingest.article import RawArticle, parse_article
from ingest.dates import parse_date
from ingest.sources.files import decode_utf8, split_front_matter
from ingest.sources.html import html_article

DATELINES = st.sampled_from(
    ["MOSCOW, February 1. /TASS/. ", "WASHINGTON (AP) — ", "Jan. 31, 2021 ", "—", "---\n", "\n\n", ""]
)
TEXTS = st.one_of(st.text(max_size=400), st.tuples(DATELINES, st.text(max_size=200)).map("".join))


@given(st.binary(max_size=2000))
def test_decoding_any_bytes_gives_text_or_one_clear_error(data: bytes) -> None:
    try:
        text = decode_utf8(data, name="x.txt")
    except InputError as exc:
        assert "x.txt" in str(exc) and "\n" not in str(exc)
    else:
        assert isinstance(text, str) and not text.startswith("\ufeff")


@given(TEXTS)
def test_front_matter_splitting_never_loses_the_body(text: str) -> None:
    try:
        meta, start = split_front_matter(text, name="x.md")
    except InputError as exc:
        assert "x.md" in str(exc)
        return
    assert isinstance(meta, dict)
    assert 0 <= start <= len(text)


@given(TEXTS)
def test_headline_and_dateline_offsets_index_the_text(text: str) -> None:
    info = parse_article(RawArticle(text=text, location="generated"))
    assert 0 <= info.body_start <= len(text)
    if info.headline is not None and info.headline_start is not None:
        assert text[info.headline_start : info.headline_start + len(info.headline)] == info.headline


@given(st.text(max_size=80), st.sampled_from([None, "2021-02-01", "--02-01", "1999-12-31"]))
def test_dates_are_iso_or_nothing(text: str, anchor: str | None) -> None:
    date = parse_date(text, anchor=anchor)
    assert date is None or re.fullmatch(r"(\d{4}|-)-\d{2}-\d{2}", date)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=500))
def test_html_pages_give_an_article_or_one_clear_error(body: str) -> None:
    page = f"<html><body><article><p>{body}</p></article></body></html>"
    try:
        article = html_article(page, location="page.html")
    except InputError as exc:
        assert "page.html" in str(exc)
    else:
        assert article.text.strip()


@given(st.text(max_size=300))
def test_search_words_never_carry_query_syntax(text: str) -> None:
    for word in search_words(text):
        assert re.fullmatch(r"\w+", word)
    query = lucene_query(text)
    assert query == "" or all(re.fullmatch(r'"\w+"', part) for part in query.split(" AND "))
