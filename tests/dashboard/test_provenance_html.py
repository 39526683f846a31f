from __future__ import annotations

import pytest

from dashboard.provenance import segments_html
from graph.provenance import Segment


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert('owned')</script>", '"><img src=x onerror=alert(1)>', "<b>bold</b>", "&amp; already"],
)
@pytest.mark.parametrize("role", ["", "content", "speaker"])
def test_article_text_is_escaped_in_every_segment(hostile: str, role: str) -> None:
    rendered = segments_html([Segment("before ", "", 0), Segment(hostile, role, 7)])
    assert hostile not in rendered
    assert "<script" not in rendered and "<img" not in rendered and "<b>" not in rendered
    assert rendered.count("<mark") == (1 if role else 0)


def test_line_breaks_are_kept() -> None:
    assert "one<br><br>two" in segments_html([Segment("one\n\ntwo", "", 0)])
