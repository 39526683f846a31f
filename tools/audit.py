"""Dependency audit against PyPI's vulnerability data, for machines where pip-audit cannot run.

Usage (repository root, after `make setup`):

    .venv/bin/python tools/audit.py            # every distribution installed in the running Python

pip-audit asks PyPI for each installed *version* (``/pypi/NAME/VERSION/json``); the registry reachable
here serves only ``/pypi/NAME/json``, whose ``vulnerabilities`` are those affecting the *latest*
release. So each installed distribution is checked when it is the latest release, and listed as
"not checked" otherwise. Known vulnerabilities are printed with their ids and fixed versions; the exit
code is 1 if any are found. Where pip-audit works, prefer ``pip-audit`` (it checks every version).
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from typing import Any

INDEX = "https://pypi.org/pypi/{name}/json"


def latest(name: str) -> dict[str, Any] | None:
    try:
        with urllib.request.urlopen(INDEX.format(name=name), timeout=30) as response:
            return json.load(response)  # type: ignore[no-any-return]
    except (urllib.error.URLError, TimeoutError, ValueError):
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args()
    installed = sorted(
        {(d.metadata["Name"], d.version) for d in metadata.distributions() if d.metadata["Name"]},
        key=lambda pair: pair[0].lower(),
    )
    installed = [(n, v) for n, v in installed if n.lower() not in {"saidgraph", "pip", "setuptools", "wheel"}]
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda pair: latest(pair[0]), installed))
    found, unchecked, unreachable = [], [], []
    for (name, version), answer in zip(installed, answers, strict=True):
        if answer is None:
            unreachable.append(f"{name} {version}")
        elif answer["info"]["version"] != version:
            unchecked.append(f"{name} {version} (latest {answer['info']['version']})")
        else:
            for vuln in answer.get("vulnerabilities") or []:
                fixed = ", ".join(vuln.get("fixed_in") or []) or "no fix yet"
                aliases = ", ".join(vuln.get("aliases") or [])
                found.append(f"{name} {version}: {vuln.get('id')} ({aliases}); fixed in {fixed}")
    checked = len(installed) - len(unchecked) - len(unreachable)
    print(
        f"{checked} of {len(installed)} installed distributions checked: {len(found)} known vulnerabilities"
    )
    for line in found:
        print("  VULNERABLE", line)
    if unchecked:
        note = "not the latest release; use pip-audit where PyPI serves per-version data"
        print(f"not checked ({note}): {len(unchecked)}")
        for line in unchecked:
            print("  ", line)
    if unreachable:
        print(f"not found on the index: {', '.join(unreachable)}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
