"""End-to-end ingest throughput against the bare spaCy pipeline, on the PolNeAR train split.

Usage (repository root, after `make setup`):

    .venv/bin/python bench/throughput.py [--limit 200] [--neo4j bolt://127.0.0.1:7687 --password PW] [--write]

Times, in one run and on the same texts with the same batch size: ``nlp.pipe`` alone (the floor), then a
full ``run_ingest`` (parse, extract, build, write) into a fresh embedded store, and into Neo4j when a
server is given (its graph is cleared first). Prints articles/s, words/s and the ratio to the floor;
``--write`` records the table in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from extraction import machine, record  # noqa: E402

from graph.embedded_store import EmbeddedStore  # noqa: E402
from graph.settings import load_settings  # noqa: E402
from graph.store import GraphStore  # noqa: E402
from ingest.article import RawArticle  # noqa: E402
from ingest.extract.extractor import Extractor  # noqa: E402
from ingest.extract.pipeline import load_pipeline  # noqa: E402
from ingest.failures import FailureLog  # noqa: E402
from ingest.metadata import read_meta  # noqa: E402
from ingest.pipeline import run_ingest  # noqa: E402


def timed_ingest(
    store: GraphStore, articles: list[RawArticle], extractor: Extractor, batch: int, workers: int = 1
) -> float:
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        summary = run_ingest(
            articles, store=store, extractor=extractor, read_meta=read_meta,
            failures=FailureLog(Path(scratch) / "failures.jsonl"), batch_size=batch, workers=workers,
        )  # fmt: skip
        elapsed = time.perf_counter() - started
    assert summary.failed == 0, summary
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", type=Path, default=REPO.parent / "shared" / "corpus" / "polnear" / "train")
    parser.add_argument("--limit", type=int, default=200, help="articles (default 200)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--neo4j", help="bolt URI of a Neo4j to measure too (its graph is cleared)")
    parser.add_argument("--password", help="Neo4j password")
    parser.add_argument(
        "--workers", type=int, default=2, help="also time `--workers N` (default 2; 1 = skip)"
    )
    parser.add_argument("--write", action="store_true", help="record the table in bench/RESULTS.md")
    args = parser.parse_args()

    paths = sorted((args.split / "text").glob("*.txt"))[: args.limit]
    articles = [RawArticle(text=p.read_text(encoding="utf-8"), location=str(p)) for p in paths]
    words = sum(len(a.text.split()) for a in articles)
    nlp = load_pipeline(load_settings().spacy_model)
    extractor = Extractor(nlp)
    list(nlp.pipe([articles[0].text]))  # warm up once
    started = time.perf_counter()
    for _ in nlp.pipe((a.text for a in articles), batch_size=args.batch_size):
        pass
    floor = time.perf_counter() - started

    rows = [("bare spaCy pipeline (nlp.pipe, the floor)", floor)]
    with tempfile.TemporaryDirectory() as folder, EmbeddedStore.open(Path(folder) / "graph.json") as store:
        rows.append(
            ("saidgraph ingest, embedded store", timed_ingest(store, articles, extractor, args.batch_size))
        )
    one_worker = rows[-1][1]
    if args.workers > 1:
        with (
            tempfile.TemporaryDirectory() as folder,
            EmbeddedStore.open(Path(folder) / "graph.json") as store,
        ):
            seconds = timed_ingest(store, articles, extractor, args.batch_size, workers=args.workers)
            rows.append((f"saidgraph ingest, embedded store, --workers {args.workers}", seconds))
    if args.neo4j:
        from graph.neo4j_store import Neo4jStore, connect

        with Neo4jStore(connect(args.neo4j, password=args.password), owns_driver=True) as neo4j_store:
            neo4j_store.ensure_schema()
            timed_ingest(neo4j_store, articles[:32], extractor, args.batch_size)  # the server plans and JITs
            neo4j_store.clear()
            rows.append(
                ("saidgraph ingest, Neo4j", timed_ingest(neo4j_store, articles, extractor, args.batch_size))
            )
            neo4j_store.clear()

    split = os.path.relpath(args.split, REPO)
    lines = [
        f"Ingest on PolNeAR {args.split.name}, first {len(articles)} articles ({words} words), batch size "
        f"{args.batch_size}; {dt.date.today().isoformat()}; {machine()}",
        "",
        "| run | seconds (floor: the parse alone; ingest: read, parse, extract and write the store) "
        "| articles/s | words/s | throughput / floor |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, seconds in rows:
        lines.append(
            f"| {name} | {seconds:.2f} | {len(articles) / seconds:.1f} | {words / seconds:.0f} "
            f"| {floor / seconds:.2f} |"
        )
    neo4j = " --neo4j URI --password PW" if args.neo4j else ""
    if args.workers > 1:
        speedup = one_worker / next(sec for name, sec in rows if "--workers" in name)
        lines += [
            "",
            f"`--workers {args.workers}` / one worker: {speedup:.2f} x (target >= 1.6 x on 2 cores: "
            f"{'met' if speedup >= 1.6 else 'missed'}).",
        ]
    lines += [
        "",
        f"Command: `.venv/bin/python bench/throughput.py --split {split} --limit {args.limit}{neo4j}`",
    ]
    table = "\n".join(lines)
    print(table)
    if args.write:
        record(table, name="ingest", heading="Ingest")
    return 0


if __name__ == "__main__":
    sys.exit(main())
