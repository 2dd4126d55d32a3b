"""Commands on published reports (读取与评测): ``gongkai parse`` and ``gongkai eval``."""
from __future__ import annotations

import csv
import io
import json
from enum import Enum
from pathlib import Path
from typing import Any, List, Optional

import typer
from rich.markup import escape
from rich.table import Table

from .common import check_output_path, console, err_console, fail


class OutFormat(str, Enum):
    json = "json"
    flat = "flat"
    csv = "csv"


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


def parse_cmd(
    files: List[Path] = typer.Argument(..., help="报告文件（.txt .html .docx .pdf .md .doc .wps …）或文件夹，可多个。"),
    fmt: OutFormat = typer.Option(OutFormat.json, "--format", "-f",
                                  help="json：完整结果（含原文、类型、位置、各部分）；flat：字段编号→值；csv：每个文件一行、每个字段一列。"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入文件（默认输出到屏幕）。"),
) -> None:
    """读取年度报告，输出数据。

    一个文件时输出一个 JSON 对象；多个文件或文件夹时（json、flat）输出一个以文件路径为键的 JSON 对象
    （文件夹中按文件名顺序读取各子文件夹里系统能读取的报告文件）。
    csv 格式第一列为文件路径，其后为各字段编号。无法读取的文件在标准错误输出中说明原因，
    其余文件照常处理，退出码为 2。
    """
    from ..ingest import EXTENSIONS, expand_paths, parse
    from ..ingest.document import ReadError

    if output is not None:
        check_output_path(output)
    paths = expand_paths(files)
    if not paths:
        fail(f"所给文件夹中没有可读取的年度报告文件（支持：{'、'.join(EXTENSIONS)}）")
    results: dict[str, Any] = {}
    failed = False
    for path in paths:
        try:
            report = parse(path)
        except ReadError as e:
            failed = True
            err_console.print(f"[red]错误：[/red]{escape(str(path))}：{escape(e.reason)}（{e.code}）", highlight=False, soft_wrap=True)
            continue
        except Exception as e:  # a reader bug must not hide the other files
            failed = True
            err_console.print(f"[red]错误：[/red]{escape(str(path))}：读取时出现内部错误"
                              f"（{escape(type(e).__name__)}: {escape(str(e))}）。", highlight=False, soft_wrap=True)
            continue
        results[str(path)] = report
    if fmt is OutFormat.csv:
        text = _csv(results)
    else:
        data = {k: (r.to_dict() if fmt is OutFormat.json else r.flat()) for k, r in results.items()}
        if len(paths) == 1 and not any(Path(f).is_dir() for f in files):
            text = _dump(next(iter(data.values()))) if data else ""
        else:
            text = _dump(data)
    if text:
        if output:
            # CSV files get a BOM: Excel on a Chinese Windows reads BOM-less UTF-8 as GBK and shows garbage.
            encoding = "utf-8-sig" if fmt is OutFormat.csv else "utf-8"
            output.write_text(text + ("" if text.endswith("\n") else "\n"), encoding=encoding)
        else:
            typer.echo(text)
    if failed:
        raise typer.Exit(2)


def _csv(results: dict[str, Any]) -> str:
    columns: list[str] = []
    seen: set[str] = set()
    rows = []
    for name, report in results.items():
        flat = report.flat()
        for k in flat:
            if k not in seen:
                seen.add(k)
                columns.append(k)
        rows.append((name, flat))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["file"] + columns)
    for name, flat in rows:
        w.writerow([name] + ["" if flat.get(c) is None else flat.get(c) for c in columns])
    return buf.getvalue().rstrip("\n")


def eval_cmd(
    paths: List[Path] = typer.Argument(..., help="REPORTS_DIR… TRUTH_DIR：一个或多个报告文件夹（或报告文件、.lst 文件清单），最后一个是标准答案文件夹。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出全部结果。"),
    max_diffs: int = typer.Option(30, "--max-diffs", help="每个报告最多列出多少个不一致的字段（0 表示不列出）。"),
) -> None:
    """用标准答案评测读取准确率。

    对每个有同名标准答案（<文件名>.json 或 seed-<文件名>.json）的报告，比较其字段编号→值
    的导出与答案：数值差不超过 1e-6 视为相同，空值、“/”和文字须完全相同。
    """
    from ..ingest.evaluate import evaluate

    if len(paths) < 2:
        fail("需要至少两个参数：报告文件夹（可多个）和标准答案文件夹。")
    *sources, truth_dir = paths
    if not truth_dir.is_dir():
        fail(f"标准答案文件夹“{truth_dir}”不存在。")
    for s in sources:
        if not s.exists():
            fail(f"“{s}”不存在。")
    result = evaluate(sources, truth_dir)
    if as_json:
        typer.echo(_dump(result.to_dict()))
        return
    if not result.reports:
        fail(f"没有找到带标准答案的报告（答案文件夹：{truth_dir}）。")
    table = Table(title="读取准确率")
    for col, just in (("报告", "left"), ("字段", "right"), ("一致", "right"), ("准确率", "right"), ("说明", "left")):
        table.add_column(col, justify=just)
    for r in result.reports:
        table.add_row(escape(Path(r.report).name), str(r.total), str(r.correct), f"{r.accuracy:.2%}",
                      escape(r.error or ""))
    table.add_row("[b]合计[/b]", str(result.total), str(result.correct), f"[b]{result.accuracy:.2%}[/b]",
                  f"{result.exact_reports}/{len(result.reports)} 个报告完全一致")
    console.print(table)
    if max_diffs:
        for r in result.reports:
            if not r.diffs:
                continue
            t = Table(title=f"{escape(Path(r.report).name)}：不一致的字段（{len(r.diffs)}）")
            t.add_column("字段")
            t.add_column("读出")
            t.add_column("答案")
            for d in r.diffs[:max_diffs]:
                t.add_row(d.field, escape(json.dumps(d.got, ensure_ascii=False)),
                          escape(json.dumps(d.expected, ensure_ascii=False)))
            if len(r.diffs) > max_diffs:
                t.add_row("…", f"另有 {len(r.diffs) - max_diffs} 个", "")
            console.print(t)
    if result.unmatched:
        console.print(f"没有标准答案、未评测的报告：{len(result.unmatched)} 个。", highlight=False, soft_wrap=True)


def install(app: typer.Typer) -> None:
    app.command("parse")(parse_cmd)
    app.command("eval")(eval_cmd)
