"""The embedded store: a networkx ``MultiDiGraph`` persisted to a snapshot and a journal; no server.

Nodes carry ``label`` and ``properties``; edges carry ``type`` and their properties, keyed by the
relationship type (``STATED@<article id>`` for STATED, one per reporting article). Every change
(writing an article, deleting one, merging officials) is recorded as the final state of the nodes and
edges it touched, and made durable by appending it to the journal (``graph.json.journal``; see
:mod:`graph.embedded_file`): saving one article costs the article, not the graph. The journal is
folded into the snapshot (``graph.json``, replaced atomically) when it has grown large. One process
writes at a time (an advisory lock beside the file); readers take no lock and apply what was appended
since they last looked.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import networkx as nx
import orjson

from graph import ids, records, schema
from graph.embedded_file import GraphFile, Snapshot, collector_paused
from graph.errors import StoreCorruptError, StoreError, StoreLockedError
from graph.model import (
    ArticleGraph,
    Counts,
    EventProfile,
    EventSummary,
    GraphEdge,
    GraphNode,
    Membership,
    OfficialNode,
    OfficialProfile,
    OfficialSummary,
    SpeakerCount,
    StatementFact,
    StatementRow,
    Subgraph,
)
from graph.store import DEFAULT_LIMIT, PROFILE_EVENTS, GraphStore, merged_by_aliases
from graph.validation import validate_article_graph

log = logging.getLogger(__name__)

COMPACT_MIN_BYTES = 8 * 2**20
"""A journal is folded into the snapshot once it is larger than this and ..."""
COMPACT_RATIO = 0.5
"""... larger than this share of the snapshot (so a load reads at most 1.5 x the graph)."""
CLOSE_COMPACT_RATIO = 0.1
"""On close a writer also folds a journal over this share of the snapshot, or any journal of a
snapshot under ``COMPACT_MIN_BYTES`` (cheap to rewrite), so a finished run usually leaves one file."""

MANY_CLAIMS = 1000
"""A claim search matching more claims than this walks the claims in date order instead of sorting
all their statements (a common word matches a good share of a large graph)."""

EdgeKey = tuple[str, str, str]
StatementKey = tuple[bool, str, str, int, str]


def _stated_key(article_id: str) -> str:
    return f"{schema.STATED}@{article_id}"


class EmbeddedStore(GraphStore):
    """A :class:`GraphStore` held in memory and persisted to a snapshot and a journal."""

    kind = "embedded"

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.file = GraphFile(path)
        self.read_only = read_only
        self.graph: Any = nx.MultiDiGraph()
        self.by_label: dict[str, set[str]] = {label: set() for label in schema.LABELS}
        self._claims_by_word: dict[str, set[str]] | None = None  # built on the first claim search
        self._articles_at: dict[str, set[str]] = {}
        self._officials_by_surname: dict[str, set[str]] = {}
        self._derived: dict[str, Any] = {}  # counts computed once per state of the graph
        self._lock: IO[str] | None = None
        self._seq = 0  # the last journal entry applied
        self._snapshot_id: tuple[int, int, int] | None = None
        self._journal_end = 0  # readers: where the next journal read starts
        self._deferred = 0
        self._pending: list[bytes] = []  # changes made but not yet in the journal
        self._touched_nodes: set[str] = set()
        self._touched_edges: set[EdgeKey] = set()

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> EmbeddedStore:
        """Open (and for writers, lock) the store at ``path``; a missing file is an empty graph.

        Raises :class:`StoreLockedError` if another process is writing it and
        :class:`StoreCorruptError` if the file exists but cannot be read (it is left untouched).
        """
        store = cls(path, read_only=read_only)
        if not read_only:
            store._take_lock()
        try:
            store._load()
        except BaseException:
            store.close()
            raise
        return store

    # --- files -------------------------------------------------------------------------------------

    def _take_lock(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the data directory {self.path.parent}: {exc.strerror}") from exc
        lock_path = self.path.with_name(self.path.name + ".lock")
        handle = lock_path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise StoreLockedError(
                    f"{self.path} is being written by another saidgraph process (pid {holder}); "
                    "wait for it to finish or stop it"
                ) from exc
            raise StoreError(f"cannot lock {lock_path}: {exc.strerror}") from exc
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._lock = handle

    def _reset(self) -> None:
        self.graph = nx.MultiDiGraph()
        self.by_label = {label: set() for label in schema.LABELS}
        self._claims_by_word = None
        self._articles_at = {}
        self._officials_by_surname = {}
        self._derived = {}
        self._seq = 0

    def _load(self) -> None:
        """Read the snapshot and apply the journal entries it does not include yet."""
        self._reset()
        self._snapshot_id = self.file.snapshot_identity()
        snapshot = self.file.read_snapshot()
        if snapshot is not None:
            try:
                self._build(snapshot)
            except (KeyError, TypeError, ValueError, IndexError) as exc:
                raise StoreCorruptError(
                    f"{self.path} cannot be read as a saidgraph graph ({exc.__class__.__name__}: {exc}); "
                    "it was left untouched: move it away to start a new graph"
                ) from exc
        self._journal_end = 0
        self._apply_journal()
        # The graph is millions of long-lived objects without cycles: keep the cyclic collector from
        # walking them all again after every few thousand allocations a query makes.
        gc.freeze()
        # a crash while appending can leave a torn last line: a writer cuts it before appending again
        if not self.read_only and self.file.journal_size() > self._journal_end:
            log.warning("%s ends in a torn write (a crash); dropping it", self.file.journal_path)
            self.file.truncate_journal(self._journal_end)

    def _build(self, snapshot: Snapshot) -> None:
        """Fill the graph from a snapshot in bulk (as ``add_node``/``add_edge`` would, several times
        faster: the adjacency dicts are networkx's documented data structure)."""
        graph = nx.MultiDiGraph()
        node, succ, pred = graph._node, graph._succ, graph._pred
        by_label = self.by_label
        with collector_paused():
            for node_id, label, props in snapshot.nodes:
                node[node_id] = {"label": label, "properties": props}
                succ[node_id] = {}
                pred[node_id] = {}
                by_label[label].add(node_id)
                if label in (schema.ARTICLE, schema.OFFICIAL):
                    self._index(node_id, label, props, add=True)
            for source, target, key, attrs in snapshot.edges:
                out = succ[source]
                keys = out.get(target)
                if keys is None:
                    keys = out[target] = {}
                    pred[target][source] = keys
                keys[key] = attrs
        self.graph = graph
        self._seq = snapshot.seq

    def _apply_journal(self) -> None:
        read = self.file.read_journal(self._journal_end)
        for seq, changes in read.entries:
            if seq <= self._seq:
                continue  # already in the snapshot
            for change in changes:
                self._replay(change)
            self._seq = seq
        if read.entries:
            self._derived = {}
        self._journal_end = read.end

    def _replay(self, change: dict[str, Any]) -> None:
        """Apply one recorded change: the final state of every node and edge it touched."""
        for node_id in change.get("gone", ()):
            if node_id in self.graph:
                self._remove_node(node_id)
        for node_id, label, props in change.get("nodes", ()):
            if node_id in self.graph:
                old_label = self.graph.nodes[node_id]["label"]
                self._index(node_id, old_label, self._props(node_id), add=False)
                self.by_label[old_label].discard(node_id)
                self.graph.nodes[node_id].update(label=label, properties=props)
                self.by_label[label].add(node_id)
                self._index(node_id, label, props, add=True)
            else:
                self._add_node(node_id, label, props)
        for source, target, key in change.get("cut", ()):
            if self.graph.has_edge(source, target, key=key):
                self.graph.remove_edge(source, target, key=key)
        for source, target, key, attrs in change.get("edges", ()):
            if self.graph.has_edge(source, target, key=key):
                data = self.graph.edges[source, target, key]
                data.clear()
                data.update(attrs)
            else:
                self.graph.add_edge(source, target, key=key, **attrs)
        self._touched_nodes.clear()
        self._touched_edges.clear()

    def _snapshot(self) -> Snapshot:
        return Snapshot(
            seq=self._seq,
            nodes=[[n, a["label"], a["properties"]] for n, a in self.graph.nodes(data=True)],
            edges=[[s, t, k, a] for s, t, k, a in self.graph.edges(keys=True, data=True)],
        )

    def _flush(self) -> None:
        """Make the pending changes durable: one journal entry, then fold the journal if it is big."""
        if not self._pending:
            return
        size = self.file.append_journal(self._seq + 1, self._pending)
        self._seq += 1
        self._pending = []
        if size > max(COMPACT_MIN_BYTES, COMPACT_RATIO * self.file.snapshot_size()):
            self._compact()

    def compact(self) -> None:
        """Fold the journal into a new snapshot now (``graph.json`` then holds the whole graph)."""
        self._writable()
        self._flush()
        if self.file.journal_size() or self.file.snapshot_identity() is None:
            self._compact()

    def _compact(self) -> None:
        """Write the whole graph as a new snapshot and empty the journal."""
        self.file.write_snapshot(self._snapshot())
        self.file.truncate_journal(0)
        self._snapshot_id = self.file.snapshot_identity()

    def _refresh(self) -> None:
        """Readers: apply what the writer appended since the last look (reload if it compacted)."""
        if not self.read_only:
            return
        if self.file.snapshot_identity() != self._snapshot_id or self.file.journal_size() < self._journal_end:
            self._load()
            return
        if self.file.journal_size() > self._journal_end:
            try:
                self._apply_journal()
            except StoreCorruptError:
                self._load()  # the writer cut a torn tail while we read: start again

    def close(self) -> None:
        if not self.read_only and self._lock is not None:
            self._flush()
            journal = self.file.journal_size()
            snapshot = self.file.snapshot_size()
            if journal and (snapshot < COMPACT_MIN_BYTES or journal > CLOSE_COMPACT_RATIO * snapshot):
                self._compact()
        if self._lock is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._lock.fileno(), fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None

    def batch(self) -> contextlib.AbstractContextManager[None]:
        """Make the block's writes durable together, as one journal entry, at its end."""
        return self.deferred_saves()

    @contextlib.contextmanager
    def deferred_saves(self) -> Iterator[None]:
        """Append the block's changes to the journal once, at its end (batch ingest)."""
        self._deferred += 1
        try:
            yield
        finally:
            self._deferred -= 1
            if self._deferred == 0:
                self._flush()

    def ensure_schema(self) -> None:
        """Nothing to create: uniqueness holds because node ids are the graph's keys."""

    # --- graph helpers -----------------------------------------------------------------------------

    def _add_node(self, node_id: str, label: str, properties: dict[str, Any]) -> None:
        self.graph.add_node(node_id, label=label, properties=properties)
        self.by_label[label].add(node_id)
        self._index(node_id, label, properties, add=True)
        self._touched_nodes.add(node_id)

    def _remove_node(self, node_id: str) -> None:
        label = self.graph.nodes[node_id]["label"]
        self._index(node_id, label, self._props(node_id), add=False)
        # the edges go with the node: record them, so a replay drops those not made again
        self._touched_edges.update(self.graph.out_edges(node_id, keys=True))
        self._touched_edges.update(self.graph.in_edges(node_id, keys=True))
        self.graph.remove_node(node_id)
        self.by_label[label].discard(node_id)
        self._touched_nodes.add(node_id)

    def _touch(self, node_id: str) -> None:
        """Record that a node's properties were changed in place."""
        self._touched_nodes.add(node_id)

    def _remove_edge(self, source: str, target: str, key: str) -> None:
        self.graph.remove_edge(source, target, key=key)
        self._touched_edges.add((source, target, key))

    def _change(self) -> bytes:
        """The final state of what the current mutation touched, serialised for the journal."""
        nodes, gone = [], []
        for node_id in sorted(self._touched_nodes):
            if node_id in self.graph:
                attrs = self.graph.nodes[node_id]
                nodes.append([node_id, attrs["label"], attrs["properties"]])
            else:
                gone.append(node_id)
        edges, cut = [], []
        for source, target, key in sorted(self._touched_edges):
            if self.graph.has_edge(source, target, key=key):
                edges.append([source, target, key, self.graph.edges[source, target, key]])
            else:
                cut.append([source, target, key])
        self._touched_nodes.clear()
        self._touched_edges.clear()
        return orjson.dumps({"nodes": nodes, "gone": gone, "edges": edges, "cut": cut})

    def _claim_words(self) -> dict[str, set[str]]:
        """The claim-text word index, built on first use (it is not needed to open the store)."""
        if self._claims_by_word is None:
            index: dict[str, set[str]] = {}
            with collector_paused():
                for claim_id in self.by_label[schema.CLAIM]:
                    for word in set(records.search_words(self._props(claim_id).get("text") or "")):
                        found = index.get(word)
                        if found is None:
                            index[word] = {claim_id}
                        else:
                            found.add(claim_id)
            self._claims_by_word = index
        return self._claims_by_word

    def _index(self, node_id: str, label: str, properties: dict[str, Any], *, add: bool) -> None:
        """Keep the look-up indexes (claim text words, article locations, official surnames) in step
        with a node."""
        if label == schema.CLAIM and self._claims_by_word is not None:
            keys, index = set(records.search_words(properties.get("text") or "")), self._claims_by_word
        elif label == schema.ARTICLE and properties.get("location") is not None:
            keys, index = {str(properties["location"])}, self._articles_at
        elif label == schema.OFFICIAL:
            keys, index = {ids.surname_key(str(properties.get("name") or ""))}, self._officials_by_surname
        else:
            return
        for key in keys:
            if add:
                index.setdefault(key, set()).add(node_id)
            elif key in index:
                index[key].discard(node_id)
                if not index[key]:
                    del index[key]

    def _props(self, node_id: str) -> dict[str, Any]:
        props: dict[str, Any] = self.graph.nodes[node_id]["properties"]
        return props

    def _label(self, node_id: str) -> str | None:
        if node_id not in self.graph:
            return None
        label: str = self.graph.nodes[node_id]["label"]
        return label

    # The two below read the adjacency dicts directly: every query walks them, and networkx's edge
    # views cost several times more per edge.

    def _out(self, node_id: str, rel_type: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
        for target, keys in self.graph._succ[node_id].items():
            for key, attrs in keys.items():
                if attrs["type"] == rel_type:
                    yield target, key, attrs

    def _in(self, node_id: str, rel_type: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
        for source, keys in self.graph._pred[node_id].items():
            for key, attrs in keys.items():
                if attrs["type"] == rel_type:
                    yield source, key, attrs

    def _merge_node(
        self,
        node_id: str,
        label: str,
        first_seen: dict[str, Any],
        last_seen: dict[str, Any],
        unions: dict[str, Iterable[str]],
    ) -> None:
        if node_id not in self.graph:
            props = {"id": node_id, **first_seen, **{k: [] for k in unions}}
            self._add_node(node_id, label, props)
        props = self._props(node_id)
        self._touched_nodes.add(node_id)
        self._index(node_id, label, props, add=False)  # indexed properties may change below
        for key, value in last_seen.items():
            if value is not None:
                props[key] = value
            else:
                props.setdefault(key, None)
        for key, values in unions.items():
            merged = list(props.get(key) or [])
            merged.extend(v for v in values if v not in merged)
            props[key] = merged
        self._index(node_id, label, props, add=True)

    def _merge_edge(
        self, source: str, target: str, rel_type: str, key: str | None = None, **props: Any
    ) -> None:
        edge_key = key or rel_type
        self._touched_edges.add((source, target, edge_key))
        if self.graph.has_edge(source, target, key=edge_key):
            self.graph.edges[source, target, edge_key].update(props)
        else:
            self.graph.add_edge(source, target, key=edge_key, type=rel_type, **props)

    # --- writes ------------------------------------------------------------------------------------

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path} is open read-only")

    @contextlib.contextmanager
    def _mutation(self, what: str) -> Iterator[None]:
        """One change to the graph: journaled at once (or at the end of a batch); undone if it fails.

        On failure the graph is reloaded from its files, the last state known to be whole, and the
        batch's earlier changes, still pending, are applied again.
        """
        self._writable()
        self._derived = {}
        self._touched_nodes.clear()
        self._touched_edges.clear()
        try:
            yield
            self._pending.append(self._change())
        except BaseException:
            log.warning("%s failed; reloading %s", what, self.path)
            pending = self._pending
            self._load()
            for change in pending:
                self._replay(orjson.loads(change))
            self._pending = pending
            raise
        if self._deferred == 0:
            self._flush()

    def write_article(self, graph: ArticleGraph) -> None:
        self._writable()
        validate_article_graph(graph)
        with self._mutation(f"writing {graph.article.id}"):
            self._apply(graph)

    def _apply(self, graph: ArticleGraph) -> None:
        article = graph.article
        if article.id in self.graph:
            self._props(article.id).update(records.article_props(article))
            self._touch(article.id)
        else:
            self._add_node(article.id, schema.ARTICLE, {"id": article.id, **records.article_props(article)})
        for org in graph.organizations:
            self._merge_node(org.id, schema.ORGANIZATION, {"name": org.name}, {}, {"aliases": org.aliases})
        for official in graph.officials:
            self._merge_node(
                official.id,
                schema.OFFICIAL,
                {"name": official.name},
                {"role": official.role, "organization": official.organization},
                {"aliases": official.aliases, "joins": official.joins},
            )
        for source in graph.unnamed_sources:
            first: dict[str, Any] = {
                "name": source.name,
                "kind": source.kind,
                "article_id": source.article_id,
            }
            self._merge_node(source.id, schema.UNNAMED_SOURCE, first, {}, {})
        for place in graph.places:
            self._merge_node(place.id, schema.PLACE, {"name": place.name}, {}, {})
        for event in graph.events:
            first = {"name": event.name, "type": event.type, "date": event.date, "place": event.place}
            self._merge_node(event.id, schema.EVENT, first, {}, {"mentions": event.mentions})
            if event.place_id is not None:
                self._merge_edge(event.id, event.place_id, schema.LOCATED_IN)
        for claim in graph.claims:
            self._merge_node(
                claim.id, schema.CLAIM, {"text": claim.text, "kind": claim.kind, "date": claim.date}, {}, {}
            )
            self._merge_edge(claim.id, article.id, schema.REPORTED_IN)
            if claim.event_id is not None:
                self._merge_edge(claim.id, claim.event_id, schema.CONCERNS)
        for stated in graph.stated:
            self._merge_edge(
                stated.speaker_id,
                stated.claim_id,
                schema.STATED,
                _stated_key(stated.article_id),
                **records.stated_props(stated),
            )
        for membership in graph.memberships:
            key = schema.MEMBER_OF
            existing = self.graph.get_edge_data(membership.official_id, membership.organization_id, key)
            role = membership.role if membership.role is not None else (existing or {}).get("role")
            self._merge_edge(membership.official_id, membership.organization_id, key, role=role)
        self._drop_old_claims(article.id, set(records.claim_ids(graph)))
        if graph.replaces is not None and graph.replaces != article.id and graph.replaces in self.graph:
            self._drop_old_claims(graph.replaces, set())
            self._remove_node(graph.replaces)

    def _drop_old_claims(self, article_id: str, keep: set[str]) -> None:
        """Same orphan rules as the Neo4j store (see ``Neo4jStore._drop_old_claims``)."""
        if article_id not in self.graph:
            return
        dropped = [source for source, _, _ in self._in(article_id, schema.REPORTED_IN) if source not in keep]
        speakers: set[str] = set()
        events: set[str] = set()
        for claim_id in dropped:
            self._remove_edge(claim_id, article_id, schema.REPORTED_IN)
            key = _stated_key(article_id)
            for source, _, edge_key, _ in list(self.graph.in_edges(claim_id, keys=True, data=True)):
                if edge_key == key:
                    self._remove_edge(source, claim_id, key)
                    speakers.add(source)
        for claim_id in dropped:
            if next(self._out(claim_id, schema.REPORTED_IN), None) is not None:
                continue
            events.update(target for target, _, _ in self._out(claim_id, schema.CONCERNS))
            speakers.update(source for source, _, _ in self._in(claim_id, schema.STATED))
            self._remove_node(claim_id)
        organizations = set(speakers)
        for speaker in sorted(speakers):
            if (
                self._label(speaker) in (schema.OFFICIAL, schema.UNNAMED_SOURCE)
                and next(self._out(speaker, schema.STATED), None) is None
            ):
                organizations.update(target for target, _, _ in self._out(speaker, schema.MEMBER_OF))
                self._remove_node(speaker)
        for org in sorted(organizations):
            if (
                self._label(org) == schema.ORGANIZATION
                and next(self._out(org, schema.STATED), None) is None
                and next(self._in(org, schema.MEMBER_OF), None) is None
            ):
                self._remove_node(org)
        places: set[str] = set()
        for event in sorted(events):
            if self._label(event) == schema.EVENT and next(self._in(event, schema.CONCERNS), None) is None:
                places.update(target for target, _, _ in self._out(event, schema.LOCATED_IN))
                self._remove_node(event)
        for place in sorted(places):
            if self._label(place) == schema.PLACE and next(self._in(place, schema.LOCATED_IN), None) is None:
                self._remove_node(place)

    def article_fingerprint(self, article_id: str) -> str | None:
        self._refresh()
        if self._label(article_id) != schema.ARTICLE:
            return None
        value = self._props(article_id).get("fingerprint")
        return str(value) if value is not None else None

    def article_at(self, location: str) -> str | None:
        self._refresh()
        found = self._articles_at.get(location)
        return min(found) if found else None

    def delete_article(self, article_id: str) -> bool:
        self._writable()
        if self._label(article_id) != schema.ARTICLE:
            return False
        with self._mutation(f"deleting {article_id}"):
            self._drop_old_claims(article_id, set())
            self._remove_node(article_id)
        return True

    def merge_officials(self, into: OfficialNode, merged: list[str]) -> int:
        count = 0
        with self._mutation(f"merging into {into.id}"):
            self._merge_node(
                into.id, schema.OFFICIAL, {"name": into.name},
                {"role": into.role, "organization": into.organization}, {"aliases": into.aliases},
            )  # fmt: skip
            for old_id in merged:
                if old_id == into.id or self._label(old_id) != schema.OFFICIAL:
                    continue
                old = self._props(old_id)
                for target, key, attrs in list(self._out(old_id, schema.STATED)):
                    self._merge_edge(
                        into.id, target, schema.STATED, key, **{k: v for k, v in attrs.items() if k != "type"}
                    )
                for target, _, attrs in list(self._out(old_id, schema.MEMBER_OF)):
                    existing = self.graph.get_edge_data(into.id, target, schema.MEMBER_OF) or {}
                    self._merge_edge(
                        into.id, target, schema.MEMBER_OF, role=existing.get("role") or attrs.get("role")
                    )
                names = [old.get("name"), *(old.get("aliases") or [])]
                props = self._props(into.id)
                self._touch(into.id)
                props["aliases"] = list(props.get("aliases") or []) + [
                    n for n in names if n and n != props["name"] and n not in (props.get("aliases") or [])
                ]
                joins = list(props.get("joins") or [])
                for join in [*(old.get("joins") or []), merged_by_aliases(str(old.get("name")))]:
                    if join not in joins:
                        joins.append(join)
                props["joins"] = joins
                self._remove_node(old_id)
                count += 1
        return count

    def clear(self) -> None:
        self._writable()
        seq = self._seq
        self._reset()
        self._pending = []
        self._seq = seq + 1  # entries still in a reader's view of the journal are older
        self._compact()

    # --- look-ups ----------------------------------------------------------------------------------

    def _statements_per_event(self) -> dict[str, int]:
        """How many statements concern each event (computed once per state of the graph)."""
        per_event: dict[str, int] | None = self._derived.get("per_event")
        if per_event is None:
            per_event = {
                event_id: sum(
                    1
                    for claim, _, _ in self._in(event_id, schema.CONCERNS)
                    for _ in self._in(claim, schema.STATED)
                )
                for event_id in self.by_label[schema.EVENT]
            }
            self._derived["per_event"] = per_event
        return per_event

    def _statements_per_speaker(self) -> dict[str, int]:
        """How many statements each official and organization made (once per state of the graph)."""
        per_speaker: dict[str, int] | None = self._derived.get("per_speaker")
        if per_speaker is None:
            per_speaker = {
                node_id: sum(1 for _ in self._out(node_id, schema.STATED))
                for label in schema.SPEAKER_LABELS
                for node_id in self.by_label[label]
            }
            self._derived["per_speaker"] = per_speaker
        return per_speaker

    def _event_directory(self) -> list[tuple[tuple[str, ...], str, int]]:
        """Every event as ``(lower-cased name and mentions, id, statements)``, most discussed first
        (once per graph state), so a look-up is one pass that stops at its limit."""
        directory: list[tuple[tuple[str, ...], str, int]] | None = self._derived.get("event_directory")
        if directory is None:
            counts = self._statements_per_event()
            ordered = []
            for event_id in self.by_label[schema.EVENT]:
                props = self._props(event_id)
                texts = tuple(t.lower() for t in [props.get("name") or "", *(props.get("mentions") or [])])
                key = (-counts[event_id], _nulls_last(props.get("date")), props["name"], event_id)
                ordered.append((key, texts, event_id, counts[event_id]))
            ordered.sort(key=lambda item: item[0])
            directory = [(texts, event_id, count) for _, texts, event_id, count in ordered]
            self._derived["event_directory"] = directory
        return directory

    def _speaker_directory(self) -> list[tuple[tuple[str, ...], str, int]]:
        """Every official and organization as ``(lower-cased name, aliases and role, id, statements)``,
        most quoted first (once per graph state)."""
        directory: list[tuple[tuple[str, ...], str, int]] | None = self._derived.get("speaker_directory")
        if directory is None:
            counts = self._statements_per_speaker()
            ordered = []
            for label in schema.NAMED_SPEAKER_LABELS:
                for node_id in self.by_label[label]:
                    props = self._props(node_id)
                    fields = [props.get("name") or "", *(props.get("aliases") or []), props.get("role") or ""]
                    texts = tuple(t.lower() for t in fields)
                    ordered.append(
                        ((-counts[node_id], props["name"], node_id), texts, node_id, counts[node_id])
                    )
            ordered.sort(key=lambda item: item[0])
            directory = [(texts, node_id, count) for _, texts, node_id, count in ordered]
            self._derived["speaker_directory"] = directory
        return directory

    @staticmethod
    def _matching(
        directory: list[tuple[tuple[str, ...], str, int]], needle: str, limit: int
    ) -> list[tuple[str, int]]:
        found: list[tuple[str, int]] = []
        for texts, node_id, count in directory:
            if len(found) >= limit:
                break
            if any(needle in text for text in texts):
                found.append((node_id, count))
        return found

    def find_events(self, query: str, *, limit: int = DEFAULT_LIMIT) -> list[EventSummary]:
        self._refresh()
        found = self._matching(self._event_directory(), query.strip().lower(), limit)
        return [self._event_summary(event_id, count) for event_id, count in found]

    def find_officials(self, query: str, *, limit: int = DEFAULT_LIMIT) -> list[OfficialSummary]:
        self._refresh()
        found = []
        for node_id, count in self._matching(self._speaker_directory(), query.strip().lower(), limit):
            props = self._props(node_id)
            found.append(
                OfficialSummary(
                    id=node_id,
                    name=props["name"],
                    label=str(self._label(node_id)),
                    role=props.get("role"),
                    organization=props.get("organization"),
                    statement_count=count,
                )
            )
        return found

    def officials_by_surname(self, surname: str) -> list[OfficialNode]:
        self._refresh()
        found = []
        for node_id in sorted(self._officials_by_surname.get(ids.surname_key(surname), ())):
            props = self._props(node_id)
            found.append(
                OfficialNode(
                    id=node_id,
                    name=props["name"],
                    role=props.get("role"),
                    organization=props.get("organization"),
                    aliases=tuple(props.get("aliases") or ()),
                )
            )
        return found

    # --- statements --------------------------------------------------------------------------------

    def _row(self, speaker_id: str, claim_id: str, stated: dict[str, Any]) -> StatementRow:
        node = self.graph._node
        speaker = node[speaker_id]
        who = speaker["properties"]
        article_id = stated["article_id"]
        article = node[article_id]["properties"] if article_id in node else {}
        event_id = next(
            (t for t, keys in self.graph._succ[claim_id].items() if schema.CONCERNS in keys), None
        )
        event = node[event_id]["properties"] if event_id is not None else {}
        return StatementRow(
            claim_id=claim_id,
            text=node[claim_id]["properties"].get("text"),
            kind=stated.get("kind") or "",
            cue=stated.get("cue") or "",
            date=stated.get("date"),
            confidence=float(stated.get("confidence") or 0.0),
            speaker_id=speaker_id,
            speaker_name=who.get("name"),
            speaker_label=speaker["label"],
            speaker_text=stated.get("speaker_text") or "",
            role=who.get("role"),
            organization=who.get("organization"),
            event_id=event_id,
            event_name=event.get("name"),
            event_date=event.get("date"),
            article_id=article_id,
            article_title=article.get("title"),
            article_url=article.get("url"),
            article_source=article.get("source"),
            article_location=article.get("location") or "",
            speaker_start=int(stated.get("speaker_start") or 0),
            speaker_end=int(stated.get("speaker_end") or 0),
            cue_start=int(stated.get("cue_start") or 0),
            cue_end=int(stated.get("cue_end") or 0),
            content_start=int(stated.get("content_start") or 0),
            content_end=int(stated.get("content_end") or 0),
            speaker_kind=who.get("kind"),
        )

    @staticmethod
    def _in_range(date: str | None, start: str | None, end: str | None) -> bool:
        if start is not None and (date is None or date < start):
            return False
        return not (end is not None and (date is None or date > end))

    def _first_rows(
        self, statements: Iterable[tuple[str, str, dict[str, Any]]], limit: int | None
    ) -> list[StatementRow]:
        """The first ``limit`` (``None``: all) of ``(speaker, claim, STATED attributes)`` in date
        order, as rows: the order comes from the edges alone, so only the rows returned are built."""
        keyed = [(_statement_key(claim, attrs), speaker, attrs) for speaker, claim, attrs in statements]
        keyed.sort(key=lambda item: item[0])
        return [self._row(speaker, key[-1], attrs) for key, speaker, attrs in keyed[:limit]]

    def _claims_in_order(self) -> list[tuple[StatementKey, str]]:
        """Every claim with its first statement's order key, in that order (once per graph state)."""
        ordered: list[tuple[StatementKey, str]] | None = self._derived.get("claims_in_order")
        if ordered is None:
            ordered = []
            pred = self.graph._pred
            for claim_id in self.by_label[schema.CLAIM]:
                keys = [
                    _statement_key(claim_id, attrs)
                    for edges in pred[claim_id].values()
                    for attrs in edges.values()
                    if attrs["type"] == schema.STATED
                ]
                if keys:
                    ordered.append((min(keys), claim_id))
            ordered.sort()
            self._derived["claims_in_order"] = ordered
        return ordered

    def _first_rows_of_claims(self, claims: set[str], limit: int) -> list[StatementRow]:
        """The first ``limit`` statements of many claims without ordering them all: claims are taken
        in the order of their first statement until no later claim can come before the ``limit``-th."""
        taken: list[tuple[StatementKey, str, dict[str, Any]]] = []
        for first, claim_id in self._claims_in_order():
            if claim_id not in claims:
                continue
            if len(taken) >= limit:
                taken.sort(key=lambda item: item[0])
                del taken[limit:]
                if taken[-1][0] < first:
                    break
            taken.extend((_statement_key(claim_id, a), s, a) for s, _, a in self._in(claim_id, schema.STATED))
        taken.sort(key=lambda item: item[0])
        return [self._row(speaker, key[-1], attrs) for key, speaker, attrs in taken[:limit]]

    def _claim_statements(
        self, claim_id: str, *, start: str | None = None, end: str | None = None
    ) -> Iterator[tuple[str, str, dict[str, Any]]]:
        for source, _, attrs in self._in(claim_id, schema.STATED):
            if self._in_range(attrs.get("date"), start, end):
                yield source, claim_id, attrs

    def statements_about_event(
        self, event_id: str, *, start: str | None = None, end: str | None = None, limit: int = DEFAULT_LIMIT
    ) -> list[StatementRow]:
        self._refresh()
        if self._label(event_id) != schema.EVENT:
            return []
        return self._first_rows(
            (
                statement
                for claim_id, _, _ in self._in(event_id, schema.CONCERNS)
                for statement in self._claim_statements(claim_id, start=start, end=end)
            ),
            limit,
        )

    def statements_by_official(
        self,
        official_id: str,
        *,
        event_id: str | None = None,
        start: str | None = None,
        end: str | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> list[StatementRow]:
        self._refresh()
        if self._label(official_id) not in schema.SPEAKER_LABELS:
            return []
        return self._first_rows(
            (
                (official_id, claim_id, attrs)
                for claim_id, _, attrs in self._out(official_id, schema.STATED)
                if (event_id is None or self.graph.has_edge(claim_id, event_id, key=schema.CONCERNS))
                and self._in_range(attrs.get("date"), start, end)
            ),
            limit,
        )

    def search_claims(self, text: str, *, limit: int = DEFAULT_LIMIT) -> list[StatementRow]:
        self._refresh()
        words = set(records.search_words(text))
        if not words:
            return []
        index = self._claim_words()
        matching = set.intersection(*(index.get(word, set()) for word in words))
        if len(matching) > MANY_CLAIMS:
            return self._first_rows_of_claims(matching, limit)
        return self._first_rows(
            (statement for claim_id in matching for statement in self._claim_statements(claim_id)), limit
        )

    def statements_in_article(self, article_id: str) -> list[StatementRow]:
        self._refresh()
        if self._label(article_id) != schema.ARTICLE:
            return []
        key = _stated_key(article_id)
        rows = [
            self._row(source, claim_id, self.graph.edges[source, claim_id, key])
            for claim_id, _, _ in self._in(article_id, schema.REPORTED_IN)
            for source, _, edge_key, _ in self.graph.in_edges(claim_id, keys=True, data=True)
            if edge_key == key
        ]
        rows.sort(key=lambda r: (r.content_start, r.claim_id))
        return rows

    def statements_for_claim(self, claim_id: str) -> list[StatementRow]:
        self._refresh()
        if self._label(claim_id) != schema.CLAIM:
            return []
        return self._first_rows(self._claim_statements(claim_id), None)

    def statement_facts(self, *, limit: int = 100_000) -> list[StatementFact]:
        self._refresh()
        facts: list[tuple[tuple[Any, ...], StatementFact]] = []
        for speaker_id, claim_id, attrs in self.graph.edges(data=True):
            if attrs.get("type") != schema.STATED:
                continue
            event_id = next((target for target, _, _ in self._out(claim_id, schema.CONCERNS)), None)
            article_id = str(attrs["article_id"])
            article = self._props(article_id) if article_id in self.graph else {}
            fact = StatementFact(
                claim_id=claim_id,
                speaker_id=speaker_id,
                speaker_name=str(self._props(speaker_id).get("name")),
                speaker_label=str(self._label(speaker_id)),
                event_id=event_id,
                event_name=self._props(event_id).get("name") if event_id is not None else None,
                date=attrs.get("date"),
                kind=str(attrs.get("kind")),
                article_id=article_id,
                article_source=article.get("source"),
            )
            order = (_nulls_last(fact.date), article_id, int(attrs.get("content_start") or 0), claim_id)
            facts.append((order, fact))
        facts.sort(key=lambda pair: pair[0])
        return [fact for _, fact in facts[:limit]]

    # --- profiles, graph view, counts --------------------------------------------------------------

    def official_profile(self, official_id: str, *, events: int = PROFILE_EVENTS) -> OfficialProfile | None:
        self._refresh()
        label = self._label(official_id)
        if label not in schema.SPEAKER_LABELS:
            return None
        props = self._props(official_id)
        statements = list(self._out(official_id, schema.STATED))
        dates: list[str] = [str(attrs["date"]) for _, _, attrs in statements if attrs.get("date") is not None]
        per_event: dict[str, int] = {}
        for claim_id, _, _ in statements:
            for event_id, _, _ in self._out(claim_id, schema.CONCERNS):
                per_event[event_id] = per_event.get(event_id, 0) + 1
        spoken = [self._event_summary(event_id, count) for event_id, count in per_event.items()]
        spoken.sort(key=lambda e: (-e.statement_count, _nulls_last(e.date), e.name, e.id))
        memberships = tuple(
            Membership(official_id=official_id, organization_id=target, role=attrs.get("role"))
            for target, _, attrs in sorted(self._out(official_id, schema.MEMBER_OF), key=lambda t: t[0])
        )
        return OfficialProfile(
            id=official_id,
            name=props["name"],
            label=str(label),
            role=props.get("role"),
            organization=props.get("organization"),
            aliases=tuple(props.get("aliases") or ()),
            joins=tuple(props.get("joins") or ()),
            memberships=memberships,
            statement_count=len(statements),
            first_date=min(dates) if dates else None,
            last_date=max(dates) if dates else None,
            events=tuple(spoken[: max(events, 0)]),
            event_count=len(spoken),
        )

    def _event_summary(self, event_id: str, count: int) -> EventSummary:
        props = self._props(event_id)
        return EventSummary(
            id=event_id,
            name=props["name"],
            type=props["type"],
            date=props.get("date"),
            place=props.get("place"),
            statement_count=count,
        )

    def event_profile(self, event_id: str) -> EventProfile | None:
        self._refresh()
        if self._label(event_id) != schema.EVENT:
            return None
        props = self._props(event_id)
        per_speaker: dict[str, int] = {}
        articles: set[str] = set()
        dates: list[str] = []
        for claim_id, _, _ in self._in(event_id, schema.CONCERNS):
            for source, _, attrs in self._in(claim_id, schema.STATED):
                per_speaker[source] = per_speaker.get(source, 0) + 1
                articles.add(attrs["article_id"])
                if attrs.get("date") is not None:
                    dates.append(str(attrs["date"]))
        speakers = [
            SpeakerCount(id=s, name=self._props(s)["name"], label=str(self._label(s)), statement_count=n)
            for s, n in per_speaker.items()
        ]
        speakers.sort(key=lambda s: (-s.statement_count, s.name, s.id))
        return EventProfile(
            id=event_id,
            name=props["name"],
            type=props["type"],
            date=props.get("date"),
            place=props.get("place"),
            mentions=tuple(props.get("mentions") or ()),
            statement_count=sum(per_speaker.values()),
            article_count=len(articles),
            speakers=tuple(speakers),
            first_date=min(dates, default=None),
            last_date=max(dates, default=None),
        )

    def neighbourhood(self, node_id: str, *, depth: int = 1, limit: int = DEFAULT_LIMIT) -> Subgraph:
        self._refresh()
        if depth not in (1, 2, 3):
            raise ValueError("depth must be 1, 2 or 3")
        if node_id not in self.graph:
            return Subgraph()
        hops = {node_id: 0}
        frontier = [node_id]
        for hop in range(1, depth + 1):
            nxt = []
            for current in frontier:
                neighbours = set(self.graph.successors(current)) | set(self.graph.predecessors(current))
                for other in neighbours:
                    if other not in hops:
                        hops[other] = hop
                        nxt.append(other)
            frontier = nxt
        others = sorted((n for n in hops if n != node_id), key=lambda n: (hops[n], n))[:limit]
        kept = {node_id, *others}
        nodes = tuple(self._graph_node(n) for n in [node_id, *others])
        edges = sorted(
            (
                GraphEdge(
                    source=s,
                    target=t,
                    type=attrs["type"],
                    properties={k: v for k, v in attrs.items() if k != "type"},
                )
                for s, t, attrs in self.graph.edges(kept, data=True)
                if s in kept and t in kept
            ),
            key=lambda e: (e.source, e.type, e.target),
        )
        return Subgraph(nodes=nodes, edges=tuple(edges))

    def _graph_node(self, node_id: str) -> GraphNode:
        label = str(self._label(node_id))
        props = {k: v for k, v in self._props(node_id).items() if k not in ("text", "fingerprint")}
        if label == schema.CLAIM:
            props["text"] = self._props(node_id).get("text")
        source = self._props(node_id)
        caption = str(source.get("name") or source.get("title") or source.get("text") or node_id)
        return GraphNode(id=node_id, label=label, caption=caption[:80], properties=props)

    def article_text(self, article_id: str) -> str | None:
        self._refresh()
        if self._label(article_id) != schema.ARTICLE:
            return None
        text = self._props(article_id).get("text")
        return str(text) if text is not None else None

    def counts(self) -> Counts:
        self._refresh()
        counts: Counts | None = self._derived.get("counts")
        if counts is None:  # counted once per state of the graph
            nodes = {label: len(self.by_label[label]) for label in schema.LABELS}
            rels = dict.fromkeys(schema.RELATIONSHIP_TYPES, 0)
            for _, _, rel_type in self.graph.edges(data="type"):
                rels[rel_type] = rels.get(rel_type, 0) + 1
            articles = [self._props(article_id) for article_id in self.by_label[schema.ARTICLE]]
            counts = self._derived["counts"] = Counts(
                nodes=nodes,
                relationships=rels,
                extracted=sum(int(a.get("extracted") or 0) for a in articles),
                repeated=sum(int(a.get("repeated") or 0) for a in articles),
            )
        return Counts(
            nodes=dict(counts.nodes),
            relationships=dict(counts.relationships),
            extracted=counts.extracted,
            repeated=counts.repeated,
        )


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _statement_key(claim_id: str, stated: dict[str, Any]) -> StatementKey:
    """A statement's place in date order (undated last), then article, text position and claim."""
    date = stated.get("date")
    return (date is None, date or "", stated["article_id"], int(stated.get("content_start") or 0), claim_id)


def _nulls_last(value: str | None) -> tuple[int, str]:
    return (1, "") if value is None else (0, value)
