"""The reference TASS article end to end: every gold statement, speaker, resolution and event."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from ingest.article import RawArticle
from ingest.evaluation.gold import load_gold_json
from ingest.evaluation.scoring import matches, score
from ingest.extract.extractor import Extractor
from ingest.extract.result import Extraction

REPO = Path(__file__).resolve().parents[3]
EXAMPLE = REPO / "examples" / "tass-kremlin-footage.txt"
# The corpus gold for the reference article, bundled as offsets into EXAMPLE and labels
# (tools/bundle_gold.py), so this test always runs.
BUNDLED_GOLD = REPO / "tests" / "gold" / "reference" / "tass-kremlin-footage.json"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def extraction(nlp: Language) -> Extraction:
    text = EXAMPLE.read_text(encoding="utf-8")
    return Extractor(nlp).extract(RawArticle(text=text, location=str(EXAMPLE)))


@pytest.fixture(scope="module")
def gold_path() -> Path:
    """The bundled gold: always there, checked against the corpus's own in tests/ingest/evaluation."""
    return BUNDLED_GOLD


def test_every_offset_indexes_the_text_as_read(extraction: Extraction) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    for statement in extraction.statements:
        for span in (statement.speaker.mention, statement.cue, statement.content):
            assert text[span.start : span.end] == span.text


def test_all_gold_statements_found_with_right_speaker_and_event(
    extraction: Extraction, gold_path: Path
) -> None:
    gold = load_gold_json(gold_path)
    scores = score([(gold, extraction.statements)])
    assert scores.content_recall.hits == scores.content_recall.total == 11
    assert scores.attributed_recall.hits == 11
    assert scores.content_precision.value >= 0.9
    assert scores.resolution_accuracy.value == 1.0
    # The hand-made gold links every statement to the rallies; three never name them in their content,
    # sentence or paragraph, and the anchoring rule leaves those unlinked rather than assume.
    assert (scores.event_accuracy.hits, scores.event_accuracy.total) == (8, 11)
    for item in gold.statements:
        found = [s for s in extraction.statements if matches(s, item)]
        assert found, item
        assert any(s.kind == item.kind for s in found), (item.kind, [s.kind for s in found])


@pytest.mark.parametrize("mention", ["he", "The spokesman", "Peskov", "Kremlin Spokesman Dmitry Peskov"])
def test_mentions_resolve_to_dmitry_peskov_with_role_and_organization(
    extraction: Extraction, mention: str
) -> None:
    speakers = [s.speaker for s in extraction.statements if s.speaker.mention.text == mention]
    assert speakers
    for speaker in speakers:
        assert (speaker.name, speaker.role, speaker.organization) == (
            "Dmitry Peskov",
            "Kremlin Spokesman",
            "Kremlin",
        )
    resolution = {"he": "pronoun", "The spokesman": "description"}.get(mention, "name")
    assert {s.resolution for s in speakers} == {resolution}


def test_the_police_speak_as_an_organization(extraction: Extraction) -> None:
    police = [s for s in extraction.statements if s.speaker.name == "police"]
    assert [s.cue.text for s in police] == ["estimated", "suggested"]
    assert {s.speaker.kind for s in police} == {"organization"}
    assert police[0].content.text == "the number of protesters at 2,000"


def test_the_january_31_rallies_are_one_event(extraction: Extraction) -> None:
    rallies = [e for e in extraction.events if e.date == "--01-31"]
    assert len(rallies) == 1
    event = rallies[0]
    assert event.type == "protest"
    assert event.place == "Russia"
    texts = {m.text for m in event.mentions}
    assert {"the January 31 unlawful rallies", "an unlawful rally", "unauthorized protests"} <= texts
    peskov = [s for s in extraction.statements if s.speaker.name == "Dmitry Peskov"]
    # Anchored: a statement concerns the rallies only where its content, its sentence or (a quote)
    # its paragraph mentions them; the rest name no event, though the article is about the rallies.
    unanchored = [s.content.text[:32] for s in peskov if s.event is None]
    assert unanchored == [
        "there is a large number of video",
        "We need to see each specific cas",
        "there is a large number of video",
    ]
    assert all(s.event == event for s in peskov if s.event is not None)


def test_putin_is_known_with_role_and_country(extraction: Extraction) -> None:
    putin = next(e for e in extraction.entities if e.name == "Vladimir Putin")
    assert (putin.role, putin.organization) == ("President", "Russia")


def test_extract_output_matches_the_documented_json(extraction: Extraction) -> None:
    record = json.loads(json.dumps(extraction.to_json(article="x.txt")))
    first = record["statements"][0]
    assert set(first) == {"speaker", "cue", "content", "kind", "confidence", "event"}
    assert set(first["speaker"]) == {"text", "start", "end", "name", "role", "organization"}
