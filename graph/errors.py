"""The one exception tree of saidgraph.

Every error a user can cause or meet derives from :class:`SaidgraphError`, so the CLI, jobs and the
dashboard can turn expected failures into one clear line at the boundary.
"""

from __future__ import annotations


class SaidgraphError(Exception):
    """Root of every error saidgraph raises on purpose."""


class ConfigError(SaidgraphError):
    """A setting is missing or has a value saidgraph cannot use."""


class StoreError(SaidgraphError):
    """The graph store failed to read or write."""


class StoreUnavailableError(StoreError):
    """The store cannot be reached (Neo4j down, wrong address)."""


class StoreAuthError(StoreError):
    """The store refused the credentials."""


class StoreCorruptError(StoreError):
    """The embedded store's file exists but cannot be read back."""


class StoreLockedError(StoreError):
    """Another process holds the embedded store for writing."""


class SchemaError(StoreError):
    """A write does not fit the declared graph schema."""


class QueryError(SaidgraphError):
    """A query was refused or failed."""


class ReadOnlyError(QueryError):
    """A query that would write was refused by a read-only entry point."""


class QueryTimeoutError(QueryError):
    """A query ran past its timeout and was stopped."""


class ResultTooLargeError(QueryError):
    """A query's result went past the byte cap before a whole row came back; nothing is returned."""


class UnsupportedQueryError(QueryError):
    """The store cannot answer this kind of query (for example Cypher on the embedded store)."""


class InputError(SaidgraphError):
    """An input (file, folder, URL, feed) cannot be read or decoded; ``source`` names it."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.source = source


class ModelLoadError(SaidgraphError):
    """The spaCy pipeline named in the settings cannot be loaded."""


class ExtractionError(SaidgraphError):
    """Statement extraction failed on one article."""
