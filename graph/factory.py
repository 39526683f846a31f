"""Create the configured store, once, for the CLI, jobs and the dashboard."""

from __future__ import annotations

from graph.errors import ConfigError
from graph.settings import Settings
from graph.store import GraphStore


def open_store(settings: Settings, *, read_only: bool = False) -> GraphStore:
    """Open the store the settings name and make sure its schema exists.

    ``read_only`` opens the embedded store without taking the writer's lock (the dashboard's
    read views). Raises :class:`graph.errors.StoreError` subclasses when the store cannot be opened.
    """
    if settings.store == "embedded":
        from graph.embedded_store import EmbeddedStore

        store: GraphStore = EmbeddedStore.open(settings.embedded_path, read_only=read_only)
    elif settings.store == "neo4j":
        from graph.neo4j_store import Neo4jStore, connect

        driver = connect(
            settings.neo4j_uri,
            user=settings.neo4j_user,
            password=settings.neo4j_password,
        )
        store = Neo4jStore(driver, database=settings.neo4j_database, owns_driver=True)
    else:  # pragma: no cover - Settings validates the kind
        raise ConfigError(f"unknown store {settings.store!r}")
    if not read_only:
        store.ensure_schema()
    return store
