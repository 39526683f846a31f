"""Bundle a corpus gold file for an article the project ships, as offsets and labels only.

Usage (repository root): python3 tools/bundle_gold.py ../shared/corpus/gold/tass-kremlin-footage.json \\
    examples/tass-kremlin-footage.txt tests/gold/reference/tass-kremlin-footage.json

Each statement's ``content`` (a sentence of the article) becomes ``content_offsets`` into the bundled
copy of the article, so the gold test runs without ../shared and the project copies no sentence the
article does not already hold. Names, roles, events, kinds and cues (the labels) are kept as they are.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def bundle(gold_path: Path, article: Path, out: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = article.read_text(encoding="utf-8")
    statements = []
    for number, item in enumerate(gold["statements"], start=1):
        content = item.pop("content")
        start = text.find(content)
        if start < 0 or text.find(content, start + 1) >= 0:
            raise SystemExit(f"statement {number}: its content is not found exactly once in {article}")
        statements.append({**item, "content_offsets": [start, start + len(content)]})
    # the article path is relative to the gold folder's parent, as for the corpus's gold
    root = out.resolve().parent.parent
    bundled = {
        **gold,
        "article": os.path.relpath(article.resolve(), root),
        "notes": f"Bundled from the corpus gold {gold_path.name}: contents as character offsets into "
        f"{article.name}. " + str(gold.get("notes", "")),
        "statements": statements,
    }
    out.write_text(json.dumps(bundled, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    bundle(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
