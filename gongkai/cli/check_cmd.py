"""``gongkai check`` (检查年度报告) and ``gongkai rules`` (检查规则目录)."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from ..check_output import (CheckResult, check_path, exit_code, findings_to_html, findings_to_json,
                            findings_to_markdown, print_results)
from ..ingest import EXTENSIONS, expand_paths
from .common import console, err_console

# File kinds the readers know (ingest); directories are searched for these.
KNOWN_EXTENSIONS = tuple(EXTENSIONS)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


def _check_all(files: list[Path], previous: Path | None = None) -> list[CheckResult]:
    if len(files) > 3 and sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        results = []
        with Progress(TextColumn("检查中"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      TextColumn("{task.description}"), console=err_console, transient=True) as bar:
            task = bar.add_task("", total=len(files))
            for f in files:
                bar.update(task, description=f.name)
                results.append(check_path(f, previous))
                bar.advance(task)
        return results
    return [check_path(f, previous) for f in files]


def print_catalogue() -> None:
    from rich.table import Table

    from ..rules import rule_catalogue
    from ..rules.crossyear import PAIR_RULES

    table = Table(title="检查规则目录", title_justify="left")
    table.add_column("代码", no_wrap=True)
    table.add_column("说明")
    for r in rule_catalogue():
        table.add_row(r.code, r.title)
    for code, title in PAIR_RULES.items():
        table.add_row(code, title + "（用 --previous 指定上年报告时核对）")
    console.print(table)


def install(app: typer.Typer) -> None:
    @app.command("check")
    def check_cmd(
        files: Optional[List[Path]] = typer.Argument(None, help="年度报告文件或文件夹（文件夹按已知扩展名递归查找）"),
        fmt: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="输出格式：text、json、markdown、html"),
        out: Optional[Path] = typer.Option(None, "--output", "-o", help="把结果写入文件（默认输出到屏幕）"),
        previous: Optional[Path] = typer.Option(
            None, "--previous", "-p", help="同一机关上一年度的年度报告：再核对跨年度衔接（上年结转、现行有效件数）"),
        rules: bool = typer.Option(False, "--rules", help="列出全部检查规则（代码和说明）后退出"),
    ) -> None:
        """检查年度报告：表格勾稽关系、数值、格式、结构、正文与表格是否一致、个人信息。

        退出码：0 无错误；1 发现错误级问题；2 有文件无法读取。
        """
        if rules:
            print_catalogue()
            raise typer.Exit(0)
        if not files:
            err_console.print("[red]错误：[/red]请指定要检查的年度报告文件或文件夹", highlight=False)
            raise typer.Exit(2)
        paths = expand_paths(files)
        if not paths:
            err_console.print("[red]错误：[/red]所给文件夹中没有可读取的年度报告文件"
                              f"（支持：{'、'.join(KNOWN_EXTENSIONS)}）", highlight=False)
            raise typer.Exit(2)
        if previous is not None and len(paths) != 1:
            err_console.print("[red]错误：[/red]使用 --previous 时只能检查一个文件（本年度报告）", highlight=False)
            raise typer.Exit(2)
        results = _check_all(paths, previous)
        for r in results:
            if not r.ok and (fmt != OutputFormat.text or out):
                err_console.print(f"[red]无法读取[/red] {r.file}：{r.error_reason}", highlight=False)
        if fmt == OutputFormat.text and out is None:
            print_results(results, console)
        else:
            if fmt == OutputFormat.json:
                text = findings_to_json(results)
            elif fmt == OutputFormat.markdown:
                text = findings_to_markdown(results)
            elif fmt == OutputFormat.html:
                text = findings_to_html(results)
            else:
                from io import StringIO

                from rich.console import Console

                buf = StringIO()
                print_results(results, Console(file=buf, width=160, no_color=True))
                text = buf.getvalue()
            if out is None:
                sys.stdout.write(text + ("" if text.endswith("\n") else "\n"))
            else:
                try:
                    out.write_text(text, encoding="utf-8")
                except OSError as e:
                    err_console.print(f"[red]错误：[/red]无法写入 {out}：{e.strerror or e}", highlight=False)
                    raise typer.Exit(2)
                err_console.print(f"已写入 {out}", highlight=False)
        raise typer.Exit(exit_code(results))

    @app.command("rules")
    def rules_cmd() -> None:
        """列出全部检查规则（代码和说明）。"""
        print_catalogue()
