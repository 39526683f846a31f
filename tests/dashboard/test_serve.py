"""`saidgraph dashboard` really serves the app (the second half of `make demo`)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_dashboard_command_serves_without_prompting(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAIDGRAPH_")}
    env.update(SAIDGRAPH_DATA_DIR=str(tmp_path), HOME=str(tmp_path))
    server = subprocess.Popen(
        [sys.executable, "-m", "ingest.cli", "dashboard", "--port", str(port), "--no-browser"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        health = ""
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as response:
                    health = response.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        assert health == "ok"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert response.status == 200
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Email:" not in output
    assert f"dashboard on http://127.0.0.1:{port}" in output
