"""Statements arranged for reading: by speaker (an event's page), by event (an official's page)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from graph.filters import outlet
from graph.model import StatementRow
from graph.wording import speaker_heading

_KeyOf = Callable[[StatementRow], str | None]


@dataclass(frozen=True)
class ClaimReport:
    """One claim of one speaker with every outlet that reported it (rows share claim and speaker)."""

    claim_id: str
    first: StatementRow
    outlets: tuple[str, ...]
    dates: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    """Statements under one heading: a speaker on an event's page, or an event on an official's page."""

    key: str | None
    heading: str
    claims: tuple[ClaimReport, ...]

    @property
    def statement_count(self) -> int:
        return len(self.claims)


def claim_reports(rows: Iterable[StatementRow]) -> list[ClaimReport]:
    """Collapse the rows of one claim by one speaker into one report naming each outlet once."""
    order: list[tuple[str, str]] = []
    by_key: dict[tuple[str, str], list[StatementRow]] = {}
    for row in rows:
        key = (row.speaker_id, row.claim_id)
        if key not in by_key:
            order.append(key)
            by_key[key] = []
        by_key[key].append(row)
    reports = []
    for key in order:
        group = by_key[key]
        reports.append(
            ClaimReport(
                claim_id=key[1],
                first=group[0],
                outlets=tuple(dict.fromkeys(outlet(r) for r in group)),
                dates=tuple(sorted({r.date for r in group if r.date})),
            )
        )
    return reports


def by_speaker(rows: Iterable[StatementRow]) -> list[Group]:
    """Statements per speaker, the speaker with most claims first, each speaker's claims in date order."""
    return _grouped(
        rows,
        key=lambda r: r.speaker_id,
        heading=lambda r: speaker_heading(r.speaker_name, role=r.role, unnamed_kind=r.speaker_kind),
    )


def by_event(rows: Iterable[StatementRow]) -> list[Group]:
    """Statements per event (claims about no event last): an official's positions side by side."""
    groups = _grouped(rows, key=lambda r: r.event_id, heading=lambda r: r.event_name or "no event")
    return sorted(groups, key=lambda g: g.key is None)


def _grouped(rows: Iterable[StatementRow], *, key: _KeyOf, heading: _KeyOf) -> list[Group]:
    buckets: dict[str | None, list[StatementRow]] = {}
    headings: dict[str | None, str] = {}
    for row in rows:
        k = key(row)
        buckets.setdefault(k, []).append(row)
        headings.setdefault(k, heading(row) or "")
    groups = [Group(k, headings[k], tuple(claim_reports(found))) for k, found in buckets.items()]
    groups.sort(key=lambda g: (-g.statement_count, g.heading))
    return groups


@dataclass(frozen=True)
class TimelinePoint:
    """How many statements one series (a speaker, an event) had on one date."""

    series: str
    date: str
    count: int


def timeline(rows: Iterable[StatementRow], *, series: _KeyOf, top: int | None = None) -> list[TimelinePoint]:
    """Dated statements counted per series and date; undated ones, and those dated without a year
    (``--MM-DD``), cannot be placed on a time axis and are left out. With ``top``, only the ``top``
    series with most statements keep their name; the rest are counted together as ``"others"``."""
    dated = [
        (series(row) or "no event", str(row.date))
        for row in rows
        if row.date and not row.date.startswith("--")
    ]
    totals: dict[str, int] = {}
    for name, _ in dated:
        totals[name] = totals.get(name, 0) + 1
    kept = set(sorted(totals, key=lambda n: (-totals[n], n))[:top]) if top is not None else set(totals)
    counts: dict[tuple[str, str], int] = {}
    for name, date in dated:
        key = (name if name in kept else "others", date)
        counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    return [TimelinePoint(name, date, n) for (name, date), n in ordered]


@dataclass(frozen=True)
class Description:
    """How a speaker was named or described in articles, and over which dates."""

    mention: str
    first: str | None
    last: str | None
    count: int


def descriptions_over_time(rows: Iterable[StatementRow]) -> list[Description]:
    """The speaker mentions of ``rows`` ("Kremlin Spokesman Dmitry Peskov", "the spokesman") with the
    dates they were used, earliest first: how an official's role reads across time and outlets."""
    seen: dict[str, list[str | None]] = {}
    for row in rows:
        seen.setdefault(row.speaker_text.strip(), []).append(row.date)
    found = []
    for mention, dates in seen.items():
        known = sorted(d for d in dates if d)
        found.append(
            Description(mention, known[0] if known else None, known[-1] if known else None, len(dates))
        )
    found.sort(key=lambda d: (d.first is None, d.first or "", -d.count, d.mention))
    return found
