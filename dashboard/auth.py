"""The dashboard's password gate (``SAIDGRAPH_DASHBOARD_PASSWORD`` or ``_PASSWORD_FILE``).

Without a password every reading page is open (``saidgraph dashboard`` binds to 127.0.0.1) and the
Ingest page writes nothing; with one, every page waits for it, and a session that gave it is the only
kind whose uploads the upload gate (``dashboard/gate.py``) lets through.
"""

from __future__ import annotations

import hmac

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.gate import SignedIn


def signed_in(password: str | None, sessions: SignedIn) -> bool:
    """``True`` when no password is configured or this session has given it; otherwise show the form.

    The comparison takes the same time whatever the guess; the password is never shown or logged. A
    session that gives it is added to ``sessions``.
    """
    if password is None or st.session_state.get("signed_in"):
        return True
    st.title("saidgraph")
    with st.form("sign-in"):
        given = st.text_input("Password", type="password")
        if st.form_submit_button("Sign in"):
            if hmac.compare_digest(given.encode("utf-8"), password.encode("utf-8")):
                st.session_state["signed_in"] = True
                context = get_script_run_ctx()
                if context is not None:
                    sessions.add(context.session_id)
                st.rerun()
            st.error("Wrong password.")
    return False


def may_ingest(password: str | None, sessions: SignedIn) -> str | None:
    """Why this session may not write to the graph from the dashboard, or ``None`` when it may."""
    if password is None:
        return (
            "Ingesting from the dashboard is off: no dashboard password is set. Set "
            "`SAIDGRAPH_DASHBOARD_PASSWORD` (or `SAIDGRAPH_DASHBOARD_PASSWORD_FILE`) and restart "
            "`saidgraph dashboard`, or ingest with `saidgraph ingest PATH` on the server."
        )
    if not sessions.guarded:
        return (
            "Ingesting from the dashboard is off: this server runs without the upload gate. Start it "
            "with `saidgraph dashboard` (or `streamlit run dashboard/server.py`)."
        )
    context = get_script_run_ctx()
    if not st.session_state.get("signed_in") or context is None or context.session_id not in sessions:
        return "Ingesting from the dashboard is off until you sign in again (reload the page)."
    return None
