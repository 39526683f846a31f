"""A real dashboard server, started as a user starts it (`saidgraph dashboard` on a free loopback port)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

STARTUP_S = 60
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
LOCAL = frozenset({"127.0.0.1", "localhost"})


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Served:
    """A running `saidgraph dashboard` and the Streamlit server process it started."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path
    """What `saidgraph dashboard` printed (complete once the server has stopped)."""

    @property
    def server_pid(self) -> int:
        """The Streamlit server (the child of `saidgraph dashboard`)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        assert len(children) == 1, children
        return int(children[0])

    def rss_bytes(self) -> int:
        """The server's resident memory now."""
        for line in Path(f"/proc/{self.server_pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise AssertionError("no VmRSS")


ServeDashboard = Callable[..., contextlib.AbstractContextManager[Served]]


@pytest.fixture(scope="session")
def serve_dashboard() -> ServeDashboard:
    """``with serve_dashboard(data_dir, SAIDGRAPH_X=...) as served:`` runs the dashboard on ``data_dir``."""

    @contextlib.contextmanager
    def serve(data_dir: Path, **settings: str) -> Iterator[Served]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SAIDGRAPH_")}
        env.update(SAIDGRAPH_DATA_DIR=str(data_dir), HOME=str(data_dir.parent), **settings)
        port = free_port()
        log = data_dir.parent / f"dashboard-{port}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "ingest.cli", "dashboard", "--port", str(port), "--no-browser"],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + STARTUP_S
            while True:
                assert process.poll() is None, "the dashboard exited"
                try:
                    with urllib.request.urlopen(url + "/_stcore/health", timeout=1):
                        break
                except OSError:
                    assert time.monotonic() < deadline, f"no dashboard at {url} after {STARTUP_S} s"
                    time.sleep(0.3)
            yield Served(url, process, log)
        finally:
            process.terminate()
            process.wait(timeout=30)

    return serve


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium, launched once per module (each test gets its own context: see :func:`page`)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: run 'make browser'")
        pytest.skip("Chromium is missing: run 'make browser'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh Chromium page, in a browser context of its own (no cookies, storage or cache shared with
    another test), that lets requests reach only ``page.allowed`` hosts (localhost by default), records
    every other request it blocked in ``page.blocked`` and every alert in ``page.dialogs``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.allowed = set(LOCAL)  # type: ignore[attr-defined]
    page.blocked = []  # type: ignore[attr-defined]
    page.dialogs = []  # type: ignore[attr-defined]

    def route(route: Any) -> None:
        if urlparse(route.request.url).hostname in page.allowed:  # type: ignore[attr-defined]
            route.continue_()
        else:
            page.blocked.append(route.request.url)  # type: ignore[attr-defined]
            route.abort()

    page.route("**/*", route)
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))  # type: ignore[attr-defined]
    yield page
    context.close()
