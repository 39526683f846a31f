"""Counts read as English: "1 article", "2 articles", never "1 articles"."""

from __future__ import annotations

import pytest

from graph.wording import counted


@pytest.mark.parametrize(
    ("number", "noun", "plural", "expected"),
    [
        (0, "article", None, "0 articles"),
        (1, "article", None, "1 article"),
        (2, "article", None, "2 articles"),
        (1, "canonical person", "canonical people", "1 canonical person"),
        (3, "canonical person", "canonical people", "3 canonical people"),
    ],
)
def test_counted(number: int, noun: str, plural: str | None, expected: str) -> None:
    assert counted(number, noun, plural) == expected
