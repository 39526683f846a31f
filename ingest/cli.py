"""The ``saidgraph`` command line: parse arguments, call the library, format the answer.

Expected failures (a missing server, a wrong password, an unreadable file) end in one line on stderr
naming the cause, and a non-zero exit code; nothing here holds logic of its own.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from graph.console_guard import RESULT_BYTE_CAP
from graph.errors import ConfigError, SaidgraphError
from graph.settings import STORE_KINDS, Settings, load_settings
from graph.wording import counted, speaker_heading
from ingest.safe_logging import configure_logging, escape_controls

log = logging.getLogger("saidgraph")

EPILOG = """\
settings come from SAIDGRAPH_* environment variables or a .env file; options override them:
  SAIDGRAPH_STORE           embedded (default: a file in the data directory) or neo4j
  SAIDGRAPH_DATA_DIR        where the embedded graph and the failures report live (default ./data)
  SAIDGRAPH_NEO4J_URI       bolt://host:7687 or neo4j://host:7687
  SAIDGRAPH_NEO4J_USER, SAIDGRAPH_NEO4J_PASSWORD (or SAIDGRAPH_NEO4J_PASSWORD_FILE),
  SAIDGRAPH_NEO4J_DATABASE  credentials and database for the neo4j store
  SAIDGRAPH_SPACY_MODEL     spaCy pipeline (default en_core_web_sm)
  SAIDGRAPH_ALIASES         YAML identity fixes used by ingest (see README)
  SAIDGRAPH_DASHBOARD_PASSWORD (or _FILE)  sign-in password for the dashboard (none by default)

examples:
  saidgraph ingest examples/
  saidgraph watch ~/articles --every 15m
  saidgraph ask --event rallies
  saidgraph ask --official Peskov --from 2021-01-01
  saidgraph --store neo4j cypher "MATCH (o:Official)-[:STATED]->(c:Claim) RETURN o.name, c.text LIMIT 5"
  saidgraph stats
  saidgraph eval ../shared/corpus/gold ../shared/corpus/polnear/dev
  saidgraph dashboard
"""


# The folders' default globs, written out so that building the parser imports no reader (tests/test_docs.py
# checks them against ingest.sources).
SOURCE_GLOBS_HELP = "*.txt *.md *.html *.htm *.jsonl *.urls"
TEXT_GLOBS_HELP = "*.txt *.md"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand (also used by the docs tests)."""
    parser = argparse.ArgumentParser(
        prog="saidgraph",
        description="Who said what, about which event, when, and where it was reported: "
        "build a statement graph from news articles and query it.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--store", choices=STORE_KINDS, help="graph store to use (overrides SAIDGRAPH_STORE)")
    parser.add_argument("--data-dir", type=Path, help="data directory (overrides SAIDGRAPH_DATA_DIR)")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    ingest = sub.add_parser(
        "ingest",
        help="read articles from files, folders, pages and feeds into the graph",
        description="Read articles and write their statements to the store. Sources: .txt/.md files "
        "(optional YAML front matter with title/url/source/published), .html pages, .jsonl exports "
        '({"text", "title", "url", "published", "source"}), .urls lists, folders of these (recursive), '
        "and http(s) URLs of pages or RSS/Atom feeds (new items only; their pages are fetched). "
        "Unchanged articles are skipped; an edited one replaces its earlier statements. Items that "
        "fail are listed in <data-dir>/failures.jsonl and the exit code is 1 if anything failed.",
    )
    ingest.add_argument(
        "sources", nargs="+", metavar="SOURCE", help="files, folders (recursive), page or feed URLs"
    )
    _glob_option(ingest, default=SOURCE_GLOBS_HELP)
    ingest.add_argument("--batch-size", type=int, default=16, help="articles parsed per spaCy batch (16)")
    ingest.add_argument(
        "--workers", type=int, default=1, help="processes that parse and extract in parallel (1)"
    )
    ingest.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="parse and extract on this Dask cluster (tcp://scheduler:8786); the store is written from here",
    )
    ingest.add_argument(
        "--aliases",
        type=Path,
        metavar="FILE",
        help="YAML identity fixes: a list of {name, aliases, role, organization} (or SAIDGRAPH_ALIASES)",
    )
    ingest.add_argument(
        "--again",
        action="store_true",
        help="extract and write the articles even when unchanged: after editing the aliases file, so "
        "that a node 'saidgraph audit' found mixing people is split (see its suggested lines)",
    )
    _fetch_options(ingest)
    ingest.set_defaults(handler=cmd_ingest)

    watch = sub.add_parser(
        "watch",
        help="ingest files and folders now and again every interval (a periodic worker)",
        description="Run 'saidgraph ingest' over the paths now and every --every interval until "
        "SIGTERM or Ctrl+C (the current article is finished first). Progress lives in the graph: "
        "unchanged articles are skipped, so a restarted worker picks up where it stopped.",
    )
    watch.add_argument(
        "sources", nargs="+", metavar="SOURCE", help="files, folders (recursive), page or feed URLs"
    )
    watch.add_argument("--every", default="15m", help="interval: 30s, 15m, 2h (default 15m)")
    _glob_option(watch, default=SOURCE_GLOBS_HELP)
    watch.add_argument(
        "--aliases", type=Path, metavar="FILE", help="YAML identity fixes (or SAIDGRAPH_ALIASES)"
    )
    _fetch_options(watch)
    watch.set_defaults(handler=cmd_watch)

    extract = sub.add_parser(
        "extract",
        help="print the statements found in articles as JSON lines (the store is not touched)",
        description='Print one JSON line per article: {"article": PATH, "statements": [...]}, each '
        "statement with speaker (mention text, offsets, resolved name, role, organization), cue, "
        "content (character offsets into the file's text as read), kind, confidence and event.",
    )
    extract.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="text files or folders of them (recursive)"
    )
    _glob_option(extract, default=TEXT_GLOBS_HELP)
    extract.set_defaults(handler=cmd_extract)

    ask = sub.add_parser(
        "ask",
        help="who said what about an event, or what an official said",
        description="Answer the analyst's question from the graph. --event alone lists every statement "
        "about the matching events; --official lists what matching officials said (about --event "
        "when given too); --search finds statements by their words.",
    )
    ask.add_argument("--event", metavar="TEXT", help="event name or mention, e.g. 'rallies'")
    ask.add_argument("--official", metavar="TEXT", help="official or organization name, e.g. 'Peskov'")
    ask.add_argument("--search", metavar="TEXT", help="words the statement must contain")
    ask.add_argument(
        "--from", dest="start", metavar="DATE", help="only statements on or after DATE (YYYY-MM-DD)"
    )
    ask.add_argument(
        "--to", dest="end", metavar="DATE", help="only statements on or before DATE (YYYY-MM-DD)"
    )
    ask.add_argument("--limit", type=int, default=100, help="at most this many statements per group (100)")
    ask.add_argument("--json", action="store_true", help="print JSON instead of text")
    ask.set_defaults(handler=cmd_ask)

    cypher = sub.add_parser(
        "cypher",
        help="run a Cypher query against Neo4j (read-only unless --write)",
        description="Run Cypher on the neo4j store. Unless --write is given, each query is planned with "
        "EXPLAIN and refused unless every operator of its plan is a read (no LOAD CSV, no procedures but "
        "schema and full-text ones, no SHOW/TERMINATE or other administration commands); results stop at "
        f"--limit rows or {RESULT_BYTE_CAP // 2**20} MiB, and queries at 30 s. Values go in as "
        "parameters: --param name=value (value parsed as JSON when it parses, else taken as a string).",
    )
    cypher.add_argument("query", help="the Cypher query")
    cypher.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="query parameter")
    cypher.add_argument("--write", action="store_true", help="allow a query that writes")
    cypher.add_argument("--limit", type=int, default=1000, help="at most this many rows (1000)")
    cypher.add_argument("--json", action="store_true", help="print JSON lines instead of a table")
    cypher.set_defaults(handler=cmd_cypher)

    evaluate = sub.add_parser(
        "eval",
        help="score the extractor against gold (reference JSON or PolNeAR brat)",
        description="Run the extractor over gold articles and print content P/R/F1, speaker accuracy, "
        "attributed P/R/F1, resolution accuracy and event accuracy, each with its counts, by the "
        "scoring rules of the corpus README. GOLD is a gold JSON file, a folder of them, or a "
        "PolNeAR split folder (with text/ and attributions/). With --layer, GOLD is one PolNeAR split "
        "and only the articles the layer labels are scored, adding entity accuracy, misattribution, "
        "pronoun/description resolution and event linking (tests/gold/polnear-dev/README.md).",
    )
    evaluate.add_argument("gold", nargs="+", type=Path, metavar="GOLD", help="gold file or folder")
    evaluate.add_argument(
        "--layer",
        type=Path,
        metavar="DIR",
        help="a dev layer of canonical speakers and events for the PolNeAR split GOLD "
        "(e.g. tests/gold/polnear-dev with ../shared/corpus/polnear/dev)",
    )
    evaluate.add_argument("--limit", type=int, help="at most this many articles per PolNeAR split")
    evaluate.add_argument("--json", action="store_true", help="print JSON")
    evaluate.set_defaults(handler=cmd_eval)

    aliases_cmd = sub.add_parser(
        "aliases",
        help="apply an aliases file to the graph now: merge officials it says are one person",
        description="Merge the officials already in the graph that an aliases file (YAML list of "
        "{name, aliases, role, organization}) names as one person; statements and memberships move to "
        "the canonical official. Applying the same file again changes nothing. 'saidgraph ingest "
        "--aliases FILE' also applies it to new articles.",
    )
    aliases_cmd.add_argument("file", type=Path, metavar="FILE", help="the aliases file")
    aliases_cmd.set_defaults(handler=cmd_aliases)

    audit = sub.add_parser(
        "audit",
        help="list the speaker nodes that may hold more than one person, with evidence and fixes",
        description="Read back each of the most quoted officials and list those at risk of holding "
        "more than one person: several first names, a gender conflict, articles naming them by "
        "surname only, or many name variants. Each comes with the forms it was seen under and their "
        "articles, and the aliases-file lines that would split it (one entry per first name) or "
        "confirm it; add them to the aliases file, then 'saidgraph ingest --again --aliases FILE "
        "SOURCES' rewrites the articles. Exit status 1 when a node is listed.",
    )
    audit.add_argument("--limit", type=int, default=1000, help="officials read, most quoted first (1000)")
    audit.add_argument("--json", action="store_true", help="print JSON")
    audit.set_defaults(handler=cmd_audit)

    stats = sub.add_parser("stats", help="node counts per label and relationship counts per type")
    stats.add_argument("--json", action="store_true", help="print JSON")
    stats.set_defaults(handler=cmd_stats)

    dashboard = sub.add_parser(
        "dashboard",
        help="serve the Streamlit dashboard on the configured store",
        description="Serve the dashboard (Streamlit) on the store the settings name, at "
        "http://HOST:PORT, and ask the system to open it in a browser unless --headless.",
    )
    dashboard.add_argument("--port", type=int, default=8501, help="port to serve on (8501)")
    dashboard.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    dashboard.add_argument(
        "--no-browser", "--headless", dest="no_browser", action="store_true", help="do not open a browser"
    )
    dashboard.set_defaults(handler=cmd_dashboard)
    return parser


def _glob_option(parser: argparse.ArgumentParser, *, default: str) -> None:
    parser.add_argument(
        "--glob",
        action="append",
        default=[],
        metavar="PATTERN",
        help=f"only files matching this glob in folders (repeatable; default: {default})",
    )


def _fetch_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per fetched page or feed (20)")
    parser.add_argument(
        "--max-bytes", type=int, default=10 * 1024 * 1024, help="largest page or feed fetched (10 MB)"
    )
    parser.add_argument(
        "--allow-private",
        action="store_true",
        help="fetch from private, loopback and link-local addresses too (refused by default)",
    )


# --- commands ----------------------------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from graph.factory import open_store
    from ingest.failures import FailureLog
    from ingest.jobs import count_files, ingest_sources
    from ingest.pipeline import IngestSummary

    failures = FailureLog(settings.failures_path)
    aliases = _aliases(args, settings)
    if args.dask:
        from ingest.distributed import DaskExtractor

        extractor: Any = DaskExtractor.connect(args.dask, model=settings.spacy_model)
    else:
        extractor = _extractor(settings)
    fetcher, feeds = _fetching(args, settings)
    summary = IngestSummary()
    try:
        with (
            open_store(settings) as store,
            _progress(count_files(args.sources, patterns=args.glob), quiet=args.quiet) as tick,
        ):
            ingest_sources(
                args.sources, store=store, extractor=extractor, failures=failures, fetcher=fetcher,
                feeds=feeds, patterns=args.glob, aliases=aliases, batch_size=args.batch_size,
                workers=args.workers, streaming=bool(args.dask), on_item=tick, summary=summary,
                again=args.again,
            )  # fmt: skip
    except BaseException:
        if summary.read:  # the run stopped (the store went away, Ctrl+C): say what it did first
            _report_run(summary, failures, quiet=args.quiet, settings=settings)
        raise
    finally:
        fetcher.close()
        if args.dask:
            extractor.close()
    _report_run(summary, failures, quiet=args.quiet, settings=settings)
    return 1 if summary.failed else 0


def _report_run(summary: Any, failures: Any, *, quiet: bool, settings: Settings) -> None:
    _report_failures(failures)
    if not quiet:
        print(_summary_line(summary, store=settings.store), flush=True)
        if summary.failed:
            print(f"failures are listed in {_shown(settings.failures_path)}", flush=True)


def _fetching(args: argparse.Namespace, settings: Settings) -> tuple[Any, Any]:
    from ingest.sources.http import Fetcher, FetchPolicy
    from ingest.sources.registry import FeedStates

    policy = FetchPolicy(timeout_s=args.timeout, max_bytes=args.max_bytes, allow_private=args.allow_private)
    return Fetcher(policy), FeedStates(settings.data_dir / "feeds.json")


def cmd_watch(args: argparse.Namespace, settings: Settings) -> int:
    import threading

    from graph.factory import open_store
    from ingest.failures import FailureLog
    from ingest.jobs import parse_every, watch
    from ingest.pipeline import IngestSummary, describe

    every = parse_every(args.every)
    aliases = _aliases(args, settings)
    extractor = _extractor(settings)
    stop = threading.Event()

    def request_stop(signum: int, _frame: object) -> None:
        log.warning("stopping after the current article (signal %d)", signum)
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)

    def on_tick(tick: int, summary: IngestSummary) -> None:
        line = _summary_line(summary, store=settings.store)
        print(f"[{time.strftime('%Y-%m-%d %H:%M:%S')}] tick {tick}: {line}", flush=True)

    def on_error(tick: int, exc: Exception) -> None:
        reason = _shown(describe(exc))
        print(f"[{time.strftime('%Y-%m-%d %H:%M:%S')}] tick {tick} failed: {reason}; next tick as usual",
              flush=True)  # fmt: skip

    print(f"watching {_shown(', '.join(args.sources))} every {args.every} ({settings.store} store); "
          "Ctrl+C or SIGTERM stops", flush=True)  # fmt: skip
    fetcher, feeds = _fetching(args, settings)
    ticks = watch(
        args.sources, every=every, open_store=lambda: open_store(settings), extractor=extractor,
        failures=FailureLog(settings.failures_path), fetcher=fetcher, feeds=feeds, stop=stop,
        patterns=args.glob, aliases=aliases, on_tick=on_tick, on_error=on_error,
    )  # fmt: skip
    fetcher.close()
    print(f"stopped after {counted(ticks, 'tick')}", flush=True)
    return 0


def _aliases(args: argparse.Namespace, settings: Settings) -> Any:
    from ingest.identity import AliasBook

    path = args.aliases or settings.aliases_path
    return AliasBook.load(path) if path else None


def _report_failures(failures: Any) -> None:
    for failure in failures.recorded:
        said = (
            failure.reason
            if failure.reason.startswith(failure.source)
            else f"{failure.source}: {failure.reason}"
        )
        print(f"saidgraph: failed: {_shown(said)}", file=sys.stderr)


def _summary_line(summary: Any, *, store: str) -> str:
    """One line of what a run did: every item read, by outcome, then what was written."""
    return (
        f"read {counted(summary.read, 'item')}: {summary.new} new, {summary.updated} updated, "
        f"{summary.unchanged} unchanged, {summary.skipped} skipped (not English), "
        f"{summary.failed} failed; {counted(summary.statements, 'statement')} stored of "
        f"{summary.extracted} extracted{_repeats(summary.repeated)}, by "
        f"{counted(len(summary.officials), 'official')} and "
        f"{counted(len(summary.unnamed), 'unnamed source')} about {counted(len(summary.events), 'event')} "
        f"({store} store)"
    )


def _repeats(repeated: int) -> str:
    if not repeated:
        return ""
    verb = "repeats" if repeated == 1 else "repeat"
    return f" ({repeated} {verb} an earlier statement of the same article word for word, kept once)"


def _shown(text: object) -> str:
    """Text from input (a file name, an error naming one) made safe to print on one line."""
    return escape_controls(str(text))


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.pipeline import extract_article
    from ingest.sources.files import read_paths

    extractor = _extractor(settings)
    status = 0
    for item in read_paths(args.paths, patterns=args.glob):
        if isinstance(item, SaidgraphError):
            print(f"saidgraph: {_shown(item)}", file=sys.stderr)
            status = 1
            continue
        try:
            record = extract_article(item, extractor).to_json(article=item.location)
        except SaidgraphError as exc:
            print(f"saidgraph: {_shown(item.location)}: {_shown(exc)}", file=sys.stderr)
            status = 1
            continue
        print(json.dumps(record, ensure_ascii=False), flush=True)
    return status


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from graph.answers import ask
    from graph.factory import open_store

    with open_store(settings, read_only=True) as store:
        groups = ask(
            store,
            event=args.event,
            official=args.official,
            search=args.search,
            start=args.start,
            end=args.end,
            limit=args.limit,
        )
        empty = not groups and store.counts().nodes.get("Article", 0) == 0
    if args.json:
        from dataclasses import asdict

        print(json.dumps([asdict(g) for g in groups], ensure_ascii=False, indent=2))
        return 0 if groups else 1
    if empty:
        print(
            f"nothing found: the {settings.store} store holds no articles yet; ingest some first, "
            "e.g. 'saidgraph ingest examples/'",
            file=sys.stderr,
        )
        return 1
    if not groups:
        print("nothing found", file=sys.stderr)
        return 1
    for group in groups:
        print(f"{group.heading}: {counted(len(group.statements), 'statement')}")
        for row in group.statements:
            who = speaker_heading(row.speaker_name, role=row.role, unnamed_kind=row.speaker_kind)
            print(f"  - {who} [{row.cue}, {row.kind}] {row.date or 'undated'}")
            print(f"    \u201c{row.text}\u201d")
            mention = f" as \u201c{row.speaker_text}\u201d" if row.speaker_text != row.speaker_name else ""
            where = row.article_title or row.article_location
            print(f"    reported in {where}{mention} (chars {row.content_start}-{row.content_end})")
    return 0


_CUT_BY = {"rows": ", truncated at --limit", "bytes": ", truncated at the result byte cap"}


def cmd_cypher(args: argparse.Namespace, settings: Settings) -> int:
    from graph.factory import open_store

    params = dict(_parse_param(p) for p in args.param)
    with open_store(settings, read_only=not args.write) as store:
        result = store.run_cypher(args.query, params, allow_writes=args.write, row_cap=args.limit)
    if args.json:
        for row in result.rows:
            print(json.dumps(dict(zip(result.columns, row, strict=True)), ensure_ascii=False, default=str))
    else:
        _print_table(result.columns, [[_cell(v) for v in row] for row in result.rows], sys.stdout)
        print(
            f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''}"
            f"{_CUT_BY.get(result.truncated_by, '')})"
        )
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.evaluation.runner import evaluate
    from ingest.evaluation.scoring import format_scores, scores_json

    if args.layer is not None:
        return _eval_layer(args, settings)
    result = evaluate(args.gold, _extractor(settings), limit=args.limit)
    if args.json:
        print(json.dumps({fmt: scores_json(s) for fmt, s in result.by_format.items()}, indent=2))
        return 0
    titles = {"json": "reference-format gold", "polnear": "PolNeAR speech attributions"}
    print("\n\n".join(format_scores(s, title=titles.get(f, f)) for f, s in result.by_format.items()))
    return 0


def _eval_layer(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.evaluation.layer import format_layer_scores, layer_scores_json
    from ingest.evaluation.runner import evaluate_layer
    from ingest.evaluation.scoring import format_scores, scores_json

    if len(args.gold) != 1:
        raise ConfigError("--layer scores one PolNeAR split: give exactly one GOLD folder")
    scores = evaluate_layer(args.layer, args.gold[0], _extractor(settings))
    if args.json:
        figures = {"polnear": scores_json(scores.corpus), "layer": layer_scores_json(scores)}
        print(json.dumps(figures, indent=2))
        return 0
    print(format_scores(scores.corpus, title="PolNeAR speech attributions (labelled articles)"))
    print()
    print(format_layer_scores(scores, title=f"dev layer {args.layer}"))
    return 0


def cmd_aliases(args: argparse.Namespace, settings: Settings) -> int:
    from graph.factory import open_store
    from ingest.identity import AliasBook, apply_aliases

    book = AliasBook.load(args.file)
    with open_store(settings) as store:
        merged = apply_aliases(store, book)
    people = counted(len(book.entries), "canonical person", "canonical people")
    print(f"merged {counted(merged, 'official')} into {people} ({settings.store} store)")
    return 0


def cmd_audit(args: argparse.Namespace, settings: Settings) -> int:
    from dataclasses import asdict

    from graph.factory import open_store
    from ingest.extract.gender import FirstNames
    from ingest.identity_audit import audit_speakers

    with open_store(settings, read_only=True) as store:
        risks = audit_speakers(store, FirstNames.load(), limit=args.limit)
    if args.json:
        print(json.dumps([asdict(r) for r in risks], ensure_ascii=False, indent=2))
        return 1 if risks else 0
    if not risks:
        print(f"no speaker node at risk among the {args.limit} most quoted officials")
        return 0
    print(f"{counted(len(risks), 'speaker node')} at risk (most quoted first):")
    for risk in risks:
        print()
        print(_shown(f"{risk.name} ({risk.id}, {counted(risk.statement_count, 'statement')})"))
        for reason in risk.reasons:
            print(_shown(f"  {reason}"))
        print("  seen as:")
        for variant in risk.variants:
            where = "; ".join(variant.articles) if variant.articles else "(a name kept from an alias)"
            print(_shown(f"    {variant.text!r} in {where}"))
        if risk.joins:
            print("  joined across articles:")
            for join in risk.joins:
                print(_shown(f"    {join}"))
        print("  aliases-file lines (then 'saidgraph ingest --again --aliases FILE SOURCES'):")
        for line in risk.aliases_lines.splitlines():
            print(_shown(f"    {line}"))
    return 1


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    from graph.factory import open_store

    with open_store(settings, read_only=True) as store:
        counts = store.counts()
    statements = {
        "extracted": counts.extracted,
        "repeated": counts.repeated,
        "stored": counts.relationships.get("STATED", 0),
    }
    if args.json:
        print(
            json.dumps(
                {"nodes": counts.nodes, "relationships": counts.relationships, "statements": statements},
                indent=2,
            )
        )
        return 0
    print(f"store: {settings.store}")
    print(
        f"statements: {statements['stored']} stored of {statements['extracted']} extracted"
        f"{_repeats(statements['repeated'])}"
    )
    _print_table(["label", "nodes"], [[k, str(v)] for k, v in counts.nodes.items()], sys.stdout)
    print()
    _print_table(
        ["relationship", "count"], [[k, str(v)] for k, v in counts.relationships.items()], sys.stdout
    )
    return 0


def cmd_dashboard(args: argparse.Namespace, settings: Settings) -> int:
    import dashboard
    from ingest.uploads import MAX_UPLOAD_BYTES

    app = Path(dashboard.__file__).resolve().parent / "server.py"
    env = dict(os.environ, SAIDGRAPH_STORE=settings.store, SAIDGRAPH_DATA_DIR=str(settings.data_dir))
    url = f"http://{args.host}:{args.port}"
    command = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.port", str(args.port), "--server.address", args.host,
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.maxUploadSize", str(MAX_UPLOAD_BYTES // (1024 * 1024)),
        "--server.enableAgentApi", "false", "--server.enableXsrfProtection", "true",
        "--client.toolbarMode", "viewer",
    ]  # fmt: skip
    print(f"dashboard on {url} ({settings.store} store); Ctrl+C stops it", flush=True)
    server = subprocess.Popen(command, env=env)

    def stop(signum: int, _frame: object) -> None:
        server.send_signal(signum)

    signal.signal(signal.SIGTERM, stop)
    if not args.no_browser:
        _open_browser_when_up(url, server)
    try:
        return server.wait()
    except KeyboardInterrupt:
        server.terminate()
        server.wait(timeout=30)
        return 0


def _open_browser_when_up(url: str, server: subprocess.Popen[bytes]) -> None:
    """Open the user's browser once the server answers (never blocks the server)."""
    import threading
    import urllib.request
    import webbrowser

    def wait_then_open() -> None:
        for _ in range(60):
            if server.poll() is not None:
                return
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=1):  # noqa: S310 - our own server
                    webbrowser.open(url)
                    return
            except OSError:
                time.sleep(0.5)

    threading.Thread(target=wait_then_open, daemon=True).start()


# --- helpers -----------------------------------------------------------------------------------------


def _extractor(settings: Settings) -> Any:
    from ingest.extract.extractor import Extractor
    from ingest.extract.pipeline import load_pipeline

    return Extractor(load_pipeline(settings.spacy_model))


class _progress:
    """A tqdm bar on a terminal, plain log lines otherwise; yields the per-item callback."""

    def __init__(self, total: int | None, *, quiet: bool) -> None:
        self.total = total
        self.quiet = quiet
        self.bar: Any = None
        self.seen = 0

    def __enter__(self) -> Callable[[str, str], None]:
        if not self.quiet and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=self.total, unit="article", file=sys.stderr, dynamic_ncols=True)
        return self.tick

    def tick(self, location: str, outcome: str) -> None:
        self.seen += 1
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix_str(outcome, refresh=False)
        elif not self.quiet:
            log.info("[%d/%s] %s: %s", self.seen, self.total or "?", location, outcome)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


def _parse_param(text: str) -> tuple[str, Any]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise SaidgraphError(f"--param {text!r}: expected NAME=VALUE")
    try:
        return name, json.loads(value)
    except ValueError:
        return name, value


def _cell(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _print_table(columns: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO) -> None:
    widths = [len(c) for c in columns]
    clipped = [[cell if len(cell) <= 80 else cell[:77] + "..." for cell in row] for row in rows]
    for row in clipped:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip(), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for row in clipped:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip(), file=out)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``saidgraph`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING if args.verbose == 0 else logging.INFO if args.verbose == 1 else logging.DEBUG
    if args.command == "ingest" and not args.quiet and not sys.stderr.isatty():
        level = min(level, logging.INFO)
    configure_logging(level)
    for noisy in ("neo4j", "urllib3", "httpx"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    handler: Callable[[argparse.Namespace, Settings], int] = args.handler
    try:
        settings = load_settings().with_overrides(store=args.store, data_dir=args.data_dir)
        return handler(args, settings)
    except SaidgraphError as exc:
        print(f"saidgraph: error: {_shown(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("saidgraph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
