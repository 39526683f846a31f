from __future__ import annotations

import pytest

from graph.model import StatementRow
from graph.provenance import provenance_segments

TEXT = 'Intro. "We will see," Peskov said on Monday. Outro.'


def row(**offsets: int) -> StatementRow:
    fields = dict.fromkeys(StatementRow.__dataclass_fields__, None)
    fields.update(
        claim_id="c",
        text="We will see,",
        kind="direct",
        cue="said",
        confidence=0.9,
        speaker_id="s",
        speaker_name="Dmitry Peskov",
        speaker_label="Official",
        speaker_text="Peskov",
        article_id="a",
        article_location="x",
    )
    fields.update(offsets)
    return StatementRow(**fields)  # type: ignore[arg-type]


def spans() -> dict[str, int]:
    content = TEXT.index("We will see,")
    speaker = TEXT.index("Peskov")
    cue = TEXT.index("said")
    return dict(
        content_start=content,
        content_end=content + 12,
        speaker_start=speaker,
        speaker_end=speaker + 6,
        cue_start=cue,
        cue_end=cue + 4,
    )


def test_segments_cover_the_text_and_mark_each_span() -> None:
    segments = provenance_segments(TEXT, row(**spans()))
    assert "".join(s.text for s in segments) == TEXT
    marked = {s.role: s.text for s in segments if s.role}
    assert marked == {"content": "We will see,", "speaker": "Peskov", "cue": "said"}
    assert all(TEXT[s.start : s.start + len(s.text)] == s.text for s in segments)


@pytest.mark.parametrize("context", [0, 5])
def test_context_keeps_only_what_surrounds_the_statement(context: int) -> None:
    segments = provenance_segments(TEXT, row(**spans()), context=context)
    shown = "".join(s.text for s in segments)
    assert shown.startswith(TEXT[TEXT.index("We will") - context : TEXT.index("We will")])
    assert "Outro" not in shown


def test_offsets_outside_the_text_are_clipped() -> None:
    segments = provenance_segments(
        "short", row(content_start=2, content_end=999, speaker_start=0, speaker_end=0, cue_start=0, cue_end=0)
    )
    assert "".join(s.text for s in segments) == "short"
