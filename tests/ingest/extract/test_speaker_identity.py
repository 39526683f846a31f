"""Who a speaker is, on sentences written for each class of error seen on unseen news (issue 10).

Every case states the exact name expected, or that the mention stays as written (resolution
"unresolved"): a wrong name is worse than none.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from ingest.article import RawArticle
from ingest.extract.extractor import Extractor
from ingest.extract.gender import FirstNames
from ingest.extract.result import Extraction, Statement

pytestmark = pytest.mark.slow

Extract = Callable[[str], Extraction]


@pytest.fixture(scope="module")
def extract(nlp: Language) -> Extract:
    extractor = Extractor(nlp, first_names=FirstNames.load())

    def run(text: str) -> Extraction:
        return extractor.extract(RawArticle(text=text, location="t"))

    return run


def _by_cue(extraction: Extraction) -> dict[str, Statement]:
    return {s.cue.text: s for s in extraction.statements}


def _who(statement: Statement) -> tuple[str, str]:
    return statement.speaker.name, statement.speaker.resolution


def test_people_sharing_a_surname_are_never_merged(extract: Extract) -> None:
    found = _by_cue(
        extract(
            "Former President Bill Clinton spoke at a rally in Ohio on Monday. "
            "Hillary Clinton told voters in Iowa that the plan would create jobs. "
            "Clinton argued that the economy needed help. "
            "Mrs. Clinton added that wages had stalled. "
            "Mr. Clinton said the crowd was the largest of the year."
        )
    )
    assert _who(found["told"]) == ("Hillary Clinton", "name")
    assert _who(found["argued"]) == ("Clinton", "unresolved")
    assert _who(found["added"]) == ("Hillary Clinton", "name")
    assert _who(found["said"]) == ("Bill Clinton", "name")


def test_a_pronoun_never_crosses_gender(extract: Extract) -> None:
    found = _by_cue(
        extract(
            "House Minority Leader Nancy Pelosi said the bill was a disgrace. "
            "Speaker Paul Ryan replied that the vote would go ahead. "
            "She warned that Democrats would fight it. "
            "He insisted that the votes were there."
        )
    )
    assert _who(found["warned"]) == ("Nancy Pelosi", "pronoun")
    assert _who(found["insisted"]) == ("Paul Ryan", "pronoun")


def test_a_pronoun_is_the_last_person_speaking_not_the_last_mentioned(extract: Extract) -> None:
    found = _by_cue(
        extract(
            "Senator John Thune said the tax plan would pass. "
            "The plan was drafted with help from Kevin Brady's staff. "
            "He added that a vote could come in March."
        )
    )
    assert _who(found["added"]) == ("John Thune", "pronoun")


def test_honorific_and_titles_are_not_part_of_the_name(extract: Extract) -> None:
    found = _by_cue(
        extract(
            "Sen. Elizabeth Warren questioned the bank's chief executive on Tuesday. "
            "Warren said the settlement was too small. "
            "Gov. Mike Pence told reporters that he would release his returns."
        )
    )
    assert _who(found["said"]) == ("Elizabeth Warren", "name")
    assert _who(found["told"]) == ("Mike Pence", "name")


def test_a_surname_the_article_never_gives_in_full_stays_as_written(extract: Extract) -> None:
    found = _by_cue(extract("Senator Grassley said the hearing would go ahead in May."))
    assert _who(found["said"]) == ("Senator Grassley", "unresolved")


def test_a_nickname_is_the_same_person(extract: Extract) -> None:
    found = _by_cue(
        extract(
            "Sandra Paradis has voted in every election since 1972. "
            "Sandy Paradis told the reporter that she liked both candidates. "
            "Paradis said she would decide in November."
        )
    )
    assert _who(found["told"]) == ("Sandra Paradis", "name")
    assert _who(found["said"]) == ("Sandra Paradis", "name")


def test_the_named_aide_in_an_apposition_is_the_speaker(extract: Extract) -> None:
    found = _by_cue(
        extract(
            "Hillary Clinton left the event early. "
            "Clinton's communications director, Jennifer Palmieri, said the candidate was fine."
        )
    )
    assert _who(found["said"]) == ("Jennifer Palmieri", "name")


def test_a_description_naming_a_place_is_not_someone_from_another(extract: Extract) -> None:
    found = _by_cue(
        extract(
            "Iowa Senator Joni Ernst said the bill was fair. Florida Senator Marco Rubio said the bill "
            "was weak. The Iowa senator added that the vote would pass."
        )
    )
    assert _who(found["added"]) == ("Joni Ernst", "description")


def test_a_candidates_campaign_speaks_for_itself(extract: Extract) -> None:
    found = _by_cue(
        extract("Donald Trump held a rally in Florida. Trump's campaign said the poll was deeply flawed.")
    )
    statement = found["said"]
    assert (statement.speaker.name, statement.speaker.kind) == ("Donald Trump campaign", "organization")


def test_a_sons_words_are_not_his_fathers(extract: Extract) -> None:
    found = _by_cue(
        extract("Ben Carson spoke in Iowa on Saturday. Carson's son said the family was proud of him.")
    )
    assert found["said"].speaker.name != "Ben Carson"
    assert found["said"].speaker.resolution == "unresolved"


def test_datelines_are_never_speakers(extract: Extract) -> None:
    extraction = extract(
        "WASHINGTON (AP) — The White House said on Monday that the talks would resume in June."
    )
    assert [s.speaker.name for s in extraction.statements] == ["White House"]


def test_headline_fragments_are_not_people(extract: Extract) -> None:
    extraction = extract(
        "Trump Warns Clinton Over Emails\n\n"
        "Donald Trump said on Friday that Hillary Clinton should apologize for her emails."
    )
    names = {e.name for e in extraction.entities}
    assert "Trump Warns Clinton" not in names
    assert [s.speaker.name for s in extraction.statements] == ["Donald Trump"]


@pytest.mark.parametrize(
    ("text", "cue", "name"),
    [
        (
            "The New York Times reported on Sunday that the candidate paid no taxes. "
            "The newspaper said the documents were genuine.",
            "said",
            "New York Times",
        ),
        (
            "Goldman Sachs said profits rose in the third quarter. It added that bonuses would fall.",
            "added",
            "Goldman Sachs",
        ),
        ("The AP reported that the polls closed at 8 p.m.", "reported", "Associated Press"),
        ("The Justice Department said the inquiry was closed.", "said", "Department of Justice"),
    ],
)
def test_organizations_are_resolved_and_named_as_analysts_expect(
    extract: Extract, text: str, cue: str, name: str
) -> None:
    statement = _by_cue(extract(text))[cue]
    assert (statement.speaker.name, statement.speaker.kind) == (name, "organization")


def test_an_organization_description_with_no_fitting_organization_stays_unresolved(extract: Extract) -> None:
    found = _by_cue(extract("Donald Trump spoke in Ohio. The newspaper said the crowd was small."))
    assert found["said"].speaker.resolution == "unresolved"


def test_a_statement_concerns_an_event_only_where_it_is_mentioned(extract: Extract) -> None:
    extraction = extract(
        "The first presidential debate drew a record audience on Monday.\n\n"
        "Donald Trump said the debate moderator was unfair.\n\n"
        "Hillary Clinton said taxes on the wealthy should rise."
    )
    trump, clinton = extraction.statements
    assert trump.speaker.name == "Donald Trump"
    assert trump.event is not None and "debate" in trump.event.name.lower()
    assert (clinton.speaker.name, clinton.event) == ("Hillary Clinton", None)
