"""Render speed (报告生成速度): time to render one report to each output format, and a batch of
reports to DOCX (default 1,000), on one core.

* latency per format: median and p95 over ``--repeat`` renders of random valid reports
  (PDF: each render is a LibreOffice start; also a batch conversion of ``--pdf-batch`` DOCX
  files in one soffice run, per file);
* batch: 1,000 random reports → DOCX in one process: reports/s per core, CPU time;
* XLSX fill-in template: write and read back;
* peak memory: ru_maxrss of the process and the tracemalloc peak of rendering one DOCX.

    python benchmarks/bench_render.py            # full run
    python benchmarks/bench_render.py --count 200 --repeat 5 --no-pdf

Prints the figures and writes ``benchmarks/results/render.json``.
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from gongkai.render import write  # noqa: E402
from gongkai.render.pdf import docx_to_pdf_many, soffice_path  # noqa: E402
from gongkai.render.sample import random_report  # noqa: E402
from gongkai.render.xlsx import read_workbook, write_template  # noqa: E402


def _reports(n: int, seed: int = 0):
    return [random_report(random.Random(seed + i), "2019" if i % 2 else "2021") for i in range(n)]


def _latency(reports, ext: str, tmp: Path) -> dict:
    times = []
    for i, r in enumerate(reports):
        t0 = time.perf_counter()
        write(r, tmp / f"lat-{i}.{ext}")
        times.append(time.perf_counter() - t0)
    times.sort()
    return {"n": len(times), "median_ms": round(statistics.median(times) * 1000, 2),
            "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))] * 1000, 2),
            "max_ms": round(times[-1] * 1000, 2)}


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1000, help="reports rendered to DOCX in the batch")
    ap.add_argument("--repeat", type=int, default=20, help="renders per format for the latency figures")
    ap.add_argument("--pdf-batch", type=int, default=20, help="DOCX files converted in one soffice run")
    ap.add_argument("--no-pdf", action="store_true", help="skip the PDF figures (no LibreOffice)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "render.json")
    args = ap.parse_args(argv)

    results: dict = {"machine": {"python": platform.python_version(), "platform": platform.platform()}}
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmpdir:
        tmp = Path(tmpdir)
        sample = _reports(args.repeat, seed=10_000)
        write(sample[0], tmp / "warm.docx")  # imports and template loading out of the figures
        write(sample[0], tmp / "warm.html")
        lat = {}
        for ext in ("docx", "html", "md"):
            lat[ext] = _latency(sample, ext, tmp)
        do_pdf = not args.no_pdf and soffice_path() is not None
        if do_pdf:
            lat["pdf"] = _latency(sample[: max(2, min(5, args.repeat))], "pdf", tmp)
            docs = [write(r, tmp / f"b-{i}.docx") for i, r in enumerate(_reports(args.pdf_batch, 20_000))]
            t0 = time.perf_counter()
            docx_to_pdf_many(docs, tmp / "pdf")
            dt = time.perf_counter() - t0
            lat["pdf_batch"] = {"n": len(docs), "total_s": round(dt, 2), "per_file_ms": round(dt / len(docs) * 1000, 1)}
        results["latency"] = lat

        # batch: N reports → DOCX, one process, one core
        batch = _reports(args.count, seed=0)
        c0, t0 = time.process_time(), time.perf_counter()
        for i, r in enumerate(batch):
            write(r, tmp / f"batch-{i % 50}.docx")
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        results["docx_batch"] = {"n": args.count, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                                 "reports_per_s_per_core": round(args.count / cpu, 1)}

        # XLSX fill-in workbook
        r = sample[0]
        t0 = time.perf_counter()
        for i in range(10):
            write_template(r.year, tmp / f"t{i}.xlsx", r if not r.single_other else None)
        t_write = (time.perf_counter() - t0) / 10
        t0 = time.perf_counter()
        for i in range(10):
            read_workbook(tmp / f"t{i}.xlsx")
        t_read = (time.perf_counter() - t0) / 10
        results["xlsx"] = {"write_ms": round(t_write * 1000, 1), "read_ms": round(t_read * 1000, 1)}

        tracemalloc.start()
        write(sample[1], tmp / "mem.docx")
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        results["memory"] = {"tracemalloc_peak_one_docx_mb": round(peak / 2**20, 2),
                             "ru_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}

    print("render latency per report (ms):")
    for ext, d in results["latency"].items():
        if ext == "pdf_batch":
            print(f"  pdf, {d['n']} files in one soffice run: {d['total_s']} s total, {d['per_file_ms']} ms per file")
        else:
            print(f"  {ext:5s} median {d['median_ms']:8.1f}   p95 {d['p95_ms']:8.1f}   (n={d['n']})")
    b = results["docx_batch"]
    print(f"DOCX batch: {b['n']} reports in {b['wall_s']} s wall, {b['cpu_s']} s CPU "
          f"→ {b['reports_per_s_per_core']} reports/s per core")
    print(f"XLSX template: write {results['xlsx']['write_ms']} ms, read back {results['xlsx']['read_ms']} ms")
    m = results["memory"]
    print(f"memory: peak {m['tracemalloc_peak_one_docx_mb']} MB (tracemalloc, one DOCX), "
          f"process max RSS {m['ru_maxrss_mb']} MB")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"written {args.out}")
    return results


if __name__ == "__main__":
    main()
