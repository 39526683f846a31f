"""Dashboard readers during an ingest: every read sees a whole graph (never a torn file), counts only
grow, and the readers end on the writer's final graph."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.embedded_store import EmbeddedStore

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

pytestmark = pytest.mark.slow


def test_readers_during_an_ingest_see_whole_graphs_that_only_grow(tmp_path: Path) -> None:
    corpus = tmp_path / "articles"
    shutil.copytree(EXAMPLES, corpus)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAIDGRAPH_")}
    env["SAIDGRAPH_DATA_DIR"] = str(tmp_path / "data")
    writer = subprocess.Popen(
        [sys.executable, "-m", "ingest.cli", "-q", "ingest", str(corpus), "--batch-size", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    readers = [EmbeddedStore.open(tmp_path / "data" / "graph.json", read_only=True) for _ in range(3)]
    seen: list[int] = []
    try:
        while writer.poll() is None:
            for reader in readers:
                counts = reader.counts()
                statements = counts.relationships["STATED"]
                assert statements >= (seen[-1] if seen else 0)  # nothing a reader saw goes away
                seen.append(statements)
                for event in reader.find_events("", limit=5):  # whole graphs: every row resolves
                    for row in reader.statements_about_event(event.id):
                        assert reader.article_text(row.article_id) is not None
            time.sleep(0.05)
        assert writer.returncode == 0, writer.stderr.read() if writer.stderr else ""
        with EmbeddedStore.open(tmp_path / "data" / "graph.json", read_only=True) as fresh:
            final = fresh.counts()
        assert all(reader.counts() == final for reader in readers)
        assert len(set(seen)) > 1  # the readers really watched the graph grow
    finally:
        for reader in readers:
            reader.close()
        if writer.poll() is None:
            writer.kill()
