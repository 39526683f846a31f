from __future__ import annotations

import pytest

from ingest.article import RawArticle
from ingest.language import detect_language, is_english

ENGLISH = (
    "The spokesman said that the rallies were unlawful and that the police had acted within the law. " * 2
)
GERMAN = (
    "Der Sprecher sagte, dass die Kundgebungen nicht genehmigt waren und die Polizei im Rahmen des Gesetzes "
    * 2
)
RUSSIAN = (
    "Пресс-секретарь президента заявил, что акции протеста были незаконными и полиция действовала по закону. "
    * 2
)


@pytest.mark.parametrize(
    ("text", "language"), [(ENGLISH, "en"), (GERMAN, "de"), (RUSSIAN, "ru"), ("Too short.", None)]
)
def test_detection(text: str, language: str | None) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(("metadata", "expected"), [("en-US", True), ("fr", False), (None, True)])
def test_metadata_language_wins(metadata: str | None, expected: bool) -> None:
    assert is_english(RawArticle(text=ENGLISH, location="x", language=metadata)) is expected
