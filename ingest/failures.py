"""The failures report: one JSON line per item that could not be ingested, so nothing is lost silently."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Failure:
    """One item that failed: where it came from, why, and when."""

    source: str
    reason: str
    time: str
    stage: str = "read"


class FailureLog:
    """Appends failures to a JSON Lines file (created on the first failure)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.recorded: list[Failure] = []

    def record(self, source: str, reason: str, *, stage: str) -> Failure:
        """Append one failure to the report and remember it for the run's summary."""
        failure = Failure(
            source=source,
            reason=reason,
            time=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            stage=stage,
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(asdict(failure), ensure_ascii=False) + "\n")
        self.recorded.append(failure)
        return failure

    def forget(self) -> None:
        """Forget the failures remembered so far (the report keeps them): a long-running worker
        remembers only its current tick's."""
        self.recorded.clear()


def read_failures(path: Path) -> list[Failure]:
    """Every failure in a report (lines that cannot be parsed are skipped)."""
    if not path.is_file():
        return []
    failures = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            failures.append(Failure(**json.loads(line)))
        except (ValueError, TypeError):
            continue
    return failures
