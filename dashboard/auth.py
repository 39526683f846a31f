"""The dashboard's optional password gate (``SAIDGRAPH_DASHBOARD_PASSWORD`` or ``_PASSWORD_FILE``)."""

from __future__ import annotations

import hmac

import streamlit as st


def signed_in(password: str | None) -> bool:
    """``True`` when no password is configured or this session has given it; otherwise show the form.

    The comparison takes the same time whatever the guess; the password is never shown or logged.
    """
    if password is None or st.session_state.get("signed_in"):
        return True
    st.title("saidgraph")
    with st.form("sign-in"):
        given = st.text_input("Password", type="password")
        if st.form_submit_button("Sign in"):
            if hmac.compare_digest(given.encode("utf-8"), password.encode("utf-8")):
                st.session_state["signed_in"] = True
                st.rerun()
            st.error("Wrong password.")
    return False
