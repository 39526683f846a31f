"""Neo4j write throughput: the project's batched writer against a naive one-transaction-per-statement
writer, on the same synthetic articles, in one run.

Usage (repository root, after `make setup`; give a Neo4j whose graph may be cleared):

    .venv/bin/python bench/write.py --neo4j bolt://127.0.0.1:7687 --password PW [--claims 20000] [--write]

The batched writer is :meth:`graph.neo4j_store.Neo4jStore.write_articles`, ``--articles-per-tx``
articles per transaction. The naive writer writes each statement in its own transaction with MERGE
queries that find nodes by id (one row each), as code that loops over statements would; it runs on the first
``--naive-statements`` statements only (it is slow) and its rate is extrapolated from those.
Before the batched writer is timed the server writes as many other synthetic articles (then the
graph is cleared); the run fails unless the graph then holds exactly the statements counted.
Targets (issue 6): batched >= 10 x naive and >= 20,000 statements/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import neo4j  # noqa: E402
from extraction import machine, record  # noqa: E402
from synth import articles  # noqa: E402

from graph import cypher, records, schema  # noqa: E402
from graph.model import ArticleGraph, StatedEdge  # noqa: E402
from graph.neo4j_store import Neo4jStore, connect  # noqa: E402


def naive_statement(session: neo4j.Session, graph: ArticleGraph, stated: StatedEdge) -> None:
    """One statement in its own transaction: its article, speaker, event, claim and STATED edge."""
    claim = next(c for c in graph.claims if c.id == stated.claim_id)
    event = next((e for e in graph.events if e.id == claim.event_id), None)
    official = next(o for o in graph.officials if o.id == stated.speaker_id)

    def work(tx: neo4j.ManagedTransaction) -> None:
        article = {"id": graph.article.id, "props": records.article_props(graph.article)}
        tx.run(cypher.merge_articles(), rows=[article]).consume()
        tx.run(cypher.merge_officials(), rows=[records.official_row(official)]).consume()
        if event is not None:
            tx.run(cypher.merge_places(), rows=[{"id": event.place_id, "name": event.place}]).consume()
            tx.run(cypher.merge_events(), rows=[records.event_row(event)]).consume()
        claim_row = {**records.claim_row(claim), "article_id": graph.article.id}
        tx.run(cypher.merge_claims(), rows=[claim_row]).consume()
        tx.run(cypher.merge_stated(schema.OFFICIAL), rows=[records.stated_row(stated)]).consume()

    session.execute_write(work)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--neo4j", required=True, metavar="URI", help="bolt URI (its graph is cleared)")
    parser.add_argument("--user", default="neo4j")
    parser.add_argument("--password")
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--articles-per-tx", type=int, default=100)
    parser.add_argument("--naive-statements", type=int, default=1000)
    parser.add_argument("--write", action="store_true", help="record the table in bench/RESULTS.md")
    args = parser.parse_args()

    graphs = list(articles(args.claims))
    statements = sum(len(g.stated) for g in graphs)
    store = Neo4jStore(connect(args.neo4j, user=args.user, password=args.password), owns_driver=True)
    with store:
        store.ensure_schema()
        store.clear()
        # Warm the server on as many other articles (its JIT: a fresh server writes several times
        # slower at first; the query plans), then time from an empty graph.
        warm = list(articles(args.claims, seed=99))
        for i in range(0, len(warm), args.articles_per_tx):
            store.write_articles(warm[i : i + args.articles_per_tx])
        store.clear()
        if any(store.counts().nodes.values()):
            raise SystemExit("the graph is not empty before the timed run")
        started = time.perf_counter()
        for i in range(0, len(graphs), args.articles_per_tx):
            store.write_articles(graphs[i : i + args.articles_per_tx])
        batched_s = time.perf_counter() - started
        counts = store.counts()
        if counts.relationships[schema.STATED] != statements:
            raise SystemExit(
                f"counted {statements} statements but the graph holds {counts.relationships[schema.STATED]}"
            )
        store.clear()
        pairs = [(g, s) for g in graphs for s in g.stated][: args.naive_statements]
        with store.driver.session(database=store.database) as session:
            started = time.perf_counter()
            for graph, stated in pairs:
                naive_statement(session, graph, stated)
            naive_s = time.perf_counter() - started
        store.clear()
    batched_rate = statements / batched_s
    naive_rate = len(pairs) / naive_s
    ratio = batched_rate / naive_rate

    def met(value: float, target: float) -> str:
        return "met" if value >= target else "missed"

    table = "\n".join(
        [
            f"{dt.date.today().isoformat()}, {machine()}, Neo4j {neo4j_version(args)}; {len(graphs):,} "
            f"synthetic articles, {statements:,} statements, {counts.nodes['Claim']:,} claims "
            f"(bench/synth.py).",
            "",
            "| writer | statements | seconds (the writes, from an empty graph, summaries included) "
            "| statements/s |",
            "| --- | ---: | ---: | ---: |",
            f"| batched ({args.articles_per_tx} articles per transaction, UNWIND ... MERGE) "
            f"| {statements:,} | {batched_s:.1f} | {batched_rate:,.0f}"
            f"{'' if batched_rate >= 20_000 else ' (missed: target 20,000)'} |",
            f"| naive (one transaction per statement) | {len(pairs):,} | {naive_s:.1f} | {naive_rate:,.0f} |",
            "",
            f"Batched / naive: {ratio:.1f} x (target >= 10 x: {met(ratio, 10)}). "
            f"Batched rate: {batched_rate:,.0f} statements/s (target >= 20,000 statements/s: "
            f"{met(batched_rate, 20_000)}).",
            f"Command: `.venv/bin/python bench/write.py --neo4j URI --password PW --claims {args.claims}`",
        ]
    )
    print(table)
    if args.write:
        record(table, name="write", heading="Neo4j writes: batched against naive")
    return 0


def neo4j_version(args: argparse.Namespace) -> str:
    driver = connect(args.neo4j, user=args.user, password=args.password)
    try:
        records_, _, _ = driver.execute_query("CALL dbms.components() YIELD versions RETURN versions[0] AS v")
        return str(records_[0]["v"])
    finally:
        driver.close()


if __name__ == "__main__":
    sys.exit(main())
