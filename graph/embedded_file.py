"""The embedded store's files: a snapshot of the whole graph and a journal of the changes since.

``graph.json`` (the snapshot) holds every node and edge and the sequence number of the last change it
includes; ``graph.json.journal`` holds one JSON line per durable write (a batch of changes), each
with its sequence number. A write appends one line and fsyncs it, so saving one article costs the
article, not the graph; now and then the journal is folded into a new snapshot (written to a temp file,
fsynced, then ``os.replace``d), so the previous snapshot survives a crash during that save.

A crash while appending leaves at most a torn last line without its newline: readers ignore it and the
next writer cuts it off. Lines whose sequence number the snapshot already includes are skipped, so a
crash between replacing the snapshot and emptying the journal loses and repeats nothing.
"""

from __future__ import annotations

import contextlib
import gc
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from graph.errors import StoreCorruptError, StoreError

FORMAT = "saidgraph-embedded"
VERSION = 2
"""Version 2: edges as ``[source, target, key, attributes]`` and a ``seq``; version 1 is still read."""

JOURNAL_SUFFIX = ".journal"

NodeRecord = list[Any]  # [id, label, properties]
EdgeRecord = list[Any]  # [source, target, key, attributes (with "type")]


@dataclass
class Snapshot:
    """A whole graph as stored: nodes, edges and the last journal sequence number it includes."""

    seq: int = 0
    nodes: list[NodeRecord] = field(default_factory=list)
    edges: list[EdgeRecord] = field(default_factory=list)


@dataclass(frozen=True)
class JournalRead:
    """What a journal read found: each entry's ``(seq, changes)``, and where the whole lines end."""

    entries: list[tuple[int, list[dict[str, Any]]]]
    end: int


class GraphFile:
    """Reads and writes one embedded graph's snapshot and journal."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.journal_path = path.with_name(path.name + JOURNAL_SUFFIX)

    # --- identities --------------------------------------------------------------------------------

    def snapshot_identity(self) -> tuple[int, int, int] | None:
        """What changes whenever the snapshot is replaced (inode, size, mtime); ``None`` if absent."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        return (stat.st_ino, stat.st_size, stat.st_mtime_ns)

    def snapshot_size(self) -> int:
        identity = self.snapshot_identity()
        return identity[1] if identity is not None else 0

    def journal_size(self) -> int:
        try:
            return self.journal_path.stat().st_size
        except FileNotFoundError:
            return 0

    # --- snapshot ----------------------------------------------------------------------------------

    def read_snapshot(self) -> Snapshot | None:
        """The stored snapshot, or ``None`` if there is none yet.

        Raises :class:`StoreCorruptError` (the file is left untouched) if it cannot be read.
        """
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise self._corrupt(self.path, exc) from exc
        try:
            with collector_paused():
                data = orjson.loads(raw)
                return _snapshot_from(data)
        except (orjson.JSONDecodeError, ValueError, KeyError, TypeError, IndexError) as exc:
            raise self._corrupt(self.path, exc) from exc

    def write_snapshot(self, snapshot: Snapshot) -> None:
        """Replace the snapshot atomically: the old one stays whole until the new one is on disk."""
        payload = {
            "format": FORMAT,
            "version": VERSION,
            "seq": snapshot.seq,
            "nodes": snapshot.nodes,
            "edges": snapshot.edges,
        }
        data = orjson.dumps(payload)
        fd, temp_name = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=self.path.parent)
        try:
            # mkstemp makes the file private; the graph is as readable as any file the user creates
            os.fchmod(fd, 0o666 & ~_umask())
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            Path(temp_name).replace(self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                Path(temp_name).unlink()
            raise

    # --- journal -----------------------------------------------------------------------------------

    def read_journal(self, offset: int = 0) -> JournalRead:
        """The journal's whole lines from byte ``offset`` on; a torn last line is left out.

        Raises :class:`StoreCorruptError` if a whole line cannot be read (not a crash's doing).
        """
        try:
            with self.journal_path.open("rb") as handle:
                handle.seek(offset)
                raw = handle.read()
        except FileNotFoundError:
            return JournalRead(entries=[], end=offset)
        except OSError as exc:
            raise self._corrupt(self.journal_path, exc) from exc
        whole = raw.rfind(b"\n") + 1
        entries = []
        try:
            with collector_paused():
                for line in raw[:whole].splitlines():
                    if line.strip():
                        entry = orjson.loads(line)
                        entries.append((int(entry["seq"]), list(entry["changes"])))
        except (orjson.JSONDecodeError, ValueError, KeyError, TypeError) as exc:
            raise self._corrupt(self.journal_path, exc) from exc
        return JournalRead(entries=entries, end=offset + whole)

    def append_journal(self, seq: int, changes: list[bytes]) -> int:
        """Append one entry (already serialised changes) and fsync it; returns the journal's size."""
        line = b'{"seq":%d,"changes":[%s]}\n' % (seq, b",".join(changes))
        try:
            fd = os.open(self.journal_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
            try:
                os.write(fd, line)
                os.fsync(fd)
                return os.fstat(fd).st_size
            finally:
                os.close(fd)
        except OSError as exc:
            raise StoreError(f"cannot write {self.journal_path}: {exc.strerror}") from exc

    def truncate_journal(self, size: int = 0) -> None:
        """Cut the journal to ``size`` bytes (0 after a new snapshot; a torn tail after a crash)."""
        if size == 0 and not self.journal_path.exists():
            return
        try:
            with self.journal_path.open("r+b") as handle:
                handle.truncate(size)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise StoreError(f"cannot write {self.journal_path}: {exc.strerror}") from exc

    @staticmethod
    def _corrupt(path: Path, exc: BaseException) -> StoreCorruptError:
        return StoreCorruptError(
            f"{path} cannot be read as a saidgraph graph ({exc.__class__.__name__}: {exc}); "
            "it was left untouched: move it away to start a new graph"
        )


def _snapshot_from(data: Any) -> Snapshot:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("not a saidgraph embedded graph")
    version = data.get("version")
    if version == 1:
        return Snapshot(
            seq=0,
            nodes=[[n["id"], n["label"], n["properties"]] for n in data["nodes"]],
            edges=[
                [e["source"], e["target"], e["key"], {"type": e["type"], **e["properties"]}]
                for e in data["edges"]
            ],
        )
    if version != VERSION:
        raise ValueError(f"format version {version} is not {VERSION}")
    nodes, edges = data["nodes"], data["edges"]
    if not isinstance(nodes, list) or not isinstance(edges, list):
        raise ValueError("nodes and edges must be lists")
    return Snapshot(seq=int(data.get("seq") or 0), nodes=nodes, edges=edges)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of objects are made at once: they hold no
    cycles, and scanning them again and again would double the time a large graph takes to load."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
