"""Neo4j stopped in the middle of an ingest run: retried, nothing half-written, the rerun completes it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from spacy.language import Language

from graph.errors import StoreUnavailableError
from graph.store import GraphStore
from ingest.extract.extractor import Extractor
from ingest.failures import FailureLog
from ingest.metadata import read_meta
from ingest.pipeline import IngestSummary, run_ingest
from ingest.sources.files import read_paths

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "tools" / "neo4j" / "neo4j_local.py"

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


def snapshot(store: GraphStore) -> tuple[object, list[str]]:
    claims = sorted(
        r.claim_id for e in store.find_events("", limit=1000) for r in store.statements_about_event(e.id)
    )
    return store.counts(), claims


def ingest(store: GraphStore, nlp: Language, folder: Path, tmp_path: Path, **kwargs: object) -> IngestSummary:
    return run_ingest(
        read_paths([folder]),
        store=store,
        extractor=Extractor(nlp),
        read_meta=read_meta,
        failures=FailureLog(tmp_path / "failures.jsonl"),
        batch_size=2,
        **kwargs,  # type: ignore[arg-type]
    )


def test_neo4j_outage_mid_run_ends_in_the_same_graph(
    neo4j_store: GraphStore,
    neo4j_server: dict[str, str | None],
    nlp: Language,
    tmp_path: Path,
) -> None:
    if os.environ.get("SAIDGRAPH_NEO4J_URI"):
        pytest.skip("the server is not ours to stop (SAIDGRAPH_NEO4J_URI is set)")
    folder = tmp_path / "articles"
    shutil.copytree(REPO / "examples", folder)
    ingest(neo4j_store, nlp, folder, tmp_path)
    expected = snapshot(neo4j_store)
    neo4j_store.clear()

    port = str(urlparse(str(neo4j_server["uri"])).port)
    written = threading.Event()
    outcome: dict[str, object] = {}

    def on_item(_location: str, _result: str) -> None:
        if _result in {"new", "updated"}:
            outcome["count"] = int(outcome.get("count", 0)) + 1  # type: ignore[call-overload]
            if outcome["count"] == 4:
                written.set()
            time.sleep(0.5)  # keep the run going while the server goes down

    def run() -> None:
        try:
            outcome["summary"] = ingest(
                neo4j_store, nlp, folder, tmp_path, on_item=on_item, retry_delays=(2.0, 4.0, 8.0, 15.0)
            )
        except StoreUnavailableError as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    assert written.wait(timeout=120)
    written_before_outage = int(outcome["count"])  # type: ignore[call-overload]
    stopped = subprocess.run(
        [sys.executable, str(SCRIPT), "stop"], capture_output=True, text=True, check=False
    )
    assert stopped.returncode == 0, stopped.stderr
    time.sleep(3)
    started = subprocess.run(
        [sys.executable, str(SCRIPT), "start", "--port", port, "--password", str(neo4j_server["password"])],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert started.returncode == 0, started.stderr
    worker.join(timeout=600)
    assert not worker.is_alive()
    assert written_before_outage < 22, "the outage must fall in the middle of the run"

    rerun = ingest(neo4j_store, nlp, folder, tmp_path)
    assert rerun.failed == 0
    assert snapshot(neo4j_store) == expected
    assert ingest(neo4j_store, nlp, folder, tmp_path).unchanged == 22
