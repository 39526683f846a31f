"""Event linking (ingest/extract/events.py): mentions merged into events, and the event each statement
concerns (anchored: mentioned in its content, its sentence, or a quote's paragraph). Mentions are
placed at their offsets in a real article text, as find_mentions places them (its parsing is covered
end to end by test_reference_article.py)."""

from __future__ import annotations

import pytest

from ingest.extract.events import Cluster, Mention, cluster_mentions, event_for, names_participants, to_events
from ingest.extract.result import Event, Span

TEXT = (
    "Kremlin urges calm after unauthorized protests. "
    "On January 31 the unlawful rallies took place in Moscow. "
    "Peskov said the protests were smaller than the rallies of January 23. "
    "He said talks with Washington would go on, and that the rallies had been calm. "
    "Videos showing attacks circulated."
)


def mention(
    phrase: str,
    type: str = "protest",
    *,
    after: str = "",
    date: str | None = None,
    place: str | None = None,
    verbal: bool = False,
) -> Mention:
    """``phrase`` where it first occurs in TEXT after ``after``."""
    start = TEXT.index(phrase, TEXT.index(after) + len(after) if after else 0)
    sentence = TEXT[:start].count(". ")
    return Mention(start, start + len(phrase), phrase, type, sentence, date, place, verbal)


def spans(cluster: Cluster) -> list[str]:
    return [m.text for m in cluster.mentions]


def test_mentions_of_one_type_and_date_are_one_event_and_other_dates_another() -> None:
    clusters = cluster_mentions(
        [
            mention("unauthorized protests"),
            mention("the unlawful rallies", date="--01-31", place="Moscow"),
            mention("the protests", after="Peskov"),
            mention("the rallies of January 23", date="--01-23"),
            mention("talks", "meeting"),
            mention("the rallies", after="go on"),
        ]
    )
    assert [(c.type, c.date, c.place, spans(c)) for c in clusters] == [
        ("protest", "--01-31", "Moscow", ["unauthorized protests", "the unlawful rallies", "the protests"]),
        ("protest", "--01-23", None, ["the rallies of January 23", "the rallies"]),
        ("meeting", None, None, ["talks"]),
    ]


def test_a_dated_mention_joins_the_event_of_its_date_even_after_another() -> None:
    clusters = cluster_mentions(
        [
            mention("the unlawful rallies", date="--01-31"),
            mention("the rallies of January 23", date="--01-23"),
            mention("the rallies", after="go on", date="--01-31"),
        ]
    )
    assert [(c.date, spans(c)) for c in clusters] == [
        ("--01-31", ["the unlawful rallies", "the rallies"]),
        ("--01-23", ["the rallies of January 23"]),
    ]


def test_a_dated_mention_joins_the_first_undated_event_of_its_type_not_another_date() -> None:
    clusters = cluster_mentions(
        [
            mention("unauthorized protests"),
            mention("the unlawful rallies", date="--01-31"),
            mention("the rallies of January 23", date="--01-23"),
        ]
    )
    assert [(c.date, spans(c)) for c in clusters] == [
        ("--01-31", ["unauthorized protests", "the unlawful rallies"]),
        ("--01-23", ["the rallies of January 23"]),
    ]


def test_an_event_takes_its_dated_mentions_place_else_the_first_place_given() -> None:
    cluster = Cluster(
        "protest",
        [
            mention("unauthorized protests", place="Russia"),
            mention("the unlawful rallies", date="--01-31", place="Moscow"),
        ],
    )
    assert (cluster.date, cluster.place) == ("--01-31", "Moscow")
    undated = Cluster("protest", [mention("unauthorized protests"), mention("the protests", place="Russia")])
    assert (undated.date, undated.place) == (None, "Russia")


def test_events_are_named_by_their_dated_mention_else_their_longest_without_the_determiner() -> None:
    events = to_events(
        [
            Cluster("protest", [mention("the unlawful rallies"), mention("the protests", date="--01-31")]),
            Cluster(
                "protest", [mention("the protests", after="Peskov"), mention("the rallies of January 23")]
            ),
            Cluster("meeting", [mention("talks", "meeting", verbal=True, date="--02-01", place="Moscow")]),
            Cluster("meeting", [mention("talks", "meeting", verbal=True)]),
            Cluster("meeting", [mention("talks", "meeting", verbal=True, place="Washington")]),
        ]
    )
    assert [(e.key, e.name, e.type, e.date, e.place) for e in events] == [
        ("e1", "Protests", "protest", "--01-31", None),
        ("e2", "Rallies of January 23", "protest", None, None),
        ("e3", "Meeting in Moscow on --02-01", "meeting", "--02-01", "Moscow"),
        ("e4", "Meeting", "meeting", None, None),
        ("e5", "Meeting in Washington", "meeting", None, "Washington"),
    ]
    first = TEXT.index("the unlawful rallies")
    assert events[0].mentions[0] == Span("the unlawful rallies", first, first + len("the unlawful rallies"))


def event(key: str, *phrases: str, date: str | None = None, place: str | None = None) -> Event:
    found = []
    for phrase in phrases:
        start = TEXT.index(phrase)
        found.append(Span(phrase, start, start + len(phrase)))
    return Event(key, key, "protest", date=date, place=place, mentions=tuple(found))


def bounds(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


SENTENCE = bounds("He said talks with Washington would go on, and that the rallies had been calm.")
CONTENT = bounds("talks with Washington would go on")
RALLIES = event("rallies", "the unlawful rallies", "the rallies had been", date="--01-31")
TALKS = event("talks", "talks with Washington", place="Washington")
VIDEOS = event("videos", "Videos showing attacks")  # undated, unplaced, no determiner: weak


PARAGRAPH = bounds(
    "Peskov said the protests were smaller than the rallies of January 23. He said talks with Washington"
)


@pytest.mark.parametrize(
    ("events", "content", "sentence", "paragraph", "expected"),
    [
        ([RALLIES, TALKS], CONTENT, SENTENCE, None, "talks"),  # mentioned in the content
        ([RALLIES, TALKS], bounds("would go on"), SENTENCE, None, "talks"),  # the sentence's first
        ([RALLIES], bounds("would go on"), SENTENCE, None, "rallies"),
        # mentioned nowhere near: no event, though the article is about the rallies
        ([RALLIES, TALKS], bounds("Peskov said"), bounds("Peskov said"), None, None),
        # a quote's paragraph anchors it; without the paragraph nothing does
        ([TALKS], bounds("Peskov said"), bounds("Peskov said"), PARAGRAPH, "talks"),
        ([TALKS], bounds("Peskov said"), bounds("Peskov said"), None, None),
        # a weak event (undated, unplaced, never with a determiner) anchors nothing
        ([RALLIES, VIDEOS], *[bounds("Videos showing attacks circulated")] * 2, None, None),
    ],
)
def test_a_statement_concerns_the_event_in_its_content_else_its_sentence_else_its_paragraph(
    events: list[Event],
    content: tuple[int, int],
    sentence: tuple[int, int],
    paragraph: tuple[int, int] | None,
    expected: str | None,
) -> None:
    found = event_for(events, content=content, sentence=sentence, paragraph=paragraph)
    assert (found.key if found else None) == expected


@pytest.mark.parametrize(
    ("date", "place", "phrase", "weak"),
    [
        (None, None, "Videos showing attacks", True),
        ("--01-31", None, "Videos showing attacks", False),
        (None, "Moscow", "Videos showing attacks", False),
        (None, None, "the protests", False),
    ],
)
def test_only_an_undated_unplaced_event_never_named_with_a_determiner_anchors_nothing(
    date: str | None, place: str | None, phrase: str, weak: bool
) -> None:
    candidate = event("candidate", phrase, date=date, place=place)
    found = event_for([candidate], content=bounds(phrase), sentence=bounds(phrase))
    assert found == (None if weak else candidate)


@pytest.mark.parametrize(
    ("mentions", "place", "named"),
    [
        (("the Comey letter",), None, True),
        (("Trump University's lawsuit", "the lawsuit"), None, True),  # a name opens the mention
        (("the rally",), None, False),
        (("Protests erupted",), None, False),  # capitalised only because it opens a sentence
        (("the protests in Moscow",), "Moscow", False),  # its place is not a participant
    ],
)
def test_an_undated_event_names_its_participants_only_with_a_name_of_its_own(
    mentions: tuple[str, ...], place: str | None, named: bool
) -> None:
    found = Event(
        "e1", mentions[0], "protest", place=place, mentions=tuple(Span(m, 0, len(m)) for m in mentions)
    )
    assert names_participants(found) is named
