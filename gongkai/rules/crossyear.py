"""Cross-year rules (跨年度核对): two reports of the same body for consecutive years.

These need two reports, so they are not run by ``check(report)``; call
``check_pair(prev, cur)``. Their codes are listed in :data:`PAIR_RULES`.
"""
from __future__ import annotations

from ..model import Finding, Report
from ..model import fields as F
from ..model import formats
from ._common import error, fmt_num, notice, t3_col_label, warning

PAIR_RULES: dict[str, str] = {
    "CARRY_OVER_MISMATCH": "跨年度：本年“上年结转”不等于上年“结转下年度继续办理”",
    "IN_FORCE_MISMATCH": "跨年度：现行有效件数不等于上年现行有效件数 + 本年制发 − 本年废止",
}
_ROW_LABELS = {"rules": "规章", "normative": "行政规范性文件"}


def carry_over(prev: Report, cur: Report) -> list[Finding]:
    """This year's 二、上年结转 = last year's 四、结转下年度继续办理, per column (结转衔接)."""
    out: list[Finding] = []
    unchecked: list[str] = []
    fids: list[str] = []
    for col in F.T3_COLUMN_IDS:
        now, before = cur.get(f"t3.carried_over.{col}"), prev.get(f"t3.carry_forward.{col}")
        a, b = (now.number if now else None), (before.number if before else None)
        if a is None or b is None:
            if (now is not None or before is not None) and not (a in (None, 0) and b in (None, 0)):
                unchecked.append(t3_col_label(col))
                fids.append(f"t3.carried_over.{col}")
            continue
        if a != b:
            out.append(error("CARRY_OVER_MISMATCH",
                             f"表三“{t3_col_label(col)}”列：{cur.year}年“二、上年结转”为{fmt_num(a)}，"
                             f"但{prev.year}年报告“四、结转下年度继续办理”为{fmt_num(b)}",
                             [f"t3.carried_over.{col}"], now.location if now else None))
    if unchecked:
        out.append(notice("CARRY_OVER_MISMATCH",
                          "以下各列有单元格未填数字，无法核对本年“上年结转”与上年“结转下年度继续办理”："
                          + "、".join(unchecked), fids, None))
    return out


def _prints_in_force(fmt_id: str | None) -> bool:
    """True for a format whose Table 2 prints 现行有效件数 (the 2021 format)."""
    f = formats.find(fmt_id)
    return f is not None and "t2.rules.in_force" in f.all_table_fields


def in_force(prev: Report, cur: Report) -> list[Finding]:
    """2021 format: 现行有效件数 = last year's 现行有效件数 + 本年制发件数 − 本年废止件数."""
    out: list[Finding] = []
    if not _prints_in_force(cur.format):
        return out
    if not _prints_in_force(prev.format):
        return [notice("IN_FORCE_MISMATCH",
                       f"{prev.year}年报告不是2021年新版格式，没有“现行有效件数”，无法核对本年现行有效件数",
                       [], None)]
    for row, label in _ROW_LABELS.items():
        last = prev.number(f"t2.{row}.in_force")
        issued, repealed = cur.number(f"t2.{row}.issued"), cur.number(f"t2.{row}.repealed")
        v = cur.get(f"t2.{row}.in_force")
        now = v.number if v else None
        if None in (last, issued, repealed, now):
            if any(cur.get(f"t2.{row}.{c}") is not None for c in ("issued", "repealed", "in_force")):
                out.append(notice("IN_FORCE_MISMATCH",
                                  f"表二“{label}”有单元格未填数字，无法核对现行有效件数", [f"t2.{row}.in_force"],
                                  v.location if v else None))
            continue
        expected = last + issued - repealed
        if now != expected:
            out.append(error("IN_FORCE_MISMATCH",
                             f"表二“{label}·现行有效件数”为{fmt_num(now)}，但上年现行有效{fmt_num(last)} + "
                             f"本年制发{fmt_num(issued)} − 本年废止{fmt_num(repealed)} = {fmt_num(expected)}",
                             [f"t2.{row}.in_force", f"t2.{row}.issued", f"t2.{row}.repealed"],
                             v.location if v else None))
    return out


def check_pair(prev: Report, cur: Report) -> list[Finding]:
    """Cross-year findings for two reports of the same body (``prev`` one year before ``cur``)."""
    out: list[Finding] = []
    if prev.year is not None and cur.year is not None and cur.year != prev.year + 1:
        out.append(warning("CARRY_OVER_MISMATCH",
                           f"两份报告的年度为{prev.year}年和{cur.year}年，不是相邻年度，跨年度核对结果仅供参考",
                           ["meta.year"], None))
    if prev.agency and cur.agency and prev.agency not in cur.agency and cur.agency not in prev.agency:
        out.append(warning("CARRY_OVER_MISMATCH",
                           f"两份报告的机关不同（“{prev.agency}”与“{cur.agency}”），跨年度核对结果仅供参考",
                           ["meta.agency"], None))
    if prev.format in F.TABLE_FORMATS and cur.format in F.TABLE_FORMATS:
        out += carry_over(prev, cur)
        out += in_force(prev, cur)
    return out
