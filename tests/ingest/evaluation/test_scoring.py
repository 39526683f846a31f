from __future__ import annotations

from pathlib import Path

import pytest

from ingest.evaluation.cues import is_speech_cue
from ingest.evaluation.gold import (
    GoldArticle,
    GoldEvent,
    GoldStatement,
    load_polnear,
    load_polnear_article,
)
from ingest.evaluation.scoring import event_right, matches, score
from ingest.extract.result import Event, Span, Speaker, Statement

TEXT = "Peskov said the rallies were unlawful. He added that nobody was hurt. Polls show doubt."


def span(text: str, occurrence: str | None = None) -> Span:
    start = TEXT.index(occurrence or text)
    return Span(text, start, start + len(text))


def statement(
    content: str, *, mention: str = "Peskov", name: str = "Dmitry Peskov", event: Event | None = None
) -> Statement:
    return Statement(
        speaker=Speaker(mention=span(mention), name=name),
        cue=span("said"),
        content=span(content),
        kind="indirect",
        confidence=0.9,
        event=event,
    )


def gold(content: str, **kwargs: object) -> GoldStatement:
    start = TEXT.index(content)
    defaults: dict[str, object] = {"cue": "said", "speech": True, "speakers": ("Dmitry Peskov", "Peskov")}
    defaults.update(kwargs)
    return GoldStatement(content=((start, start + len(content)),), **defaults)  # type: ignore[arg-type]


def article(*statements: GoldStatement, fmt: str = "json") -> GoldArticle:
    return GoldArticle(name="t", path=Path("t.txt"), text=TEXT, format=fmt, statements=statements)


def test_half_of_the_prediction_inside_gold_is_a_match() -> None:
    g = gold("the rallies were unlawful")
    assert matches(statement("the rallies were unlawful"), g)
    assert matches(statement("rallies were unlawful. He"), g)
    assert not matches(statement("unlawful. He added that nobody"), g)


def test_precision_recall_and_speaker() -> None:
    g1 = gold("the rallies were unlawful")
    g2 = gold("nobody was hurt")
    predictions = [
        statement("the rallies were unlawful"),
        statement("nobody was hurt", mention="He", name="He"),
        statement("Polls show doubt"),
    ]
    scores = score([(article(g1, g2), predictions)])
    assert (scores.content_precision.hits, scores.content_precision.total) == (2, 3)
    assert (scores.content_recall.hits, scores.content_recall.total) == (2, 2)
    assert (scores.speaker_accuracy.hits, scores.speaker_accuracy.total) == (1, 2)
    assert (scores.attributed_precision.hits, scores.attributed_precision.total) == (1, 3)
    assert (scores.resolution_accuracy.hits, scores.resolution_accuracy.total) == (0, 1)


def test_optional_and_non_speech_gold_are_left_out_of_recall_and_match_for_precision() -> None:
    optional = gold("the rallies were unlawful", optional=True)
    belief = gold("Polls show doubt", speech=False)
    predictions = [statement("the rallies were unlawful"), statement("Polls show doubt", name="Nobody")]
    scores = score([(article(optional, belief), predictions)])
    assert scores.content_recall.total == 0
    assert (scores.content_precision.hits, scores.content_precision.total) == (2, 2)
    # "as content P, counting only matches whose speaker is right": every prediction is counted, and
    # the one matching the belief with the wrong speaker is not a right attribution.
    assert (scores.attributed_precision.hits, scores.attributed_precision.total) == (1, 2)


@pytest.mark.parametrize(
    ("name", "hits"),
    [("Dmitry Peskov", 1), ("Peskov", 1), ("Vladimir Putin", 0)],
)
def test_attributed_precision_counts_non_speech_matches_by_their_speaker(name: str, hits: int) -> None:
    belief = gold("Polls show doubt", speech=False)
    scores = score([(article(belief), [statement("Polls show doubt", name=name)])])
    assert (scores.attributed_precision.hits, scores.attributed_precision.total) == (hits, 1)
    assert (scores.content_precision.hits, scores.content_precision.total) == (1, 1)


def test_pronoun_resolved_to_the_right_name_counts_for_resolution() -> None:
    g = gold("nobody was hurt")
    scores = score([(article(g), [statement("nobody was hurt", mention="He")])])
    assert (scores.resolution_accuracy.hits, scores.resolution_accuracy.total) == (1, 1)


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (Event("e", "the unlawful rallies", "protest"), True),
        (Event("e", "the January 31 unlawful rallies", "protest"), False),
        (Event("e", "unrelated summit", "summit", date="2021-01-31"), True),
        (Event("e", "unrelated summit", "summit", date="2021-02-01"), False),
        (Event("e", "talks in Geneva", "talks"), False),
    ],
)
def test_event_rule(event: Event, expected: bool) -> None:
    gold_event = GoldEvent(
        "r", "Unsanctioned rallies in Russia", "--01-31", ("the rallies", "an unlawful rally")
    )
    assert event_right(event, gold_event) is expected


@pytest.mark.parametrize(
    ("cue", "speech"),
    [
        ("said", True),
        ("told", True),
        ("according to", True),
        (":", True),
        ("has said", True),
        ("stressed", True),
        ("denies", True),
        ("adding", True),
        ("believe", False),
        ("shows", False),
        ("has learned", False),
        ("wants", False),
    ],
)
def test_speech_cues(cue: str, speech: bool) -> None:
    assert is_speech_cue(cue) is speech


ANNOTATED = "“One,” he said, “two.” Polls show three."
FIRST_ANNOTATOR = (
    "T1\tSource 7 9\the\nT2\tCue 10 14\tsaid\nT3\tContent 1 4;17 20\tOne two\n"
    "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"
    "T4\tCue 29 33\tshow\nT5\tContent 34 39\tthree\nE2\tAttribution:T4 Content:T5 Cue:T4\n"
)
# A later annotator saw one attribution only, with its content as one span.
SECOND_ANNOTATOR = (
    "T1\tSource 7 9\the\nT2\tCue 10 14\tsaid\nT3\tContent 0 21\t“One,” he said, “two.”\n"
    "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"
)


def test_brat_discontinuous_spans(tmp_path: Path) -> None:
    text_path = tmp_path / "a.txt"
    text_path.write_text(ANNOTATED, encoding="utf-8")
    ann = tmp_path / "a_x.ann"
    ann.write_text(FIRST_ANNOTATOR, encoding="utf-8")
    loaded = load_polnear_article(text_path, ann)
    assert [(g.content, g.cue, g.speech, g.source_spans) for g in loaded.statements] == [
        (((1, 4), (17, 20)), "said", True, ((7, 9),)),
        (((34, 39),), "show", False, ()),
    ]


def test_a_split_is_scored_on_the_first_annotator_in_sorted_order(tmp_path: Path) -> None:
    """The corpus README: "When an article has several annotators, use the first file in sorted order"."""
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text(ANNOTATED, encoding="utf-8")
    # written in reverse order, so neither creation order nor listing order picks the first
    (tmp_path / "attributions" / "a_zoe.ann").write_text(SECOND_ANNOTATOR, encoding="utf-8")
    (tmp_path / "attributions" / "a_ann.ann").write_text(FIRST_ANNOTATOR, encoding="utf-8")
    loaded = list(load_polnear(tmp_path))
    assert [a.name for a in loaded] == ["a"]
    assert [g.content for g in loaded[0].statements] == [((1, 4), (17, 20)), ((34, 39),)]
