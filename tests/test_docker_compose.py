"""docker-compose.yml is for users (no Docker engine here): parse it and check what matters."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_neo4j_is_pinned_to_the_526_lts_line(compose: dict[str, Any]) -> None:
    assert compose["services"]["neo4j"]["image"] == "neo4j:5.26"


@pytest.mark.parametrize("service", ["neo4j", "dashboard", "worker"])
def test_every_service_is_declared(compose: dict[str, Any], service: str) -> None:
    assert service in compose["services"]


def test_neo4j_has_a_healthcheck_that_the_app_services_wait_for(compose: dict[str, Any]) -> None:
    health = compose["services"]["neo4j"]["healthcheck"]
    assert health["test"] and health["interval"] and health["retries"]
    for service in ("dashboard", "worker"):
        assert compose["services"][service]["depends_on"]["neo4j"]["condition"] == "service_healthy"


def test_state_lives_in_named_volumes(compose: dict[str, Any]) -> None:
    declared = set(compose["volumes"])
    neo4j_mounts = {m.split(":")[0]: m.split(":")[1] for m in compose["services"]["neo4j"]["volumes"]}
    assert neo4j_mounts.get("neo4j-data") == "/data"
    assert set(neo4j_mounts) <= declared
    for service in ("dashboard", "worker"):
        names = {m.split(":")[0] for m in compose["services"][service]["volumes"]}
        assert "saidgraph-data" in names


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        return dict(item.split("=", 1) for item in env)
    return {str(k): str(v) for k, v in env.items()}


def test_no_secret_is_written_literally(compose: dict[str, Any]) -> None:
    secretish = re.compile(r"PASSWORD|AUTH|SECRET|TOKEN", re.IGNORECASE)
    checked = 0
    for name, service in compose["services"].items():
        for key, value in _environment(service).items():
            if secretish.search(key):
                checked += 1
                assert "${" in value, f"{name}.{key} holds a literal secret"
                literal = re.sub(r"\$\{[^}]*\}", "", value)
                assert not re.search(r"/\S", literal), f"{name}.{key}: {value!r}"
    assert checked >= 3


def test_app_services_talk_to_neo4j_by_service_name(compose: dict[str, Any]) -> None:
    for service in ("dashboard", "worker"):
        env = _environment(compose["services"][service])
        assert env["SAIDGRAPH_STORE"] == "neo4j"
        assert env["SAIDGRAPH_NEO4J_URI"] == "bolt://neo4j:7687"


def _neo4j_setting(variable: str) -> str:
    """The Neo4j setting an environment variable of the official image sets (NEO4J_a_b__c -> a.b_c)."""
    return variable.removeprefix("NEO4J_").replace("__", "\0").replace("_", ".").replace("\0", "_")


def _local_config() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("neo4j_local", REPO / "tools" / "neo4j" / "neo4j_local.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text: str = module.config_text(Path("/home"), 7687, auth=True)
    return dict(line.split("=", 1) for line in text.splitlines())


CONSOLE_DEFENCES = {
    "dbms.security.allow_csv_import_from_file_urls": "false",
    "internal.dbms.cypher_ip_blocklist": "0.0.0.0/0,::/0",
}


def test_neo4j_refuses_load_csv_from_files_and_from_every_address(
    compose: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defence in depth under the Cypher console, the same in Docker as in the local server's config."""
    monkeypatch.delenv("SAIDGRAPH_NEO4J_TX_MEMORY", raising=False)
    settings = {_neo4j_setting(k): v for k, v in _environment(compose["services"]["neo4j"]).items()}
    local = _local_config()
    for name, value in CONSOLE_DEFENCES.items():
        assert settings[name] == value == local[name], name
    assert settings["server.directories.import"] == "/var/lib/neo4j/import"
    assert local["server.directories.import"] == "/home/import"
    assert settings["db.memory.transaction.max"] == "${NEO4J_TX_MEMORY:-1G}"
    assert local["db.memory.transaction.max"] == "512m"
