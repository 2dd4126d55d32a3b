"""``gongkai register`` — data (数据): import, export, year report, review cases (表四), Table 2, fees."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from .common import console, err_console, fail
from .register_cmd import (Actor, Cal, Db, Today, _actor, _date, _open, _run, _today, app, body_app, proactive_app,
                           review_app)
import json


# --------------------------------------------------------------------------- import / export / report


@app.command("import")
def import_(file: Annotated[Path, typer.Argument(help="CSV 或 XLSX 文件")],
            body: Annotated[Optional[str], typer.Option("--body", help="文件没有“机关”列时使用的机关")] = None,
            db: Db = None, actor: Actor = None, calendar: Cal = None) -> None:
    """导入登记数据（申请和办理事项；行政复议诉讼案件、表二数字）：逐行检查，任何一行有误则全部不导入。

    XLSX 文件另读取“行政复议诉讼”“主动公开”工作表；
    CSV 文件另读取同目录的“文件名-行政复议诉讼.csv”“文件名-主动公开.csv”（如有）。
    已有的案件（机关、类别、案号、立案日期相同）不重复登记；表二数字按文件填写。
    """
    from ..register import ImportRejected, RegisterError
    from ..register.io import import_into

    if not file.exists():
        fail(f"找不到文件：{file}")
    reg = _open(db, calendar)
    try:
        res = import_into(reg, file, actor=_actor(actor), default_body=body)
    except ImportRejected as e:
        err_console.print(f"[red]错误：[/red]{e.message}", highlight=False)
        t = Table("行号", "原因", title="被拒绝的行")
        for line, reason in e.problems:
            t.add_row(str(line), reason)
        err_console.print(t)
        raise typer.Exit(2)
    except RegisterError as e:
        fail(e.message)
    finally:
        reg.dispose()
    console.print(f"已导入 {res.applications} 件申请、{res.events} 个办理事项。")
    x = res.extra
    if x.sources:
        console.print(f"同时读取了{'、'.join(x.sources)}：行政复议诉讼案件新增 {x.review_added} 件、"
                      f"登记结果 {x.review_decided} 件、已有未变 {x.review_unchanged} 件；"
                      f"表二数字填写 {x.proactive_set} 个、已有未变 {x.proactive_unchanged} 个。", highlight=False)


@app.command("export")
def export(file: Annotated[Path, typer.Argument(help="输出 CSV 或 XLSX 文件")],
           body: Annotated[Optional[str], typer.Option("--body", help="只导出该机关")] = None,
           year: Annotated[Optional[int], typer.Option(
               "--year", help="只导出该年收到的申请、该年立案的案件和该年的表二数字")] = None,
           personal: Annotated[bool, typer.Option("--include-personal-data",
                                                  help="包括申请人姓名、证件、联系方式（个人信息，谨慎使用）")] = False,
           db: Db = None) -> None:
    """导出登记数据（默认不含申请人个人信息），包括行政复议诉讼案件（表四）和表二数字。

    XLSX：三个工作表（登记册、行政复议诉讼、主动公开）。
    CSV 只能存一张表，案件和表二数字另写在同目录的两个文件：
    “文件名-行政复议诉讼.csv”“文件名-主动公开.csv”；导入时三个文件须放在一起。
    """
    from ..register import get_body
    from ..register.io import export_register

    reg = _open(db)

    def go(s):
        bid = get_body(s, body).id if body else None
        return export_register(s, file, body_id=bid, year=year, include_personal=personal)

    res = _run(reg, go)
    console.print(f"已导出 {res.rows} 行到 {file}" + ("（含个人信息）" if personal else ""), highlight=False)
    if len(res.files) > 1:
        console.print(f"行政复议诉讼案件 {res.review_cases} 件写在 {res.files[1]}，表二数字 {res.proactive_counts} 个"
                      f"写在 {res.files[2]}（CSV 只能存一张表；导入时三个文件须放在同一目录）", highlight=False)
    else:
        console.print(f"行政复议诉讼案件 {res.review_cases} 件、表二数字 {res.proactive_counts} 个写在工作表"
                      "“行政复议诉讼”“主动公开”", highlight=False)


@app.command("report")
def report(year: Annotated[int, typer.Option("--year", help="报告年度")],
           body: Annotated[Optional[str], typer.Option("--body", help="机关（只有一个机关时可省略）")] = None,
           rollup: Annotated[bool, typer.Option("--rollup", help="汇总下级机关")] = False,
           output: Annotated[Optional[Path], typer.Option("-o", "--output", help="写出数据文件（JSON，可供 gongkai render 使用）")] = None,
           full: Annotated[bool, typer.Option("--full", help="写出完整 JSON（Report.to_dict()）而非字段平铺形式")] = False,
           db: Db = None) -> None:
    """由登记册生成该年度的表二至表四数据。"""
    from ..model import fields as F
    from ..register import RegisterError, get_body, list_bodies, year_report

    reg = _open(db)

    def go(s):
        if body:
            b = get_body(s, body)
        else:
            bodies = list_bodies(s)
            if len(bodies) != 1:
                raise RegisterError("登记册中有多个机关（或没有机关），请用 --body 指定")
            b = bodies[0]
        return year_report(s, b.id, year, rollup=rollup)

    rep = _run(reg, go)
    if output:
        data = rep.to_dict() if full else rep.flat()
        try:
            output.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        except OSError as e:
            fail(f"无法写入 {output}：{e.strerror or e}")
        console.print(f"已写出 {rep.agency}{year}年度数据：{output}")
        return
    t = Table("", *[F.T3_COLUMN_LABELS[c] for c in F.T3_COLUMN_IDS], title=f"{rep.agency} {year}年 表三")
    for row in F.T3_ROWS[rep.format]:
        t.add_row(row.label[:24], *[str(rep.number(f"t3.{row.id}.{c}")) for c in F.T3_COLUMN_IDS])
    console.print(t)
    t4 = Table("", *[c.label for c in F.T4_COLUMNS], title="表四")
    for g in F.T4_GROUPS:
        t4.add_row(g.label, *[str(rep.number(f"t4.{g.id}.{c}")) for c in F.T4_COLUMN_IDS])
    console.print(t4)


# --------------------------------------------------------------------------- review cases, Table 2, fees


@review_app.command("add")
def review_add(body: Annotated[str, typer.Option("--body", help="机关")],
               group: Annotated[str, typer.Option("--group", help="review（行政复议）/ suit_direct / suit_after_review")],
               filed: Annotated[str, typer.Option("--filed", help="申请复议或起诉日期")],
               application: Annotated[Optional[int], typer.Option("--application", help="所涉申请编号")] = None,
               case_no: Annotated[Optional[str], typer.Option("--case-no", help="案号")] = None,
               db: Db = None, actor: Actor = None) -> None:
    """登记行政复议或行政诉讼案件。"""
    from ..register import add_review_case, get_body

    filed_on = _date(filed, "立案日期")
    reg = _open(db)
    cid = _run(reg, lambda s: add_review_case(s, body_id=get_body(s, body).id, group=group, filed_on=filed_on,
                                              application_id=application, case_no=case_no,
                                              actor=_actor(actor)).id)
    console.print(f"已登记案件 {cid}")


@review_app.command("decide")
def review_decide(case_id: Annotated[int, typer.Argument(help="案件编号")],
                  outcome: Annotated[str, typer.Option("--outcome", help="upheld（维持）/ corrected（纠正）/ other（其他）")],
                  on: Annotated[str, typer.Option("--on", help="审结日期")],
                  db: Db = None, actor: Actor = None) -> None:
    """登记案件结果。"""
    from ..register import decide_review_case

    day = _date(on, "审结日期")
    reg = _open(db)
    _run(reg, lambda s: decide_review_case(s, case_id, outcome, day, actor=_actor(actor)))
    console.print(f"已登记案件 {case_id} 的结果")


@proactive_app.command("set")
def proactive_set(body: Annotated[str, typer.Option("--body", help="机关")],
                  year: Annotated[int, typer.Option("--year", help="年度")],
                  field: Annotated[str, typer.Argument(help="表二字段编号，如 t2.rules.issued")],
                  value: Annotated[str, typer.Argument(help="数值（金额以万元计）")],
                  db: Db = None, actor: Actor = None) -> None:
    """填写表二的一个数字。"""
    from ..register import get_body, set_proactive_count

    reg = _open(db)
    _run(reg, lambda s: set_proactive_count(s, get_body(s, body).id, year, field, value, actor=_actor(actor)))
    console.print(f"已填写 {field} = {value}")


@app.command("fee")
def fee(count: Annotated[Optional[int], typer.Option("--count", help="同一申请人当月累计申请件数（按件计收）")] = None,
        pages: Annotated[Optional[int], typer.Option("--pages", help="一件申请的页数（按量计收）")] = None,
        application: Annotated[Optional[int], typer.Option("--application", help="按登记册计算该申请的收费标准")] = None,
        db: Db = None) -> None:
    """计算信息处理费（国办函〔2020〕109号）：按件计收或按量计收，二者不得同时适用于一件申请。"""
    from ..register import RegisterError, fee_by_count, fee_by_pages, fee_for_application

    if count is None and pages is None and application is None:
        fail("请给出 --count、--pages 或 --application")
    try:
        if application is not None:
            reg = _open(db)
            res = _run(reg, lambda s: fee_for_application(s, application, pages=pages))
            console.print(f"申请 {application} 是该申请人当月向本机关提出的第 {res['rank_in_month']} 件："
                          f"按件计收 {res['by_count']} 元")
            if "by_pages" in res:
                console.print(f"按量计收：{pages} 页，{res['by_pages']} 元（两种方式只能选一种）")
            return
        if count is not None:
            console.print(f"按件计收：当月累计 {count} 件，合计 {fee_by_count(count)} 元")
        if pages is not None:
            console.print(f"按量计收：{pages} 页，{fee_by_pages(pages)} 元")
    except RegisterError as e:
        fail(e.message)
