"""Ingest what an analyst hands over in the dashboard: uploaded files, pasted text, page or feed URLs.

Uploads and pasted text are kept under ``<data dir>/uploads/`` (named by content hash, so the same text
pasted twice is one article) and then ingested like any folder, so provenance links keep working and
the failures report names the file. The store is opened for writing only for the run.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.errors import InputError
from graph.settings import Settings
from ingest.failures import Failure, FailureLog
from ingest.pipeline import ExtractorLike, IngestSummary, Outcome

UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl", ".urls")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Upload:
    """A file as the browser sent it."""

    name: str
    data: bytes


def uploads_dir(settings: Settings) -> Path:
    return settings.data_dir / "uploads"


def stage_upload(settings: Settings, upload: Upload) -> Path:
    """Keep an uploaded file under the uploads folder; its name keeps the suffix that says its format."""
    suffix = Path(upload.name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InputError(
            f"{upload.name}: unsupported file type {suffix or '(none)'}; "
            f"use one of {', '.join(UPLOAD_SUFFIXES)}",
            source=upload.name,
        )
    if len(upload.data) > MAX_UPLOAD_BYTES:
        raise InputError(
            f"{upload.name}: larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB", source=upload.name
        )
    digest = hashlib.sha256(upload.data).hexdigest()[:16]
    stem = _UNSAFE.sub("-", Path(upload.name).stem).strip("-.")[:60] or "upload"
    path = uploads_dir(settings) / f"{stem}-{digest}{suffix}"
    _write_once(path, upload.data)
    return path


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


def _write_once(path: Path, data: bytes) -> None:
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
    """Ingest files and URLs into the configured store, opened for writing for this run only."""
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
