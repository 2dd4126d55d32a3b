"""Table accounting rules (表三、表四勾稽关系): every equation of the report's national format,
evaluated here from its definition in :mod:`gongkai.model.formats`.

Sources: the notes of Tables 3 and 4 in 国办公开办函〔2019〕60号 and 国办公开办函〔2021〕30号
(表三：“第一项加第二项之和，等于第三项加第四项之和”; each 总计 the sum of its parts). The
equation's code, cells and blank treatment are data; this module only words the findings.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..model import Finding, Report
from ..model import fields as F
from ..model import formats
from ._common import (T3_ROW_SHORT, T4_COLUMN_SHORT, Cells, cell_state, cells, describe_missing, error, fmt_num,
                      has_any, notice, t3_col_label, t3_row_label)
from ._sums import Balance, balance
from .base import rule

_MAX_LISTED = 8
_BLANK_HINT = "。空白不等于0，如为0请填写0。"


@dataclass
class Instance:
    """One instance of an equation (one column, row or group) with its cells and outcome."""

    item: str
    left: list[str]
    right: list[str]
    cells: Cells
    balance: Balance


def evaluate(report: Report, code: str) -> Iterator[Instance]:
    """The instances of the equations ``code`` of the report's format, blanks treated as the
    equation says (instances skipped by convention are not yielded)."""
    fmt = formats.find(report.format)
    if fmt is None or not fmt.has_tables:
        return
    for eq in fmt.equation(code):
        if not has_any(report, eq.left[0].split(".", 1)[0] + "."):
            continue
        for item, left, right in fmt.instances(eq, report.single_other):
            c = cells(report, left + right)
            if eq.blanks.skip_unprinted and all(c.values[f] is None for f in c.ids):
                continue  # row not printed / not read: the reader's notes say so
            if (eq.blanks.left_required is not None and item not in eq.blanks.left_required
                    and any(c.num(f) is None for f in left)):
                continue  # 总计 left blank by convention on this row
            b = balance(c, left, right)
            if (b.outcome == "unknown" and item in eq.blanks.lenient
                    and all(c.num(f) is not None for f in left)):
                continue  # the 总计 column of outcome rows is left blank by convention
            yield Instance(item, left, right, c, b)


def _terms(pairs: list[tuple[str, int | float | None]]) -> str:
    """``（一）予以公开 1 + （六）其他处理 5``: the non-zero terms, blanks marked 空."""
    shown = [(label, n) for label, n in pairs if n != 0]
    if not shown:
        return "各项均为0"
    more = len(shown) - _MAX_LISTED
    text = " + ".join(f"{label} {fmt_num(n)}" for label, n in shown[:_MAX_LISTED])
    return text + (f" + 其余{more}项" if more > 0 else "")


def _run(report: Report, code: str, error_msg, unknown_msg, intro: str, primary) -> Iterator[Finding]:
    unknown: list[str] = []
    unknown_fields: list[str] = []
    loc = None
    for inst in evaluate(report, code):
        c = inst.cells
        if inst.balance.outcome == "error":
            yield error(code, error_msg(inst), c.ids, c.location(primary(inst)))
        elif inst.balance.outcome == "unknown":
            unknown.append(unknown_msg(inst))
            unknown_fields += c.missing
            loc = loc or c.location(*c.missing)
    if unknown:
        yield notice(code, intro + "；".join(unknown) + _BLANK_HINT, unknown_fields, loc)


# --------------------------------------------------------------------------- Table 3

def _column_balance_error(i: Instance) -> str:
    n = [fmt_num(i.cells.num(f)) for f in i.left + i.right]
    msg = (f"表三“{t3_col_label(i.item)}”列：一（{n[0]}）+ 二（{n[1]}）= {fmt_num(i.balance.left)}，不等于 "
           f"三（七）总计（{n[2]}）+ 四（{n[3]}）= {fmt_num(i.balance.right)}")
    if not i.cells.complete:
        msg += "（空白单元格无论填多少都无法使两边相等）"
    return msg


def _column_balance_unknown(i: Instance) -> str:
    short = {f"t3.{r}.{i.item}": s for r, s in T3_ROW_SHORT.items()}
    return f"“{t3_col_label(i.item)}”列（{describe_missing(i.cells, short)}）"


@rule("T3_COLUMN_BALANCE", "表三各列：一 + 二 = 三（七）总计 + 四")
def column_balance(report: Report) -> Iterator[Finding]:
    """Per column (每列勾稽关系): 本年新收 + 上年结转 = 办理结果总计 + 结转下年度."""
    yield from _run(report, "T3_COLUMN_BALANCE", _column_balance_error, _column_balance_unknown,
                    "表三以下各列有单元格未填数字，无法核对“一 + 二 = 三（七）总计 + 四”：", lambda i: i.right[0])


def _row_total_error(i: Instance) -> str:
    terms = _terms([(t3_col_label(F.split_field(f)[2]), i.cells.num(f)) for f in i.right])
    return (f"表三“{t3_row_label(i.item)}”行：总计（{fmt_num(i.cells.num(i.left[0]))}）不等于各类申请人之和 "
            f"{fmt_num(i.balance.right)}（{terms}）")


def _row_total_unknown(i: Instance) -> str:
    short = {f: t3_col_label(F.split_field(f)[2]) for f in i.cells.ids}
    return f"“{t3_row_label(i.item)}”行（{describe_missing(i.cells, short)}）"


@rule("T3_ROW_TOTAL", "表三各行：总计 = 自然人 + 法人或其他组织各列")
def row_total(report: Report) -> Iterator[Finding]:
    """Per row (每行合计): 总计 = the six applicant columns (申请人各列之和)."""
    yield from _run(report, "T3_ROW_TOTAL", _row_total_error, _row_total_unknown,
                    "表三以下各行有单元格未填数字，无法核对“总计 = 各类申请人之和”：", lambda i: i.left[0])


def _outcome_error(i: Instance) -> str:
    terms = _terms([(t3_row_label(F.split_field(f)[1]), i.cells.num(f)) for f in i.right])
    return (f"表三“{t3_col_label(i.item)}”列：三（七）总计（{fmt_num(i.cells.num(i.left[0]))}）不等于各项办理结果之和 "
            f"{fmt_num(i.balance.right)}（{terms}）")


def _outcome_unknown(i: Instance) -> str:
    tid = i.left[0]
    if i.cells.num(tid) is None:
        return f"“{t3_col_label(i.item)}”列（三（七）总计{cell_state(i.cells.values[tid])}）"
    return f"“{t3_col_label(i.item)}”列（{len(i.cells.missing)}项办理结果未填数字）"


@rule("T3_OUTCOME_TOTAL", "表三各列：（七）总计 = 各项办理结果之和")
def outcome_total(report: Report) -> Iterator[Finding]:
    """Per column (办理结果合计): （七）总计 = （一）+（二）+Σ（三）+Σ（四）+Σ（五）+（六）."""
    yield from _run(report, "T3_OUTCOME_TOTAL", _outcome_error, _outcome_unknown,
                    "表三以下各列有单元格未填数字，无法核对“（七）总计 = 各项办理结果之和”：", lambda i: i.left[0])


# --------------------------------------------------------------------------- Table 4

def _t4_label(report: Report, group: str) -> str:
    fmt = formats.get(report.format)
    return next((g.label for g in fmt.t4_groups if g.id == group), group)


@rule("T4_GROUP_TOTAL", "表四各组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结")
def group_total(report: Report) -> Iterator[Finding]:
    """Per group of Table 4 (行政复议/直接起诉/复议后起诉): the 总计 cell adds up its four results."""

    def err(i: Instance) -> str:
        terms = " + ".join(f"{T4_COLUMN_SHORT[F.split_field(f)[2]]}（{fmt_num(i.cells.num(f))}）" for f in i.right)
        return (f"表四“{_t4_label(report, i.item)}”：总计（{fmt_num(i.cells.num(i.left[0]))}）不等于 {terms} = "
                f"{fmt_num(i.balance.right)}")

    def unknown(i: Instance) -> str:
        short = {f: T4_COLUMN_SHORT[F.split_field(f)[2]] for f in i.cells.ids}
        return f"“{_t4_label(report, i.item)}”（{describe_missing(i.cells, short)}）"

    yield from _run(report, "T4_GROUP_TOTAL", err, unknown,
                    "表四以下各组有单元格未填数字，无法核对“总计 = 各项结果之和”：", lambda i: i.left[0])


def table_codes() -> frozenset[str]:
    """The rule codes of every equation of every format (the table rules, 表格勾稽关系)."""
    return frozenset(e.code for f in formats.table_formats() for e in f.equations)
