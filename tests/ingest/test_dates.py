from __future__ import annotations

import pytest

from ingest.dates import parse_date


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("January 31", "--02-01", "--01-31"),
        ("January 31", "2021-02-01", "2021-01-31"),
        ("December 30", "2021-01-02", "2020-12-30"),
        ("31 January 2021", None, "2021-01-31"),
        ("Jan. 5, 2019", None, "2019-01-05"),
        ("Monday", "2021-02-03", "2021-02-01"),
        ("Monday", "--02-03", None),
        ("a week ago", "2021-02-01", "2021-01-25"),
        ("two days ago", "--02-01", "--01-30"),
        ("yesterday", "2021-03-01", "2021-02-28"),
        ("today", "2021-03-01", "2021-03-01"),
        ("February 30", None, None),
        ("next quarter", "2021-03-01", None),
    ],
)
def test_news_dates_are_anchored_on_the_article_date(
    text: str, anchor: str | None, expected: str | None
) -> None:
    assert parse_date(text, anchor=anchor) == expected
