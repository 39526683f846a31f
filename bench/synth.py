"""Synthetic statement graphs of any size, for the dashboard and store benchmarks.

Usage (repository root, after `make setup`):

    .venv/bin/python bench/synth.py --claims 10000 --data-dir /tmp/sg10k
    .venv/bin/python bench/synth.py --claims 100000 --neo4j bolt://127.0.0.1:7687 --password PW

``--claims`` is the number of distinct Claim nodes (statements are about 10% more, for reprints).
Articles are generated without NLP: each holds ``--per-article`` statements ("<Role> <Name> said that
<content>.") with exact character offsets, by speakers drawn with a Zipf-like skew (a few officials are
quoted a lot, most rarely), about events spread over two years, reported by a dozen outlets; about one
claim in ten is reported again by a second outlet. The same ``--seed`` gives the same graph.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from graph import ids  # noqa: E402
from graph.model import (  # noqa: E402
    ArticleGraph,
    ArticleNode,
    ClaimNode,
    EventNode,
    Membership,
    OfficialNode,
    OrganizationNode,
    PlaceNode,
    StatedEdge,
)
from graph.store import GraphStore  # noqa: E402

FIRST = "Anna Boris Carla Dmitry Elena Farid Grace Hiro Ivan Julia Karim Lena Marco Nadia Omar Petra".split()
LAST = "Adler Brandt Costa Dorn Evans Fischer Garcia Horvat Ivanov Jensen Kowalski Lopez Moreau Novak".split()
ROLES = ["Minister", "Spokesman", "Spokeswoman", "Senator", "Governor", "Ambassador", "Secretary", "Mayor"]
ORGS = [f"{kind} of {land}" for kind in ("Ministry", "Office", "Council") for land in "ABCDEFGHIJKLMN"]
PLACES = [f"City {n}" for n in range(30)]
EVENT_TYPES = ["protest", "summit", "election", "talks", "strike", "trial", "visit", "attack"]
OUTLETS = ["Wire A", "Wire B", "Daily C", "Herald D", "Times E", "Post F", "Radio G", "TV H", "News I",
           "Journal J", "Gazette K", "Courier L"]  # fmt: skip
WORDS = (
    "sanctions ceasefire agreement election budget border security economy talks refugees energy "
    "pipeline trade tariffs protest police court verdict vaccine climate reform corruption strike "
    "wages army missile treaty embassy visa inflation harvest drought flood ports rail"
).split()
START = dt.date(2024, 1, 1)


class World:
    """The people, organizations, places and events statements are drawn from."""

    def __init__(self, claims: int, rng: random.Random) -> None:
        people = max(20, claims // 20)
        self.rng = rng
        self.orgs = [OrganizationNode(ids.organization_id(name), name) for name in ORGS]
        self.officials: list[tuple[OfficialNode, OrganizationNode]] = []
        for n in range(people):
            name = f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]}" + (
                f" {n // (len(FIRST) * len(LAST))}" if n >= len(FIRST) * len(LAST) else ""
            )
            org = self.orgs[n % len(self.orgs)]
            role = ROLES[n % len(ROLES)]
            official = OfficialNode(ids.official_id(name), name, role=role, organization=org.name)
            self.officials.append((official, org))
        # cumulative weights once: rng.choices would re-add 50,000 weights for every statement
        self.cum_weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(people)))
        self.places = [PlaceNode(ids.place_id(name), name) for name in PLACES]
        self.events: list[EventNode] = []
        for n in range(max(10, claims // 40)):
            kind = EVENT_TYPES[n % len(EVENT_TYPES)]
            place = self.places[n % len(self.places)]
            date = (START + dt.timedelta(days=rng.randrange(730))).isoformat()
            name = f"the {kind} in {place.name}"
            event_id = ids.event_id(type=kind, date=date, place=place.name, name=name, scope="")
            self.events.append(EventNode(event_id, name, kind, date, place.name, place.id, (name,)))

    def speaker(self) -> tuple[OfficialNode, OrganizationNode]:
        return self.rng.choices(self.officials, cum_weights=self.cum_weights)[0]

    def content(self) -> str:
        return "the " + " ".join(self.rng.choices(WORDS, k=self.rng.randint(6, 16))) + " will change"


def articles(claims: int, *, per_article: int = 10, seed: int = 1) -> Iterator[ArticleGraph]:
    """Articles holding ``claims`` distinct claims (plus reprints of some), generated lazily."""
    rng = random.Random(seed)
    world = World(claims, rng)
    made = 0
    number = 0
    reprints: list[tuple[OfficialNode, OrganizationNode, str, EventNode]] = []
    while made < claims:
        event = rng.choice(world.events)
        outlet = OUTLETS[number % len(OUTLETS)]
        published = (dt.date.fromisoformat(str(event.date)) + dt.timedelta(days=rng.randrange(4))).isoformat()
        said: list[tuple[OfficialNode, OrganizationNode, str, EventNode]] = []
        while len(said) < per_article and made < claims:
            if reprints and rng.random() < 0.1:
                said.append(reprints.pop(rng.randrange(len(reprints))))
            else:
                official, org = world.speaker()
                said.append((official, org, world.content(), event))
                made += 1
        reprints.extend(s for s in said if rng.random() < 0.1)
        yield build(number, outlet, published, said)
        number += 1


def build(
    number: int,
    outlet: str,
    published: str,
    said: list[tuple[OfficialNode, OrganizationNode, str, EventNode]],
) -> ArticleGraph:
    text = ""
    claims: dict[str, ClaimNode] = {}
    stated: list[StatedEdge] = []
    url = f"https://synthetic.example/{number}"
    article_id = ids.article_id(url=url, text="")
    for official, _org, content, event in said:
        mention = f"{official.role} {official.name}"
        sentence_start = len(text)
        text += f"{mention} said that {content}. "
        claim = ClaimNode(
            ids.claim_id(speaker_id=official.id, content=content, event_id=event.id),
            content,
            "indirect",
            published,
            event.id,
        )
        claims[claim.id] = claim
        cue_start = sentence_start + len(mention) + 1
        content_start = cue_start + len("said that ")
        stated.append(
            StatedEdge(
                official.id,
                "Official",
                claim.id,
                article_id,
                "said",
                "indirect",
                published,
                mention,
                sentence_start,
                sentence_start + len(mention),
                cue_start,
                cue_start + 4,
                content_start,
                content_start + len(content),
                0.9,
                "synthetic",
            )
        )
    events = {e.id: e for *_, e in said}
    officials = {o.id: o for o, *_ in said}
    orgs = {g.id: g for _, g, *_ in said}
    places = {str(e.place_id): PlaceNode(str(e.place_id), str(e.place)) for e in events.values()}
    return ArticleGraph(
        article=ArticleNode(
            id=article_id,
            location=url,
            url=url,
            title=f"Report {number}",
            source=outlet,
            published=published,
            language="en",
            text=text,
            fingerprint=ids.digest(text),
        ),
        officials=tuple(officials.values()),
        organizations=tuple(orgs.values()),
        places=tuple(places.values()),
        events=tuple(events.values()),
        claims=tuple(claims.values()),
        stated=tuple({(s.speaker_id, s.claim_id): s for s in stated}.values()),
        memberships=tuple(Membership(o.id, g.id, o.role) for o, g, *_ in said),
    )


def load(
    store: GraphStore,
    claims: int,
    *,
    per_article: int = 10,
    seed: int = 1,
    quiet: bool = False,
    batch: int = 100,
) -> int:
    """Write a synthetic graph of ``claims`` claims into ``store``, ``batch`` articles per write;
    returns the number of articles."""
    count = 0
    started = time.perf_counter()
    pending: list[ArticleGraph] = []
    with store.batch():
        for graph in articles(claims, per_article=per_article, seed=seed):
            pending.append(graph)
            if len(pending) == batch:
                store.write_articles(pending)
                count += len(pending)
                pending = []
                if not quiet and count % 1000 == 0:
                    rate = count / (time.perf_counter() - started)
                    print(f"  {count} articles ({rate:.0f}/s)", file=sys.stderr, flush=True)
        store.write_articles(pending)
    return count + len(pending)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--claims", type=int, default=10_000, help="distinct claims to generate (default 10000)"
    )
    parser.add_argument("--per-article", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, help="embedded store: write <data-dir>/graph.json")
    parser.add_argument("--neo4j", metavar="URI", help="write into this Neo4j (its graph is cleared first)")
    parser.add_argument("--user", default="neo4j")
    parser.add_argument("--password")
    args = parser.parse_args()
    if bool(args.data_dir) == bool(args.neo4j):
        parser.error("give exactly one of --data-dir or --neo4j")
    store = open_target(args)
    with store:
        store.ensure_schema()
        store.clear()
        started = time.perf_counter()
        count = load(store, args.claims, per_article=args.per_article, seed=args.seed)
        elapsed = time.perf_counter() - started
        counts = store.counts()
    print(
        f"{count} articles, {counts.relationships['STATED']} statements, {counts.nodes['Claim']} claims, "
        f"{counts.nodes['Official']} officials, {counts.nodes['Event']} events "
        f"in {elapsed:.1f} s ({store.kind})"
    )
    return 0


def open_target(args: argparse.Namespace) -> GraphStore:
    if args.neo4j:
        from graph.neo4j_store import Neo4jStore, connect

        return Neo4jStore(connect(args.neo4j, user=args.user, password=args.password), owns_driver=True)
    from graph.embedded_store import EmbeddedStore

    return EmbeddedStore.open(Path(args.data_dir) / "graph.json")


if __name__ == "__main__":
    sys.exit(main())
