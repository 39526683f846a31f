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
# Pronouns that stand for a person as a speaker.
PERSON_PRONOUNS: Final = frozenset({"he", "she", "i"})

EVENT_TYPES: Final = {
    "rally": "protest",
    "protest": "protest",
    "demonstration": "protest",
    "march": "protest",
    "riot": "protest",
    "unrest": "protest",
    "election": "election",
    "referendum": "election",
    "ballot": "election",
    "primary": "election",
    "caucus": "election",
    "vote": "vote",
    "debate": "debate",
    "summit": "summit",
    "meeting": "meeting",
    "talk": "meeting",
    "talks": "meeting",
    "negotiation": "meeting",
    "conference": "meeting",
    "convention": "meeting",
    "forum": "meeting",
    "call": "call",
    "phone": "call",
    "conversation": "meeting",
    "discussion": "meeting",
    "speech": "speech",
    "interview": "interview",
    "attack": "attack",
    "bombing": "attack",
    "shooting": "shooting",
    "massacre": "attack",
    "killing": "attack",
    "murder": "attack",
    "explosion": "explosion",
    "blast": "explosion",
    "crash": "disaster",
    "hurricane": "disaster",
    "earthquake": "disaster",
    "flood": "disaster",
    "wildfire": "disaster",
    "strike": "strike",
    "trial": "trial",
    "hearing": "hearing",
    "testimony": "hearing",
    "ruling": "ruling",
    "verdict": "ruling",
    "lawsuit": "lawsuit",
    "suit": "lawsuit",
    "email": "scandal",
    "e-mail": "scandal",
    "letter": "letter",
    "tape": "release",
    "indictment": "investigation",
    "investigation": "investigation",
    "probe": "investigation",
    "inquiry": "investigation",
    "scandal": "scandal",
    "controversy": "scandal",
    "leak": "release",
    "hack": "incident",
    "collapse": "incident",
    "incident": "incident",
    "raid": "raid",
    "coup": "coup",
    "impeachment": "impeachment",
    "resignation": "resignation",
    "settlement": "settlement",
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
    "treaty": "agreement",
    "announcement": "announcement",
    "nomination": "nomination",
    "appointment": "nomination",
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

# Honorifics: they say the gender of the person they precede and are never part of a name.
MALE_HONORIFICS: Final = frozenset({"mr", "mr.", "sir", "mister"})
FEMALE_HONORIFICS: Final = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "madam", "madame", "dame", "lady"})
# Titles written before a name; kept as the role, never as part of the person's key.
TITLES: Final = frozenset(
    """
    dr dr. prof prof. sen sen. senator rep rep. representative gov gov. governor gen gen. general lt lt.
    col col. maj maj. capt capt. sgt sgt. adm adm. pres pres. president vice sec sec. secretary atty atty.
    attorney judge justice rev rev. father sister brother rabbi imam sheikh mayor speaker chairman
    chairwoman former candidate nominee minister ambassador commissioner director congressman
    congresswoman councilman councilwoman hon hon. st st. mrs mrs. mr mr. ms ms. miss first lady
    """.split()
)
# Abbreviated titles with the role noun a description uses ("Sen. Warren" is "the senator").
TITLE_ROLES: Final = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "gen": "general",
    "lt": "lieutenant",
    "col": "colonel",
    "maj": "major",
    "capt": "captain",
    "sgt": "sergeant",
    "adm": "admiral",
    "pres": "president",
    "sec": "secretary",
    "atty": "attorney",
    "dr": "doctor",
    "prof": "professor",
    "rev": "reverend",
    "congressman": "congressman",
    "congresswoman": "congresswoman",
}
# Words that open a mention of some members of a group, not one body ("some Republicans").
GROUP_QUANTIFIERS: Final = frozenset("some many most several few other all both these those".split())
# Generational suffixes: part of a name, never its surname ("Brent Bozell III" is a Bozell).
NAME_SUFFIXES: Final = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})
# Words that a tagger may read as an organization but that name a day or a month.
CALENDAR_WORDS: Final = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december today yesterday tonight
    """.split()
)
MALE_PRONOUNS: Final = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS: Final = frozenset({"she", "her", "hers", "herself"})
# Heads of a group that speaks for its owner's campaign: "Clinton's campaign", "Trump aides".
CAMPAIGN_HEADS: Final = frozenset(
    "campaign campaigns aide aides adviser advisers advisor advisors staff staffer staffers team camp".split()
)
# Pronouns that can stand for an organization as a speaker.
ORGANIZATION_PRONOUNS: Final = frozenset({"it", "they"})

# Descriptions of an organization ("the newspaper said"), with words of the names they fit; an empty
# set fits any organization of the article.
ORGANIZATION_DESCRIPTIONS: Final = {
    "newspaper": frozenset(
        "times post journal herald tribune gazette news globe daily inquirer chronicle examiner star "
        "sun observer telegraph guardian mail register courier bulletin press dispatch review".split()
    ),
    "paper": frozenset(
        "times post journal herald tribune gazette news globe daily inquirer chronicle examiner star "
        "sun observer telegraph guardian mail register courier bulletin press dispatch review".split()
    ),
    "network": frozenset("cnn nbc abc cbs fox msnbc bbc pbs npr network broadcasting cnbc rt".split()),
    "broadcaster": frozenset("cnn nbc abc cbs fox msnbc bbc pbs npr network broadcasting cnbc rt".split()),
    "channel": frozenset(
        "cnn nbc abc cbs fox msnbc bbc pbs npr network broadcasting cnbc rt channel".split()
    ),
    "outlet": frozenset(),
    "website": frozenset(),
    "site": frozenset(),
    "bank": frozenset("bank fargo chase citigroup citi goldman barclays hsbc".split()),
    "company": frozenset(),
    "firm": frozenset(),
    "group": frozenset(
        "group association foundation institute coalition alliance council union center centre "
        "federation league society network fund project watch".split()
    ),
    "organization": frozenset(),
    "campaign": frozenset({"campaign"}),
    "department": frozenset({"department"}),
    "agency": frozenset("agency fbi cia nsa epa fema dea atf irs service administration bureau".split()),
    "bureau": frozenset({"bureau", "fbi"}),
    "ministry": frozenset({"ministry"}),
    "committee": frozenset({"committee"}),
    "commission": frozenset({"commission"}),
    "court": frozenset({"court"}),
    "administration": frozenset({"administration", "white", "house"}),
    "party": frozenset({"party", "gop", "dnc", "rnc"}),
}

# Common variants of organization names, lower-cased, to the name an analyst expects; the analysts'
# aliases file extends this per deployment.
ORGANIZATION_VARIANTS: Final = {
    "ap": "Associated Press",
    "the associated press": "Associated Press",
    "afp": "Agence France-Presse",
    "agence france presse": "Agence France-Presse",
    "upi": "United Press International",
    "nyt": "New York Times",
    "doj": "Department of Justice",
    "justice department": "Department of Justice",
    "the justice department": "Department of Justice",
    "u.s. justice department": "Department of Justice",
    "state department": "Department of State",
    "the state department": "Department of State",
    "u.s. state department": "Department of State",
    "defense department": "Department of Defense",
    "homeland security department": "Department of Homeland Security",
    "dhs": "Department of Homeland Security",
    "treasury department": "Department of the Treasury",
    "fbi": "Federal Bureau of Investigation",
    "cia": "Central Intelligence Agency",
    "nsa": "National Security Agency",
    "epa": "Environmental Protection Agency",
    "irs": "Internal Revenue Service",
    "dnc": "Democratic National Committee",
    "rnc": "Republican National Committee",
    "gop": "Republican Party",
    "un": "United Nations",
    "u.n.": "United Nations",
    "eu": "European Union",
    "e.u.": "European Union",
    "cbo": "Congressional Budget Office",
    "sec": "Securities and Exchange Commission",
}

# --- clause reading (statements.py) ------------------------------------------------------------------

# Subjects that stand for no speaker of their own ("there is", "which said").
EXPLETIVES: Final = frozenset({"there", "which", "that", "who", "what"})
# Subjects that take the speaker of the clause they continue.
INHERITED_EXPLETIVES: Final = EXPLETIVES | {"it", "this"}
# "he said so": a short answer is a statement only after these verbs.
SHORT_ANSWER_VERBS: Final = frozenset({"say", "answer", "reply", "respond"})
SHORT_ANSWERS: Final = frozenset({"so", "yes", "no"})
# Cue verbs that do not make a parenthetical ("X, he agreed, ..." is not "he agreed that X").
NOT_PARENTHETICAL: Final = frozenset({"speak", "talk", "agree", "suggest", "give", "offer"})
RELATIVES: Final = frozenset({"which", "who", "that"})
# Heads under which a cue is not realised speech ("wants to say", "plans to announce").
UNREALIZED_HEADS: Final = frozenset(
    "wait want plan hope try intend seek need expect prepare like love dare attempt".split()
)
# Verbs whose object, not subject, does what the infinitive says ("urged him to say").
OBJECT_CONTROL_VERBS: Final = frozenset(
    "ask urge lead press force encourage invite prompt tell allow want expect push pressure get".split()
)
# Nouns of a document or utterance that can be the subject of a cue ("the statement said").
DOCUMENT_NOUNS: Final = frozenset(
    """
    statement letter email e-mail memo release note post tweet message video ad advertisement op-ed
    column speech interview remark comment
    """.split()
)
# Words that open an aside between a cue and its content.
ASIDE_OPENERS: Final = frozenset(
    "which who whom whose according while whereas though although despite as when where after even".split()
)

# --- speakers (speakers.py, people.py, roles.py) ----------------------------------------------------

SPOKESPERSON_HEADS: Final = frozenset({"spokesman", "spokeswoman", "spokesperson"})
LEADER_ROLES: Final = frozenset(
    {"president", "prime minister", "premier", "chancellor", "leader", "king", "head"}
)
FEMALE_ROLE_HEADS: Final = frozenset({"spokeswoman", "chairwoman", "congresswoman", "councilwoman", "queen"})
MALE_ROLE_HEADS: Final = frozenset({"spokesman", "chairman", "congressman", "councilman", "king"})
# Lower-case words inside names ("Charles de Gaulle", "Ursula von der Leyen").
NAME_PARTICLES: Final = frozenset(
    {"de", "del", "der", "van", "von", "bin", "al", "la", "le", "da", "di", "du", "st."}
)
# Articles and demonstratives, then possessive determiners.
ARTICLE_DETERMINERS: Final = frozenset({"the", "a", "an", "this", "that", "these", "those"})
DETERMINERS: Final = ARTICLE_DETERMINERS | {"its", "his", "her", "their"}

# --- events (events.py) ------------------------------------------------------------------------------

# What an event's name may start with and still be read as written ("the rallies").
EVENT_NAME_DETERMINERS: Final = tuple(sorted(f"{word} " for word in ARTICLE_DETERMINERS))

# --- unnamed sources: what a source the extractor could not name is ----------------------------------

# Mentions that are pronouns (personal, relative, demonstrative) when they stand alone as the source.
SOURCE_PRONOUNS: Final = frozenset(
    "he she they we i it you me him her us them his who whom which that this these those one".split()
)
# Heads of a source that is a document or a set of figures ("the report", "early results of exit polls").
DOCUMENT_SOURCES: Final = DOCUMENT_NOUNS | frozenset(
    """
    report poll survey study editorial article website site page account headline transcript document
    filing complaint indictment lawsuit ruling order decision opinion brief record result figure number
    data analysis estimate projection forecast model review audit assessment book paper check sentence
    footage map chart polling research proposal counterproposal initiative suit declaration affidavit
    average
    """.split()
)
# Heads of an unnamed source that speaks for an office ("a senior official", "sources", "aides").
OFFICIAL_SOURCES: Final = ROLE_NOUNS | frozenset(
    "source insider aide staffer hopeful member operative strategist surrogate consultant".split()
)
