"""Quote finding on the mark styles newspapers use."""

from __future__ import annotations

from ingest.extract.quotes import find_quotes


def test_doubled_apostrophes_open_and_close_a_quote() -> None:
    text = "He said. ''It is over,'' she replied. ''Next part"
    quotes = find_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == ["''It is over,''", "''Next part"]
    assert [text[q.inner_start : q.inner_end] for q in quotes] == ["It is over,", "Next part"]
    assert [q.closed for q in quotes] == [True, False]


def test_apostrophes_alone_open_nothing() -> None:
    assert find_quotes("The candidates' plans and the voters' doubts") == []
