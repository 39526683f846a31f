"""docker-compose.yml is for users (no Docker engine here): parse it and check what matters."""

from __future__ import annotations

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
