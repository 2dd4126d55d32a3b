"""Format rule (表格格式): the national format must fit the report year, and not be mixed."""
from __future__ import annotations

from typing import Iterator

from ..model import Finding, Report
from ..model import fields as F
from ..model import formats
from ._common import error, warning
from .base import rule

FORMAT_NAMES = {f.id: f.name for f in formats.all_formats()}


def _name(fmt_id: str) -> str:
    f = formats.find(fmt_id)
    return f.name if f else fmt_id


@rule("FORMAT_MISMATCH", "表格格式与报告年度不符或新旧格式混用")
def format_mismatch(report: Report) -> Iterator[Finding]:
    """2019–2020 reports use the 2019 format, 2021 onwards the 2021 format (年度与格式);
    a table that prints rows of the other format is flagged as mixed (新旧格式混用)."""
    loc = report.meta_locations.get("meta.format") or report.meta_locations.get("meta.year")
    expected = F.default_format(report.year)
    fmt = report.format
    if expected and fmt and fmt != expected:
        if not formats.has_tables(expected):
            msg = (f"{report.year}年度报告应按旧条例编写，却使用了{_name(fmt)}的表格，"
                   "请核实报告年度")
        elif formats.known(fmt) and not formats.has_tables(fmt):
            msg = (f"{report.year}年度报告应使用{_name(expected)}的表格，本报告没有全国统一格式的表二至表四")
        else:
            msg = (f"{report.year}年度报告应使用{_name(expected)}，本报告使用的是{_name(fmt)}")
        yield error("FORMAT_MISMATCH", msg, ["meta.format", "meta.year"], loc)
    this = formats.find(fmt)
    if this is None or not this.has_tables:
        return
    if report.mixed_formats:
        other = "或".join(f.short_name for f in formats.others(this))
        labels = "、".join(f"“{s}”" for s in report.mixed_formats[:6])
        yield warning("FORMAT_MISMATCH",
                      f"表格新旧格式混用：本报告按{_name(fmt)}编写，但表格中出现了{other}的栏目 {labels}",
                      ["meta.format"], loc)
    if this.variant("single_other") is not None and report.single_other:
        v = report.get("t3.other.total") or report.get("t3.other.natural")
        yield warning("FORMAT_MISMATCH",
                      "表三“（六）其他处理”只印了一行；2021年新版格式应分为“1.申请人无正当理由逾期不补正…”"
                      "“2.申请人逾期未按收费通知要求缴纳费用…”“3.其他”三行",
                      ["meta.format"], (v.location if v else None) or loc)
