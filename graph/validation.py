"""Check an article's subgraph against the declared schema before any store writes it."""

from __future__ import annotations

from graph import schema
from graph.errors import SchemaError
from graph.model import ArticleGraph


def validate_article_graph(graph: ArticleGraph) -> None:
    """Raise :class:`SchemaError` naming the article if a relationship breaks the schema.

    Every relationship must join nodes of the bundle (or the article) with a declared pattern.
    """
    labels: dict[str, str] = {graph.article.id: schema.ARTICLE}
    for label, nodes in (
        (schema.OFFICIAL, graph.officials),
        (schema.ORGANIZATION, graph.organizations),
        (schema.UNNAMED_SOURCE, graph.unnamed_sources),
        (schema.PLACE, graph.places),
        (schema.EVENT, graph.events),
        (schema.CLAIM, graph.claims),
    ):
        for node in nodes:
            if not node.id:
                raise SchemaError(f"{graph.article.location}: a {label} node has no id")
            labels[node.id] = label

    def check(source: str, rel_type: str, target: str | None) -> None:
        if target is None:
            return
        pattern = (labels.get(source, "?"), rel_type, labels.get(target, "?"))
        if not schema.allowed(*pattern):
            raise SchemaError(
                f"{graph.article.location}: ({pattern[0]} {source})-[:{rel_type}]->({pattern[2]} {target}) "
                "is not an allowed pattern"
            )

    for event in graph.events:
        check(event.id, schema.LOCATED_IN, event.place_id)
    for claim in graph.claims:
        check(claim.id, schema.REPORTED_IN, graph.article.id)
        check(claim.id, schema.CONCERNS, claim.event_id)
    for source in graph.unnamed_sources:
        if source.article_id != graph.article.id:
            raise SchemaError(f"{graph.article.location}: an unnamed source belongs to another article")
        if source.kind not in schema.UNNAMED_KINDS:
            raise SchemaError(f"{graph.article.location}: unknown kind of unnamed source {source.kind!r}")
    for stated in graph.stated:
        if labels.get(stated.speaker_id) != stated.speaker_label:
            raise SchemaError(
                f"{graph.article.location}: speaker {stated.speaker_id} is not a {stated.speaker_label}"
            )
        if stated.article_id != graph.article.id:
            raise SchemaError(f"{graph.article.location}: a statement names another article")
        check(stated.speaker_id, schema.STATED, stated.claim_id)
    for membership in graph.memberships:
        check(membership.official_id, schema.MEMBER_OF, membership.organization_id)
