"""Presenting check results (检查结果输出): JSON, Markdown, HTML and a rich console table.

Plain functions over :class:`CheckResult`, shared by ``gongkai check`` and the web app.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass, field, replace
from typing import Any, Iterable

from .model import Finding, Report

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "notice": "提示"}
SEVERITY_COLOURS = {"error": "#b00020", "warning": "#b26a00", "notice": "#1f5fa8"}
SEVERITY_RICH = {"error": "bold red", "warning": "yellow", "notice": "cyan"}


@dataclass
class CheckResult:
    """The outcome of checking one file: the report's metadata and findings, or why it could
    not be read (``error_code``/``error_reason``). ``report`` is the parsed report when the file
    was read and checked (None otherwise); it is not part of ``to_dict``."""

    file: str
    agency: str | None = None
    year: int | None = None
    format: str | None = None
    findings: list[Finding] = field(default_factory=list)
    error_code: str | None = None
    error_reason: str | None = None
    report: Report | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_report(cls, file: str, report: Report, findings: Iterable[Finding]) -> "CheckResult":
        return cls(file, report.agency, report.year, report.format, list(findings), report=report)

    @property
    def ok(self) -> bool:
        return self.error_code is None

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def to_dict(self) -> dict[str, Any]:
        if not self.ok:
            return {"file": self.file, "error": {"code": self.error_code, "message": self.error_reason}}
        return {"file": self.file, "agency": self.agency, "year": self.year, "format": self.format,
                "findings": [f.to_dict() for f in self.findings]}


def check_path(path, previous=None) -> CheckResult:
    """Read and check one report file (检查一个文件); never raises for a bad file.

    ``previous`` is last year's report of the same body (a path): the cross-year findings
    (``check_pair``) are added. A file that cannot be read gives a result with its reason;
    a checked file's result carries the parsed report (``CheckResult.report``).
    """
    from pathlib import Path

    from .ingest import parse  # imported late: readers are heavy
    from .ingest.document import ReadError
    from .rules import check
    from .rules.crossyear import check_pair

    def read(p: Path):
        if not p.exists():
            raise ReadError(str(p), "FILE_MISSING", f"找不到文件：{p}")
        try:
            return parse(p)
        except ReadError:
            raise
        except Exception as e:  # a reader bug must not become a traceback for the user
            raise ReadError(str(p), "FILE_CORRUPT", f"读取文件“{p.name}”时出现意外错误（{type(e).__name__}），无法检查")

    path = Path(path)
    try:
        report = read(path)
        prev = read(Path(previous)) if previous is not None else None
    except ReadError as e:
        return CheckResult(str(path), error_code=e.code,
                           error_reason=e.reason if e.path == str(path) else f"上年报告 {e.path}：{e.reason}")
    try:
        findings = check(report)
        if prev is not None:
            findings += check_pair(prev, report)
    except Exception as e:
        return CheckResult(str(path), error_code="CHECK_FAILED",
                           error_reason=f"检查“{path.name}”时出现意外错误（{type(e).__name__}：{e}）")
    return CheckResult.from_report(str(path), report, findings)


def exit_code(results: Iterable[CheckResult]) -> int:
    """2 when a file could not be read, 1 when an error-level finding exists, else 0."""
    results = list(results)
    if any(not r.ok for r in results):
        return 2
    if any(r.count("error") for r in results):
        return 1
    return 0


def location_text(f: Finding) -> str:
    """Where in the file (第3页 表格2 第5行第2列); the file itself heads each result."""
    if not f.location:
        return ""
    return replace(f.location, file=None).describe()


def summary_text(results: list[CheckResult]) -> str:
    """``共检查3个文件：错误2项，警告1项，提示0项；1个文件无法读取``."""
    ok = [r for r in results if r.ok]
    s = (f"共检查{len(results)}个文件：错误{sum(r.count('error') for r in ok)}项，"
         f"警告{sum(r.count('warning') for r in ok)}项，提示{sum(r.count('notice') for r in ok)}项")
    bad = len(results) - len(ok)
    if bad:
        s += f"；{bad}个文件无法读取"
    return s


def _title(r: CheckResult) -> str:
    meta = "，".join(x for x in (r.agency, f"{r.year}年度" if r.year else None,
                                 f"{r.format}格式" if r.format else None) if x)
    return f"{r.file}（{meta}）" if meta else r.file


# ------------------------------------------------------------------------------- JSON

def findings_to_json(results: list[CheckResult], indent: int | None = 2) -> str:
    """``[{"file":…, "agency":…, "year":…, "format":…, "findings":[…]}, …]``; an unreadable file
    gives ``{"file":…, "error": {"code":…, "message":…}}``."""
    return json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=indent)


# ------------------------------------------------------------------------------- Markdown

def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def findings_to_markdown(results: list[CheckResult]) -> str:
    """A readable Markdown report: one table of findings per file, then a summary."""
    lines = ["# 政府信息公开工作年度报告检查结果", ""]
    for r in results:
        lines += [f"## {_md_cell(_title(r))}", ""]
        if not r.ok:
            lines += [f"**无法读取**（{r.error_code}）：{_md_cell(r.error_reason or '')}", ""]
            continue
        if not r.findings:
            lines += ["未发现问题。", ""]
            continue
        lines += [f"错误{r.count('error')}项，警告{r.count('warning')}项，提示{r.count('notice')}项。", "",
                  "| 级别 | 代码 | 位置 | 说明 |", "|---|---|---|---|"]
        for f in r.findings:
            lines.append(f"| {SEVERITY_LABELS.get(f.severity, f.severity)} | {f.code} | "
                         f"{_md_cell(location_text(f))} | {_md_cell(f.message)} |")
        lines.append("")
    lines += ["---", "", summary_text(results), ""]
    return "\n".join(lines)


# ------------------------------------------------------------------------------- HTML

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em;color:#222}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #ccc;padding:.35em .5em;
text-align:left;vertical-align:top}th{background:#f3f3f3}.sev{font-weight:bold;white-space:nowrap}
.code{font-family:monospace;white-space:nowrap}.loc{color:#555;font-size:.9em}.unread{color:#b00020}
.summary{margin-top:2em;font-weight:bold}
"""


def result_to_html(r: CheckResult, heading: bool = True) -> str:
    """The HTML fragment of one file's result (a heading and a findings table), escaped, for
    embedding in a page (the web app) or in :func:`findings_to_html`."""
    e = html.escape
    out = [f"<h2>{e(_title(r))}</h2>"] if heading else []
    if not r.ok:
        out.append(f'<p class="unread">无法读取（{e(r.error_code or "")}）：{e(r.error_reason or "")}</p>')
        return "\n".join(out)
    if not r.findings:
        out.append("<p>未发现问题。</p>")
        return "\n".join(out)
    out.append(f"<p>错误{r.count('error')}项，警告{r.count('warning')}项，提示{r.count('notice')}项。</p>")
    out.append('<table class="findings"><thead><tr><th>级别</th><th>代码</th><th>位置</th><th>说明</th></tr></thead>'
               "<tbody>")
    for f in r.findings:
        colour = SEVERITY_COLOURS.get(f.severity, "#222")
        out.append(f'<tr class="{e(f.severity)}"><td class="sev" style="color:{colour}">'
                   f"{e(SEVERITY_LABELS.get(f.severity, f.severity))}</td><td class=\"code\">{e(f.code)}</td>"
                   f'<td class="loc">{e(location_text(f))}</td><td>{e(f.message)}</td></tr>')
    out.append("</tbody></table>")
    return "\n".join(out)


def findings_to_html(results: list[CheckResult], title: str = "政府信息公开工作年度报告检查结果") -> str:
    """A self-contained HTML page (inline CSS, no scripts); all report text is escaped."""
    e = html.escape
    out = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
           f"<title>{e(title)}</title><style>{_CSS}</style></head><body>", f"<h1>{e(title)}</h1>"]
    out += [result_to_html(r) for r in results]
    out.append(f'<p class="summary">{e(summary_text(results))}</p></body></html>')
    return "\n".join(out)


# ------------------------------------------------------------------------------- console

def print_results(results: list[CheckResult], console) -> None:
    """A rich table per file (severity coloured) and a summary line, on ``console``."""
    from rich.markup import escape
    from rich.table import Table

    for r in results:
        if not r.ok:
            console.print(f"[bold red]无法读取[/bold red] {escape(r.file)}：{escape(r.error_reason or '')}"
                          f"（{escape(r.error_code or '')}）", highlight=False)
            continue
        if not r.findings:
            console.print(f"[green]✓[/green] {escape(_title(r))}：未发现问题", highlight=False)
            continue
        table = Table(title=escape(_title(r)), title_justify="left", show_lines=False, expand=False)
        table.add_column("级别", no_wrap=True)
        table.add_column("代码", no_wrap=True)
        table.add_column("位置", overflow="fold", max_width=22)
        table.add_column("说明", overflow="fold")
        for f in r.findings:
            style = SEVERITY_RICH.get(f.severity, "")
            table.add_row(f"[{style}]{SEVERITY_LABELS.get(f.severity, f.severity)}[/{style}]", escape(f.code),
                          escape(location_text(f)), escape(f.message))
        console.print(table)
    console.print(summary_text(results), highlight=False)
