"""What only the embedded store promises: its file, its lock, its readers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from graph.embedded_store import EmbeddedStore
from graph.errors import StoreCorruptError, StoreError, StoreLockedError
from graph.model import ArticleGraph

OPEN_IN_ANOTHER_PROCESS = (
    "import sys, pathlib\n"
    "from graph.embedded_store import EmbeddedStore\n"
    "EmbeddedStore.open(pathlib.Path(sys.argv[1]))\n"
)


def test_the_graph_survives_reopening(tmp_path: Path, articles: list[ArticleGraph]) -> None:
    path = tmp_path / "graph.json"
    with EmbeddedStore.open(path) as store:
        for article in articles:
            store.write_article(article)
        counts = store.counts()
    with EmbeddedStore.open(path) as again:
        assert again.counts() == counts


def test_a_corrupt_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    path.write_text('{"format": "saidgraph-embedded", "version": 1, "nodes": [', encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(StoreCorruptError, match="left untouched"):
        EmbeddedStore.open(path)
    assert path.read_bytes() == before


def test_a_second_writer_process_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    with EmbeddedStore.open(path):
        other = subprocess.run(
            [sys.executable, "-c", OPEN_IN_ANOTHER_PROCESS, str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
    assert other.returncode != 0
    assert "is being written by another saidgraph process" in other.stderr
    with EmbeddedStore.open(path):  # the lock is released on close
        pass


def test_the_same_process_cannot_open_two_writers_either(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    with EmbeddedStore.open(path), pytest.raises(StoreLockedError):
        EmbeddedStore.open(path)


def test_a_reader_sees_new_writes_and_cannot_write(tmp_path: Path, articles: list[ArticleGraph]) -> None:
    path = tmp_path / "graph.json"
    with EmbeddedStore.open(path) as writer, EmbeddedStore.open(path, read_only=True) as reader:
        assert reader.counts().nodes["Article"] == 0
        writer.write_article(articles[0])
        assert reader.counts().nodes["Article"] == 1
        with pytest.raises(StoreError, match="read-only"):
            reader.write_article(articles[1])


def test_a_batch_is_saved_once_at_its_end(tmp_path: Path, articles: list[ArticleGraph]) -> None:
    path = tmp_path / "graph.json"
    with EmbeddedStore.open(path) as store:
        store.write_article(articles[0])
        saved = path.stat().st_mtime_ns, path.read_bytes()
        with store.batch():
            store.write_article(articles[1])
            store.write_article(articles[2])
            assert (path.stat().st_mtime_ns, path.read_bytes()) == saved
        assert path.read_bytes() != saved[1]
    with EmbeddedStore.open(path) as again:
        assert again.counts().nodes["Article"] == 3


def test_the_file_gets_the_usual_permissions(tmp_path: Path, articles: list[ArticleGraph]) -> None:
    import os
    import stat

    path = tmp_path / "graph.json"
    with EmbeddedStore.open(path) as store:
        store.write_article(articles[0])
    current = os.umask(0)
    os.umask(current)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~current
