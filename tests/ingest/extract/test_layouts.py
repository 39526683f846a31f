"""Statement layouts and speaker resolution on real sentences."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from ingest.article import RawArticle
from ingest.extract.extractor import Extractor
from ingest.extract.quotes import find_quotes
from ingest.extract.result import Statement
from ingest.extract.statements import LAYOUTS, Layout, find_statements

pytestmark = pytest.mark.slow

Extract = Callable[[str], list[Statement]]


@pytest.fixture(scope="module")
def extract(nlp: Language) -> Extract:
    extractor = Extractor(nlp)

    def run(text: str) -> list[Statement]:
        statements = list(extractor.extract(RawArticle(text=text, location="t")).statements)
        for s in statements:
            for span in (s.speaker.mention, s.cue, s.content):
                assert text[span.start : span.end] == span.text
        return statements

    return run


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content", "kind"),
    [
        (
            "Foreign Ministry spokeswoman Maria Zakharova said that the sanctions would fail.",
            "Maria Zakharova",
            "said",
            "the sanctions would fail",
            "indirect",
        ),
        (
            "“We will respond,” Zakharova told reporters on Tuesday.",
            "Zakharova",
            "told",
            "We will respond,",
            "direct",
        ),
        (
            '"The talks were frank," Secretary of State Mike Pompeo said.',
            "Mike Pompeo",
            "said",
            "The talks were frank,",
            "direct",
        ),
        (
            "The sanctions will not change our course, Russian President Vladimir Putin said on Monday.",
            "Vladimir Putin",
            "said",
            "The sanctions will not change our course",
            "indirect",
        ),
        (
            "Lavrov warned that «any escalation would be dangerous», according to the ministry's statement.",
            "Lavrov",
            "warned",
            "any escalation would be dangerous",
            "mixed",
        ),
    ],
)
def test_layouts(extract: Extract, text: str, speaker: str, cue: str, content: str, kind: str) -> None:
    statements = extract(text)
    found = [s for s in statements if s.cue.text == cue]
    assert found, statements
    statement = found[0]
    assert statement.speaker.name == speaker
    assert statement.content.text == content
    assert statement.kind == kind


def test_participial_follow_on_keeps_the_speaker(extract: Extract) -> None:
    statements = extract(
        "Kremlin spokesman Dmitry Peskov denied that troops were moving, "
        "stressing that Russia posed no threat."
    )
    assert [(s.cue.text, s.speaker.name) for s in statements] == [
        ("denied", "Dmitry Peskov"),
        ("stressing", "Dmitry Peskov"),
    ]
    assert statements[1].content.text == "Russia posed no threat"


def test_according_to_a_named_source(extract: Extract) -> None:
    statements = extract("According to the Interior Ministry, about 2,000 people took part in the rally.")
    assert len(statements) == 1
    assert statements[0].cue.text == "According to"
    assert (statements[0].speaker.kind, statements[0].speaker.name) == ("organization", "Interior Ministry")
    assert statements[0].content.text == "about 2,000 people took part in the rally"


def test_according_to_data_is_not_a_statement(extract: Extract) -> None:
    assert extract("According to the existing data, the rally in Yekaterinburg was the largest.") == []


def test_pronoun_and_description_resolve_to_the_named_official(extract: Extract) -> None:
    statements = extract(
        "Secretary of State Antony Blinken met Foreign Minister Sergey Lavrov in Reykjavik. "
        'Blinken said the talks were useful. "We have differences," he said. '
        "The secretary added that both sides wanted stability."
    )
    assert [s.speaker.name for s in statements] == ["Antony Blinken"] * 3
    assert [s.speaker.resolution for s in statements] == ["name", "pronoun", "description"]


def test_a_pronoun_is_the_last_person_speaking_not_the_last_mentioned(extract: Extract) -> None:
    # Lavrov is the last person named before "he", but Blinken is the last one speaking.
    statements = extract(
        "Secretary of State Antony Blinken met Foreign Minister Sergey Lavrov in Reykjavik. "
        'Blinken said he had pressed Lavrov on Ukraine. "We have differences," he said.'
    )
    assert [(s.speaker.mention.text, s.speaker.name, s.speaker.resolution) for s in statements] == [
        ("Blinken", "Antony Blinken", "name"),
        ("he", "Antony Blinken", "pronoun"),
    ]
    assert [s.content.text for s in statements] == [
        "he had pressed Lavrov on Ukraine",
        "We have differences,",
    ]


def test_floating_quote_continues_the_previous_speaker(extract: Extract) -> None:
    statements = extract(
        '"We need to see each case separately," Peskov said. "Let us not make primitive evaluations."'
    )
    assert len(statements) == 2
    assert statements[1].speaker.name == "Peskov"
    assert statements[1].content.text == "Let us not make primitive evaluations."


def test_generic_sources_are_kept_as_such(extract: Extract) -> None:
    statements = extract("Critics said the law would silence journalists.")
    assert len(statements) == 1
    assert statements[0].speaker.kind == "generic"
    assert statements[0].speaker.name == "Critics"
    assert statements[0].speaker.resolution == "unresolved"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        '"' * 500,
        "“unclosed quote that never ends, he said",
        "he said " * 2000,
        "a" * 50_000,
        "word " * 20_000,
        "”“‘’«»„" * 100,
    ],
)
def test_hostile_text_never_raises(extract: Extract, text: str) -> None:
    extract(text)


def test_multi_paragraph_quote_stays_with_its_speaker(extract: Extract) -> None:
    text = (
        '"We will not accept these sanctions," Maria Zakharova said. '
        '"They are illegal under international law.\n\n'
        '"And they will not change our policy," she added.'
    )
    statements = extract(text)
    assert [(s.speaker.name, s.content.text) for s in statements] == [
        ("Maria Zakharova", "We will not accept these sanctions,"),
        ("Maria Zakharova", "They are illegal under international law."),
        ("Maria Zakharova", "And they will not change our policy,"),
    ]


@pytest.mark.parametrize(
    ("text", "name", "role", "organization"),
    [
        (
            "A spokesman for the FBI said the investigation was continuing.",
            "Federal Bureau of Investigation",
            None,
            None,
        ),
        (
            "Foreign Ministry spokeswoman Maria Zakharova said the statement was hostile.",
            "Maria Zakharova",
            "Foreign Ministry spokeswoman",
            "Foreign Ministry",
        ),
        (
            "Russian President Vladimir Putin said the talks had been useful.",
            "Vladimir Putin",
            "President",
            "Russia",
        ),
    ],
)
def test_speaker_phrases_split_into_person_role_and_organization(
    extract: Extract, text: str, name: str, role: str | None, organization: str | None
) -> None:
    speaker = extract(text)[0].speaker
    assert (speaker.name, speaker.role, speaker.organization) == (name, role, organization)


def test_the_ministry_resolves_to_the_named_ministry(extract: Extract) -> None:
    statements = extract(
        "Russia's Foreign Ministry summoned the ambassador on Monday. "
        "The ministry said the move was a provocation."
    )
    assert [s.speaker.name for s in statements] == ["Foreign Ministry"]
    assert statements[0].speaker.kind == "organization"


def test_doubled_apostrophes_quote_like_double_quotes(extract: Extract) -> None:
    statements = extract("''We will win this state,'' the governor said on Sunday.")
    assert len(statements) == 1
    assert statements[0].content.text == "We will win this state,"
    assert statements[0].kind == "direct"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The mayor said the bridge would reopen in May, which surprised many commuters.",
            "the bridge would reopen in May",
        ),
        (
            "The senator said the bill would pass easily, while her aides were less certain.",
            "the bill would pass easily",
        ),
        (
            "Most farmers said the drought had cut their harvest, and a third said they would sell land.",
            "the drought had cut their harvest",
        ),
    ],
)
def test_trailing_asides_are_not_content(extract: Extract, text: str, content: str) -> None:
    statements = extract(text)
    assert statements[0].content.text == content


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        (
            "The governor refused to say whether the plant would close.",
            "The governor",
            "say",
            "the plant would close",
        ),
        (
            "The mayor ended the meeting by saying that the budget was balanced.",
            "The mayor",
            "saying",
            "the budget was balanced",
        ),
        (
            "The union issued a statement saying that the strike would continue.",
            "The union",
            "saying",
            "the strike would continue",
        ),
        (
            "Ms. Carter, after saying she would not run, entered the race in June.",
            "Ms. Carter",
            "saying",
            "she would not run",
        ),
    ],
)
def test_subjectless_reporting_verbs_take_the_controlling_subject(
    extract: Extract, text: str, speaker: str, cue: str, content: str
) -> None:
    found = [s for s in extract(text) if s.cue.text == cue]
    assert found
    assert found[0].speaker.mention.text == speaker
    assert found[0].content.text == content


def test_giving_is_not_a_parenthetical_report(extract: Extract) -> None:
    statements = extract("The result was a big win for the senator, giving him ten more delegates.")
    assert statements == []


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        ("Asked whether the plan would work, the treasurer said yes.", "the treasurer", "said", "yes"),
        (
            "Most economists expected a slowdown, and the bank's analysts said so in March.",
            "the bank's analysts",
            "said",
            "so",
        ),
        (
            "The senator talked about the cost of child care.",
            "The senator",
            "talked",
            "the cost of child care",
        ),
        (
            "The union leader pointed to the rising price of rent.",
            "The union leader",
            "pointed",
            "the rising price of rent",
        ),
        (
            "The governor touted the new budget.",
            "The governor",
            "touted",
            "the new budget",
        ),
        (
            "Ms. Ortiz's claim that the vote had been rigged was rejected by the court.",
            "Ms. Ortiz's",
            "claim",
            "the vote had been rigged",
        ),
    ],
)
def test_short_object_and_noun_contents(
    extract: Extract, text: str, speaker: str, cue: str, content: str
) -> None:
    found = [s for s in extract(text) if s.cue.text == cue]
    assert found, extract(text)
    assert found[0].speaker.mention.text == speaker
    assert found[0].content.text == content


def test_speaking_of_a_topic_is_not_a_statement(extract: Extract) -> None:
    assert not [
        s for s in extract("The minister smiled when speaking of his home town.") if s.cue.text == "speaking"
    ]


@pytest.mark.parametrize("layout", LAYOUTS, ids=[layout.name for layout in LAYOUTS])
def test_every_registered_layout_reads_its_example(nlp: Language, layout: Layout) -> None:
    doc = nlp(layout.example)
    found = find_statements(doc, find_quotes(doc.text))
    assert layout.name in [statement.layout for statement in found]
    assert {statement.confidence for statement in found if statement.layout == layout.name} <= {
        layout.confidence,
        0.9,  # a direct quote is at least 0.9 sure whatever its layout
    }


def test_layout_names_are_unique() -> None:
    assert len({layout.name for layout in LAYOUTS}) == len(LAYOUTS)
