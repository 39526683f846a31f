"""Fixtures shared by the whole suite: the spaCy pipeline, the shared corpus, the stores."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from neo4j import Driver
    from spacy.language import Language

    from graph.model import ArticleGraph, OfficialNode
    from graph.store import GraphStore

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
# The shared evaluation corpus beside the project (CI lays a copy of shared/ there);
# SAIDGRAPH_TEST_CORPUS points the gold tests elsewhere.
CORPUS = Path(os.environ.get("SAIDGRAPH_TEST_CORPUS") or SHARED / "corpus")
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The spaCy pipeline named by the settings, loaded once for the whole run."""
    from graph.settings import load_settings
    from ingest.extract.pipeline import load_pipeline

    return load_pipeline(load_settings().spacy_model)


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared evaluation corpus; skipped without it (a failure in CI: see the report hook)."""
    if not (CORPUS / "README.md").is_file():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def reference_text() -> str:
    """The reference TASS article, as bundled in examples/."""
    return (EXAMPLES / "tass-kremlin-footage.txt").read_text(encoding="utf-8")


# --- stores ------------------------------------------------------------------------------------------

NEO4J_SCRIPT = REPO / "tools" / "neo4j" / "neo4j_local.py"
# The local test server runs with auth on, like production; this password guards a loopback-only
# throwaway server and is no secret.
TEST_NEO4J_PASSWORD = "saidgraph-test"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _claim_neo4j_for_this_worker(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Under xdist, fail if another worker of this run has already used Neo4j: the Neo4j tests share
    one server and empty its graph, so they must all run in one worker (see :func:`_xdist_group`)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:
        return
    claim = tmp_path_factory.getbasetemp().parent / "neo4j-worker"  # the run's folder, shared by its workers
    try:
        with claim.open("x", encoding="utf-8") as mine:
            mine.write(worker)
    except FileExistsError:
        holder = claim.read_text(encoding="utf-8")
        if holder != worker:
            pytest.fail(f"the Neo4j tests run in two xdist workers ({holder} and {worker})", pytrace=False)


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str | None]]:
    """A real Neo4j server for the whole run: the one in SAIDGRAPH_NEO4J_URI, else a local one.

    The local server is started by ``tools/neo4j/neo4j_local.py`` (and stopped afterwards if this run
    started it). In CI (``CI=true``) a server that cannot be had fails the run instead of skipping.
    """
    _claim_neo4j_for_this_worker(tmp_path_factory)
    uri = os.environ.get("SAIDGRAPH_NEO4J_URI")
    if uri:
        yield {
            "uri": uri,
            "user": os.environ.get("SAIDGRAPH_NEO4J_USER", "neo4j"),
            "password": os.environ.get("SAIDGRAPH_NEO4J_PASSWORD"),
        }
        return
    status = subprocess.run(
        [sys.executable, str(NEO4J_SCRIPT), "status"], capture_output=True, text=True, check=False
    )
    already_running = status.returncode == 0 and status.stdout.startswith("running")
    started = subprocess.run(
        [sys.executable, str(NEO4J_SCRIPT), "start", "--password", TEST_NEO4J_PASSWORD],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    if started.returncode != 0:
        reason = f"local Neo4j could not start: {started.stderr.strip()[-2000:]}"
        if _in_ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    uri = started.stdout.strip().splitlines()[-1]
    yield {"uri": uri, "user": "neo4j", "password": TEST_NEO4J_PASSWORD}
    if not already_running:
        subprocess.run([sys.executable, str(NEO4J_SCRIPT), "stop"], capture_output=True, check=False)


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_server: dict[str, str | None]) -> Iterator[Driver]:
    """One driver for the whole run, connected to :func:`neo4j_server`."""
    from graph.neo4j_store import connect

    driver = connect(
        str(neo4j_server["uri"]), user=neo4j_server["user"] or "neo4j", password=neo4j_server["password"]
    )
    yield driver
    driver.close()


@pytest.fixture
def neo4j_store(neo4j_driver: Driver) -> Iterator[GraphStore]:
    """A Neo4j store on an empty graph (cleared before and after the test)."""
    from graph.neo4j_store import Neo4jStore

    store = Neo4jStore(neo4j_driver, database=os.environ.get("SAIDGRAPH_NEO4J_DATABASE", "neo4j"))
    store.ensure_schema()
    store.clear()
    yield store
    store.clear()
    store.close()


@pytest.fixture
def embedded_store(tmp_path: Path) -> Iterator[GraphStore]:
    """An embedded store persisted to a fresh file under ``tmp_path``."""
    from graph.embedded_store import EmbeddedStore

    store = EmbeddedStore.open(tmp_path / "graph.json")
    store.ensure_schema()
    yield store
    store.close()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> GraphStore:
    """Each store in turn: tests that take ``store`` form the contract both must honour."""
    return request.getfixturevalue(f"{request.param}_store")  # type: ignore[no-any-return]


def _needs_neo4j(item: pytest.Item) -> bool:
    return item.get_closest_marker("neo4j") is not None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """In CI a skipped Neo4j or gold test is a failure: the store tests and the gold tests must really
    run there. Each report says whether its test needs Neo4j, for the summary line (under xdist the
    reports travel from the workers to the process that prints it)."""
    report = yield
    report.needs_neo4j = _needs_neo4j(item)
    if not (_in_ci() and report.skipped):
        return report
    for marker, what in (("neo4j", "Neo4j test"), ("gold", "gold test (its data is missing)")):
        if item.get_closest_marker(marker) is not None:
            report.outcome = "failed"
            report.longrepr = f"{what} skipped in CI (CI=true): {report.longrepr}"
            break
    return report


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say plainly how many Neo4j tests ran, so a CI log shows they were not skipped."""
    outcomes: dict[str, int] = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            if not getattr(report, "needs_neo4j", False):
                continue
            if outcome == "passed" and report.when != "call":
                continue
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    if outcomes:
        counts = ", ".join(f"{n} {name}" for name, n in sorted(outcomes.items()))
        terminalreporter.write_line(f"Neo4j tests (real server): {counts}")


# --- pytest-xdist: the tests that must share a worker ------------------------------------------------
#
# The suite runs in two xdist workers (``-n 2 --dist loadgroup`` in pyproject.toml; ``-n 0`` runs it in
# one process). Each worker writes the group of each test it collected (:func:`_xdist_group`) to a
# folder the controller names, and the controller's scheduler hands out each group whole, to one
# worker, and every other test on its own. (xdist's own ``loadgroup`` passes its groups by editing the
# node ids, which pytest 9.2 ignores: its groups are silently dropped, pytest-dev/pytest-xdist#1386.)

XDIST_GROUPS = "saidgraph_xdist_groups"
_GROUPS_DIR = pytest.StashKey[Path]()


def _xdist_group(item: pytest.Item) -> str | None:
    """The group of tests that must run in the same worker as ``item``, if any.

    The tests that use Neo4j share one server and empty its graph before and after each test (one of
    them stops and restarts it): they all run in one worker, one at a time. A test that uses a
    module-scoped fixture (a dashboard server, the installed wheel, a browser, a model's output) runs in
    the worker that runs the rest of its module, so that the fixture is made once. A test may also name
    its group with ``@pytest.mark.xdist_group("name")``.
    """
    if _needs_neo4j(item) or "neo4j_server" in getattr(item, "fixturenames", ()):
        return "neo4j"
    marked = item.get_closest_marker("xdist_group")
    if marked is not None:
        return str(marked.args[0] if marked.args else marked.kwargs.get("name", "default"))
    info = getattr(item, "_fixtureinfo", None)
    if info is not None and any(d.scope == "module" for defs in info.name2fixturedefs.values() for d in defs):
        return item.nodeid.split("::", 1)[0]
    return None


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """(xdist controller) Tell each worker where to write its tests' groups."""
    stash = node.config.stash
    if _GROUPS_DIR not in stash:
        stash[_GROUPS_DIR] = Path(tempfile.mkdtemp(prefix="saidgraph-xdist-"))
    node.workerinput[XDIST_GROUPS] = str(stash[_GROUPS_DIR])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """(xdist worker) Write the group of each collected test for the controller's scheduler."""
    workerinput = getattr(config, "workerinput", {})
    if XDIST_GROUPS not in workerinput:
        return
    groups = {item.nodeid: group for item in items if (group := _xdist_group(item)) is not None}
    written = Path(workerinput[XDIST_GROUPS]) / f"{workerinput['workerid']}.json"
    partial = written.with_suffix(".partial")
    partial.write_text(json.dumps(groups), encoding="utf-8")
    partial.replace(written)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """(xdist controller) For ``--dist loadgroup``: xdist's module scheduler, its scopes being the
    groups the workers wrote (a test in no group is a scope of its own)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    folder = config.stash[_GROUPS_DIR]

    class GroupScheduling(LoadScopeScheduling):
        groups: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self.groups is None:
                # called once every worker has reported its collection, so written its groups
                written = sorted(folder.glob("*.json"))
                if not written:
                    raise RuntimeError(f"no xdist groups were written to {folder}")
                self.groups = json.loads(written[0].read_text(encoding="utf-8"))
            return self.groups.get(nodeid, nodeid)

    return GroupScheduling(config, log)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _GROUPS_DIR in config.stash:
        shutil.rmtree(config.stash[_GROUPS_DIR], ignore_errors=True)


@pytest.fixture
def statement_article() -> Callable[[OfficialNode, int], ArticleGraph]:
    """Build an article in which ``official`` makes one statement, dated ``day`` days after 2020-01-01
    (for graphs with many statements)."""
    import datetime as dt

    from graph import ids, schema
    from graph.model import ArticleGraph, ArticleNode, ClaimNode, StatedEdge

    def build(official: OfficialNode, day: int) -> ArticleGraph:
        date = (dt.date(2020, 1, 1) + dt.timedelta(days=day)).isoformat()
        text = f"{official.name} said the figure for day {day} was final."
        content = f"the figure for day {day} was final"
        claim = ClaimNode(
            id=ids.claim_id(speaker_id=official.id, content=content, event_id=None),
            text=content,
            kind="indirect",
            date=date,
        )
        article_id = ids.article_id(url=f"https://wire.example/{official.id}/{day}", text=text)
        start = text.index(content)
        cue = len(official.name) + 1
        return ArticleGraph(
            article=ArticleNode(
                id=article_id,
                location=f"{ids.slug(official.name)}-{day}.txt",
                fingerprint=ids.digest(text),
                source="Wire",
                published=date,
                text=text,
            ),
            officials=(official,),
            claims=(claim,),
            stated=(
                StatedEdge(
                    speaker_id=official.id,
                    speaker_label=schema.OFFICIAL,
                    claim_id=claim.id,
                    article_id=article_id,
                    cue="said",
                    kind="indirect",
                    date=date,
                    speaker_text=official.name,
                    speaker_start=0,
                    speaker_end=len(official.name),
                    cue_start=cue,
                    cue_end=cue + 4,
                    content_start=start,
                    content_end=start + len(content),
                    confidence=0.9,
                    extractor_version="test",
                ),
            ),
        )

    return build
