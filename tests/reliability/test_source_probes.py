"""The readers under hostile files and pages (issue 14): one bad item is one error, the sources after it
are still read, and time and memory stay bounded."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from graph.errors import InputError
from ingest.article import RawArticle
from ingest.sources.files import MAX_FILE_BYTES
from ingest.sources.http import Fetcher, FetchPolicy
from ingest.sources.jsonl import read_jsonl
from ingest.sources.registry import FeedStates, read_sources

RUSSIAN = (
    "<html><body><article><p>Официальный представитель Кремля Дмитрий Песков заявил журналистам, что "
    "переговоры были полезными и что каждая ситуация должна рассматриваться отдельно.</p>"
    "</article></body></html>"
)
ENGLISH = (
    "<html><body><article><p>Kremlin Spokesman Dmitry Peskov said the talks were “useful”, and that every "
    "case must be seen separately, whatever the footage suggests.</p></article></body></html>"
)


@pytest.fixture
def fetcher() -> Fetcher:
    return Fetcher(FetchPolicy(timeout_s=3.0, allow_loopback=True))


def read(specs: list[str], fetcher: Fetcher) -> list[RawArticle | InputError]:
    return list(read_sources(specs, fetcher=fetcher, feeds=FeedStates(None)))


def line(item: RawArticle | InputError) -> str:
    """An item as one comparable line: the article's location, or the error's message."""
    return item.location if isinstance(item, RawArticle) else f"error: {item}"


# --- charsets ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type", "expected", "warning"),
    [
        (ENGLISH.encode(), "text/html; charset=x-no-such-charset", "“useful”",
         "charset: unknown charset 'x-no-such-charset'; decoded as utf-8"),
        (ENGLISH.encode(), "text/html; charset=base64", "“useful”",
         "charset: unknown charset 'base64'; decoded as utf-8"),
        (RUSSIAN.encode("cp1251"), "text/html; charset=utf-8", "Дмитрий Песков",
         "charset: not valid utf-8; decoded as cp1251"),
        (RUSSIAN.encode("cp1251"), "text/html", "Дмитрий Песков",
         "charset: no charset declared and not UTF-8; decoded as cp1251"),
        (f'<meta charset="windows-1251">{RUSSIAN}'.encode("cp1251"), "text/html", "Дмитрий Песков", None),
    ],
    ids=["unknown", "not-a-text-codec", "wrong", "undeclared", "meta"],
)  # fmt: skip
def test_a_page_with_an_unknown_or_wrong_charset_is_decoded_and_the_fallback_recorded(
    httpserver: HTTPServer,
    fetcher: Fetcher,
    body: bytes,
    content_type: str,
    expected: str,
    warning: str | None,
) -> None:
    httpserver.expect_request("/odd").respond_with_data(body, content_type=content_type)
    httpserver.expect_request("/next").respond_with_data(ENGLISH, content_type="text/html; charset=utf-8")
    odd, after = read([httpserver.url_for("/odd"), httpserver.url_for("/next")], fetcher)
    assert isinstance(odd, RawArticle) and isinstance(after, RawArticle)
    assert expected in odd.text
    assert odd.warnings == ((warning,) if warning else ())
    assert after.warnings == ()


# --- JSON Lines --------------------------------------------------------------------------------------


def test_a_jsonl_line_that_is_not_utf8_is_its_error_and_the_next_lines_are_read(tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    export.write_bytes(
        b"\xef\xbb\xbf" + json.dumps({"text": "Peskov said it was calm."}).encode() + b"\n"
        + b'{"text": "Lavrov said \xe9t\xe9 was fine."}\n'
        + json.dumps({"text": "Zakharova said so."}).encode() + b"\r\n"
    )  # fmt: skip
    assert [line(item) for item in read_jsonl(export)] == [
        f"{export}#L1",
        f"error: {export}#L2: not UTF-8 text (byte 0xe9 at offset 22 of the line)",
        f"{export}#L3",
    ]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (b"[" * 200_000, "not valid JSON (RecursionError)"),
        (b'{"text": "x", "n": ' + b"7" * 5_000 + b"}", "not valid JSON (ValueError)"),
        (b'{"text": "x"', "not valid JSON (Expecting ',' delimiter)"),
    ],
    ids=["deep-nesting", "huge-integer", "truncated"],
)
def test_hostile_json_on_a_line_is_that_lines_error(tmp_path: Path, bad: bytes, message: str) -> None:
    export = tmp_path / "export.jsonl"
    export.write_bytes(bad + b"\n" + json.dumps({"text": "Lavrov said so."}).encode() + b"\n")
    assert [line(item) for item in read_jsonl(export)] == [f"error: {export}#L1: {message}", f"{export}#L2"]


def test_a_50_mb_jsonl_line_is_skipped_without_being_held(tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    with export.open("wb") as handle:
        handle.write(json.dumps({"text": "Peskov said it was calm."}).encode() + b"\n")
        handle.write(b'{"text": "' + b"a" * (50 * 2**20) + b'"}\n')
        handle.write(json.dumps({"text": "Lavrov said so."}).encode() + b"\n")
    tracemalloc.start()
    try:
        items = [line(item) for item in read_jsonl(export)]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert items == [
        f"{export}#L1",
        f"error: {export}#L2: line too long (more than 2 MB), skipped",
        f"{export}#L3",
    ]
    assert peak < 3 * MAX_FILE_BYTES


def test_a_jsonl_line_at_the_cap_is_read_and_one_byte_over_is_not(tmp_path: Path) -> None:
    prefix, suffix = b'{"text": "', b'"}'
    at_cap = prefix + b"a" * (MAX_FILE_BYTES - len(prefix) - len(suffix)) + suffix
    export = tmp_path / "export.jsonl"
    export.write_bytes(at_cap + b"\n" + at_cap[:-2] + b'a"}')  # the last line has no end of line
    assert [line(item) for item in read_jsonl(export)] == [
        f"{export}#L1",
        f"error: {export}#L2: line too long (more than 2 MB), skipped",
    ]


# --- size caps and files that are not files ----------------------------------------------------------


def test_every_file_type_has_a_size_cap_and_the_files_after_are_read(
    tmp_path: Path, fetcher: Fetcher
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a-200mb.html", "b-3mb.htm", "c-3mb.urls", "d-3mb.txt", "e-3mb.md"):
        with (corpus / name).open("wb") as handle:  # sparse: the size is there, the bytes are not written
            handle.truncate(200 * 2**20 if name.startswith("a-") else 3 * 2**20)
    (corpus / "z-good.txt").write_text("Peskov said the rallies were unlawful.", encoding="utf-8")
    started = time.monotonic()
    items = [line(item) for item in read([str(corpus)], fetcher)]
    assert items == [
        f"error: {corpus / 'a-200mb.html'}: too large for an article (200.0 MB > 2 MB)",
        f"error: {corpus / 'b-3mb.htm'}: too large for an article (3.0 MB > 2 MB)",
        f"error: {corpus / 'c-3mb.urls'}: too large for an article (3.0 MB > 2 MB)",
        f"error: {corpus / 'd-3mb.txt'}: too large for an article (3.0 MB > 2 MB)",
        f"error: {corpus / 'e-3mb.md'}: too large for an article (3.0 MB > 2 MB)",
        str(corpus / "z-good.txt"),
    ]
    assert time.monotonic() - started < 5


def test_a_fetched_page_over_the_article_cap_is_refused_before_extraction(
    httpserver: HTTPServer, fetcher: Fetcher
) -> None:
    paragraphs = b"<p>The minister said the talks would resume next week in Geneva.</p>" * 47_000
    httpserver.expect_request("/huge").respond_with_data(
        b"<html><body>" + paragraphs, content_type="text/html"
    )
    httpserver.expect_request("/next").respond_with_data(ENGLISH, content_type="text/html; charset=utf-8")
    huge, after = httpserver.url_for("/huge"), httpserver.url_for("/next")
    started = time.monotonic()
    assert [line(item) for item in read([huge, after], fetcher)] == [
        f"error: {huge}: too large for an article (3.0 MB > 2 MB)",
        after,
    ]
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_named_as_a_source_is_refused_not_read_forever(fetcher: Fetcher, device: str) -> None:
    started = time.monotonic()
    assert [line(item) for item in read([device], fetcher)] == [
        f"error: {device}: not a regular file (a device, pipe or socket)"
    ]
    assert time.monotonic() - started < 5


# --- through the CLI ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_ingest_records_each_bad_source_as_one_failure_line_and_reads_the_rest(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    from tests.reliability.test_hostile_input import failures, run_cli, stats

    httpserver.expect_request("/odd").respond_with_data(
        ENGLISH.encode(), content_type="text/html; charset=x-no-such-charset"
    )
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "export.jsonl").write_bytes(
        b'{"text": "Lavrov said \xe9t\xe9 was fine."}\n'
        + json.dumps({"text": "Foreign Minister Sergey Lavrov said the talks were useful."}).encode() + b"\n"
    )  # fmt: skip
    with (corpus / "huge.html").open("wb") as handle:
        handle.truncate(200 * 2**20)
    (corpus / "good.txt").write_text(
        "Kremlin Spokesman Dmitry Peskov said the rallies were unlawful.", encoding="utf-8"
    )
    result, seconds = run_cli(tmp_path, "ingest", httpserver.url_for("/odd"), str(corpus), "--allow-private")
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr
    assert sorted(f["source"] for f in failures(tmp_path)) == [
        f"{corpus / 'export.jsonl'}#L1",
        str(corpus / "huge.html"),
    ]
    assert stats(tmp_path)["nodes"]["Article"] == 3  # the odd page, the good export line, good.txt
    assert seconds < 120


@pytest.mark.slow
def test_watch_survives_a_page_with_an_unknown_charset_on_its_first_tick(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    from tests.ingest.test_watch import read_until

    httpserver.expect_request("/odd").respond_with_data(
        ENGLISH.encode(), content_type="text/html; charset=x-no-such-charset"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAIDGRAPH_")}
    env["SAIDGRAPH_DATA_DIR"] = str(tmp_path / "data")
    command = ["watch", httpserver.url_for("/odd"), "--every", "1s", "--allow-private"]
    worker = subprocess.Popen(
        [sys.executable, "-m", "ingest.cli", *command],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )  # fmt: skip
    try:
        read_until(worker, "tick 1: read 1 item: 1 new", timeout=120)
        read_until(worker, "tick 2:", timeout=30)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=15) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
