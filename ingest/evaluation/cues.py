"""Which gold cues are speech: verbs of communication, "according to", or a colon.

This lexicon belongs to the evaluation alone (``shared/corpus/README.md``), independent of the
extractor's own cue list, so that the extractor is not graded by its own vocabulary.
"""

from __future__ import annotations

import re
from typing import Final

COMMUNICATION_VERBS: Final = frozenset(
    """
    say tell state stress add claim warn deny announce assert insist declare report write tweet post
    note explain argue suggest comment remark reply respond answer ask urge call describe acknowledge
    admit concede confirm reveal disclose recall mention point emphasize emphasise underline
    underscore reiterate repeat echo caution complain criticize criticise accuse charge blame praise
    thank condemn denounce blast attack slam dismiss reject refute dispute contend maintain testify
    allege predict promise pledge vow threaten propose recommend advise demand order command
    instruct invite challenge question quip joke muse observe speak talk chant shout scream yell
    whisper mutter lament concur agree disagree retort counter object protest inform notify brief
    tout boast brag hail welcome applaud cheer congratulate apologize apologise cite quote read
    conclude clarify elaborate specify indicate express voice signal hint imply estimate
    characterize characterise label brand dub term announce proclaim affirm reaffirm swear
    guarantee assure reassure forecast
    """.split()
)

IRREGULAR: Final = {
    "said": "say",
    "says": "say",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "spoke": "speak",
    "spoken": "speak",
    "swore": "swear",
    "sworn": "swear",
    "read": "read",
}

_WORD = re.compile(r"[a-z]+")


def _lemma_candidates(word: str) -> set[str]:
    if word in IRREGULAR:
        return {IRREGULAR[word]}
    found = {word}
    for suffix in ("ing", "ed", "es", "s", "d"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            found.update({stem, stem + "e"})
            if len(stem) > 2 and stem[-1] == stem[-2]:
                found.add(stem[:-1])
    if word.endswith(("ied", "ies")):
        found.add(word[:-3] + "y")
    return found


def is_speech_cue(cue: str) -> bool:
    """Whether a gold cue counts as speech for recall (communication verb, "according to", colon)."""
    lowered = cue.casefold()
    if ":" in lowered or "according to" in lowered:
        return True
    return any(_lemma_candidates(word) & COMMUNICATION_VERBS for word in _WORD.findall(lowered))
