"""Benchmark of the case register (登记册性能): a generated register of 100,000 applications with their
events across several bodies and years; measures the year's tables (target < 1 s) and the due list of
one body (target < 100 ms) on SQLite and PostgreSQL.

    python benchmarks/bench_register.py [--n 100000] [--pg-url URL] [--skip-pg]

Prints the figures and writes ``benchmarks/results/register.json``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import insert

from gongkai.model import fields as F
from gongkai.register import (Applicant, Application, Body, Event, ReviewCase, due_list, open_register, record_event,
                              year_report)
from gongkai.register.calendar import default_calendar
from gongkai.rules import check

ROOT = Path(__file__).resolve().parent
YEARS = (2021, 2022, 2023, 2024, 2025)
TODAY = dt.date(2025, 12, 15)  # "today" of the generated register
KINDS = ("natural",) * 14 + ("commercial",) * 3 + ("research", "nonprofit", "legal", "other_org")
OUTCOMES = [r for r in F.outcome_rows("2021")]
WEIGHTS = [30 if r == "granted" else 12 if r == "partial" else 10 if r.startswith("unable.not_held") else 2
           for r in OUTCOMES]


def generate(n: int, n_bodies: int, seed: int = 7):
    """Rows for bulk insert: bodies, applicants, applications (with derived state) and events."""
    rnd = random.Random(seed)
    cal = default_calendar()
    now = dt.datetime(2025, 12, 15, tzinfo=dt.timezone.utc)
    bodies = [{"id": 1, "name": "基准测试市人民政府", "level": "municipal", "parent_id": None, "created_at": now}]
    bodies += [{"id": i, "name": f"基准测试部门{i}", "level": "municipal", "parent_id": 1, "created_at": now}
               for i in range(2, n_bodies + 1)]
    n_applicants = max(1, n // 5)
    applicants = [{"id": i, "kind": rnd.choice(KINDS), "name": f"申请人{i}", "id_document": None, "contact": None,
                   "created_at": now} for i in range(1, n_applicants + 1)]
    apps, events = [], []
    start, end = dt.date(YEARS[0], 1, 1), TODAY
    span = (end - start).days
    ev_id = 0
    for i in range(1, n + 1):
        received = start + dt.timedelta(days=rnd.randrange(span + 1))
        while not cal.is_workday(received):
            received += dt.timedelta(days=1)
        if received > TODAY:
            received = TODAY
        body = rnd.randrange(1, n_bodies + 1)
        answer_due = cal.add_workdays(received, 20)
        consult = rnd.random() < 0.05 and cal.add_workdays(received, 18) <= TODAY
        row = {"id": i, "body_id": body, "applicant_id": rnd.randrange(1, n_applicants + 1), "ref_no": f"B{i:07d}",
               "received_on": received, "channel": rnd.choice(("internet", "in_person", "registered_post")),
               "request": "某某政府信息", "requested_form": None, "state": "processing", "outcome": None,
               "closed_on": None, "answer_due": answer_due, "next_due": answer_due, "next_due_kind": "answer",
               "due_note": None, "created_at": now}
        ev_list = []
        if consult:
            sent = cal.add_workdays(received, 3)
            ev_list.append(("consultation_sent", sent, None, "third_party"))
            back = cal.add_workdays(sent, rnd.randrange(3, 15))
            ev_list.append(("consultation_answered", back, None, "third_party"))
            answer_due = cal.add_workdays(answer_due, cal.workdays_between(sent, back))
            row["answer_due"] = row["next_due"] = answer_due
        answered = cal.add_workdays(received, rnd.randrange(1, 21) + (15 if consult else 0))
        if answered <= TODAY and rnd.random() < 0.97:
            outcome = rnd.choices(OUTCOMES, WEIGHTS)[0]
            if answered.year < 2021:  # pragma: no cover - the years above are all 2021 format
                outcome = "other" if outcome.startswith("other.") else outcome
            ev_list.append(("answered", answered, outcome, None))
            row.update(state="answered", outcome=outcome, closed_on=answered, next_due=None, next_due_kind=None)
        for kind, on, outcome, party in ev_list:
            ev_id += 1
            events.append({"id": ev_id, "application_id": i, "kind": kind, "event_date": on, "outcome": outcome,
                           "party": party, "ref_event_id": None, "until": None, "amount": None, "note": None,
                           "actor": "bench", "recorded_at": now})
        apps.append(row)
    cases = []
    for j in range(1, n // 200 + 1):
        filed = start + dt.timedelta(days=rnd.randrange(span))
        decided = filed + dt.timedelta(days=rnd.randrange(30, 400))
        done = decided <= TODAY
        cases.append({"id": j, "body_id": rnd.randrange(1, n_bodies + 1), "application_id": None,
                      "grp": rnd.choice(("review", "suit_direct", "suit_after_review")), "case_no": None,
                      "filed_on": filed, "outcome": rnd.choice(("upheld", "corrected", "other")) if done else None,
                      "decided_on": decided if done else None, "note": None, "created_at": now})
    return bodies, applicants, apps, events, cases


def load(reg, data, chunk: int = 10000) -> float:
    bodies, applicants, apps, events, cases = data
    t = time.perf_counter()
    with reg.engine.begin() as conn:
        for table, rows in ((Body, bodies), (Applicant, applicants), (Application, apps), (Event, events),
                            (ReviewCase, cases)):
            for i in range(0, len(rows), chunk):
                conn.execute(insert(table.__table__), rows[i:i + chunk])
        if conn.dialect.name == "postgresql":
            for table in ("reg_body", "reg_applicant", "reg_application", "reg_event", "reg_review_case"):
                conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                     f"(SELECT max(id) FROM {table}))"))
    with reg.engine.begin() as conn:
        conn.execute(sa.text("ANALYZE"))
    return time.perf_counter() - t


def timed(fn, repeat: int) -> tuple[float, float, object]:
    """(median seconds, best seconds, last result)."""
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), min(times), result


def measure(reg, n_bodies: int) -> dict:
    out: dict = {}
    with reg.session() as s:
        med, best, rep = timed(lambda: year_report(s, 2, 2024), 7)
        problems = [f.code for f in check(rep) if f.code.startswith(("T3_", "T4_")) and f.severity == "error"]
        out["year_report_one_body_s"] = {"median": round(med, 4), "best": round(best, 4),
                                         "applications_counted": rep.number("t3.new.total") +
                                         rep.number("t3.carried_over.total"),
                                         "table_rule_errors": problems}
        med, best, rep = timed(lambda: year_report(s, 1, 2024, rollup=True), 5)
        out["year_report_rollup_all_bodies_s"] = {"median": round(med, 4), "best": round(best, 4),
                                                  "applications_counted": rep.number("t3.new.total") +
                                                  rep.number("t3.carried_over.total")}
        year_report(s, 3, 2025)
        med, best, items = timed(lambda: due_list(s, within=5, body_id=3, today=TODAY), 21)
        out["due_list_one_body_s"] = {"median": round(med, 5), "best": round(best, 5), "items": len(items)}
        med, best, items = timed(lambda: due_list(s, within=5, today=TODAY), 11)
        out["due_list_all_bodies_s"] = {"median": round(med, 5), "best": round(best, 5), "items": len(items)}
        open_ids = list(s.execute(sa.select(Application.id).where(Application.closed_on.is_(None),
                                                                   Application.answer_due >= TODAY)
                                  .limit(20)).scalars())
    lat = []
    for app_id in open_ids:
        t = time.perf_counter()
        with reg.transaction() as s:
            record_event(s, app_id, "extension_approved", TODAY, actor="bench")
        lat.append(time.perf_counter() - t)
    if lat:
        out["record_event_ms"] = {"median": round(statistics.median(lat) * 1000, 2), "samples": len(lat)}
    return out


def run(url: str, label: str, data, n_bodies: int, schema: str | None = None) -> dict:
    reg = open_register(url, schema=schema)
    try:
        secs = load(reg, data)
        res = {"load_s": round(secs, 2), "applications": len(data[2]), "events": len(data[3]),
               "review_cases": len(data[4])}
        res.update(measure(reg, n_bodies))
        return res
    finally:
        if schema:
            with reg.engine.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        reg.dispose()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="applications to generate")
    ap.add_argument("--bodies", type=int, default=6)
    ap.add_argument("--pg-url", default=os.environ.get("GONGKAI_TEST_PG_URL",
                                                       "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    ap.add_argument("--skip-pg", action="store_true")
    ap.add_argument("--out", default=str(ROOT / "results" / "register.json"))
    args = ap.parse_args(argv)
    t = time.perf_counter()
    data = generate(args.n, args.bodies)
    gen_s = time.perf_counter() - t
    results: dict = {"applications": args.n, "bodies": args.bodies, "years": list(YEARS), "today": TODAY.isoformat(),
                     "generate_s": round(gen_s, 2), "cpu": os.cpu_count(), "python": sys.version.split()[0]}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = run(f"sqlite:///{tmp}/bench.db", "sqlite", data, args.bodies)
    if not args.skip_pg:
        results["postgresql"] = run(args.pg_url, "postgresql", data, args.bodies,
                                    schema=f"gk_bench_{os.getpid()}")
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"登记册基准：{args.n} 件申请，{args.bodies} 个机关，{YEARS[0]}–{YEARS[-1]} 年（生成 {gen_s:.1f} 秒）")
    for db in ("sqlite", "postgresql"):
        r = results.get(db)
        if not r:
            continue
        print(f"[{db}] 批量写入 {r['applications']} 件申请、{r['events']} 个事项：{r['load_s']} 秒")
        y = r["year_report_one_body_s"]
        print(f"[{db}] 一个机关的年度表格（{y['applications_counted']} 件）：中位数 {y['median'] * 1000:.1f} ms"
              f"（目标 < 1000 ms）；表格规则错误 {len(y['table_rule_errors'])} 个")
        y = r["year_report_rollup_all_bodies_s"]
        print(f"[{db}] 全部机关汇总的年度表格（{y['applications_counted']} 件）：中位数 {y['median'] * 1000:.1f} ms")
        d = r["due_list_one_body_s"]
        print(f"[{db}] 一个机关的期限提醒（{d['items']} 件）：中位数 {d['median'] * 1000:.2f} ms（目标 < 100 ms）")
        d = r["due_list_all_bodies_s"]
        print(f"[{db}] 全部机关的期限提醒（{d['items']} 件）：中位数 {d['median'] * 1000:.2f} ms")
        if "record_event_ms" in r:
            print(f"[{db}] 登记一个办理事项（含校验、审计）：中位数 {r['record_event_ms']['median']} ms")
    print(f"峰值内存 {results['peak_rss_mb']} MB；结果写入 {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
