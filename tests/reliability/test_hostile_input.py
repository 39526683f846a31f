"""Hostile input through the CLI: each bad item is one line in the failures report, the rest of the
batch is ingested, and time and memory stay bounded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from graph.embedded_store import EmbeddedStore

REFERENCE = Path(__file__).resolve().parents[2] / "examples" / "tass-kremlin-footage.txt"

pytestmark = pytest.mark.slow


def run_cli(
    tmp_path: Path, *args: str, timeout: float = 600
) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAIDGRAPH_")}
    env["SAIDGRAPH_DATA_DIR"] = str(tmp_path / "data")
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "ingest.cli", *args],
        capture_output=True, text=True, env=env, timeout=timeout, check=False,
    )  # fmt: skip
    return result, time.monotonic() - started


_LAUNCHER = """
import os, sys
peak_file, command = sys.argv[1], sys.argv[2:]
pid = os.fork()
if pid == 0:
    os.execv(command[0], command)
_, status, usage = os.wait4(pid, 0)
with open(peak_file, "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""
"""Runs a command as the child of a fresh, small interpreter and writes its peak resident set (kB).

Linux carries the peak of the address space a process had before ``execve`` into its own figure, and a
child forked (or vforked) from this test process starts from pytest's whole footprint (spaCy and all,
1.5 GB): measured from here, every command would look as large as the test run. A small launcher in
between makes the figure the command's own."""


def run_cli_measured(
    tmp_path: Path, *args: str, timeout: float = 600
) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """:func:`run_cli`, also giving the peak resident memory (MB) of that process alone."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAIDGRAPH_")}
    env["SAIDGRAPH_DATA_DIR"] = str(tmp_path / "data")
    peak_file = tmp_path / "peak-kb.txt"
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, str(peak_file), sys.executable, "-m", "ingest.cli", *args],
        capture_output=True, text=True, env=env, timeout=timeout, check=False,
    )  # fmt: skip
    seconds = time.monotonic() - started
    return result, seconds, int(peak_file.read_text()) / 1024


def failures(tmp_path: Path) -> list[dict[str, Any]]:
    path = tmp_path / "data" / "failures.jsonl"
    return (
        [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []
    )


def stats(tmp_path: Path) -> dict[str, Any]:
    result, _ = run_cli(tmp_path, "stats", "--json")
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_broken_encodings_and_shapes_fail_one_line_each_and_the_rest_is_ingested(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good = REFERENCE.read_text(encoding="utf-8")
    (corpus / "good.txt").write_text(good, encoding="utf-8")
    (corpus / "utf16.txt").write_bytes(good.encode("utf-16"))  # with its BOM
    (corpus / "truncated.txt").write_bytes("Peskov said “fine”".encode() + "é".encode()[:1])
    (corpus / "single-line-20mb.txt").write_bytes(b"Peskov said it was fine " * 900_000)
    nested = "<div>" * 20_000 + "Lavrov said the talks were useful." + "</div>" * 20_000
    (corpus / "nested.html").write_text(f"<html><body>{nested}</body></html>", encoding="utf-8")
    (corpus / "unclosed.html").write_text("<html><body><p>Lavrov said<<<<>>>><b><i>", encoding="utf-8")
    controls = "Kremlin Spokesman Dmitry Peskov said \x01\x02\x07\x1b[31m the rallies were unlawful.\x0c\n"
    (corpus / "controls.txt").write_text(controls, encoding="utf-8")
    result, seconds = run_cli(tmp_path, "ingest", str(corpus))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    report = failures(tmp_path)
    by_source = {Path(r["source"]).name: r["reason"] for r in report}
    assert sorted(by_source) == ["nested.html", "single-line-20mb.txt", "truncated.txt", "utf16.txt"]
    assert "looks like UTF-16" in by_source["utf16.txt"]
    assert "not UTF-8" in by_source["truncated.txt"]
    assert "too large" in by_source["single-line-20mb.txt"]
    assert "no article text found" in by_source["nested.html"]
    assert all("\n" not in r["reason"] and len(r["reason"]) < 500 for r in report)
    errors = [line for line in result.stderr.splitlines() if line.startswith("saidgraph: failed:")]
    assert len(errors) == len(report)  # one line on stderr per bad item
    with EmbeddedStore.open(tmp_path / "data" / "graph.json", read_only=True) as store:
        ingested = {}
        for name in ("good.txt", "controls.txt", "unclosed.html"):
            article = store.article_at(str(corpus / name))
            assert article is not None, name
            ingested[name] = [(r.speaker_name, r.cue, r.text) for r in store.statements_in_article(article)]
        assert store.counts().nodes["Article"] == 3
    # the reference article's 13 statements (tests/ingest/extract/test_reference_article.py scores them)
    assert [(speaker, cue) for speaker, cue, _ in ingested["good.txt"]] == [
        ("Kremlin", "urges"),
        *[("Dmitry Peskov", cue) for cue in ("stressed", "told", "stated", "stressed", "stressed")],
        *[("Dmitry Peskov", cue) for cue in ("expressed confidence", "stressing", "stated", "said")],
        ("TASS", "According to"),
        ("police", "estimated"),
        ("police", "suggested"),
    ]
    # control characters are kept as read (every offset indexes the text), not dropped or choked on
    assert ingested["controls.txt"] == [
        ("Dmitry Peskov", "said", "\x01\x02\x07\x1b[31m the rallies were unlawful")
    ]
    assert ingested["unclosed.html"] == []  # "Lavrov said" and nothing said: an article, no statement
    assert seconds < 300


def test_ten_thousand_tiny_files_are_all_accounted_for(tmp_path: Path) -> None:
    corpus = tmp_path / "tiny"
    corpus.mkdir()
    for n in range(10_000):
        (corpus / f"{n:05d}.txt").write_text(f"Item {n}: the minister said yes.\n", encoding="utf-8")
    result, seconds = run_cli(tmp_path, "ingest", str(corpus), "--batch-size", "64", timeout=900)
    assert "Traceback" not in result.stderr
    counts = stats(tmp_path)
    assert counts["nodes"]["Article"] + len(failures(tmp_path)) == 10_000  # nothing lost
    assert seconds < 600


BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<rss version="2.0"><channel><title>&g;</title>
<item><title>&g;</title><link>http://127.0.0.1:1/x</link><description>&g;</description></item>
</channel></rss>
"""


def test_an_entity_expansion_bomb_in_a_feed_does_not_blow_memory(tmp_path: Path, httpserver: Any) -> None:
    httpserver.expect_request("/feed").respond_with_data(BOMB, content_type="application/rss+xml")
    result, seconds, peak_mb = run_cli_measured(
        tmp_path, "ingest", httpserver.url_for("/feed"), "--allow-private", timeout=300
    )
    assert "Traceback" not in result.stderr
    assert seconds < 120
    assert peak_mb < 1500  # 20^6 x 76 characters (4.8 GB) were never built
    assert stats(tmp_path)["nodes"]["Claim"] == 0


def test_feed_items_cannot_point_at_local_files(tmp_path: Path, httpserver: Any) -> None:
    """(Private addresses go through the same guarded fetcher as every URL: see test_web_sources.py.)"""
    feed = """<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>local</title><link>file:///etc/passwd</link></item>
<item><title>other scheme</title><link>ftp://example.org/x</link></item>
</channel></rss>"""
    httpserver.expect_request("/feed").respond_with_data(feed, content_type="application/rss+xml")
    result, _ = run_cli(tmp_path, "ingest", httpserver.url_for("/feed"), "--allow-private")
    reasons = [r["reason"] for r in failures(tmp_path)]
    assert len(reasons) == 2 and all("only http and https" in r for r in reasons), reasons
    assert "Traceback" not in result.stderr
    assert stats(tmp_path)["nodes"]["Article"] == 0


GIGABYTE = 2**30


def endless_page(_request: Any) -> Any:
    """A 1 GB HTML page, streamed in 1 MB chunks without a declared length."""
    from werkzeug.wrappers import Response

    def chunks() -> Any:
        yield b"<html><body><p>"
        chunk = b"The minister said the talks would resume. " * 24_966
        for _ in range(GIGABYTE // len(chunk)):
            yield chunk

    return Response(chunks(), content_type="text/html", direct_passthrough=True)


def test_a_url_to_a_1_gb_body_is_cut_at_the_size_cap(tmp_path: Path, httpserver: Any) -> None:
    httpserver.expect_request("/endless").respond_with_handler(endless_page)
    result, seconds, peak_mb = run_cli_measured(
        tmp_path, "ingest", httpserver.url_for("/endless"), "--allow-private"
    )
    reasons = [r["reason"] for r in failures(tmp_path)]
    assert len(reasons) == 1 and "too large" in reasons[0], reasons
    assert "Traceback" not in result.stderr
    assert seconds < 120  # stopped at the cap (10 MB by default), not after the whole gigabyte
    assert peak_mb < 1000
