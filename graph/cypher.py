"""Every Cypher query saidgraph runs, as named builder functions returning query text.

Stores only bind parameters: values always travel as parameters. The only things ever formatted into
a query are names from :mod:`graph.schema` (labels, relationship types, index names), each checked
against the declared allow-list, and small integers validated here.
"""

from __future__ import annotations

import re

from graph import schema
from graph.schema import check_label, check_relationship_type

# --- schema ------------------------------------------------------------------------------------------


def schema_statements() -> list[str]:
    """Idempotent statements creating every declared constraint and index."""
    statements = [
        f"CREATE CONSTRAINT {c.name} IF NOT EXISTS "
        f"FOR (n:{check_label(c.label)}) REQUIRE n.{c.property} IS UNIQUE"
        for c in schema.UNIQUE_CONSTRAINTS
    ]
    statements += [
        f"CREATE INDEX {i.name} IF NOT EXISTS FOR (n:{check_label(i.label)}) ON (n.{i.property})"
        for i in schema.RANGE_INDEXES
    ]
    statements += [
        f"CREATE INDEX {i.name} IF NOT EXISTS "
        f"FOR ()-[r:{check_relationship_type(i.type)}]-() ON (r.{i.property})"
        for i in schema.RELATIONSHIP_INDEXES
    ]
    statements += [
        f"CREATE TEXT INDEX {i.name} IF NOT EXISTS FOR (n:{check_label(i.label)}) ON (n.{i.property})"
        for i in schema.TEXT_INDEXES
    ]
    statements += [
        f"CREATE FULLTEXT INDEX {i.name} IF NOT EXISTS FOR (n:{check_label(i.label)}) "
        f"ON EACH [{', '.join('n.' + p for p in i.properties)}]"
        for i in schema.FULLTEXT_INDEXES
    ]
    return statements


def await_indexes() -> str:
    """Wait until every index is online (so a fresh full-text index answers at once)."""
    return "CALL db.awaitIndexes($seconds)"


# --- writes ------------------------------------------------------------------------------------------


def merge_articles() -> str:
    """Create or update article nodes; return, aligned with the rows, each article's node and whether
    claims were already reported in it (read after the ``SET``, which locks the node, so no other
    writer of that article can add any until this transaction ends)."""
    return """
UNWIND $rows AS row
MERGE (a:Article {id: row.id})
SET a += row.props
WITH a, EXISTS { ()-[:REPORTED_IN]->(a) } AS stored
RETURN collect(elementId(a)) AS nodes, collect(stored) AS stored
"""


def _search_text(node: str) -> str:
    """A speaker's lower-cased name, role and aliases, one per line (its ``search`` property)."""
    if not node.isidentifier():
        raise ValueError(f"not a variable: {node!r}")
    return (
        f"toLower(reduce(t = {node}.name + '\\n' + coalesce({node}.role, ''), "
        f"a IN coalesce({node}.aliases, []) | t + '\\n' + a))"
    )


def merge_officials() -> str:
    """Officials: first-seen name; aliases unioned; role and organization last-seen when given.
    Returns the nodes, aligned with the rows."""
    return f"""
UNWIND $rows AS row
MERGE (o:Official {{id: row.id}})
ON CREATE SET o.name = row.name, o.surname = row.surname, o.aliases = [], o.joins = [],
              o.summarised = {_small_int(schema.SUMMARY_VERSION)}
SET o.aliases = reduce(acc = coalesce(o.aliases, []), x IN row.aliases |
        CASE WHEN x IN acc THEN acc ELSE acc + x END),
    o.joins = reduce(acc = coalesce(o.joins, []), x IN coalesce(row.joins, []) |
        CASE WHEN x IN acc THEN acc ELSE acc + x END),
    o.role = coalesce(row.role, o.role),
    o.organization = coalesce(row.organization, o.organization)
SET o.search = {_search_text("o")}
RETURN collect(elementId(o)) AS nodes
"""


def merge_organizations() -> str:
    """Organizations: first-seen name, aliases unioned. Returns the nodes, aligned with the rows."""
    return f"""
UNWIND $rows AS row
MERGE (g:Organization {{id: row.id}})
ON CREATE SET g.name = row.name, g.aliases = [], g.summarised = {_small_int(schema.SUMMARY_VERSION)}
SET g.aliases = reduce(acc = coalesce(g.aliases, []), x IN row.aliases |
        CASE WHEN x IN acc THEN acc ELSE acc + x END)
SET g.search = {_search_text("g")}
RETURN collect(elementId(g)) AS nodes
"""


def merge_unnamed_sources() -> str:
    """Unnamed sources of one article each: name and kind set once. Returns the nodes, aligned with
    the rows."""
    return f"""
UNWIND $rows AS row
MERGE (u:UnnamedSource {{id: row.id}})
ON CREATE SET u.name = row.name, u.kind = row.kind, u.article_id = row.article_id,
              u.summarised = {_small_int(schema.SUMMARY_VERSION)}
SET u.search = toLower(u.name)
RETURN collect(elementId(u)) AS nodes
"""


def merge_places() -> str:
    """Places by id. Returns the nodes, aligned with the rows."""
    return """
UNWIND $rows AS row
MERGE (p:Place {id: row.id})
ON CREATE SET p.name = row.name
RETURN collect(elementId(p)) AS nodes
"""


_EVENT_SEARCH = "toLower(reduce(t = e.name, m IN coalesce(e.mentions, []) | t + '\\n' + m))"


def merge_events() -> str:
    """Events with their place; mentions unioned across articles. Returns the nodes, aligned with the
    rows."""
    return f"""
UNWIND $rows AS row
MERGE (e:Event {{id: row.id}})
ON CREATE SET e.name = row.name, e.type = row.type, e.date = row.date, e.place = row.place, e.mentions = [],
              e.summarised = {_small_int(schema.SUMMARY_VERSION)}
SET e.mentions = reduce(acc = coalesce(e.mentions, []), x IN row.mentions |
        CASE WHEN x IN acc THEN acc ELSE acc + x END)
SET e.search = {_EVENT_SEARCH}
WITH e, row
CALL (e, row) {{
  WITH e, row WHERE row.place_id IS NOT NULL
  MATCH (p:Place {{id: row.place_id}})
  MERGE (e)-[:LOCATED_IN]->(p)
}}
RETURN collect(elementId(e)) AS nodes
"""


def merge_claim_nodes() -> str:
    """Claim nodes, one row per claim (first-seen text, kind and date). Returns the nodes, aligned with
    the rows."""
    return """
UNWIND $rows AS row
MERGE (c:Claim {id: row.id})
ON CREATE SET c.text = row.text, c.kind = row.kind, c.date = row.date
RETURN collect(elementId(c)) AS nodes
"""


def link_claims(rel_type: str, target_label: str, *, create: bool) -> str:
    """``(:Claim)-[rel_type]->(target)`` between nodes given by element id (``row.claim``,
    ``row.target``): ``CREATE`` for articles nothing was reported in before this transaction (none of
    their relationships exists yet, and the article stays locked), ``MERGE`` otherwise."""
    label, rel = check_label(target_label), check_relationship_type(rel_type)
    if not schema.allowed(schema.CLAIM, rel, label):
        raise ValueError(f"(:Claim)-[:{rel}]->(:{label}) is not a declared pattern")
    return f"""
UNWIND $rows AS row
MATCH (c:Claim) WHERE elementId(c) = row.claim
MATCH (t:{label}) WHERE elementId(t) = row.target
{"CREATE" if create else "MERGE"} (c)-[:{rel}]->(t)
"""


def _speaker_key(statement: str, speaker: str) -> str:
    """A statement's ``speaker_key``: its speaker's id, a space, and its date (``~`` when undated, so
    that it sorts after every date, as ``ORDER BY date`` puts no date last). Its range index reads a
    speaker's statements in date order without touching the rest of a busy speaker's edges."""
    for name in (statement, speaker):
        if not name.isidentifier():
            raise ValueError(f"not a variable: {name!r}")
    return f"{speaker}.id + ' ' + coalesce({statement}.date, '~')"


def create_stated() -> str:
    """STATED from speaker to claim nodes (element ids), one per row, for articles nothing was reported
    in before this transaction: no STATED of theirs exists yet (each statement's claim is reported in
    its article)."""
    return f"""
UNWIND $rows AS row
MATCH (s) WHERE elementId(s) = row.speaker
MATCH (c:Claim) WHERE elementId(c) = row.claim
CREATE (s)-[r:STATED]->(c)
SET r = row.props
SET r.speaker_key = {_speaker_key("r", "s")}
"""


def merge_stated_nodes() -> str:
    """STATED from speaker to claim nodes (element ids), one per (speaker, claim, article), for
    articles already holding claims."""
    return f"""
UNWIND $rows AS row
MATCH (s) WHERE elementId(s) = row.speaker
MATCH (c:Claim) WHERE elementId(c) = row.claim
MERGE (s)-[r:STATED {{article_id: row.props.article_id}}]->(c)
SET r += row.props
SET r.speaker_key = {_speaker_key("r", "s")}
"""


def merge_claims() -> str:
    """Claims by id, each reported in its row's article and linked to its event (one statement at a
    time, as the naive writer of ``bench/write.py`` does; the batched writer uses the queries above)."""
    return """
UNWIND $rows AS row
MATCH (a:Article {id: row.article_id})
MERGE (c:Claim {id: row.id})
ON CREATE SET c.text = row.text, c.kind = row.kind, c.date = row.date
MERGE (c)-[:REPORTED_IN]->(a)
WITH c, row WHERE row.event_id IS NOT NULL
MATCH (e:Event {id: row.event_id})
MERGE (c)-[:CONCERNS]->(e)
"""


def merge_stated(speaker_label: str) -> str:
    """STATED relationships from speakers of one label by id, one per (speaker, claim, article) (one
    statement at a time, as the naive writer of ``bench/write.py`` does)."""
    label = check_label(speaker_label)
    if label not in schema.SPEAKER_LABELS:
        raise ValueError(f"{label} cannot state claims")
    return f"""
UNWIND $rows AS row
MATCH (s:{label} {{id: row.speaker_id}})
MATCH (c:Claim {{id: row.claim_id}})
MERGE (s)-[r:STATED {{article_id: row.article_id}}]->(c)
SET r += row.props
SET r.speaker_key = {_speaker_key("r", "s")}
"""


def merge_memberships() -> str:
    """MEMBER_OF relationships between official and organization nodes (element ids) with the role last
    seen."""
    return """
UNWIND $rows AS row
MATCH (o:Official) WHERE elementId(o) = row.official
MATCH (g:Organization) WHERE elementId(g) = row.organization
MERGE (o)-[m:MEMBER_OF]->(g)
SET m.role = coalesce(row.role, m.role)
"""


def detach_dropped_claims() -> str:
    """Unlink the claims each article (``{id, keep}``) no longer reports; return the claims touched."""
    return """
UNWIND $articles AS article
MATCH (c:Claim)-[r:REPORTED_IN]->(:Article {id: article.id})
WHERE NOT c.id IN article.keep
DELETE r
WITH c, article
OPTIONAL MATCH (s)-[st:STATED {article_id: article.id}]->(c)
DELETE st
WITH c, s
OPTIONAL MATCH (c)-[:CONCERNS]->(e:Event)
RETURN collect(DISTINCT c.id) AS claims, collect(DISTINCT s.id) AS speakers,
       collect(DISTINCT e.id) AS events
"""


def delete_orphan_claims() -> str:
    """Delete claims no article reports any more; return their events and speakers."""
    return """
UNWIND $ids AS claim_id
MATCH (c:Claim {id: claim_id})
WHERE NOT (c)-[:REPORTED_IN]->()
OPTIONAL MATCH (c)-[:CONCERNS]->(e:Event)
OPTIONAL MATCH (s)-[:STATED]->(c)
WITH c, collect(DISTINCT e.id) AS events, collect(DISTINCT s.id) AS speakers
DETACH DELETE c
RETURN events, speakers
"""


def delete_orphan_officials() -> str:
    """Delete officials who state nothing any more; return their organizations."""
    return """
UNWIND $ids AS official_id
MATCH (o:Official {id: official_id})
WHERE NOT (o)-[:STATED]->()
OPTIONAL MATCH (o)-[:MEMBER_OF]->(g:Organization)
WITH o, collect(g.id) AS organizations
DETACH DELETE o
RETURN organizations
"""


def delete_orphan_organizations() -> str:
    """Delete organizations that state nothing and have no members."""
    return """
UNWIND $ids AS organization_id
MATCH (g:Organization {id: organization_id})
WHERE NOT (g)-[:STATED]->() AND NOT ()-[:MEMBER_OF]->(g)
DETACH DELETE g
"""


def delete_orphan_unnamed_sources() -> str:
    """Delete unnamed sources that state nothing any more."""
    return """
UNWIND $ids AS source_id
MATCH (u:UnnamedSource {id: source_id})
WHERE NOT (u)-[:STATED]->()
DETACH DELETE u
"""


def delete_orphan_events() -> str:
    """Delete events no claim concerns; return their places."""
    return """
UNWIND $ids AS event_id
MATCH (e:Event {id: event_id})
WHERE NOT ()-[:CONCERNS]->(e)
OPTIONAL MATCH (e)-[:LOCATED_IN]->(p:Place)
WITH e, collect(p.id) AS places
DETACH DELETE e
RETURN places
"""


def delete_orphan_places() -> str:
    """Delete places no event is located in."""
    return """
UNWIND $ids AS place_id
MATCH (p:Place {id: place_id})
WHERE NOT ()-[:LOCATED_IN]->(p)
DETACH DELETE p
"""


def lock_events() -> str:
    """Take the write lock of each event (in id order) until the transaction ends, so two writers
    recount an event one after the other and the later count sees the earlier writer's statements."""
    return """
UNWIND $ids AS event_id
MATCH (e:Event {id: event_id})
SET e.statements = coalesce(e.statements, 0)
"""


def recount_events() -> str:
    """Store on each event how many statements concern it (``statements``: the look-ups rank by it)."""
    return """
UNWIND $ids AS event_id
MATCH (e:Event {id: event_id})
SET e.statements = COUNT { (e)<-[:CONCERNS]-(:Claim)<-[:STATED]-() }
"""


def recount_spoke_about() -> str:
    """Set ``(speaker)-[:SPOKE_ABOUT {statements}]->(event)`` to how many of the speaker's statements
    concern the event, for each event (element id ``row.event``) and its speakers given (element ids
    ``row.speakers``): counted in one walk of the event's statements (the speakers are left unbound,
    so the walk starts from the event, which has far fewer statements than a busy speaker)."""
    return """
UNWIND $rows AS row
MATCH (e:Event) WHERE elementId(e) = row.event
CALL (e, row) {
  MATCH (e)<-[:CONCERNS]-(:Claim)<-[st:STATED]-(s)
  WHERE elementId(s) IN row.speakers
  WITH s, count(st) AS statements
  MERGE (s)-[r:SPOKE_ABOUT]->(e)
  SET r.statements = statements
}
"""


_REBUILD_SPOKE_ABOUT = """
CALL (e) {
  MATCH ()-[r:SPOKE_ABOUT]->(e)
  DELETE r
}
CALL (e) {
  MATCH (e)<-[:CONCERNS]-(:Claim)<-[st:STATED]-(s)
  WITH s, count(st) AS statements
  CREATE (s)-[:SPOKE_ABOUT {statements: statements}]->(e)
}
"""


def rebuild_spoke_about() -> str:
    """Rebuild every ``SPOKE_ABOUT`` into each event (by id) from its statements (after statements
    were removed, moved or edited)."""
    return "UNWIND $ids AS event_id MATCH (e:Event {id: event_id})" + _REBUILD_SPOKE_ABOUT


def summarise_unsummarised_events() -> str:
    """Give every event written before this version's summaries were kept (its ``summarised`` below
    :data:`schema.SUMMARY_VERSION`) its count, ``search`` text and ``SPOKE_ABOUT`` relationships
    (auto-commit, in batches)."""
    version = _small_int(schema.SUMMARY_VERSION)
    return f"""
MATCH (e:Event) WHERE coalesce(e.summarised, 0) < {version}
CALL (e) {{
  SET e.statements = COUNT {{ (e)<-[:CONCERNS]-(:Claim)<-[:STATED]-() }}, e.search = {_EVENT_SEARCH}
  WITH e
  {_REBUILD_SPOKE_ABOUT.strip()}
  SET e.summarised = {version}
}} IN TRANSACTIONS OF 1000 ROWS
"""


def add_speaker_statements() -> str:
    """After statements were created: each speaker's (``row.speaker``, an element id) count, from its
    degree, and its first and last date widened to the new statements' (``row.first``, ``row.last``).
    The speaker is locked since its merge earlier in the transaction, so writers count in turn."""
    return """
UNWIND $rows AS row
MATCH (s) WHERE elementId(s) = row.speaker
SET s.statements = COUNT { (s)-[:STATED]->() },
    s.first_date = CASE WHEN s.first_date IS NULL OR row.first < s.first_date
                        THEN coalesce(row.first, s.first_date) ELSE s.first_date END,
    s.last_date = CASE WHEN s.last_date IS NULL OR row.last > s.last_date
                       THEN coalesce(row.last, s.last_date) ELSE s.last_date END
"""


def _each_label(labels: tuple[str, ...], branch: str, *, imports: str = "") -> str:
    """``CALL (imports) { branch UNION branch ... }``, ``branch`` formatted once per declared label
    (``{label}``): a node of any of several labels, each branch using its label's indexes."""
    branches = " UNION ".join(branch.format(label=check_label(label)) for label in labels)
    return f"CALL ({imports}) {{ {branches} }}"


def _speakers_of_ids() -> str:
    speaker = _each_label(
        schema.SPEAKER_LABELS, "MATCH (s:{label} {{id: speaker_id}}) RETURN s", imports="speaker_id"
    )
    return f"UNWIND $ids AS speaker_id {speaker}"


def lock_speakers() -> str:
    """Take the write lock of each speaker (in id order) until the transaction ends (see
    :func:`lock_events`)."""
    return f"{_speakers_of_ids()} SET s.statements = coalesce(s.statements, 0)"


_SPEAKER_SUMMARY = """
CALL (s) {
  OPTIONAL MATCH (s)-[st:STATED]->()
  RETURN min(st.date) AS first, max(st.date) AS last
}
SET s.statements = COUNT { (s)-[:STATED]->() }, s.first_date = first, s.last_date = last
"""


def recount_speakers() -> str:
    """Recompute each speaker's statement count and first and last date from all their statements
    (after statements were removed or changed; adding them is :func:`add_speaker_statements`)."""
    return _speakers_of_ids() + _SPEAKER_SUMMARY


def summarise_unsummarised_speakers(label: str) -> str:
    """Give every speaker of ``label`` written before this version's summaries were kept (its
    ``summarised`` below :data:`schema.SUMMARY_VERSION`) its summary and its statements their
    ``speaker_key`` (auto-commit, in batches)."""
    version = _small_int(schema.SUMMARY_VERSION)
    return f"""
MATCH (s:{check_label(label)}) WHERE coalesce(s.summarised, 0) < {version}
CALL (s) {{
  SET s.search = {_search_text("s")}
  WITH s
  CALL (s) {{
    MATCH (s)-[r:STATED]->()
    SET r.speaker_key = {_speaker_key("r", "s")}
  }}
  {_SPEAKER_SUMMARY.strip()}
  SET s.summarised = {version}
}} IN TRANSACTIONS OF 100 ROWS
"""


def _small_int(value: int) -> int:
    if not isinstance(value, int) or not 0 <= value < 1000:
        raise ValueError(f"not a small integer: {value!r}")
    return value


def events_of_speaker() -> str:
    """The events one official spoke about (their summaries change when the official merges), read
    from their ``SPOKE_ABOUT`` relationships rather than all their statements."""
    return """
MATCH (:Official {id: $official_id})-[:SPOKE_ABOUT]->(e:Event)
RETURN collect(e.id) AS events
"""


def merge_official_into() -> str:
    """Move one official's statements and memberships to another and delete it; return its name.
    (The caller recounts the other's summary, see :func:`recount_speakers`.)"""
    return f"""
MATCH (old:Official {{id: $old_id}})
MATCH (new:Official {{id: $new_id}})
CALL (old, new) {{
  MATCH (old)-[r:STATED]->(c:Claim)
  MERGE (new)-[r2:STATED {{article_id: r.article_id}}]->(c)
  SET r2 += properties(r)
  SET r2.speaker_key = {_speaker_key("r2", "new")}
}}
CALL (old, new) {{
  MATCH (old)-[m:MEMBER_OF]->(g:Organization)
  MERGE (new)-[m2:MEMBER_OF]->(g)
  SET m2.role = coalesce(m2.role, m.role)
}}
WITH old, new, old.name AS name, coalesce(old.aliases, []) AS aliases
SET new.aliases = reduce(acc = coalesce(new.aliases, []), x IN [name] + aliases |
        CASE WHEN x IN acc OR x = new.name THEN acc ELSE acc + x END),
    new.joins = reduce(acc = coalesce(new.joins, []),
        x IN coalesce(old.joins, []) + [old.name + $merged_suffix] |
        CASE WHEN x IN acc THEN acc ELSE acc + x END)
SET new.search = {_search_text("new")}
DETACH DELETE old
RETURN name
"""


def delete_article_nodes() -> str:
    """Delete article nodes (after their claims were detached)."""
    return "UNWIND $ids AS article_id MATCH (a:Article {id: article_id}) DETACH DELETE a"


def delete_article_node() -> str:
    """Delete the article node itself."""
    return "MATCH (a:Article {id: $article_id}) DETACH DELETE a RETURN count(a) AS deleted"


def clear_relationships() -> str:
    """Delete every relationship, in batches (auto-commit transaction): first, so that no batch has
    to detach a busy speaker's hundred thousand statements at once (that overflows the memory pool)."""
    return "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS"


def clear_nodes() -> str:
    """Delete every node, in batches (auto-commit transaction)."""
    return "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


# --- reads -------------------------------------------------------------------------------------------


def article_fingerprint() -> str:
    """An article's stored fingerprint."""
    return "MATCH (a:Article {id: $article_id}) RETURN a.fingerprint AS fingerprint"


def article_at() -> str:
    """The article last read from a location."""
    return "MATCH (a:Article {location: $location}) RETURN a.id AS id LIMIT 1"


def article_text() -> str:
    """An article's stored text."""
    return "MATCH (a:Article {id: $article_id}) RETURN a.text AS text"


def _speaker_by_id() -> str:
    return _each_label(schema.SPEAKER_LABELS, "MATCH (s:{label} {{id: $speaker_id}}) RETURN s")


def _node_by_id() -> str:
    return _each_label(schema.LABELS, "MATCH (n:{label} {{id: $node_id}}) RETURN n")


def _listed(query: str, keys: tuple[str, ...], order: str, *, limited: bool = True) -> str:
    """``query``'s rows (it ends in a ``RETURN`` of columns ``keys``) sorted by ``order``, the first
    ``$limit`` of them if ``limited``, returned as one row, ``rows``, a list of lists: the driver
    decodes one large list several times faster than thousands of records (5,000 rows: 150 ms ->
    40 ms)."""
    for key in keys:
        if not key.isidentifier():
            raise ValueError(f"not a column name: {key!r}")
    limit = " LIMIT $limit" if limited else ""
    # sorted again outside: a subquery's order is not promised to carry over
    return (
        f"CALL () {{ {query.rstrip()}\nORDER BY {order}{limit} }}\n"
        f"WITH * ORDER BY {order}\nRETURN collect([{', '.join(keys)}]) AS rows"
    )


_STATEMENT_TAIL = """
MATCH (a:Article {id: st.article_id})
OPTIONAL MATCH (c)-[:CONCERNS]->(e:Event)
RETURN c.id AS claim_id, c.text AS text, st.kind AS kind, st.cue AS cue, st.date AS date,
       st.confidence AS confidence, s.id AS speaker_id, s.name AS speaker_name,
       labels(s)[0] AS speaker_label, st.speaker_text AS speaker_text, s.role AS role,
       s.organization AS organization, e.id AS event_id, e.name AS event_name, e.date AS event_date,
       a.id AS article_id, a.title AS article_title, a.url AS article_url, a.source AS article_source,
       a.location AS article_location, st.speaker_start AS speaker_start, st.speaker_end AS speaker_end,
       st.cue_start AS cue_start, st.cue_end AS cue_end, st.content_start AS content_start,
       st.content_end AS content_end, s.kind AS speaker_kind
"""

STATEMENT_KEYS: tuple[str, ...] = tuple(re.findall(r"\bAS (\w+)", _STATEMENT_TAIL))
"""The columns of a statement row, in the order :func:`_listed` lists them."""
SPEAKER_KEYS: tuple[str, ...] = ("id", "name", "label", "role", "organization", "statement_count")
EVENT_KEYS: tuple[str, ...] = ("id", "name", "type", "date", "place", "statement_count")
SPEAKER_COUNT_KEYS: tuple[str, ...] = ("id", "name", "label", "statement_count")
_BY_DATE = "date, article_id, content_start, claim_id"
_MOST_DISCUSSED_SPEAKERS = "statement_count DESC, name, id"
_MOST_DISCUSSED_EVENTS = "statement_count DESC, date, name, id"
# The first $limit statements are chosen from the STATED edges alone; only those are joined to their
# article and event (a busy speaker has tens of thousands of statements).
_FIRST_STATEMENTS = "WITH s, st, c ORDER BY st.date, st.article_id, st.content_start, c.id LIMIT $limit"
_DATE_FILTER = "($start IS NULL OR st.date >= $start) AND ($end IS NULL OR st.date <= $end)"


def statements_about_event() -> str:
    """Who said what about one event, in date order."""
    return _listed(
        f"""
MATCH (:Event {{id: $event_id}})<-[:CONCERNS]-(c:Claim)<-[st:STATED]-(s)
WHERE {_DATE_FILTER}
{_FIRST_STATEMENTS}
{_STATEMENT_TAIL}""",
        STATEMENT_KEYS,
        _BY_DATE,
    )


def statements_by_official() -> str:
    """What one speaker said, in date order (read through the ``stated_speaker_key`` index in that
    order, so a busy speaker's first rows come without sorting all their statements)."""
    return _listed(
        f"""
MATCH (s)-[st:STATED]->(c:Claim) USING RANGE INDEX st:STATED(speaker_key)
WHERE st.speaker_key >= $speaker_id + ' ' + coalesce($start, '') AND st.speaker_key <= $speaker_id + ' ~'
  AND {_DATE_FILTER}
WITH s, st, c ORDER BY st.speaker_key, st.article_id, st.content_start, c.id LIMIT $limit
{_STATEMENT_TAIL}""",
        STATEMENT_KEYS,
        _BY_DATE,
    )


def _is_speaker(node: str) -> str:
    """``node`` has one of the labels that can state claims."""
    if not node.isidentifier():
        raise ValueError(f"not a variable: {node!r}")
    return " OR ".join(f"{node}:{check_label(label)}" for label in schema.SPEAKER_LABELS)


def statements_by_official_about_event() -> str:
    """What one speaker said about one event, in date order (walked from the event: an event has far
    fewer statements than a busy speaker; collecting its claims first keeps the planner from starting
    at the speaker)."""
    return _listed(
        f"""
MATCH (:Event {{id: $event_id}})<-[:CONCERNS]-(claim:Claim)
WITH collect(claim) AS claims
UNWIND claims AS c
MATCH (c)<-[st:STATED]-(s)
WHERE s.id = $speaker_id AND ({_is_speaker("s")}) AND {_DATE_FILTER}
{_FIRST_STATEMENTS}
{_STATEMENT_TAIL}""",
        STATEMENT_KEYS,
        _BY_DATE,
    )


def statements_in_article() -> str:
    """Every statement one article reported, in text order."""
    return _listed(
        f"""
MATCH (s)-[st:STATED]->(c:Claim)
WHERE st.article_id = $article_id
{_STATEMENT_TAIL}
""",
        STATEMENT_KEYS,
        "content_start, claim_id",
        limited=False,
    )


def statements_for_claim() -> str:
    """Every statement of one claim: each speaker and article that reported it, in date order."""
    return _listed(
        f"""
MATCH (c:Claim {{id: $claim_id}})<-[st:STATED]-(s)
{_STATEMENT_TAIL}
""",
        STATEMENT_KEYS,
        "date, article_id, content_start",
        limited=False,
    )


def statement_facts() -> str:
    """Every statement reduced to speaker, event, date, kind and outlet (for analytics; streamed as
    records, not listed in one row: a few hundred thousand rows would weigh on the transaction's
    memory)."""
    return """
MATCH (s)-[st:STATED]->(c:Claim)
OPTIONAL MATCH (c)-[:CONCERNS]->(e:Event)
OPTIONAL MATCH (a:Article {id: st.article_id})
RETURN c.id AS claim_id, s.id AS speaker_id, s.name AS speaker_name, labels(s)[0] AS speaker_label,
       e.id AS event_id, e.name AS event_name, st.date AS date, st.kind AS kind,
       st.article_id AS article_id, a.source AS article_source
ORDER BY date, article_id, st.content_start, claim_id LIMIT $limit
"""


def search_claims() -> str:
    """Statements whose claim matches a Lucene query over the ``claim_text`` full-text index (the
    ``$limit`` best-scoring claims first, so common words do not expand every match)."""
    return _listed(
        f"""
CALL db.index.fulltext.queryNodes('claim_text', $lucene, {{limit: $limit}}) YIELD node AS c, score
WITH c, score ORDER BY score DESC, c.id LIMIT $limit
MATCH (c)<-[st:STATED]-(s)
WITH c, st, s, score
{_STATEMENT_TAIL}, score""",
        (*STATEMENT_KEYS, "score"),
        f"score DESC, {_BY_DATE}",
    )


def find_events() -> str:
    """Events whose name or a mention contains the (lower-cased) query, most discussed first: the
    ``search`` text index narrows them, the exact test follows."""
    return _listed(
        """
MATCH (e:Event) USING TEXT INDEX e:Event(search) WHERE e.search CONTAINS $query
WITH e
WHERE toLower(e.name) CONTAINS $query
   OR any(m IN coalesce(e.mentions, []) WHERE toLower(m) CONTAINS $query)
RETURN e.id AS id, e.name AS name, e.type AS type, e.date AS date, e.place AS place,
       coalesce(e.statements, 0) AS statement_count""",
        EVENT_KEYS,
        _MOST_DISCUSSED_EVENTS,
    )


def event_directory() -> str:
    """The ``$limit`` most discussed events (read in the order of the ``event_statements`` index)."""
    return _listed(
        """
MATCH (e:Event) USING RANGE INDEX e:Event(statements) WHERE e.statements >= 0
RETURN e.id AS id, e.name AS name, e.type AS type, e.date AS date, e.place AS place,
       e.statements AS statement_count""",
        EVENT_KEYS,
        _MOST_DISCUSSED_EVENTS,
    )


_SPEAKER_ROW = """
RETURN s.id AS id, s.name AS name, labels(s)[0] AS label, s.role AS role,
       s.organization AS organization, coalesce(s.statements, 0) AS statement_count"""


def find_officials() -> str:
    """Officials and organizations whose name, an alias or role contains the (lower-cased) query: the
    ``search`` text index narrows them, the exact test follows."""
    matching = _each_label(
        schema.NAMED_SPEAKER_LABELS,
        "MATCH (s:{label}) USING TEXT INDEX s:{label}(search) WHERE s.search CONTAINS $query RETURN s",
    )
    return _listed(
        f"""
{matching}
WITH s
WHERE toLower(s.name) CONTAINS $query
   OR any(a IN coalesce(s.aliases, []) WHERE toLower(a) CONTAINS $query)
   OR toLower(coalesce(s.role, '')) CONTAINS $query
{_SPEAKER_ROW}""",
        SPEAKER_KEYS,
        _MOST_DISCUSSED_SPEAKERS,
    )


def officials_by_surname() -> str:
    """Every official whose identity key ``surname`` is ``$surname``, in id order (read through the
    ``official_surname`` index; identity's look-up, exhaustive)."""
    return """
MATCH (o:Official {surname: $surname}) USING INDEX o:Official(surname)
RETURN o.id AS id, o.name AS name, o.role AS role, o.organization AS organization,
       coalesce(o.aliases, []) AS aliases
ORDER BY id
"""


def officials_without_surname() -> str:
    """Officials written before their identity key was kept (see :data:`schema.IDENTITY_KEYS`)."""
    return "MATCH (o:Official) WHERE o.surname IS NULL RETURN o.id AS id, o.name AS name"


def set_official_surnames() -> str:
    """Give officials (``row.id``) their identity key (``row.surname``)."""
    return "UNWIND $rows AS row MATCH (o:Official {id: row.id}) SET o.surname = row.surname"


def speaker_directory() -> str:
    """The ``$limit`` officials and organizations who said most (each label read in the order of its
    ``statements`` index)."""
    busiest = _each_label(
        schema.NAMED_SPEAKER_LABELS,
        "MATCH (s:{label}) USING RANGE INDEX s:{label}(statements) WHERE s.statements >= 0 "
        "WITH s ORDER BY s.statements DESC, s.name, s.id LIMIT $limit RETURN s",
    )
    return _listed(
        f"""
{busiest}
WITH s
{_SPEAKER_ROW}""",
        SPEAKER_KEYS,
        _MOST_DISCUSSED_SPEAKERS,
    )


def official_profile() -> str:
    """A speaker with memberships and their maintained statement count and first and last date."""
    return f"""
{_speaker_by_id()}
OPTIONAL MATCH (s)-[m:MEMBER_OF]->(g:Organization)
WITH s, collect(DISTINCT {{organization_id: g.id, role: m.role}}) AS memberships
RETURN s.id AS id, s.name AS name, labels(s)[0] AS label, s.role AS role,
       s.organization AS organization, coalesce(s.aliases, []) AS aliases,
       coalesce(s.joins, []) AS joins, memberships,
       coalesce(s.statements, 0) AS statement_count, s.first_date AS first_date,
       s.last_date AS last_date
"""


def official_events() -> str:
    """How many events a speaker spoke about, and the ``$limit`` they made most statements about, with
    how many of their statements concern each (read from their ``SPOKE_ABOUT`` relationships)."""
    return f"""
{_speaker_by_id()}
CALL (s) {{
  OPTIONAL MATCH (s)-[r:SPOKE_ABOUT]->(e:Event)
  WITH e, r.statements AS statements
  ORDER BY statements DESC, e.date, e.name, e.id LIMIT $limit
  RETURN collect(e {{.id, .name, .type, .date, .place, statement_count: statements}}) AS events
}}
RETURN COUNT {{ (s)-[:SPOKE_ABOUT]->() }} AS event_count, events
"""


def event_profile() -> str:
    """An event with statement and article counts and the first and last date of its statements."""
    return """
MATCH (e:Event {id: $event_id})
OPTIONAL MATCH (e)<-[:CONCERNS]-(c:Claim)<-[st:STATED]-()
WITH e, count(st) AS statements, count(DISTINCT st.article_id) AS articles, min(st.date) AS first_date,
     max(st.date) AS last_date
RETURN e.id AS id, e.name AS name, e.type AS type, e.date AS date, e.place AS place,
       coalesce(e.mentions, []) AS mentions, statements AS statement_count, articles AS article_count,
       first_date, last_date
"""


def event_speakers() -> str:
    """The speakers on an event, with how many statements each made about it."""
    return _listed(
        """
MATCH (:Event {id: $event_id})<-[:CONCERNS]-(:Claim)<-[st:STATED]-(s)
WITH s, count(st) AS statements
RETURN s.id AS id, s.name AS name, labels(s)[0] AS label, statements AS statement_count""",
        SPEAKER_COUNT_KEYS,
        _MOST_DISCUSSED_SPEAKERS,
        limited=False,
    )


def neighbourhood(depth: int) -> str:
    """Nodes within ``depth`` (1-3) hops of a node, nearest first, and the relationships among them."""
    if depth not in (1, 2, 3):
        raise ValueError("depth must be 1, 2 or 3")
    types = "|".join(check_relationship_type(t) for t in schema.RELATIONSHIP_TYPES)
    return f"""
{_node_by_id()}
OPTIONAL MATCH path = (n)-[:{types}*1..{depth}]-(m) WHERE m <> n
WITH n, m, min(length(path)) AS hops
ORDER BY hops, m.id
WITH n, [x IN collect(m) WHERE x IS NOT NULL][..$limit] AS others
WITH [n] + others AS nodes
UNWIND nodes AS a
OPTIONAL MATCH (a)-[r:{types}]->(b) WHERE b IN nodes
RETURN nodes, collect(DISTINCT r) AS relationships
"""


def count_label(label: str) -> str:
    """Count the nodes of one label (answered from the count store)."""
    return f"MATCH (n:{check_label(label)}) RETURN count(n) AS count"


def count_relationship(rel_type: str) -> str:
    """Count the relationships of one type (answered from the count store)."""
    return f"MATCH ()-[r:{check_relationship_type(rel_type)}]->() RETURN count(r) AS count"


def extracted_statements() -> str:
    """How many statements the extractor found in the stored articles, and how many of those repeat an
    earlier one of their article word for word (each article keeps its counts)."""
    return (
        "MATCH (a:Article) RETURN sum(coalesce(a.extracted, 0)) AS extracted, "
        "sum(coalesce(a.repeated, 0)) AS repeated"
    )


def explain(query: str) -> str:
    """Prefix a user's query with EXPLAIN, to learn its query type without running it."""
    return "EXPLAIN " + query


def console_examples() -> dict[str, str]:
    """Read-only example queries over the schema, offered by the dashboard's Cypher console."""
    return {
        "Who said what about an event": """MATCH (o)-[st:STATED]->(c:Claim)-[:CONCERNS]->(e:Event)
WHERE toLower(e.name) CONTAINS 'rallies'
RETURN o.name AS speaker, st.cue AS cue, st.date AS date, c.text AS claim, e.name AS event
ORDER BY date LIMIT 50""",
        "What unnamed sources said": """MATCH (u:UnnamedSource)-[st:STATED]->(c:Claim)
OPTIONAL MATCH (c)-[:CONCERNS]->(e:Event)
RETURN u.kind AS kind, u.name AS source, st.cue AS cue, c.text AS claim, e.name AS event
ORDER BY kind, st.date LIMIT 50""",
        "Most-quoted officials": """MATCH (o:Official)-[st:STATED]->(:Claim)
RETURN o.name AS official, o.role AS role, count(st) AS statements
ORDER BY statements DESC LIMIT 20""",
        "Claims reported by more than one outlet": """MATCH (c:Claim)-[:REPORTED_IN]->(a:Article)
WITH c, collect(DISTINCT a.source) AS outlets
WHERE size(outlets) > 1
RETURN c.text AS claim, outlets ORDER BY size(outlets) DESC LIMIT 25""",
        "An official's statements as a graph": """MATCH path = (o:Official)-[:STATED]->(:Claim)
      -[:CONCERNS]->(:Event)
WHERE o.name CONTAINS 'Peskov'
RETURN path LIMIT 25""",
        "Officials who spoke about the same event": """MATCH (a:Official)-[:STATED]->(:Claim)
      -[:CONCERNS]->(e:Event)<-[:CONCERNS]-(:Claim)<-[:STATED]-(b:Official)
WHERE a.id < b.id
RETURN a.name AS first, b.name AS second, count(DISTINCT e) AS shared_events
ORDER BY shared_events DESC LIMIT 25""",
        "Who spoke most about the busiest events": """MATCH (e:Event)
WITH e ORDER BY e.statements DESC LIMIT 5
MATCH (o)-[r:SPOKE_ABOUT]->(e)
RETURN e.name AS event, o.name AS speaker, r.statements AS statements
ORDER BY event, statements DESC""",
        "Full-text search of claims": """CALL db.index.fulltext.queryNodes('claim_text', 'video AND footage')
YIELD node, score
RETURN node.text AS claim, score ORDER BY score DESC LIMIT 10""",
    }
