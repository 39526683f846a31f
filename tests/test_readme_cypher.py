"""The README's example Cypher runs against Neo4j on a real ingested article."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from spacy.language import Language

from graph.store import GraphStore
from ingest.extract.extractor import Extractor
from ingest.failures import FailureLog
from ingest.metadata import read_meta
from ingest.pipeline import run_ingest
from ingest.sources.files import read_paths

REPO = Path(__file__).resolve().parent.parent
BLOCK = re.search(r"```cypher\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.DOTALL)
QUERIES = [q.strip() for q in BLOCK.group(1).split(";") if q.strip()] if BLOCK else []


def test_the_readme_has_five_example_queries() -> None:
    assert len(QUERIES) == 5


@pytest.mark.neo4j
@pytest.mark.slow
@pytest.mark.parametrize("query", QUERIES, ids=[f"query{n}" for n in range(1, len(QUERIES) + 1)])
def test_readme_query_returns_rows(
    query: str, neo4j_store: GraphStore, nlp: Language, tmp_path: Path
) -> None:
    run_ingest(
        read_paths(
            [
                REPO / "examples" / "tass-kremlin-footage.txt",
                REPO / "examples" / "pd-01-voa-kremlin-downplays-russia-protests.txt",  # "they said"
            ]
        ),
        store=neo4j_store,
        extractor=Extractor(nlp),
        read_meta=read_meta,
        failures=FailureLog(tmp_path / "failures.jsonl"),
    )
    result = neo4j_store.run_cypher(query)
    assert result.rows, query
