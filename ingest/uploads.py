"""Ingest what an analyst hands over in the dashboard: uploaded files, pasted text, page or feed URLs.

Uploads and pasted text are kept under ``<data dir>/uploads/`` (named by content hash, so the same text
pasted twice is one article) and then ingested like any folder, so provenance links keep working and
the failures report names the file. The store is opened for writing only for the run.

The dashboard never names a server path: what it ingests is either an ``http(s)://`` URL or a file this
module wrote into the uploads folder; :func:`ingest_specs` refuses anything else.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from graph.errors import InputError
from graph.settings import Settings
from ingest.failures import Failure, FailureLog
from ingest.pipeline import ExtractorLike, IngestSummary, Outcome
from ingest.sources.files import MAX_FILE_BYTES

UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl", ".urls")
MAX_UPLOAD_BYTES = MAX_FILE_BYTES
"""The largest file the dashboard takes (2 MB): the largest article file any ingest reads."""
CHUNK_BYTES = 64 * 1024
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def uploads_dir(settings: Settings) -> Path:
    return settings.data_dir / "uploads"


def stage_upload(settings: Settings, name: str, stream: BinaryIO) -> Path:
    """Copy an uploaded file into the uploads folder, a chunk at a time; returns where it is kept.

    The name keeps only the suffix that says the format (the rest is sanitised) and the content hash.
    Raises :class:`InputError` naming the file for an unsupported suffix or more than
    :data:`MAX_UPLOAD_BYTES` (nothing is kept then).
    """
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InputError(
            f"{name}: unsupported file type {suffix or '(none)'}; use one of {', '.join(UPLOAD_SUFFIXES)}",
            source=name,
        )
    folder = uploads_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".upload-", suffix=".part", delete=False) as out:
        partial = Path(out.name)
        try:
            while chunk := stream.read(CHUNK_BYTES):
                size += len(chunk)
                if size > MAX_UPLOAD_BYTES:
                    raise InputError(
                        f"{name}: larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB", source=name
                    )
                digest.update(chunk)
                out.write(chunk)
        except BaseException:
            out.close()
            partial.unlink(missing_ok=True)
            raise
    stem = _UNSAFE.sub("-", Path(name).stem).strip("-.")[:60] or "upload"
    path = folder / f"{stem}-{digest.hexdigest()[:16]}{suffix}"
    if path.exists():
        partial.unlink()
    else:
        partial.replace(path)
    return path


def web_urls(text: str) -> list[str]:
    """The ``http(s)://`` URLs in ``text``, one a line (blank lines skipped).

    Raises :class:`InputError` naming every other line (a server path, ``file://``, a bare host):
    the dashboard fetches pages and feeds, it never reads the server's files.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    bad = [line for line in lines if not _is_web_url(line)]
    if bad:
        raise InputError(
            "only http:// and https:// URLs are taken here, not: "
            + "; ".join(bad[:5])
            + (f" (and {len(bad) - 5} more)" if len(bad) > 5 else ""),
            source="URLs",
        )
    return lines


def _is_web_url(text: str) -> bool:
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.hostname) and text.isprintable()


def stage_text(settings: Settings, text: str, *, title: str = "", url: str = "", source: str = "") -> Path:
    """Keep pasted article text (with optional title, URL and outlet as front matter) as a ``.md`` file."""
    if not text.strip():
        raise InputError("the pasted text is empty", source="pasted text")
    header = {"title": title.strip(), "url": url.strip(), "source": source.strip()}
    lines = [f"{key}: {_yaml_string(value)}" for key, value in header.items() if value]
    body = ("---\n" + "\n".join(lines) + "\n---\n\n" if lines else "") + text.strip() + "\n"
    data = body.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()[:16]
    stem = _UNSAFE.sub("-", title.strip().lower()).strip("-.")[:60] or "pasted"
    path = uploads_dir(settings) / f"{stem}-{digest}.md"
    _write_once(path, data)
    return path


def _yaml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _write_once(path: Path, data: bytes) -> None:  # pasted text: small, already in memory
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(data)
    partial.replace(path)


@dataclass(frozen=True)
class IngestReport:
    """What one dashboard ingest did, and what failed (also appended to the failures report)."""

    summary: IngestSummary
    failures: tuple[Failure, ...]


def ingest_specs(
    settings: Settings,
    specs: Sequence[str],
    *,
    extractor: ExtractorLike,
    on_item: Callable[[str, Outcome], None] | None = None,
    allow_private: bool = False,
) -> IngestReport:
    """Ingest staged files and web URLs into the configured store, opened for writing for this run only.

    Each spec must be an ``http(s)://`` URL or a file in the uploads folder (as returned by
    :func:`stage_upload` or :func:`stage_text`); anything else raises :class:`InputError` before
    anything is read.
    """
    for spec in specs:
        _check_spec(settings, spec)
    from graph.factory import open_store
    from ingest.identity import AliasBook
    from ingest.jobs import ingest_sources
    from ingest.sources.http import Fetcher, FetchPolicy
    from ingest.sources.registry import FeedStates

    failures = FailureLog(settings.failures_path)
    fetcher = Fetcher(FetchPolicy(allow_private=allow_private))
    try:
        with open_store(settings) as store:
            summary = ingest_sources(
                specs,
                store=store,
                extractor=extractor,
                failures=failures,
                fetcher=fetcher,
                feeds=FeedStates(settings.data_dir / "feeds.json"),
                on_item=on_item,
                aliases=AliasBook.load(settings.aliases_path) if settings.aliases_path else None,
            )
    finally:
        fetcher.close()
    return IngestReport(summary, tuple(failures.recorded))


def _check_spec(settings: Settings, spec: str) -> None:
    if _is_web_url(spec):
        return
    folder = uploads_dir(settings).resolve()
    path = Path(spec).resolve()
    if path.parent != folder or not path.is_file() or path.name.startswith("."):
        raise InputError(f"{spec}: neither a web URL nor a file staged in {folder}", source=spec)
