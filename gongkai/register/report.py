"""The year's tables from the register (由登记册生成年度报告表二至表四), by SQL aggregation.

Table 3, for each applicant column (by the applicant's kind):

- 一、本年新收 = applications received in the year
- 二、上年结转 = received before 1 January and not closed before 1 January
- 三、办理结果 = applications closed in the year, by their outcome row (（七）总计 = their sum)
- 四、结转下年度继续办理 = received by 31 December and not closed by 31 December

so 一 + 二 = （七） + 四 in every column by construction, and next year's 二 equals this year's 四.

Table 4: cases decided in the year by outcome; 尚未审结 = filed by 31 December and not decided by
then. Table 2: the counts entered for the year (a cell never entered stays blank — a blank is
not a zero).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from ..model import Report, formats
from ..model.values import number_value
from .errors import InvalidInput
from .models import Applicant, Application, ReviewCase
from .service import body_and_descendants, get_body, proactive_counts


def _num(v: Decimal) -> int | float:
    return int(v) if v == v.to_integral_value() else float(v)


def table3_counts(session: Session, body_ids: list[int], year: int) -> dict[str, int]:
    """Table 3 counts ``{row.column: n}`` (applicant columns only, without totals)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    A = Application
    closed_in_year = and_(A.closed_on >= start, A.closed_on <= end)
    outcome = case((closed_in_year, A.outcome), else_=None).label("outcome")
    q = (select(Applicant.kind, outcome,
                func.sum(case((A.received_on >= start, 1), else_=0)).label("new"),
                func.sum(case((A.received_on < start, 1), else_=0)).label("carried"),
                func.sum(case((or_(A.closed_on.is_(None), A.closed_on > end), 1), else_=0)).label("forward"),
                func.count().label("n"))
         .join(Applicant, Applicant.id == A.applicant_id)
         .where(A.body_id.in_(body_ids) if len(body_ids) > 1 else A.body_id == body_ids[0],
                A.received_on <= end, or_(A.closed_on.is_(None), A.closed_on >= start))
         .group_by(Applicant.kind, outcome))
    counts: dict[str, int] = {}
    fmt = formats.for_year(year)
    rows = set(fmt.outcome_rows())
    for kind, out, new, carried, forward, n in session.execute(q):
        for row, v in (("new", new), ("carried_over", carried), ("carry_forward", forward)):
            counts[f"{row}.{kind}"] = counts.get(f"{row}.{kind}", 0) + int(v or 0)
        if out is not None:
            if out not in rows:
                raise InvalidInput(f"{year}年有{n}件申请的办理结果“{out}”不属于{fmt.id}年格式表三，请核对登记数据")
            counts[f"{out}.{kind}"] = counts.get(f"{out}.{kind}", 0) + int(n)
    return counts


def table4_counts(session: Session, body_ids: list[int], year: int) -> dict[str, int]:
    """Table 4 counts ``{group.column: n}`` without totals."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    R = ReviewCase
    col = case((and_(R.decided_on >= start, R.decided_on <= end), R.outcome), else_="pending").label("col")
    q = (select(R.grp, col, func.count())
         .where(R.body_id.in_(body_ids), R.filed_on <= end, or_(R.decided_on.is_(None), R.decided_on >= start))
         .group_by(R.grp, col))
    return {f"{g}.{c}": int(n) for g, c, n in session.execute(q)}


def year_report(session: Session, body_id: int, year: int, *, rollup: bool = False) -> Report:
    """The year's Tables 2–4 of a body as a :class:`gongkai.model.Report` (``rollup``: with the bodies below it)."""
    body = get_body(session, body_id)
    fmt = formats.for_year(year)
    if not fmt.has_tables:
        raise InvalidInput(f"{year}年度没有统一的年度报告表格（2019年起适用新格式）")
    ids = body_and_descendants(session, body.id) if rollup else [body.id]
    t3 = table3_counts(session, ids, year)
    t4 = table4_counts(session, ids, year)
    t2 = proactive_counts(session, ids, year)
    # counted cells from the register; the totals balance through the format's equations
    totals = {t for t, _ in fmt.sum_cells()}
    counts = {fid: {"t3": t3, "t4": t4}[fid[:2]].get(fid[3:], 0)
              for fid in fmt.table_fields() if fid[:2] in ("t3", "t4") and fid not in totals}
    counts = fmt.fill_totals(counts)
    values = {}
    for fid in fmt.table_fields():
        if fid.startswith("t2."):
            values[fid] = number_value(fid, _num(t2[fid]) if fid in t2 else None)
        else:
            values[fid] = number_value(fid, counts[fid])
    suffix = "（含下级机关汇总）" if rollup and len(ids) > 1 else ""
    return Report(source=f"登记册：{body.name}{suffix}", agency=body.name, year=year, format=fmt.id, values=values,
                  title=f"{body.name}{year}年政府信息公开工作年度报告")
