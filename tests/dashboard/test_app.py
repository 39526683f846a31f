"""Every dashboard page, run by Streamlit's AppTest on a graph seeded by a real ingest, on both stores."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from spacy.language import Language
from streamlit.testing.v1 import AppTest

from dashboard.context import md_escape
from dashboard.gate import UploadGate, signed_in_sessions
from graph import ids
from graph.factory import open_store
from graph.model import ArticleGraph, OfficialNode
from graph.settings import load_settings
from graph.store import GraphStore
from ingest.extract.extractor import Extractor
from ingest.failures import FailureLog
from ingest.metadata import read_meta
from ingest.pipeline import run_ingest
from ingest.sources.files import read_paths

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "dashboard" / "app.py"

pytestmark = pytest.mark.slow


@pytest.fixture
def seeded_env(
    request: pytest.FixtureRequest,
    store: GraphStore,
    nlp: Language,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[GraphStore]:
    """Each store seeded with the reference article; the app's settings point at it."""
    run_ingest(
        read_paths([REPO / "examples" / "tass-kremlin-footage.txt"]),
        store=store,
        extractor=Extractor(nlp),
        read_meta=read_meta,
        failures=FailureLog(tmp_path / "failures.jsonl"),
    )
    yield from _app_on(store, request, tmp_path, monkeypatch)


def _app_on(
    store: GraphStore, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[GraphStore]:
    """Point the app's settings at ``store`` for one test."""
    for key in [k for k in os.environ if k.startswith("SAIDGRAPH_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("SAIDGRAPH_DATA_DIR", str(tmp_path))
    if store.kind == "neo4j":
        server = request.getfixturevalue("neo4j_server")
        monkeypatch.setenv("SAIDGRAPH_STORE", "neo4j")
        monkeypatch.setenv("SAIDGRAPH_NEO4J_URI", str(server["uri"]))
        monkeypatch.setenv("SAIDGRAPH_NEO4J_PASSWORD", str(server["password"] or ""))
    else:
        store.close()
    st.cache_resource.clear()
    st.cache_data.clear()
    yield store
    st.cache_resource.clear()
    st.cache_data.clear()


BUSY = OfficialNode(id=ids.official_id("Anna Busy"), name="Anna Busy", role="Minister")
BUSY_DAYS = 501  # one statement a day, one more than the official page shows at once


@pytest.fixture
def busy_env(
    request: pytest.FixtureRequest,
    store: GraphStore,
    statement_article: Callable[[OfficialNode, int], ArticleGraph],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[GraphStore]:
    """Each store holding an official with more statements than their page shows at once."""
    store.write_articles([statement_article(BUSY, day) for day in range(BUSY_DAYS)])
    yield from _app_on(store, request, tmp_path, monkeypatch)


def test_a_busy_officials_later_statements_are_reached_through_the_dates(busy_env: GraphStore) -> None:
    last = (dt.date(2020, 1, 1) + dt.timedelta(days=BUSY_DAYS - 1)).isoformat()
    app = open_page("official", id=BUSY.id)
    assert f"of {BUSY_DAYS} statements" in app.warning[0].value
    assert app.dataframe and last not in tables(app)
    assert "2020-01-01" in tables(app)  # the tables show dates
    app = open_page("official", id=BUSY.id, **{"from": last})
    assert not app.warning
    assert f"day {BUSY_DAYS - 1} was final" in tables(app)


def open_page(page: str, **params: str) -> AppTest:
    """Run the app on ``page`` (a script under dashboard/views) with ``params`` in the URL."""
    app = AppTest.from_file(str(APP), default_timeout=90)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    if page != "search":
        app.switch_page(f"views/{page}.py")
        for key, value in params.items():
            app.query_params[key] = value
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def links(app: AppTest) -> list[str]:
    return [str(link.proto.label) for link in app.get("page_link")]


def tables(app: AppTest) -> str:
    """Every table on the page, as CSV text."""
    return "\n".join(table.value.to_csv() for table in app.dataframe)


def rendered(app: AppTest, kind: str) -> str:
    return " ".join(str(element.proto) for element in app.get(kind))


def peskov_id(store: GraphStore) -> str:
    return store.find_officials("Peskov")[0].id


def rallies_id(store: GraphStore) -> str:
    return store.find_events("rallies")[0].id


def test_search_finds_officials_events_and_what_was_said(seeded_env: GraphStore) -> None:
    app = open_page("search", q="Peskov")
    assert any("Dmitry Peskov" in label for label in links(app))
    app = open_page("search", q="rallies")
    assert any("January 31 unlawful rallies" in label for label in links(app))
    app = open_page("search", q="video footage")
    table = app.dataframe[0].value
    assert any("video footage" in s for s in table["statement"])
    assert all(url.startswith("./claim?id=claim") for url in table["open"])


def test_search_says_when_nothing_matches(seeded_env: GraphStore) -> None:
    app = open_page("search", q="no such thing anywhere")
    assert "Nothing matches" in app.info[0].value


def test_the_type_ahead_picker_opens_the_chosen_page(seeded_env: GraphStore) -> None:
    app = open_page("search")
    picker = app.selectbox(key="goto")
    choice = next(option for option in picker.options if "Dmitry Peskov" in option)
    picker.set_value(choice).run()
    assert not app.exception
    assert app.title[0].value == "Dmitry Peskov"


def test_event_page_groups_who_said_what_by_speaker(seeded_env: GraphStore) -> None:
    app = open_page("event", id=rallies_id(seeded_env))
    assert "January 31 unlawful rallies" in app.title[0].value
    assert any("Dmitry Peskov, Kremlin Spokesman" in label for label in links(app))
    peskov = app.dataframe[0].value
    # six of his nine statements name the rallies in their content, sentence or paragraph; the other
    # three are about no event the text names (test_reference_article.py lists them)
    assert len(peskov) == 6
    assert any("the reporters worked absolutely normally" in s for s in peskov["statement"])
    assert not any("We need to see each specific case separately." in s for s in peskov["statement"])
    assert set(peskov["reported in"]) == {"TASS"}
    assert [m.label for m in app.main.metric] == ["Statements", "Speakers", "Articles"]
    assert "Timeline" in [h.value for h in app.subheader]


def test_event_page_filters_come_from_the_url(seeded_env: GraphStore) -> None:
    everything = open_page("event", id=rallies_id(seeded_env)).dataframe[0].value
    direct = open_page("event", id=rallies_id(seeded_env), kind="direct").dataframe[0].value
    assert 0 < len(direct) < len(everything)
    assert set(direct["kind"]) == {"direct"}


def test_event_page_without_an_id_lists_events(seeded_env: GraphStore) -> None:
    app = open_page("event")
    assert any("January 31 unlawful rallies" in label for label in links(app))


@pytest.mark.parametrize("page", ["event", "official", "claim", "explore"])
def test_unknown_ids_say_so(seeded_env: GraphStore, page: str) -> None:
    app = open_page(page, id="no-such-id")
    assert "No such" in app.error[0].value or "Nothing in the graph" in app.error[0].value


def test_official_page_shows_roles_events_and_positions(seeded_env: GraphStore) -> None:
    app = open_page("official", id=peskov_id(seeded_env))
    assert app.title[0].value == "Dmitry Peskov"
    headings = [h.value for h in app.subheader]
    for heading in ("Roles and organizations over time", "Events they spoke about", "Statements over time"):
        assert heading in headings
    described = app.dataframe[0].value
    assert {"Kremlin Spokesman Dmitry Peskov", "The spokesman"} <= set(described["described as"])
    assert any("January 31 unlawful rallies" in label for label in links(app))


def test_provenance_marks_the_statement_in_its_article(seeded_env: GraphStore) -> None:
    told = next(r for r in seeded_env.statements_by_official(peskov_id(seeded_env)) if r.cue == "told")
    app = open_page("claim", id=told.claim_id, article=told.article_id)
    html = rendered(app, "html")
    assert "sg-content" in html and "sg-speaker" in html and "sg-cue" in html
    assert "Many examples of video footage from the January 31 unlawful rallies" in html
    assert "Kremlin Spokesman Dmitry Peskov" in html


def test_explorer_draws_the_neighbourhood(seeded_env: GraphStore) -> None:
    app = open_page("explore", id=rallies_id(seeded_env))
    assert any("nodes" in c.value and "relationships" in c.value for c in app.caption)
    assert "Claim" in " ".join(c.value for c in app.caption)


def test_analytics_ranks_speakers_and_builds_the_network(seeded_env: GraphStore) -> None:
    app = open_page("analytics")
    top = app.dataframe[0].value
    assert top["speaker"][0] == "Dmitry Peskov"
    assert "Co-statement network" in [h.value for h in app.subheader]


def test_console_runs_reads_and_refuses_writes_on_neo4j_and_explains_itself_elsewhere(
    seeded_env: GraphStore,
) -> None:
    app = open_page("console")
    if seeded_env.kind == "embedded":
        assert "does not run Cypher" in app.info[0].value
        return
    before = seeded_env.counts()
    app.text_area(key="query").input("MATCH (o:Official) RETURN o.name AS name, o ORDER BY name").run()
    app.button[0].click().run()
    assert not app.exception
    assert "Dmitry Peskov" in list(app.dataframe[0].value["name"])
    assert "rows" in app.success[0].value
    for query in ("CREATE (:Official {id: 'x'})", "MATCH (n) DETACH DELETE n", "CALL db.createLabel('X')"):
        app.text_area(key="query").input(query).run()
        app.button[0].click().run()
        assert "Refused" in app.error[0].value
    assert seeded_env.counts() == before


PASSWORD = "s3cret-Ünïcode"


@pytest.fixture
def gated(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A dashboard password, and the upload gate in front of the app (as `saidgraph dashboard` runs it)."""
    monkeypatch.setenv("SAIDGRAPH_DASHBOARD_PASSWORD", PASSWORD)
    signed_in_sessions.cache_clear()
    UploadGate(app=None)
    yield
    signed_in_sessions.cache_clear()


def signed_in_page(page: str) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=90).run()
    app.text_input[0].input(PASSWORD)
    app.button[0].click().run()
    app.switch_page(f"views/{page}.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_ingest_page_ingests_pasted_text_and_shows_failures(seeded_env: GraphStore, gated: None) -> None:
    app = signed_in_page("ingest")
    assert "at most 2 MB each" in app.get("file_uploader")[0].proto.label
    app.text_input(key="paste_title").input("Zakharova on the rallies")
    app.text_area(key="paste_text").input(
        "MOSCOW, February 2. Foreign Ministry spokeswoman Maria Zakharova said the West's reaction to the "
        "January 31 unlawful rallies was hysterical.\n"
    )
    app.button[0].click().run(timeout=180)
    assert not app.exception, [e.value for e in app.exception]
    assert "1 new" in app.success[0].value
    with open_store(load_settings(), read_only=True) as store:
        assert store.find_officials("Zakharova")
    assert "Failures report" in [h.value for h in app.subheader]


@pytest.mark.parametrize("line", ["/etc", "/", "file:///etc/passwd", "../../", "~"])
def test_the_url_box_reads_no_server_path(seeded_env: GraphStore, gated: None, line: str) -> None:
    before = seeded_env.counts()
    app = signed_in_page("ingest")
    app.text_area(key="urls").input(f"{line}\n")
    app.button[0].click().run(timeout=60)
    assert not app.exception, [e.value for e in app.exception]
    assert [e.value for e in app.error] == [
        md_escape(f"only http:// and https:// URLs are taken here, not: {line}")
    ]
    assert not app.success
    assert not (Path(load_settings().data_dir) / "failures.jsonl").exists()
    assert seeded_env.counts() == before


def test_without_a_password_the_ingest_page_writes_nothing_and_says_how_to_allow_it(
    seeded_env: GraphStore,
) -> None:
    app = open_page("ingest")
    assert "SAIDGRAPH_DASHBOARD_PASSWORD" in app.info[0].value
    assert app.get("file_uploader") == [] and app.text_area == [] and app.button == []
    assert "Failures report" in [h.value for h in app.subheader]


def test_without_the_upload_gate_the_ingest_page_writes_nothing(
    seeded_env: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAIDGRAPH_DASHBOARD_PASSWORD", PASSWORD)
    signed_in_sessions.cache_clear()
    app = signed_in_page("ingest")
    assert "without the upload gate" in app.info[0].value
    assert app.get("file_uploader") == [] and app.text_area == []


def test_a_configured_password_gates_every_page(
    seeded_env: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAIDGRAPH_DASHBOARD_PASSWORD", "s3cret-Ünïcode")
    st.cache_resource.clear()
    app = AppTest.from_file(str(APP), default_timeout=90).run()
    assert not app.exception
    assert [m.label for m in app.metric] == []  # nothing of the graph before signing in
    assert app.text_input[0].proto.type == app.text_input[0].proto.PASSWORD
    app.text_input[0].input("wrong")
    app.button[0].click().run()
    assert "Wrong password" in app.error[0].value
    assert "s3cret" not in " ".join(str(e.proto) for e in app.main)
    app.text_input[0].input("s3cret-Ünïcode")
    app.button[0].click().run()
    assert not app.exception
    assert app.title[0].value == "saidgraph: who said what"
    assert "Statements" in [m.label for m in app.metric]


@pytest.fixture
def mixed_env(
    request: pytest.FixtureRequest, store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[GraphStore]:
    """Each store holding one official seen as two people (as an earlier version could write it)."""
    from tests.ingest.test_identity_audit import article

    store.write_article(
        article("Bill Clinton said the plan would work.", "Bill Clinton", "the plan would work")
    )
    store.write_article(article("Barbara Clinton said taxes rose.", "Barbara Clinton", "taxes rose"))
    yield from _app_on(store, request, tmp_path, monkeypatch)


def test_the_identity_audit_lists_a_node_holding_two_people_with_its_fix(mixed_env: GraphStore) -> None:
    app = open_page("audit")
    assert app.metric[0].value == "1"
    assert any(md_escape("several first names: Bill, Barbara") in m.value for m in app.markdown)
    assert '- name: "Barbara Clinton"' in app.code[0].value
    assert "Barbara Clinton said taxes rose" in tables(app)


def test_the_identity_audit_says_when_nothing_is_at_risk(seeded_env: GraphStore) -> None:
    app = open_page("audit")
    assert "No speaker node at risk" in app.success[0].value


@pytest.fixture
def unnamed_env(
    request: pytest.FixtureRequest, store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[GraphStore]:
    """Each store holding an article where critics and officials speak unnamed."""
    from tests.graph.conftest import with_unnamed_sources

    store.write_article(with_unnamed_sources())
    yield from _app_on(store, request, tmp_path, monkeypatch)


def test_an_event_page_shows_what_unnamed_sources_said(unnamed_env: GraphStore) -> None:
    from tests.graph.conftest import RALLIES

    app = open_page("event", id=RALLIES.id)
    assert f"**{md_escape('Critics (unnamed group, as written)')}** · 1 statement" in links(app)
    assert "the footage was selective" in tables(app)


def test_an_unnamed_sources_page_says_what_it_is(unnamed_env: GraphStore) -> None:
    from tests.graph.conftest import with_unnamed_sources

    officials = next(u for u in with_unnamed_sources().unnamed_sources if u.name == "Officials")
    app = open_page("official", id=officials.id)
    assert "never matched with anyone in other articles" in app.caption[0].value
    assert "the police acted lawfully" in tables(app)
