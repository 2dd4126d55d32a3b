"""``gongkai render`` (生成年度报告) and ``gongkai template`` (生成 Excel 填报表).

Exit codes: 0 written; 1 not written because the report has errors (``--force`` writes anyway);
2 bad input (unreadable data file, typo in the workbook, unknown output format …).
"""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from .common import check_output_path, console, err_console

DATA_EXTENSIONS = (".json", ".yaml", ".yml", ".xlsx")
_SEVERITY = {"error": "[red]错误[/red]", "warning": "[yellow]警告[/yellow]", "notice": "[cyan]提示[/cyan]"}


def fail(message: str, code: int = 2) -> "typer.Exit":
    """Print ``message`` on stderr without breaking it into lines (paths and cells stay whole) and exit."""
    err_console.print(f"[red]错误：[/red]{escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


class OutFormat(str, Enum):
    docx = "docx"
    html = "html"
    md = "md"
    pdf = "pdf"


def _load_input(path: Path):
    """A data file (JSON / YAML / filled workbook) or a published report (re-rendered)."""
    from ..render import DataError, load

    if path.suffix.lower() in DATA_EXTENSIONS or not path.exists():
        try:
            return load(path)
        except DataError as e:
            fail(e.message, 2)
    from ..ingest import parse
    from ..ingest.document import ReadError

    try:
        return parse(path)
    except ReadError as e:
        fail(e.reason, 2)
    except Exception as e:  # a reader bug must not become a traceback
        fail(f"{path}：读取时出现意外错误（{type(e).__name__}：{e}）", 2)


def _print_findings(findings, stream=None) -> None:
    c = stream or console
    for f in findings:
        where = f"（{f.location.describe()}）" if f.location and f.location.describe() else ""
        c.print(f"  {_SEVERITY.get(f.severity, f.severity)} {f.code}：{escape(f.message + where)}",
                highlight=False, soft_wrap=True)


def render_command(
    input: Path = typer.Argument(..., help="数据文件（.json / .yaml / 填好的 .xlsx 填报表），或已发布的报告文件（重新排版）"),
    output: Path = typer.Option(..., "-o", "--output", help="输出文件：.docx、.html、.md 或 .pdf（按扩展名确定格式）"),
    format: Optional[OutFormat] = typer.Option(None, "--format", "-f", help="输出格式（不写则按扩展名确定）"),
    force: bool = typer.Option(False, "--force", help="即使检查发现错误也生成文件（错误会列出）"),
    auto_text: bool = typer.Option(False, "--auto-text",
                                   help="在第一、四部分自动写入与表格一致的申请办理和复议诉讼情况说明"),
) -> None:
    """由数据生成年度报告（Word、网页、Markdown 或 PDF）；生成前先检查，有错误时不生成。"""
    from ..render import DataError, RenderRefused, render
    from ..render.pdf import PdfError

    check_output_path(output)
    report = _load_input(input)
    try:
        result = render(report, output, format.value if format else None, force=force, auto_text=auto_text)
    except DataError as e:
        fail(e.message, 2)
    except RenderRefused as e:
        errors = [f for f in e.findings if f.severity == "error"]
        err_console.print(f"[red]未生成：[/red]报告有 {len(errors)} 处错误，请改正后再生成（或加 --force 强制生成）：",
                          highlight=False, soft_wrap=True)
        _print_findings(e.findings, err_console)
        raise typer.Exit(1)
    except PdfError as e:
        fail(f"{output}：{e.reason}", 2)
    except OSError as e:
        fail(f"{output}：无法写入文件（{e.strerror or e}）", 2)
    errors = [f for f in result.findings if f.severity == "error"]
    if result.findings:
        console.print("检查结果：", highlight=False, soft_wrap=True)
        _print_findings(result.findings)
    note = f"（有 {len(errors)} 处错误，已按 --force 强制生成）" if errors else ""
    console.print(f"已生成 {escape(str(result.path))}{note}", highlight=False, soft_wrap=True)


def template_command(
    year: int = typer.Option(..., "--year", "-y", help="报告年度（决定表格格式：2019–2020 年度为 2019 格式，2021 年度起为 2021 格式）"),
    output: Path = typer.Option(..., "-o", "--output", help="输出的 .xlsx 文件"),
    data: Optional[Path] = typer.Option(None, "--from", help="用已有数据文件预先填好（可选）"),
) -> None:
    """生成 Excel 填报表：按全国统一格式排好表格，带输入校验和勾稽关系核对公式。"""
    from ..model import fields as F
    from ..render import DataError, load, write_template

    if output.suffix.lower() != ".xlsx":
        fail(f"{output}：填报表应保存为 .xlsx 文件", 2)
    check_output_path(output)
    if not 2000 <= year <= 2100:
        fail(f"报告年度 {year} 不在合理范围（2000–2100）内", 2)
    if F.default_format(year) not in F.TABLE_FORMATS:
        fail(f"{year}年度的报告没有全国统一表格格式（2019 年度起才有），无法生成填报表", 2)
    report = None
    if data is not None:
        try:
            report = load(data)
        except DataError as e:
            fail(e.message, 2)
        if report.year != year:
            fail(f"{data}：数据文件的报告年度是 {report.year}，与 --year {year} 不符", 2)
    try:
        path = write_template(year, output, report)
    except DataError as e:
        fail(e.message, 2)
    except OSError as e:
        fail(f"{output}：无法写入文件（{e.strerror or e}）", 2)
    console.print(f"已生成填报表 {path}（{year}年度，{F.default_format(year)} 格式）。"
                  f"填好后运行：gongkai render {path} -o 报告.docx", highlight=False, soft_wrap=True)


def install(app: typer.Typer) -> None:
    app.command("render")(render_command)
    app.command("template")(template_command)
