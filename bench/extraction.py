"""Extraction benchmark: saidgraph against textacy and the Gender Gap Tracker's rule, on one parse.

Usage (from the repository root, after `make setup` and `.venv/bin/pip install -e '.[bench]'`):

    .venv/bin/python bench/extraction.py [--split ../shared/corpus/polnear/dev] [--limit N] [--write]

Parses the PolNeAR split once with ``nlp.pipe`` (timed: the floor), then runs each extractor on the
same parsed documents (timed separately) and scores each by the corpus README's rules. Prints a table;
``--write`` replaces the extraction section of ``bench/RESULTS.md`` with it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from baselines import clausal_complement, textacy_quotes  # noqa: E402

from graph.settings import load_settings  # noqa: E402
from ingest.evaluation.gold import GoldArticle, load_polnear  # noqa: E402
from ingest.evaluation.runner import raw_of  # noqa: E402
from ingest.evaluation.scoring import Scores, score  # noqa: E402
from ingest.extract.extractor import Extractor  # noqa: E402
from ingest.extract.pipeline import load_pipeline  # noqa: E402
from ingest.extract.result import Statement  # noqa: E402

RESULTS = REPO / "bench" / "RESULTS.md"
# What each row is, stated in the table so no peer figure reads as more than it is.
WHAT = {
    "saidgraph": "this project",
    "textacy direct_quotations": "peer, textacy 0.13 as shipped: finds direct (quoted) speech only, "
    "by design",
    "GGT clausal complement": "peer, re-implemented here from the Gender Gap Tracker's description "
    "(bench/baselines.py), with a shorter speech-verb list than the original",
}


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    python = platform.python_version()
    return f"{platform.machine()}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, Python {python}"


def run(
    name: str,
    docs: Sequence[Any],
    articles: Sequence[GoldArticle],
    extract: Callable[[Any, GoldArticle], list[Statement]],
) -> tuple[str, Scores, float]:
    started = time.perf_counter()
    predictions = [extract(doc, article) for doc, article in zip(docs, articles, strict=True)]
    elapsed = time.perf_counter() - started
    return name, score(zip(articles, predictions, strict=True)), elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", type=Path, default=REPO.parent / "shared" / "corpus" / "polnear" / "dev")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--write", action="store_true", help="record the table in bench/RESULTS.md")
    args = parser.parse_args()

    nlp = load_pipeline(load_settings().spacy_model)
    articles = list(load_polnear(args.split, limit=args.limit))
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=args.batch_size))
    parse_s = time.perf_counter() - started

    extractor = Extractor(nlp)
    rows = [
        run(
            "saidgraph", docs, articles, lambda doc, a: list(extractor.extract_doc(doc, raw_of(a)).statements)
        ),
        run("textacy direct_quotations", docs, articles, lambda doc, _a: textacy_quotes(doc)),
        run("GGT clausal complement", docs, articles, lambda doc, _a: clausal_complement(doc)),
    ]
    lines = [
        f"Extraction on PolNeAR {args.split.name}: {len(articles)} articles, {words} words, "
        f"{rows[0][1].gold_speech} speech attributions; {dt.date.today().isoformat()}; {machine()}; "
        f"spaCy pipeline {nlp.meta.get('name')} {nlp.meta.get('version')}",
        "",
        "| extractor | what it is | content P | content R | content F1 | speaker acc. | attributed P "
        "| attributed R | attributed F1 | time (s) | time / parse |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        f"| bare spaCy pipeline | the floor: `nlp.pipe` over the split, the parse every extractor reads "
        f"| | | | | | | | {parse_s:.2f} (parse only) | 1.00 |",
    ]
    for name, s, elapsed in rows:
        lines.append(
            f"| {name} | {WHAT[name]} "
            f"| {s.content_precision.value:.3f} ({s.content_precision.hits}/{s.content_precision.total}) "
            f"| {s.content_recall.value:.3f} ({s.content_recall.hits}/{s.content_recall.total}) "
            f"| {s.content_f1:.3f} | {s.speaker_accuracy.value:.3f} "
            f"| {s.attributed_precision.value:.3f} | {s.attributed_recall.value:.3f} | {s.attributed_f1:.3f} "
            f"| {elapsed:.2f} (parse excluded) | {elapsed / parse_s:.3f} |"
        )
    lines += [
        "",
        "Times: the floor row is the parse alone; each extractor row is that extractor run on the already "
        "parsed documents, parse excluded (an extractor's end-to-end time is its time plus the floor). "
        "Attributed P counts, like content P, every prediction; a prediction is right when it matches a "
        "gold attribution (speech or not) whose source is its speaker.",
        "",
    ]
    split = os.path.relpath(args.split, REPO)
    lines.append(
        f"Command: `.venv/bin/python bench/extraction.py --split {split}"
        + (f" --limit {args.limit}`" if args.limit else "`")
    )
    table = "\n".join(lines)
    print(table)
    if args.write:
        record(table)
    return 0


def record(table: str, *, name: str = "extraction", heading: str = "Extraction") -> None:
    """Replace (or add) the named section of bench/RESULTS.md with ``table``."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    block = f"{start}\n## {heading}\n\n{table}\n{end}"
    if start in current and end in current:
        head, rest = current.split(start, 1)
        current = head + block + rest.split(end, 1)[1]
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(current, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
