"""Gold statements in the two formats the scoring rules know: reference JSON and PolNeAR brat.

Both load into :class:`GoldArticle`: the article text exactly as on disk and its gold statements with
content spans as character offsets into that text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import InputError
from ingest.evaluation.cues import is_speech_cue

GoldSpans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class GoldEvent:
    """A gold event: name, mentions and date (``YYYY-MM-DD`` or ``--MM-DD``)."""

    id: str
    name: str
    date: str | None
    mentions: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldStatement:
    """One gold attribution.

    ``speech`` says whether it counts for recall (a speech cue with a source); ``optional`` ones never
    count for recall nor against precision. ``speakers`` are the accepted resolved names (name and
    aliases, for reference JSON); ``source_spans`` the annotated source mention (PolNeAR); ``ref`` the
    attribution's id in its brat file (``E3``), by which the dev layer labels it.
    """

    content: GoldSpans
    cue: str
    speech: bool
    optional: bool = False
    speakers: tuple[str, ...] = ()
    source_spans: GoldSpans = ()
    event: GoldEvent | None = None
    kind: str | None = None
    ref: str = ""


@dataclass(frozen=True)
class GoldArticle:
    """An article with its gold statements; ``format`` is ``"json"`` or ``"polnear"``."""

    name: str
    path: Path
    text: str
    format: str
    statements: tuple[GoldStatement, ...]
    published: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


def load_gold_json(path: Path, *, corpus_root: Path | None = None) -> GoldArticle:
    """Load a reference-format gold file; its ``article`` path is relative to ``corpus_root``.

    ``corpus_root`` defaults to the gold file's folder's parent (``corpus/gold/x.json`` ->
    ``corpus/``). A statement gives its content as text (``content``) or as character offsets into the
    article (``content_offsets``). Raises :class:`InputError` if the article is missing, a gold content
    is not an exact substring of it, or its offsets fall outside it.
    """
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read gold JSON ({exc})", source=str(path)) from exc
    root = corpus_root if corpus_root is not None else path.resolve().parent.parent
    article_path = (root / gold["article"]).resolve()
    try:
        text = article_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"{path}: article {article_path} not readable ({exc.strerror})", source=str(path)
        ) from exc
    aliases: dict[str, tuple[str, ...]] = {}
    for official in gold.get("officials", []):
        aliases[official["name"].casefold()] = (official["name"], *official.get("aliases", []))
    events = {
        e["id"]: GoldEvent(e["id"], e["name"], e.get("date"), tuple(e.get("mentions", [])))
        for e in gold.get("events", [])
    }
    statements = []
    for number, item in enumerate(gold.get("statements", []), start=1):
        start, end = _content_span(item, text, gold=path, number=number, article=article_path)
        speaker = item["speaker"]
        statements.append(
            GoldStatement(
                content=((start, end),),
                cue=item.get("cue", ""),
                speech=True,
                optional=bool(item.get("optional", False)),
                speakers=aliases.get(speaker.casefold(), (speaker,)),
                event=events.get(item["event"]) if item.get("event") else None,
                kind=item.get("kind"),
            )
        )
    return GoldArticle(
        name=path.stem,
        path=article_path,
        text=text,
        format="json",
        statements=tuple(statements),
        published=gold.get("published"),
        metadata={"title": gold.get("title"), "source": gold.get("source")},
    )


def _content_span(
    item: dict[str, Any], text: str, *, gold: Path, number: int, article: Path
) -> tuple[int, int]:
    """A gold content's span: its ``content`` located in the text (the corpus format), or its
    ``content_offsets`` ``[start, end]`` (the bundled format, which copies no sentence of the article)."""
    if "content" in item:
        start = text.find(item["content"])
        if start < 0:
            raise InputError(
                f"{gold}: statement {number}: content is not an exact substring of {article.name}",
                source=str(gold),
            )
        return start, start + len(item["content"])
    offsets = item.get("content_offsets")
    if (
        not isinstance(offsets, list)
        or len(offsets) != 2
        or not all(isinstance(o, int) for o in offsets)
        or not 0 <= offsets[0] < offsets[1] <= len(text)
    ):
        raise InputError(
            f"{gold}: statement {number}: needs content, or content_offsets [start, end] within "
            f"{article.name}",
            source=str(gold),
        )
    return offsets[0], offsets[1]


_SPANS = re.compile(r"^(\w+) (\d+ \d+(?:;\d+ \d+)*)$")


def _spans(text: str) -> GoldSpans:
    return tuple((int(a), int(b)) for a, b in (part.split() for part in text.split(";")))


def load_polnear_article(text_path: Path, ann_path: Path) -> GoldArticle:
    """Load one PolNeAR article and one annotator's brat file."""
    text = text_path.read_text(encoding="utf-8")
    spans: dict[str, tuple[str, GoldSpans, str]] = {}
    relations: list[tuple[str, dict[str, str]]] = []
    for line in ann_path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            match = _SPANS.match(parts[1])
            if match:
                spans[parts[0]] = (match.group(1), _spans(match.group(2)), parts[2] if len(parts) > 2 else "")
        elif line.startswith("E") and len(parts) >= 2:
            relations.append((parts[0], dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg)))
    statements = []
    for ref, relation in relations:
        content = spans.get(relation.get("Content", ""))
        if content is None:
            continue
        source = spans.get(relation.get("Source", ""))
        cue = spans.get(relation.get("Cue", ""))
        cue_text = cue[2] if cue else ""
        statements.append(
            GoldStatement(
                content=content[1],
                cue=cue_text,
                speech=source is not None and cue is not None and is_speech_cue(cue_text),
                source_spans=source[1] if source else (),
                ref=ref,
            )
        )
    return GoldArticle(
        name=text_path.stem, path=text_path, text=text, format="polnear", statements=tuple(statements)
    )


def load_polnear(split_dir: Path, *, limit: int | None = None) -> Iterator[GoldArticle]:
    """Every article of a PolNeAR split (``text/`` and ``attributions/``), first annotator in sort order."""
    text_dir, ann_dir = split_dir / "text", split_dir / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(
            f"{split_dir}: not a PolNeAR split (needs text/ and attributions/)", source=str(split_dir)
        )
    annotations: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        annotations.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    for count, text_path in enumerate(sorted(text_dir.glob("*.txt"))):
        if limit is not None and count >= limit:
            return
        ann_path = annotations.get(text_path.stem)
        if ann_path is not None:
            yield load_polnear_article(text_path, ann_path)


def load_gold(path: Path, *, limit: int | None = None) -> Iterator[GoldArticle]:
    """Gold from a path: a gold JSON file, a folder of them, or a PolNeAR split folder."""
    if path.is_file():
        yield load_gold_json(path)
    elif (path / "text").is_dir() and (path / "attributions").is_dir():
        yield from load_polnear(path, limit=limit)
    elif path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise InputError(f"{path}: no gold JSON files and not a PolNeAR split", source=str(path))
        for gold_file in files:
            yield load_gold_json(gold_file)
    else:
        raise InputError(f"{path}: no such gold file or folder", source=str(path))
