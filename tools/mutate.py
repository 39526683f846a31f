"""Mutation testing of the guards and the core rules, one module at a time (`make mutate`).

Usage (repository root, after `make setup`):

    .venv/bin/python tools/mutate.py [MODULE...] [--max-children N] [--write]

For each module below, mutmut (PyPI, the `mutate` extra) mutates the module's functions and runs, for
each mutant, those of the module's bounded, fast tests that execute the mutated function. Each
module runs in its own scratch folder under build/mutate/ (mutmut reads its settings from the
folder's pyproject.toml, so each module gets its own test selection); the repository is not touched.

Prints, per module, the mutants, how many the tests killed and the kill rate, and the survivors with
their one-line change. ``--write`` stores the figures in bench/mutation.json and re-renders the
mutation section of bench/RESULTS.md from it (modules not run keep their last figures, or show as
not measured). Targets: >= 85 % killed in the guards, >= 70 % in the extraction rules.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import difflib
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRATCH = REPO / "build" / "mutate"
STORED = REPO / "bench" / "mutation.json"
RESULTS = REPO / "bench" / "RESULTS.md"
GUARD, RULE = "guard", "extraction rule"
TARGETS = {GUARD: 0.85, RULE: 0.70}


@dataclass(frozen=True)
class Module:
    """What to mutate (files, and mutant-name globs within them) and the tests that may kill it."""

    name: str
    kind: str
    files: tuple[str, ...]
    mutants: tuple[str, ...]
    tests: tuple[str, ...]
    note: str = ""


MODULES = (
    Module(
        "console-plan-check",
        GUARD,
        ("graph/console_guard.py",),
        ("graph.console_guard.*",),
        ("tests/graph/test_console_guard.py",),
        "the plan allow-list and the text filter, on plans recorded from Neo4j 5.26 (no server needed)",
    ),
    Module(
        "fetcher-address-redirect",
        GUARD,
        ("ingest/sources/addresses.py", "ingest/sources/http.py"),
        ("ingest.sources.addresses.*", "ingest.sources.http.xǁFetcherǁget__mutmut_*"),
        (
            "tests/ingest/sources/test_addresses.py",
            "tests/ingest/sources/test_web_sources.py",
            "tests/reliability/test_fetch_probes.py",
        ),
    ),
    Module(
        "journal-replay",
        GUARD,
        ("graph/embedded_store.py", "graph/embedded_file.py"),
        (
            "graph.embedded_store.xǁEmbeddedStoreǁ_replay__mutmut_*",
            "graph.embedded_store.xǁEmbeddedStoreǁ_apply_journal__mutmut_*",
            "graph.embedded_store.xǁEmbeddedStoreǁ_refresh__mutmut_*",
            "graph.embedded_file.xǁGraphFileǁread_journal__mutmut_*",
        ),
        ("tests/graph/test_embedded_store.py",),
    ),
    Module(
        "claim-ids",
        GUARD,
        ("graph/ids.py",),
        ("graph.ids.*",),
        ("tests/graph/test_ids.py",),
    ),
    Module(
        "speaker-resolution",
        RULE,
        ("ingest/extract/speakers.py", "ingest/extract/people.py"),
        ("ingest.extract.speakers.*", "ingest.extract.people.*"),
        ("tests/ingest/extract/test_speakers.py", "tests/ingest/extract/test_speaker_identity.py"),
    ),
    Module(
        "event-linking",
        RULE,
        ("ingest/extract/events.py",),
        tuple(
            f"ingest.extract.events.{name}__mutmut_*"
            for name in (
                "x_cluster_mentions",
                "xǁClusterǁdate",
                "xǁClusterǁplace",
                "x__name",
                "x_to_events",
                "x__generic",
                "x__weak",
                "x_event_for",
            )
        ),
        ("tests/ingest/extract/test_events.py",),
        "the linking: mentions merged into events, each statement's event (finding the mentions in the "
        "parse is left to the end-to-end tests)",
    ),
)
BY_NAME = {m.name: m for m in MODULES}
# Survivors that change nothing a caller can see, by their change (stable when mutants are renumbered).
# They still count as survivors in the kill rate; the results say why no test can kill them.
EQUIVALENT = {
    'hasher.update((part or "").encode("utf-8")) -> hasher.update((part or "").encode("UTF-8"))': (
        "codec names are case-insensitive"
    ),
    'ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii") -> '
    'ascii_text = unicodedata.normalize("NFKD", text).encode("ASCII", "ignore").decode("ascii")': (
        "codec names are case-insensitive"
    ),
    'ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii") -> '
    'ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ASCII")': (
        "codec names are case-insensitive"
    ),
    'return _NON_WORD.sub("-", ascii_text.casefold()).strip("-") or "x" -> '
    'return _NON_WORD.sub("-", ascii_text.casefold()).strip("XX-XX") or "x"': (
        "the text is case-folded: it holds no X to strip"
    ),
    "return f\"event:{slug(type)}:{date.lstrip('-')}:{slug(place)}\" -> "
    "return f\"event:{slug(type)}:{date.lstrip('XX-XX')}:{slug(place)}\"": "an ISO date holds no X",
    (
        "def read_journal(self, offset: int = 0) -> JournalRead:"
        " -> def read_journal(self, offset: int = 1) -> JournalR"
        "ead:"
    ): "every caller gives the offset",
    (
        "if seq <= self._seq: -> if seq < self._seq:"
    ): "replaying the entry the snapshot ends with again changes nothing: each change holds final states",
    (
        "if self.file.snapshot_identity() != self._snapshot_id or self.file.journal_size("
        ") < self._journal_end: -> if self.file.snapshot_identity() != self._snapshot_id "
        "or self.file.journal_size() <= self._journal_end:"
    ): "reloads when nothing changed: slower, same graph",
    (
        "if self.file.journal_size() > self._journal_end: -> if self.file.journal_size() "
        ">= self._journal_end:"
    ): "applies an empty read: same graph",
    (
        'for node_id, label, props in change.get("nodes", ()): -> for node_id, label, pro'
        'ps in change.get("nodes", None):'
    ): "the writer records every key in every change",
    (
        'for node_id, label, props in change.get("nodes", ()): -> for node_id, label, pro'
        'ps in change.get("nodes", ):'
    ): "the writer records every key in every change",
    (
        'for node_id in change.get("gone", ()): -> for node_id in change.get("gone", None):'
    ): "the writer records every key in every change",
    (
        "self._index(node_id, old_label, self._props(node_id), add=False) -> self._index("
        "node_id, old_label, self._props(node_id), add=None)"
    ): "None is as false as False",
    (
        "self.by_label[old_label].discard(node_id) -> self.by_label[old_label].discard(None)"
    ): "a node's label never changes (ids carry it)",
    (
        "self.graph.nodes[node_id].update(label=label, properties=props) -> self.graph.no"
        "des[node_id].update(properties=props)"
    ): "a node's label never changes (ids carry it)",
    (
        'for node_id in change.get("gone", ()): -> for node_id in change.get("gone", ):'
    ): "the writer records every key in every change",
    (
        'for source, target, key in change.get("cut", ()): -> for source, target, key in '
        'change.get("cut", None):'
    ): "the writer records every key in every change",
    (
        'for source, target, key in change.get("cut", ()): -> for source, target, key in change.get("cut", ):'
    ): "the writer records every key in every change",
    (
        'for source, target, key, attrs in change.get("edges", ()): -> for source, target'
        ', key, attrs in change.get("edges", None):'
    ): "the writer records every key in every change",
    (
        'for source, target, key, attrs in change.get("edges", ()): -> for source, target'
        ', key, attrs in change.get("edges", ):'
    ): "the writer records every key in every change",
    (
        'return f"{kind}{where}{when}" if where or when else kind -> return f"{kind}{wher'
        'e}{when}" if (where or when) or True else kind'
    ): "with neither place nor date the f-string is the kind alone",
    (
        "cluster = Cluster(type=cluster.type, mentions=nominal) -> cluster = Cluster(type"
        "=None, mentions=nominal)"
    ): "the copy's type is not read",
    (
        "return min(inside, key=lambda item: item[0])[1] -> return min(inside, key=None)[1]"
    ): "no two mentions start at one offset, so the pairs never tie",
    (
        "return min(inside, key=lambda item: item[0])[1] -> return min(inside, )[1]"
    ): "no two mentions start at one offset, so the pairs never tie",
}
KILLED = {"killed", "timeout"}


def settings(module: Module) -> str:
    """The scratch folder's pyproject.toml: the project's own (pytest's settings) plus mutmut's."""
    project = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    lines = [
        "",
        "[tool.mutmut]",
        'source_paths = ["graph", "ingest"]',
        f"only_mutate = {json.dumps(list(module.files))}",
        'also_copy = ["examples", "tools"]',
        # in mutmut's own process (no xdist workers): it records which test reaches which function
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-n", "0"]',
        f"pytest_add_cli_args_test_selection = {json.dumps(list(module.tests))}",
        "",
    ]
    return project + "\n".join(lines)


def prepare(module: Module) -> None:
    """A fresh scratch folder for the module: links to the sources and tests, its own settings."""
    folder = SCRATCH / module.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in ("graph", "ingest", "tests", "examples", "tools"):
        (folder / name).symlink_to(REPO / name, target_is_directory=True)
    (folder / "pyproject.toml").write_text(settings(module), encoding="utf-8")


def mutmut(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # the mutated copy under mutants/ must be what the tests import: no PYTHONPATH to the repository
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    command = [str(Path(sys.executable).with_name("mutmut")), *args]
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, check=False)


def statuses_of(folder: Path, module: Module) -> dict[str, str]:
    """Each of the module's mutants and its status, from mutmut's record next to each mutated file."""
    from mutmut.stats import status_by_exit_code

    found = {}
    for path in module.files:
        meta = json.loads((folder / "mutants" / (path + ".meta")).read_text(encoding="utf-8"))
        for name, code in meta["exit_code_by_key"].items():
            if any(fnmatch.fnmatchcase(name, glob) for glob in module.mutants):
                found[name] = status_by_exit_code[code]
    return found


def functions(folder: Path, path: str) -> dict[str, str]:
    """The source of every mutant and original function in a mutated file, by name."""
    source = (folder / "mutants" / path).read_text(encoding="utf-8")
    lines = source.splitlines()
    return {
        node.name: "\n".join(lines[node.lineno - 1 : node.end_lineno])
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and "__mutmut_" in node.name
    }


def change(sources: dict[str, str], name: str) -> str:
    """The mutant's changed line(s), as ``old -> new``."""
    short = name.rsplit(".", 1)[-1]
    orig_name = short.rsplit("__mutmut_", 1)[0] + "__mutmut_orig"
    original = sources.get(orig_name, "").splitlines()
    mutated = sources.get(short, "").replace(short, orig_name, 1).splitlines()
    old, new = [], []
    for line in difflib.ndiff(original, mutated):
        if line.startswith("- "):
            old.append(line[2:].strip())
        elif line.startswith("+ "):
            new.append(line[2:].strip())
    plain = orig_name.removesuffix("__mutmut_orig").split("ǁ")[-1].removeprefix("x_")
    return f"{' '.join(old)} -> {' '.join(new)}".replace(orig_name, plain)


def measure(module: Module, max_children: int, *, rerun: bool = True) -> dict[str, object]:
    """Run mutmut on one module (or, ``rerun=False``, read its last run); counts, kill rate, survivors."""
    folder = SCRATCH / module.name
    seconds = None
    if rerun:
        prepare(module)
        started = time.monotonic()
        run = mutmut(folder, "run", "--max-children", str(max_children), *module.mutants)
        seconds = round(time.monotonic() - started)
        (folder / "run.log").write_text(run.stdout + run.stderr, encoding="utf-8")
    generated = statuses_of(folder, module)
    if not generated:
        raise SystemExit(f"{module.name}: mutmut made no mutants; see {folder / 'run.log'}")
    # a run stopped before its end (--report-only on it) is reported on the mutants it checked
    statuses = {name: status for name, status in generated.items() if status != "not checked"}
    if not statuses:
        raise SystemExit(f"{module.name}: mutmut checked no mutant; see {folder / 'run.log'}")
    counts: dict[str, int] = {}
    for status in statuses.values():
        counts[status] = counts.get(status, 0) + 1
    killed = sum(n for status, n in counts.items() if status in KILLED)
    sources = {}
    for path in module.files:
        sources.update(functions(folder, path))
    survivors: list[dict[str, str]] = [
        {"mutant": name, "status": status, "change": change(sources, name), "equivalent": ""}
        for name, status in sorted(statuses.items())
        if status not in KILLED
    ]
    for survivor in survivors:
        survivor["equivalent"] = EQUIVALENT.get(survivor["change"], "")
    return {
        "module": module.name,
        "kind": module.kind,
        "files": list(module.files),
        "tests": list(module.tests),
        "date": dt.date.today().isoformat(),
        "seconds": seconds,
        "mutants": len(statuses),
        "killed": killed,
        "counts": counts,
        "kill_rate": round(killed / len(statuses), 3),
        "generated": len(generated),
        "survivors": survivors,
    }


def render(stored: dict[str, dict[str, object]]) -> str:
    """The mutation section of bench/RESULTS.md."""
    lines = [
        "mutmut 3 over the guards and the core rules, one module at a time, each with its own bounded "
        "tests (tools/mutate.py lists them). Kill rate = mutants killed (a test failed, or it timed out) "
        "/ mutants; a mutant no test reaches counts as a survivor. Targets: >= 85 % in the guards, "
        ">= 70 % in the extraction rules; a missed target is marked (missed).",
        "",
        "| module | kind | mutated | tests | measured | mutants | killed | kill rate | seconds |",
        "| --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for module in MODULES:
        row = stored.get(module.name)
        files = ", ".join(f"`{f}`" for f in module.files)
        tests = ", ".join(f"`{t}`" for t in module.tests)
        if row is None:
            lines.append(
                f"| {module.name} | {module.kind} | {files} | {tests} | pending: not measured yet "
                f"(`make mutate MODULES={module.name}`) | | | | |"
            )
            continue
        rate = float(str(row["kill_rate"]))
        generated = int(str(row.get("generated", row["mutants"])))
        checked = (
            "" if generated == row["mutants"] else f" (partial: {row['mutants']} of {generated} checked)"
        )
        flag = "" if rate >= TARGETS[module.kind] else " (missed)"
        lines.append(
            f"| {module.name} | {module.kind} | {files} | {tests} | {row['date']} "
            f"| {row['mutants']}{checked} | {row['killed']} | {rate:.0%}{flag} | {row['seconds']} |"
        )
    total = sum(int(str(row["seconds"])) for row in stored.values() if row.get("seconds") is not None)
    lines += [
        "",
        f"Seconds: the whole `mutmut run` of a module (copy, stats, every mutant), {total} s for the modules "
        "measured; taken on the 2 cores shared with other jobs, so an idle machine takes less.",
    ]
    pending = [m.name for m in MODULES if m.name not in stored]
    if pending:
        names = " ".join(pending)
        lines += [
            "",
            f"Pending: {', '.join(pending)}, not measured since their code was last rewritten: "
            f"`make mutate MODULES='{names}'`.",
        ]
    notes = [f"{m.name}: {m.note}" for m in MODULES if m.note]
    if notes:
        lines += ["", "Notes: " + "; ".join(notes) + "."]
    lines += [
        "",
        "Surviving mutants (the changed line; `mutmut show NAME` in build/mutate/MODULE for the diff):",
        "",
    ]
    for module in MODULES:
        row = stored.get(module.name)
        if row is None:
            continue
        survivors = list(row["survivors"])  # type: ignore[call-overload]
        lines.append(f"- **{module.name}**: {len(survivors) or 'none'}")
        for survivor in survivors:
            why = f"; equivalent: {survivor['equivalent']}" if survivor.get("equivalent") else ""
            lines.append(f"  - `{survivor['mutant']}` ({survivor['status']}{why}): `{survivor['change']}`")
    lines += ["", "Command: `make mutate` (all modules) or `make mutate MODULES='claim-ids journal-replay'`"]
    return "\n".join(lines)


def record(table: str) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from extraction import record as record_section

    record_section(table, name="mutation", heading="Mutation testing")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help=f"modules to run (default: all): {', '.join(BY_NAME)}")
    parser.add_argument("--max-children", type=int, default=2, help="mutants run at once")
    parser.add_argument("--write", action="store_true", help="store the figures and update bench/RESULTS.md")
    parser.add_argument(
        "--report-only", action="store_true", help="read the last run in build/mutate/ instead of running"
    )
    args = parser.parse_args()
    unknown = [name for name in args.modules if name not in BY_NAME]
    if unknown:
        parser.error(f"unknown module(s) {', '.join(unknown)}; known: {', '.join(BY_NAME)}")
    stored = json.loads(STORED.read_text(encoding="utf-8")) if STORED.exists() else {}
    for name in args.modules or list(BY_NAME):
        row = measure(BY_NAME[name], args.max_children, rerun=not args.report_only)
        if row["seconds"] is None and name in stored:
            row["seconds"] = stored[name]["seconds"]
        print(
            f"{name}: {row['killed']}/{row['mutants']} killed ({float(str(row['kill_rate'])):.0%}) "
            f"in {row['seconds']} s; {row['counts']}"
        )
        for survivor in row["survivors"]:  # type: ignore[attr-defined]
            print(f"  survived: {survivor['mutant']}: {survivor['change']}")
        stored[name] = row
        if args.write:
            STORED.write_text(json.dumps(stored, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            record(render(stored))
    return 0


if __name__ == "__main__":
    sys.exit(main())
