"""Read articles from text files and folders.

A file may start with a YAML front-matter block (``---`` lines around ``title:``, ``url:``,
``source:``, ``published:``...) giving metadata; the article proper follows it. Offsets always index
the file's text as read, front matter included.
"""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import stat
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from graph.errors import InputError
from ingest.article import RawArticle

log = logging.getLogger(__name__)

TEXT_SUFFIXES: tuple[str, ...] = (".txt", ".md")
MAX_FILE_BYTES = 2 * 1024 * 1024  # news articles are far smaller; a bigger "article" is a mistake
_KNOWN_KEYS = ("title", "url", "source", "published", "language")


def iter_files(paths: Sequence[Path], *, patterns: Sequence[str] = ()) -> Iterator[Path]:
    """Every article file named by ``paths``: files as given, folders searched recursively.

    In folders, only files matching ``patterns`` (globs such as ``"*.txt"``) are taken, by default
    those with a text suffix; hidden files and folders are skipped. Order is stable (sorted).
    Raises :class:`InputError` for a path that does not exist.
    """
    globs = tuple(patterns) or tuple(f"*{suffix}" for suffix in TEXT_SUFFIXES)
    for path in paths:
        if path.is_dir():
            found: set[Path] = set()
            for glob in globs:
                found.update(p for p in path.rglob(glob) if p.is_file() and not _hidden(p, path))
            yield from sorted(found)
        elif path.exists():
            yield path
        else:
            raise InputError(f"{path}: no such file or folder", source=str(path))


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def read_text_file(path: Path) -> RawArticle:
    """Read one UTF-8 text file (with optional front matter) as a :class:`RawArticle`.

    Raises :class:`InputError` with one line naming the file and the cause when it cannot be read,
    is not UTF-8 text, or is empty.
    """
    data = read_capped(path)
    text = decode_utf8(data, name=str(path))
    if not text.strip():
        raise InputError(f"{path}: file is empty", source=str(path))
    metadata, body_offset = split_front_matter(text, name=str(path))
    return RawArticle(
        text=text,
        location=str(path),
        title=_str(metadata.pop("title", None)),
        url=_str(metadata.pop("url", None)),
        source=_str(metadata.pop("source", None)),
        published=_date(metadata.pop("published", None)),
        language=_str(metadata.pop("language", None)),
        metadata={key: str(value) for key, value in metadata.items() if value is not None},
        body_offset=body_offset,
    )


def regular_file_size(path: Path) -> int:
    """The size of a regular file; :class:`InputError` for a folder, a device, a pipe or a socket."""
    try:
        status = path.stat()
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    if stat.S_ISDIR(status.st_mode):
        raise InputError(f"{path}: is a folder, not a file", source=str(path))
    if not stat.S_ISREG(status.st_mode):
        raise InputError(f"{path}: not a regular file (a device, pipe or socket)", source=str(path))
    return status.st_size


@contextmanager
def open_regular(path: Path) -> Iterator[BinaryIO]:
    """A regular file opened for reading bytes; every failure to open or read it is an :class:`InputError`."""
    regular_file_size(path)
    try:
        with path.open("rb") as handle:
            yield handle
    except OSError as exc:
        raise _unreadable(path, exc) from exc


def _unreadable(path: Path, exc: OSError) -> InputError:
    reason = "permission denied" if isinstance(exc, PermissionError) else exc.strerror or str(exc)
    return InputError(f"{path}: cannot read file ({reason})", source=str(path))


def read_capped(path: Path, *, cap: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``cap`` bytes (never more is read, whatever its size says).

    Raises :class:`InputError` naming the file when it is too large, not a regular file (a folder, a
    device, a pipe) or cannot be read.
    """
    size = regular_file_size(path)
    data = b""
    if size <= cap:
        with open_regular(path) as handle:
            data = handle.read(cap + 1)  # the file may have grown since
    size = max(size, len(data))
    if size > cap:
        raise InputError(
            f"{path}: too large for an article ({size / 2**20:.1f} MB > {cap / 2**20:.0f} MB)",
            source=str(path),
        )
    return data


def decode_utf8(data: bytes, *, name: str) -> str:
    """Decode UTF-8 (a leading BOM is dropped), or raise :class:`InputError` saying where it breaks."""
    if b"\x00" in data[:4096]:
        hint = " (looks like UTF-16)" if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else ""
        raise InputError(f"{name}: binary or non-UTF-8 file{hint}, not a text article", source=name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it to UTF-8 (for example: iconv -f latin1 -t utf-8)",
            source=name,
        ) from exc


def split_front_matter(text: str, *, name: str) -> tuple[dict[str, Any], int]:
    """Parse a leading ``---`` YAML block; return its mapping and where the article starts."""
    if not text.startswith("---"):
        return {}, 0
    first_newline = text.find("\n")
    if first_newline < 0 or text[:first_newline].strip() != "---":
        return {}, 0
    closing = text.find("\n---", first_newline)
    if closing < 0:
        return {}, 0
    end_of_line = text.find("\n", closing + 4)
    body_offset = len(text) if end_of_line < 0 else end_of_line + 1
    try:
        loaded = yaml.safe_load(text[first_newline + 1 : closing + 1])
    except yaml.YAMLError as exc:
        raise InputError(
            f"{name}: front matter is not valid YAML ({exc.__class__.__name__})", source=name
        ) from exc
    if not isinstance(loaded, dict):
        return {}, 0
    return {str(key): value for key, value in loaded.items()}, body_offset


def _str(value: object) -> str | None:
    return None if value is None else str(value).strip() or None


def _date(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return _str(value)


def read_paths(paths: Iterable[Path], *, patterns: Sequence[str] = ()) -> Iterator[RawArticle | InputError]:
    """Read every article under ``paths``; unreadable items are yielded as :class:`InputError`."""
    for root in paths:
        try:
            files = list(iter_files([root], patterns=patterns))
        except InputError as exc:
            yield exc
            continue
        for path in files:
            try:
                yield read_text_file(path)
            except InputError as exc:
                yield exc
