"""Credentials never reach logs, error messages or pages, however verbose the run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SECRET = "pw-Zq9!never-shown"


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ingest.cli", "-vv", *args],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("how", ["variable", "file"])
def test_an_unreachable_neo4j_error_does_not_show_the_password(tmp_path: Path, how: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAIDGRAPH_")}
    env.update(
        SAIDGRAPH_STORE="neo4j", SAIDGRAPH_NEO4J_URI="bolt://127.0.0.1:9", SAIDGRAPH_DATA_DIR=str(tmp_path)
    )
    if how == "file":
        (tmp_path / "pw").write_text(SECRET, encoding="utf-8")
        env["SAIDGRAPH_NEO4J_PASSWORD_FILE"] = str(tmp_path / "pw")
    else:
        env["SAIDGRAPH_NEO4J_PASSWORD"] = SECRET
    result = run(env, "stats")
    assert result.returncode != 0
    assert "saidgraph:" in result.stderr  # a clear error was printed
    assert SECRET not in result.stdout + result.stderr


@pytest.mark.neo4j
def test_a_verbose_ingest_on_neo4j_never_prints_the_password(
    neo4j_server: dict[str, str | None], tmp_path: Path
) -> None:
    if not neo4j_server["password"]:
        pytest.skip("this server runs without auth")
    password = str(neo4j_server["password"])
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAIDGRAPH_")}
    env.update(
        SAIDGRAPH_STORE="neo4j",
        SAIDGRAPH_NEO4J_URI=str(neo4j_server["uri"]),
        SAIDGRAPH_NEO4J_PASSWORD=password,
        SAIDGRAPH_DATA_DIR=str(tmp_path),
    )
    article = tmp_path / "a.txt"
    article.write_text(
        "MOSCOW. Kremlin Spokesman Dmitry Peskov said the rallies were unlawful.\n", encoding="utf-8"
    )
    result = run(env, "ingest", str(article))
    assert result.returncode == 0, result.stderr
    assert password not in result.stdout + result.stderr
    wrong = run(dict(env, SAIDGRAPH_NEO4J_PASSWORD=SECRET), "stats")
    assert wrong.returncode != 0 and "refused the credentials" in wrong.stderr
    assert SECRET not in wrong.stdout + wrong.stderr
