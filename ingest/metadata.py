"""An article's metadata for the graph: what the source says first, else what the text says."""

from __future__ import annotations

from ingest.article import RawArticle, parse_article
from ingest.graph_builder import ArticleMeta


def read_meta(raw: RawArticle) -> ArticleMeta:
    """Title, outlet, publication date and dateline place of an article."""
    info = parse_article(raw)
    return ArticleMeta(
        title=raw.title or info.headline,
        source=raw.source or info.outlet,
        published=raw.published or info.published,
        place=info.dateline_place,
    )
