"""The dashboard in a real browser (Debian's Chromium via Playwright), offline, on a seeded graph."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE = (
    "MOSCOW, February 1. Kremlin Spokesman Dmitry Peskov spoke about the January 31 unlawful rallies "
    "in Russia.\n\n"
    "\"<script>alert('owned')</script><b>bold</b> is not what we said about the rallies,\" he stated.\n"
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def dashboard_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A dashboard server on a graph holding the reference article and one with HTML in its text."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: run 'make browser'")
        pytest.skip("Chromium is missing: run 'make browser'")
    data = tmp_path_factory.mktemp("browser")
    corpus = data / "corpus"
    corpus.mkdir()
    shutil.copy(REPO / "examples" / "tass-kremlin-footage.txt", corpus)
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAIDGRAPH_")}
    env.update(SAIDGRAPH_DATA_DIR=str(data / "data"), HOME=str(data))
    subprocess.run([sys.executable, "-m", "ingest.cli", "-q", "ingest", str(corpus)], env=env, check=True)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "ingest.cli", "dashboard", "--port", str(port), "--no-browser"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1):
                break
        except OSError:
            time.sleep(0.5)
    yield url
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture
def page(dashboard_url: str) -> Iterator[Any]:
    """A fresh page that blocks every request not to localhost and records alerts."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.blocked = []  # type: ignore[attr-defined]
        page.dialogs = []  # type: ignore[attr-defined]

        def route(route: Any) -> None:
            host = urlparse(route.request.url).hostname
            if host in {"127.0.0.1", "localhost"}:
                route.continue_()
            else:
                page.blocked.append(route.request.url)  # type: ignore[attr-defined]
                route.abort()

        page.route("**/*", route)
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))  # type: ignore[attr-defined]
        yield page
        browser.close()


def test_event_page_renders_offline_with_who_said_what(page: Any, dashboard_url: str) -> None:
    page.goto(f"{dashboard_url}/?event=rallies")
    page.wait_for_selector("text=Statements", timeout=30000)
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=30000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "event-rallies.png"), full_page=True)
    assert page.get_by_text("January 31 unlawful rallies").first.is_visible()
    assert page.blocked == [], page.blocked  # nothing needed from outside localhost


def test_html_in_article_text_is_shown_as_text_never_run(page: Any, dashboard_url: str) -> None:
    page.goto(f"{dashboard_url}/?event=rallies")
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=30000)
    page.wait_for_timeout(1000)
    shown = page.locator("[data-testid='stDataFrame'] td", has_text="<script>alert('owned')</script>")
    assert shown.count() >= 1  # the markup is in the table, as text
    assert page.dialogs == []
    assert page.locator("b", has_text="bold").count() == 0
