"""Render a statement inside its article: every character escaped, spans marked by their offsets."""

from __future__ import annotations

import html

from graph.provenance import Segment

COLOURS = {"speaker": "#cfe3ff", "cue": "#ffe2b3", "content": "#fff3a3"}


def segments_html(segments: list[Segment]) -> str:
    """HTML for the article text; markup in the text is shown as text, never interpreted."""
    parts = []
    for segment in segments:
        text = html.escape(segment.text).replace("\n", "<br>")
        if segment.role:
            parts.append(
                f'<mark class="sg-{segment.role}" title="{segment.role}" '
                f'style="background:{COLOURS[segment.role]}">{text}</mark>'
            )
        else:
            parts.append(text)
    return '<div class="sg-article" style="line-height:1.6">' + "".join(parts) + "</div>"
