"""Check that the repository's copies of the shared spec and test reports equal ``../shared`` when it exists.

The tests and docs use only the repository (``tests/data``, ``docs/domain``); the team's shared folder is the
source they were copied from. Exit 1 naming every differing file; exit 0 (with a note) when there is no shared folder.
"""
from __future__ import annotations

import filecmp
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PAIRS = [("seeds", "tests/data/seeds"), ("corpus/reports", "tests/data/corpus/reports"),
         ("corpus/truth", "tests/data/corpus/truth"), ("spec", "docs/domain")]


def main() -> int:
    if not SHARED.is_dir():
        print(f"no shared folder at {SHARED}: nothing to compare")
        return 0
    bad = []
    for src, dst in PAIRS:
        a, b = SHARED / src, ROOT / dst
        for f in sorted(a.iterdir()):
            g = b / f.name
            if not g.is_file() or not filecmp.cmp(f, g, shallow=False):
                bad.append(f"{dst}/{f.name}")
    if bad:
        print("repository copies differ from ../shared: " + ", ".join(bad))
        return 1
    print("repository copies equal ../shared")
    return 0


if __name__ == "__main__":
    sys.exit(main())
