"""Fixtures for the ingest tests."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from spacy.language import Language

from graph.model import ArticleGraph
from ingest.article import RawArticle
from ingest.extract.extractor import Extractor
from ingest.extract.gender import FirstNames
from ingest.graph_builder import ArticleMeta, build_article_graph

BuildGraph = Callable[[str], ArticleGraph]


@pytest.fixture
def bounded() -> Callable[..., Any]:
    """Run ``action`` and return its result, failing the test if it has not returned in ``seconds``
    (a hung run fails instead of hanging the suite; its daemon thread is left behind)."""

    def run(action: Callable[[], Any], *, seconds: float) -> Any:
        result: list[Any] = []
        thread = threading.Thread(target=lambda: result.append(action()), daemon=True)
        thread.start()
        thread.join(timeout=seconds)
        assert not thread.is_alive(), f"still running after {seconds} s"
        assert result, "it raised: see the thread's traceback above"
        return result[0]

    return run


@pytest.fixture(scope="session")
def build_graph(nlp: Language) -> BuildGraph:
    """Extract a text and build the subgraph ingest would write for it (published 2016-01-04)."""
    extractor = Extractor(nlp, first_names=FirstNames.load())

    def run(text: str) -> ArticleGraph:
        raw = RawArticle(text=text, location=text[:20])
        return build_article_graph(raw, extractor.extract(raw), ArticleMeta(published="2016-01-04"))

    return run
