"""The one interface both stores implement.

:class:`GraphStore` is what the CLI, ingest jobs and the dashboard talk to. ``Neo4jStore`` (production,
Cypher for power users) and ``EmbeddedStore`` (networkx, persisted to a file; the default) implement it
and are held to the same behaviour by one contract test suite (``tests/graph/test_store_contract.py``).

Look-ups by free text (``find_events``, ``find_officials``) return summaries; the statement queries take
the ids those summaries carry. Identity across articles finds officials by surname
(``officials_by_surname``), never through the ranked, limited text search. Every query returns plain
values from :mod:`graph.model`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from types import TracebackType
from typing import Any

from graph.console_guard import RESULT_BYTE_CAP
from graph.model import (
    ArticleGraph,
    Counts,
    CypherResult,
    EventProfile,
    EventSummary,
    OfficialNode,
    OfficialProfile,
    OfficialSummary,
    StatementFact,
    StatementRow,
    Subgraph,
)

DEFAULT_LIMIT = 100
PROFILE_EVENTS = 50
"""How many of a speaker's events a profile lists (a busy speaker spoke about tens of thousands)."""


MERGED_BY_ALIASES = ": merged by the aliases file"


def merged_by_aliases(name: str) -> str:
    """The audit-trail line an official merged by the aliases file leaves on the one it joined."""
    return name + MERGED_BY_ALIASES


class GraphStore(ABC):
    """A statement graph: write articles' subgraphs, answer the domain queries."""

    kind: str = "abstract"

    # --- lifecycle ---------------------------------------------------------------------------------

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create constraints and indexes if missing; safe to call on every start."""

    @abstractmethod
    def close(self) -> None:
        """Release connections, locks and (embedded) flush to disk."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- writes ------------------------------------------------------------------------------------

    def batch(self) -> AbstractContextManager[None]:
        """A block of writes the store may make durable together at its end (the embedded store saves
        its file once); each write is still atomic on its own. Stores without batching ignore it.
        """
        return nullcontext()

    @abstractmethod
    def write_article(self, graph: ArticleGraph) -> None:
        """Write one article's subgraph atomically, replacing what an earlier version contributed.

        Raises :class:`graph.errors.SchemaError` if the subgraph breaks the declared schema, and
        :class:`graph.errors.StoreError` subclasses if the store fails (nothing is half-written).
        """

    def write_articles(self, graphs: Sequence[ArticleGraph]) -> None:
        """Write several articles' subgraphs, in order, as :meth:`write_article` would one by one.

        Stores that can (Neo4j) write them in one transaction: all or none. Others write each
        atomically; either way an error names the store's failure and a retry is safe.
        """
        for graph in graphs:
            self.write_article(graph)

    @abstractmethod
    def article_fingerprint(self, article_id: str) -> str | None:
        """The stored fingerprint of an article, or ``None`` if it is not stored."""

    @abstractmethod
    def article_at(self, location: str) -> str | None:
        """The id of the article last read from ``location`` (a path or URL), if any."""

    @abstractmethod
    def delete_article(self, article_id: str) -> bool:
        """Remove an article and the claims only it reported; ``False`` if it was not stored."""

    @abstractmethod
    def merge_officials(self, into: OfficialNode, merged: list[str]) -> int:
        """Make the officials ``merged`` one with ``into`` (created if missing): their statements and
        memberships move to it, their names become its aliases, and they are deleted. Returns how many
        were merged. Claims keep their ids; re-ingesting an article re-keys them.
        """

    @abstractmethod
    def clear(self) -> None:
        """Delete every node and relationship (the schema stays)."""

    # --- look-ups ----------------------------------------------------------------------------------

    @abstractmethod
    def find_events(self, query: str, *, limit: int = DEFAULT_LIMIT) -> list[EventSummary]:
        """Events whose name or a mention contains ``query`` (case-insensitive), most discussed first."""

    @abstractmethod
    def find_officials(self, query: str, *, limit: int = DEFAULT_LIMIT) -> list[OfficialSummary]:
        """Officials and speaking organizations whose name, an alias or role contains ``query``."""

    @abstractmethod
    def officials_by_surname(self, surname: str) -> list[OfficialNode]:
        """Every official whose name ends in the word ``surname`` (compared by
        :func:`graph.ids.surname_key`: case-insensitive), in id order, however many there are.

        This is identity's look-up (who is who across articles), read through an index on both
        stores; unlike :meth:`find_officials` it is exact, unranked and never cut short.
        """

    # --- statements --------------------------------------------------------------------------------

    @abstractmethod
    def statements_about_event(
        self,
        event_id: str,
        *,
        start: str | None = None,
        end: str | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> list[StatementRow]:
        """Who said what about an event, in date order (``start``/``end`` inclusive, ISO dates)."""

    @abstractmethod
    def statements_by_official(
        self,
        official_id: str,
        *,
        event_id: str | None = None,
        start: str | None = None,
        end: str | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> list[StatementRow]:
        """Everything a speaker said, optionally about one event and within a date range."""

    @abstractmethod
    def search_claims(self, text: str, *, limit: int = DEFAULT_LIMIT) -> list[StatementRow]:
        """Statements whose claim text matches every word of ``text`` (case-insensitive)."""

    @abstractmethod
    def statements_in_article(self, article_id: str) -> list[StatementRow]:
        """Every statement an article reported, in text order (for the provenance view)."""

    @abstractmethod
    def statements_for_claim(self, claim_id: str) -> list[StatementRow]:
        """Every statement of one claim (each speaker and outlet that reported it), in date order."""

    @abstractmethod
    def statement_facts(self, *, limit: int = 100_000) -> list[StatementFact]:
        """Every statement as a :class:`StatementFact` (for analytics), in date order, at most ``limit``."""

    # --- profiles, graph view, counts --------------------------------------------------------------

    @abstractmethod
    def official_profile(self, official_id: str, *, events: int = PROFILE_EVENTS) -> OfficialProfile | None:
        """An official's (or speaking organization's) profile, or ``None`` if unknown, with the
        ``events`` events they spoke about most (and how many they spoke about in all)."""

    @abstractmethod
    def event_profile(self, event_id: str) -> EventProfile | None:
        """An event's profile, or ``None`` if unknown."""

    @abstractmethod
    def neighbourhood(self, node_id: str, *, depth: int = 1, limit: int = DEFAULT_LIMIT) -> Subgraph:
        """The nodes within ``depth`` hops of ``node_id`` and the relationships among them."""

    @abstractmethod
    def article_text(self, article_id: str) -> str | None:
        """The stored text of an article exactly as read, or ``None`` if unknown."""

    @abstractmethod
    def counts(self) -> Counts:
        """Node counts per label and relationship counts per type."""

    # --- Cypher ------------------------------------------------------------------------------------

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
        """Run a Cypher query (Neo4j only); read-only unless ``allow_writes``.

        At most ``row_cap`` rows and ``byte_cap`` bytes come back (the result says which cap cut it);
        the query is stopped after ``timeout_s`` seconds. Raises
        :class:`graph.errors.UnsupportedQueryError` on stores without Cypher,
        :class:`graph.errors.ReadOnlyError` when a read-only call is refused (see
        :mod:`graph.console_guard`), :class:`graph.errors.QueryTimeoutError` past the timeout and
        :class:`graph.errors.ResultTooLargeError` when not even one row fits the byte cap.
        """
        from graph.errors import UnsupportedQueryError

        raise UnsupportedQueryError(
            f"the {self.kind} store does not run Cypher; set SAIDGRAPH_STORE=neo4j, or use "
            "'saidgraph ask' / 'saidgraph stats' which work on every store"
        )
