"""Gold in the reference format: contents given as text (the corpus) or as offsets (bundled)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.errors import InputError
from ingest.evaluation.gold import GoldArticle, load_gold_json

REPO = Path(__file__).resolve().parents[3]
BUNDLED_GOLD = REPO / "tests" / "gold" / "reference" / "tass-kremlin-footage.json"
TEXT = "Peskov said the rallies were unlawful. He added that nobody was hurt."


def write_gold(root: Path, statement: dict[str, object]) -> Path:
    (root / "articles").mkdir()
    (root / "gold").mkdir()
    (root / "articles" / "a.txt").write_text(TEXT, encoding="utf-8")
    path = root / "gold" / "a.json"
    gold = {
        "article": "articles/a.txt",
        "officials": [{"name": "Dmitry Peskov", "aliases": ["Peskov"]}],
        "statements": [{"speaker": "Dmitry Peskov", "kind": "indirect", "cue": "said", **statement}],
    }
    path.write_text(json.dumps(gold), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "statement",
    [{"content": "the rallies were unlawful"}, {"content_offsets": [12, 37]}],
    ids=["content", "offsets"],
)
def test_a_content_as_text_or_as_offsets_loads_to_the_same_span(
    tmp_path: Path, statement: dict[str, object]
) -> None:
    gold = load_gold_json(write_gold(tmp_path, statement))
    assert [(g.content, g.speakers, g.kind) for g in gold.statements] == [
        (((12, 37),), ("Dmitry Peskov", "Peskov"), "indirect")
    ]
    assert TEXT[12:37] == "the rallies were unlawful"


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ({"content": "the rallies were lawful"}, "statement 1: content is not an exact substring of a.txt"),
        ({"content_offsets": [12, 70]}, "statement 1: needs content, or content_offsets"),
        ({"content_offsets": [12, 12]}, "statement 1: needs content, or content_offsets"),
        ({"content_offsets": [-1, 5]}, "statement 1: needs content, or content_offsets"),
        ({"content_offsets": [12]}, "statement 1: needs content, or content_offsets"),
        ({"content_offsets": ["12", "37"]}, "statement 1: needs content, or content_offsets"),
        ({}, "statement 1: needs content, or content_offsets"),
    ],
)
def test_a_content_outside_the_article_is_refused_naming_the_gold_file(
    tmp_path: Path, statement: dict[str, object], message: str
) -> None:
    path = write_gold(tmp_path, statement)
    with pytest.raises(InputError, match=message) as raised:
        load_gold_json(path)
    assert str(raised.value).startswith(f"{path}: ")


def _as_scored(article: GoldArticle) -> tuple[object, ...]:
    return (article.text, article.published, article.statements)


@pytest.mark.gold
def test_the_bundled_gold_is_the_corpus_gold(corpus: Path) -> None:
    shared = load_gold_json(corpus / "gold" / "tass-kremlin-footage.json")
    bundled = load_gold_json(BUNDLED_GOLD)
    assert len(bundled.statements) == 13
    assert _as_scored(bundled) == _as_scored(shared)


@pytest.mark.parametrize(("ci", "outcome"), [("", "1 skipped"), ("true", "1 error")])
def test_a_gold_test_without_its_data_fails_in_ci(tmp_path: Path, ci: str, outcome: str) -> None:
    env = {**os.environ, "CI": ci, "SAIDGRAPH_TEST_CORPUS": str(tmp_path / "absent")}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            f"{__file__}::test_the_bundled_gold_is_the_corpus_gold",
            "-p",
            "no:cacheprovider",
            "-q",
            "-n",
            "0",  # in this process: no xdist workers for one test
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.stdout.splitlines()[-1].startswith(outcome), run.stdout[-2000:]
    assert run.returncode == (1 if ci else 0)
