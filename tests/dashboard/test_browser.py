"""The dashboard in a real browser (Debian's Chromium via Playwright), offline, on a seeded graph."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from graph.embedded_store import EmbeddedStore

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
HOSTILE = (
    "MOSCOW, February 1. Kremlin Spokesman Dmitry Peskov spoke about the January 31 unlawful rallies "
    "in Russia.\n\n"
    "\"<script>alert('owned')</script><b>bold</b> is not what we said about the rallies,\" he stated.\n"
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@dataclass(frozen=True)
class Site:
    """A running dashboard and the ids of what it shows."""

    url: str
    rallies: str
    peskov: str
    claim: str
    hostile_claim: str


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, serve_dashboard: Any) -> Iterator[Site]:
    """A dashboard server on a graph holding the reference article and one with HTML in its text."""
    data = tmp_path_factory.mktemp("browser")
    corpus = data / "corpus"
    corpus.mkdir()
    shutil.copy(REPO / "examples" / "tass-kremlin-footage.txt", corpus)
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAIDGRAPH_")}
    env.update(SAIDGRAPH_DATA_DIR=str(data / "data"), HOME=str(data))
    subprocess.run([sys.executable, "-m", "ingest.cli", "-q", "ingest", str(corpus)], env=env, check=True)
    with EmbeddedStore.open(data / "data" / "graph.json", read_only=True) as store:
        rallies = store.find_events("rallies")[0].id
        peskov = store.find_officials("Peskov")[0].id
        said = store.statements_by_official(peskov, limit=500)
        claim = next(r.claim_id for r in said if r.cue == "told")
        hostile = next(r.claim_id for r in said if "<script>" in r.text)
    with serve_dashboard(data / "data") as served:
        yield Site(served.url, rallies, peskov, claim, hostile)


PAGES = {
    "search": ("/?q=Peskov", "Dmitry Peskov"),
    "event": ("/event?id={rallies}", "Timeline"),
    "events": ("/event", "Events"),
    "official": ("/official?id={peskov}", "Roles and organizations over time"),
    "claim": ("/claim?id={claim}", "Statement in its article"),
    "explore": ("/explore?id={rallies}", "Graph explorer"),
    "analytics": ("/analytics", "Co-statement network"),
    "audit": ("/audit", "No speaker node at risk"),
    "cypher": ("/cypher", "does not run Cypher"),
    "ingest": ("/ingest", "Failures report"),
}


def visit(page: Any, site: Site, path: str) -> None:
    page.goto(site.url + path.format(rallies=site.rallies, peskov=site.peskov, claim=site.claim))
    page.wait_for_selector("[data-testid='stMain']", timeout=30000)


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_renders_with_nothing_from_outside_localhost(page: Any, site: Site, name: str) -> None:
    path, marker = PAGES[name]
    visit(page, site, path)
    page.get_by_text(marker).first.wait_for(timeout=30000)
    page.wait_for_timeout(500)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Deploy", exact=True).count() == 0  # the toolbar is in viewer mode
    screenshot(page, f"page-{name}")
    assert page.blocked == [], page.blocked  # every request not to localhost was blocked and none was needed


def test_search_type_ahead_then_event_then_statement(page: Any, site: Site) -> None:
    visit(page, site, "/")
    box = page.get_by_label("Search names, events and what was said")
    box.press_sequentially("ralli", delay=60)
    event_link = page.get_by_role("link", name=re.compile("January 31 unlawful rallies"))
    event_link.first.wait_for(timeout=30000)  # results appear while typing, no Enter pressed
    screenshot(page, "search-type-ahead")
    event_link.first.click()
    page.wait_for_url(re.compile(r"/event\?id="), timeout=30000)
    page.get_by_role("heading", name="Who said what").wait_for(timeout=30000)
    assert page.get_by_role("heading", name=re.compile("January 31 unlawful rallies")).is_visible()
    page.get_by_role("link", name=re.compile("Dmitry Peskov, Kremlin Spokesman")).first.click()
    page.wait_for_url(re.compile(r"/official\?id="), timeout=30000)
    page.get_by_text("Roles and organizations over time").wait_for(timeout=30000)
    visit(page, site, f"/claim?id={site.claim}")
    content = page.locator("mark.sg-content")
    content.first.wait_for(timeout=30000)
    assert "Many examples of video footage" in content.first.inner_text()
    assert "Kremlin Spokesman Dmitry Peskov" in page.locator("mark.sg-speaker").first.inner_text()
    screenshot(page, "provenance")


def cytoscape(page: Any) -> Any:
    frame = page.frame_locator("iframe[title*='streamlit_cytoscape']").first
    frame.locator("#cy canvas").first.wait_for(timeout=30000)
    return frame


def node_count(frame: Any) -> int:
    return int(frame.locator("#cy").evaluate("el => el._cyreg.cy.nodes().length"))


def test_graph_explorer_expands_a_node_and_opens_its_page(page: Any, site: Site) -> None:
    visit(page, site, f"/explore?id={site.rallies}")
    frame = cytoscape(page)
    page.wait_for_timeout(1000)
    before = node_count(frame)
    assert before > 1
    claim = frame.locator("#cy").evaluate("el => el._cyreg.cy.nodes('[label = \"Claim\"]').first().id()")
    frame.locator("#cy").evaluate(
        f"el => {{ const n = el._cyreg.cy.getElementById('{claim}'); n.select(); }}"
    )
    page.wait_for_timeout(500)
    frame.locator("#nodeActionsExpand").click()  # the expand button of the selected node
    deadline = time.monotonic() + 30
    while node_count(frame) <= before and time.monotonic() < deadline:
        page.wait_for_timeout(500)
    assert node_count(frame) > before  # the claim's speaker and article joined the view
    screenshot(page, "explorer-expanded")
    frame.get_by_role("button", name="Open its page").click()  # the details panel's action
    page.wait_for_url(re.compile(r"/claim\?id=claim"), timeout=30000)
    page.locator("mark.sg-content").first.wait_for(timeout=30000)
    assert page.blocked == []


def test_html_in_article_text_is_shown_as_text_never_run(page: Any, site: Site) -> None:
    page.goto(f"{site.url}/claim?id={site.hostile_claim}")
    page.locator("mark.sg-content").first.wait_for(timeout=30000)
    page.wait_for_timeout(1000)
    assert page.get_by_text("<script>alert('owned')</script>").count() >= 1  # shown, as text
    assert page.dialogs == []
    assert page.locator("b", has_text="bold").count() == 0
    screenshot(page, "hostile-provenance")
    page.goto(f"{site.url}/event?id={site.rallies}")
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=30000)
    page.wait_for_timeout(1000)
    shown = page.locator("[data-testid='stDataFrame'] td", has_text="<script>alert('owned')</script>")
    assert shown.count() >= 1  # the markup is in the table, as text
    assert page.dialogs == []
