"""The command line as a user runs it: real processes, real files, both stores."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from graph.store import GraphStore

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO / "examples" / "tass-kremlin-footage.txt"

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """An environment for the CLI: embedded store in a temp data dir, no stray SAIDGRAPH_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAIDGRAPH_")}
    env["SAIDGRAPH_DATA_DIR"] = str(tmp_path / "data")
    return env


@pytest.fixture
def run(cli_env: dict[str, str], tmp_path: Path) -> Run:
    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ingest.cli", *args],
            capture_output=True,
            text=True,
            env=env or cli_env,
            cwd=tmp_path,
            timeout=600,
            check=False,
        )

    return run


def assert_one_clear_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("saidgraph:")]
    assert errors, result.stderr
    for needle in needles:
        assert any(needle in line for line in errors), result.stderr


@pytest.fixture
def neo4j_env(
    cli_env: dict[str, str], neo4j_server: dict[str, str | None], neo4j_store: GraphStore
) -> dict[str, str]:
    """CLI settings for the test Neo4j server, its graph emptied first (by ``neo4j_store``)."""
    env = dict(cli_env, SAIDGRAPH_STORE="neo4j", SAIDGRAPH_NEO4J_URI=str(neo4j_server["uri"]))
    if neo4j_server["password"]:
        env["SAIDGRAPH_NEO4J_PASSWORD"] = str(neo4j_server["password"])
    if neo4j_server["user"]:
        env["SAIDGRAPH_NEO4J_USER"] = str(neo4j_server["user"])
    return env


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store_env(request: pytest.FixtureRequest, cli_env: dict[str, str]) -> dict[str, str]:
    """CLI settings for each store in turn."""
    if request.param == "neo4j":
        env: dict[str, str] = request.getfixturevalue("neo4j_env")
        return env
    return cli_env


@pytest.mark.slow
def test_ingest_then_ask_lists_peskovs_statements_and_reingest_changes_nothing(
    run: Run, store_env: dict[str, str]
) -> None:
    first = run("ingest", str(REFERENCE), env=store_env)
    assert first.returncode == 0, first.stderr
    assert "1 new" in first.stdout
    stats_before = json.loads(run("stats", "--json", env=store_env).stdout)
    assert stats_before["nodes"]["Official"] >= 1
    assert stats_before["relationships"]["STATED"] >= 9

    again = run("ingest", str(REFERENCE), env=store_env)
    assert again.returncode == 0, again.stderr
    assert "1 unchanged" in again.stdout
    assert json.loads(run("stats", "--json", env=store_env).stdout) == stats_before

    answer = run("ask", "--event", "rallies", env=store_env)
    assert answer.returncode == 0, answer.stderr
    assert "Dmitry Peskov, Kremlin Spokesman" in answer.stdout
    for cue in ("[told,", "[stated,", "[stressed,", "[said,"):
        assert cue in answer.stdout
    assert "the reporters worked absolutely normally" in answer.stdout
    assert "no mass detentions of journalists" in answer.stdout
    # a quote whose paragraph names no event is about none (anchored events)
    assert "We need to see each specific case separately." not in answer.stdout

    as_json = json.loads(run("ask", "--event", "rallies", "--json", env=store_env).stdout)
    peskov = [s for g in as_json for s in g["statements"] if s["speaker_name"] == "Dmitry Peskov"]
    assert len(peskov) == 6
    assert {s["role"] for s in peskov} == {"Kremlin Spokesman"}
    text = REFERENCE.read_text(encoding="utf-8")
    for statement in peskov:
        assert text[statement["content_start"] : statement["content_end"]] == statement["text"]


@pytest.mark.slow
def test_asking_an_empty_store_says_to_ingest_first(run: Run) -> None:
    empty = run("ask", "--event", "rallies")
    assert empty.returncode == 1
    assert empty.stderr.splitlines() == [
        "nothing found: the embedded store holds no articles yet; ingest some first, e.g. "
        "'saidgraph ingest examples/'"
    ]


def test_stats_prints_a_count_for_every_label_and_type(run: Run) -> None:
    result = run("stats")
    assert result.returncode == 0, result.stderr
    for name in (
        "Article",
        "Official",
        "Organization",
        "Claim",
        "Event",
        "Place",
        "STATED",
        "CONCERNS",
        "REPORTED_IN",
        "MEMBER_OF",
        "LOCATED_IN",
    ):
        assert name in result.stdout


@pytest.mark.slow
def test_extract_prints_one_json_line_per_article_in_the_documented_shape(run: Run) -> None:
    result = run("extract", str(REFERENCE))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["article"] == str(REFERENCE)
    text = REFERENCE.read_text(encoding="utf-8")
    assert record["statements"]
    for statement in record["statements"]:
        assert set(statement) == {"speaker", "cue", "content", "kind", "confidence", "event"}
        assert set(statement["speaker"]) == {"text", "start", "end", "name", "role", "organization"}
        for part in ("speaker", "cue", "content"):
            span = statement[part]
            assert text[span["start"] : span["end"]] == span["text"]
        assert statement["kind"] in {"direct", "indirect", "mixed"}
        if statement["event"] is not None:
            assert set(statement["event"]) == {"name", "type", "date", "place"}
    pronoun = [s for s in record["statements"] if s["speaker"]["text"] == "he"]
    assert pronoun and all(s["speaker"]["name"] == "Dmitry Peskov" for s in pronoun)


def test_missing_neo4j_is_one_clear_line(run: Run, cli_env: dict[str, str]) -> None:
    env = dict(cli_env, SAIDGRAPH_STORE="neo4j", SAIDGRAPH_NEO4J_URI="bolt://127.0.0.1:9")
    assert_one_clear_error(run("stats", env=env), "cannot reach Neo4j at bolt://127.0.0.1:9")


def test_bad_store_setting_is_one_clear_line(run: Run, cli_env: dict[str, str]) -> None:
    assert_one_clear_error(run("stats", env=dict(cli_env, SAIDGRAPH_STORE="mongo")), "SAIDGRAPH_STORE")


def test_cypher_on_the_embedded_store_says_what_to_use_instead(run: Run) -> None:
    assert_one_clear_error(
        run("cypher", "MATCH (n) RETURN n"), "does not run Cypher", "SAIDGRAPH_STORE=neo4j"
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("latin1.txt", "Le porte-parole a d\u00e9clar\u00e9".encode("latin-1"), "not UTF-8 text"),
        ("empty.txt", b"", "file is empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary or non-UTF-8 file"),
    ],
)
def test_bad_input_is_one_clear_line_and_loses_nothing(
    run: Run, tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    assert run("ingest", str(REFERENCE)).returncode == 0
    before = run("stats", "--json").stdout
    bad = tmp_path / name
    bad.write_bytes(content)
    result = run("ingest", str(bad))
    assert_one_clear_error(result, str(bad), reason)
    assert run("stats", "--json").stdout == before
    report = (tmp_path / "data" / "failures.jsonl").read_text(encoding="utf-8").splitlines()
    assert reason in json.loads(report[-1])["reason"]


@pytest.mark.slow
def test_missing_path_is_reported_and_the_rest_is_ingested(run: Run, tmp_path: Path) -> None:
    result = run("ingest", str(tmp_path / "nope.txt"), str(REFERENCE))
    assert_one_clear_error(result, "nope.txt: no such file or folder")
    assert "1 new" in result.stdout


@pytest.mark.parametrize("command", ["ingest", "extract", "ask", "cypher", "stats", "dashboard"])
def test_every_command_has_help_that_teaches(run: Run, command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0
    assert f"saidgraph {command}" in result.stdout
    assert len(result.stdout.splitlines()) >= 5


def test_top_level_help_lists_commands_and_settings(run: Run) -> None:
    result = run("--help")
    assert result.returncode == 0
    for needle in ("ingest", "ask", "cypher", "stats", "dashboard", "SAIDGRAPH_STORE", "examples:"):
        assert needle in result.stdout


@pytest.mark.neo4j
@pytest.mark.slow
def test_cypher_works_against_neo4j(run: Run, neo4j_env: dict[str, str]) -> None:
    env = neo4j_env
    assert run("ingest", str(REFERENCE), env=env).returncode == 0
    result = run(
        "cypher",
        "MATCH (o:Official)-[:STATED]->(c:Claim)-[:CONCERNS]->(e:Event) RETURN o.name, c.text, e.name",
        "--json",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 6  # Peskov's statements that name the rallies where they are made
    assert {row["o.name"] for row in rows} == {"Dmitry Peskov"}
    refused = run("cypher", "CREATE (n:Official {id: 'x'})", env=env)
    assert_one_clear_error(refused, "read-only")


@pytest.mark.neo4j
def test_wrong_neo4j_password_is_one_clear_line(run: Run, neo4j_env: dict[str, str]) -> None:
    env = dict(neo4j_env, SAIDGRAPH_NEO4J_PASSWORD="not-the-password")
    result = run("stats", env=env)
    assert_one_clear_error(result, "refused the credentials for user neo4j")
    assert "not-the-password" not in result.stderr


@pytest.mark.slow
def test_a_corrupt_corpus_ingests_what_is_valid_and_reports_each_bad_item(
    run: Run, tmp_path: Path, httpserver: Any
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tass.txt").write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "latin1.txt").write_bytes(
        "Le porte-parole a d\u00e9clar\u00e9 que tout allait bien.".encode("latin-1")
    )
    (corpus / "huge.txt").write_text("Peskov said it was fine. " * 220_000, encoding="utf-8")
    (corpus / "page.html").write_text(
        "<html><body><article><h1>Lavrov on talks</h1><p>Foreign Minister Sergey Lavrov said on Tuesday "
        "that the talks in Geneva had been useful and that both sides wanted to continue.</p>"
        "<script>alert('owned')</script></article></body></html>",
        encoding="utf-8",
    )
    httpserver.expect_request("/feed").respond_with_data(
        "<rss><channel><item>broken", content_type="application/rss+xml"
    )
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    result = run(
        "ingest", str(corpus), httpserver.url_for("/feed"), httpserver.url_for("/gone"), "--allow-private"
    )
    assert_one_clear_error(result)
    assert "2 new" in result.stdout
    report = [json.loads(line) for line in (tmp_path / "data" / "failures.jsonl").read_text().splitlines()]
    reasons = " | ".join(r["reason"] for r in report)
    for expected in (
        "file is empty",
        "binary or non-UTF-8",
        "not UTF-8 text",
        "too large for an article",
        "malformed feed",
        "HTTP 404",
    ):
        assert expected in reasons, reasons
    assert all("\n" not in r["reason"] and r["source"] and r["time"] for r in report)
    stats = json.loads(run("stats", "--json").stdout)
    assert stats["nodes"]["Article"] == 2
    assert "owned" not in json.dumps(run("ask", "--search", "talks Geneva", "--json").stdout)


FRENCH = (
    "Le porte-parole du Kremlin a déclaré lundi que les manifestations étaient illégales et que la police "
    "avait agi dans le cadre de la loi. Il a ajouté que chaque cas devait être examiné séparément et que les "
    "journalistes avaient pu travailler normalement pendant les rassemblements de la semaine dernière."
)


@pytest.mark.slow
def test_non_english_articles_are_recorded_and_skipped_with_a_reason(run: Run, tmp_path: Path) -> None:
    french = tmp_path / "fr.txt"
    french.write_text(FRENCH, encoding="utf-8")
    result = run("-v", "ingest", str(french))
    assert result.returncode == 0, result.stderr
    assert "1 skipped (not English)" in result.stdout
    assert "language fr, only English is extracted" in result.stderr
    stats = json.loads(run("stats", "--json").stdout)
    assert (stats["nodes"]["Article"], stats["nodes"]["Claim"]) == (1, 0)
    assert "1 unchanged" in run("ingest", str(french)).stdout


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        (1, "merged 0 officials into 1 canonical person (embedded store)"),
        (2, "merged 0 officials into 2 canonical people (embedded store)"),
    ],
)
def test_the_aliases_command_counts_in_english(run: Run, tmp_path: Path, people: int, expected: str) -> None:
    book = tmp_path / "aliases.yaml"
    book.write_text("".join(f"- name: Person {n}\n" for n in range(people)), encoding="utf-8")
    result = run("aliases", str(book))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [expected]


@pytest.mark.slow
def test_the_summary_counts_every_item_read_in_words_that_agree(run: Run, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tass.txt").write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    first = run("ingest", str(corpus))
    assert first.returncode == 1
    assert first.stdout.splitlines()[0] == (
        "read 2 items: 1 new, 0 updated, 0 unchanged, 0 skipped (not English), 1 failed; "
        "13 statements stored of 13 extracted, by 1 official and 0 unnamed sources about 2 events "
        "(embedded store)"
    )
    again = run("ingest", str(corpus / "tass.txt"))
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == [
        "read 1 item: 0 new, 0 updated, 1 unchanged, 0 skipped (not English), 0 failed; "
        "0 statements stored of 0 extracted, by 0 officials and 0 unnamed sources about 0 events "
        "(embedded store)"
    ]


def summary_counts(stdout: str) -> dict[str, int]:
    """The numbers of the summary line: read, new, updated, unchanged, skipped, failed."""
    match = re.search(
        r"read (\d+) items?: (\d+) new, (\d+) updated, (\d+) unchanged, (\d+) skipped \(not English\), "
        r"(\d+) failed;",
        stdout,
    )
    assert match, stdout
    names = ("read", "new", "updated", "unchanged", "skipped", "failed")
    return dict(zip(names, map(int, match.groups()), strict=True))


@pytest.mark.slow
def test_sources_whose_reader_breaks_cost_themselves_only(run: Run, tmp_path: Path, httpserver: Any) -> None:
    """The probes of issue 14: invalid UTF-8 on a .jsonl line, a page in a charset Python does not know."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    export = corpus / "a-export.jsonl"
    export.write_bytes(
        b'{"text": "Kremlin Spokesman Dmitry Peskov said on Monday that the talks had been useful."}\n'
        b'{"text": "caf\xe9 \xff"}\n'
        b'{"text": "Foreign Minister Sergey Lavrov said the meeting in Geneva was constructive."}\n'
    )
    (corpus / "z-tass.txt").write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    httpserver.expect_request("/page").respond_with_data(
        b"<html><body><article><h1>Talks</h1><p>Kremlin Spokesman Dmitry Peskov said the talks were "
        b"useful and that Moscow would keep working with its partners.</p></article></body></html>",
        content_type="text/html; charset=x-no-such-charset",
    )
    later = tmp_path / "later.txt"
    later.write_text(
        (REPO / "examples" / "pd-07-shareamerica-pompeo-frank-discussions-russia.txt").read_text(
            encoding="utf-8"
        ),
        encoding="utf-8",
    )
    page = httpserver.url_for("/page")
    result = run("ingest", str(corpus), page, str(later), "--allow-private")
    assert "Traceback" not in result.stderr
    counts = summary_counts(result.stdout)
    assert counts["read"] == counts["new"] + counts["failed"]
    report = [json.loads(line) for line in (tmp_path / "data" / "failures.jsonl").read_text().splitlines()]
    assert len(report) == counts["failed"] >= 1
    assert all(r["source"].startswith(str(export)) or r["source"] == page for r in report), report
    assert result.returncode == 1
    stats = json.loads(run("stats", "--json").stdout)
    assert stats["nodes"]["Article"] == counts["new"] >= 2  # the files after the broken ones were read


FORGED = "2026-01-01 00:00:00,000 INFO saidgraph: all articles verified"


@pytest.mark.slow
def test_control_characters_in_file_names_cannot_forge_log_lines(run: Run, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / f"a\n{FORGED}\x1b[2J\u202etxt.txt").write_bytes(b"")  # empty: a failure naming it
    (corpus / f"b\r{FORGED}\u2028.txt").write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("ingest", str(corpus))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert not [line for line in lines if line.startswith(FORGED[:20])], result.stderr
    assert all(
        not set(line) & {"\x1b", "\r", "\u202e", "\u2028"} for line in lines + result.stdout.splitlines()
    )
    assert f"a\\x0a{FORGED}\\x1b[2J\\u202etxt.txt: file is empty" in result.stderr  # the failure line
    assert f"b\\x0d{FORGED}\\u2028.txt: new" in result.stderr  # the progress log line


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """A copy of the bundled examples (22 articles)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "examples", corpus)
    return corpus


def children_of(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def ingest_until(
    env: dict[str, str], cwd: Path, corpus: Path, *options: str, progress: str
) -> subprocess.Popen[str]:
    """``saidgraph ingest CORPUS --batch-size 2 OPTIONS`` running, once its log shows ``progress``."""
    ingest = subprocess.Popen(
        [sys.executable, "-m", "ingest.cli", "ingest", str(corpus), "--batch-size", "2", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=cwd,
    )
    assert ingest.stderr is not None
    deadline = time.monotonic() + 120
    while progress not in ingest.stderr.readline():
        if time.monotonic() > deadline or ingest.poll() is not None:
            ingest.kill()
            raise AssertionError(f"{progress!r} not seen in the ingest log")
    return ingest


@pytest.mark.slow
def test_ingest_with_workers_accounts_for_a_worker_killed_mid_run(
    run: Run, cli_env: dict[str, str], tmp_path: Path, examples: Path
) -> None:
    ingest = ingest_until(cli_env, tmp_path, examples, "--workers", "2", progress="[1/22]")
    try:  # the first batch is written, the others are in flight
        os.kill(children_of(ingest.pid)[0], signal.SIGKILL)
        stdout, stderr = ingest.communicate(timeout=300)
    finally:
        if ingest.poll() is None:
            ingest.kill()
    assert "Traceback" not in stderr
    counts = summary_counts(stdout)
    assert counts["read"] == 22 == counts["new"] + counts["failed"]
    assert counts["failed"] >= 1 and ingest.returncode == 1
    report = [json.loads(line) for line in (tmp_path / "data" / "failures.jsonl").read_text().splitlines()]
    assert len(report) == counts["failed"]
    assert all("BrokenProcessPool" in r["reason"] and r["stage"] == "extract" for r in report)
    again = run("ingest", str(examples), "--workers", "2")
    assert again.returncode == 0, again.stderr
    assert summary_counts(again.stdout) == dict(
        read=22, new=counts["failed"], updated=0, unchanged=22 - counts["failed"], skipped=0, failed=0
    )


@pytest.mark.slow
def test_an_interrupted_ingest_says_what_it_did_and_the_next_run_completes_it(
    run: Run, cli_env: dict[str, str], tmp_path: Path, examples: Path
) -> None:
    ingest = ingest_until(cli_env, tmp_path, examples, progress="[2/22]")
    try:
        ingest.send_signal(signal.SIGINT)
        stdout, stderr = ingest.communicate(timeout=120)
    finally:
        if ingest.poll() is None:
            ingest.kill()
    assert ingest.returncode == 130
    assert "saidgraph: interrupted" in stderr and "Traceback" not in stderr
    counts = summary_counts(stdout)
    assert counts["read"] == counts["new"] + counts["failed"] < 22
    assert counts["new"] >= 2
    again = summary_counts(run("ingest", str(examples)).stdout)
    assert again == dict(
        read=22, new=22 - counts["new"], updated=0, unchanged=counts["new"], skipped=0, failed=0
    )
