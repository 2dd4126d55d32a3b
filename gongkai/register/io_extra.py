"""The other tables of the register in an import/export file (登记册导入导出：表四案件、表二数字).

Besides the applications and events (:mod:`gongkai.register.io`), a register holds review and
litigation cases (行政复议/行政诉讼, Table 4) and the Table 2 counts (主动公开情况). An XLSX file holds
them on two more sheets, :data:`REVIEW_SHEET` and :data:`PROACTIVE_SHEET`; a CSV file holds one
table, so they go to sibling files next to it (``登记册.csv`` → ``登记册-行政复议诉讼.csv`` and
``登记册-主动公开.csv``, see :func:`sibling_paths`). Headers may be Chinese or the ids below.

Import goes through the service functions (every guard and the audit log apply) and is
repeatable:

- a review case already in the register is recognised by 机关 + 类别 + 案号 + 立案日期 (a blank
  案号 matches a case without one; two identical lines of one file are two cases; among several
  cases with the same key a line first takes one with the same result, then a pending one). A
  recognised case is left as it is (备注 and 受理编号 are not compared), except that a result in the
  file is recorded (``decide_review_case``) on a case still pending; a result different from the
  one registered is refused; a line without a result leaves a decided case decided.
- a Table 2 count is set like ``set_proactive_count`` (upsert); a cell that already has the same
  value is not written again (no audit entry), so importing the same file twice changes nothing.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..model import fields as F
from . import service as S
from .errors import InvalidInput, RegisterError
from .models import REVIEW_GROUPS, REVIEW_OUTCOMES, Application, Body, ProactiveCount, ReviewCase

REVIEW_SHEET = "行政复议诉讼"
PROACTIVE_SHEET = "主动公开"
SHEETS = (REVIEW_SHEET, PROACTIVE_SHEET)

REVIEW_COLUMNS: list[tuple[str, str]] = [
    ("body", "机关"),
    ("group", "类别"),
    ("case_no", "案号"),
    ("filed_on", "立案日期"),
    ("outcome", "结果"),
    ("decided_on", "审结日期"),
    ("note", "备注"),
    ("ref_no", "受理编号"),
]
PROACTIVE_COLUMNS: list[tuple[str, str]] = [
    ("body", "机关"),
    ("year", "年度"),
    ("field_id", "栏目编号"),
    ("field_label", "栏目"),
    ("value", "数值"),
]
COLUMNS = {REVIEW_SHEET: REVIEW_COLUMNS, PROACTIVE_SHEET: PROACTIVE_COLUMNS}
NUMERIC = {"year", "value"}  # written as numbers on an XLSX sheet
_REQUIRED = {REVIEW_SHEET: ("group", "filed_on"), PROACTIVE_SHEET: ("year", "value")}


@dataclass
class ExtraCounts:
    review_added: int = 0
    review_decided: int = 0
    review_unchanged: int = 0
    proactive_set: int = 0
    proactive_unchanged: int = 0
    sources: list[str] = field(default_factory=list)


def sibling_paths(path: str | Path) -> dict[str, Path]:
    """The sibling CSV files of a CSV export: ``{sheet: path}``."""
    path = Path(path)
    return {sheet: path.with_name(f"{path.stem}-{sheet}{path.suffix}") for sheet in SHEETS}


def _number(v) -> str:
    d = Decimal(v)
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def review_rows(session: Session, *, body_id: int | None = None, year: int | None = None) -> list[dict[str, str]]:
    """The review and litigation cases (filed in ``year`` when given) as lines of :data:`REVIEW_COLUMNS`."""
    q = (select(ReviewCase, Body.name, Application.id, Application.ref_no)
         .join(Body, Body.id == ReviewCase.body_id)
         .outerjoin(Application, Application.id == ReviewCase.application_id)
         .order_by(ReviewCase.body_id, ReviewCase.filed_on, ReviewCase.id))
    if body_id is not None:
        q = q.where(ReviewCase.body_id == body_id)
    if year is not None:
        q = q.where(ReviewCase.filed_on >= dt.date(year, 1, 1), ReviewCase.filed_on <= dt.date(year, 12, 31))
    out = []
    for case, body_name, app_id, ref_no in session.execute(q).all():
        out.append({"body": body_name, "group": REVIEW_GROUPS[case.grp], "case_no": case.case_no or "",
                    "filed_on": case.filed_on.isoformat(),
                    "outcome": REVIEW_OUTCOMES[case.outcome] if case.outcome else "",
                    "decided_on": case.decided_on.isoformat() if case.decided_on else "", "note": case.note or "",
                    # the same reference as the application's lines of the main sheet (io.export_rows)
                    "ref_no": (ref_no or f"#{app_id}") if app_id is not None else ""})
    return out


def proactive_rows(session: Session, *, body_id: int | None = None, year: int | None = None) -> list[dict[str, str]]:
    """The entered Table 2 counts (of ``year`` when given) as lines of :data:`PROACTIVE_COLUMNS`."""
    q = (select(ProactiveCount, Body.name).join(Body, Body.id == ProactiveCount.body_id)
         .order_by(ProactiveCount.body_id, ProactiveCount.year, ProactiveCount.id))
    if body_id is not None:
        q = q.where(ProactiveCount.body_id == body_id)
    if year is not None:
        q = q.where(ProactiveCount.year == year)
    found = session.execute(q).all()
    order: dict[int, dict[str, int]] = {}
    for row, _ in found:
        if row.year not in order:
            order[row.year] = {f: i for i, f in enumerate(S.proactive_fields(row.year))}
    found.sort(key=lambda r: (r[0].body_id, r[0].year, order[r[0].year].get(r[0].field_id, 10**6), r[0].field_id))
    return [{"body": name, "year": str(row.year), "field_id": row.field_id, "field_label": F.field_label(row.field_id),
             "value": _number(row.value)} for row, name in found]


def export_tables(session: Session, *, body_id: int | None = None,
                  year: int | None = None) -> dict[str, list[dict[str, str]]]:
    """``{sheet: lines}`` of the tables other than applications and events."""
    return {REVIEW_SHEET: review_rows(session, body_id=body_id, year=year),
            PROACTIVE_SHEET: proactive_rows(session, body_id=body_id, year=year)}


# --------------------------------------------------------------------------- import


class _Ctx:
    def __init__(self, session: Session, actor: str, default_body_id: int | None):
        self.session, self.actor, self.default_body_id = session, actor, default_body_id
        self.bodies: dict[str, int] = {}
        self.claimed: set[int] = set()  # review cases matched or added by this import
        self.counts = ExtraCounts()

    def body_id(self, name: str) -> int:
        if name:
            if name not in self.bodies:
                self.bodies[name] = S.get_body(self.session, name).id
            return self.bodies[name]
        if self.default_body_id is not None:
            return self.default_body_id
        raise InvalidInput("“机关”为空")


def _review_parse(ctx: _Ctx, rec: dict[str, str]) -> dict:
    body_id = ctx.body_id(rec.get("body", ""))
    outcome = S._choice(rec["outcome"], REVIEW_OUTCOMES, "案件结果") if rec.get("outcome") else None
    out = {"body_id": body_id, "grp": S._choice(rec.get("group", ""), REVIEW_GROUPS, "案件类别"),
           "filed_on": S.parse_date(rec.get("filed_on", ""), "立案日期"), "case_no": rec.get("case_no", ""),
           "outcome": outcome,
           "decided_on": S.parse_date(rec["decided_on"], "审结日期") if rec.get("decided_on") else None}
    if (outcome is None) != (out["decided_on"] is None):
        raise InvalidInput("“结果”和“审结日期”须同时填写（尚未审结的案件两栏都留空）")
    return out


def _candidates(ctx: _Ctx, p: dict) -> list[ReviewCase]:
    """Unclaimed cases of the register with the same body, group, filing date and case number."""
    q = select(ReviewCase).where(ReviewCase.body_id == p["body_id"], ReviewCase.grp == p["grp"],
                                 ReviewCase.filed_on == p["filed_on"]).order_by(ReviewCase.id)
    return [c for c in ctx.session.execute(q).scalars()
            if c.id not in ctx.claimed and (c.case_no or "").strip() == p["case_no"]]


def _review_exact(ctx: _Ctx, rec: dict[str, str]) -> bool:
    """First pass: claim a case that is exactly as in the line (so that, of several cases with the
    same key, a pending line does not take the decided case nor a decided line the pending one)."""
    try:
        p = _review_parse(ctx, rec)
    except RegisterError:
        return False  # reported by the second pass
    for c in _candidates(ctx, p):
        if (c.outcome, c.decided_on) == (p["outcome"], p["decided_on"]):
            ctx.claimed.add(c.id)
            return True
    return False


def _review_line(ctx: _Ctx, rec: dict[str, str]) -> None:
    s = ctx.session
    p = _review_parse(ctx, rec)
    outcome, decided_on = p["outcome"], p["decided_on"]
    app_id = None
    if rec.get("ref_no"):
        app_id = s.execute(select(Application.id).where(Application.body_id == p["body_id"],
                                                        Application.ref_no == rec["ref_no"])).scalar_one_or_none()
        if app_id is None:
            raise InvalidInput(f"没有受理编号为“{rec['ref_no']}”的申请")
    existing = _candidates(ctx, p)
    if existing:
        case = min(existing, key=lambda c: 0 if c.outcome is None else 1)  # a pending one first
        ctx.claimed.add(case.id)
        if outcome is None:  # the register knows more than the file: keep it
            ctx.counts.review_unchanged += 1
        elif case.outcome is None:
            S.decide_review_case(s, case.id, outcome, decided_on, actor=ctx.actor)
            ctx.counts.review_decided += 1
        else:
            raise InvalidInput(
                f"登记册中已有该案件（编号 {case.id}），已于{case.decided_on.isoformat()}审结为"
                f"“{REVIEW_OUTCOMES[case.outcome]}”，与本行（{decided_on.isoformat()}，"
                f"“{REVIEW_OUTCOMES[outcome]}”）不一致")
        return
    case = S.add_review_case(s, body_id=p["body_id"], group=p["grp"], filed_on=p["filed_on"], application_id=app_id,
                             case_no=p["case_no"] or None, note=rec.get("note") or None, actor=ctx.actor)
    ctx.claimed.add(case.id)
    ctx.counts.review_added += 1
    if outcome is not None:
        S.decide_review_case(s, case.id, outcome, decided_on, actor=ctx.actor)


def _proactive_line(ctx: _Ctx, rec: dict[str, str]) -> None:
    s = ctx.session
    body_id = ctx.body_id(rec.get("body", ""))
    y = rec.get("year", "").removesuffix("年").strip()
    if not y.isdigit():
        raise InvalidInput(f"年度“{rec.get('year', '')}”不是年份")
    year = int(y)
    fid = rec.get("field_id", "")
    if not fid:
        label = rec.get("field_label", "")
        fid = next((f for f in S.proactive_fields(year) if label and F.field_label(f) == label), "")
        if not fid:
            raise InvalidInput(f"“栏目编号”为空，栏目“{label}”也不是{year}年度表二的栏目" if label else "“栏目编号”为空")
    value = rec.get("value", "")
    if not value:
        raise InvalidInput(f"{F.field_label(fid)}：“数值”为空")
    try:
        v = Decimal(value.replace(",", ""))
    except InvalidOperation:
        v = None  # set_proactive_count says why
    old = s.execute(select(ProactiveCount.value).where(
        ProactiveCount.body_id == body_id, ProactiveCount.year == year,
        ProactiveCount.field_id == fid)).scalar_one_or_none()
    if v is not None and old is not None and v.is_finite() and Decimal(old) == v:
        ctx.counts.proactive_unchanged += 1
        return
    S.set_proactive_count(s, body_id, year, fid, value, actor=ctx.actor)
    ctx.counts.proactive_set += 1


_LINE = {REVIEW_SHEET: _review_line, PROACTIVE_SHEET: _proactive_line}


def _headers(tables, has_default_body: bool):
    parsed, problems = [], []
    for where, sheet, rows in tables:
        rows = list(rows)
        while rows and not any(c.strip() for c in rows[-1]):
            rows.pop()
        if not rows:
            continue
        by_header = {label: key for key, label in COLUMNS[sheet]} | {key: key for key, _ in COLUMNS[sheet]}
        keys = []
        for i, h in enumerate(c.strip() for c in rows[0]):
            keys.append(by_header.get(h))
            if keys[-1] is None and h:
                problems.append((1, f"{where}：第{i + 1}列表头“{h}”无法识别"))
        labels = dict(COLUMNS[sheet])
        for required in _REQUIRED[sheet]:
            if required not in keys:
                problems.append((1, f"{where}：缺少“{labels[required]}”列"))
        if sheet == PROACTIVE_SHEET and "field_id" not in keys and "field_label" not in keys:
            problems.append((1, f"{where}：缺少“栏目编号”列"))
        if "body" not in keys and not has_default_body:
            problems.append((1, f"{where}：缺少“机关”列（或用 --body 指定机关）"))
        parsed.append((where, sheet, keys, rows))
    return parsed, problems


def check_headers(tables: list[tuple[str, str, list[list[str]]]], *, has_default_body: bool) -> list[tuple[int, str]]:
    """The header problems of ``(where, sheet, rows)`` tables (line 1, "where：reason")."""
    return _headers(tables, has_default_body)[1]


def import_tables(session: Session, tables: list[tuple[str, str, list[list[str]]]], *, actor: str,
                  default_body_id: int | None = None) -> tuple[ExtraCounts, list[tuple[int, str]]]:
    """Import ``(where, sheet, rows)`` tables (``where`` names the sheet or file in messages).

    Returns the counts and the refused lines ``(line number, "where：reason")``; the caller raises
    and rolls back when any line was refused (it checks the headers first: :func:`check_headers`).
    """
    ctx = _Ctx(session, actor, default_body_id)
    ctx.counts.sources = [where for where, _, _ in tables]
    parsed, problems = _headers(tables, default_body_id is not None)
    if problems:
        return ctx.counts, problems
    lines = []
    for where, sheet, keys, rows in parsed:
        for lineno, raw in enumerate(rows[1:], start=2):
            if any(c.strip() for c in raw):
                lines.append((where, sheet, lineno,
                              {k: (raw[i].strip() if i < len(raw) else "") for i, k in enumerate(keys) if k}))
    exact = {(where, n) for where, sheet, n, rec in lines if sheet == REVIEW_SHEET and _review_exact(ctx, rec)}
    for where, sheet, lineno, rec in lines:
        if (where, lineno) in exact:
            ctx.counts.review_unchanged += 1
            continue
        try:
            _LINE[sheet](ctx, rec)
        except RegisterError as e:
            problems.append((lineno, f"{where}：{e.message}"))
    return ctx.counts, problems
