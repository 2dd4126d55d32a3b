"""Behaviour snapshot for the formats refactor (issue 10): run it on two checkouts and compare.

    PYTHONPATH=<checkout> python tests/formats/snapshot.py OUT.json      # write a snapshot
    python tests/formats/snapshot.py --compare BEFORE.json AFTER.json      # list the differences

A snapshot holds ``gongkai check --format json`` of every seed and corpus report, ``gongkai eval``
of the corpus, the findings of a few hundred random reports with cells blanked or changed (so
every accounting message is exercised), the HTML/Markdown rendering of some of them, and every
cell (values and formulas) of the fill-in workbooks of both formats. Only public entry points are
used, so the same script runs against the code before and after a change.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def _cli(*args: str) -> str:
    run = subprocess.run([sys.executable, "-c", "from gongkai.cli import main; main()", *args],
                         capture_output=True, text=True, cwd=tempfile.gettempdir())
    return run.stdout + f"\n[exit {run.returncode}]"


def _files() -> list[Path]:
    return sorted((DATA / "seeds").glob("*.txt")) + sorted((DATA / "corpus" / "reports").iterdir())


def _mutate(rng: random.Random, flat: dict) -> dict:
    flat = dict(flat)
    keys = [k for k in flat if k.startswith("t")]
    for _ in range(rng.randint(0, 4)):
        k = rng.choice(keys)
        roll = rng.random()
        if roll < 0.35:
            flat.pop(k, None)
        elif roll < 0.45:
            flat[k] = "/"
        else:
            flat[k] = rng.randint(0, 40)
    return flat


def _findings(rep) -> list:
    from gongkai.rules import check
    return [[f.code, f.severity, f.message, list(f.fields)] for f in check(rep)]


def snapshot() -> dict:
    from gongkai.render import write
    from gongkai.render.load import from_data
    from gongkai.render.sample import random_flat

    out: dict = {"check": {}, "random": [], "render": [], "template": {}}
    for f in _files():
        out["check"][f.name] = _cli("check", "--format", "json", str(f))
    out["eval"] = _cli("eval", "--json", str(DATA / "corpus" / "reports"), str(DATA / "corpus" / "truth"))
    rng = random.Random(20261203)
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(400):
            fmt = ("2019", "2021")[i % 2]
            flat = random_flat(rng, fmt, single_other=(fmt == "2021" and i % 6 == 1))
            rep = from_data(_mutate(rng, flat), f"r{i}.json")
            out["random"].append(_findings(rep))
            if i % 20 == 0:
                for ext in ("html", "md"):
                    p = write(rep, Path(tmp) / f"r{i}.{ext}")
                    out["render"].append(p.read_text(encoding="utf-8"))
        from openpyxl import load_workbook

        from gongkai.render import write_template
        for year in (2020, 2023):
            p = write_template(year, Path(tmp) / f"t{year}.xlsx")
            wb = load_workbook(p)
            out["template"][str(year)] = {
                ws.title: [[c.coordinate, str(c.value)] for row in ws.iter_rows() for c in row if c.value is not None]
                + [str(cf.sqref) + ":" + ";".join(str(r.formula) for r in cf.rules)
                   for cf in ws.conditional_formatting]
                for ws in wb.worksheets}
    return out


def compare(before: dict, after: dict) -> list[str]:
    diffs = []
    for key in before:
        a, b = before[key], after.get(key)
        if a == b:
            continue
        if isinstance(a, dict):
            for k in sorted(set(a) | set(b or {})):
                if a.get(k) != (b or {}).get(k):
                    diffs.append(f"{key}/{k}")
        elif isinstance(a, list):
            for i, (x, y) in enumerate(zip(a, b or [])):
                if x != y:
                    diffs.append(f"{key}[{i}]")
            if len(a) != len(b or []):
                diffs.append(f"{key}: length {len(a)} != {len(b or [])}")
        else:
            diffs.append(key)
    return diffs


if __name__ == "__main__":
    if sys.argv[1] == "--compare":
        d = compare(*(json.loads(Path(p).read_text(encoding="utf-8")) for p in sys.argv[2:4]))
        print("\n".join(d) or "identical")
        sys.exit(1 if d else 0)
    Path(sys.argv[1]).write_text(json.dumps(snapshot(), ensure_ascii=False, indent=1), encoding="utf-8")
