"""The embedded store: a networkx ``MultiDiGraph`` persisted to one JSON file; no server needed.

Nodes carry ``labels`` (a list) and their properties; edges carry ``type`` and their properties, keyed
by the relationship type (``STATED@<article id>`` for STATED, one per reporting article). Saves are
atomic (temp file, fsync, ``os.replace``), so the previous version survives a crash during a save. One
process writes at a time (an advisory lock beside the file); readers take no lock and reload when the
file changes.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import networkx as nx

from graph import records, schema
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
from graph.store import DEFAULT_LIMIT, GraphStore
from graph.validation import validate_article_graph

log = logging.getLogger(__name__)

FORMAT = "saidgraph-embedded"
VERSION = 1


def _stated_key(article_id: str) -> str:
    return f"{schema.STATED}@{article_id}"


class EmbeddedStore(GraphStore):
    """A :class:`GraphStore` held in memory and persisted to a JSON file."""

    kind = "embedded"

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.graph: Any = nx.MultiDiGraph()
        self.by_label: dict[str, set[str]] = {label: set() for label in schema.LABELS}
        self._claims_by_word: dict[str, set[str]] = {}
        self._articles_at: dict[str, set[str]] = {}
        self._counts: Counts | None = None
        self._lock: IO[str] | None = None
        self._mtime: float | None = None
        self._deferred = 0
        self._dirty = False

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
        self._claims_by_word = {}
        self._articles_at = {}
        self._counts = None

    def _load(self) -> None:
        self._reset()
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self._mtime = None
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError("not a saidgraph embedded graph")
            if data.get("version") != VERSION:
                raise ValueError(f"format version {data.get('version')} is not {VERSION}")
            for node in data["nodes"]:
                self._add_node(node["id"], node["label"], node["properties"])
            for edge in data["edges"]:
                self.graph.add_edge(
                    edge["source"], edge["target"], key=edge["key"], type=edge["type"], **edge["properties"]
                )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreCorruptError(
                f"{self.path} cannot be read as a saidgraph graph ({exc.__class__.__name__}: {exc}); "
                "it was left untouched: move it away to start a new graph"
            ) from exc
        self._mtime = stat.st_mtime

    def _save(self) -> None:
        nodes = [
            {"id": node_id, "label": attrs["label"], "properties": attrs["properties"]}
            for node_id, attrs in self.graph.nodes(data=True)
        ]
        edges = [
            {
                "source": source,
                "target": target,
                "key": key,
                "type": attrs["type"],
                "properties": {k: v for k, v in attrs.items() if k != "type"},
            }
            for source, target, key, attrs in self.graph.edges(keys=True, data=True)
        ]
        payload = {"format": FORMAT, "version": VERSION, "nodes": nodes, "edges": edges}
        fd, temp_name = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=self.path.parent)
        try:
            # mkstemp makes the file private; the graph is as readable as any file the user creates
            os.fchmod(fd, 0o666 & ~_umask())
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(payload, handle, ensure_ascii=False, separators=(",", ":"))
                handle.flush()
                os.fsync(handle.fileno())
            Path(temp_name).replace(self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                Path(temp_name).unlink()
            raise
        self._mtime = self.path.stat().st_mtime
        self._dirty = False

    def _refresh(self) -> None:
        """Readers: reload when another process has saved a new version."""
        if not self.read_only:
            return
        try:
            mtime: float | None = self.path.stat().st_mtime
        except FileNotFoundError:
            mtime = None
        if mtime != self._mtime:
            self._load()

    def close(self) -> None:
        if self._dirty and not self.read_only:
            self._save()
        if self._lock is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._lock.fileno(), fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None

    def batch(self) -> contextlib.AbstractContextManager[None]:
        """Save the file once at the end of the block instead of after every article."""
        return self.deferred_saves()

    @contextlib.contextmanager
    def deferred_saves(self) -> Iterator[None]:
        """Save once at the end of the block instead of after every article (batch ingest)."""
        self._deferred += 1
        try:
            yield
        finally:
            self._deferred -= 1
            if self._deferred == 0 and self._dirty:
                self._save()

    def ensure_schema(self) -> None:
        """Nothing to create: uniqueness holds because node ids are the graph's keys."""

    # --- graph helpers -----------------------------------------------------------------------------

    def _add_node(self, node_id: str, label: str, properties: dict[str, Any]) -> None:
        self.graph.add_node(node_id, label=label, properties=properties)
        self.by_label[label].add(node_id)
        self._index(node_id, label, properties, add=True)

    def _remove_node(self, node_id: str) -> None:
        label = self.graph.nodes[node_id]["label"]
        self._index(node_id, label, self._props(node_id), add=False)
        self.graph.remove_node(node_id)
        self.by_label[label].discard(node_id)

    def _index(self, node_id: str, label: str, properties: dict[str, Any], *, add: bool) -> None:
        """Keep the look-up indexes (claim text words, article locations) in step with a node."""
        if label == schema.CLAIM:
            keys, index = set(records.search_words(properties.get("text") or "")), self._claims_by_word
        elif label == schema.ARTICLE and properties.get("location") is not None:
            keys, index = {str(properties["location"])}, self._articles_at
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

    def _out(self, node_id: str, rel_type: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
        for _, target, key, attrs in self.graph.out_edges(node_id, keys=True, data=True):
            if attrs["type"] == rel_type:
                yield target, key, attrs

    def _in(self, node_id: str, rel_type: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
        for source, _, key, attrs in self.graph.in_edges(node_id, keys=True, data=True):
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
        """One change to the graph: saved at once (or at the end of a batch); undone if anything fails.

        On failure the graph is reloaded from the file, the last state known to be whole.
        """
        self._writable()
        self._counts = None
        try:
            yield
            self._dirty = True
            if self._deferred == 0:
                self._save()
        except BaseException:
            log.warning("%s failed; reloading %s", what, self.path)
            self._load()
            raise

    def write_article(self, graph: ArticleGraph) -> None:
        self._writable()
        validate_article_graph(graph)
        with self._mutation(f"writing {graph.article.id}"):
            self._apply(graph)

    def _apply(self, graph: ArticleGraph) -> None:
        article = graph.article
        if article.id in self.graph:
            self._props(article.id).update(records.article_props(article))
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
                {"aliases": official.aliases},
            )
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
            self.graph.remove_edge(claim_id, article_id, key=schema.REPORTED_IN)
            key = _stated_key(article_id)
            for source, _, edge_key, _ in list(self.graph.in_edges(claim_id, keys=True, data=True)):
                if edge_key == key:
                    self.graph.remove_edge(source, claim_id, key=key)
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
                self._label(speaker) == schema.OFFICIAL
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
                props["aliases"] = list(props.get("aliases") or []) + [
                    n for n in names if n and n != props["name"] and n not in (props.get("aliases") or [])
                ]
                self._remove_node(old_id)
                count += 1
        return count

    def clear(self) -> None:
        self._writable()
        self._reset()
        self._save()

    # --- look-ups ----------------------------------------------------------------------------------

    def _statement_count(self, claim_ids: Iterable[str]) -> int:
        return sum(1 for claim in claim_ids for _ in self._in(claim, schema.STATED))

    def find_events(self, query: str, *, limit: int = DEFAULT_LIMIT) -> list[EventSummary]:
        self._refresh()
        needle = query.strip().lower()
        found = []
        for event_id in self.by_label[schema.EVENT]:
            props = self._props(event_id)
            texts = [props.get("name") or "", *(props.get("mentions") or [])]
            if any(needle in text.lower() for text in texts):
                claims = [source for source, _, _ in self._in(event_id, schema.CONCERNS)]
                found.append(
                    EventSummary(
                        id=event_id,
                        name=props["name"],
                        type=props["type"],
                        date=props.get("date"),
                        place=props.get("place"),
                        statement_count=self._statement_count(claims),
                    )
                )
        found.sort(key=lambda e: (-e.statement_count, _nulls_last(e.date), e.name, e.id))
        return found[:limit]

    def find_officials(self, query: str, *, limit: int = DEFAULT_LIMIT) -> list[OfficialSummary]:
        self._refresh()
        needle = query.strip().lower()
        found = []
        for label in schema.SPEAKER_LABELS:
            for node_id in self.by_label[label]:
                props = self._props(node_id)
                texts = [props.get("name") or "", *(props.get("aliases") or []), props.get("role") or ""]
                if any(needle in text.lower() for text in texts):
                    found.append(
                        OfficialSummary(
                            id=node_id,
                            name=props["name"],
                            label=label,
                            role=props.get("role"),
                            organization=props.get("organization"),
                            statement_count=sum(1 for _ in self._out(node_id, schema.STATED)),
                        )
                    )
        found.sort(key=lambda o: (-o.statement_count, o.name, o.id))
        return found[:limit]

    # --- statements --------------------------------------------------------------------------------

    def _row(self, speaker_id: str, claim_id: str, stated: dict[str, Any]) -> StatementRow:
        speaker = self._props(speaker_id)
        claim = self._props(claim_id)
        article_id = stated["article_id"]
        article = self._props(article_id) if article_id in self.graph else {}
        event_id = next((target for target, _, _ in self._out(claim_id, schema.CONCERNS)), None)
        event = self._props(event_id) if event_id is not None else {}
        return records.statement_row(
            {
                **stated,
                "claim_id": claim_id,
                "text": claim.get("text"),
                "speaker_id": speaker_id,
                "speaker_name": speaker.get("name"),
                "speaker_label": self._label(speaker_id),
                "role": speaker.get("role"),
                "organization": speaker.get("organization"),
                "event_id": event_id,
                "event_name": event.get("name"),
                "event_date": event.get("date"),
                "article_id": article_id,
                "article_title": article.get("title"),
                "article_url": article.get("url"),
                "article_source": article.get("source"),
                "article_location": article.get("location"),
            }
        )

    @staticmethod
    def _in_range(date: str | None, start: str | None, end: str | None) -> bool:
        if start is not None and (date is None or date < start):
            return False
        return not (end is not None and (date is None or date > end))

    @staticmethod
    def _ordered(rows: list[StatementRow], limit: int) -> list[StatementRow]:
        rows.sort(key=lambda r: (_nulls_last(r.date), r.article_id, r.content_start, r.claim_id))
        return rows[:limit]

    def _claim_rows(
        self, claim_id: str, *, start: str | None, end: str | None, speaker_id: str | None = None
    ) -> Iterator[StatementRow]:
        for source, _, attrs in self._in(claim_id, schema.STATED):
            if speaker_id is not None and source != speaker_id:
                continue
            if self._in_range(attrs.get("date"), start, end):
                yield self._row(source, claim_id, attrs)

    def statements_about_event(
        self, event_id: str, *, start: str | None = None, end: str | None = None, limit: int = DEFAULT_LIMIT
    ) -> list[StatementRow]:
        self._refresh()
        if self._label(event_id) != schema.EVENT:
            return []
        rows = [
            row
            for claim_id, _, _ in self._in(event_id, schema.CONCERNS)
            for row in self._claim_rows(claim_id, start=start, end=end)
        ]
        return self._ordered(rows, limit)

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
        rows = []
        for claim_id, _, attrs in self._out(official_id, schema.STATED):
            if event_id is not None and not self.graph.has_edge(claim_id, event_id, key=schema.CONCERNS):
                continue
            if self._in_range(attrs.get("date"), start, end):
                rows.append(self._row(official_id, claim_id, attrs))
        return self._ordered(rows, limit)

    def search_claims(self, text: str, *, limit: int = DEFAULT_LIMIT) -> list[StatementRow]:
        self._refresh()
        words = set(records.search_words(text))
        if not words:
            return []
        matching = set.intersection(*(self._claims_by_word.get(word, set()) for word in words))
        rows = [row for claim_id in matching for row in self._claim_rows(claim_id, start=None, end=None)]
        return self._ordered(rows, limit)

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
        rows = list(self._claim_rows(claim_id, start=None, end=None))
        rows.sort(key=lambda r: (_nulls_last(r.date), r.article_id, r.content_start))
        return rows

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

    def official_profile(self, official_id: str) -> OfficialProfile | None:
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
        events = [self._event_summary(event_id, count) for event_id, count in per_event.items()]
        events.sort(key=lambda e: (-e.statement_count, _nulls_last(e.date), e.name, e.id))
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
            memberships=memberships,
            statement_count=len(statements),
            first_date=min(dates) if dates else None,
            last_date=max(dates) if dates else None,
            events=tuple(events),
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
        for claim_id, _, _ in self._in(event_id, schema.CONCERNS):
            for source, _, attrs in self._in(claim_id, schema.STATED):
                per_speaker[source] = per_speaker.get(source, 0) + 1
                articles.add(attrs["article_id"])
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
        if self._counts is None:  # counted once per state of the graph
            nodes = {label: len(self.by_label[label]) for label in schema.LABELS}
            rels = dict.fromkeys(schema.RELATIONSHIP_TYPES, 0)
            for _, _, rel_type in self.graph.edges(data="type"):
                rels[rel_type] = rels.get(rel_type, 0) + 1
            self._counts = Counts(nodes=nodes, relationships=rels)
        return Counts(nodes=dict(self._counts.nodes), relationships=dict(self._counts.relationships))


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _nulls_last(value: str | None) -> tuple[int, str]:
    return (1, "") if value is None else (0, value)
