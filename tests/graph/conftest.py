"""Seeded article subgraphs for the store tests: three short articles about overlapping events."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from graph import ids, schema
from graph.model import (
    ArticleGraph,
    ArticleNode,
    ClaimNode,
    EventNode,
    Membership,
    OfficialNode,
    OrganizationNode,
    PlaceNode,
    StatedEdge,
    UnnamedSourceNode,
)
from graph.store import GraphStore

TASS = (
    "MOSCOW, February 1. /TASS/. Many examples of video footage from the January 31 unlawful rallies have "
    "shown the aggression of protesters, Kremlin Spokesman Dmitry Peskov told reporters. "
    '"Generally speaking, the reporters worked absolutely normally," he said. '
    "The police estimated the number of protesters at 2,000."
)
VOA = (
    "Kremlin spokesman Dmitry Peskov said many examples of video footage from the January 31 unlawful "
    "rallies have shown the aggression of protesters. Foreign Ministry spokeswoman Maria Zakharova said "
    "the West's reaction was hysterical."
)
STATE = (
    "Secretary Blinken told Foreign Minister Lavrov in Reykjavik that the United States seeks a stable "
    "and predictable relationship."
)

RALLIES = EventNode(
    id=ids.event_id(type="protest", date="2021-01-31", place="Russia", name="rallies", scope=""),
    name="the January 31 unlawful rallies",
    type="protest",
    date="2021-01-31",
    place="Russia",
    place_id=ids.place_id("Russia"),
    mentions=("the January 31 unlawful rallies", "the rallies"),
)
MEETING = EventNode(
    id=ids.event_id(type="meeting", date="2021-05-19", place="Reykjavik", name="meeting", scope=""),
    name="Blinken-Lavrov meeting in Reykjavik",
    type="meeting",
    date="2021-05-19",
    place="Reykjavik",
    place_id=ids.place_id("Reykjavik"),
    mentions=("the meeting",),
)

PESKOV = OfficialNode(
    id=ids.official_id("Dmitry Peskov"),
    name="Dmitry Peskov",
    role="Kremlin Spokesman",
    organization="Kremlin",
    aliases=("Peskov", "the spokesman"),
)
ZAKHAROVA = OfficialNode(
    id=ids.official_id("Maria Zakharova"),
    name="Maria Zakharova",
    role="Foreign Ministry spokeswoman",
    organization="Foreign Ministry",
    aliases=("Zakharova",),
)
BLINKEN = OfficialNode(
    id=ids.official_id("Antony Blinken"),
    name="Antony Blinken",
    role="Secretary of State",
    organization="State Department",
    aliases=("Blinken", "Secretary Blinken"),
)
KREMLIN = OrganizationNode(id=ids.organization_id("Kremlin"), name="Kremlin")
MINISTRY = OrganizationNode(id=ids.organization_id("Foreign Ministry"), name="Foreign Ministry")
STATE_DEPT = OrganizationNode(id=ids.organization_id("State Department"), name="State Department")
POLICE = OrganizationNode(id=ids.organization_id("police"), name="police", aliases=("The police",))

FOOTAGE = (
    "Many examples of video footage from the January 31 unlawful rallies "
    "have shown the aggression of protesters"
)


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.lower().index(part.lower())
    return start, start + len(part)


def _stated(
    text: str,
    speaker: str,
    label: str,
    claim: ClaimNode,
    article_id: str,
    mention: str,
    cue: str,
    content: str,
) -> StatedEdge:
    s_start, s_end = _span(text, mention)
    c_start, c_end = _span(text, cue)
    t_start, t_end = _span(text, content)
    return StatedEdge(
        speaker_id=speaker,
        speaker_label=label,
        claim_id=claim.id,
        article_id=article_id,
        cue=cue,
        kind=claim.kind,
        date=claim.date,
        speaker_text=mention,
        speaker_start=s_start,
        speaker_end=s_end,
        cue_start=c_start,
        cue_end=c_end,
        content_start=t_start,
        content_end=t_end,
        confidence=0.9,
        extractor_version="test",
    )


def _claim(speaker: str, text: str, kind: str, date: str, event: EventNode | None) -> ClaimNode:
    event_id = event.id if event else None
    return ClaimNode(
        id=ids.claim_id(speaker_id=speaker, content=text, event_id=event_id),
        text=text,
        kind=kind,
        date=date,
        event_id=event_id,
    )


def tass_article(*, with_police: bool = True, text: str = TASS) -> ArticleGraph:
    article_id = ids.article_id(url="https://tass.example/1", text=text)
    footage = _claim(PESKOV.id, FOOTAGE, "indirect", "2021-02-01", RALLIES)
    reporters = _claim(
        PESKOV.id,
        "Generally speaking, the reporters worked absolutely normally,",
        "direct",
        "2021-02-01",
        RALLIES,
    )
    police = _claim(POLICE.id, "the number of protesters at 2,000", "indirect", "2021-02-01", RALLIES)
    claims = [footage, reporters] + ([police] if with_police else [])
    stated = [
        _stated(
            text,
            PESKOV.id,
            schema.OFFICIAL,
            footage,
            article_id,
            "Kremlin Spokesman Dmitry Peskov",
            "told",
            FOOTAGE,
        ),
        _stated(text, PESKOV.id, schema.OFFICIAL, reporters, article_id, "he", "said", reporters.text),
    ]
    if with_police:
        stated.append(
            _stated(
                text,
                POLICE.id,
                schema.ORGANIZATION,
                police,
                article_id,
                "The police",
                "estimated",
                police.text,
            )
        )
    return ArticleGraph(
        article=ArticleNode(
            id=article_id,
            location="tass.txt",
            fingerprint=ids.digest(text),
            title="Kremlin urges",
            url="https://tass.example/1",
            source="TASS",
            published="2021-02-01",
            place="Moscow",
            text=text,
        ),
        officials=(PESKOV,),
        organizations=(KREMLIN, *([POLICE] if with_police else [])),
        places=(PlaceNode(id=ids.place_id("Russia"), name="Russia"),),
        events=(RALLIES,),
        claims=tuple(claims),
        stated=tuple(stated),
        memberships=(Membership(PESKOV.id, KREMLIN.id, "Kremlin Spokesman"),),
    )


def voa_article() -> ArticleGraph:
    article_id = ids.article_id(url="https://voa.example/2", text=VOA)
    footage = _claim(PESKOV.id, FOOTAGE, "indirect", "2021-02-02", RALLIES)
    hysteria = _claim(ZAKHAROVA.id, "the West's reaction was hysterical", "indirect", "2021-02-02", RALLIES)
    return ArticleGraph(
        article=ArticleNode(
            id=article_id,
            location="voa.txt",
            fingerprint=ids.digest(VOA),
            title="Kremlin downplays protests",
            url="https://voa.example/2",
            source="VOA",
            published="2021-02-02",
            text=VOA,
        ),
        officials=(PESKOV, ZAKHAROVA),
        organizations=(KREMLIN, MINISTRY),
        places=(PlaceNode(id=ids.place_id("Russia"), name="Russia"),),
        events=(RALLIES,),
        claims=(footage, hysteria),
        stated=(
            _stated(
                VOA,
                PESKOV.id,
                schema.OFFICIAL,
                footage,
                article_id,
                "Kremlin spokesman Dmitry Peskov",
                "said",
                FOOTAGE,
            ),
            _stated(
                VOA,
                ZAKHAROVA.id,
                schema.OFFICIAL,
                hysteria,
                article_id,
                "Foreign Ministry spokeswoman Maria Zakharova",
                "said",
                hysteria.text,
            ),
        ),
        memberships=(
            Membership(PESKOV.id, KREMLIN.id, "Kremlin spokesman"),
            Membership(ZAKHAROVA.id, MINISTRY.id, "spokeswoman"),
        ),
    )


def state_article() -> ArticleGraph:
    article_id = ids.article_id(url=None, text=STATE)
    seeks = _claim(
        BLINKEN.id,
        "the United States seeks a stable and predictable relationship",
        "indirect",
        "2021-05-19",
        MEETING,
    )
    return ArticleGraph(
        article=ArticleNode(
            id=article_id,
            location="state.txt",
            fingerprint=ids.digest(STATE),
            title="Blinken meets Lavrov",
            source="State Department",
            published="2021-05-19",
            place="Reykjavik",
            text=STATE,
        ),
        officials=(BLINKEN,),
        organizations=(STATE_DEPT,),
        places=(PlaceNode(id=ids.place_id("Reykjavik"), name="Reykjavik"),),
        events=(MEETING,),
        claims=(seeks,),
        stated=(
            _stated(
                STATE, BLINKEN.id, schema.OFFICIAL, seeks, article_id, "Secretary Blinken", "told", seeks.text
            ),
        ),
        memberships=(Membership(BLINKEN.id, STATE_DEPT.id, "Secretary of State"),),
    )


TEXT_WITH_UNNAMED = (
    "Kremlin Spokesman Dmitry Peskov said the rallies were unlawful. Critics said the footage was "
    "selective. Officials said the police acted lawfully."
)


def with_unnamed_sources(
    url: str = "https://example.test/rallies", *, text: str = TEXT_WITH_UNNAMED, with_critics: bool = True
) -> ArticleGraph:
    """An article with a named speaker, and unnamed critics and officials, all about the rallies."""
    article_id = ids.article_id(url=url, text=text)
    critics = UnnamedSourceNode(
        id=ids.unnamed_source_id(article_id=article_id, name="Critics", kind="group"),
        name="Critics",
        kind="group",
        article_id=article_id,
    )
    officials = UnnamedSourceNode(
        id=ids.unnamed_source_id(article_id=article_id, name="Officials", kind="official"),
        name="Officials",
        kind="official",
        article_id=article_id,
    )
    unlawful = _claim(PESKOV.id, "the rallies were unlawful", "indirect", "2021-02-01", RALLIES)
    selective = _claim(critics.id, "the footage was selective", "indirect", "2021-02-01", RALLIES)
    lawful = _claim(officials.id, "the police acted lawfully", "indirect", "2021-02-01", None)
    stated = [
        _stated(
            text, PESKOV.id, schema.OFFICIAL, unlawful, article_id, "Dmitry Peskov", "said", unlawful.text
        ),
        _stated(
            text, officials.id, schema.UNNAMED_SOURCE, lawful, article_id, "Officials", "said", lawful.text
        ),
    ]
    if with_critics:
        stated.append(
            _stated(
                text,
                critics.id,
                schema.UNNAMED_SOURCE,
                selective,
                article_id,
                "Critics",
                "said",
                selective.text,
            )
        )
    return ArticleGraph(
        article=ArticleNode(
            id=article_id,
            location=url,
            fingerprint=ids.digest(text, str(with_critics)),
            url=url,
            source="Example",
            published="2021-02-01",
            text=text,
            extracted=len(stated),
        ),
        officials=(PESKOV,),
        unnamed_sources=(officials, *([critics] if with_critics else [])),
        places=(PlaceNode(id=ids.place_id("Russia"), name="Russia"),),
        events=(RALLIES,),
        claims=(unlawful, lawful, *([selective] if with_critics else [])),
        stated=tuple(stated),
    )


@pytest.fixture
def articles() -> list[ArticleGraph]:
    """The three seeded articles."""
    return [tass_article(), voa_article(), state_article()]


@pytest.fixture
def make_tass() -> Callable[..., ArticleGraph]:
    """Build the TASS article, optionally an edited version of it."""
    return tass_article


@pytest.fixture
def seeded(store: GraphStore, articles: list[ArticleGraph]) -> GraphStore:
    """Each store (embedded and Neo4j) holding the three articles."""
    for article in articles:
        store.write_article(article)
    return store


@pytest.fixture
def seeded_neo4j(neo4j_store: GraphStore, articles: list[ArticleGraph]) -> GraphStore:
    """The Neo4j store holding the three articles (for Neo4j-only tests)."""
    for article in articles:
        neo4j_store.write_article(article)
    return neo4j_store
