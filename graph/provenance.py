"""Where a statement stands in its article: the text cut into plain and highlighted segments."""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import StatementRow


@dataclass(frozen=True)
class Segment:
    """A stretch of article text and what it is: ``""`` (plain), ``"speaker"``, ``"cue"`` or ``"content"``."""

    text: str
    role: str
    start: int


def provenance_segments(text: str, row: StatementRow, *, context: int | None = None) -> list[Segment]:
    """Cut ``text`` at the statement's speaker, cue and content offsets (overlaps: content wins).

    With ``context``, only that many characters around the marked spans are kept.
    """
    roles = [""] * len(text)
    for role, start, end in (
        ("speaker", row.speaker_start, row.speaker_end),
        ("cue", row.cue_start, row.cue_end),
        ("content", row.content_start, row.content_end),
    ):
        for i in range(max(0, start), min(len(text), end)):
            if roles[i] != "content":
                roles[i] = role
    lo, hi = 0, len(text)
    if context is not None:
        marked = [i for i, r in enumerate(roles) if r]
        if marked:
            lo, hi = max(0, marked[0] - context), min(len(text), marked[-1] + 1 + context)
    segments: list[Segment] = []
    for i in range(lo, hi):
        if segments and segments[-1].role == roles[i]:
            last = segments[-1]
            segments[-1] = Segment(last.text + text[i], last.role, last.start)
        else:
            segments.append(Segment(text[i], roles[i], i))
    return segments
