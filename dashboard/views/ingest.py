"""Ingest page: upload files, paste an article, or give page/feed URLs; see progress and failures."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from dashboard.context import get_extractor, get_settings
from graph.errors import SaidgraphError
from ingest.failures import read_failures
from ingest.pipeline import Outcome
from ingest.uploads import UPLOAD_SUFFIXES, Upload, ingest_specs, stage_text, stage_upload


def main() -> None:
    settings = get_settings()
    st.title("Ingest articles")
    st.caption(
        f"Articles are written to the {settings.store} store"
        + (f" in {settings.data_dir}" if settings.store == "embedded" else "")
        + ". Unchanged articles are skipped; an edited one replaces its earlier statements."
    )
    with st.form("ingest", clear_on_submit=True):
        files = st.file_uploader(
            "Files", type=[s.lstrip(".") for s in UPLOAD_SUFFIXES], accept_multiple_files=True
        )
        st.markdown("**Or paste an article**")
        title = st.text_input("Title", key="paste_title")
        first, second = st.columns(2)
        outlet = first.text_input("Outlet", key="paste_source", placeholder="e.g. VOA")
        url = second.text_input("Its URL (optional)", key="paste_url")
        text = st.text_area("Text", key="paste_text", height=200, placeholder="MOSCOW, February 1. ...")
        urls = st.text_area("Or page / RSS / Atom feed URLs, one per line", key="urls", height=80)
        submitted = st.form_submit_button("Ingest", type="primary")
    if submitted:
        run(files or [], title=title, outlet=outlet, url=url, text=text, urls=urls)
    show_failures()


def run(files: Sequence[UploadedFile], *, title: str, outlet: str, url: str, text: str, urls: str) -> None:
    settings = get_settings()
    specs: list[str] = []
    problems: list[str] = []
    for file in files:
        try:
            specs.append(str(stage_upload(settings, Upload(file.name, file.getvalue()))))
        except SaidgraphError as exc:
            problems.append(str(exc))
    if text.strip():
        specs.append(str(stage_text(settings, text, title=title, url=url, source=outlet)))
    specs += [line.strip() for line in urls.splitlines() if line.strip()]
    for problem in problems:
        st.error(problem)
    if not specs:
        if not problems:
            st.warning("Nothing to ingest: add files, paste text or give URLs.")
        return
    extractor = get_extractor()
    bar = st.progress(0.0, text="Starting…")
    done: list[tuple[str, Outcome]] = []

    def tick(location: str, outcome: Outcome) -> None:
        done.append((location, outcome))
        bar.progress(
            min(1.0, len(done) / max(len(specs), 1)), text=f"{len(done)} done: {location} ({outcome})"
        )

    try:
        report = ingest_specs(settings, specs, extractor=extractor, on_item=tick)
    except SaidgraphError as exc:
        bar.empty()
        st.error(f"Ingest failed: {exc}")
        return
    bar.progress(1.0, text="Done")
    summary = report.summary
    st.success(
        f"{summary.new} new, {summary.updated} updated, {summary.unchanged} unchanged, "
        f"{summary.skipped} skipped, {len(report.failures)} failed; {summary.statements} statements."
    )
    for failure in report.failures:
        st.error(f"{failure.source}: {failure.reason}")
    st.dataframe([{"item": location, "outcome": outcome} for location, outcome in done], hide_index=True)


def show_failures() -> None:
    settings = get_settings()
    failures = read_failures(settings.failures_path)
    st.subheader("Failures report")
    if not failures:
        st.caption(f"No failures recorded ({settings.failures_path}).")
        return
    st.caption(f"{len(failures)} failures in {settings.failures_path}, newest first.")
    st.dataframe(
        [
            {"time": f.time, "stage": f.stage, "source": f.source, "reason": f.reason}
            for f in reversed(failures)
        ],
        hide_index=True,
    )


main()
