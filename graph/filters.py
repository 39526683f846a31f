"""Narrowing a list of statements the way an analyst does: dates, outlets, statement kinds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.model import StatementRow


def outlet(row: StatementRow) -> str:
    """The outlet a statement was reported in: its source, else its title, else where it was read."""
    return row.article_source or row.article_title or row.article_location


@dataclass(frozen=True)
class StatementFilter:
    """Dates are inclusive ISO dates; empty ``outlets`` / ``kinds`` mean every one."""

    start: str | None = None
    end: str | None = None
    outlets: frozenset[str] = field(default_factory=frozenset)
    kinds: frozenset[str] = field(default_factory=frozenset)

    def matches(self, row: StatementRow) -> bool:
        if self.start is not None and (row.date is None or row.date < self.start):
            return False
        if self.end is not None and (row.date is None or row.date > self.end):
            return False
        if self.outlets and outlet(row) not in self.outlets:
            return False
        return not (self.kinds and row.kind not in self.kinds)

    def apply(self, rows: Iterable[StatementRow]) -> list[StatementRow]:
        return [row for row in rows if self.matches(row)]

    @property
    def active(self) -> bool:
        return bool(self.start or self.end or self.outlets or self.kinds)
