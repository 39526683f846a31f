"""Ingest page: upload files, paste an article, or give page/feed URLs; see progress and failures.

Writing is on only with a dashboard password, for a signed-in session, behind the upload gate
(:func:`dashboard.auth.may_ingest`); the failures report is always shown.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from dashboard.auth import may_ingest
from dashboard.context import get_extractor, get_settings, md_escape
from dashboard.gate import signed_in_sessions
from graph.errors import InputError, SaidgraphError
from ingest.failures import read_failures
from ingest.pipeline import Outcome
from ingest.uploads import (
    MAX_UPLOAD_BYTES,
    UPLOAD_SUFFIXES,
    ingest_specs,
    stage_text,
    stage_upload,
    web_urls,
)

UPLOAD_MB = MAX_UPLOAD_BYTES // (1024 * 1024)


def main() -> None:
    settings = get_settings()
    st.title("Ingest articles")
    refusal = may_ingest(settings.dashboard_password, signed_in_sessions())
    if refusal is not None:
        st.info(refusal)
        show_failures()
        return
    st.caption(
        f"Articles are written to the {settings.store} store"
        + (f" in {md_escape(str(settings.data_dir))}" if settings.store == "embedded" else "")
        + ". Unchanged articles are skipped; an edited one replaces its earlier statements."
    )
    with st.form("ingest", clear_on_submit=True):
        files = st.file_uploader(
            f"Files ({', '.join(UPLOAD_SUFFIXES)}; at most {UPLOAD_MB} MB each)",
            type=[s.lstrip(".") for s in UPLOAD_SUFFIXES],
            accept_multiple_files=True,
            max_upload_size=UPLOAD_MB,
        )
        st.markdown("**Or paste an article**")
        title = st.text_input("Title", key="paste_title")
        first, second = st.columns(2)
        outlet = first.text_input("Outlet", key="paste_source", placeholder="e.g. VOA")
        url = second.text_input("Its URL (optional)", key="paste_url")
        text = st.text_area("Text", key="paste_text", height=200, placeholder="MOSCOW, February 1. ...")
        urls = st.text_area(
            "Or page / RSS / Atom feed URLs (http:// or https://), one per line", key="urls", height=80
        )
        submitted = st.form_submit_button("Ingest", type="primary")
    if submitted:
        run(files or [], title=title, outlet=outlet, url=url, text=text, urls=urls)
    show_failures()


def run(files: Sequence[UploadedFile], *, title: str, outlet: str, url: str, text: str, urls: str) -> None:
    settings = get_settings()
    specs: list[str] = []
    problems: list[str] = []
    try:
        specs += web_urls(urls)
    except InputError as exc:
        problems.append(str(exc))
    for file in files:
        file.seek(0)
        try:
            specs.append(str(stage_upload(settings, file.name, file)))
        except SaidgraphError as exc:
            problems.append(str(exc))
    if text.strip():
        specs.append(str(stage_text(settings, text, title=title, url=url, source=outlet)))
    for problem in problems:
        st.error(md_escape(problem))
    if problems:
        return
    if not specs:
        st.warning("Nothing to ingest: add files, paste text or give URLs.")
        return
    extractor = get_extractor()
    bar = st.progress(0.0, text="Starting…")
    done: list[tuple[str, Outcome]] = []

    def tick(location: str, outcome: Outcome) -> None:
        done.append((location, outcome))
        bar.progress(
            min(1.0, len(done) / max(len(specs), 1)),
            text=md_escape(f"{len(done)} done: {location} ({outcome})"),
        )

    try:
        report = ingest_specs(settings, specs, extractor=extractor, on_item=tick)
    except SaidgraphError as exc:
        bar.empty()
        st.error(f"Ingest failed: {md_escape(str(exc))}")
        return
    bar.progress(1.0, text="Done")
    summary = report.summary
    st.success(
        f"{summary.read} read: {summary.new} new, {summary.updated} updated, "
        f"{summary.unchanged} unchanged, {summary.skipped} skipped, {len(report.failures)} failed; "
        f"{summary.statements} statements stored of {summary.extracted} extracted."
    )
    for failure in report.failures:
        st.error(md_escape(f"{failure.source}: {failure.reason}"))
    st.dataframe([{"item": location, "outcome": outcome} for location, outcome in done], hide_index=True)


def show_failures() -> None:
    settings = get_settings()
    failures = read_failures(settings.failures_path)
    st.subheader("Failures report")
    if not failures:
        st.caption(md_escape(f"No failures recorded ({settings.failures_path})."))
        return
    st.caption(md_escape(f"{len(failures)} failures in {settings.failures_path}, newest first."))
    st.dataframe(
        [
            {"time": f.time, "stage": f.stage, "source": f.source, "reason": f.reason}
            for f in reversed(failures)
        ],
        hide_index=True,
    )


main()
