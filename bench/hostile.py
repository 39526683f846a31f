"""Hostile-input benchmark: extraction finishes in bounded time on a long article and on junk.

Usage (from the repository root):

    .venv/bin/python bench/hostile.py [--write]

Times the spaCy parse and ``Extractor.extract_doc`` (the rules) separately on generated texts: a
100,000-character article of ordinary reported speech, and a hostile text with no sentence punctuation
and 500 quote marks. Prints the seconds and the statements found; exits 1 when a text takes longer
than ``--bound`` seconds. ``--write`` replaces the hostile section of ``bench/RESULTS.md``. The texts
are generated here (no corpus text), so the run needs nothing but the spaCy model.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from extraction import machine, record  # noqa: E402

from graph.settings import load_settings  # noqa: E402
from ingest.article import RawArticle  # noqa: E402
from ingest.extract.extractor import Extractor  # noqa: E402
from ingest.extract.pipeline import load_pipeline  # noqa: E402

ARTICLE_CHARS = 100_000
HOSTILE_QUOTES = 500

_SPEAKERS = ["Mayor Ana Ruiz", "the finance minister", "Senator Paul Okafor", "a union spokeswoman", "she"]
_SENTENCES = [
    '"We will not raise taxes this year," {s} said on Monday.',
    "{s} said the harbour project would be finished by the spring.",
    "According to {s}, about 3,000 people attended the meeting in the old market hall.",
    "{s} warned that the budget gap could widen if fuel prices kept rising.",
    "The council met for four hours and approved the new bus routes without a vote.",
    '{s} told reporters: "The figures speak for themselves."',
    "Asked about the delay, {s} declined to say when the report would be published.",
]


def _sentences() -> Iterator[str]:
    for n, template in enumerate(itertools.cycle(_SENTENCES)):
        speaker = _SPEAKERS[n % len(_SPEAKERS)]
        sentence = template.format(s=speaker)
        yield sentence[0].upper() + sentence[1:]


def long_article(chars: int = ARTICLE_CHARS) -> str:
    """An ordinary news article of ``chars`` characters: paragraphs of reported speech."""
    parts: list[str] = ["City budget talks run late\n\n"]
    size = len(parts[0])
    for n, sentence in enumerate(_sentences()):
        piece = sentence + ("\n\n" if n % 3 == 2 else " ")
        if size + len(piece) > chars:
            break
        parts.append(piece)
        size += len(piece)
    return "".join(parts).ljust(chars)


def hostile_text(quotes: int = HOSTILE_QUOTES) -> str:
    """No sentence punctuation at all and ``quotes`` quote marks of every style, unbalanced."""
    marks = ['"', "“", "”", "«", "»", "''", "„"]
    words = "he said that they told the minister said officials warned according to sources".split()
    pieces = []
    for n in range(quotes):
        pieces.append(marks[n % len(marks)])
        pieces.append(" ".join(words[(n + k) % len(words)] for k in range(n % 9 + 1)))
    return " ".join(pieces)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bound", type=float, default=60.0, help="seconds a text may take at most")
    parser.add_argument("--write", action="store_true", help="record the table in bench/RESULTS.md")
    args = parser.parse_args()

    extractor = Extractor(load_pipeline(load_settings().spacy_model))
    extractor.extract(RawArticle(text="Warm-up: the pipeline loads its tables.", location="warm-up"))
    texts = [
        ("article, 100,000 characters", long_article()),
        (f"hostile, no sentence punctuation, {HOSTILE_QUOTES} quote marks", hostile_text()),
    ]
    lines = [
        f"Extraction on generated texts, one at a time; {machine()}",
        "",
        "| text | characters | parse (s) | extraction (s) | total (s) | statements |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    slow = False
    for name, text in texts:
        article = RawArticle(text=text, location=name)
        started = time.perf_counter()
        doc = extractor.nlp(text)
        parsed = time.perf_counter()
        extraction = extractor.extract_doc(doc, article)
        done = time.perf_counter()
        parse_s, extract_s = parsed - started, done - parsed
        slow = slow or parse_s + extract_s > args.bound
        lines.append(
            f"| {name} | {len(text)} | {parse_s:.2f} | {extract_s:.2f} | {parse_s + extract_s:.2f} "
            f"| {len(extraction.statements)} |"
        )
    lines += ["", "Command: `.venv/bin/python bench/hostile.py`"]
    table = "\n".join(lines)
    print(table)
    if args.write:
        record(table, name="hostile", heading="Hostile input")
    if slow:
        print(f"a text took longer than {args.bound:.0f} s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
