"""The dev layer: canonical speakers and events labelled by reading PolNeAR articles, and its scores.

PolNeAR marks each attribution's source, cue and content, but not who the source *is*. The dev layer
(``tests/gold/polnear-dev/NAME.json``, described in that folder's README) adds, for every attribution of
an article, the canonical person or organization its source refers to (or why there is none), the kind
of mention ("name", "pronoun", "description", "anonymous", "other"), and, for the articles that carry
the events layer, the one event the statement concerns (or null). The files hold offsets, PolNeAR ids
and our own labels only: the text is read from the PolNeAR split at scoring time.

Figures, each over the speech gold of the labelled articles that a prediction matches (the corpus
README's content rule; the prediction taken is the one with most content characters inside the gold):

- **entity accuracy**: among gold whose source is a canonical entity, the share whose prediction is
  resolved to that entity's name or one of its aliases (case-insensitive). A document as source ("the
  report said") whose issuer the article names counts as its issuer's statement.
- **misattribution**: the share credited to a name that is not the gold entity: another entity, a
  fragment of the right name ("Clinton" for "Hillary Clinton"), or any name where the gold source is
  unnamed. A speaker left unresolved (the mention as written) is not a misattribution.
- **pronoun and description resolved**: entity accuracy restricted to pronoun and description sources.
- **event linked**: among gold that concerns a specific event, the share linked to it (the corpus
  README's event rule).
- **linked without event**: among gold that concerns no specific event, the share linked to one anyway.

Over the graph the articles make together (each built as ingest builds it, people resolved across the
articles in turn):

- **statements stored**: the share of the statements the extractor found that reach the graph as a
  STATED (a word-for-word repeat within its article reaches it as the first one).
- **B-cubed precision and recall of speaker nodes**, over the matched speech gold whose source is a
  canonical entity: each statement's node (an official, an organization, or an unnamed source of its
  article) against its entity. Precision falls when a node holds several people, recall when one
  person is spread over several nodes (a name left unresolved is a node of its own).
- **most people in one node**: the largest number of canonical entities any one node holds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import InputError
from ingest.evaluation.gold import GoldArticle, GoldEvent, GoldStatement, load_polnear
from ingest.evaluation.scoring import Ratio, Scores, event_right, matches, score_article
from ingest.extract.result import Statement

MENTION_KINDS = frozenset({"name", "pronoun", "description", "anonymous", "other"})
RESOLVABLE_MENTIONS = frozenset({"pronoun", "description"})
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class LayerEntity:
    """A canonical person or organization: its id is the same in every article."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()

    def names(self) -> frozenset[str]:
        """The accepted resolved names, normalised."""
        return frozenset(normalise_name(n) for n in (self.name, *self.aliases))


@dataclass(frozen=True)
class LayerAttribution:
    """The dev layer's labels for one PolNeAR attribution (``ref`` is its ``E`` id)."""

    ref: str
    mention: str
    entity: str | None
    unresolved: str | None = None
    event: str | None = None
    issuer: str | None = None
    """For a document as source ("the report said"), the entity that issued it, when the article
    names it: the statement is then that entity's (issue 10: "the report said" goes to its issuer)."""

    @property
    def expected(self) -> str | None:
        """The entity the statement should be credited to: the source's, else the document's issuer."""
        return self.entity if self.entity is not None else self.issuer


@dataclass(frozen=True)
class LayerArticle:
    """A PolNeAR article with its dev-layer labels; ``events`` is None without the events layer."""

    gold: GoldArticle
    entities: Mapping[str, LayerEntity]
    attributions: Mapping[str, LayerAttribution]
    events: Mapping[str, GoldEvent] | None


def normalise_name(name: str) -> str:
    """A name as compared: case-folded, curly apostrophes straightened, dots dropped, spaces collapsed,
    a leading "the" and middle initials dropped ("Gregory W. Meeks" is "Gregory Meeks"; "G.K.
    Butterfield" is "G. K. Butterfield")."""
    folded = name.strip().casefold().replace("’", "'").replace(".", " ")
    words = _SPACES.sub(" ", folded).strip().split(" ")
    if words and words[0] == "the":
        words = words[1:]
    if len(words) >= 3 and len(words[0]) > 1:
        words = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
    return " ".join(words)


def _span_text(text: str, spans: Sequence[Sequence[int]]) -> str:
    return " ".join(text[int(start) : int(end)] for start, end in spans)


def _load_file(path: Path, gold: GoldArticle) -> LayerArticle:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        entities = {
            e["id"]: LayerEntity(e["id"], e["name"], e["kind"], tuple(e.get("aliases", ())))
            for e in data["entities"]
        }
        layers = set(data["layers"])
        events: dict[str, GoldEvent] | None = None
        if "events" in layers:
            events = {
                e["id"]: GoldEvent(
                    e["id"],
                    e["name"],
                    e.get("date"),
                    tuple(_span_text(gold.text, [m]) for m in e.get("mentions", ())),
                )
                for e in data.get("events", ())
            }
        attributions = {}
        for item in data["attributions"]:
            attribution = LayerAttribution(
                ref=item["id"],
                mention=item["mention"],
                entity=item.get("entity"),
                unresolved=item.get("unresolved"),
                event=item.get("event"),
                issuer=item.get("issuer"),
            )
            if attribution.mention not in MENTION_KINDS:
                raise ValueError(f"{attribution.ref}: unknown mention kind {attribution.mention!r}")
            for entity in (attribution.entity, attribution.issuer):
                if entity is not None and entity not in entities:
                    raise ValueError(f"{attribution.ref}: entity {entity!r} is not declared")
            if events is not None and attribution.event is not None and attribution.event not in events:
                raise ValueError(f"{attribution.ref}: event {attribution.event!r} is not declared")
            attributions[attribution.ref] = attribution
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: not a valid dev-layer file ({exc})", source=str(path)) from exc
    return LayerArticle(gold=gold, entities=entities, attributions=attributions, events=events)


def load_layer(layer_dir: Path, split_dir: Path) -> Iterator[LayerArticle]:
    """Every labelled article of ``layer_dir`` (``NAME.json``) with its PolNeAR gold from ``split_dir``.

    Raises :class:`InputError` when the folder has no layer files or a file names an article the split
    does not have.
    """
    files = {path.stem: path for path in sorted(layer_dir.glob("*.json"))}
    if not files:
        raise InputError(f"{layer_dir}: no dev-layer files (NAME.json)", source=str(layer_dir))
    found = set()
    for gold in load_polnear(split_dir):
        path = files.get(gold.name)
        if path is not None:
            found.add(gold.name)
            yield _load_file(path, gold)
    missing = sorted(set(files) - found)
    if missing:
        raise InputError(
            f"{layer_dir}: {len(missing)} layer file(s) name articles not in {split_dir}: {missing[0]}",
            source=str(layer_dir),
        )


@dataclass
class LayerScores:
    """The dev layer's figures with their counts, beside the corpus rules' scores on the same articles."""

    corpus: Scores = field(default_factory=Scores)
    speaker_articles: int = 0
    event_articles: int = 0
    entity_accuracy: Ratio = field(default_factory=Ratio)
    misattribution: Ratio = field(default_factory=Ratio)
    pronoun_description_resolved: Ratio = field(default_factory=Ratio)
    event_linked: Ratio = field(default_factory=Ratio)
    linked_without_event: Ratio = field(default_factory=Ratio)
    stored: Ratio = field(default_factory=Ratio)
    speaker_nodes: list[tuple[str, str]] = field(default_factory=list)
    """(canonical entity, speaker node) of each matched speech gold with an entity, for B-cubed."""

    def bcubed(self) -> tuple[float, float]:
        """B-cubed precision and recall of the speaker nodes over :attr:`speaker_nodes`."""
        return bcubed(self.speaker_nodes)

    def most_mixed(self) -> int:
        """The most canonical entities any one speaker node holds."""
        held: dict[str, set[str]] = {}
        for entity, node in self.speaker_nodes:
            held.setdefault(node, set()).add(entity)
        return max((len(entities) for entities in held.values()), default=0)


def bcubed(pairs: Sequence[tuple[str, str]]) -> tuple[float, float]:
    """B-cubed precision and recall of ``(gold cluster, predicted cluster)`` items: for each item, the
    share of its predicted cluster in its gold cluster (precision) and of its gold cluster in its
    predicted cluster (recall), averaged over the items. Both are 0.0 without items."""
    if not pairs:
        return 0.0, 0.0
    gold_sizes: dict[str, int] = {}
    node_sizes: dict[str, int] = {}
    both: dict[tuple[str, str], int] = {}
    for entity, node in pairs:
        gold_sizes[entity] = gold_sizes.get(entity, 0) + 1
        node_sizes[node] = node_sizes.get(node, 0) + 1
        both[(entity, node)] = both.get((entity, node), 0) + 1
    precision = sum(both[(e, n)] / node_sizes[n] for e, n in pairs) / len(pairs)
    recall = sum(both[(e, n)] / gold_sizes[e] for e, n in pairs) / len(pairs)
    return precision, recall


def _named(statement: Statement) -> bool:
    speaker = statement.speaker
    return speaker.resolution != "unresolved" and speaker.kind != "generic"


def _best(gold: GoldStatement, predictions: Sequence[Statement]) -> int | None:
    """The position of the prediction with most content inside ``gold`` (the first of equals)."""
    scored = [(matches(p, gold), -i) for i, p in enumerate(predictions)]
    matching = [item for item in scored if item[0] > 0]
    return -max(matching)[1] if matching else None


def score_layer_article(
    article: LayerArticle,
    predictions: Sequence[Statement],
    scores: LayerScores,
    *,
    speaker_nodes: Sequence[str] | None = None,
) -> None:
    """Add one labelled article's predictions to ``scores``; ``speaker_nodes`` (aligned with the
    predictions) are the graph nodes their speakers went to, for the B-cubed figures."""
    score_article(article.gold, predictions, scores.corpus)
    scores.speaker_articles += 1
    scores.event_articles += article.events is not None
    for gold in article.gold.statements:
        label = article.attributions.get(gold.ref)
        if not gold.speech or gold.optional or label is None:
            continue
        position = _best(gold, predictions)
        if position is None:
            continue
        best = predictions[position]
        expected = label.expected
        if speaker_nodes is not None and expected is not None:
            scores.speaker_nodes.append((expected, speaker_nodes[position]))
        entity = article.entities.get(expected) if expected is not None else None
        predicted = normalise_name(best.speaker.name)
        right = entity is not None and _named(best) and predicted in entity.names()
        scores.misattribution.add(_named(best) and not right)
        if entity is not None:
            scores.entity_accuracy.add(right)
            if label.mention in RESOLVABLE_MENTIONS:
                scores.pronoun_description_resolved.add(right)
        if article.events is not None:
            event = article.events.get(label.event) if label.event is not None else None
            if event is not None:
                scores.event_linked.add(event_right(best.event, event))
            else:
                scores.linked_without_event.add(best.event is not None)


def score_layer(pairs: Iterable[tuple[LayerArticle, Sequence[Statement]]]) -> LayerScores:
    """Score every (labelled article, predicted statements) pair."""
    scores = LayerScores()
    for article, predictions in pairs:
        score_layer_article(article, predictions, scores)
    return scores


LAYER_ROWS = (
    ("entity accuracy", "entity_accuracy"),
    ("misattribution", "misattribution"),
    ("pronoun/description resolved", "pronoun_description_resolved"),
    ("event linked", "event_linked"),
    ("linked without event", "linked_without_event"),
    ("statements stored", "stored"),
)


def format_layer_scores(scores: LayerScores, *, title: str) -> str:
    """A plain-text table of the layer's figures with their counts."""
    lines = [
        f"{title}: {scores.speaker_articles} articles with canonical speakers, "
        f"{scores.event_articles} with events"
    ]
    for label, name in LAYER_ROWS:
        ratio: Ratio = getattr(scores, name)
        shown = f"{ratio.value:.3f}" if ratio.total else "  n/a"
        lines.append(f"  {label:<29} {shown}  ({ratio.hits}/{ratio.total})")
    if scores.speaker_nodes:
        precision, recall = scores.bcubed()
        items = len(scores.speaker_nodes)
        lines.append(f"  {'speaker nodes B3 precision':<29} {precision:.3f}  ({items} statements)")
        lines.append(f"  {'speaker nodes B3 recall':<29} {recall:.3f}  ({items} statements)")
        lines.append(f"  {'most people in one node':<29} {scores.most_mixed():>5}")
    return "\n".join(lines)


def layer_scores_json(scores: LayerScores) -> dict[str, object]:
    """The layer's figures with their counts, as JSON-ready values."""
    figures: dict[str, object] = {
        "speaker_articles": scores.speaker_articles,
        "event_articles": scores.event_articles,
    }
    for _, name in LAYER_ROWS:
        ratio: Ratio = getattr(scores, name)
        figures[name] = {"value": round(ratio.value, 4), "hits": ratio.hits, "total": ratio.total}
    if scores.speaker_nodes:
        precision, recall = scores.bcubed()
        figures["speaker_nodes"] = {
            "bcubed_precision": round(precision, 4),
            "bcubed_recall": round(recall, 4),
            "statements": len(scores.speaker_nodes),
            "most_people_in_one_node": scores.most_mixed(),
        }
    return figures
