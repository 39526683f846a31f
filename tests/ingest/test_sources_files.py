from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.errors import InputError
from ingest.article import RawArticle
from ingest.sources.files import iter_files, read_paths, read_text_file


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def test_folders_are_searched_recursively_in_stable_order_skipping_hidden(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "b")
    write(tmp_path / "sub" / "a.md", "a")
    write(tmp_path / "sub" / "skip.json", "{}")
    write(tmp_path / ".hidden" / "c.txt", "c")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])]
    assert found == ["b.txt", "sub/a.md"]


def test_glob_filters_apply_inside_folders(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "b")
    write(tmp_path / "a.md", "a")
    assert [p.name for p in iter_files([tmp_path], patterns=["*.md"])] == ["a.md"]


def test_front_matter_gives_metadata_and_offsets_still_index_the_file(tmp_path: Path) -> None:
    text = (
        "---\ntitle: Talks\nurl: https://example.org/a\npublished: 2021-02-01\nauthor: X\n---\nBody here.\n"
    )
    article = read_text_file(write(tmp_path / "a.txt", text))
    assert article.title == "Talks"
    assert article.url == "https://example.org/a"
    assert article.published == "2021-02-01"
    assert article.metadata == {"author": "X"}
    assert article.text == text
    assert article.text[article.body_offset :] == "Body here.\n"


def test_plain_text_keeps_bom_free_text_as_read(tmp_path: Path) -> None:
    article = read_text_file(write(tmp_path / "a.txt", "\ufeffMOSCOW, February 1. /TASS/. Text".encode()))
    assert article.text.startswith("MOSCOW")
    assert article.body_offset == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"   \n", "file is empty"),
        ("caf\u00e9 cr\u00e8me".encode("latin-1"), "not UTF-8 text (byte 0xe9 at offset 3)"),
        ("hello".encode("utf-16"), "looks like UTF-16"),
        (bytes(range(256)), "binary or non-UTF-8 file"),
    ],
)
def test_bad_files_raise_one_clear_line_naming_the_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = write(tmp_path / "bad.txt", content)
    with pytest.raises(InputError) as caught:
        read_text_file(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.txt", "text")
    path.chmod(0)
    with pytest.raises(InputError, match="permission denied"):
        read_text_file(path)


def test_read_paths_reports_errors_and_keeps_going(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "good one")
    write(tmp_path / "b.txt", b"\xff\xfe\x00bad")
    write(tmp_path / "c.txt", "good two")
    results = list(read_paths([tmp_path / "missing", tmp_path]))
    assert isinstance(results[0], InputError)
    assert "no such file or folder" in str(results[0])
    good = [r.text for r in results if isinstance(r, RawArticle)]
    assert good == ["good one", "good two"]
    assert sum(isinstance(r, InputError) for r in results) == 2
