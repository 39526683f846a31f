"""The dashboard's ASGI app: the pages (``app.py``) behind the upload gate.

``saidgraph dashboard`` runs ``streamlit run dashboard/server.py`` with the upload cap; run it that way
(not ``streamlit run dashboard/app.py``, which has no gate: the Ingest page then offers no uploads).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from dashboard.gate import UploadGate

app = st.App(Path(__file__).resolve().parent / "app.py", middleware=[Middleware(UploadGate)])
