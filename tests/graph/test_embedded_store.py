"""What only the embedded store promises: its file, its lock, its readers."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph import embedded_store
from graph.embedded_store import EmbeddedStore
from graph.errors import StoreCorruptError, StoreError, StoreLockedError
from graph.model import ArticleGraph, OfficialNode

from .conftest import PESKOV

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


@pytest.mark.parametrize("fold", [False, True], ids=["journal", "snapshot"])
def test_a_reader_builds_the_surname_index_from_the_files(
    tmp_path: Path, articles: list[ArticleGraph], monkeypatch: pytest.MonkeyPatch, fold: bool
) -> None:
    path = tmp_path / "graph.json"
    monkeypatch.setattr(embedded_store, "COMPACT_MIN_BYTES", 0 if fold else 1 << 30)
    with EmbeddedStore.open(path) as writer:
        writer.write_article(articles[0])
        assert (files(path)[1] == b"") is fold  # folded into the snapshot, or still in the journal
        with EmbeddedStore.open(path, read_only=True) as reader:
            assert reader.officials_by_surname("peskov") == writer.officials_by_surname("Peskov") == [PESKOV]
            assert reader.officials_by_surname("Dmitry") == []


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


def files(path: Path) -> tuple[bytes | None, bytes | None]:
    """The snapshot's and the journal's bytes (``None`` where a file does not exist)."""
    journal = path.with_name(path.name + ".journal")
    return (
        path.read_bytes() if path.exists() else None,
        journal.read_bytes() if journal.exists() else None,
    )


def same_graph(one: EmbeddedStore, other: EmbeddedStore) -> bool:
    """Same nodes with the same labels and properties, same edges with the same attributes."""
    nodes = dict(one.graph.nodes(data=True)) == dict(other.graph.nodes(data=True))
    edges = sorted(map(repr, one.graph.edges(keys=True, data=True))) == sorted(
        map(repr, other.graph.edges(keys=True, data=True))
    )
    return nodes and edges


def test_a_batch_is_made_durable_once_at_its_end(tmp_path: Path, articles: list[ArticleGraph]) -> None:
    path = tmp_path / "graph.json"
    with EmbeddedStore.open(path) as store:
        store.write_article(articles[0])
        before = files(path)
        with store.batch():
            store.write_article(articles[1])
            store.write_article(articles[2])
            assert files(path) == before  # nothing on disk until the batch ends
        assert files(path) != before
        with EmbeddedStore.open(path, read_only=True) as reader:
            assert reader.counts().nodes["Article"] == 3


def test_writing_one_article_appends_it_and_leaves_the_snapshot_alone(
    tmp_path: Path, articles: list[ArticleGraph]
) -> None:
    path = tmp_path / "graph.json"
    with EmbeddedStore.open(path) as store:
        store.write_article(articles[0])
        store.write_article(articles[1])
    snapshot, journal = files(path)
    assert snapshot is not None and journal in (None, b"")  # a small graph is folded on close
    with EmbeddedStore.open(path) as store:
        store.write_article(articles[2])
        after_snapshot, after_journal = files(path)
        assert after_snapshot == snapshot
        assert after_journal is not None and after_journal.count(b"\n") == 1
        assert articles[2].article.id.encode() in after_journal


def test_the_journal_replays_to_the_graph_the_writer_holds(
    tmp_path: Path, articles: list[ArticleGraph]
) -> None:
    path = tmp_path / "graph.json"
    tass, voa, state = articles
    with EmbeddedStore.open(path) as writer:
        for article in articles:
            writer.write_article(article)
        writer.delete_article(voa.article.id)
        writer.write_article(voa)
        writer.merge_officials(OfficialNode(id="official:peskov", name="D. Peskov"), [tass.officials[0].id])
        writer.delete_article(state.article.id)
        with EmbeddedStore.open(path, read_only=True) as reader:  # snapshot + journal, replayed
            assert same_graph(reader, writer)
            assert reader.counts() == writer.counts()
            assert reader.search_claims("footage") == writer.search_claims("footage")


def test_an_edit_that_drops_a_shared_claim_reaches_the_readers(
    tmp_path: Path, articles: list[ArticleGraph]
) -> None:
    """The edit removes edges between nodes that stay (the claim is still reported elsewhere): a
    reader replaying the journal must remove them too, or it shows the dropped statement."""
    path = tmp_path / "graph.json"
    tass, voa, _ = articles
    footage = tass.claims[0].id
    assert footage == voa.claims[0].id  # both articles report Peskov's footage claim
    edited = dataclasses.replace(tass, claims=tass.claims[1:], stated=tass.stated[1:])
    with EmbeddedStore.open(path) as writer:
        writer.write_article(tass)
        writer.write_article(voa)
        with EmbeddedStore.open(path, read_only=True) as following:
            assert sorted(r.article_source for r in following.statements_for_claim(footage)) == [
                "TASS",
                "VOA",
            ]
            writer.write_article(edited)
            with EmbeddedStore.open(path, read_only=True) as opened_after:
                for reader in (following, opened_after):
                    assert [r.article_source for r in reader.statements_for_claim(footage)] == ["VOA"]
                    assert [r.claim_id for r in reader.statements_in_article(tass.article.id)] == [
                        c.id for c in edited.claims
                    ]
                    assert same_graph(reader, writer)


def test_a_reader_follows_the_journal_and_a_new_snapshot(
    tmp_path: Path, articles: list[ArticleGraph], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "graph.json"
    with EmbeddedStore.open(path) as writer, EmbeddedStore.open(path, read_only=True) as reader:
        writer.write_article(articles[0])
        assert reader.counts().nodes["Article"] == 1
        writer.write_article(articles[1])
        assert reader.counts().nodes["Article"] == 2
        monkeypatch.setattr(embedded_store, "COMPACT_MIN_BYTES", 0)
        writer.write_article(articles[2])  # the journal now outgrows the snapshot: folded into it
        assert files(path)[1] == b""
        assert reader.counts().nodes["Article"] == 3
        assert same_graph(reader, writer)


@pytest.fixture
def folded(tmp_path: Path, articles: list[ArticleGraph]) -> Path:
    """A graph of one article, folded into its snapshot (the journal is empty)."""
    path = tmp_path / "graph.json"
    with EmbeddedStore.open(path) as writer:
        writer.write_article(articles[0])
    return path


def test_a_torn_last_write_is_ignored_by_readers_and_cut_by_the_next_writer(
    folded: Path, articles: list[ArticleGraph]
) -> None:
    path = folded
    journal = path.with_name("graph.json.journal")
    with EmbeddedStore.open(path) as writer:
        writer.write_article(articles[1])
        whole = journal.read_bytes()
        with journal.open("ab") as handle:  # what kill -9 in the middle of an append leaves
            handle.write(b'{"seq":9,"changes":[{"nodes":[["article:x","Art')
        with EmbeddedStore.open(path, read_only=True) as reader:
            assert reader.counts().nodes["Article"] == 2
        assert writer._lock is not None
        writer._lock.close()  # the crashed process never closed the store, its lock went with it
        writer._lock = None
    with EmbeddedStore.open(path) as writer:
        assert journal.read_bytes() == whole
        writer.write_article(articles[2])
    with EmbeddedStore.open(path, read_only=True) as reader:
        assert reader.counts().nodes["Article"] == 3


def test_a_journal_the_snapshot_already_includes_is_not_applied_twice(
    folded: Path, articles: list[ArticleGraph]
) -> None:
    """A crash between writing a new snapshot and emptying the journal loses and repeats nothing."""
    path = folded
    journal = path.with_name("graph.json.journal")
    with EmbeddedStore.open(path) as writer:
        writer.write_article(articles[1])
        writer.delete_article(articles[0].article.id)
        stale = journal.read_bytes()
    journal.write_bytes(stale)  # the close folded it into the snapshot; put it back
    with EmbeddedStore.open(path, read_only=True) as reader:
        assert reader.counts().nodes["Article"] == 1
        assert reader.article_text(articles[0].article.id) is None
    with EmbeddedStore.open(path) as writer:  # appends after the stale lines: these are read past
        writer.write_article(articles[2])
        with EmbeddedStore.open(path, read_only=True) as reader:
            assert reader.counts().nodes["Article"] == 2
            assert reader.article_text(articles[2].article.id) == articles[2].article.text
            assert reader.article_text(articles[0].article.id) is None


def test_a_reader_follows_an_edit_of_an_article_it_already_holds(
    tmp_path: Path, articles: list[ArticleGraph]
) -> None:
    path = tmp_path / "graph.json"
    tass = articles[0]
    moved = dataclasses.replace(
        tass, article=dataclasses.replace(tass.article, title="Kremlin urges calm", location="moved/tass.txt")
    )
    with EmbeddedStore.open(path) as writer, EmbeddedStore.open(path, read_only=True) as reader:
        writer.write_article(tass)
        assert reader.article_at("tass.txt") == tass.article.id
        writer.write_article(moved)
        assert reader.article_at("tass.txt") is None
        assert reader.article_at("moved/tass.txt") == tass.article.id
        rows = reader.statements_in_article(tass.article.id)
        assert {(r.article_title, r.article_location) for r in rows} == {
            ("Kremlin urges calm", "moved/tass.txt")
        }
        assert same_graph(reader, writer)


def test_an_unreadable_journal_is_refused_naming_it(folded: Path) -> None:
    journal = folded.with_name("graph.json.journal")
    journal.write_bytes(b'{"seq": 7, "changes": [}\n')  # a whole line: not a crash's doing
    with pytest.raises(StoreCorruptError, match="JSONDecodeError") as raised:
        EmbeddedStore.open(folded, read_only=True)
    assert str(raised.value).startswith(f"{journal} cannot be read")
    journal.unlink()
    journal.mkdir()
    with pytest.raises(StoreCorruptError, match="IsADirectoryError") as raised:
        EmbeddedStore.open(folded, read_only=True)
    assert str(raised.value).startswith(f"{journal} cannot be read")


def test_a_version_1_file_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    path.write_text(
        json.dumps(
            {
                "format": "saidgraph-embedded",
                "version": 1,
                "nodes": [
                    {
                        "id": "official:a",
                        "label": "Official",
                        "properties": {"id": "official:a", "name": "A"},
                    },
                    {"id": "claim:c", "label": "Claim", "properties": {"id": "claim:c", "text": "x y"}},
                ],
                "edges": [
                    {
                        "source": "official:a",
                        "target": "claim:c",
                        "key": "STATED@article:z",
                        "type": "STATED",
                        "properties": {"article_id": "article:z"},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    with EmbeddedStore.open(path, read_only=True) as store:
        assert store.counts().relationships["STATED"] == 1
        assert [o.name for o in store.find_officials("a")] == ["A"]


def test_the_file_gets_the_usual_permissions(tmp_path: Path, articles: list[ArticleGraph]) -> None:
    import os
    import stat

    path = tmp_path / "graph.json"
    with EmbeddedStore.open(path) as store:
        store.write_article(articles[0])
    current = os.umask(0)
    os.umask(current)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~current
