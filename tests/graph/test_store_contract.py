"""The contract both stores honour: every test here runs on the embedded store and on Neo4j."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from graph import ids, schema
from graph.errors import SchemaError
from graph.model import ArticleGraph, ArticleNode, OfficialNode, StatedEdge
from graph.store import GraphStore

from .conftest import BLINKEN, MEETING, PESKOV, POLICE, RALLIES, ZAKHAROVA


def test_counts_name_every_label_and_type_even_when_empty(store: GraphStore) -> None:
    counts = store.counts()
    assert set(counts.nodes) == set(schema.LABELS)
    assert set(counts.relationships) == set(schema.RELATIONSHIP_TYPES)
    assert sum(counts.nodes.values()) == 0


def test_seeded_counts(seeded: GraphStore) -> None:
    counts = seeded.counts()
    assert counts.nodes == {
        "Article": 3,
        "Official": 3,
        "Organization": 4,
        "UnnamedSource": 0,
        "Claim": 5,
        "Event": 2,
        "Place": 2,
    }
    assert counts.relationships == {
        "STATED": 6,
        "CONCERNS": 5,
        "REPORTED_IN": 6,
        "MEMBER_OF": 3,
        "LOCATED_IN": 2,
    }


def test_writing_the_same_articles_again_changes_nothing(
    seeded: GraphStore, articles: list[ArticleGraph]
) -> None:
    before = seeded.counts()
    profile = seeded.official_profile(PESKOV.id)
    for article in articles:
        seeded.write_article(article)
    assert seeded.counts() == before
    assert seeded.official_profile(PESKOV.id) == profile


def test_same_claim_from_two_outlets_is_one_claim_reported_twice(seeded: GraphStore) -> None:
    rows = seeded.search_claims("aggression of protesters")
    assert len({r.claim_id for r in rows}) == 1
    assert sorted(r.article_source or "" for r in rows) == ["TASS", "VOA"]


def test_an_edited_article_replaces_its_claims_without_orphans(
    seeded: GraphStore, make_tass: Callable[..., ArticleGraph]
) -> None:
    seeded.write_article(make_tass(with_police=False))
    counts = seeded.counts()
    assert counts.nodes["Claim"] == 4
    assert counts.nodes["Organization"] == 3
    assert seeded.find_officials("police") == []
    assert seeded.official_profile(POLICE.id) is None
    event = seeded.event_profile(RALLIES.id)
    assert event is not None
    assert {s.name for s in event.speakers} == {"Dmitry Peskov", "Maria Zakharova"}


def test_deleting_an_article_removes_what_only_it_reported(
    seeded: GraphStore, articles: list[ArticleGraph]
) -> None:
    state = articles[2]
    assert seeded.delete_article(state.article.id) is True
    assert seeded.delete_article(state.article.id) is False
    assert seeded.official_profile(BLINKEN.id) is None
    assert seeded.event_profile(MEETING.id) is None
    counts = seeded.counts()
    assert counts.nodes["Place"] == 1
    assert counts.nodes["Article"] == 2
    assert seeded.article_text(state.article.id) is None


def test_who_said_what_about_an_event_in_date_order(seeded: GraphStore) -> None:
    rows = seeded.statements_about_event(RALLIES.id)
    assert [(r.speaker_name, r.date) for r in rows] == [
        ("Dmitry Peskov", "2021-02-01"),
        ("Dmitry Peskov", "2021-02-01"),
        ("police", "2021-02-01"),
        ("Dmitry Peskov", "2021-02-02"),
        ("Maria Zakharova", "2021-02-02"),
    ]
    first = rows[0]
    assert first.role == "Kremlin Spokesman"
    assert first.event_name == "the January 31 unlawful rallies"
    assert first.article_source == "TASS"
    assert first.speaker_label == "Official"
    assert rows[2].speaker_label == "Organization"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2021-02-02", None, 2),
        (None, "2021-02-01", 3),
        ("2021-02-01", "2021-02-01", 3),
        ("2022-01-01", None, 0),
    ],
)
def test_date_range_filters(seeded: GraphStore, start: str | None, end: str | None, expected: int) -> None:
    assert len(seeded.statements_about_event(RALLIES.id, start=start, end=end)) == expected


def test_limit_caps_the_rows(seeded: GraphStore) -> None:
    assert len(seeded.statements_about_event(RALLIES.id, limit=2)) == 2


def test_everything_an_official_said_optionally_about_an_event(seeded: GraphStore) -> None:
    rows = seeded.statements_by_official(PESKOV.id)
    assert len(rows) == 3
    assert {r.cue for r in rows} == {"told", "said"}
    assert len(seeded.statements_by_official(PESKOV.id, event_id=RALLIES.id)) == 3
    assert seeded.statements_by_official(PESKOV.id, event_id=MEETING.id) == []
    assert len(seeded.statements_by_official(PESKOV.id, start="2021-02-02")) == 1
    assert [r.speaker_name for r in seeded.statements_by_official(POLICE.id)] == ["police"]


def test_provenance_offsets_point_into_the_stored_text(
    seeded: GraphStore, articles: list[ArticleGraph]
) -> None:
    tass = articles[0].article
    text = seeded.article_text(tass.id)
    assert text == tass.text
    rows = seeded.statements_in_article(tass.id)
    assert [r.content_start for r in rows] == sorted(r.content_start for r in rows)
    for row in rows:
        assert text[row.content_start : row.content_end] == row.text
        assert text[row.speaker_start : row.speaker_end] == row.speaker_text
        assert text[row.cue_start : row.cue_end] == row.cue
    assert {r.speaker_text for r in rows} == {"Kremlin Spokesman Dmitry Peskov", "he", "The police"}


def test_fingerprints(seeded: GraphStore, articles: list[ArticleGraph]) -> None:
    assert seeded.article_fingerprint(articles[0].article.id) == articles[0].article.fingerprint
    assert seeded.article_fingerprint("article:unknown") is None


@pytest.mark.parametrize(
    ("query", "speakers"),
    [
        ("reporters normally", {"Dmitry Peskov"}),
        ("HYSTERICAL", {"Maria Zakharova"}),
        ("stable predictable relationship", {"Antony Blinken"}),
        ("protesters", {"Dmitry Peskov", "police"}),
        ("hysterical normally", set()),
    ],
)
def test_text_search_requires_every_word(seeded: GraphStore, query: str, speakers: set[str]) -> None:
    assert {r.speaker_name for r in seeded.search_claims(query)} == speakers


@pytest.mark.parametrize(
    "hostile",
    [
        "'",
        '"',
        "\\",
        "}",
        "{",
        "' OR 1=1 //",
        '") DETACH DELETE n //',
        "MATCH (n) DETACH DELETE n",
        "AND OR NOT",
        "*",
        "?",
        "~",
        ":",
        "title:x",
        "[a TO z]",
        "(",
        "!!",
        "&&",
        "||",
        "/",
        "^2",
        "",
        "   ",
        'protesters"; MATCH (n) DETACH DELETE n; //',
    ],
)
def test_hostile_search_text_is_harmless(seeded: GraphStore, hostile: str) -> None:
    before = seeded.counts()
    seeded.search_claims(hostile)
    seeded.find_events(hostile)
    seeded.find_officials(hostile)
    seeded.statements_about_event(hostile)
    seeded.statements_by_official(hostile, event_id=hostile, start=hostile, end=hostile)
    assert seeded.official_profile(hostile) is None
    assert seeded.event_profile(hostile) is None
    assert seeded.counts() == before


def test_find_events_by_name_or_mention_most_discussed_first(seeded: GraphStore) -> None:
    found = seeded.find_events("RALLIES")
    assert [e.id for e in found] == [RALLIES.id]
    assert found[0].statement_count == 5
    assert [e.id for e in seeded.find_events("the meeting")] == [MEETING.id]
    assert [e.id for e in seeded.find_events("")] == [RALLIES.id, MEETING.id]


def event_counts(store: GraphStore) -> dict[str, int]:
    return {e.id: e.statement_count for e in store.find_events("")}


def test_event_counts_follow_edits_deletions_and_merges(
    seeded: GraphStore, articles: list[ArticleGraph], make_tass: Callable[..., ArticleGraph]
) -> None:
    """The look-ups rank events by statement count, which the Neo4j store keeps on each event."""

    def counted_by_rows() -> dict[str, int]:
        return {e: len(seeded.statements_about_event(e, limit=1000)) for e in event_counts(seeded)}

    assert event_counts(seeded) == counted_by_rows() == {RALLIES.id: 5, MEETING.id: 1}
    seeded.write_article(make_tass(with_police=False))  # an edit drops a statement
    assert event_counts(seeded) == counted_by_rows() == {RALLIES.id: 4, MEETING.id: 1}
    seeded.merge_officials(
        OfficialNode(id=PESKOV.id, name=PESKOV.name), [ZAKHAROVA.id]
    )  # merging may turn two statements into one: the count follows
    assert event_counts(seeded) == counted_by_rows()
    seeded.delete_article(articles[2].article.id)
    assert event_counts(seeded) == counted_by_rows() == {RALLIES.id: event_counts(seeded)[RALLIES.id]}


def speaker_summaries(store: GraphStore) -> dict[str, tuple[object, ...]]:
    """Each speaker's count (as the directory lists it) and profile figures."""
    summaries: dict[str, tuple[object, ...]] = {}
    for speaker in store.find_officials(""):
        profile = store.official_profile(speaker.id)
        assert profile is not None
        events = {e.id: e.statement_count for e in profile.events}
        summary = (profile.first_date, profile.last_date, events, profile.event_count)
        summaries[speaker.id] = (speaker.statement_count, profile.statement_count, *summary)
    return summaries


def summarised_by_rows(store: GraphStore) -> dict[str, tuple[object, ...]]:
    """The same figures, worked out from each speaker's statement rows."""
    summaries: dict[str, tuple[object, ...]] = {}
    for speaker in store.find_officials(""):
        rows = store.statements_by_official(speaker.id, limit=1000)
        dates = [r.date for r in rows if r.date is not None]
        events: dict[str, int] = {}
        for row in rows:
            if row.event_id is not None:
                events[row.event_id] = events.get(row.event_id, 0) + 1
        first, last = (min(dates), max(dates)) if dates else (None, None)
        summaries[speaker.id] = (len(rows), len(rows), first, last, events, len(events))
    return summaries


def test_speaker_summaries_follow_edits_deletions_and_merges(
    seeded: GraphStore, articles: list[ArticleGraph], make_tass: Callable[..., ArticleGraph]
) -> None:
    """Directories and profiles read each speaker's count and first and last date, which the Neo4j
    store keeps on each speaker."""
    assert speaker_summaries(seeded) == summarised_by_rows(seeded)
    assert speaker_summaries(seeded)[PESKOV.id][:4] == (3, 3, "2021-02-01", "2021-02-02")
    tass = make_tass()
    redated = replace(tass, stated=tuple(replace(s, date="2021-01-30") for s in tass.stated))
    seeded.write_article(redated)  # the same article again, its statements dated earlier
    assert speaker_summaries(seeded) == summarised_by_rows(seeded)
    assert speaker_summaries(seeded)[PESKOV.id][:4] == (3, 3, "2021-01-30", "2021-02-02")
    seeded.write_article(make_tass(with_police=False))  # an edit drops the police's statement
    assert POLICE.id not in speaker_summaries(seeded)
    assert speaker_summaries(seeded) == summarised_by_rows(seeded)
    seeded.merge_officials(OfficialNode(id=PESKOV.id, name=PESKOV.name), [ZAKHAROVA.id])
    assert ZAKHAROVA.id not in speaker_summaries(seeded)
    assert speaker_summaries(seeded) == summarised_by_rows(seeded)
    seeded.delete_article(articles[2].article.id)
    assert speaker_summaries(seeded) == summarised_by_rows(seeded)


def test_a_profile_lists_the_events_spoken_about_most(seeded: GraphStore) -> None:
    full = seeded.official_profile(PESKOV.id)
    capped = seeded.official_profile(PESKOV.id, events=0)
    assert full is not None and capped is not None
    assert (full.event_count, capped.event_count) == (1, 1)
    assert len(full.events) == 1 and capped.events == ()


def test_find_officials_by_name_alias_or_role(seeded: GraphStore) -> None:
    assert [o.id for o in seeded.find_officials("peskov")] == [PESKOV.id]
    assert [o.id for o in seeded.find_officials("spokeswoman")] == [ZAKHAROVA.id]
    found = seeded.find_officials("spokes")
    assert [o.name for o in found] == ["Dmitry Peskov", "Maria Zakharova"]
    assert found[0].statement_count == 3
    assert found[0].label == "Official"


@pytest.mark.parametrize("surname", ["Peskov", "peskov", "PESKOV"])
def test_officials_by_surname_is_the_last_word_of_the_name_in_any_case(
    seeded: GraphStore, surname: str
) -> None:
    assert seeded.officials_by_surname(surname) == [PESKOV]


@pytest.mark.parametrize("word", ["Dmitry", "spokesman", "Kremlin", "Pesk", "police", ""])
def test_officials_by_surname_matches_no_first_name_role_organization_or_part(
    seeded: GraphStore, word: str
) -> None:
    assert seeded.officials_by_surname(word) == []


def test_officials_by_surname_follows_merges_and_deletions(
    seeded: GraphStore, articles: list[ArticleGraph]
) -> None:
    seeded.merge_officials(
        OfficialNode(id=ids.official_id("M. Zakharova"), name="M. Zakharova"), [ZAKHAROVA.id]
    )
    assert seeded.officials_by_surname("Zakharova") == [
        OfficialNode(
            id=ids.official_id("M. Zakharova"), name="M. Zakharova", aliases=("Maria Zakharova", "Zakharova")
        )
    ]
    seeded.delete_article(articles[2].article.id)
    assert seeded.officials_by_surname("Blinken") == []


def test_officials_by_surname_returns_every_one_of_two_hundred_namesakes(
    store: GraphStore, statement_article: Callable[[OfficialNode, int], ArticleGraph]
) -> None:
    smiths = [
        OfficialNode(id=ids.official_id(f"Official{n} Smith"), name=f"Official{n} Smith") for n in range(200)
    ]
    store.write_articles([statement_article(official, n) for n, official in enumerate(smiths)])
    assert len(store.find_officials("smith")) == 100  # the ranked search stops at its limit
    assert store.officials_by_surname("Smith") == sorted(smiths, key=lambda o: o.id)


def test_search_follows_new_aliases_mentions_and_merges(
    seeded: GraphStore, make_tass: Callable[..., ArticleGraph]
) -> None:
    assert seeded.find_officials("press secretary") == []
    assert seeded.find_events("navalny protests") == []
    tass = make_tass()
    seeded.write_article(
        replace(
            tass,
            officials=(replace(PESKOV, aliases=(*PESKOV.aliases, "the press secretary")),),
            events=(replace(RALLIES, mentions=(*RALLIES.mentions, "the Navalny protests")),),
        )
    )
    assert [o.id for o in seeded.find_officials("press secretary")] == [PESKOV.id]
    assert [e.id for e in seeded.find_events("navalny protests")] == [RALLIES.id]
    seeded.merge_officials(OfficialNode(id=PESKOV.id, name=PESKOV.name), [ZAKHAROVA.id])
    assert [o.id for o in seeded.find_officials("zakharova")] == [PESKOV.id]


def test_official_profile(seeded: GraphStore) -> None:
    profile = seeded.official_profile(PESKOV.id)
    assert profile is not None
    assert profile.name == "Dmitry Peskov"
    assert profile.role == "Kremlin Spokesman"
    assert set(profile.aliases) == {"Peskov", "the spokesman"}
    assert profile.statement_count == 3
    assert (profile.first_date, profile.last_date) == ("2021-02-01", "2021-02-02")
    assert [(e.id, e.statement_count) for e in profile.events] == [(RALLIES.id, 3)]
    assert [(m.organization_id, m.role) for m in profile.memberships] == [
        (ids.organization_id("Kremlin"), "Kremlin spokesman")
    ]
    assert seeded.official_profile("official:nobody") is None


def test_event_profile(seeded: GraphStore) -> None:
    profile = seeded.event_profile(RALLIES.id)
    assert profile is not None
    assert (profile.type, profile.date, profile.place) == ("protest", "2021-01-31", "Russia")
    assert profile.statement_count == 5
    assert profile.article_count == 2
    assert (profile.first_date, profile.last_date) == ("2021-02-01", "2021-02-02")
    assert [(s.name, s.statement_count) for s in profile.speakers] == [
        ("Dmitry Peskov", 3),
        ("Maria Zakharova", 1),
        ("police", 1),
    ]
    assert set(profile.mentions) == {"the January 31 unlawful rallies", "the rallies"}


def test_neighbourhood_of_an_official(seeded: GraphStore) -> None:
    one = seeded.neighbourhood(PESKOV.id)
    assert one.nodes[0].id == PESKOV.id
    assert {n.label for n in one.nodes} == {"Official", "Claim", "Organization"}
    assert len(one.nodes) == 4
    assert all(
        e.source in {n.id for n in one.nodes} and e.target in {n.id for n in one.nodes} for e in one.edges
    )
    assert {e.type for e in one.edges} == {"STATED", "MEMBER_OF"}
    two = seeded.neighbourhood(PESKOV.id, depth=2)
    assert {n.label for n in two.nodes} >= {"Official", "Claim", "Event", "Article"}
    assert all("text" not in n.properties for n in two.nodes if n.label == "Article")
    capped = seeded.neighbourhood(PESKOV.id, depth=2, limit=2)
    assert len(capped.nodes) == 3
    assert seeded.neighbourhood("nothing:here").nodes == ()


def test_a_write_that_breaks_the_schema_is_refused_and_changes_nothing(
    seeded: GraphStore, articles: list[ArticleGraph]
) -> None:
    before = seeded.counts()
    broken = articles[2]
    bad_edge = StatedEdge(**{**broken.stated[0].__dict__, "speaker_label": "Organization"})
    with pytest.raises(SchemaError):
        seeded.write_article(ArticleGraph(**{**broken.__dict__, "stated": (bad_edge,)}))
    assert seeded.counts() == before


def test_clear_empties_the_graph(seeded: GraphStore) -> None:
    seeded.clear()
    assert sum(seeded.counts().nodes.values()) == 0


def test_article_at_a_location(seeded: GraphStore, articles: list[ArticleGraph]) -> None:
    assert seeded.article_at("tass.txt") == articles[0].article.id
    assert seeded.article_at("nowhere.txt") is None


def test_a_new_version_replaces_the_article_read_from_the_same_place(
    seeded: GraphStore, articles: list[ArticleGraph], make_tass: Callable[..., ArticleGraph]
) -> None:
    old = articles[0]
    edited_text = old.article.text.replace("MOSCOW", "MOSCOW (updated)")
    edited = make_tass(with_police=False, text=edited_text)
    new_article = ArticleNode(**{**edited.article.__dict__, "id": "article:edited", "url": None})
    edited = ArticleGraph(
        **{
            **edited.__dict__,
            "article": new_article,
            "stated": tuple(
                StatedEdge(**{**s.__dict__, "article_id": "article:edited"}) for s in edited.stated
            ),
            "replaces": old.article.id,
        }
    )
    seeded.write_article(edited)
    assert seeded.article_at("tass.txt") == "article:edited"
    assert seeded.article_text(old.article.id) is None
    assert seeded.counts().nodes["Article"] == 3
    assert seeded.find_officials("police") == []


def test_one_claim_lists_every_speaker_and_outlet_that_reported_it(seeded: GraphStore) -> None:
    claim_id = seeded.search_claims("aggression of protesters")[0].claim_id
    rows = seeded.statements_for_claim(claim_id)
    assert [(r.speaker_name, r.article_source, r.date) for r in rows] == [
        ("Dmitry Peskov", "TASS", "2021-02-01"),
        ("Dmitry Peskov", "VOA", "2021-02-02"),
    ]
    assert {r.claim_id for r in rows} == {claim_id}
    assert seeded.statements_for_claim("no-such-claim") == []


def test_statement_facts_cover_every_statement_in_date_order(seeded: GraphStore) -> None:
    facts = seeded.statement_facts()
    assert len(facts) == seeded.counts().relationships["STATED"]
    assert [f.date for f in facts] == sorted(f.date or "9999" for f in facts)
    by_speaker = {(f.speaker_name, f.event_name) for f in facts}
    assert ("Maria Zakharova", "the January 31 unlawful rallies") in by_speaker
    assert ("Antony Blinken", "Blinken-Lavrov meeting in Reykjavik") in by_speaker
    assert {f.article_source for f in facts} == {"TASS", "VOA", "State Department"}
    assert len(seeded.statement_facts(limit=2)) == 2
