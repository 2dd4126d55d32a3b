"""Speed of the rules (检查速度): reports checked per second on one core, per-report latency,
peak memory. Reads the seeds and corpus once, then runs ``check`` over them repeatedly.

Usage: python benchmarks/bench_check.py [--rounds N]
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
from pathlib import Path

from gongkai.ingest import parse
from gongkai.rules import check

SHARED = Path(os.environ.get("GONGKAI_TEST_DATA", Path(__file__).resolve().parents[1] / "tests" / "data"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=50)
    args = ap.parse_args()
    files = sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "corpus" / "reports").glob("*"))
    reports = [parse(f) for f in files]
    check(reports[0])  # load the rule modules
    times = []
    start = time.perf_counter()
    for _ in range(args.rounds):
        for r in reports:
            t = time.perf_counter()
            check(r)
            times.append(time.perf_counter() - t)
    total = time.perf_counter() - start
    n = len(times)
    print(f"reports: {len(reports)} x {args.rounds} rounds = {n} checks")
    print(f"check throughput: {n / total:.0f} reports/s (one core)")
    print(f"latency per report: median {statistics.median(times) * 1000:.2f} ms, "
          f"p95 {sorted(times)[int(n * 0.95)] * 1000:.2f} ms, max {max(times) * 1000:.2f} ms")
    print(f"peak memory (RSS, incl. parsing): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
