"""Run the extractor over gold articles and score it (``saidgraph eval``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.article import RawArticle
from ingest.evaluation.gold import GoldArticle, load_gold
from ingest.evaluation.layer import LayerScores, load_layer, score_layer_article
from ingest.evaluation.scoring import Scores, score
from ingest.extract.gender import first_names_of
from ingest.extract.result import Statement
from ingest.graph_builder import build_article_graph_and_speakers
from ingest.identity import Identity
from ingest.metadata import read_meta
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
    """Score the extractor on the articles of a PolNeAR split that the dev layer in ``layer_dir`` labels,
    and the graph they make together: each article is built as ingest builds it, its people resolved
    to those of the articles before it (as one batch into an empty store), and each statement's
    speaker node is scored against its canonical entity."""
    articles = list(load_layer(layer_dir, split_dir))
    raws = [raw_of(a.gold) for a in articles]
    identity = Identity(same_first_name=first_names_of(extractor).one_name)
    scores = LayerScores()
    found = extractor.extract_many(raws, batch_size=16)
    for article, raw, (_, extraction) in zip(articles, raws, found, strict=True):
        graph, speakers = build_article_graph_and_speakers(raw, extraction, read_meta(raw), identity=identity)
        identity.remember(graph.officials)
        scores.stored.hits += len(graph.stated) + graph.article.repeated
        scores.stored.total += graph.article.extracted
        score_layer_article(article, extraction.statements, scores, speaker_nodes=speakers)
    return scores
