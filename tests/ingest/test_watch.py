"""The periodic worker as an operator runs it: a real process, a folder that grows, SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from graph.errors import ConfigError
from ingest.jobs import parse_every

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


@pytest.mark.slow
def test_worker_picks_up_new_articles_and_stops_on_sigterm(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "tass.txt").write_text((EXAMPLES / "tass-kremlin-footage.txt").read_text(encoding="utf-8"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAIDGRAPH_")}
    env["SAIDGRAPH_DATA_DIR"] = str(tmp_path / "data")
    worker = subprocess.Popen(
        [sys.executable, "-m", "ingest.cli", "watch", str(folder), "--every", "1s"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        read_until(worker, "tick 1: ingested 1 articles: 1 new", timeout=120)
        read_until(worker, "1 unchanged", timeout=30)
        (folder / "pompeo.txt").write_text(
            (EXAMPLES / "pd-07-shareamerica-pompeo-frank-discussions-russia.txt").read_text(encoding="utf-8")
        )
        read_until(worker, "ingested 2 articles: 1 new, 0 updated, 1 unchanged", timeout=60)
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
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAIDGRAPH_")}
    env["SAIDGRAPH_DATA_DIR"] = str(tmp_path / "data")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ingest.cli",
            "watch",
            httpserver.url_for("/feed"),
            "--every",
            "1s",
            "--allow-private",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        read_until(worker, "tick 1: ingested 1 articles: 1 new", timeout=120)
        read_until(worker, "ingested 0 articles", timeout=30)  # nothing new: the seen item is skipped
        items.append("b")
        read_until(worker, "ingested 1 articles: 1 new", timeout=60)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=15) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
    state = (tmp_path / "data" / "feeds.json").read_text(encoding="utf-8")
    assert '"a"' in state and '"b"' in state
