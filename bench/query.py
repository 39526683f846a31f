"""Query latency of every dashboard and CLI query on synthetic graphs of growing size.

Usage (repository root, after `make setup`):

    .venv/bin/python bench/query.py --sizes 10000 100000 [--neo4j URI --password PW] [--write]

For each size, bench/synth.py builds the graph (embedded store in a temporary folder, or the given
Neo4j, whose graph is cleared), then every query runs ``--samples`` times with parameters drawn from
the graph (busy and quiet officials and events, real words for search), and p50/p95/p99 are printed.
The embedded store's load time (opening the file), save time (one more article) and resident memory
are measured too. Targets (issue 6): Neo4j p95 <= 50 ms at 1M claims for every dashboard query;
embedded p95 <= 100 ms at 100k claims, load <= 5 s, resident memory <= 1.5 GB at 100k.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from extraction import machine, record  # noqa: E402
from synth import articles, load  # noqa: E402

from dashboard import limits  # noqa: E402
from graph.analytics import analyse  # noqa: E402
from graph.search import directory, search  # noqa: E402
from graph.store import GraphStore  # noqa: E402

Query = Callable[[random.Random], object]


def queries(store: GraphStore) -> dict[str, Query]:
    """Each query the dashboard and the CLI run, with parameters drawn from the stored graph."""
    officials = store.find_officials("", limit=200)
    events = store.find_events("", limit=200)
    busy, quiet = officials[:10], officials[-50:]
    some_events = events[:10] + events[-50:]
    rows = store.statements_by_official(officials[0].id, limit=200)
    words = sorted({w for r in rows for w in r.text.split()[1:4] if len(w) > 3})
    claims = [r.claim_id for r in rows]
    article_ids = sorted({r.article_id for r in rows})

    def speaker(rng: random.Random) -> str:
        return rng.choice(busy + quiet).id

    def event(rng: random.Random) -> str:
        return rng.choice(some_events).id

    return {
        "search box (names, events, claims)": lambda rng: search(store, rng.choice(words), limit=10),
        "find_officials (surname)": lambda rng: store.find_officials(rng.choice(officials).name.split()[-1]),
        "find_events (word)": lambda rng: store.find_events(rng.choice(events).type, limit=50),
        "search_claims (two words)": lambda rng: store.search_claims(
            " ".join(rng.sample(words, 2)), limit=100
        ),
        "event page: event_profile": lambda rng: store.event_profile(event(rng)),
        "event page: statements_about_event": lambda rng: store.statements_about_event(
            event(rng), limit=limits.EVENT_ROWS
        ),
        "official page: official_profile": lambda rng: store.official_profile(speaker(rng)),
        "official page: statements_by_official": lambda rng: store.statements_by_official(
            speaker(rng), limit=limits.OFFICIAL_ROWS
        ),
        "ask --official --event": lambda rng: store.statements_by_official(speaker(rng), event_id=event(rng)),
        "claim page: statements_for_claim": lambda rng: store.statements_for_claim(rng.choice(claims)),
        "claim page: article_text": lambda rng: store.article_text(rng.choice(article_ids)),
        "provenance: statements_in_article": lambda rng: store.statements_in_article(rng.choice(article_ids)),
        "explorer: neighbourhood": lambda rng: store.neighbourhood(
            rng.choice([event(rng), speaker(rng)]), limit=limits.NEIGHBOURS
        ),
        "stats: counts": lambda rng: store.counts(),
        "index pages: most discussed officials": lambda rng: store.find_officials("", limit=limits.LISTED),
        "index pages: most discussed events": lambda rng: store.find_events("", limit=limits.LISTED),
        "type-ahead directory": lambda rng: directory(store, limit=limits.DIRECTORY),
    }


def analytics_seconds(store: GraphStore) -> tuple[float, float]:
    """Seconds to read the analytics page's statement facts and to analyse them: done once per graph
    state (the page caches the figures), so timed once rather than sampled."""
    started = time.perf_counter()
    facts = store.statement_facts(limit=limits.ANALYTICS_FACTS)
    read = time.perf_counter() - started
    started = time.perf_counter()
    analyse(facts)
    return read, time.perf_counter() - started


def analytics_fact(store: GraphStore) -> str:
    read, analysed = analytics_seconds(store)
    return f"{read:.2f} s to read the statement facts, {analysed:.2f} s to analyse them"


def percentiles(times: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


def measure(store: GraphStore, samples: int) -> dict[str, tuple[float, float, float]]:
    rng = random.Random(5)
    results = {}
    for name, query in queries(store).items():
        query(rng)  # planned and cached once
        times = []
        for _ in range(samples):
            started = time.perf_counter()
            query(rng)
            times.append(time.perf_counter() - started)
        results[name] = percentiles(times)
    return results


def rss_mb() -> float:
    """This process's peak resident memory since it started (VmHWM: unlike getrusage's maxrss, it
    does not carry the parent's peak across fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def embedded_run(claims: int, samples: int) -> tuple[dict[str, tuple[float, float, float]], dict[str, str]]:
    """Build the graph file, then open and query it in a fresh process (so its memory is the store's)."""
    from graph.embedded_store import EmbeddedStore

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "graph.json"
        with EmbeddedStore.open(path) as writer:
            load(writer, claims, quiet=True)
        size_mb = path.stat().st_size / 2**20
        measured = subprocess.run(
            [sys.executable, __file__, "--measure-file", str(path), "--samples", str(samples)],
            capture_output=True,
            text=True,
            check=True,
        )
    report = json.loads(measured.stdout)
    results = {name: (p50, p95, p99) for name, (p50, p95, p99) in report["results"].items()}
    facts = {
        "load (open the file)": f"{report['load_s']:.2f} s",
        "save (write one more article: one journal append)": f"{report['save_s'] * 1000:.1f} ms",
        "compaction (rewrite the whole snapshot, now and then)": f"{report['compact_s']:.2f} s",
        "first claim search (builds the word index)": f"{report['first_search_s']:.2f} s",
        "resident memory of a process holding the open store": (
            f"{report['rss_mb']:.0f} MB peak ({report['before_mb']:.0f} MB before opening)"
        ),
        "file size": f"{size_mb:.0f} MB",
        "analytics page (once per graph state, cached)": report["analytics"],
    }
    return results, facts


def measure_file(path: Path, samples: int) -> dict[str, object]:
    """Open the embedded store at ``path`` in this (fresh) process and time it; a JSON-ready report."""
    from graph.embedded_store import EmbeddedStore

    before = rss_mb()
    started = time.perf_counter()
    store = EmbeddedStore.open(path)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    store.search_claims("sanctions")
    first_search_s = time.perf_counter() - started
    extra = next(iter(articles(10, seed=7_654_321)))
    started = time.perf_counter()
    store.write_article(extra)
    save_s = time.perf_counter() - started
    results = measure(store, samples)
    analytics = analytics_fact(store)
    started = time.perf_counter()
    store.compact()  # the cost a writer pays now and then
    compact_s = time.perf_counter() - started
    peak = rss_mb()
    store.close()
    return {
        "results": results,
        "load_s": load_s,
        "save_s": save_s,
        "compact_s": compact_s,
        "first_search_s": first_search_s,
        "rss_mb": peak,
        "before_mb": before,
        "analytics": analytics,
    }


def neo4j_run(
    args: argparse.Namespace, claims: int
) -> tuple[dict[str, tuple[float, float, float]], dict[str, str]]:
    from graph.neo4j_store import Neo4jStore, connect

    store = Neo4jStore(connect(args.neo4j, user=args.user, password=args.password), owns_driver=True)
    with store:
        store.ensure_schema()
        store.clear()
        started = time.perf_counter()
        load(store, claims, quiet=True, batch=100)
        loaded = time.perf_counter() - started
        print(f"  loaded {claims:,} claims into Neo4j in {loaded:.0f} s", file=sys.stderr)
        results = measure(store, args.samples)
        facts = {
            "load (bench/synth.py through the batched writer)": f"{loaded:.0f} s",
            "analytics page (once per graph state, cached)": analytics_fact(store),
        }
        return results, facts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="claims per graph")
    parser.add_argument("--samples", type=int, default=100, help="runs of each query (default 100)")
    parser.add_argument("--neo4j", metavar="URI", help="measure Neo4j (its graph is cleared) instead")
    parser.add_argument("--user", default="neo4j")
    parser.add_argument("--password")
    parser.add_argument("--write", action="store_true", help="record the tables in bench/RESULTS.md")
    parser.add_argument("--measure-file", type=Path, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.measure_file:
        print(json.dumps(measure_file(args.measure_file, args.samples)))
        return 0
    kind = "neo4j" if args.neo4j else "embedded"
    target = 50.0 if args.neo4j else 100.0
    sections = [
        f"{dt.date.today().isoformat()}, {machine()}; {kind} store; graphs from bench/synth.py; "
        f"{args.samples} runs per query; milliseconds per call, the answer read in full, on a store "
        f"already open (the load is timed on its own). Target p95 <= {target:.0f} ms; (over) marks a miss."
    ]
    for claims in args.sizes:
        print(f"{claims:,} claims ({kind})…", file=sys.stderr, flush=True)
        if args.neo4j:
            results, facts = neo4j_run(args, claims)
        else:
            results, facts = embedded_run(claims, args.samples)
        lines = [f"**{claims:,} claims**", "", "| query | p50 | p95 | p99 |", "| --- | ---: | ---: | ---: |"]
        for name, (p50, p95, p99) in results.items():
            flag = "" if p95 <= target else " (over)"
            lines.append(f"| {name} | {p50:.1f} | {p95:.1f}{flag} | {p99:.1f} |")
        lines += [""] + [f"- {key}: {value}" for key, value in facts.items()]
        sections.append("\n".join(lines))
    sizes = " ".join(str(s) for s in args.sizes)
    command = "`.venv/bin/python bench/query.py --sizes " + sizes
    command += (" --neo4j URI --password PW" if args.neo4j else "") + "`"
    sections.append("Command: " + command)
    table = "\n\n".join(sections)
    print(table)
    if args.write:
        record(table, name=f"query-{kind}", heading=f"Query latency ({kind} store)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
