"""Settings shared by the CLI, ingest jobs and the dashboard.

Values come from environment variables (``SAIDGRAPH_*``), optionally loaded from a ``.env`` file in the
working directory. Nothing is read at import time: call :func:`load_settings`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from graph.errors import ConfigError

StoreKind = Literal["embedded", "neo4j"]
STORE_KINDS: tuple[StoreKind, ...] = ("embedded", "neo4j")
DEFAULT_SPACY_MODEL = "en_core_web_sm"
ENV_PREFIX = "SAIDGRAPH_"


@dataclass(frozen=True)
class Settings:
    """Every knob saidgraph reads from its environment."""

    store: StoreKind = "embedded"
    data_dir: Path = field(default_factory=lambda: Path("data"))
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = field(default=None, repr=False)
    neo4j_database: str = "neo4j"
    spacy_model: str = DEFAULT_SPACY_MODEL
    aliases_path: Path | None = None
    dashboard_password: str | None = field(default=None, repr=False)

    @property
    def embedded_path(self) -> Path:
        """The file the embedded store persists to."""
        return self.data_dir / "graph.json"

    @property
    def failures_path(self) -> Path:
        """The JSON Lines report of items that failed to ingest."""
        return self.data_dir / "failures.jsonl"

    def with_overrides(self, **changes: object) -> Settings:
        """Return a copy with the given fields replaced (``None`` values are ignored)."""
        kept = {key: value for key, value in changes.items() if value is not None}
        if "store" in kept:
            kept["store"] = _store_kind(str(kept["store"]))
        for key in ("data_dir", "aliases_path"):
            if key in kept:
                kept[key] = Path(str(kept[key])).expanduser()
        return replace(self, **kept)  # type: ignore[arg-type]


def _store_kind(value: str) -> StoreKind:
    lowered = value.strip().lower()
    for kind in STORE_KINDS:
        if lowered == kind:
            return kind
    raise ConfigError(f"SAIDGRAPH_STORE={value!r} is not a store; use one of: {', '.join(STORE_KINDS)}")


def load_settings(environ: Mapping[str, str] | None = None, *, dotenv_path: Path | None = None) -> Settings:
    """Build :class:`Settings` from ``environ`` (default ``os.environ``) and a ``.env`` file.

    Variables already in the environment win over the ``.env`` file. ``dotenv_path`` defaults to
    ``.env`` in the working directory; a missing file is fine.
    """
    env: dict[str, str] = {}
    path = dotenv_path if dotenv_path is not None else Path(".env")
    if path.is_file():
        from dotenv import dotenv_values

        env.update({k: v for k, v in dotenv_values(path).items() if v is not None})
    env.update(os.environ if environ is None else environ)

    def get(name: str) -> str | None:
        value = env.get(ENV_PREFIX + name)
        return value if value not in (None, "") else None

    def secret(name: str) -> str | None:
        """``NAME`` from the environment, else the contents of the file ``NAME_FILE`` names."""
        value = get(name)
        path = get(name + "_FILE")
        if value is None and path is not None:
            try:
                value = Path(path).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError(f"cannot read {ENV_PREFIX}{name}_FILE {path}: {exc.strerror}") from exc
        return value

    defaults = Settings()
    return Settings(
        store=_store_kind(get("STORE") or defaults.store),
        data_dir=Path(get("DATA_DIR") or str(defaults.data_dir)).expanduser(),
        neo4j_uri=get("NEO4J_URI") or defaults.neo4j_uri,
        neo4j_user=get("NEO4J_USER") or defaults.neo4j_user,
        neo4j_password=secret("NEO4J_PASSWORD"),
        neo4j_database=get("NEO4J_DATABASE") or defaults.neo4j_database,
        spacy_model=get("SPACY_MODEL") or defaults.spacy_model,
        aliases_path=Path(aliases).expanduser() if (aliases := get("ALIASES")) else None,
        dashboard_password=secret("DASHBOARD_PASSWORD"),
    )
