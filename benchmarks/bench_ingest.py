"""Ingest throughput (报告读取速度): reports per second per core and peak memory, per form.

Generates a corpus of reports from random flat maps (both formats) in the four published forms —
text in the tab layout (one cell per line indented by a tab, as text copies of DOCX reports look),
HTML, DOCX and PDF — into a temporary folder, then parses every file with ``gongkai.parse`` in a
fresh single process per form and prints:

* reports/s per core: files / wall time of the parse loop in one process (also CPU time);
* peak memory: the process's maximum resident set (ru_maxrss) and the tracemalloc peak of
  parsing one report;
* accuracy: share of files whose ``flat()`` equals the map they were made from.

Targets: text and HTML ≥ 300/s, DOCX ≥ 50/s, PDF ≥ 5/s per core.

    python benchmarks/bench_ingest.py --count 1000
    python benchmarks/bench_ingest.py --count 100 --forms pdf,text

Results also go to ``benchmarks/results/ingest.json``.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FORMS = ("text", "html", "docx", "pdf")
TARGETS = {"text": 300.0, "html": 300.0, "docx": 50.0, "pdf": 5.0}
SUFFIX = {"text": ".txt", "html": ".html", "docx": ".docx", "pdf": ".pdf"}


# ------------------------------------------------------------------ corpus


def text_report(flat: dict[str, Any]) -> str:
    """The report as a text copy of a DOCX: paragraphs as lines, each table row a block of lines
    with one cell per line indented by a tab (a cell covered by a vertical merge is an empty
    ``\\t`` line, one covered by a horizontal merge is left out), rows separated by a blank line."""
    from tests.ingest import generate as G

    grids = G.table_grids(flat)
    paras = G.paragraphs(flat)
    out = [G.title(flat), "", "本报告根据《中华人民共和国政府信息公开条例》要求编制。", ""]
    for n, heading in enumerate(G.SECTION_HEADINGS, 1):
        out.append(heading)
        for p in paras[n]:
            out += [p, ""]
        if n in (2, 3, 4):
            for row in G.expand(grids[n]):
                for cell, _top, left in row:
                    if left:
                        out.append("\t" + (cell.text if _top else ""))
                out.append("")
    return "\n".join(out) + "\n"


def _write_one(form: str, flat: dict[str, Any], path: Path, i: int) -> None:
    from tests.ingest import generate as G

    if form == "text":
        path.write_text(text_report(flat), encoding="utf-8")
    elif form == "html":
        G.write_html(flat, path, chrome=bool(i % 2))
    elif form == "docx":
        G.write_docx(flat, path, split_table3="unable.not_held" if i % 2 else None)
    elif form == "pdf":
        from tests.ingest.pdfgen import write_pdf

        write_pdf(flat, path, ruled=i % 4 != 3, split_table3="unable.not_held" if i % 2 else None)
    else:
        raise ValueError(form)


def _generate(args: tuple[str, int, int, str]) -> tuple[str, float]:
    form, start, stop, folder = args
    from tests.ingest.generate import random_flat

    t0 = time.perf_counter()
    for i in range(start, stop):
        flat = random_flat("2021" if i % 2 else "2019", seed=i)
        base = Path(folder) / f"{i:05d}"
        _write_one(form, flat, base.with_suffix(SUFFIX[form]), i)
        base.with_suffix(".json").write_text(json.dumps(flat, ensure_ascii=False), encoding="utf-8")
    return form, time.perf_counter() - t0


def generate_corpus(root: Path, forms: list[str], count: int, workers: int) -> dict[str, float]:
    jobs = []
    for form in forms:
        folder = root / form
        folder.mkdir(parents=True, exist_ok=True)
        step = max(1, count // max(1, workers))
        jobs += [(form, s, min(count, s + step), str(folder)) for s in range(0, count, step)]
    spent: dict[str, float] = {f: 0.0 for f in forms}
    with mp.get_context("spawn").Pool(workers) as pool:
        for form, secs in pool.imap_unordered(_generate, jobs):
            spent[form] += secs
    return spent


# ------------------------------------------------------------------ measuring (in a fresh process)


def _measure(form: str, folder: str, traced: int) -> dict[str, Any]:
    import tracemalloc

    import gongkai

    files = sorted(Path(folder).glob(f"*{SUFFIX[form]}"))
    expected = [json.loads(f.with_suffix(".json").read_text(encoding="utf-8")) for f in files]
    gongkai.parse(files[0])  # warm-up: imports, caches
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    correct = errors = 0
    w0, c0 = time.perf_counter(), time.process_time()
    results = []
    for f in files:
        try:
            results.append(gongkai.parse(f).flat())
        except Exception as exc:  # noqa: BLE001 - counted, not fatal
            results.append(exc)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    for got, exp in zip(results, expected):
        if isinstance(got, Exception):
            errors += 1
        elif got == exp:
            correct += 1
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peaks = []
    for f in files[:traced]:
        tracemalloc.start()
        gongkai.parse(f)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    sizes = [f.stat().st_size for f in files]
    return {
        "form": form,
        "files": len(files),
        "mean_file_kb": round(sum(sizes) / len(sizes) / 1024, 1),
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "reports_per_s": round(len(files) / wall, 1),
        "reports_per_cpu_s": round(len(files) / cpu, 1) if cpu else None,
        "ms_per_report": round(1000 * wall / len(files), 2),
        "maxrss_mb": round(rss_after / 1024, 1),
        "maxrss_growth_mb": round((rss_after - rss_before) / 1024, 1),
        "tracemalloc_peak_mb": round(max(peaks) / 2**20, 2) if peaks else None,
        "correct": correct,
        "errors": errors,
        "accuracy": round(correct / len(files), 4),
        "target_per_s": TARGETS[form],
        "meets_target": len(files) / wall >= TARGETS[form],
    }


def measure(form: str, folder: Path, traced: int) -> dict[str, Any]:
    with mp.get_context("spawn").Pool(1) as pool:
        return pool.apply(_measure, (form, str(folder), traced))


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="gongkai ingest benchmark (reports/s per core, peak memory)")
    ap.add_argument("--count", type=int, default=1000, help="reports per form (default 1000)")
    ap.add_argument("--forms", default=",".join(FORMS), help="comma-separated: text,html,docx,pdf")
    ap.add_argument("--workers", type=int, default=max(1, min(2, os.cpu_count() or 1)),
                    help="processes used to generate the corpus (not for measuring)")
    ap.add_argument("--traced", type=int, default=20, help="reports parsed under tracemalloc per form")
    ap.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "ingest.json")
    args = ap.parse_args(argv)
    forms = [f.strip() for f in args.forms.split(",") if f.strip()]
    unknown = set(forms) - set(FORMS)
    if unknown:
        ap.error(f"unknown forms: {', '.join(sorted(unknown))}")

    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as tmp:
        root = args.keep or Path(tmp)
        print(f"generating {args.count} reports per form ({', '.join(forms)}) in {root} …", flush=True)
        t0 = time.perf_counter()
        gen = generate_corpus(root, forms, args.count, args.workers)
        print(f"generated in {time.perf_counter() - t0:.1f} s", flush=True)
        rows = []
        for form in forms:
            r = measure(form, root / form, args.traced)
            r["generate_s"] = round(gen[form], 1)
            rows.append(r)
            print(f"  {form:5s} {r['reports_per_s']:8.1f} reports/s", flush=True)

    print()
    head = f"{'form':6s}{'files':>7s}{'KB/file':>9s}{'rep/s':>9s}{'rep/cpu-s':>11s}{'ms/rep':>9s}" \
           f"{'maxRSS MB':>11s}{'traced MB':>11s}{'accuracy':>10s}{'target':>8s}  ok"
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r['form']:6s}{r['files']:7d}{r['mean_file_kb']:9.1f}{r['reports_per_s']:9.1f}"
              f"{r['reports_per_cpu_s'] or 0:11.1f}{r['ms_per_report']:9.2f}{r['maxrss_mb']:11.1f}"
              f"{r['tracemalloc_peak_mb'] or 0:11.2f}{r['accuracy']:10.1%}{r['target_per_s']:8.0f}"
              f"  {'yes' if r['meets_target'] else 'NO'}")
    result = {
        "benchmark": "ingest",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "count": args.count,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "note": "single process per form; reports/s = files / wall time of the parse loop",
        "forms": rows,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten {args.out}")
    return 0 if all(r["meets_target"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
