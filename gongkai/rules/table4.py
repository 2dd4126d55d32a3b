"""Table 4 accounting rule (表四合计): per group, 总计 = 维持 + 纠正 + 其他 + 尚未审结."""
from __future__ import annotations

from typing import Iterator

from ..model import Finding, Report
from ..model import fields as F
from ._common import T4_COLUMN_SHORT, cells, describe_missing, error, fmt_num, has_any, has_tables, notice
from ._sums import balance
from .base import rule

T4_GROUP_LABELS = {g.id: g.label for g in F.T4_GROUPS}
_PARTS = ("upheld", "corrected", "other", "pending")


@rule("T4_GROUP_TOTAL", "表四各组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结")
def group_total(report: Report) -> Iterator[Finding]:
    """Per group of Table 4 (行政复议/直接起诉/复议后起诉): the 总计 cell adds up its four results."""
    if not (has_tables(report) and has_any(report, "t4.")):
        return
    unknown: list[str] = []
    unknown_fields: list[str] = []
    loc = None
    for g in F.T4_GROUP_IDS:
        tid = f"t4.{g}.total"
        parts = [f"t4.{g}.{p}" for p in _PARTS]
        c = cells(report, [tid] + parts)
        b = balance(c, [tid], parts)
        if b.outcome == "error":
            terms = " + ".join(f"{T4_COLUMN_SHORT[p]}（{fmt_num(c.num(f't4.{g}.{p}'))}）" for p in _PARTS)
            msg = (f"表四“{T4_GROUP_LABELS[g]}”：总计（{fmt_num(c.num(tid))}）不等于 {terms} = "
                   f"{fmt_num(b.right)}")
            yield error("T4_GROUP_TOTAL", msg, [tid] + parts, c.location(tid))
        elif b.outcome == "unknown":
            short = {f: T4_COLUMN_SHORT[F.split_field(f)[2]] for f in c.ids}
            unknown.append(f"“{T4_GROUP_LABELS[g]}”（{describe_missing(c, short)}）")
            unknown_fields += c.missing
            loc = loc or c.location(*c.missing)
    if unknown:
        yield notice("T4_GROUP_TOTAL", "表四以下各组有单元格未填数字，无法核对“总计 = 各项结果之和”："
                     + "；".join(unknown) + "。空白不等于0，如为0请填写0。", unknown_fields, loc)
