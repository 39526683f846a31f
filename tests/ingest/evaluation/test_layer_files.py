"""The bundled layers (tests/gold/polnear-dev, polnear-train): complete, loadable, and no copied text."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from ingest.evaluation.layer import LayerArticle, load_layer

REPO = Path(__file__).resolve().parents[3]
POLNEAR = REPO.parent / "shared" / "corpus" / "polnear"
LAYERS = {"polnear-dev": "dev", "polnear-train": "train"}
_LINKS = frozenset({"of", "for", "the", "and", "on", "in", "to", "a", "an", "at", "by"})
_WORDS = re.compile(r"[0-9a-z]+")


def _layer(folder: str) -> list[LayerArticle]:
    split = POLNEAR / LAYERS[folder]
    if not split.is_dir():
        reason = f"{split} is not beside the project"
        if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
            pytest.fail(f"{reason}: the layer cannot be checked in CI", pytrace=False)
        pytest.skip(reason)
    return list(load_layer(REPO / "tests" / "gold" / folder, split))


@pytest.mark.parametrize("folder", sorted(LAYERS))
def test_every_source_of_every_labelled_article_is_labelled(folder: str) -> None:
    articles = _layer(folder)
    assert articles
    for article in articles:
        with_source = {g.ref for g in article.gold.statements if g.source_spans}
        assert with_source <= set(article.attributions), article.gold.name


@pytest.mark.parametrize("folder", sorted(LAYERS))
def test_the_layer_copies_no_text_of_its_articles(folder: str) -> None:
    """PolNeAR may not be redistributed: our files hold offsets, ids and our own words only."""
    for article in _layer(folder):
        words = _WORDS.findall(article.gold.text.casefold())
        runs = {" ".join(words[i : i + 6]) for i in range(len(words) - 5)}
        data = json.loads((REPO / "tests" / "gold" / folder / f"{article.gold.name}.json").read_text())
        for event in data.get("events", []):
            # six words in a row of the article, unless all are names and their small words ("Wells
            # Fargo CEO John Stumpf", "Justice for Victims of Trafficking Act of 2015")
            name = re.findall(r"[0-9A-Za-z]+", event["name"])
            copied = [
                " ".join(name[i : i + 6])
                for i in range(len(name) - 5)
                if " ".join(name[i : i + 6]).casefold() in runs
                and any(w.islower() and w not in _LINKS for w in name[i : i + 6])
            ]
            assert not copied, (article.gold.name, event["name"])
        for item in data["attributions"]:
            assert set(item) <= {"id", "source", "mention", "entity", "unresolved", "issuer", "event"}


def test_the_dev_layer_has_the_promised_size() -> None:
    articles = _layer("polnear-dev")
    assert len(articles) >= 40
    assert sum(a.events is not None for a in articles) >= 30
