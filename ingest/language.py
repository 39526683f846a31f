"""Which language an article is in, cheaply: metadata first, else the share of common words.

Only English articles are extracted (the spaCy pipeline is English); others are recorded and skipped
with a reason, never silently dropped.
"""

from __future__ import annotations

import re

from ingest.article import RawArticle

COMMON_WORDS = {
    "en": set(
        "the of and to in is that for on with as was by said he it at from his are be have has".split()
    ),
    "fr": set("le la les de des et est un une du que dans pour sur au pas par qui il a".split()),
    "de": set("der die das und ist nicht ein eine zu den mit von auf im sich dem des für".split()),
    "es": set("el la los las de y que en un una es por con para del se al lo como".split()),
    "it": set("il la di e che per un una non sono del della con le si al".split()),
    "pt": set("o a os as de e que em um uma do da para com não por se ao".split()),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
MIN_WORDS = 20


def detect_language(text: str) -> str | None:
    """An ISO 639-1 code for ``text``, or ``None`` when it is too short to tell."""
    words = [w.lower() for w in _WORD.findall(text[:20000])]
    if len(words) < MIN_WORDS:
        return None
    letters = sum(len(w) for w in words)
    if letters and len(_CYRILLIC.findall(text[:20000])) / letters > 0.3:
        return "ru"
    scores = {lang: sum(w in common for w in words) / len(words) for lang, common in COMMON_WORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] >= 0.05 else None


def language_of(article: RawArticle) -> str | None:
    """The article's language: its metadata's (``en-US`` -> ``en``), else detected."""
    if article.language:
        return article.language.split("-")[0].split("_")[0].lower()
    return detect_language(article.text[article.body_offset :])


def is_english(article: RawArticle) -> bool:
    """Whether the article should be extracted (English, or too short to tell)."""
    language = language_of(article)
    return language is None or language == "en"
