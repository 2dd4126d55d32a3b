"""Table 3 accounting rules (表三勾稽关系): column balance, row totals, outcome totals."""
from __future__ import annotations

from typing import Iterator

from ..model import Finding, Report
from ..model import fields as F
from ._common import (T3_ROW_SHORT, cell_state, cells, describe_missing, error, fmt_num, has_any, has_tables,
                      notice, t3_col_label, t3_row_label)
from ._sums import balance
from .base import rule

# Rows whose 总计 cell must be filled in; elsewhere reports often leave it blank (report-format.md).
TOTAL_REQUIRED_ROWS = ("new", "carried_over", "total", "carry_forward")
_MAX_LISTED = 8


def _applies(report: Report) -> bool:
    return has_tables(report) and has_any(report, "t3.")


def _terms(pairs: list[tuple[str, int | float | None]]) -> str:
    """``（一）予以公开 1 + （六）其他处理 5``: the non-zero terms, blanks marked 空."""
    shown = [(label, n) for label, n in pairs if n != 0]
    if not shown:
        return "各项均为0"
    more = len(shown) - _MAX_LISTED
    text = " + ".join(f"{label} {fmt_num(n)}" for label, n in shown[:_MAX_LISTED])
    return text + (f" + 其余{more}项" if more > 0 else "")


@rule("T3_COLUMN_BALANCE", "表三各列：一 + 二 = 三（七）总计 + 四")
def column_balance(report: Report) -> Iterator[Finding]:
    """Per column (每列勾稽关系): 本年新收 + 上年结转 = 办理结果总计 + 结转下年度."""
    if not _applies(report):
        return
    unknown: list[str] = []
    unknown_fields: list[str] = []
    loc = None
    for col in F.T3_COLUMN_IDS:
        ids = [f"t3.{r}.{col}" for r in ("new", "carried_over", "total", "carry_forward")]
        c = cells(report, ids)
        b = balance(c, ids[:2], ids[2:])
        n = {r: c.num(f"t3.{r}.{col}") for r in ("new", "carried_over", "total", "carry_forward")}
        if b.outcome == "error":
            msg = (f"表三“{t3_col_label(col)}”列：一（{fmt_num(n['new'])}）+ 二（{fmt_num(n['carried_over'])}）"
                   f"= {fmt_num(b.left)}，不等于 三（七）总计（{fmt_num(n['total'])}）+ 四"
                   f"（{fmt_num(n['carry_forward'])}）= {fmt_num(b.right)}")
            if not c.complete:
                msg += "（空白单元格无论填多少都无法使两边相等）"
            yield error("T3_COLUMN_BALANCE", msg, ids, c.location(f"t3.total.{col}"))
        elif b.outcome == "unknown":
            short = {f"t3.{r}.{col}": s for r, s in T3_ROW_SHORT.items()}
            unknown.append(f"“{t3_col_label(col)}”列（{describe_missing(c, short)}）")
            unknown_fields += c.missing
            loc = loc or c.location(*c.missing)
    if unknown:
        yield notice("T3_COLUMN_BALANCE",
                     "表三以下各列有单元格未填数字，无法核对“一 + 二 = 三（七）总计 + 四”："
                     + "；".join(unknown) + "。空白不等于0，如为0请填写0。",
                     unknown_fields, loc)


@rule("T3_ROW_TOTAL", "表三各行：总计 = 自然人 + 法人或其他组织各列")
def row_total(report: Report) -> Iterator[Finding]:
    """Per row (每行合计): 总计 = the six applicant columns (申请人各列之和)."""
    if not _applies(report):
        return
    unknown: list[str] = []
    unknown_fields: list[str] = []
    loc = None
    rows = [r.id for r in F.T3_ROWS["2021" if report.format == "2021" else "2019"]]
    if report.format == "2021" and report.single_other:
        rows = [r for r in rows if r not in F.T3_OTHER_ROWS_2021]
        rows.insert(rows.index("total"), "other")
    for row in rows:
        tid = f"t3.{row}.total"
        parts = [f"t3.{row}.{c}" for c in F.T3_APPLICANT_COLUMNS]
        c = cells(report, [tid] + parts)
        if all(c.values[f] is None for f in c.ids):
            continue  # row not printed / not read: the reader's notes say so
        if c.num(tid) is None and row not in TOTAL_REQUIRED_ROWS:
            continue  # 总计 left blank by convention on this row
        b = balance(c, [tid], parts)
        if b.outcome == "error":
            terms = _terms([(t3_col_label(F.split_field(f)[2]), c.num(f)) for f in parts])
            msg = (f"表三“{t3_row_label(row)}”行：总计（{fmt_num(c.num(tid))}）不等于各类申请人之和 "
                   f"{fmt_num(b.right)}（{terms}）")
            yield error("T3_ROW_TOTAL", msg, [tid] + parts, c.location(tid))
        elif b.outcome == "unknown":
            short = {f: t3_col_label(F.split_field(f)[2]) for f in c.ids}
            unknown.append(f"“{t3_row_label(row)}”行（{describe_missing(c, short)}）")
            unknown_fields += c.missing
            loc = loc or c.location(*c.missing)
    if unknown:
        yield notice("T3_ROW_TOTAL",
                     "表三以下各行有单元格未填数字，无法核对“总计 = 各类申请人之和”：" + "；".join(unknown)
                     + "。空白不等于0，如为0请填写0。", unknown_fields, loc)


@rule("T3_OUTCOME_TOTAL", "表三各列：（七）总计 = 各项办理结果之和")
def outcome_total(report: Report) -> Iterator[Finding]:
    """Per column (办理结果合计): （七）总计 = （一）+（二）+Σ（三）+Σ（四）+Σ（五）+（六）."""
    if not _applies(report):
        return
    outcome_rows = F.outcome_rows(report.format or "", report.single_other)
    unknown: list[str] = []
    unknown_fields: list[str] = []
    loc = None
    for col in F.T3_COLUMN_IDS:
        tid = f"t3.total.{col}"
        parts = [f"t3.{r}.{col}" for r in outcome_rows]
        c = cells(report, [tid] + parts)
        b = balance(c, [tid], parts)
        if b.outcome == "error":
            terms = _terms([(t3_row_label(F.split_field(f)[1]), c.num(f)) for f in parts])
            msg = (f"表三“{t3_col_label(col)}”列：三（七）总计（{fmt_num(c.num(tid))}）不等于各项办理结果之和 "
                   f"{fmt_num(b.right)}（{terms}）")
            yield error("T3_OUTCOME_TOTAL", msg, [tid] + parts, c.location(tid))
        elif b.outcome == "unknown":
            if col == "total" and c.num(tid) is not None:
                # the 总计 column of outcome rows is left blank by convention: the rows' own
                # columns are checked instead
                continue
            if c.num(tid) is None:
                unknown.append(f"“{t3_col_label(col)}”列（三（七）总计{cell_state(c.values[tid])}）")
            else:
                unknown.append(f"“{t3_col_label(col)}”列（{len(c.missing)}项办理结果未填数字）")
            unknown_fields += c.missing
            loc = loc or c.location(*c.missing)
    if unknown:
        yield notice("T3_OUTCOME_TOTAL",
                     "表三以下各列有单元格未填数字，无法核对“（七）总计 = 各项办理结果之和”："
                     + "；".join(unknown) + "。空白不等于0，如为0请填写0。", unknown_fields, loc)
