"""Who gets quoted and who speaks about the same events: counts and a co-statement network (networkx).

Everything here works on :class:`graph.model.StatementFact` lists, which both stores return from
``statement_facts()``, so the figures are the same whichever store holds the graph.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from graph import schema
from graph.model import GraphEdge, GraphNode, StatementFact, Subgraph

SEED = 7
"""Community detection is randomised; a fixed seed gives the same communities on every run."""


@dataclass(frozen=True)
class SpeakerCount:
    """A speaker with how many statements they made, about how many events, in how many outlets."""

    id: str
    name: str
    label: str
    statements: int
    events: int
    outlets: int


def most_quoted(facts: Iterable[StatementFact], *, top: int = 20) -> list[SpeakerCount]:
    """Named speakers by number of statements (ties by name); unnamed sources, each of one article,
    are not ranked."""
    statements: Counter[str] = Counter()
    events: dict[str, set[str]] = {}
    outlets: dict[str, set[str]] = {}
    names: dict[str, tuple[str, str]] = {}
    for fact in facts:
        if fact.speaker_label not in schema.NAMED_SPEAKER_LABELS:
            continue
        statements[fact.speaker_id] += 1
        names[fact.speaker_id] = (fact.speaker_name, fact.speaker_label)
        if fact.event_id:
            events.setdefault(fact.speaker_id, set()).add(fact.event_id)
        outlets.setdefault(fact.speaker_id, set()).add(fact.article_source or fact.article_id)
    ranked = sorted(statements, key=lambda s: (-statements[s], names[s][0], s))[:top]
    return [
        SpeakerCount(
            id=s,
            name=names[s][0],
            label=names[s][1],
            statements=statements[s],
            events=len(events.get(s, ())),
            outlets=len(outlets.get(s, ())),
        )
        for s in ranked
    ]


def co_statement_graph(facts: Iterable[StatementFact]) -> nx.Graph:
    """Named speakers joined when they made statements about the same event (unnamed sources, each
    of one article, are left out).

    Nodes carry ``name``, ``label`` and ``statements``; an edge's ``weight`` is the number of events
    both spoke about and ``events`` names them.
    """
    graph = nx.Graph()
    speakers_of: dict[str, set[str]] = {}
    event_names: dict[str, str] = {}
    for fact in facts:
        if fact.speaker_label not in schema.NAMED_SPEAKER_LABELS:
            continue
        if fact.speaker_id not in graph:
            graph.add_node(fact.speaker_id, name=fact.speaker_name, label=fact.speaker_label, statements=0)
        graph.nodes[fact.speaker_id]["statements"] += 1
        if fact.event_id:
            speakers_of.setdefault(fact.event_id, set()).add(fact.speaker_id)
            event_names[fact.event_id] = fact.event_name or fact.event_id
    for event_id, speakers in speakers_of.items():
        for a, b in combinations(sorted(speakers), 2):
            if graph.has_edge(a, b):
                graph.edges[a, b]["weight"] += 1
                graph.edges[a, b]["events"].append(event_names[event_id])
            else:
                graph.add_edge(a, b, weight=1, events=[event_names[event_id]])
    return graph


@dataclass(frozen=True)
class NetworkRole:
    """A speaker's place in the co-statement network."""

    id: str
    name: str
    degree: int
    degree_centrality: float
    betweenness: float
    community: int


def network_roles(graph: nx.Graph, *, betweenness_sample: int = 32) -> list[NetworkRole]:
    """Degree, degree centrality, betweenness and community of every connected speaker, most central first.

    Betweenness is exact up to ``betweenness_sample`` nodes and estimated from that many sources beyond
    (seeded, so repeatable). Communities come from Louvain modularity, numbered largest first.
    """
    connected = graph.subgraph([n for n in graph if graph.degree(n) > 0]).copy()  # views are slow
    if connected.number_of_nodes() == 0:
        return []
    centrality = nx.degree_centrality(connected)
    k = betweenness_sample if connected.number_of_nodes() > betweenness_sample else None
    betweenness = nx.betweenness_centrality(connected, k=k, seed=SEED, weight=None)
    communities = communities_of(connected)
    roles = [
        NetworkRole(
            id=node,
            name=str(connected.nodes[node]["name"]),
            degree=int(connected.degree(node)),
            degree_centrality=round(centrality[node], 4),
            betweenness=round(betweenness[node], 4),
            community=communities[node],
        )
        for node in connected
    ]
    roles.sort(key=lambda r: (-r.degree_centrality, -r.betweenness, r.name))
    return roles


def communities_of(graph: nx.Graph) -> dict[str, int]:
    """Each node's community number (0 = the largest community)."""
    found: Sequence[set[str]] = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    ordered = sorted(found, key=lambda c: (-len(c), min(c)))
    return {node: number for number, members in enumerate(ordered) for node in members}


@dataclass(frozen=True)
class EventDay:
    """How many statements concerned one event on one date."""

    event_id: str
    event_name: str
    date: str
    statements: int


def statements_per_event_over_time(facts: Iterable[StatementFact], *, top: int = 10) -> list[EventDay]:
    """Dated statements per date for the ``top`` most discussed events, in date order."""
    dated = [f for f in facts if f.event_id and f.date and not f.date.startswith("--")]
    per_event = Counter(f.event_id for f in dated)
    wanted = {e for e, _ in sorted(per_event.items(), key=lambda kv: (-kv[1], kv[0]))[:top]}
    counts: Counter[tuple[str, str]] = Counter()
    names: dict[str, str] = {}
    for fact in dated:
        if fact.event_id in wanted:
            assert fact.event_id is not None and fact.date is not None
            counts[fact.event_id, fact.date] += 1
            names[fact.event_id] = fact.event_name or fact.event_id
    return [
        EventDay(event_id, names[event_id], date, n)
        for (event_id, date), n in sorted(counts.items(), key=lambda kv: (kv[0][1], names[kv[0][0]]))
    ]


def network_subgraph(
    graph: nx.Graph, roles: Sequence[NetworkRole], *, top: int = 40, max_edges: int = 150
) -> Subgraph:
    """The ``top`` most central speakers of the co-statement network and the strongest links among them
    (at most ``max_edges``, most shared events first), for the graph view; each node carries its
    community and centrality."""
    kept = {role.id: role for role in roles[:top]}
    nodes = tuple(
        GraphNode(
            id=node_id,
            label=str(graph.nodes[node_id]["label"]),
            caption=role.name,
            properties={
                "community": role.community,
                "degree centrality": role.degree_centrality,
                "betweenness": role.betweenness,
                "statements": graph.nodes[node_id]["statements"],
            },
        )
        for node_id, role in kept.items()
    )
    links = [(a, b, data["weight"]) for a, b, data in graph.edges(data=True) if a in kept and b in kept]
    links.sort(key=lambda link: (-link[2], link[0], link[1]))
    edges = tuple(GraphEdge(a, b, "SPOKE_ABOUT_SAME_EVENT", {"events": w}) for a, b, w in links[:max_edges])
    return Subgraph(nodes=nodes, edges=edges)


@dataclass(frozen=True)
class Report:
    """Everything the analytics page shows, computed in one pass over the statement facts."""

    statements: int
    most_quoted: tuple[SpeakerCount, ...]
    roles: tuple[NetworkRole, ...]
    network: Subgraph
    event_days: tuple[EventDay, ...]


def analyse(facts: Sequence[StatementFact], *, top: int = 25, network_speakers: int = 200) -> Report:
    """Most-quoted speakers, the co-statement network of the ``network_speakers`` most-quoted ones
    (its roles and picture), and statements over time."""
    quoted = {s.id for s in most_quoted(facts, top=network_speakers)}
    graph = co_statement_graph(f for f in facts if f.speaker_id in quoted)
    roles = network_roles(graph)
    return Report(
        statements=len(facts),
        most_quoted=tuple(most_quoted(facts, top=top)),
        roles=tuple(roles),
        network=network_subgraph(graph, roles),
        event_days=tuple(statements_per_event_over_time(facts)),
    )
