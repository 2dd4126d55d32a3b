"""Roll-up output for scripts and the terminal (汇总结果输出): JSON and a short rich summary."""
from __future__ import annotations

import json
from typing import Any

from ..check_output import SEVERITY_LABELS
from . import Rollup
from .workbook import KEY_FIGURES, key_figure


def to_dict(ru: Rollup) -> dict[str, Any]:
    """The roll-up as plain data: reports (with findings and key figures), sums per format with
    their check, cross-year pairs and the summary counts."""
    reports = []
    for e in ru.entries:
        d = e.result.to_dict()
        if e.result.ok:
            d["summed"] = e.summed
            d["key_figures"] = {h: key_figure(e.report, ids) for h, ids in KEY_FIGURES}
        reports.append(d)
    out: dict[str, Any] = {
        "year": ru.year,
        "summary": {"reports": len(ru.entries), "readable": len(ru.readable),
                    "with_errors": len(ru.with_errors), "unreadable": len(ru.unreadable),
                    "codes": dict(ru.code_counts()), "exit_code": ru.exit_code},
        "reports": reports,
        "sums": {fmt: ts.to_dict() for fmt, ts in ru.sums.items()},
    }
    if ru.pairs is not None:
        out["pairs"] = [{"agency": p.current.result.agency, "file": p.current.file,
                         "previous": p.previous.file if p.previous else None,
                         "findings": [f.to_dict() for f in p.findings]} for p in ru.pairs]
        out["previous_unreadable"] = [e.result.to_dict() for e in ru.previous_entries if not e.result.ok]
    return out


def to_json(ru: Rollup, indent: int | None = 2) -> str:
    return json.dumps(to_dict(ru), ensure_ascii=False, indent=indent)


def summary_lines(ru: Rollup, top: int = 5) -> list[str]:
    """Plain Chinese summary lines (报告数、有错误的报告数、最常见的问题)."""
    from ..rules import rule_catalogue
    from ..rules.crossyear import PAIR_RULES

    titles = {r.code: r.title for r in rule_catalogue()} | PAIR_RULES
    summed = sum(len(ts.files) for ts in ru.sums.values())
    lines = [f"共{len(ru.entries)}份报告：{len(ru.readable)}份可读取，{len(ru.with_errors)}份有错误级问题，"
             f"{len([e for e in ru.entries if not e.result.ok])}份无法读取。"]
    if ru.year is not None:
        fmts = "、".join(f"{fmt}年格式{len(ts.files)}份" for fmt, ts in ru.sums.items()) or "无"
        lines.append(f"汇总{ru.year}年度报告{summed}份（{fmts}）；"
                     f"其他年度或无表格的{len(ru.readable) - summed}份未计入汇总。")
    for fmt, ts in ru.sums.items():
        errs = [f for f in ts.check if f.severity == "error"]
        if errs:
            lines.append(f"{fmt}年格式汇总数核对发现{len(errs)}处不平衡（见汇总表）。")
        gaps = len(ts.incomplete())
        if gaps:
            lines.append(f"{fmt}年格式汇总表有{gaps}个单元格在部分报告中未填数字（空白不计为0，已标出）。")
    if ru.pairs is not None:
        matched = sum(1 for p in ru.pairs if p.previous is not None)
        bad = sum(1 for p in ru.pairs if any(f.severity == "error" for f in p.findings))
        lines.append(f"跨年核对：{matched}份报告找到上年报告，其中{bad}份衔接有误；"
                     f"{len(ru.pairs) - matched}份未找到上年报告。")
    common = ru.code_counts()[:top]
    if common:
        lines.append("最常见的问题（报告份数）：" + "；".join(f"{c} {titles.get(c, '')} {n}份" for c, n in common))
    return lines


def print_summary(ru: Rollup, console) -> None:
    """A short rich summary: counts, unreadable files with reasons, the most common codes."""
    from rich.markup import escape
    from rich.table import Table

    lines = summary_lines(ru)
    console.print(escape(lines[0]), highlight=False)
    for e in ru.unreadable:
        console.print(f"[bold red]无法读取[/bold red] {escape(e.file)}：{escape(e.result.error_reason or '')}"
                      f"（{escape(e.result.error_code or '')}）", highlight=False)
    for line in lines[1:]:
        if not line.startswith("最常见"):
            console.print(escape(line), highlight=False)
    common = ru.code_counts()
    if common:
        from ..rules import rule_catalogue
        from ..rules.crossyear import PAIR_RULES

        titles = {r.code: r.title for r in rule_catalogue()} | PAIR_RULES
        sev: dict[str, str] = {}
        for e in ru.readable:
            for f in e.result.findings:
                if f.severity in ("error", "warning") and (sev.get(f.code) != "error"):
                    sev[f.code] = f.severity
        table = Table(title="最常见的问题", title_justify="left")
        table.add_column("代码", no_wrap=True)
        table.add_column("级别", no_wrap=True)
        table.add_column("说明")
        table.add_column("报告数", justify="right")
        for code, n in common[:8]:
            table.add_row(escape(code), SEVERITY_LABELS.get(sev.get(code, ""), ""), escape(titles.get(code, "")),
                          str(n))
        console.print(table)
