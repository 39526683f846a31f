"""The identity audit lists the speaker nodes that may hold several people (issue 19), with the forms
they were seen under, their articles, and aliases-file lines that would split them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph import ids, schema
from graph.embedded_store import EmbeddedStore
from graph.model import ArticleGraph, ArticleNode, ClaimNode, OfficialNode, StatedEdge
from graph.store import GraphStore
from ingest.extract.gender import FirstNames
from ingest.identity_audit import audit_speakers

CLINTON = OfficialNode(id=ids.official_id("Bill Clinton"), name="Bill Clinton")


def article(text: str, mention: str, content: str, *, official: OfficialNode = CLINTON) -> ArticleGraph:
    """One article in which ``mention`` (as written) says ``content``, stored under ``official``: the
    graph an earlier version, or a wrong aliases line, could have written."""
    article_id = ids.article_id(url=None, text=text)
    claim = ClaimNode(
        id=ids.claim_id(speaker_id=official.id, content=content, event_id=None),
        text=content,
        kind="indirect",
    )
    start, at = text.index(mention), text.index(content)
    return ArticleGraph(
        article=ArticleNode(
            id=article_id, location=f"{ids.slug(text[:30])}.txt", fingerprint=ids.digest(text), text=text,
            title=text.split(".")[0], extracted=1,
        ),
        officials=(official,),
        claims=(claim,),
        stated=(
            StatedEdge(
                speaker_id=official.id, speaker_label=schema.OFFICIAL, claim_id=claim.id,
                article_id=article_id, cue="said", kind="indirect", date=None, speaker_text=mention,
                speaker_start=start, speaker_end=start + len(mention), cue_start=0, cue_end=0,
                content_start=at, content_end=at + len(content), confidence=0.9, extractor_version="t",
            ),
        ),
    )  # fmt: skip


@pytest.fixture(scope="module")
def names() -> FirstNames:
    return FirstNames.load()


def test_a_node_holding_two_first_names_and_both_genders_is_listed_with_its_fix(
    store: GraphStore, names: FirstNames
) -> None:
    store.write_article(
        article("Bill Clinton said the plan would work.", "Bill Clinton", "the plan would work")
    )
    store.write_article(
        article("Barbara Clinton said the bill was fair. She said so twice.", "She", "the bill was fair")
    )
    store.write_article(
        article("Barbara Clinton spoke. Barbara Clinton said taxes rose.", "Barbara Clinton", "taxes rose")
    )
    [risk] = audit_speakers(store, names)
    assert risk.id == CLINTON.id and risk.statement_count == 3
    assert risk.reasons[0] == "several first names: Bill, Barbara"
    assert risk.reasons[1] == "a gender conflict: female (Barbara Clinton, She); male (Bill Clinton)"
    assert {v.text: v.articles for v in risk.variants}["She"] == ("Barbara Clinton said the bill was fair",)
    assert risk.aliases_lines.splitlines() == ['- name: "Bill Clinton"', '- name: "Barbara Clinton"']


def test_one_person_under_several_forms_is_not_listed(store: GraphStore, names: FirstNames) -> None:
    pompeo = OfficialNode(
        id=ids.official_id("Mike Pompeo"), name="Mike Pompeo", aliases=("Michael R. Pompeo",)
    )
    store.write_article(
        article(
            "Secretary Michael R. Pompeo said talks went well.",
            "Secretary Michael R. Pompeo",
            "talks went well",
            official=pompeo,
        )
    )
    store.write_article(
        article(
            "Mike Pompeo arrived. He said the visit mattered.", "He", "the visit mattered", official=pompeo
        )
    )
    assert audit_speakers(store, names) == []


def test_a_node_named_by_surname_only_is_listed(store: GraphStore, names: FirstNames) -> None:
    store.write_article(
        article("Bill Clinton said the plan would work.", "Bill Clinton", "the plan would work")
    )
    store.write_article(article("Clinton said the campaign was ready.", "Clinton", "the campaign was ready"))
    [risk] = audit_speakers(store, names)
    assert risk.reasons == ("named by surname only in 1 article(s): Clinton said the campaign was ready",)
    assert risk.aliases_lines == '- name: "Bill Clinton"\n  aliases: ["Clinton"]'


@pytest.mark.slow
def test_the_audit_command_prints_the_evidence_and_exits_1(tmp_path: Path) -> None:
    with EmbeddedStore.open(tmp_path / "graph.json") as store:
        store.write_article(
            article("Bill Clinton said the plan would work.", "Bill Clinton", "the plan would work")
        )
        store.write_article(article("Barbara Clinton said taxes rose.", "Barbara Clinton", "taxes rose"))
    env = {"SAIDGRAPH_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "ingest.cli", "audit"]
    shown = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert shown.returncode == 1, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == "1 speaker node at risk (most quoted first):"
    assert "  seen as:" in lines
    assert "    'Barbara Clinton' in Barbara Clinton said taxes rose" in lines
    as_json = subprocess.run([*command, "--json"], capture_output=True, text=True, env=env, check=False)
    assert [r["id"] for r in json.loads(as_json.stdout)] == [CLINTON.id]
