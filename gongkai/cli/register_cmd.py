"""``gongkai register …`` (依申请公开登记册): bodies, applications, events, due list, import/export, year report.

Every command takes ``--db URL`` (env ``GONGKAI_DATABASE_URL``, default ``sqlite:///gongkai.db`` in the
current folder; migrations are applied automatically) and, for changes, ``--actor`` (default: the OS
user) for the audit log.
"""
from __future__ import annotations

import datetime as dt
import getpass
import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table


from .common import console, err_console, fail

app = typer.Typer(help="依申请公开登记册：登记申请、办理事项、期限提醒、导入导出、生成年度报告表格。",
                  no_args_is_help=True, rich_markup_mode="rich")
body_app = typer.Typer(help="机关管理。", no_args_is_help=True)
review_app = typer.Typer(help="行政复议、行政诉讼案件（表四）。", no_args_is_help=True)
proactive_app = typer.Typer(help="主动公开情况（表二）。", no_args_is_help=True)
app.add_typer(body_app, name="body")
app.add_typer(review_app, name="review")
app.add_typer(proactive_app, name="proactive")

Db = Annotated[Optional[str], typer.Option("--db", envvar="GONGKAI_DATABASE_URL",
                                           help="数据库地址，默认 sqlite:///gongkai.db")]
Actor = Annotated[Optional[str], typer.Option("--actor", help="操作人（写入审计日志），默认为当前系统用户")]
Cal = Annotated[Optional[list[Path]], typer.Option("--calendar", help="本地日历文件（YAML/JSON），补充某年节假日安排")]
Today = Annotated[Optional[str], typer.Option("--today", help="以该日期为“今天”计算（默认今天）")]


def install(root: typer.Typer) -> None:
    root.add_typer(app, name="register")


# --------------------------------------------------------------------------- helpers


def _actor(actor: str | None) -> str:
    if actor:
        return actor
    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no user name in the environment
        return "cli"


def _open(db: str | None, calendar: list[Path] | None = None):
    from ..register import RegisterError, load_calendar_file, open_register

    try:
        for f in calendar or []:
            load_calendar_file(f)
        return open_register(db)
    except RegisterError as e:
        fail(e.message)
    except Exception as e:  # connection / migration problems
        fail(f"无法打开登记册数据库 {db or '（默认）'}：{type(e).__name__}：{str(e).splitlines()[0] if str(e) else ''}")


def _date(value: str | None, what: str) -> dt.date | None:
    from ..register import RegisterError, parse_date

    if value is None:
        return None
    try:
        return parse_date(value, what)
    except RegisterError as e:
        fail(e.message)


def _run(reg, fn):
    """Run ``fn(session)`` in one transaction; a refused operation exits with its Chinese message."""
    from ..register import RegisterError

    try:
        with reg.transaction() as s:
            return fn(s)
    except RegisterError as e:
        fail(e.message)
    finally:
        reg.dispose()


# --------------------------------------------------------------------------- init / bodies


@app.command("init")
def init(db: Db = None) -> None:
    """创建（或升级）登记册数据库。"""
    reg = _open(db)
    console.print(f"登记册已就绪：{reg.url}")
    reg.dispose()


@body_app.command("add")
def body_add(name: Annotated[str, typer.Argument(help="机关名称")],
             level: Annotated[str, typer.Option("--level", help="层级：national/provincial/municipal/county/township/other 或中文")] = "other",
             parent: Annotated[Optional[str], typer.Option("--parent", help="上级机关（名称或编号），用于汇总")] = None,
             db: Db = None, actor: Actor = None) -> None:
    """添加机关。"""
    from ..register import add_body, get_body

    reg = _open(db)

    def go(s):
        pid = get_body(s, parent).id if parent else None
        b = add_body(s, name, level=level, parent_id=pid, actor=_actor(actor))
        return b.id

    bid = _run(reg, go)
    console.print(f"已添加机关 {bid}：{name}")


@body_app.command("list")
def body_list(db: Db = None) -> None:
    """列出机关。"""
    from ..register import BODY_LEVELS, list_bodies

    reg = _open(db)

    def go(s):
        t = Table("编号", "机关", "层级", "上级")
        bodies = list_bodies(s)
        names = {b.id: b.name for b in bodies}
        for b in bodies:
            t.add_row(str(b.id), b.name, BODY_LEVELS.get(b.level, b.level), names.get(b.parent_id, ""))
        console.print(t)

    _run(reg, go)


# --------------------------------------------------------------------------- applications


@app.command("add")
def add(body: Annotated[str, typer.Option("--body", help="机关（名称或编号）")],
        received: Annotated[str, typer.Option("--received", help="收到申请日期（第三十一条）")],
        channel: Annotated[str, typer.Option("--channel", help="渠道：in_person/registered_post/ordinary_mail/internet/fax/other 或中文")],
        kind: Annotated[Optional[str], typer.Option("--kind", help="申请人类型：natural/commercial/research/nonprofit/legal/other_org 或中文")] = None,
        name: Annotated[Optional[str], typer.Option("--name", help="申请人姓名或名称")] = None,
        id_doc: Annotated[Optional[str], typer.Option("--id-doc", help="身份证明（证件类型和号码）")] = None,
        contact: Annotated[Optional[str], typer.Option("--contact", help="联系方式")] = None,
        applicant: Annotated[Optional[int], typer.Option("--applicant", help="已登记申请人的编号")] = None,
        request: Annotated[str, typer.Option("--request", help="申请公开的政府信息")] = "",
        form: Annotated[Optional[str], typer.Option("--form", help="获取信息的方式（纸质、电子等）")] = None,
        ref: Annotated[Optional[str], typer.Option("--ref", help="受理编号")] = None,
        db: Db = None, actor: Actor = None, calendar: Cal = None) -> None:
    """登记一件政府信息公开申请。

    收到申请日期（第三十一条）：当面提交的，为提交之日；邮寄（需签收）的，为签收之日；平常信函，为与申请人
    确认之日；互联网、传真，为双方确认之日。无法联系申请人的，自恢复联系之日起计算。"""
    from ..register import add_applicant, add_application, find_applicant, get_body
    from ..register.service import applicant_kind

    received_on = _date(received, "收到申请日期")
    if applicant is None and not (kind and name):
        fail("请用 --applicant 指定已登记的申请人，或用 --kind 和 --name 登记申请人")
    reg = _open(db, calendar)
    who = _actor(actor)

    def go(s):
        b = get_body(s, body)
        aid = applicant
        if aid is None:
            k = applicant_kind(kind)
            a = find_applicant(s, k, name, id_doc) or add_applicant(s, k, name, id_document=id_doc,
                                                                   contact=contact, actor=who)
            aid = a.id
        app_ = add_application(s, body_id=b.id, applicant_id=aid, received_on=received_on, channel=channel,
                               request=request, requested_form=form, ref_no=ref, actor=who)
        return app_.id, app_.answer_due

    aid, due = _run(reg, go)
    console.print(f"已登记申请 {aid}，答复期限 {due.isoformat() if due else '（无法计算）'}")


@app.command("event")
def event(application: Annotated[str, typer.Argument(help="申请编号或受理编号")],
          kind: Annotated[str, typer.Argument(help="事项：supplement_requested、answered 等（见下方说明），也可写中文名称")],
          on: Annotated[str, typer.Option("--on", help="事项日期")],
          outcome: Annotated[Optional[str], typer.Option("--outcome", help="答复的办理结果：表三的行编号（如 granted、denied.third_party）或中文（如 予以公开）")] = None,
          party: Annotated[Optional[str], typer.Option("--party", help="征求意见对象：third_party / co_issuer")] = None,
          until: Annotated[Optional[str], typer.Option("--until", help="期限：补正期限（补正告知）或另行确定的答复期限（第三十五条）")] = None,
          amount: Annotated[Optional[str], typer.Option("--amount", help="收费金额（元）")] = None,
          note: Annotated[Optional[str], typer.Option("--note", help="备注")] = None,
          body: Annotated[Optional[str], typer.Option("--body", help="机关（按受理编号查找时）")] = None,
          db: Db = None, actor: Actor = None, calendar: Cal = None) -> None:
    """登记一个办理事项（补正、征求意见、延期、收费、答复、撤回…）。

    事项：supplement_requested 补正告知、supplement_received 收到补正、supplement_missed 逾期未补正、
    consultation_sent 征求意见、consultation_answered 收到意见、extension_approved 延长答复期限、
    deadline_set 另行确定答复期限（第三十五条，须 --until）、
    fee_notice_sent 发出收费通知、fee_paid 缴纳费用、fee_expired 逾期未缴费、answered 答复、withdrawn 申请人撤回。
    """
    from ..register import EVENT_KINDS, get_application, get_body, record_event

    day = _date(on, "事项日期")
    k = kind.strip()
    k = next((key for key, label in EVENT_KINDS.items() if label == k), k)
    reg = _open(db, calendar)

    def go(s):
        bid = get_body(s, body).id if body else None
        app_ = get_application(s, application, bid)
        record_event(s, app_.id, k, day, outcome=outcome, party=party, until=until, amount=amount, note=note,
                     actor=_actor(actor))
        return app_.id, app_.state, app_.next_due

    aid, state, nxt = _run(reg, go)
    from ..register import STATES

    console.print(f"已登记：申请 {aid} {EVENT_KINDS.get(k, k)}；状态：{STATES.get(state, state)}"
                  + (f"；下一期限 {nxt.isoformat()}" if nxt else ""))


def _days(item) -> str:
    if item.days_left is None:
        return "—"
    if item.overdue:
        return f"[bold red]逾期{-item.days_left}个工作日[/]"
    if item.days_left == 0:
        return "[bold red]今天到期[/]"
    colour = "yellow" if item.days_left <= 3 else "green"
    return f"[{colour}]{item.days_left}[/]"


@app.command("due")
def due(within: Annotated[int, typer.Option("--within", help="提醒范围：N个工作日内到期（含已逾期）")] = 5,
        body: Annotated[Optional[str], typer.Option("--body", help="只看该机关")] = None,
        children: Annotated[bool, typer.Option("--children", help="包括下级机关")] = False,
        today: Today = None, db: Db = None, calendar: Cal = None) -> None:
    """列出 N 个工作日内到期或已逾期的申请。"""
    from ..register import due_list, get_body

    day = _date(today, "今天") or dt.date.today()
    reg = _open(db, calendar)

    def go(s):
        bid = get_body(s, body).id if body else None
        return due_list(s, within=within, body_id=bid, today=day, include_children=children)

    items = _run(reg, go)
    if not items:
        console.print(f"{within}个工作日内没有到期或逾期的申请。")
        return
    t = Table(title=f"期限提醒（{day.isoformat()}，{within}个工作日内）")
    t.add_column("申请", no_wrap=True)
    t.add_column("受理编号", no_wrap=True)
    if not body:
        t.add_column("机关", overflow="fold")
    t.add_column("状态", overflow="fold")
    t.add_column("期限", overflow="fold")
    t.add_column("到期日", no_wrap=True)
    t.add_column("剩余工作日", no_wrap=True)
    for it in items:
        cells = [str(it.application_id), it.ref_no or ""] + ([it.body_name] if not body else []) + [
            it.state_label, it.due_label or (it.note or ""), it.due_on.isoformat() if it.due_on else "—", _days(it)]
        t.add_row(*cells)
    console.print(t)
    n_over = sum(1 for it in items if it.overdue)
    if n_over:
        console.print(f"[bold red]已逾期 {n_over} 件[/]")


@app.command("show")
def show(application: Annotated[str, typer.Argument(help="申请编号或受理编号")],
         body: Annotated[Optional[str], typer.Option("--body", help="机关（按受理编号查找时）")] = None,
         today: Today = None, db: Db = None, calendar: Cal = None) -> None:
    """显示一件申请的办理过程、状态和期限。"""
    from ..register import APPLICANT_KINDS, case_status, get_application, get_body

    day = _date(today, "今天") or dt.date.today()
    reg = _open(db, calendar)

    def go(s):
        bid = get_body(s, body).id if body else None
        app_ = get_application(s, application, bid)
        st = case_status(s, app_.id, today=day)
        return st, app_.body.name, APPLICANT_KINDS[app_.applicant.kind]

    st, body_name, akind = _run(reg, go)
    a = st.application
    console.print(f"[bold]申请 {a.id}[/] {a.ref_no or ''}  {body_name}  申请人类型：{akind}")
    console.print(f"申请内容：{a.request or '（未填）'}")
    t = Table("日期", "事项", "说明", "经办人", title="办理过程")
    for item in st.timeline:
        t.add_row(item.on.isoformat(), item.label, item.detail, item.actor)
    console.print(t)
    console.print(f"状态：[bold]{st.state_label}[/]" + (f"（{st.outcome_label}）" if st.outcome_label else ""))
    d = st.due
    if d.note:
        console.print(f"[yellow]{d.note}[/]")
    if d.answer_due:
        console.print(f"答复期限：{d.answer_due.isoformat()}")
    if d.on:
        left = f"剩余 {d.days_left} 个工作日" if d.days_left is not None and not d.overdue else \
            (f"[bold red]已逾期 {-d.days_left} 个工作日[/]" if d.days_left is not None else "")
        console.print(f"下一期限：{d.label} {d.on.isoformat()}  {left}")
    if st.supplement_notice_due and st.state == "processing" and not st.closed_on:
        console.print(f"如需补正，应在 {st.supplement_notice_due.isoformat()} 前一次性告知（第三十条）")


@app.command("list")
def list_(body: Annotated[Optional[str], typer.Option("--body", help="只看该机关")] = None,
          year: Annotated[Optional[int], typer.Option("--year", help="只看该年收到的申请")] = None,
          state: Annotated[Optional[str], typer.Option("--state", help="只看该状态，如 processing、answered")] = None,
          open_only: Annotated[bool, typer.Option("--open", help="只看尚未办结的申请")] = False,
          limit: Annotated[int, typer.Option("--limit", help="最多列出几件")] = 50,
          db: Db = None) -> None:
    """列出申请（最近收到的在前）。"""
    from ..register import APPLICANT_KINDS, STATES, get_body, list_applications
    from ..register.events import outcome_label

    reg = _open(db)

    def go(s):
        bid = get_body(s, body).id if body else None
        apps = list_applications(s, body_id=bid, year=year, state=state, open_only=open_only, limit=limit)
        return [(a, a.body.name, a.applicant.kind) for a in apps]

    rows = _run(reg, go)
    t = Table(title=f"申请（{len(rows)} 件）")
    for name, kw in (("申请", {"no_wrap": True}), ("受理编号", {"no_wrap": True}), ("机关", {"overflow": "fold"}),
                     ("收到日期", {"no_wrap": True}), ("申请人类型", {}), ("状态", {"overflow": "fold"}),
                     ("结果/下一期限", {"overflow": "fold"})):
        t.add_column(name, **kw)
    for a, body_name, kind in rows:
        tail = outcome_label(a.outcome) if a.outcome else (a.next_due.isoformat() if a.next_due else (a.due_note or ""))
        t.add_row(str(a.id), a.ref_no or "", body_name, a.received_on.isoformat(), APPLICANT_KINDS[kind],
                  STATES.get(a.state, a.state), tail)
    console.print(t)


@app.command("log")
def log(application: Annotated[Optional[int], typer.Option("--application", help="只看该申请的记录")] = None,
        actor_name: Annotated[Optional[str], typer.Option("--by", help="只看该操作人的记录")] = None,
        limit: Annotated[int, typer.Option("--limit", help="最多列出几条（最新的）")] = 50,
        db: Db = None) -> None:
    """查看审计日志（谁、何时、做了什么）。"""
    from sqlalchemy import select

    from ..register import AuditEntry

    reg = _open(db)

    def go(s):
        q = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if application is not None:
            q = q.where(AuditEntry.entity == "application", AuditEntry.entity_id == application)
        if actor_name:
            q = q.where(AuditEntry.actor == actor_name)
        return list(s.execute(q).scalars())[::-1]

    entries = _run(reg, go)
    t = Table(title="审计日志")
    t.add_column("时间", no_wrap=True)
    t.add_column("操作人")
    t.add_column("操作")
    t.add_column("对象", no_wrap=True)
    t.add_column("内容", overflow="fold")
    for e in entries:
        t.add_row(e.at.strftime("%Y-%m-%d %H:%M:%S") if e.at else "", e.actor, e.action,
                  f"{e.entity} {e.entity_id or ''}", e.detail)
    console.print(t)


@app.command("calendar")
def calendar_check(file: Annotated[Path, typer.Argument(help="本地日历文件（YAML/JSON）")]) -> None:
    """检查本地日历文件（某年的放假和调休安排），并列出其中的年份。

    使用时在各命令加 --calendar 文件，或设置环境变量 GONGKAI_CALENDAR。"""
    from ..register import RegisterError
    from ..register.calendar import read_calendar_file

    try:
        arrangements = read_calendar_file(file)
    except RegisterError as e:
        fail(e.message)
    for a in arrangements:
        console.print(f"{a.year}年：放假 {len(a.holidays)} 天，调休上班 {len(a.workdays)} 天")


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
