"""What the dashboard's ingest page hands over: uploads and pasted text kept safely, then ingested."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from spacy.language import Language

from graph.errors import InputError
from graph.factory import open_store
from graph.settings import Settings
from ingest.extract.extractor import Extractor
from ingest.uploads import (
    MAX_UPLOAD_BYTES,
    ingest_specs,
    stage_text,
    stage_upload,
    uploads_dir,
    web_urls,
)

ARTICLE = (
    "MOSCOW, February 1. Kremlin Spokesman Dmitry Peskov told reporters that the January 31 unlawful "
    "rallies had shown the aggression of protesters.\n"
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.mark.parametrize("name", ["../../etc/passwd.txt", "a b/ c?.txt", "....txt", "/abs/path.txt"])
def test_uploads_stay_inside_the_uploads_folder(settings: Settings, name: str) -> None:
    path = stage_upload(settings, name, io.BytesIO(b"text"))
    assert path.parent == uploads_dir(settings)
    assert path.suffix == ".txt"
    assert path.read_bytes() == b"text"


@pytest.mark.parametrize("name", ["photo.png", "noext", "script.py"])
def test_unsupported_files_are_refused_with_their_name(settings: Settings, name: str) -> None:
    with pytest.raises(InputError, match=name.replace(".", r"\.")):
        stage_upload(settings, name, io.BytesIO(b"x"))


def test_the_same_upload_twice_is_one_file(settings: Settings) -> None:
    assert stage_upload(settings, "a.txt", io.BytesIO(b"same")) == stage_upload(
        settings, "a.txt", io.BytesIO(b"same")
    )
    assert len(list(uploads_dir(settings).iterdir())) == 1


class Reads(io.BytesIO):
    """A stream that records how much each read asked for."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.asked: list[int] = []

    def read(self, size: int | None = -1, /) -> bytes:
        self.asked.append(-1 if size is None else size)
        return super().read(size)


def test_an_upload_is_copied_in_chunks_and_kept_whole(settings: Settings) -> None:
    data = b"line of an article\n" * 50_000  # about 1 MB
    stream = Reads(data)
    path = stage_upload(settings, "big.txt", stream)
    assert path.read_bytes() == data
    assert stream.asked and max(stream.asked) == 64 * 1024  # never "read everything"


def test_an_upload_over_the_cap_is_refused_and_nothing_is_kept(settings: Settings) -> None:
    with pytest.raises(InputError, match=r"huge\.txt: larger than 2 MB"):
        stage_upload(settings, "huge.txt", io.BytesIO(b"x" * (MAX_UPLOAD_BYTES + 1)))
    assert list(uploads_dir(settings).iterdir()) == []
    assert stage_upload(settings, "fits.txt", io.BytesIO(b"x" * MAX_UPLOAD_BYTES)).stat().st_size == (
        MAX_UPLOAD_BYTES
    )


@pytest.mark.parametrize(
    "line",
    [
        "/etc",
        "/etc/passwd",
        "../data",
        "data/uploads",
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "ftp://example.org/feed",
        "http:/etc/passwd",
        "http://",
        "https:///etc",
        "example.org/feed.xml",
        "~/articles",
        "C:\\articles",
    ],
)
def test_the_url_box_refuses_everything_but_web_urls(line: str) -> None:
    with pytest.raises(InputError, match="only http:// and https:// URLs") as raised:
        web_urls(f"https://example.org/feed.xml\n{line}\n")
    assert line in str(raised.value)


def test_the_url_box_takes_web_urls_one_a_line() -> None:
    assert web_urls(" https://example.org/a \n\nHTTP://Example.org/b\n") == [
        "https://example.org/a",
        "HTTP://Example.org/b",
    ]


@pytest.mark.parametrize(
    "spec", ["/etc", "{data}", "{data}/graph.json", "{data}/uploads", "{data}/uploads/../x.txt"]
)
def test_ingest_refuses_any_server_path_before_reading_anything(settings: Settings, spec: str) -> None:
    (settings.data_dir / "uploads").mkdir(parents=True)
    (settings.data_dir / "x.txt").write_text("MOSCOW. Peskov said so.\n", encoding="utf-8")
    named = spec.format(data=settings.data_dir)
    with pytest.raises(InputError, match="neither a web URL nor a file staged in"):
        ingest_specs(settings, [named], extractor=None)  # type: ignore[arg-type]
    assert not settings.failures_path.exists()
    assert not settings.embedded_path.exists()


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
    bad = stage_upload(settings, "broken.jsonl", io.BytesIO(b"{not json\n"))
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
