"""Benchmark of the web application (网站性能): 100,000 applications (the register benchmark's
generator), uvicorn in a subprocess on 127.0.0.1, 20 concurrent clients (httpx + asyncio) on the
case list and the dashboard; p50/p99 latency (target p99 < 200 ms); time to check an uploaded HTML
report (target < 500 ms).

    python benchmarks/bench_web.py [--n 100000] [--clients 20] [--requests 400] [--workers 2] [--tool auto|wrk|httpx]

With Debian's ``wrk`` installed (``apt-get install wrk``) the concurrent runs use it (10 s each);
otherwise a bounded Python load generator (httpx + asyncio). The ``:1client`` rows are one client
alone (service time without queueing). With wrk, two more rows (``+writes``) repeat the
supervisor's case list and dashboard while another process registers one application per second,
so the cached counts and dashboards keep going stale and are recomputed under load.

Prints the figures and writes ``benchmarks/results/web.json``. Traffic goes to 127.0.0.1 only;
every loop is bounded in count and time.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

PASSWORD = "Bench-pass-123"
SERVER = """
import os, sys, uvicorn
from gongkai.web import Settings, create_app
url, port, cache, workers = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
if workers > 1:  # as gongkai serve --workers N does
    os.environ.update(GONGKAI_DATABASE_URL=url, GONGKAI_SECRET_KEY="bench")
    os.environ["GONGKAI_BENCH_CACHE"] = str(cache)
    uvicorn.run("bench_web:bench_app", factory=True, workers=workers, host="127.0.0.1", port=port,
                log_level="warning", access_log=False)
else:
    app = create_app(Settings(database_url=url, secret_key="bench", migrate=False, dashboard_cache_seconds=cache))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
"""


def bench_app():
    """App factory for the multi-worker server (reads the environment set by SERVER)."""
    from gongkai.web import Settings, create_app

    return create_app(Settings(migrate=False, dashboard_cache_seconds=float(os.environ["GONGKAI_BENCH_CACHE"])))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_db(path: Path, n: int, n_bodies: int) -> float:
    from bench_register import generate, load

    from gongkai.register.db import open_register
    from gongkai.web import auth
    from gongkai.web import models  # noqa: F401

    reg = open_register(f"sqlite:///{path}")
    t = time.perf_counter()
    load(reg, generate(n, n_bodies))
    with reg.transaction() as s:
        auth.create_user(s, "sup", PASSWORD, "supervisor", 1, "监督")  # body 1 and all below it: every case
        auth.create_user(s, "off", PASSWORD, "officer", 2, "经办")  # one department
    reg.dispose()
    return time.perf_counter() - t


def start_server(url: str, cache: float, workers: int = 1) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", SERVER, url, str(port), str(cache), str(workers)],
                            cwd=str(ROOT))
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start")


def login(client: httpx.Client, user: str) -> None:
    r = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', r.text).group(1)
    r = client.post("/login", data={"username": user, "password": PASSWORD, "csrf_token": token, "next": "/"})
    assert r.status_code in (200, 303), r.text[:300]


async def load_test(base: str, cookies: dict, paths: list[str], clients: int, requests: int,
                    time_limit: float = 60.0) -> dict:
    latencies: list[float] = []
    errors = 0
    counter = iter(range(requests))
    t_end = time.perf_counter() + time_limit

    async def worker(i: int):
        nonlocal errors
        async with httpx.AsyncClient(base_url=base, cookies=cookies, timeout=30) as c:
            for k in counter:
                if time.perf_counter() > t_end:
                    return
                path = paths[k % len(paths)]
                t = time.perf_counter()
                r = await c.get(path)
                latencies.append(time.perf_counter() - t)
                if r.status_code != 200:
                    errors += 1

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(clients)))
    wall = time.perf_counter() - t0
    latencies.sort()
    q = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else latencies * 99
    return {"requests": len(latencies), "errors": errors, "seconds": round(wall, 2),
            "req_per_s": round(len(latencies) / wall, 1), "p50_ms": round(q[49] * 1000, 1),
            "p99_ms": round(q[98] * 1000, 1), "max_ms": round(latencies[-1] * 1000, 1)}


def _ms(text: str) -> float:
    m = re.match(r"([\d.]+)(us|ms|s)", text)
    v, unit = float(m.group(1)), m.group(2)
    return round(v / 1000 if unit == "us" else v * 1000 if unit == "s" else v, 1)


def wrk_test(base: str, cookies: dict, path: str, clients: int, seconds: int = 10) -> dict:
    """The same measure with Debian's ``wrk`` (a C load generator: it takes far less CPU from the
    server than Python clients on a 2-core machine). Fixed duration, 127.0.0.1 only."""
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    out = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--latency", "--timeout", "10s",
                          "-H", f"Cookie: {cookie}", base + path], capture_output=True, text=True,
                         timeout=seconds + 30).stdout
    lat = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M))
    reqs = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"requests": reqs, "errors": int(non2xx.group(1)) if non2xx else 0, "seconds": seconds,
            "req_per_s": round(rps, 1), "p50_ms": _ms(lat["50"]), "p99_ms": _ms(lat["99"]),
            "max_ms": _ms(re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", out).group(1))}


class Writer(threading.Thread):
    """Registers one application every ``interval`` seconds straight into the database (as another
    worker or the CLI would), so every cached count and dashboard goes stale while clients read:
    the servers' caches are keyed on the register's change counter and must recompute."""

    def __init__(self, url: str, interval: float = 1.0):
        super().__init__(daemon=True)
        self.url, self.interval, self.stop, self.writes = url, interval, threading.Event(), 0

    def run(self) -> None:
        import datetime as dt

        from gongkai.register import service
        from gongkai.register.db import open_register

        reg = open_register(self.url)
        try:
            while not self.stop.wait(self.interval):
                with reg.transaction() as s:
                    a = service.add_applicant(s, "natural", f"基准写入{self.writes}", actor="bench")
                    service.add_application(s, body_id=2 + self.writes % 9, applicant_id=a.id,
                                            received_on=dt.date(2025, 12, 1), channel="in_person",
                                            request="基准测试写入", actor="bench")
                self.writes += 1
        finally:
            reg.dispose()


def check_upload(base: str, cookies: dict, path: Path, repeat: int = 15) -> dict:
    times = []
    with httpx.Client(base_url=base, cookies=cookies, timeout=60) as c:
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/check").text).group(1)
        data = path.read_bytes()
        for _ in range(repeat):
            t = time.perf_counter()
            r = c.post("/check", data={"csrf_token": csrf}, files=[("files", (path.name, data, "text/html"))])
            times.append(time.perf_counter() - t)
            assert r.status_code == 200 and "checked-file" in r.text, r.text[:300]
    return {"file": path.name, "bytes": len(data), "median_ms": round(statistics.median(times) * 1000, 1),
            "max_ms": round(max(times) * 1000, 1)}


def run_scenarios(base: str, clients: int, requests: int, use_wrk: bool = False) -> dict:
    out = {}
    for user in ("sup", "off"):
        with httpx.Client(base_url=base, timeout=30) as c:
            login(c, user)
            cookies = dict(c.cookies)
        scenarios = {
            "case_list": ["/cases", "/cases?page_no=2", "/cases?page_no=50"],
            "case_list_filtered": ["/cases?state=open", "/cases?kind=legal&outcome=granted", "/cases?state=overdue"],
            # the generated register ends on 2025-12-15: its last full year is the realistic dashboard
            "dashboard": ["/?year=2025"],
        }
        for name, paths in scenarios.items():
            asyncio.run(load_test(base, cookies, paths[:1], 4, 8))  # warm-up
            # one client alone: the service time of a request, without queueing
            out[f"{user}:{name}:1client"] = asyncio.run(load_test(base, cookies, paths, 1, 30))
            if use_wrk:
                out[f"{user}:{name}"] = wrk_test(base, cookies, paths[0], clients)
            else:
                out[f"{user}:{name}"] = asyncio.run(load_test(base, cookies, paths, clients, requests))
        out[f"{user}:cookies"] = cookies
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--bodies", type=int, default=10)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--workers", type=int, default=2,
                    help="uvicorn worker processes (gongkai serve --workers; 2 = the cores of the reference machine)")
    ap.add_argument("--tool", choices=("auto", "wrk", "httpx"), default="auto",
                    help="load generator: wrk when installed (auto), else Python httpx + asyncio")
    args = ap.parse_args(argv)
    import shutil

    use_wrk = args.tool == "wrk" or (args.tool == "auto" and shutil.which("wrk") is not None)

    results: dict = {"tool": "wrk" if use_wrk else "httpx", "workers": args.workers, "n": args.n, "clients": args.clients,
                     "requests_per_scenario": args.requests, "cpus": os.cpu_count(),
                     "load_average_before": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-web-") as tmp:
        db = Path(tmp) / "bench.db"
        results["load_seconds"] = round(build_db(db, args.n, args.bodies), 1)
        print(f"{args.n} applications loaded in {results['load_seconds']} s", flush=True)
        for cache in (30.0, 0.0):
            proc, base = start_server(f"sqlite:///{db}", cache, args.workers)
            try:
                label = "cached" if cache else "no_cache"
                r = run_scenarios(base, args.clients, args.requests, use_wrk)
                cookies = r.pop("sup:cookies")
                r.pop("off:cookies")
                if cache and use_wrk:
                    # the same reads while the register changes every second (caches go stale)
                    with httpx.Client(base_url=base, timeout=30) as c:
                        login(c, "sup")
                        sup = dict(c.cookies)
                    for name, path in (("case_list", "/cases"), ("dashboard", "/?year=2025")):
                        writer = Writer(f"sqlite:///{db}")
                        writer.start()
                        try:
                            r[f"sup:{name}+writes"] = wrk_test(base, sup, path, args.clients)
                        finally:
                            writer.stop.set()
                            writer.join(timeout=30)
                        r[f"sup:{name}+writes"]["writes"] = writer.writes
                if cache:
                    html = ROOT.parent / "examples" / "reports" / "上海市人民政府办公厅-2019.html"
                    results["check_upload_html"] = check_upload(base, cookies, html)
                results[label] = r
            finally:
                proc.terminate()
                proc.wait(timeout=10)
    results["load_average_after"] = os.getloadavg()
    print(f"\nweb benchmark: {args.n} applications, {args.clients} concurrent clients "
          f"(user sup = whole tree of {args.bodies} bodies, off = one body); {os.cpu_count()} CPUs, "
          f"{args.workers} worker(s); load generator {results['tool']}; load average before/after {results['load_average_before'][0]:.1f}/{results['load_average_after'][0]:.1f}")
    print(f"{'scenario':<48}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'errors':>8}")
    for label in ("cached", "no_cache"):
        for name, r in results[label].items():
            print(f"{label + ' ' + name:<48}{r['req_per_s']:>8}{r['p50_ms']:>9}{r['p99_ms']:>9}{r['max_ms']:>9}"
                  f"{r['errors']:>8}")
    c = results["check_upload_html"]
    print(f"check upload ({c['file']}, {c['bytes']} bytes): median {c['median_ms']} ms, max {c['max_ms']} ms")
    out = ROOT / "results" / ("web.json" if args.workers == 2 else f"web-{args.workers}workers.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
