"""Fixtures for the ingest tests."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def bounded() -> Callable[..., Any]:
    """Run ``action`` and return its result, failing the test if it has not returned in ``seconds``
    (a hung run fails instead of hanging the suite; its daemon thread is left behind)."""

    def run(action: Callable[[], Any], *, seconds: float) -> Any:
        result: list[Any] = []
        thread = threading.Thread(target=lambda: result.append(action()), daemon=True)
        thread.start()
        thread.join(timeout=seconds)
        assert not thread.is_alive(), f"still running after {seconds} s"
        assert result, "it raised: see the thread's traceback above"
        return result[0]

    return run
