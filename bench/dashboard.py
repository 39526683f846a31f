"""Dashboard page render times on a synthetic graph (10,000 claims by default).

Usage (repository root, after `make setup`):

    .venv/bin/python bench/dashboard.py [--claims 10000] [--neo4j URI --password PW] [--no-browser] [--write]

Builds the graph with bench/synth.py (in a temporary embedded store, or in the given Neo4j, whose graph
is cleared), then times every page two ways, each the median of ``--runs`` after one warm-up:

* server: Streamlit's AppTest runs the page script (queries, analytics, building every element);
* browser: Debian's Chromium (Playwright) loads the page URL from a running ``saidgraph dashboard`` until
  the page's own content is on screen and Streamlit has finished running it (the server has served its
  home page once before, so opening the store is not counted against the first page).

Target (issue 5): every page under 2 s. ``--write`` records the table in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from extraction import machine, record  # noqa: E402
from synth import load  # noqa: E402

from graph.store import GraphStore  # noqa: E402

APP = REPO / "dashboard" / "app.py"
CHROMIUM = "/usr/bin/chromium"
TARGET_S = 2.0


def pages(store: GraphStore) -> dict[str, tuple[str, dict[str, str], str]]:
    """Page name -> (script, query parameters, text that shows the page's content is on screen)."""
    event = store.find_events("", limit=1)[0]
    official = store.find_officials("", limit=1)[0]
    claim = store.statements_by_official(official.id, limit=1)[0]
    word = claim.text.split()[2]
    return {
        "search": ("search", {"q": word}, "Statements"),
        "event": ("event", {"id": event.id}, "Who said what"),
        "official": ("official", {"id": official.id}, "Positions side by side"),
        "claim": ("claim", {"id": claim.claim_id}, "Statement in its article"),
        "explore": ("explore", {"id": event.id}, "relationships"),
        "analytics": ("analytics", {}, "Statements per event over time"),
        "cypher": ("console", {}, "Cypher console"),
        "ingest": ("ingest", {}, "Failures report"),
    }


def first_and_median(action: Callable[[], float], runs: int) -> tuple[float, float]:
    """The first run's time (cold caches) and the median of ``runs`` more."""
    first = action()
    return first, statistics.median(action() for _ in range(runs))


Times = dict[str, tuple[float, float]]


def server_times(targets: dict[str, tuple[str, dict[str, str], str]], runs: int) -> Times:
    from streamlit.testing.v1 import AppTest

    def run_page(script: str, params: dict[str, str]) -> Callable[[], float]:
        def action() -> float:
            app = AppTest.from_file(str(APP), default_timeout=120)
            app.run()
            app.switch_page(f"views/{script}.py")
            for key, value in params.items():
                app.query_params[key] = value
            started = time.perf_counter()
            app.run()
            elapsed = time.perf_counter() - started
            if app.exception:
                raise RuntimeError(f"{script}: {app.exception[0].value}")
            return elapsed

        return action

    return {
        name: first_and_median(run_page(script, params), runs)
        for name, (script, params, _) in targets.items()
    }


@contextmanager
def dashboard_server(env: dict[str, str]) -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "ingest.cli", "dashboard", "--port", str(port), "--no-browser"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1):
                break
        except OSError:
            time.sleep(0.3)
    try:
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def browser_times(url: str, targets: dict[str, tuple[str, dict[str, str], str]], runs: int) -> Times:
    from urllib.parse import urlencode

    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url + "/")  # the server opens its store once
        page.get_by_text("Store:").first.wait_for(timeout=60000)
        for name, (script, params, marker) in targets.items():
            path = "/" if script == "search" else f"/{'cypher' if script == 'console' else script}"
            address = url + path + ("?" + urlencode(params) if params else "")

            def load_page(address: str = address, marker: str = marker) -> float:
                started = time.perf_counter()
                page.goto(address)
                page.get_by_text(marker).first.wait_for(timeout=60000)
                page.wait_for_function(
                    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60000
                )
                return time.perf_counter() - started

            results[name] = first_and_median(load_page, runs)
        browser.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--neo4j", metavar="URI", help="measure on this Neo4j (its graph is cleared)")
    parser.add_argument("--user", default="neo4j")
    parser.add_argument("--password")
    parser.add_argument("--no-browser", action="store_true", help="server-side times only")
    parser.add_argument("--write", action="store_true", help="record the table in bench/RESULTS.md")
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="saidgraph-dash-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAIDGRAPH_")}
    env["SAIDGRAPH_DATA_DIR"] = str(data)
    if args.neo4j:
        from graph.neo4j_store import Neo4jStore, connect

        store: GraphStore = Neo4jStore(
            connect(args.neo4j, user=args.user, password=args.password), owns_driver=True
        )
        env.update(SAIDGRAPH_STORE="neo4j", SAIDGRAPH_NEO4J_URI=args.neo4j, SAIDGRAPH_NEO4J_USER=args.user)
        env["SAIDGRAPH_NEO4J_PASSWORD"] = args.password or ""
    else:
        from graph.embedded_store import EmbeddedStore

        store = EmbeddedStore.open(data / "graph.json")
    with store:
        store.ensure_schema()
        store.clear()
        load(store, args.claims, quiet=True)
        counts = store.counts()
        targets = pages(store)
    os.environ.update(env)
    for key in [k for k in os.environ if k.startswith("SAIDGRAPH_") and k not in env]:
        del os.environ[key]
    server = server_times(targets, args.runs)
    browser: Times = {}
    if not args.no_browser and Path(CHROMIUM).exists():
        with dashboard_server(env) as url:
            browser = browser_times(url, targets, args.runs)
    kind = "neo4j" if args.neo4j else "embedded"
    lines = [
        f"{dt.date.today().isoformat()}, {machine()}; {kind} store with {counts.nodes['Claim']:,} claims, "
        f"{counts.relationships['STATED']:,} statements, {counts.nodes['Official']:,} officials, "
        f"{counts.nodes['Event']:,} events (bench/synth.py). First visit (cold caches), then the median "
        f"of {args.runs} more; target < {TARGET_S:.0f} s per page.",
        "",
        "| page | server: AppTest script run, first / median | browser: Chromium, URL to content on "
        "screen, first / median |",
        "|---|---:|---:|",
    ]
    for name in targets:
        first, median = server[name]
        shown = f"{browser[name][0]:.2f} s / {browser[name][1]:.2f} s" if name in browser else "not measured"
        lines.append(f"| {name} | {first:.2f} s / {median:.2f} s | {shown} |")
    worst = max(t for pair in [*server.values(), *browser.values()] for t in pair)
    lines += ["", f"Slowest: {worst:.2f} s ({'meets' if worst < TARGET_S else 'misses'} the 2 s target)."]
    command = "`.venv/bin/python bench/dashboard.py" + (" --neo4j URI --password PW" if args.neo4j else "")
    lines.append(f"Command: {command} --claims {args.claims} --write`")
    table = "\n".join(lines)
    print(table)
    if args.write:
        record(table, name=f"dashboard-{kind}", heading=f"Dashboard page times ({kind} store)")
    return 0 if worst < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
