"""The audit trail of identity on both stores: each name joined to an official across articles, and
each official merged by the aliases file, is kept on the official with its reason."""

from __future__ import annotations

from dataclasses import replace

from graph import ids
from graph.model import OfficialNode
from graph.store import GraphStore, merged_by_aliases

from .conftest import PESKOV, tass_article, voa_article

JOINED = "Dmitri Peskov in article:1: the only known person of that surname whose first name agrees"
AGAIN = "D. Peskov in article:2: the only known person of that surname whose first name agrees"


def test_joins_are_kept_and_unioned_across_articles(store: GraphStore) -> None:
    tass, voa = tass_article(), voa_article()
    store.write_article(replace(tass, officials=(replace(PESKOV, joins=(JOINED,)),)))
    store.write_article(
        replace(
            voa,
            officials=tuple(
                replace(o, joins=(AGAIN, JOINED)) if o.id == PESKOV.id else o for o in voa.officials
            ),
        )
    )
    profile = store.official_profile(PESKOV.id)
    assert profile is not None
    assert sorted(profile.joins) == sorted([JOINED, AGAIN])


def test_a_merge_by_the_aliases_file_is_recorded_with_what_the_merged_one_held(store: GraphStore) -> None:
    dmitri = OfficialNode(id=ids.official_id("Dmitri Peskov"), name="Dmitri Peskov", joins=(AGAIN,))
    tass = tass_article()
    store.write_article(
        replace(
            tass,
            officials=(dmitri,),
            stated=tuple(replace(s, speaker_id=dmitri.id) for s in tass.stated if s.speaker_id == PESKOV.id)
            + tuple(s for s in tass.stated if s.speaker_id != PESKOV.id),
            memberships=(),
        )
    )
    assert store.merge_officials(PESKOV, [dmitri.id]) == 1
    profile = store.official_profile(PESKOV.id)
    assert profile is not None
    assert sorted(profile.joins) == sorted([AGAIN, merged_by_aliases("Dmitri Peskov")])
    assert merged_by_aliases("Dmitri Peskov") == "Dmitri Peskov: merged by the aliases file"
