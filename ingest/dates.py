"""Dates as the news writes them, anchored on the article's date.

Results are ISO ``YYYY-MM-DD`` when the year is known, else ``--MM-DD``; ``None`` when the text gives
no day.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})(?:\s+(\d{4}))?\b")
_AGO = re.compile(r"\b(a|one|two|three|\d+)\s+(day|week|month)s?\s+ago\b", re.IGNORECASE)
_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3}


def iso(year: int | None, month: int, day: int) -> str | None:
    """``YYYY-MM-DD`` or ``--MM-DD``; ``None`` for an impossible day."""
    try:
        dt.date(year or 2000, month, day)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def split(date: str | None) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of an ISO or ``--MM-DD`` date."""
    if not date:
        return None
    match = re.fullmatch(r"(\d{4}|-)-(\d{2})-(\d{2})", date)
    if not match:
        return None
    year = None if match.group(1) == "-" else int(match.group(1))
    return year, int(match.group(2)), int(match.group(3))


def parse_date(text: str, *, anchor: str | None = None) -> str | None:
    """The date ``text`` names ("January 31", "31 January 2021", "Monday", "a week ago").

    A missing year is the anchor's year (an article's date) when known; a date after the anchor then
    belongs to the year before. Weekdays and "... ago" need an anchor with a year... or a month-day
    anchor, in which case the year stays unknown.
    """
    anchor_parts = split(anchor)
    lowered = text.lower()
    for match in _MONTH_DAY.finditer(text):
        month = MONTHS.get(match.group(1).lower())
        if month:
            return _with_year(month, int(match.group(2)), match.group(3), anchor_parts)
    for match in _DAY_MONTH.finditer(text):
        month = MONTHS.get(match.group(2).lower())
        if month:
            return _with_year(month, int(match.group(1)), match.group(3), anchor_parts)
    if anchor_parts is None:
        return None
    base = _anchor_date(anchor_parts)
    ago = _AGO.search(lowered)
    if ago:
        count = int(ago.group(1)) if ago.group(1).isdigit() else _NUMBERS[ago.group(1).lower()]
        days = {"day": 1, "week": 7, "month": 30}[ago.group(2).lower()] * count
        return _from_date(base - dt.timedelta(days=days), anchor_parts)
    for index, weekday in enumerate(WEEKDAYS):
        if weekday in lowered:
            delta = (base.weekday() - index) % 7
            if anchor_parts[0] is None:
                return None
            return _from_date(base - dt.timedelta(days=delta), anchor_parts)
    if "yesterday" in lowered:
        return _from_date(base - dt.timedelta(days=1), anchor_parts)
    if "today" in lowered:
        return anchor
    return None


def _anchor_date(parts: tuple[int | None, int, int]) -> dt.date:
    year, month, day = parts
    return dt.date(year or 2001, month, day)


def _from_date(date: dt.date, anchor: tuple[int | None, int, int]) -> str | None:
    return iso(date.year if anchor[0] else None, date.month, date.day)


def _with_year(
    month: int, day: int, year_text: str | None, anchor: tuple[int | None, int, int] | None
) -> str | None:
    if year_text:
        return iso(int(year_text), month, day)
    if anchor is None or anchor[0] is None:
        return iso(None, month, day)
    year = anchor[0]
    if (month, day) > (anchor[1], anchor[2]) and (month - anchor[1]) > 1:
        year -= 1
    return iso(year, month, day)
