"""Word lists the extraction rules use: cues, roles, sources and event triggers."""

from __future__ import annotations

from typing import Final

# Lemmas of verbs that report speech (the cue of a statement).
SPEECH_VERBS: Final = frozenset(
    """
    say tell state stress add claim warn deny announce assert insist declare report write tweet post
    note explain argue suggest comment remark reply respond answer urge describe acknowledge admit
    concede confirm reveal disclose recall mention emphasize emphasise underline underscore reiterate
    repeat caution complain criticize criticise accuse charge blame praise condemn denounce dismiss
    reject refute dispute contend maintain testify allege predict promise pledge vow threaten propose
    recommend advise demand observe quip joke concur agree retort counter object inform brief tout
    boast hail welcome affirm reaffirm proclaim estimate clarify indicate signal hint imply conclude
    vouch assure reassure guarantee swear point call ask stress
    talk speak cite quote attack slam blast question challenge order thank echo read chant shout yell
    scream applaud cheer congratulate apologize apologise lament protest disagree label brand dub term
    characterize characterise forecast tout boast brag specify elaborate command instruct notify muse
    decry lambaste rip mock ridicule chide scold rebuke commend lash
    """.split()
)

# Verbs whose object (not a clause) is what was said: "the police estimated the number at 2,000".
OBJECT_CONTENT_VERBS: Final = frozenset(
    """
    estimate put announce confirm deny report predict call describe cite brand label dub term
    characterize characterise accuse blame praise criticize criticise attack blast question dismiss
    reject propose demand promise mention acknowledge admit echo recommend urge
    cite quote slam blast thank tout boast specify tweet denounce condemn repeat
    reiterate reveal recall declare congratulate applaud hail welcome commend mock ridicule decry
    lambaste rip chide rebuke suggest disclose
    """.split()
)

# "called for compensation", "talked about the economy": the object of the preposition is what was said.
PREPOSITION_CONTENT_VERBS: Final = {
    "call": frozenset({"for"}),
    "push": frozenset({"for"}),
    "press": frozenset({"for"}),
    "plead": frozenset({"for"}),
    "argue": frozenset({"for", "against"}),
    "ask": frozenset({"for", "about"}),
    "appeal": frozenset({"for"}),
    "talk": frozenset({"about"}),
    "speak": frozenset({"about"}),
    "complain": frozenset({"about", "of"}),
    "warn": frozenset({"of", "about", "against"}),
    "point": frozenset({"to"}),
    "hint": frozenset({"at"}),
    "boast": frozenset({"of", "about"}),
    "brag": frozenset({"about"}),
    "joke": frozenset({"about"}),
    "comment": frozenset({"on"}),
    "testify": frozenset({"about", "on"}),
    "write": frozenset({"about"}),
    "tweet": frozenset({"about"}),
    "apologize": frozenset({"for"}),
    "apologise": frozenset({"for"}),
    "lash": frozenset({"out"}),
    "rail": frozenset({"against"}),
    "vow": frozenset({"to"}),
}

# Verbs that report speech through a to-infinitive: "Kremlin urges not to assess ...".
INFINITIVE_CONTENT_VERBS: Final = frozenset(
    """
    urge call ask promise pledge vow threaten warn tell order instruct advise encourage invite remind
    direct challenge beg implore
    """.split()
)

# "expressed confidence that ...": the verb, a noun, and the noun's clause.
NOUN_CUES: Final = frozenset(
    "confidence hope concern regret doubt belief conviction fear view opinion assurance warning".split()
)
# Nouns that report a statement of their possessor, with the prepositions that introduce its content:
# "Sanders's claim that ...", "her demand for a recount". Not "call", "attack", "comment": those are
# mostly what someone else's statement is about.
STATEMENT_NOUNS: Final = {
    "claim": frozenset(),
    "statement": frozenset(),
    "assertion": frozenset(),
    "argument": frozenset({"for", "against"}),
    "contention": frozenset(),
    "suggestion": frozenset(),
    "denial": frozenset({"of"}),
    "announcement": frozenset({"of"}),
    "allegation": frozenset(),
    "warning": frozenset({"about", "of", "against"}),
    "promise": frozenset({"of"}),
    "pledge": frozenset(),
    "vow": frozenset(),
    "threat": frozenset(),
    "demand": frozenset({"for"}),
    "description": frozenset({"of"}),
    "characterization": frozenset({"of"}),
    "prediction": frozenset(),
}
NOUN_CUE_VERBS: Final = frozenset("express voice give offer repeat reiterate".split())

ROLE_NOUNS: Final = frozenset(
    """
    spokesman spokeswoman spokesperson minister president secretary senator governor mayor ambassador
    chairman chairwoman chair director chief leader official head premier chancellor general
    representative aide adviser advisor deputy envoy diplomat commissioner prosecutor judge attorney
    lawyer candidate lawmaker congressman congresswoman legislator speaker mp nominee king queen prince
    commander officer inspector negotiator analyst economist ceo founder manager counsel
    """.split()
)

# Heads of a source noun that is a generic, unnamable group.
GENERIC_SOURCES: Final = frozenset(
    """
    critic expert analyst observer source people resident witness protester demonstrator activist
    supporter opponent voter poll survey study report data official diplomat economist investor
    participant organizer organiser commentator journalist reporter
    """.split()
)

# Heads of a speaking organization when written without a name ("the police", "the ministry").
ORGANIZATION_NOUNS: Final = frozenset(
    """
    police ministry government kremlin department office committee commission agency council court
    parliament army military embassy administration cabinet party campaign company service
    prosecutor's
    """.split()
)

PRONOUNS: Final = frozenset({"he", "she", "they", "i", "we", "it"})

EVENT_TYPES: Final = {
    "rally": "protest",
    "protest": "protest",
    "demonstration": "protest",
    "march": "protest",
    "riot": "protest",
    "unrest": "protest",
    "election": "election",
    "vote": "election",
    "referendum": "election",
    "ballot": "election",
    "summit": "meeting",
    "meeting": "meeting",
    "talk": "meeting",
    "talks": "meeting",
    "negotiation": "meeting",
    "conference": "meeting",
    "call": "call",
    "phone": "call",
    "conversation": "meeting",
    "discussion": "meeting",
    "attack": "attack",
    "bombing": "attack",
    "shooting": "attack",
    "strike": "strike",
    "trial": "trial",
    "hearing": "trial",
    "visit": "visit",
    "trip": "visit",
    "arrest": "arrest",
    "detention": "arrest",
    "poisoning": "attack",
    "sanction": "sanctions",
    "invasion": "war",
    "war": "war",
    "ceasefire": "agreement",
    "agreement": "agreement",
    "deal": "agreement",
}

# Verbs that report an event happening ("Pompeo met Lavrov in Sochi on May 14").
EVENT_VERBS: Final = {
    "meet": "meeting",
    "visit": "visit",
    "protest": "protest",
    "rally": "protest",
    "demonstrate": "protest",
}

# Demonyms whose country is the organization a role belongs to ("Russian President").
DEMONYMS: Final = {
    "russian": "Russia",
    "american": "United States",
    "u.s.": "United States",
    "us": "United States",
    "ukrainian": "Ukraine",
    "belarusian": "Belarus",
    "chinese": "China",
    "french": "France",
    "german": "Germany",
    "british": "United Kingdom",
    "syrian": "Syria",
    "iranian": "Iran",
    "turkish": "Turkey",
    "israeli": "Israel",
    "polish": "Poland",
    "lithuanian": "Lithuania",
    "georgian": "Georgia",
    "japanese": "Japan",
    "indian": "India",
    "european": "European Union",
}
