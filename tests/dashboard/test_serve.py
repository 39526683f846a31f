"""`saidgraph dashboard` really serves the app (the second half of `make demo`)."""

from __future__ import annotations

import urllib.request
from pathlib import Path
from typing import Any

import pytest


@pytest.mark.slow
def test_dashboard_command_serves_without_prompting(tmp_path: Path, serve_dashboard: Any) -> None:
    with serve_dashboard(tmp_path / "data") as served:
        with urllib.request.urlopen(served.url + "/_stcore/health", timeout=5) as response:
            assert response.read().decode() == "ok"
        with urllib.request.urlopen(served.url + "/", timeout=5) as response:
            assert response.status == 200
    output = served.log.read_text(encoding="utf-8")
    assert "Email:" not in output
    assert f"dashboard on {served.url}" in output
