"""How much each dashboard page reads from the store at once (the benchmarks time these same reads)."""

from __future__ import annotations

OFFICIAL_ROWS = 500
"""Statements an official's page reads at once (a busy speaker said tens of thousands of things; the
date filter reaches the rest)."""
EVENT_ROWS = 5000
"""Statements an event's page reads at once."""
LISTED = 200
"""Officials or events the index pages list, most discussed first."""
DIRECTORY = 5000
"""Names of each kind the type-ahead picker offers."""
NEIGHBOURS = 40
"""Nodes the explorer draws around each expanded node."""
ANALYTICS_FACTS = 200_000
"""Statements the analytics page analyses."""
