"""``gongkai rollup`` (年度报告汇总): check many reports at once and roll their tables up."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .common import console, err_console, fail


class RollupFormat(str, Enum):
    text = "text"
    json = "json"


def _run(files: list[Path], previous: Path | None, year: int | None):
    from ..rollup import expand, rollup

    total = len(expand(files)) + (len(expand([previous])) if previous is not None else 0)
    if total > 3 and err_console.is_terminal:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(TextColumn("读取和检查"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      TextColumn("{task.description}"), console=err_console, transient=True) as bar:
            task = bar.add_task("", total=total)
            seen = [0]

            def step(p: Path) -> None:
                if seen[0]:
                    bar.advance(task)
                seen[0] += 1
                bar.update(task, description=p.name)

            return rollup(files, previous, year=year, progress=step)
    return rollup(files, previous, year=year)


def install(app: typer.Typer) -> None:
    @app.command("rollup")
    def rollup_cmd(
        files: Optional[List[Path]] = typer.Argument(
            None, help="各单位的年度报告文件或文件夹（文件夹按已知扩展名递归查找）"),
        out: Optional[Path] = typer.Option(None, "--output", "-o", help="汇总工作簿（.xlsx），如 汇总.xlsx"),
        year: Optional[int] = typer.Option(None, "--year", "-y",
                                           help="汇总哪一年度的报告（默认：报告最多的年度）"),
        previous: Optional[Path] = typer.Option(
            None, "--previous", "-p", help="上一年度报告所在的文件夹：按机关名称配对，核对跨年度衔接"),
        fmt: RollupFormat = typer.Option(RollupFormat.text, "--format", "-f",
                                         help="text：屏幕摘要；json：把汇总结果以JSON输出到标准输出"),
    ) -> None:
        """汇总检查多份年度报告：逐份读取和检查，按年度、格式汇总表二、表三、表四，写出汇总工作簿。

        工作簿包括：报告清单、问题明细、汇总表三、汇总表二、汇总表四，给出 --previous 时还有跨年核对。
        空白、“/”和文字不当作0计入合计，汇总表中标出有几份报告未填数字。

        退出码：0 无错误；1 有报告发现错误级问题（含跨年核对）；2 有文件无法读取（其余文件照常汇总）。
        """
        if not files:
            fail("请指定要汇总的年度报告文件或文件夹")
        for f in files:
            if not f.exists():
                fail(f"找不到文件或文件夹：{f}")
        if previous is not None and not previous.exists():
            fail(f"找不到上年报告文件夹：{previous}")
        if out is not None and out.suffix.lower() != ".xlsx":
            fail(f"汇总工作簿应为 .xlsx 文件：{out}")
        from ..rollup import expand

        if not expand(files):
            fail("所给文件夹中没有可读取的年度报告文件")
        ru = _run(list(files), previous, year)
        if year is not None and not ru.sums:
            err_console.print(f"[yellow]注意：[/yellow]没有{year}年度的报告，汇总表为空", highlight=False)
        if out is not None:
            from ..rollup.workbook import write_workbook

            try:
                write_workbook(ru, out)
            except OSError as e:
                fail(f"无法写入 {out}：{e.strerror or e}")
        from ..rollup.output import print_summary, to_json

        if fmt == RollupFormat.json:
            sys.stdout.write(to_json(ru) + "\n")
            print_summary(ru, err_console)
        else:
            print_summary(ru, console)
        if out is not None:
            err_console.print(f"已写入 {out}", highlight=False)
        raise typer.Exit(ru.exit_code)
