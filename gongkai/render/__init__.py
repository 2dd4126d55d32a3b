"""Writing reports (报告生成): data files → Report → DOCX / HTML / Markdown / PDF, and the XLSX
fill-in workbook.

``load(path)`` reads a data file (JSON / YAML / filled workbook), ``render(report, out_path)``
checks the report with :func:`gongkai.rules.check` and writes the document (format from the
extension), ``write_template(year, path)`` writes the fill-in workbook.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model.report import Finding, Report
from .load import DataError, from_data, load

FORMATS = {".docx": "docx", ".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown",
           ".pdf": "pdf"}


class RenderRefused(Exception):
    """The report has error-level findings: not written (use ``force=True`` to write anyway)."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        errors = [f for f in findings if f.severity == "error"]
        super().__init__(f"报告有 {len(errors)} 处错误，未生成文件")


@dataclass
class RenderResult:
    path: Path
    format: str
    findings: list[Finding] = field(default_factory=list)
    report: Report | None = None


def write_template(year: int, path: str | Path, report: Report | None = None) -> Path:
    """The Excel fill-in workbook (填报表) for a report year; see :mod:`gongkai.render.xlsx`."""
    from .xlsx import write_template as _write_template

    return _write_template(year, path, report)


def output_format(out_path: str | Path, fmt: str | None = None) -> str:
    """``docx`` / ``html`` / ``markdown`` / ``pdf`` from ``fmt`` or the file extension."""
    if fmt:
        f = fmt.lower().lstrip(".")
        f = {"md": "markdown", "htm": "html"}.get(f, f)
        if f not in set(FORMATS.values()):
            raise DataError(str(out_path), None, f"不支持的输出格式“{fmt}”：应为 docx、html、md 或 pdf")
        return f
    ext = Path(out_path).suffix.lower()
    if ext not in FORMATS:
        raise DataError(str(out_path), None,
                        f"无法从扩展名“{ext or '（无）'}”判断输出格式：应为 .docx、.html、.md 或 .pdf")
    return FORMATS[ext]


def write(report: Report, out_path: str | Path, fmt: str | None = None) -> Path:
    """Write the document without checking (the writers only)."""
    kind = output_format(out_path, fmt)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    if kind == "docx":
        from .docx import write_docx
        write_docx(report, out)
    elif kind == "html":
        from .html import write_html
        write_html(report, out)
    elif kind == "markdown":
        from .markdown import write_markdown
        write_markdown(report, out)
    else:
        from .pdf import write_pdf
        write_pdf(report, out)
    return out


def render(report: Report, out_path: str | Path, fmt: str | None = None, *, force: bool = False,
           auto_text: bool = False, check: bool = True) -> RenderResult:
    """Check ``report`` and write it to ``out_path``.

    ``auto_text`` first inserts the generated sentences of :mod:`gongkai.render.autotext`.
    With error-level findings the file is not written and :class:`RenderRefused` is raised,
    unless ``force``. The result carries every finding (warnings and notices too).
    """
    kind = output_format(out_path, fmt)
    missing = [k for k, v in (("meta.agency（机关名称）", report.agency), ("meta.year（报告年度）", report.year)) if not v]
    if missing:
        raise DataError(report.source or "<报告>", None, f"缺少{'、'.join(missing)}，无法生成报告标题")
    if auto_text:
        from .autotext import with_auto_text
        report = with_auto_text(report)
    findings: list[Finding] = []
    if check:
        from ..rules import check as run_rules
        findings = run_rules(report)
        if not force and any(f.severity == "error" for f in findings):
            raise RenderRefused(findings)
    path = write(report, out_path, kind)
    return RenderResult(path, kind, findings, report)


__all__ = ["load", "from_data", "render", "write", "write_template", "output_format", "DataError",
           "RenderRefused", "RenderResult"]
