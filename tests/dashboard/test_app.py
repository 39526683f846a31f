"""The dashboard's who-said-what page, run by Streamlit's AppTest on a graph seeded by a real ingest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from spacy.language import Language
from streamlit.testing.v1 import AppTest

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
    for key in [k for k in __import__("os").environ if k.startswith("SAIDGRAPH_")]:
        monkeypatch.delenv(key)
    if store.kind == "neo4j":
        server = request.getfixturevalue("neo4j_server")
        monkeypatch.setenv("SAIDGRAPH_STORE", "neo4j")
        monkeypatch.setenv("SAIDGRAPH_NEO4J_URI", str(server["uri"]))
        monkeypatch.setenv("SAIDGRAPH_NEO4J_PASSWORD", str(server["password"] or ""))
    else:
        store.close()
        monkeypatch.setenv("SAIDGRAPH_DATA_DIR", str(tmp_path))
    st.cache_resource.clear()
    yield store
    st.cache_resource.clear()


def test_event_page_lists_who_said_what(seeded_env: GraphStore) -> None:
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not app.exception
    app.text_input[0].input("rallies").run()
    assert not app.exception
    table = app.dataframe[0].value
    peskov = table[table["speaker"] == "Dmitry Peskov"]
    assert len(peskov) >= 9
    assert set(peskov["role"]) == {"Kremlin Spokesman"}
    assert any("We need to see each specific case separately." in s for s in peskov["statement"])
    assert app.query_params["event"] == "rallies"


def test_no_match_says_how_to_ingest(seeded_env: GraphStore) -> None:
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    app.text_input[0].input("no such event anywhere").run()
    assert not app.exception
    assert "No event matches" in app.info[0].value


def test_provenance_marks_the_statement_in_its_article(seeded_env: GraphStore) -> None:
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    app.text_input[0].input("rallies").run()
    statements = app.selectbox[1]
    told = next(i for i, label in enumerate(statements.options) if "(told)" in label)
    statements.set_value(told).run()
    assert not app.exception
    rendered = " ".join(str(element.proto) for element in app.get("html"))
    assert 'class=\\"sg-content\\"' in rendered or 'class="sg-content"' in rendered
    assert "Many examples of video footage from the January 31 unlawful rallies" in rendered
    assert "sg-speaker" in rendered and "Kremlin Spokesman Dmitry Peskov" in rendered
