"""Helpers shared by the rule modules (规则公用函数): number formatting, cell access, labels.

Not a rule module (the leading underscore keeps the registry from importing it as one).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..model import Finding, Location, Report, Value
from ..model import fields as F
from ..model import formats

T3_ROW_SHORT = {
    "new": "一",
    "carried_over": "二",
    "total": "（七）总计",
    "carry_forward": "四",
}
_SHORT_LABELS = {"partial": "（二）部分公开"}  # the long printed note dropped in messages
T4_COLUMN_SHORT = {"upheld": "维持", "corrected": "纠正", "other": "其他", "pending": "尚未审结", "total": "总计"}


def has_tables(report: Report) -> bool:
    """True for reports in a national table format (2019/2021); pre2019 reports have none."""
    return formats.has_tables(report.format)


def prints(report: Report, field_id: str) -> bool:
    """True when the report's format prints this field (e.g. 现行有效件数 only in the 2021 format)."""
    f = formats.find(report.format)
    return f is not None and field_id in f.all_table_fields


def fmt_num(x: int | float | None) -> str:
    """A number as a reader writes it: ``516``, ``21692.71`` (no exponent, no trailing zeros)."""
    if x is None:
        return "空"
    if isinstance(x, float):
        if x.is_integer():
            return str(int(x))
        return ("%.6f" % x).rstrip("0").rstrip(".")
    return str(x)


def cell_state(v: Value | None) -> str:
    """Chinese word for a cell that holds no usable number (for notices)."""
    if v is None:
        return "未读到"
    if v.kind == "blank":
        return "空白"
    if v.kind == "na":
        return f"填“{(v.raw or '/').strip()}”"
    if v.kind == "text":
        return f"非数字“{v.value}”"
    return "数字"


@dataclass
class Cells:
    """Numbers of a group of cells, with the ones that hold no usable number."""

    ids: list[str]
    values: dict[str, Value | None]

    @property
    def missing(self) -> list[str]:
        return [f for f in self.ids if number(self.values[f]) is None]

    @property
    def complete(self) -> bool:
        return not self.missing

    def num(self, fid: str) -> int | float | None:
        return number(self.values[fid])

    def known_sum(self, ids: Iterable[str]) -> int | float:
        return tidy(sum(self.num(f) or 0 for f in ids))

    def location(self, *prefer: str) -> Location | None:
        for f in list(prefer) + self.ids:
            v = self.values.get(f)
            if v is not None and v.location is not None:
                return v.location
        return None


def number(v: Value | None) -> int | float | None:
    return v.number if v is not None else None


def tidy(x: int | float) -> int | float:
    """Round float sums so 0.1 + 0.2 compares equal to 0.3."""
    if isinstance(x, float):
        x = round(x, 6)
        if x.is_integer():
            return int(x)
    return x


def cells(report: Report, ids: Iterable[str]) -> Cells:
    ids = list(ids)
    return Cells(ids, {f: report.get(f) for f in ids})


def has_any(report: Report, prefix: str) -> bool:
    """True when the report holds at least one value whose id starts with ``prefix``."""
    return any(k.startswith(prefix) for k in report.values)


def t3_row_label(row_id: str) -> str:
    """Short Chinese label of a Table 3 row, e.g. ``（四）无法提供·1.本机关不掌握相关政府信息``."""
    for fmt in formats.table_formats():
        r = fmt.row3(row_id)
        if r is not None:
            if r.group in fmt.t3_groups:
                return f"{r.group_label}·{r.label}"
            return _SHORT_LABELS.get(r.id, r.label)
    return row_id


def t3_col_label(col_id: str) -> str:
    return F.T3_COLUMN_LABELS.get(col_id, col_id)


def describe_missing(c: Cells, short: dict[str, str]) -> str:
    """``一空白、四未读到`` for the cells of ``c`` that hold no number."""
    parts = []
    for f in c.missing:
        parts.append(f"{short.get(f, F.field_label(f))}{cell_state(c.values[f])}")
    return "、".join(parts)


def notice(code: str, message: str, fields: list[str], location: Location | None) -> Finding:
    return Finding(code, "notice", message, fields, location)


def error(code: str, message: str, fields: list[str], location: Location | None) -> Finding:
    return Finding(code, "error", message, fields, location)


def warning(code: str, message: str, fields: list[str], location: Location | None) -> Finding:
    return Finding(code, "warning", message, fields, location)
