"""What every page shares: the settings, the store and the extractor, each created once per server.

Pages get them from here instead of opening their own, so one Streamlit server holds one read-only
store connection however many analysts use it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import streamlit as st

from dashboard.limits import DIRECTORY
from graph.search import Entry, directory
from graph.settings import Settings, load_settings
from graph.store import GraphStore

if TYPE_CHECKING:
    from ingest.extract.extractor import Extractor

PAGES = {
    "search": "views/search.py",
    "event": "views/event.py",
    "official": "views/official.py",
    "claim": "views/claim.py",
    "explore": "views/explore.py",
    "analytics": "views/analytics.py",
    "audit": "views/audit.py",
    "cypher": "views/console.py",
    "ingest": "views/ingest.py",
}
"""URL path of each page -> its script, relative to ``dashboard/app.py`` (search is the home page, ``/``)."""


@st.cache_resource
def get_settings() -> Settings:
    """The same settings the CLI reads (environment and ``.env``)."""
    return load_settings()


@st.cache_resource
def get_store() -> GraphStore:
    """The configured store, opened read-only once for every session of this server."""
    from graph.factory import open_store

    return open_store(get_settings(), read_only=True)


@st.cache_resource(show_spinner="Loading the spaCy pipeline…")
def get_extractor() -> Extractor:
    """The statement extractor (loads the spaCy model the first time the ingest page needs it)."""
    from ingest.extract.extractor import Extractor
    from ingest.extract.pipeline import load_pipeline

    return Extractor(load_pipeline(get_settings().spacy_model))


def graph_state(store: GraphStore) -> str:
    """A key that changes whenever the graph's counts do (cached figures are per graph state)."""
    counts = store.counts()
    return f"{store.kind}:{sorted(counts.nodes.items())}:{sorted(counts.relationships.items())}"


@st.cache_data(ttl=300, max_entries=4, show_spinner=False)
def name_directory(state: str) -> list[Entry]:
    """Every official, organization and event for the type-ahead pickers, once per graph state."""
    return directory(get_store(), limit=DIRECTORY)


def href(page: str, **params: str | None) -> str:
    """A relative link to a page of this app with its state in the query string (shareable)."""
    if page not in PAGES:
        raise ValueError(f"unknown page {page!r}")
    query = urlencode({k: v for k, v in params.items() if v})
    path = "./" if page == "search" else f"./{page}"
    return path + (f"?{query}" if query else "")


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&=^\"'])")
_LINKISH = re.compile(r"(?i)(:|@|\bwww(?=\.))")
_SPACE = re.compile(r"\s+")
WORD_JOINER = "\u2060"


def md_escape(text: str) -> str:
    """``text`` shown as itself wherever Streamlit renders Markdown (titles, captions, alerts, links).

    Every Markdown control character is backslash-escaped: no image is fetched, no link, HTML, math
    (``$``) or styling (``:red[...]``) takes effect. Streamlit turns some text into links or icons after
    escapes are undone (``http://``, ``www.``, ``a@b.c``, ``:material/...:``), so an invisible word
    joiner follows each ``:``, ``@`` and ``www``. Whitespace runs become one space (no Markdown block
    can start). Use this for every text from a source or a URL that a Markdown element shows; widget
    options, ``st.text`` and ``st.dataframe`` cells are shown as text already.
    """
    spaced = _SPACE.sub(" ", text)
    return _MARKDOWN.sub(r"\\\1", _LINKISH.sub(r"\1" + WORD_JOINER, spaced))


def page_link(page: str, label: str, *, note: str = "", strong: bool = False, **params: str) -> None:
    """A link to another page of the app that keeps the session (no reload).

    ``label`` and ``note`` are shown as plain text (escaped); ``strong`` makes the label bold.
    """
    text = md_escape(label)
    if strong:
        text = f"**{text}**"
    if note:
        text += " · " + md_escape(note)
    st.page_link(PAGES[page], label=text, query_params=params or None)
