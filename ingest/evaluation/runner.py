"""Run the extractor over gold articles and score it (``saidgraph eval``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.article import RawArticle
from ingest.evaluation.gold import GoldArticle, load_gold
from ingest.evaluation.layer import LayerScores, load_layer, score_layer
from ingest.evaluation.scoring import Scores, score
from ingest.extract.result import Statement
from ingest.pipeline import ExtractorLike
from ingest.sources.files import split_front_matter


@dataclass(frozen=True)
class EvalResult:
    """Scores per gold format (``json``, ``polnear``) for one run."""

    by_format: dict[str, Scores]


def raw_of(article: GoldArticle) -> RawArticle:
    """The gold article as the extractor reads it: text exactly as on disk, front matter skipped."""
    metadata, body_offset = split_front_matter(article.text, name=str(article.path))
    published = article.published or (str(metadata["published"]) if metadata.get("published") else None)
    return RawArticle(
        text=article.text, location=str(article.path), published=published, body_offset=body_offset
    )


def predictions(
    articles: Sequence[GoldArticle], extractor: ExtractorLike, *, batch_size: int = 16
) -> Iterator[tuple[GoldArticle, Sequence[Statement]]]:
    """Pair each gold article with the statements the extractor finds in it."""
    raws = [raw_of(a) for a in articles]
    for article, (_, extraction) in zip(
        articles, extractor.extract_many(raws, batch_size=batch_size), strict=True
    ):
        yield article, extraction.statements


def evaluate(paths: Iterable[Path], extractor: ExtractorLike, *, limit: int | None = None) -> EvalResult:
    """Score the extractor on every gold source in ``paths`` (files, folders, PolNeAR splits)."""
    grouped: dict[str, list[GoldArticle]] = {}
    for path in paths:
        for article in load_gold(path, limit=limit):
            grouped.setdefault(article.format, []).append(article)
    return EvalResult({fmt: score(predictions(items, extractor)) for fmt, items in grouped.items()})


def evaluate_layer(layer_dir: Path, split_dir: Path, extractor: ExtractorLike) -> LayerScores:
    """Score the extractor on the articles of a PolNeAR split that the dev layer in ``layer_dir`` labels."""
    articles = list(load_layer(layer_dir, split_dir))
    found = predictions([a.gold for a in articles], extractor)
    pairs = zip(articles, found, strict=True)
    return score_layer((article, statements) for article, (_, statements) in pairs)
