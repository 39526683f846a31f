"""The periodic worker as an operator runs it: a real process, a folder that grows, SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from graph.embedded_store import EmbeddedStore
from graph.errors import ConfigError
from graph.store import GraphStore
from ingest.extract.extractor import Extractor
from ingest.failures import FailureLog, read_failures
from ingest.jobs import parse_every, watch
from ingest.pipeline import IngestSummary, describe
from ingest.sources.http import Fetcher, FetchPolicy
from ingest.sources.registry import FeedStates

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30), ("15m", 900), ("2h", 7200), ("1.5", 1.5), ("5 min", 300)]
)
def test_intervals(text: str, seconds: float) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "-5m", "0s"])
def test_bad_intervals_are_clear_errors(text: str) -> None:
    with pytest.raises(ConfigError, match="--every"):
        parse_every(text)


def read_until(process: subprocess.Popen[str], needle: str, timeout: float) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    os.set_blocking(process.stdout.fileno(), False)
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line:
            lines.append(line)
            if needle in line:
                return lines
        else:
            time.sleep(0.1)
    raise AssertionError(f"{needle!r} not seen in {lines}")


def data_env(tmp_path: Path) -> dict[str, str]:
    """The environment without stray SAIDGRAPH_* settings, the data directory under ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAIDGRAPH_")}
    env["SAIDGRAPH_DATA_DIR"] = str(tmp_path / "data")
    return env


def start_watch(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    """``saidgraph watch ARGS`` as a process, its output (stdout and stderr) readable line by line."""
    return subprocess.Popen(
        [sys.executable, "-m", "ingest.cli", "watch", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )


@pytest.mark.slow
def test_worker_picks_up_new_articles_and_stops_on_sigterm(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "tass.txt").write_text((EXAMPLES / "tass-kremlin-footage.txt").read_text(encoding="utf-8"))
    env = data_env(tmp_path)
    worker = start_watch(env, str(folder), "--every", "1s")
    try:
        read_until(worker, "tick 1: read 1 item: 1 new", timeout=120)
        read_until(worker, "1 unchanged", timeout=30)
        (folder / "pompeo.txt").write_text(
            (EXAMPLES / "pd-07-shareamerica-pompeo-frank-discussions-russia.txt").read_text(encoding="utf-8")
        )
        read_until(worker, "read 2 items: 1 new, 0 updated, 1 unchanged", timeout=60)
        started = time.monotonic()
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=15) == 0
        assert time.monotonic() - started < 10
        assert worker.stdout is not None
        os.set_blocking(worker.stdout.fileno(), True)
        assert "stopped after" in worker.stdout.read()
    finally:
        if worker.poll() is None:
            worker.kill()
    stats = subprocess.run(
        [sys.executable, "-m", "ingest.cli", "stats", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert '"Article": 2' in stats.stdout


PAGE = (
    "<html><body><article><h1>{title}</h1><p>MOSCOW, February {day}. Kremlin Spokesman Dmitry Peskov told "
    "reporters that the talks had been {mood} and that Moscow would keep working with its partners.</p>"
    "</article></body></html>"
)


@pytest.mark.slow
def test_worker_picks_up_a_new_feed_item_on_its_next_tick(tmp_path: Path, httpserver: Any) -> None:
    items = ["a"]

    def feed(_request: Any) -> Any:
        from werkzeug import Response

        entries = "".join(
            f"<item><title>{i}</title><link>{httpserver.url_for('/' + i)}</link><guid>{i}</guid></item>"
            for i in items
        )
        return Response(
            f"<rss version='2.0'><channel><title>Wire</title>{entries}</channel></rss>",
            content_type="application/rss+xml",
        )

    httpserver.expect_request("/feed").respond_with_handler(feed)
    httpserver.expect_request("/a").respond_with_data(
        PAGE.format(title="Talks", day=1, mood="useful"), content_type="text/html"
    )
    httpserver.expect_request("/b").respond_with_data(
        PAGE.format(title="More talks", day=2, mood="difficult"), content_type="text/html"
    )
    worker = start_watch(data_env(tmp_path), httpserver.url_for("/feed"), "--every", "1s", "--allow-private")
    try:
        read_until(worker, "tick 1: read 1 item: 1 new", timeout=120)
        read_until(worker, "read 0 items", timeout=30)  # nothing new: the seen item is skipped
        items.append("b")
        read_until(worker, "read 1 item: 1 new", timeout=60)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=15) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
    state = (tmp_path / "data" / "feeds.json").read_text(encoding="utf-8")
    assert '"a"' in state and '"b"' in state


@pytest.mark.slow
def test_a_tick_that_fails_is_reported_and_the_next_tick_runs(
    nlp: Language, tmp_path: Path, bounded: Callable[..., Any]
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "tass.txt").write_text((EXAMPLES / "tass-kremlin-footage.txt").read_text(encoding="utf-8"))
    (inbox / "empty.txt").write_bytes(b"")  # fails on every tick
    failures = FailureLog(tmp_path / "failures.jsonl")
    feeds_path = tmp_path / "feeds.json"
    feeds_path.mkdir()  # the worker's state file cannot be saved: every tick ends in IsADirectoryError
    stop = threading.Event()
    errors: list[tuple[int, str]] = []
    ticks: list[tuple[int, int, int, int, int]] = []

    def on_error(tick: int, exc: Exception) -> None:
        errors.append((tick, describe(exc)))
        if len(errors) == 2:
            feeds_path.rmdir()  # the operator fixes it; the worker was never restarted

    def on_tick(tick: int, summary: IngestSummary) -> None:
        ticks.append((tick, summary.read, summary.new, summary.unchanged, summary.failed))
        stop.set()

    @contextmanager
    def open_store() -> Iterator[GraphStore]:
        with EmbeddedStore.open(tmp_path / "graph.json") as store:
            yield store

    def work() -> int:
        return watch(
            [str(inbox)], every=0.2, open_store=open_store, extractor=Extractor(nlp),
            failures=failures, fetcher=Fetcher(FetchPolicy()),
            feeds=FeedStates(feeds_path), stop=stop, on_tick=on_tick, on_error=on_error,
        )  # fmt: skip

    assert bounded(work, seconds=120) == 3
    refused = (
        f"IsADirectoryError: [Errno 21] Is a directory: '{feeds_path.with_suffix('.tmp')}' -> '{feeds_path}'"
    )
    assert errors == [(1, refused), (2, refused)]
    assert ticks == [(3, 2, 0, 1, 1)]  # the article written on tick 1 is kept
    assert len(read_failures(failures.path)) == 3  # empty.txt, tried on every tick
    assert [f.source for f in failures.recorded] == [str(inbox / "empty.txt")]  # the worker keeps its tick's


@pytest.mark.slow
def test_a_source_whose_reader_breaks_does_not_stop_the_worker(tmp_path: Path) -> None:
    """The probe of issue 14: invalid UTF-8 on a .jsonl line killed ``watch`` on its first tick."""
    export = tmp_path / "export.jsonl"
    export.write_bytes(b'{"text": "caf\xe9 \xff"}\n')
    worker = start_watch(data_env(tmp_path), str(export), "--every", "0.5s")
    try:
        summary = "read 1 item: 0 new, 0 updated, 0 unchanged, 0 skipped (not English), 1 failed;"
        read_until(worker, f"tick 1: {summary}", timeout=120)
        read_until(worker, f"tick 2: {summary}", timeout=30)  # alive, and the item is tried again
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=15) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
    report = (tmp_path / "data" / "failures.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(report) >= 2 and all(str(export) in line for line in report)
