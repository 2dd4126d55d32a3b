"""Cell value rules (单元格取值): invalid counts and amount units."""
from __future__ import annotations

import re
from typing import Iterator

from ..model import Finding, Report, Value
from ..model import fields as F
from ..model import formats
from ._common import error, fmt_num, has_tables, warning
from .base import rule

_MONEY = re.compile(r"[元¥￥]|万元|人民币")
# An amount above this (in 万元, i.e. 10 亿元) is implausible for one body's procurement or
# fees in a year: most likely 元 were written in a 万元 column.
AMOUNT_PLAUSIBLE_MAX = 100000


def _table_values(report: Report) -> list[Value]:
    return [v for fid, v in report.values.items() if F.is_known_field(fid) and not fid.startswith("meta.")]


@rule("VALUE_INVALID", "表格数字无效：负数、小数、文字或金额填在件数栏")
def value_invalid(report: Report) -> Iterator[Finding]:
    """A count cell (件数/项目数) must hold a whole number ≥ 0; only 本年增/减 may be signed;
    amounts (采购总金额/收费金额) may be fractional but not negative or text."""
    if not has_tables(report):
        return
    for v in _table_values(report):
        label = F.field_label(v.field)
        raw = (v.raw or "").strip()
        if v.kind == "text":
            if v.field in F.AMOUNT_FIELDS:
                msg = f"“{label}”应填写金额数字（单位万元或元），实际填写“{raw}”，无法读取"
            elif _MONEY.search(raw):
                msg = f"“{label}”应填写件数或项目数，实际填写了金额“{raw}”"
            else:
                msg = f"“{label}”应填写数字，实际填写“{raw}”"
            yield error("VALUE_INVALID", msg, [v.field], v.location)
            continue
        n = v.number
        if n is None:
            continue
        if n < 0 and v.field not in F.SIGNED_FIELDS:
            yield error("VALUE_INVALID", f"“{label}”不应为负数，实际填写“{raw or fmt_num(n)}”",
                        [v.field], v.location)
        elif isinstance(n, float) and not n.is_integer() and v.field not in F.AMOUNT_FIELDS:
            yield error("VALUE_INVALID", f"“{label}”应为整数（件数/项目数），实际填写“{raw or fmt_num(n)}”",
                        [v.field], v.location)


@rule("AMOUNT_UNIT", "金额单位缺失或明显不合理")
def amount_unit(report: Report) -> Iterator[Finding]:
    """Amounts (采购总金额, 本年收费金额) are exported in 万元: the unit must be known and the
    figure plausible for one body."""
    if not has_tables(report):
        return
    for fid in sorted(F.AMOUNT_FIELDS):
        v = report.get(fid)
        if v is None or v.kind != "number" or v.number == 0:
            continue
        label = F.field_label(fid)
        raw = (v.raw or "").strip()
        header_has_unit = fid in formats.get(report.format).unit_in_header  # header: （单位：万元）
        if not v.unit and not v.header_unit and not header_has_unit:
            yield warning("AMOUNT_UNIT",
                          f"“{label}”填写“{raw}”，表头和单元格都没有注明单位（万元或元），"
                          f"已按万元读取为{fmt_num(v.number)}万元，请核实并注明单位", [fid], v.location)
        elif v.number > AMOUNT_PLAUSIBLE_MAX and v.unit in ("元", "亿元", "千元"):
            yield warning("AMOUNT_UNIT",
                          f"“{label}”填写“{raw}”，即{fmt_num(round(v.number / 10000, 2))}亿元，"
                          "对一个机关的年度金额明显偏大，请核实", [fid], v.location)
        elif v.number > AMOUNT_PLAUSIBLE_MAX:
            yield warning("AMOUNT_UNIT",
                          f"“{label}”为{fmt_num(v.number)}万元（{fmt_num(round(v.number / 10000, 2))}亿元），"
                          f"对一个机关的年度金额明显偏大，可能把“元”当成了“万元”"
                          f"（若单位为元，应为{fmt_num(round(v.number / 10000, 4))}万元）", [fid], v.location)
