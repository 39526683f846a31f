from __future__ import annotations

import pytest

from graph import ids


def test_article_id_prefers_url_and_ignores_whitespace_changes_without_one() -> None:
    assert ids.article_id(url="https://x/a", text="one") == ids.article_id(url="https://x/a", text="two")
    assert ids.article_id(url=None, text="Hello  world\n") == ids.article_id(url=None, text="hello world")
    assert ids.article_id(url=None, text="one") != ids.article_id(url=None, text="two")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("We need to see each case", "we need  to see each case"),
        ("Let’s not", "Let's not"),
        ("“quoted”", '"quoted"'),
    ],
)
def test_claim_id_folds_case_space_and_quote_styles(a: str, b: str) -> None:
    make = ids.claim_id
    assert make(speaker_id="official:x", content=a, event_id=None) == make(
        speaker_id="official:x", content=b, event_id=None
    )


def test_claim_id_depends_on_speaker_and_event() -> None:
    base = ids.claim_id(speaker_id="official:a", content="x", event_id="e1")
    assert base != ids.claim_id(speaker_id="official:b", content="x", event_id="e1")
    assert base != ids.claim_id(speaker_id="official:a", content="x", event_id="e2")


def test_events_with_same_type_date_place_share_an_id_across_articles() -> None:
    one = ids.event_id(type="protest", date="2021-01-31", place="Russia", name="the rallies", scope="a1")
    two = ids.event_id(type="protest", date="2021-01-31", place="Russia", name="protests", scope="a2")
    assert one == two
    undated = ids.event_id(type="protest", date=None, place=None, name="the rallies", scope="a1")
    assert undated != ids.event_id(type="protest", date=None, place=None, name="the rallies", scope="a2")


def test_official_ids_are_readable_slugs() -> None:
    assert ids.official_id("Dmitry Peskov") == "official:dmitry-peskov"
    assert ids.organization_id("Foreign Ministry") == "org:foreign-ministry"
