"""Who each speaker mention is, on real sentences: names, pronouns, descriptions, organizations.

The rules (ingest/extract/speakers.py): a surname is the one person of the article with that surname;
a pronoun is the most recent person speaking (or subject of a main clause) whose gender agrees, else
the most recent mentioned; a description is the person whose role has its head noun (the most recent
before it, else the first after it); "the Kremlin spokesman" with no such person speaks for the
Kremlin; a bare "the ministry" is the ministry the article names. More cases, one per class of error,
are in test_speaker_identity.py.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from ingest.article import RawArticle
from ingest.extract.extractor import Extractor

pytestmark = pytest.mark.slow

Speaker = tuple[str, str, str, str, str | None, str | None]


@pytest.fixture(scope="module")
def extractor(nlp: Language) -> Extractor:
    return Extractor(nlp)


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        (
            "Russian President Vladimir Putin met German Chancellor Olaf Scholz on Monday. "
            "The Russian leader said the talks were useful.",
            [
                ("The Russian leader", "Vladimir Putin", "person", "description", "President", "Russia"),
            ],
        ),
        (
            "Russian President Vladimir Putin met German Chancellor Olaf Scholz on Monday. "
            "The German leader said the talks were useful.",
            [
                ("The German leader", "Olaf Scholz", "person", "description", "Chancellor", "Germany"),
            ],
        ),
        (
            "The spokesman said the rallies were unlawful. "
            "Kremlin Spokesman Dmitry Peskov told reporters on Monday that nobody was hurt.",
            [
                ("The spokesman", "Dmitry Peskov", "person", "description", "Kremlin Spokesman", "Kremlin"),
                (
                    "Kremlin Spokesman Dmitry Peskov",
                    "Dmitry Peskov",
                    "person",
                    "name",
                    "Kremlin Spokesman",
                    "Kremlin",
                ),
            ],
        ),
        (
            "Maria Zakharova arrived in Minsk on Monday. She said the visit was productive.",
            [
                ("She", "Maria Zakharova", "person", "pronoun", None, None),
            ],
        ),
        (
            "They said the vote was fair.",
            [
                ("They", "They", "generic", "unresolved", None, None),
            ],
        ),
        (
            "The Kremlin spokesman said the meeting was postponed.",
            [
                ("The Kremlin spokesman", "Kremlin", "organization", "description", None, None),
            ],
        ),
        (
            "Governor Sergei Furgal was arrested in July. Furgal said he was innocent.",
            [
                ("Furgal", "Sergei Furgal", "person", "name", "Governor", None),
            ],
        ),
        (
            "Russia's Foreign Ministry summoned the ambassador on Monday. "
            "The ministry said the move was a provocation.",
            [
                ("The ministry", "Foreign Ministry", "organization", "description", None, None),
            ],
        ),
        (
            "Senator Elizabeth Warren criticized the bill. The senator said it would hurt families.",
            [
                ("Senator Elizabeth Warren", "Elizabeth Warren", "person", "name", "Senator", None),
                ("The senator", "Elizabeth Warren", "person", "description", "Senator", None),
            ],
        ),
        (
            "Secretary of State Mike Pompeo met Sergey Lavrov. "
            "Lavrov said the talks were frank. "
            "The secretary said the two sides disagreed.",
            [
                ("Lavrov", "Sergey Lavrov", "person", "name", None, None),
                ("The secretary", "Mike Pompeo", "person", "description", "Secretary of State", None),
            ],
        ),
        (
            "Secretary of State Antony Blinken met Foreign Minister Sergey Lavrov in Reykjavik. "
            "Blinken said he had pressed Lavrov on Ukraine. "
            '"We have differences," he said.',
            [
                ("Blinken", "Antony Blinken", "person", "name", "Secretary of State", None),
                ("he", "Antony Blinken", "person", "pronoun", "Secretary of State", None),
            ],
        ),
        (
            "The governor said the budget was balanced.",
            [
                ("The governor", "The governor", "person", "unresolved", "governor", None),
            ],
        ),
        (
            # a bare "the ministry" is the ministry named, not the first organization named
            "NATO criticized the drills. Russia's Foreign Ministry summoned the ambassador. "
            "The ministry said the move was a provocation.",
            [
                ("NATO", "NATO", "organization", "name", None, None),
                ("The ministry", "Foreign Ministry", "organization", "description", None, None),
            ],
        ),
        (
            # two people fit the description: the most recent before it
            "Senator Elizabeth Warren met Senator Mitch McConnell. The senator said the bill would fail.",
            [("The senator", "Mitch McConnell", "person", "description", "Senator", None)],
        ),
        (
            # a leader's role fits "the leader", not "the minister"
            "Foreign Minister Sergey Lavrov met President Vladimir Putin. "
            "The minister said the talks were useful.",
            [("The minister", "Sergey Lavrov", "person", "description", "Foreign Minister", None)],
        ),
        (
            "President Vladimir Putin met Foreign Minister Sergey Lavrov. "
            "The leader said the talks were useful.",
            [("The leader", "Vladimir Putin", "person", "description", "President", None)],
        ),
    ],
)
def test_each_mention_resolves_to_its_person_or_organization(
    extractor: Extractor, text: str, speakers: list[Speaker]
) -> None:
    """(mention, name, kind, resolution, role, organization) of each statement, in text order."""
    statements = extractor.extract(RawArticle(text=text, location="t")).statements
    found = [
        (
            s.speaker.mention.text,
            s.speaker.name,
            s.speaker.kind,
            s.speaker.resolution,
            s.speaker.role,
            s.speaker.organization,
        )
        for s in statements
    ]
    assert found == speakers
