"""What the dashboard's ingest page hands over: uploads and pasted text kept safely, then ingested."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from graph.errors import InputError
from graph.factory import open_store
from graph.settings import Settings
from ingest.extract.extractor import Extractor
from ingest.uploads import Upload, ingest_specs, stage_text, stage_upload, uploads_dir

ARTICLE = (
    "MOSCOW, February 1. Kremlin Spokesman Dmitry Peskov told reporters that the January 31 unlawful "
    "rallies had shown the aggression of protesters.\n"
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.mark.parametrize("name", ["../../etc/passwd.txt", "a b/ c?.txt", "....txt", "/abs/path.txt"])
def test_uploads_stay_inside_the_uploads_folder(settings: Settings, name: str) -> None:
    path = stage_upload(settings, Upload(name, b"text"))
    assert path.parent == uploads_dir(settings)
    assert path.suffix == ".txt"
    assert path.read_bytes() == b"text"


@pytest.mark.parametrize("name", ["photo.png", "noext", "script.py"])
def test_unsupported_files_are_refused_with_their_name(settings: Settings, name: str) -> None:
    with pytest.raises(InputError, match=name.replace(".", r"\.")):
        stage_upload(settings, Upload(name, b"x"))


def test_the_same_upload_twice_is_one_file(settings: Settings) -> None:
    assert stage_upload(settings, Upload("a.txt", b"same")) == stage_upload(
        settings, Upload("a.txt", b"same")
    )
    assert len(list(uploads_dir(settings).iterdir())) == 1


def test_pasted_text_keeps_title_url_and_outlet_as_front_matter(settings: Settings) -> None:
    path = stage_text(
        settings, ARTICLE, title='Kremlin: "rallies"', url="https://example.org/a", source="Wire"
    )
    text = path.read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "Kremlin: \\"rallies\\""\n')
    assert 'url: "https://example.org/a"' in text and 'source: "Wire"' in text
    assert text.rstrip().endswith("aggression of protesters.")


def test_empty_paste_is_refused(settings: Settings) -> None:
    with pytest.raises(InputError, match="empty"):
        stage_text(settings, "  \n ")


@pytest.mark.slow
def test_ingesting_pasted_text_and_a_bad_file_writes_one_and_reports_the_other(
    settings: Settings, nlp: Language
) -> None:
    good = stage_text(settings, ARTICLE, title="Peskov on the rallies", source="Wire")
    bad = stage_upload(settings, Upload("broken.jsonl", b"{not json\n"))
    seen: list[tuple[str, str]] = []
    report = ingest_specs(
        settings,
        [str(good), str(bad)],
        extractor=Extractor(nlp),
        on_item=lambda loc, out: seen.append((loc, out)),
    )
    assert report.summary.new == 1
    assert len(report.failures) == 1 and "broken" in report.failures[0].source
    assert settings.failures_path.is_file()
    with open_store(settings, read_only=True) as store:
        rows = store.statements_by_official(store.find_officials("Peskov")[0].id)
    assert rows and rows[0].article_source == "Wire"
    assert any(outcome == "new" for _, outcome in seen)
