"""``kill -9`` of an ingest run at random points leaves each store consistent, and the next run
completes the work: the graph then equals an uninterrupted run's."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.factory import open_store
from graph.settings import load_settings
from graph.store import GraphStore

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
KILLS = 5

pytestmark = pytest.mark.slow


def env_for(kind: str, data: Path, server: dict[str, str | None] | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAIDGRAPH_")}
    env["SAIDGRAPH_DATA_DIR"] = str(data)
    if kind == "neo4j" and server is not None:
        env.update(SAIDGRAPH_STORE="neo4j", SAIDGRAPH_NEO4J_URI=str(server["uri"]))
        env["SAIDGRAPH_NEO4J_PASSWORD"] = str(server["password"] or "")
    return env


def ingest(env: dict[str, str], corpus: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "ingest.cli", "-q", "ingest", str(corpus), "--batch-size", "4"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def state(env: dict[str, str]) -> dict[str, object]:
    """Each article's claims, every claim's reports, and the counts (the store opened as a reader)."""
    settings = load_settings(env, dotenv_path=Path("/nonexistent"))
    with open_store(settings, read_only=True) as store:
        return {
            "counts": store.counts(),
            "articles": articles_of(store),
            "orphans": orphan_claims(store),
        }


def articles_of(store: GraphStore) -> dict[str, tuple[str, ...]]:
    found: dict[str, set[str]] = {}
    for fact in store.statement_facts():
        found.setdefault(fact.article_id, set()).add(f"{fact.speaker_id}>{fact.claim_id}")
    return {article: tuple(sorted(claims)) for article, claims in found.items()}


def orphan_claims(store: GraphStore) -> list[str]:
    """Claims without a statement or a reporting article (a half-written or half-deleted article)."""
    stated = {f.claim_id for f in store.statement_facts()}
    return sorted(c for c in stated if not store.statements_for_claim(c))


@pytest.mark.parametrize("kind", ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def test_kill_9_mid_ingest_leaves_a_consistent_store_and_the_rerun_finishes(
    request: pytest.FixtureRequest, kind: str, tmp_path: Path
) -> None:
    server = request.getfixturevalue("neo4j_server") if kind == "neo4j" else None
    store = request.getfixturevalue("neo4j_store") if kind == "neo4j" else None
    corpus = tmp_path / "articles"
    shutil.copytree(EXAMPLES, corpus)
    env = env_for(kind, tmp_path / "data", server)

    started = time.monotonic()
    assert ingest(env, corpus).wait(timeout=600) == 0
    full_run = time.monotonic() - started
    expected = state(env)
    assert expected["orphans"] == []
    if store is not None:
        store.clear()
    shutil.rmtree(tmp_path / "data")

    rng = random.Random(20261124)
    for _ in range(KILLS):
        run = ingest(env, corpus)
        time.sleep(rng.uniform(0.3, 1.0) * full_run)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
        now = state(env)  # the embedded file opens: it is never left corrupt
        assert now["orphans"] == []
        articles = now["articles"]
        assert isinstance(articles, dict)
        for article, claims in articles.items():  # no half article: each has all of its statements
            assert claims == expected["articles"][article], article  # type: ignore[index]
    assert ingest(env, corpus).wait(timeout=600) == 0
    assert state(env) == expected
