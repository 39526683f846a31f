"""The scoring rules of ``shared/corpus/README.md``, implemented exactly.

- A prediction matches a gold statement when at least half of the prediction's content characters
  lie inside the gold content span(s).
- content P = predictions matching any gold statement / predictions; content R = speech gold matched
  by at least one prediction / speech gold. Optional gold, and PolNeAR attributions that are not
  speech (beliefs, intentions, "polls show"), are left out of recall; a prediction matching one is not
  a false positive (it counts as a match for precision).
- speaker accuracy = among matched speech gold, the share with a matching prediction whose speaker
  span overlaps the gold Source span (PolNeAR) or whose resolved speaker equals the gold speaker or one
  of its aliases, case-insensitive (reference JSON).
- attributed P/R/F1: as content P/R, counting only matches whose speaker is right. attributed P =
  predictions that match any gold attribution (speech or not, optional or not) with the right speaker
  / predictions: the same denominator as content P, so a prediction that matches only non-speech gold
  with the wrong speaker counts against it.
- resolution accuracy: among matched statements whose speaker mention is a pronoun ("he", "she",
  "they") or a description ("the spokesman", "the ministry"), the share resolved to the right named
  entity; a pronoun or description left as the name counts as wrong. Reference JSON only (PolNeAR
  gold names no entity).
- event accuracy (reference JSON): among matched statements that have a gold event, the share linked
  to an event whose name or a mention shares at least half its words with the gold event's name or a
  mention, or whose date equals the gold date (month and day when the gold has no year).

For the per-statement figures (resolution, event) the prediction taken for a gold statement is the
matching one with the most content characters inside the gold span (the earliest on a tie).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from graph.wording import counted
from ingest.evaluation.gold import GoldArticle, GoldEvent, GoldSpans, GoldStatement
from ingest.extract.result import Event, Statement

PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "i", "we", "it"})
DETERMINERS = ("the ", "a ", "an ", "this ", "that ", "these ", "those ")
_WORDS = re.compile(r"[0-9a-z]+")


@dataclass
class Ratio:
    """A share with the counts behind it."""

    hits: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def add(self, hit: bool) -> None:
        self.total += 1
        self.hits += int(hit)


@dataclass
class Scores:
    """Every figure of the rules, with the counts of articles and gold items behind them."""

    articles: int = 0
    predictions: int = 0
    gold_speech: int = 0
    gold_other: int = 0
    content_precision: Ratio = field(default_factory=Ratio)
    content_recall: Ratio = field(default_factory=Ratio)
    speaker_accuracy: Ratio = field(default_factory=Ratio)
    attributed_precision: Ratio = field(default_factory=Ratio)
    attributed_recall: Ratio = field(default_factory=Ratio)
    resolution_accuracy: Ratio = field(default_factory=Ratio)
    event_accuracy: Ratio = field(default_factory=Ratio)

    @staticmethod
    def f1(precision: Ratio, recall: Ratio) -> float:
        p, r = precision.value, recall.value
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def content_f1(self) -> float:
        return self.f1(self.content_precision, self.content_recall)

    @property
    def attributed_f1(self) -> float:
        return self.f1(self.attributed_precision, self.attributed_recall)


def _prediction_spans(statement: Statement) -> list[tuple[int, int]]:
    parts = statement.content_parts or (statement.content,)
    return [(p.start, p.end) for p in parts if p.end > p.start]


def inside(prediction: Sequence[tuple[int, int]], gold: GoldSpans) -> int:
    """How many of the prediction's content characters lie inside the gold spans."""
    total = 0
    for start, end in prediction:
        for g_start, g_end in gold:
            total += max(0, min(end, g_end) - max(start, g_start))
    return total


def matches(statement: Statement, gold: GoldStatement) -> int:
    """Characters inside gold when the prediction matches it (at least half of its content), else 0."""
    spans = _prediction_spans(statement)
    size = sum(end - start for start, end in spans)
    if size == 0:
        return 0
    overlap = inside(spans, gold.content)
    return overlap if 2 * overlap >= size else 0


def speaker_right(statement: Statement, gold: GoldStatement, *, fmt: str) -> bool:
    """The speaker rule for the gold's format."""
    if fmt == "polnear":
        mention = statement.speaker.mention
        return any(min(mention.end, e) > max(mention.start, s) for s, e in gold.source_spans)
    name = statement.speaker.name.strip().casefold()
    return any(name == alias.strip().casefold() for alias in gold.speakers)


def is_pronoun_or_description(mention: str) -> bool:
    """Whether a speaker mention is a pronoun or a description rather than a name."""
    lowered = mention.strip().casefold()
    return lowered in PRONOUNS or lowered.startswith(DETERMINERS)


def _words(text: str) -> set[str]:
    return set(_WORDS.findall(text.casefold()))


def _same_date(predicted: str | None, gold: str | None) -> bool:
    if not predicted or not gold:
        return False
    if gold.startswith("--"):
        return predicted[-5:] == gold[-5:]
    return predicted == gold


def event_right(event: Event | None, gold: GoldEvent) -> bool:
    """The event rule: half the words of a predicted name/mention shared with gold, or same date."""
    if event is None:
        return False
    if _same_date(event.date, gold.date):
        return True
    gold_texts = [_words(text) for text in (gold.name, *gold.mentions)]
    for predicted in (event.name, *(m.text for m in event.mentions)):
        words = _words(predicted)
        if words and any(2 * len(words & g) >= len(words) for g in gold_texts):
            return True
    return False


def score_article(article: GoldArticle, predictions: Sequence[Statement], scores: Scores) -> None:
    """Add one article's predictions against its gold to ``scores``."""
    scores.articles += 1
    scores.predictions += len(predictions)
    fmt = article.format
    counted = [g for g in article.statements if g.speech and not g.optional]
    scores.gold_speech += len(counted)
    scores.gold_other += len(article.statements) - len(counted)
    for prediction in predictions:
        matched = [g for g in article.statements if matches(prediction, g)]
        scores.content_precision.add(bool(matched))
        scores.attributed_precision.add(any(speaker_right(prediction, g, fmt=fmt) for g in matched))
    for gold in counted:
        overlaps = [(matches(p, gold), -i, p) for i, p in enumerate(predictions)]
        matching = [item for item in overlaps if item[0] > 0]
        scores.content_recall.add(bool(matching))
        right = any(speaker_right(p, gold, fmt=fmt) for _, _, p in matching)
        scores.attributed_recall.add(right)
        if not matching:
            continue
        scores.speaker_accuracy.add(right)
        best = max(matching, key=lambda item: (item[0], item[1]))[2]
        if fmt == "json" and is_pronoun_or_description(best.speaker.mention.text):
            scores.resolution_accuracy.add(speaker_right(best, gold, fmt=fmt))
        if fmt == "json" and gold.event is not None:
            scores.event_accuracy.add(event_right(best.event, gold.event))


def score(pairs: Iterable[tuple[GoldArticle, Sequence[Statement]]]) -> Scores:
    """Score every (gold article, predicted statements) pair."""
    scores = Scores()
    for article, predictions in pairs:
        score_article(article, predictions, scores)
    return scores


def format_scores(scores: Scores, *, title: str) -> str:
    """A plain-text table of every figure with its counts."""
    rows = [
        ("content P", scores.content_precision),
        ("content R", scores.content_recall),
        ("speaker accuracy", scores.speaker_accuracy),
        ("attributed P", scores.attributed_precision),
        ("attributed R", scores.attributed_recall),
        ("resolution accuracy", scores.resolution_accuracy),
        ("event accuracy", scores.event_accuracy),
    ]
    lines = [
        f"{title}: {counted(scores.articles, 'article')}, "
        f"{counted(scores.gold_speech, 'speech gold statement')} ({scores.gold_other} other gold), "
        f"{counted(scores.predictions, 'prediction')}",
    ]
    for name, ratio in rows:
        shown = f"{ratio.value:.3f}" if ratio.total else "  n/a"
        lines.append(f"  {name:<20} {shown}  ({ratio.hits}/{ratio.total})")
    lines.append(f"  {'content F1':<20} {scores.content_f1:.3f}")
    lines.append(f"  {'attributed F1':<20} {scores.attributed_f1:.3f}")
    return "\n".join(lines)


def scores_json(scores: Scores) -> dict[str, object]:
    """Every figure with its counts, as JSON-ready values."""
    ratios = {
        name: {"value": round(ratio.value, 4), "hits": ratio.hits, "total": ratio.total}
        for name, ratio in (
            ("content_precision", scores.content_precision),
            ("content_recall", scores.content_recall),
            ("speaker_accuracy", scores.speaker_accuracy),
            ("attributed_precision", scores.attributed_precision),
            ("attributed_recall", scores.attributed_recall),
            ("resolution_accuracy", scores.resolution_accuracy),
            ("event_accuracy", scores.event_accuracy),
        )
    }
    return {
        "articles": scores.articles,
        "predictions": scores.predictions,
        "gold_speech": scores.gold_speech,
        "gold_other": scores.gold_other,
        "content_f1": round(scores.content_f1, 4),
        "attributed_f1": round(scores.attributed_f1, 4),
        **ratios,
    }
