from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import ConfigError
from graph.settings import Settings, load_settings


def test_defaults_use_embedded_store_in_data_dir(tmp_path: Path) -> None:
    settings = load_settings({}, dotenv_path=tmp_path / "missing.env")
    assert settings.store == "embedded"
    assert settings.embedded_path == Path("data") / "graph.json"
    assert settings.spacy_model == "en_core_web_sm"


def test_environment_overrides_dotenv(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("SAIDGRAPH_STORE=neo4j\nSAIDGRAPH_NEO4J_URI=bolt://from-file:7687\n", encoding="utf-8")
    settings = load_settings({"SAIDGRAPH_NEO4J_URI": "bolt://from-env:7687"}, dotenv_path=dotenv)
    assert settings.store == "neo4j"
    assert settings.neo4j_uri == "bolt://from-env:7687"


@pytest.mark.parametrize(
    ("name", "value", "field", "expected"),
    [
        ("DATA_DIR", "/tmp/sg", "data_dir", Path("/tmp/sg")),
        ("NEO4J_USER", "analyst", "neo4j_user", "analyst"),
        ("NEO4J_DATABASE", "news", "neo4j_database", "news"),
        ("SPACY_MODEL", "en_core_web_md", "spacy_model", "en_core_web_md"),
        ("STORE", " Neo4j ", "store", "neo4j"),
    ],
)
def test_each_variable_is_read(tmp_path: Path, name: str, value: str, field: str, expected: object) -> None:
    settings = load_settings({f"SAIDGRAPH_{name}": value}, dotenv_path=tmp_path / "none")
    assert getattr(settings, field) == expected


def test_unknown_store_is_a_clear_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="SAIDGRAPH_STORE='sqlite' is not a store"):
        load_settings({"SAIDGRAPH_STORE": "sqlite"}, dotenv_path=tmp_path / "none")


@pytest.mark.parametrize(
    ("name", "field"), [("NEO4J_PASSWORD", "neo4j_password"), ("DASHBOARD_PASSWORD", "dashboard_password")]
)
def test_password_file_is_read_and_never_shown(tmp_path: Path, name: str, field: str) -> None:
    secret = tmp_path / "pw"
    secret.write_text("s3cret\n", encoding="utf-8")
    settings = load_settings({f"SAIDGRAPH_{name}_FILE": str(secret)}, dotenv_path=tmp_path / "none")
    assert getattr(settings, field) == "s3cret"
    assert "s3cret" not in repr(settings)
    with pytest.raises(ConfigError, match=f"SAIDGRAPH_{name}_FILE"):
        load_settings({f"SAIDGRAPH_{name}_FILE": str(tmp_path / "missing")}, dotenv_path=tmp_path / "none")


def test_overrides_ignore_none_and_validate_store() -> None:
    settings = Settings().with_overrides(store="neo4j", data_dir=None)
    assert settings.store == "neo4j"
    assert settings.data_dir == Path("data")
    with pytest.raises(ConfigError):
        Settings().with_overrides(store="mongo")
