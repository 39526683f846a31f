"""The Neo4j store: production storage that power users query with Cypher.

The driver is created once by the caller (:func:`connect`) and passed in. Each article is written in
one managed write transaction of batched ``UNWIND ... MERGE`` queries, so a failure never leaves half
an article; the driver retries transient failures (a leader switch, a dropped connection).
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, ParamSpec, TypeVar

import neo4j
from neo4j import Driver, GraphDatabase, ManagedTransaction, Query
from neo4j import exceptions as neo4j_errors
from neo4j.graph import Node, Path, Relationship

from graph import cypher, ids, records, schema
from graph.console_guard import RESULT_BYTE_CAP, check_plan, check_text
from graph.errors import (
    QueryError,
    QueryTimeoutError,
    ResultTooLargeError,
    StoreAuthError,
    StoreError,
    StoreUnavailableError,
)
from graph.model import (
    ArticleGraph,
    Counts,
    CypherResult,
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
from graph.store import DEFAULT_LIMIT, MERGED_BY_ALIASES, PROFILE_EVENTS, GraphStore
from graph.validation import validate_article_graph

log = logging.getLogger(__name__)

KEY_BATCH = 1000
"""Officials given their identity key per transaction at start-up."""

P = ParamSpec("P")
T = TypeVar("T")


def connect(uri: str, *, user: str = "neo4j", password: str | None = None) -> Driver:
    """Open a driver and check that the server answers and accepts the credentials.

    Raises :class:`StoreUnavailableError` when the server cannot be reached and
    :class:`StoreAuthError` when it refuses the credentials; the password never appears in either.
    """
    auth = (user, password) if password else None
    try:
        driver = GraphDatabase.driver(
            uri, auth=auth, connection_timeout=10.0, max_transaction_retry_time=30.0
        )
    except (ValueError, neo4j_errors.ConfigurationError) as exc:
        raise StoreUnavailableError(f"cannot reach Neo4j at {uri}: bad address ({exc})") from exc
    try:
        driver.verify_connectivity()
    except neo4j_errors.AuthError as exc:
        driver.close()
        who = f"user {user}" if password else "no credentials (set SAIDGRAPH_NEO4J_PASSWORD)"
        raise StoreAuthError(f"Neo4j at {uri} refused the credentials for {who}") from exc
    except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as exc:
        driver.close()
        raise StoreUnavailableError(f"cannot reach Neo4j at {uri}: {_cause(exc)}") from exc
    except neo4j_errors.Neo4jError as exc:
        driver.close()
        raise StoreError(f"Neo4j at {uri} refused the connection: {exc.message or exc}") from exc
    return driver


def _cause(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    return text[:300]


def _translated(method: Callable[P, T]) -> Callable[P, T]:
    """Turn driver exceptions into saidgraph's, naming what failed."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(*args, **kwargs)
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as exc:
            raise StoreUnavailableError(f"Neo4j is unavailable: {_cause(exc)}") from exc
        except neo4j_errors.AuthError as exc:
            raise StoreAuthError(f"Neo4j refused the credentials: {_cause(exc)}") from exc
        except neo4j_errors.CypherSyntaxError as exc:
            raise QueryError(f"Cypher syntax error: {exc.message or exc}") from exc
        except neo4j_errors.ClientError as exc:
            raise QueryError(f"Neo4j refused the query: {exc.message or exc}") from exc
        except neo4j_errors.Neo4jError as exc:
            raise StoreError(f"Neo4j failed: {exc.message or exc}") from exc
        except neo4j_errors.DriverError as exc:
            raise StoreError(f"Neo4j driver failed: {_cause(exc)}") from exc

    return wrapper


class Neo4jStore(GraphStore):
    """A :class:`GraphStore` on a Neo4j 5 database."""

    kind = "neo4j"

    def __init__(self, driver: Driver, *, database: str = "neo4j", owns_driver: bool = False) -> None:
        self.driver = driver
        self.database = database
        self.owns_driver = owns_driver

    # --- plumbing ----------------------------------------------------------------------------------

    def _read(self, text: str, /, **params: Any) -> list[dict[str, Any]]:
        records, _, keys = self.driver.execute_query(
            text, params, database_=self.database, routing_=neo4j.RoutingControl.READ
        )
        # a record is a tuple of plain values here (no query of ours returns nodes through this):
        # zipping it with the keys is several times faster than Record.data()
        return [dict(zip(keys, record, strict=True)) for record in records]

    def _read_listed(self, text: str, keys: tuple[str, ...], /, **params: Any) -> list[dict[str, Any]]:
        """The rows of a query built with ``cypher._listed`` (one record holding every row)."""
        listed = self._read(text, **params)[0]["rows"]
        return [dict(zip(keys, row, strict=True)) for row in listed]

    def close(self) -> None:
        if self.owns_driver:
            self.driver.close()

    # --- lifecycle ---------------------------------------------------------------------------------

    @_translated
    def ensure_schema(self) -> None:
        for statement in cypher.schema_statements():
            self.driver.execute_query(statement, database_=self.database)
        self.driver.execute_query(cypher.await_indexes(), {"seconds": 120}, database_=self.database)
        with self.driver.session(database=self.database) as session:
            session.run(cypher.summarise_unsummarised_events()).consume()
            for label in schema.SPEAKER_LABELS:
                session.run(cypher.summarise_unsummarised_speakers(label)).consume()
        self._key_unkeyed_officials()

    def _key_unkeyed_officials(self) -> None:
        """Give officials written before identity keys were kept their ``surname`` (in batches)."""
        rows = [
            {"id": row["id"], "surname": ids.surname_key(row["name"] or "")}
            for row in self._read(cypher.officials_without_surname())
        ]
        for start in range(0, len(rows), KEY_BATCH):
            self.driver.execute_query(
                cypher.set_official_surnames(), {"rows": _Rows(rows[start : start + KEY_BATCH])},
                database_=self.database,
            )  # fmt: skip

    # --- writes ------------------------------------------------------------------------------------

    @_translated
    def write_article(self, graph: ArticleGraph) -> None:
        self.write_articles([graph])

    @_translated
    def write_articles(self, graphs: Sequence[ArticleGraph]) -> None:
        """Write every article in one transaction: each kind of node and relationship in one batched
        ``UNWIND ...`` for all of them (``MERGE``, or ``CREATE`` where none can exist yet), then one
        clean-up of what edited articles dropped."""
        if not graphs:
            return
        for graph in graphs:
            validate_article_graph(graph)
        with self.driver.session(database=self.database) as session:
            session.execute_write(self._write_articles_tx, list(graphs))

    @staticmethod
    def _write_articles_tx(tx: ManagedTransaction, graphs: list[ArticleGraph]) -> None:
        """The queries of :meth:`write_articles`.

        Nodes are merged by id, each query returning the nodes' element ids; the relationships then
        join those nodes directly, with no index look-up per row. An article that held no claims
        before this transaction (checked once its node is locked, see :func:`cypher.merge_articles`)
        has no ``REPORTED_IN`` or ``STATED`` yet, so theirs are created without ``MERGE``, and it needs
        no clean-up of dropped claims.
        """
        articles = [{"id": g.article.id, "props": records.article_props(g.article)} for g in graphs]
        written = tx.run(cypher.merge_articles(), rows=_Rows(articles)).single(strict=True)
        article_nodes = dict(zip((a["id"] for a in articles), written["nodes"], strict=True))
        stored = {a["id"] for a, held in zip(articles, written["stored"], strict=True) if held}

        # one row per node across the batch, as writing the articles one by one would leave it
        merged = records.merged_rows
        organizations = _merge_nodes(
            tx,
            cypher.merge_organizations(),
            merged(
                [records.organization_row(o) for g in graphs for o in g.organizations], unions=("aliases",)
            ),
        )
        officials = _merge_nodes(
            tx,
            cypher.merge_officials(),
            merged(
                [records.official_row(o) for g in graphs for o in g.officials], unions=("aliases", "joins")
            ),
        )
        unnamed = _merge_nodes(
            tx,
            cypher.merge_unnamed_sources(),
            merged([records.unnamed_source_row(u) for g in graphs for u in g.unnamed_sources]),
        )
        _merge_nodes(
            tx, cypher.merge_places(), merged([records.place_row(p) for g in graphs for p in g.places])
        )
        events = _merge_nodes(
            tx,
            cypher.merge_events(),
            merged([records.event_row(e) for g in graphs for e in g.events], unions=("mentions",)),
        )
        claim_rows: dict[str, dict[str, Any]] = {}  # the first-seen values, as ON CREATE SET keeps them
        for g in graphs:
            for c in g.claims:
                if c.id not in claim_rows:
                    claim_rows[c.id] = records.claim_row(c)
        claims = _merge_nodes(tx, cypher.merge_claim_nodes(), list(claim_rows.values()))

        fresh: list[dict[str, Any]] = []  # REPORTED_IN of articles that held no claims
        again: list[dict[str, Any]] = []  # REPORTED_IN of the others
        concerns: list[dict[str, Any]] = []
        linked: set[tuple[str, str]] = set()  # (claim, article) and (claim, event) pairs written
        for g in graphs:
            article = article_nodes[g.article.id]
            reported = again if g.article.id in stored else fresh
            for c in g.claims:
                claim = claims[c.id]
                if (claim, article) not in linked:
                    linked.add((claim, article))
                    reported.append({"claim": claim, "target": article})
                if c.event_id is not None:
                    event = events[c.event_id]
                    if (claim, event) not in linked:
                        linked.add((claim, event))
                        concerns.append({"claim": claim, "target": event})
        speakers = {
            schema.OFFICIAL: officials,
            schema.ORGANIZATION: organizations,
            schema.UNNAMED_SOURCE: unnamed,
        }
        stated: dict[tuple[str, str, str, str], dict[str, Any]] = {}  # a statement's last version
        for g in graphs:
            for s in g.stated:
                stated[(s.speaker_label, s.speaker_id, s.claim_id, s.article_id)] = {
                    "speaker": speakers[s.speaker_label][s.speaker_id],
                    "claim": claims[s.claim_id],
                    "props": records.stated_props(s),
                }
        roles: dict[tuple[str, str], str | None] = {}
        for g in graphs:
            for m in g.memberships:
                key = (m.official_id, m.organization_id)
                roles[key] = m.role if m.role is not None else roles.get(key)
        batches = [
            (cypher.link_claims(schema.REPORTED_IN, schema.ARTICLE, create=True), fresh),
            (cypher.link_claims(schema.REPORTED_IN, schema.ARTICLE, create=False), again),
            (cypher.link_claims(schema.CONCERNS, schema.EVENT, create=False), concerns),
            (cypher.create_stated(), [row for key, row in stated.items() if key[3] not in stored]),
            (cypher.merge_stated_nodes(), [row for key, row in stated.items() if key[3] in stored]),
            (
                cypher.merge_memberships(),
                [
                    {"official": officials[o], "organization": organizations[g], "role": role}
                    for (o, g), role in roles.items()
                ],
            ),
        ]
        for query, rows in batches:
            if rows:
                tx.run(query, rows=_Rows(rows)).consume()
        added: dict[str, list[str]] = {node: [] for nodes in speakers.values() for node in nodes.values()}
        recount_speakers: set[str] = set()  # statements of edited articles: their dates may have changed
        claim_events = {c.id: c.event_id for g in graphs for c in g.claims}
        pairs: dict[str, set[str]] = {}  # event id -> speakers (element ids) with new statements
        rebuild: set[str] = set()  # events of edited articles' statements
        for (_, speaker_id, claim_id, article_id), row in stated.items():
            event_id = claim_events.get(claim_id)
            if article_id in stored:
                recount_speakers.add(speaker_id)
                if event_id is not None:
                    rebuild.add(event_id)
                continue
            if row["props"].get("date") is not None:
                added[row["speaker"]].append(row["props"]["date"])
            if event_id is not None:
                pairs.setdefault(event_id, set()).add(row["speaker"])
        if added:
            tx.run(
                cypher.add_speaker_statements(),
                rows=_Rows(
                    [
                        {"speaker": node, "first": min(dates, default=None), "last": max(dates, default=None)}
                        for node, dates in added.items()
                    ]
                ),
            ).consume()

        replaced = sorted(
            {g.replaces for g in graphs if g.replaces is not None and g.replaces != g.article.id}
        )
        # Only an article that held claims before, or one written twice in this batch (its last
        # version counts), can have claims it no longer reports.
        seen: set[str] = set()
        twice: set[str] = set()
        for g in graphs:
            (twice if g.article.id in seen else seen).add(g.article.id)
        keep = {g.article.id: records.claim_ids(g) for g in graphs}  # an article twice: its last version
        dropped = [
            {"id": article_id, "keep": claim_ids}
            for article_id, claim_ids in keep.items()
            if article_id in stored or article_id in twice
        ]
        dropped += [{"id": old, "keep": []} for old in replaced]
        recount = {c.event_id for g in graphs for c in g.claims if c.event_id is not None}
        if dropped:
            changed_events, changed_speakers = Neo4jStore._drop_old_claims(tx, dropped)
            rebuild |= changed_events
            recount_speakers |= changed_speakers
        if replaced:
            tx.run(cypher.delete_article_nodes(), ids=replaced).consume()
        spoken = [
            {"event": events[event_id], "speakers": sorted(speakers)}
            for event_id, speakers in sorted(pairs.items())
            if event_id not in rebuild
        ]
        Neo4jStore._resummarise(tx, events=recount, speakers=recount_speakers, rebuild=rebuild, spoken=spoken)

    @staticmethod
    def _resummarise(
        tx: ManagedTransaction,
        *,
        events: Collection[str] = (),
        speakers: Collection[str] = (),
        rebuild: Collection[str] = (),
        spoken: Sequence[dict[str, Any]] = (),
    ) -> None:
        """Bring the summaries up to date after this transaction's writes: the statement counts of
        ``events`` and ``rebuild`` (event ids), every ``SPOKE_ABOUT`` into ``rebuild`` (whose statements
        were removed, moved or edited), the ``SPOKE_ABOUT`` of ``spoken`` (``{event, speakers}``, element
        ids, of new statements), and the summaries of ``speakers`` (ids; their statements were removed
        or edited). Events and speakers are locked first, in id order, so writers recount in turn."""
        counted = sorted({*events, *rebuild})
        if counted:
            tx.run(cypher.lock_events(), ids=counted).consume()
        if speakers:
            tx.run(cypher.lock_speakers(), ids=sorted(speakers)).consume()
        if counted:
            tx.run(cypher.recount_events(), ids=counted).consume()
        if rebuild:
            tx.run(cypher.rebuild_spoke_about(), ids=sorted(rebuild)).consume()
        if spoken:
            tx.run(cypher.recount_spoke_about(), rows=_Rows(spoken)).consume()
        if speakers:
            tx.run(cypher.recount_speakers(), ids=sorted(speakers)).consume()

    @staticmethod
    def _drop_old_claims(tx: ManagedTransaction, articles: list[dict[str, Any]]) -> tuple[set[str], set[str]]:
        """Unlink claims the articles (``{id, keep}``) no longer report and delete what that leaves
        unconnected; returns the events and the speakers whose statements changed.

        Orphans: a claim no article reports; an official or unnamed source who states nothing; an
        organization that states nothing and has no members; an event no claim concerns; a place no
        event is in.
        """
        touched = tx.run(cypher.detach_dropped_claims(), articles=articles).single()
        if touched is None or not touched["claims"]:
            return set(), set()
        events: set[str] = set(touched["events"])
        speakers: set[str] = set(touched["speakers"])
        for record in tx.run(cypher.delete_orphan_claims(), ids=touched["claims"]):
            events.update(record["events"])
            speakers.update(record["speakers"])
        organizations: set[str] = set(speakers)
        for record in tx.run(cypher.delete_orphan_officials(), ids=sorted(speakers)):
            organizations.update(record["organizations"])
        tx.run(cypher.delete_orphan_organizations(), ids=sorted(organizations)).consume()
        tx.run(cypher.delete_orphan_unnamed_sources(), ids=sorted(speakers)).consume()
        places: set[str] = set()
        for record in tx.run(cypher.delete_orphan_events(), ids=sorted(events)):
            places.update(record["places"])
        tx.run(cypher.delete_orphan_places(), ids=sorted(places)).consume()
        return events, speakers

    @_translated
    def article_fingerprint(self, article_id: str) -> str | None:
        rows = self._read(cypher.article_fingerprint(), article_id=article_id)
        return rows[0]["fingerprint"] if rows else None

    @_translated
    def article_at(self, location: str) -> str | None:
        rows = self._read(cypher.article_at(), location=location)
        return str(rows[0]["id"]) if rows else None

    @_translated
    def delete_article(self, article_id: str) -> bool:
        def work(tx: ManagedTransaction) -> bool:
            events, speakers = Neo4jStore._drop_old_claims(tx, [{"id": article_id, "keep": []}])
            Neo4jStore._resummarise(tx, rebuild=events, speakers=speakers)
            record = tx.run(cypher.delete_article_node(), article_id=article_id).single()
            return bool(record and record["deleted"])

        with self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    @_translated
    def merge_officials(self, into: OfficialNode, merged: list[str]) -> int:
        def work(tx: ManagedTransaction) -> int:
            tx.run(cypher.merge_officials(), rows=[records.official_row(into)]).consume()
            count = 0
            events: set[str] = set()
            for old_id in merged:
                if old_id == into.id:
                    continue
                found = tx.run(cypher.events_of_speaker(), official_id=old_id).single()
                merged_line = tx.run(
                    cypher.merge_official_into(),
                    old_id=old_id,
                    new_id=into.id,
                    merged_suffix=MERGED_BY_ALIASES,
                ).single()
                if merged_line:
                    count += 1
                    events.update(found["events"] if found else [])
            # two statements of one article may have become one
            Neo4jStore._resummarise(tx, rebuild=events, speakers={into.id})
            return count

        with self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    @_translated
    def clear(self) -> None:
        with self.driver.session(database=self.database) as session:
            session.run(cypher.clear_relationships()).consume()
            session.run(cypher.clear_nodes()).consume()

    # --- look-ups ----------------------------------------------------------------------------------

    @_translated
    def find_events(self, query: str, *, limit: int = DEFAULT_LIMIT) -> list[EventSummary]:
        text = query.strip().lower()
        if not text:
            rows = self._read_listed(cypher.event_directory(), cypher.EVENT_KEYS, limit=limit)
        else:
            rows = self._read_listed(cypher.find_events(), cypher.EVENT_KEYS, query=text, limit=limit)
        return [EventSummary(**row) for row in rows]

    @_translated
    def find_officials(self, query: str, *, limit: int = DEFAULT_LIMIT) -> list[OfficialSummary]:
        text = query.strip().lower()
        if not text:
            rows = self._read_listed(cypher.speaker_directory(), cypher.SPEAKER_KEYS, limit=limit)
        else:
            rows = self._read_listed(cypher.find_officials(), cypher.SPEAKER_KEYS, query=text, limit=limit)
        return [OfficialSummary(**row) for row in rows]

    @_translated
    def officials_by_surname(self, surname: str) -> list[OfficialNode]:
        rows = self._read(cypher.officials_by_surname(), surname=ids.surname_key(surname))
        return [OfficialNode(**{**row, "aliases": tuple(row["aliases"])}) for row in rows]

    # --- statements --------------------------------------------------------------------------------

    @_translated
    def statements_about_event(
        self, event_id: str, *, start: str | None = None, end: str | None = None, limit: int = DEFAULT_LIMIT
    ) -> list[StatementRow]:
        rows = self._read_listed(
            cypher.statements_about_event(),
            cypher.STATEMENT_KEYS,
            event_id=event_id,
            start=start,
            end=end,
            limit=limit,
        )
        return [records.statement_row(row) for row in rows]

    @_translated
    def statements_by_official(
        self,
        official_id: str,
        *,
        event_id: str | None = None,
        start: str | None = None,
        end: str | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> list[StatementRow]:
        query = (
            cypher.statements_by_official()
            if event_id is None
            else cypher.statements_by_official_about_event()
        )
        rows = self._read_listed(
            query,
            cypher.STATEMENT_KEYS,
            speaker_id=official_id,
            event_id=event_id,
            start=start,
            end=end,
            limit=limit,
        )
        return [records.statement_row(row) for row in rows]

    @_translated
    def search_claims(self, text: str, *, limit: int = DEFAULT_LIMIT) -> list[StatementRow]:
        lucene = records.lucene_query(text)
        if not lucene:
            return []
        rows = self._read_listed(
            cypher.search_claims(), (*cypher.STATEMENT_KEYS, "score"), lucene=lucene, limit=limit
        )
        return [records.statement_row(row) for row in rows]

    @_translated
    def statements_in_article(self, article_id: str) -> list[StatementRow]:
        rows = self._read_listed(cypher.statements_in_article(), cypher.STATEMENT_KEYS, article_id=article_id)
        return [records.statement_row(row) for row in rows]

    @_translated
    def statements_for_claim(self, claim_id: str) -> list[StatementRow]:
        rows = self._read_listed(cypher.statements_for_claim(), cypher.STATEMENT_KEYS, claim_id=claim_id)
        return [records.statement_row(row) for row in rows]

    @_translated
    def statement_facts(self, *, limit: int = 100_000) -> list[StatementFact]:
        return [StatementFact(**row) for row in self._read(cypher.statement_facts(), limit=limit)]

    # --- profiles, graph view, counts --------------------------------------------------------------

    @_translated
    def official_profile(self, official_id: str, *, events: int = PROFILE_EVENTS) -> OfficialProfile | None:
        rows = self._read(cypher.official_profile(), speaker_id=official_id)
        if not rows:
            return None
        row = rows[0]
        spoken = self._read(cypher.official_events(), speaker_id=official_id, limit=max(events, 0))[0]
        memberships = tuple(
            Membership(official_id=row["id"], organization_id=m["organization_id"], role=m["role"])
            for m in row["memberships"]
            if m["organization_id"] is not None
        )
        return OfficialProfile(
            id=row["id"],
            name=row["name"],
            label=row["label"],
            role=row["role"],
            organization=row["organization"],
            aliases=tuple(row["aliases"]),
            joins=tuple(row["joins"]),
            memberships=tuple(sorted(memberships, key=lambda m: m.organization_id)),
            statement_count=row["statement_count"],
            first_date=row["first_date"],
            last_date=row["last_date"],
            events=tuple(EventSummary(**e) for e in spoken["events"]),
            event_count=spoken["event_count"],
        )

    @_translated
    def event_profile(self, event_id: str) -> EventProfile | None:
        rows = self._read(cypher.event_profile(), event_id=event_id)
        if not rows:
            return None
        row = rows[0]
        speakers = self._read_listed(cypher.event_speakers(), cypher.SPEAKER_COUNT_KEYS, event_id=event_id)
        return EventProfile(
            id=row["id"],
            name=row["name"],
            type=row["type"],
            date=row["date"],
            place=row["place"],
            mentions=tuple(row["mentions"]),
            statement_count=row["statement_count"],
            article_count=row["article_count"],
            speakers=tuple(SpeakerCount(**s) for s in speakers),
            first_date=row["first_date"],
            last_date=row["last_date"],
        )

    @_translated
    def neighbourhood(self, node_id: str, *, depth: int = 1, limit: int = DEFAULT_LIMIT) -> Subgraph:
        records_, _, _ = self.driver.execute_query(
            cypher.neighbourhood(depth),
            {"node_id": node_id, "limit": limit},
            database_=self.database,
            routing_=neo4j.RoutingControl.READ,
        )
        if not records_:
            return Subgraph()
        nodes: list[Node] = records_[0]["nodes"]
        relationships: list[Relationship | None] = records_[0]["relationships"]
        graph_nodes = tuple(_graph_node(n) for n in nodes)
        edges = tuple(
            GraphEdge(
                source=str(r.start_node["id"]) if r.start_node is not None else "",
                target=str(r.end_node["id"]) if r.end_node is not None else "",
                type=r.type,
                properties={k: v for k, v in dict(r).items() if k not in _HIDDEN},
            )
            for r in relationships
            if r is not None
        )
        return Subgraph(
            nodes=graph_nodes, edges=tuple(sorted(edges, key=lambda e: (e.source, e.type, e.target)))
        )

    @_translated
    def article_text(self, article_id: str) -> str | None:
        rows = self._read(cypher.article_text(), article_id=article_id)
        return rows[0]["text"] if rows else None

    @_translated
    def counts(self) -> Counts:
        nodes = {label: self._read(cypher.count_label(label))[0]["count"] for label in schema.LABELS}
        rels = {t: self._read(cypher.count_relationship(t))[0]["count"] for t in schema.RELATIONSHIP_TYPES}
        found = self._read(cypher.extracted_statements())[0]
        return Counts(
            nodes=nodes, relationships=rels, extracted=found["extracted"], repeated=found["repeated"]
        )

    # --- Cypher ------------------------------------------------------------------------------------

    @_translated
    def run_cypher(
        self,
        query: str,
        parameters: Mapping[str, Any] | None = None,
        *,
        allow_writes: bool = False,
        row_cap: int = 1000,
        timeout_s: float = 30.0,
        byte_cap: int = RESULT_BYTE_CAP,
    ) -> CypherResult:
        params = dict(parameters or {})
        deadline = time.monotonic() + timeout_s
        if not allow_writes:
            check_text(query)
            self._check_plan(query, params, timeout_s)
        access = neo4j.WRITE_ACCESS if allow_writes else neo4j.READ_ACCESS
        rows: list[tuple[Any, ...]] = []
        columns: tuple[str, ...] = ()
        cut = ""
        with self.driver.session(
            database=self.database, default_access_mode=access, fetch_size=min(row_cap + 1, _FETCH_SIZE)
        ) as session:
            try:
                # auto-commit, so that --write may use CALL {} IN TRANSACTIONS; the server answers RUN
                # before it sends any record, so the budget is in place for every record
                result = session.run(Query(query, timeout=timeout_s), params)
            except neo4j_errors.Neo4jError as exc:
                raise _server_refusal(exc, timeout_s) from exc
            budget = _ReadBudget.install(result, max_bytes=byte_cap, deadline=deadline + _READ_GRACE_S)
            try:
                columns = tuple(result.keys())
                for record in result:
                    if len(rows) == row_cap:
                        cut = "rows"
                        break
                    rows.append(tuple(_plain(value) for value in record.values()))
                result.consume()
            except (neo4j_errors.DriverError, OSError) as exc:  # the connection the budget broke
                if budget.stopped == "time":
                    raise _timed_out(timeout_s) from exc
                if budget.stopped != "bytes":
                    raise
                if not rows or allow_writes:
                    before = "the query finished (stopped)" if allow_writes else "its first row came back"
                    raise ResultTooLargeError(
                        f"refused: the result went past the {byte_cap:,}-byte cap before {before}"
                    ) from exc
                cut = "bytes"
            except neo4j_errors.Neo4jError as exc:
                raise _server_refusal(exc, timeout_s) from exc
            finally:
                budget.uninstall()
        return CypherResult(columns=columns, rows=tuple(rows), truncated=bool(cut), truncated_by=cut)

    def _check_plan(self, query: str, params: dict[str, Any], timeout_s: float) -> None:
        """Plan the query with EXPLAIN (nothing runs) and refuse it unless its plan is a read."""
        with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
            try:
                summary = session.run(Query(cypher.explain(query), timeout=timeout_s), params).consume()
            except neo4j_errors.Neo4jError as exc:
                raise _server_refusal(exc, timeout_s) from exc
        check_plan(summary.plan, query_type=summary.query_type, database=self.database)


_FETCH_SIZE = 1000
"""Records the console asks of the server at a time (fewer for a smaller row cap): the row cap stops it
within one batch, the byte cap within one read."""

_READ_GRACE_S = 1.0
"""Time past a console query's timeout before the client stops reading by itself (the server's
transaction timeout normally ends it first)."""


def _server_refusal(exc: neo4j_errors.Neo4jError, timeout_s: float) -> QueryError | StoreError:
    """The saidgraph error for a server's refusal of a console query."""
    code = exc.code or ""
    if "TransactionTimedOut" in code:
        return _timed_out(timeout_s)
    if "MemoryPoolOutOfMemoryError" in code or "TransactionOutOfMemoryError" in code:
        return ResultTooLargeError(
            f"refused: the query needs more memory than the server allows a transaction ({exc.message})"
        )
    if isinstance(exc, neo4j_errors.CypherSyntaxError):
        return QueryError(f"Cypher syntax error: {exc.message or exc}")
    if isinstance(exc, neo4j_errors.ClientError):
        return QueryError(f"Neo4j refused the query: {exc.message or exc}")
    return StoreError(f"Neo4j failed: {exc.message or exc}")


_ABORT = "console query:"
"""Starts the message of every read the budget stops on purpose."""


class _OwnAborts(logging.Filter):
    """Drops the driver's error log line for a connection the read budget broke on purpose (the caller
    gets a clear error instead); every other line passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        return _ABORT not in record.getMessage()


_OWN_ABORTS = _OwnAborts()


def _timed_out(timeout_s: float) -> QueryTimeoutError:
    return QueryTimeoutError(f"stopped: the query ran past its {timeout_s:g} s timeout")


class _ReadBudget:
    """Stands in for the Bolt socket a console transaction reads from, counting what arrives.

    The driver reads a whole record before decoding it, so one huge value (``range(1, 20000000)``)
    would be read and built in full by the client, past any row cap and past the timeout (the server
    only checks its timeout between rows). Reading through this budget stops at ``max_bytes`` or at
    the deadline: the read fails, the driver drops the connection and the server ends the
    transaction. This reaches into the driver's connection (``inbox._socket``); if a driver version
    lacks it, console queries are refused rather than run unbounded.
    """

    def __init__(self, inbox: Any, *, max_bytes: int, deadline: float) -> None:
        self._inbox = inbox
        self._socket = inbox._socket
        self._socket_deadline = self._socket.get_read_deadline()
        self.max_bytes = max_bytes
        self.deadline = deadline
        self.received = 0
        self.stopped: str | None = None

    @classmethod
    def install(cls, result: neo4j.Result, *, max_bytes: int, deadline: float) -> _ReadBudget:
        inbox = getattr(getattr(result, "_connection", None), "inbox", None)
        sock = getattr(inbox, "_socket", None)
        needed = ("recv_into", "get_read_deadline", "set_read_deadline")
        if inbox is None or not all(callable(getattr(sock, name, None)) for name in needed):
            raise QueryError(
                f"refused: the console cannot bound results with neo4j driver {neo4j.__version__}; "
                "install the version pyproject.toml names"
            )
        budget = cls(inbox, max_bytes=max_bytes, deadline=deadline)
        inbox._socket = budget
        logging.getLogger("neo4j.io").addFilter(_OWN_ABORTS)  # once: a logger keeps a filter only once
        return budget

    def uninstall(self) -> None:
        self._inbox._socket = self._socket
        self._socket.set_read_deadline(self._socket_deadline)

    def recv_into(self, buffer: Any, nbytes: int = 0) -> int:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            self.stopped = "time"
            raise OSError(f"{_ABORT} read deadline passed")
        # a silent server (still packing one huge record) must not hold the read past the deadline
        self._socket.set_read_deadline(remaining)
        try:
            received: int = self._socket.recv_into(buffer, nbytes)
        except RuntimeError as exc:  # the driver's SocketDeadlineExceededError
            self.stopped = "time"
            raise OSError(f"{_ABORT} read deadline passed") from exc
        self.received += received
        if self.received > self.max_bytes:
            self.stopped = "bytes"
            raise OSError(f"{_ABORT} result over {self.max_bytes} bytes")
        return received

    def __getattr__(self, name: str) -> Any:
        return getattr(self._socket, name)


class _Rows(list[dict[str, Any]]):
    """A query's rows, sent as a plain list. The driver formats every RUN message for its debug log
    whether or not that log is on (``repr`` of all parameters, as costly as encoding them); this
    ``repr`` is short."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


def _merge_nodes(tx: ManagedTransaction, query: str, rows: list[dict[str, Any]]) -> dict[str, str]:
    """Run a node-merging query that returns ``nodes`` aligned with its rows: each row's id -> the
    element id of its node."""
    if not rows:
        return {}
    nodes: list[str] = tx.run(query, rows=_Rows(rows)).single(strict=True)["nodes"]
    return dict(zip((row["id"] for row in rows), nodes, strict=True))


_HIDDEN = frozenset(
    {
        "text",
        "fingerprint",
        "search",
        "summarised",
        *schema.STATED_SUMMARY,
        *schema.IDENTITY_KEYS[schema.OFFICIAL],
    }
)
"""Properties the graph view leaves out: long text, and keys kept only for the indexes."""


def _graph_node(node: Node) -> GraphNode:
    label = next(iter(node.labels), "")
    props = {k: v for k, v in dict(node).items() if k not in _HIDDEN}
    if label == schema.CLAIM:
        props["text"] = node.get("text")
    caption = str(node.get("name") or node.get("title") or node.get("text") or node.get("id"))
    return GraphNode(id=str(node.get("id")), label=label, caption=caption[:80], properties=props)


_SCALARS = frozenset({str, int, float, bool, bytes, type(None)})
"""Types the driver returns that are already plain: passed through without further checks, so a long
list of them converts at list speed (the ABC checks below took seconds for a million numbers)."""


def _plain(value: Any) -> Any:
    """A JSON-friendly Python value for anything the driver returns."""
    if type(value) in _SCALARS:
        return value
    if type(value) is list:
        return [v if type(v) in _SCALARS else _plain(v) for v in value]
    if isinstance(value, Node):
        return {"labels": sorted(value.labels), "properties": {k: _plain(v) for k, v in dict(value).items()}}
    if isinstance(value, Relationship):
        return {
            "type": value.type,
            "start": value.start_node.get("id") if value.start_node is not None else None,
            "end": value.end_node.get("id") if value.end_node is not None else None,
            "properties": {k: _plain(v) for k, v in dict(value).items()},
        }
    if isinstance(value, Path):
        steps: list[Any] = [_plain(value.start_node)]
        for rel, node in zip(value.relationships, value.nodes[1:], strict=True):
            steps += [_plain(rel), _plain(node)]
        return steps
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value
