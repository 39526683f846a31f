"""The README is part of the product: every command and setting it names must exist, and vice versa."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from graph import schema
from graph.settings import Settings, load_settings
from ingest.cli import build_parser
from ingest.sources.files import TEXT_SUFFIXES
from ingest.sources.registry import SOURCE_GLOBS

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(subparsers.choices)


def _commands() -> list[str]:
    return sorted(_subparsers())


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_documented_in_the_readme(command: str) -> None:
    assert f"saidgraph {command}" in README


def test_the_two_setup_commands_are_documented_and_ci_runs_the_test_one() -> None:
    assert "make demo" in README
    assert "make test" in README
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^exec make test$", ci, re.MULTILINE)


@pytest.mark.parametrize("name", sorted(set(re.findall(r"`(SAIDGRAPH_[A-Z0-9_]+)`", README))))
def test_every_documented_setting_is_read(name: str, tmp_path: Path) -> None:
    values = {
        "SAIDGRAPH_STORE": "neo4j",
        "SAIDGRAPH_NEO4J_PASSWORD_FILE": str(tmp_path / "pw"),
        "SAIDGRAPH_DASHBOARD_PASSWORD_FILE": str(tmp_path / "pw"),
    }
    (tmp_path / "pw").write_text("from-file", encoding="utf-8")
    value = values.get(name, "documented-value")
    settings = load_settings({name: value}, dotenv_path=tmp_path / "none")
    assert settings != Settings(), f"{name} is documented but changes nothing"


@pytest.mark.parametrize("label", schema.LABELS)
def test_every_label_is_documented(label: str) -> None:
    assert f"`{label}`" in README


@pytest.mark.parametrize("rel_type", schema.RELATIONSHIP_TYPES)
def test_every_relationship_type_is_documented(rel_type: str) -> None:
    assert f"[:{rel_type}" in README


@pytest.mark.parametrize(
    ("command", "globs"),
    [
        ("ingest", SOURCE_GLOBS),
        ("watch", SOURCE_GLOBS),
        ("extract", tuple(f"*{suffix}" for suffix in TEXT_SUFFIXES)),
    ],
)
def test_the_glob_help_names_the_files_folders_are_read_for(command: str, globs: tuple[str, ...]) -> None:
    (option,) = [a for a in _subparsers()[command]._actions if "--glob" in a.option_strings]
    assert option.help is not None and option.help.endswith(f"(repeatable; default: {' '.join(globs)})")
