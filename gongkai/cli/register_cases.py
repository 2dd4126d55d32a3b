"""``gongkai register`` — applications (申请登记与办理): init, bodies, add, event, due, show, list, log."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from .common import console, err_console, fail
from .register_cmd import (Actor, Cal, Db, Today, _actor, _date, _open, _run, _today, app, body_app, proactive_app,
                           review_app)


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
        arrived: Annotated[Optional[str], typer.Option("--arrived", help="申请到达日期（与确认日期不同时，第三十一条）")] = None,
        db: Db = None, actor: Actor = None, calendar: Cal = None) -> None:
    """登记一件政府信息公开申请。

    收到申请日期（第三十一条）：当面提交的，为提交之日；邮寄（需签收）的，为签收之日；平常信函，为与申请人
    确认之日；互联网、传真，为双方确认之日。无法联系申请人的，自恢复联系之日起计算。"""
    from ..register import add_applicant, add_application, find_applicant, get_body
    from ..register.service import applicant_kind

    received_on = _date(received, "收到申请日期")
    arrived_on = _date(arrived, "申请到达日期")
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
                               request=request, requested_form=form, ref_no=ref, arrived_on=arrived_on, actor=who)
        return app_.id, app_.answer_due, app_.due_estimated, app_.warnings

    aid, due, est, warnings = _run(reg, go)
    console.print(f"已登记申请 {aid}，答复期限 {due.isoformat() if due else '（无法计算）'}"
                  + ("（估算：该年节假日安排尚未录入）" if est else ""), highlight=False)
    _warn(warnings)


@app.command("event")
def event(application: Annotated[str, typer.Argument(help="申请编号或受理编号")],
          kind: Annotated[str, typer.Argument(help="事项：supplement_requested、answered 等（见下方说明），也可写中文名称")],
          on: Annotated[str, typer.Option("--on", help="事项日期")],
          outcome: Annotated[Optional[str], typer.Option("--outcome", help="答复的办理结果：表三的行编号（如 granted、denied.third_party）或中文（如 予以公开）")] = None,
          party: Annotated[Optional[str], typer.Option("--party", help="征求意见对象：third_party / co_issuer")] = None,
          until: Annotated[Optional[str], typer.Option("--until", help="期限：补正期限（补正告知）或另行确定的答复期限（第三十五条）")] = None,
          amount: Annotated[Optional[str], typer.Option("--amount", help="收费金额（元）")] = None,
          note: Annotated[Optional[str], typer.Option("--note", help="备注")] = None,
          delivered: Annotated[Optional[str], typer.Option("--delivered", help="送达日期：对方收到通知之日（第三十二条、109号的期限由此起算）")] = None,
          method: Annotated[Optional[str], typer.Option("--method", help="送达方式：in_person（当面）/post（邮寄）/email（电子邮件）/online（网上平台）")] = None,
          tracking: Annotated[Optional[str], typer.Option("--tracking", help="邮件单号")] = None,
          ref_event: Annotated[Optional[int], typer.Option("--ref-event", help="所涉事项编号（送达、收到意见）")] = None,
          basis: Annotated[Optional[str], typer.Option("--basis", help="收费方式：by_count（按件）/ by_pages（按量）")] = None,
          quantity: Annotated[Optional[int], typer.Option("--quantity", help="收费件数（当月第几件）或页数")] = None,
          opinion: Annotated[Optional[str], typer.Option("--opinion", help="第三方意见：agree（同意）/ object（不同意）/ none（逾期未答复）")] = None,
          review_case: Annotated[Optional[int], typer.Option("--review-case", help="重新答复所依据的复议、诉讼案件编号")] = None,
          body: Annotated[Optional[str], typer.Option("--body", help="机关（按受理编号查找时）")] = None,
          db: Db = None, actor: Actor = None, calendar: Cal = None) -> None:
    """登记一个办理事项（补正、征求意见、延期、收费、答复、撤回…）。

    事项：supplement_requested 补正告知、supplement_received 收到补正、supplement_missed 逾期未补正、
    consultation_sent 征求意见、consultation_answered 收到意见、extension_approved 延长答复期限、
    deadline_set 另行确定答复期限（第三十五条，须 --until）、
    fee_notice_sent 发出收费通知、fee_paid 缴纳费用、fee_expired 逾期未缴费、answered 答复、withdrawn 申请人撤回、
    delivered 送达（--ref-event 所送达的通知）、third_party_notified 书面告知第三方（第三十二条）、
    reopened 重新答复（复议、诉讼纠正后，--review-case，--until 决定的期限）。
    """
    from ..register import EVENT_KINDS, get_application, get_body, record_event

    day = _date(on, "事项日期")
    k = kind.strip()
    k = next((key for key, label in EVENT_KINDS.items() if label == k), k)
    reg = _open(db, calendar)

    def go(s):
        bid = get_body(s, body).id if body else None
        app_ = get_application(s, application, bid)
        ev = record_event(s, app_.id, k, day, outcome=outcome, party=party, until=until, amount=amount, note=note,
                          delivered_on=delivered, delivery_method=method, tracking_no=tracking,
                          ref_event_id=ref_event, fee_basis=basis, fee_quantity=quantity, opinion=opinion,
                          review_case_id=review_case, actor=_actor(actor))
        return app_.id, app_.state, app_.next_due, app_.due_estimated, ev.id, ev.warnings

    aid, state, nxt, est, ev_id, warnings = _run(reg, go)
    from ..register import STATES

    console.print(f"已登记：申请 {aid} {EVENT_KINDS.get(k, k)}（事项 {ev_id}）；状态：{STATES.get(state, state)}"
                  + (f"；下一期限 {nxt.isoformat()}" + ("（估算）" if est else "") if nxt else ""), highlight=False)
    _warn(warnings)


def _warn(warnings: list[str]) -> None:
    for w in warnings or []:
        console.print(f"[yellow]提示：[/yellow]{w}", highlight=False)


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

    day = _today(today)
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
            it.state_label, it.due_label or (it.note or ""), it.due_text, _days(it)]
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

    day = _today(today)
    reg = _open(db, calendar)

    def go(s):
        bid = get_body(s, body).id if body else None
        app_ = get_application(s, application, bid)
        st = case_status(s, app_.id, today=day)
        return st, app_.body.name, APPLICANT_KINDS[app_.applicant_kind]

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
    est = "（估算：该年节假日安排尚未录入）" if d.estimated else ""
    if d.answer_due:
        console.print(f"答复期限：{d.answer_due.isoformat()}{est}", highlight=False)
    if d.on:
        left = f"剩余 {d.days_left} 个工作日" if d.days_left is not None and not d.overdue else \
            (f"[bold red]已逾期 {-d.days_left} 个工作日[/]" if d.days_left is not None else "")
        console.print(f"下一期限：{d.label} {d.on.isoformat()}  {left}", highlight=False)
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
        return [(a, a.body.name, a.applicant_kind) for a in apps]

    rows = _run(reg, go)
    t = Table(title=f"申请（{len(rows)} 件）")
    for name, kw in (("申请", {"no_wrap": True}), ("受理编号", {"no_wrap": True}), ("机关", {"overflow": "fold"}),
                     ("收到日期", {"no_wrap": True}), ("申请人类型", {}), ("状态", {"overflow": "fold"}),
                     ("结果/下一期限", {"overflow": "fold"})):
        t.add_column(name, **kw)
    for a, body_name, kind in rows:
        tail = outcome_label(a.outcome) if a.outcome else (
            a.next_due.isoformat() + ("（估算）" if a.due_estimated else "") if a.next_due else (a.due_note or ""))
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
