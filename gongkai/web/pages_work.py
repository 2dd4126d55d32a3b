"""Personal pages (个人工作): the 待办 work list, in-app notifications (站内通知) and their settings
(每日邮件摘要 opt-out), and assigning a case's 承办人 (分配、改派)."""
from __future__ import annotations

import re

from fastapi import APIRouter, Depends, Form, Request
from sqlalchemy import select, update

from ..register.errors import RegisterError
from .assign import assign
from .deps import Ctx, Forbidden, get_ctx
from .digest import SmtpSettings, send_digests
from .models import utcnow
from .models_workplace import Notification, UserPrefs
from .pages_cases import today, visible_case
from .ui import page, redirect
from .workplace import draft_label, due_label, remind, todo_for

router = APIRouter()
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,185}\.[^@\s]{2,}$")


@router.get("/todo", include_in_schema=False)
def todo_page(request: Request, ctx: Ctx = Depends(get_ctx)):
    """我的待办: deadlines of my cases, returned drafts, periods ending, drafts to approve."""
    t = today()
    approvable = [b for b in ctx.visible_body_ids if ctx.can_act(b, "approver")] \
        if ctx.role in ("approver", "admin") else []
    personal = {b for b in ctx.visible_body_ids if ctx.can_see_personal(b)}
    todo = todo_for(ctx.db, ctx.user, t, approvable_bodies=approvable, personal_bodies=personal)
    if remind(ctx.db, ctx.user, todo, t):
        ctx.db.commit()
    from .records import display_names

    return page(request, "todo.html", ctx, todo=todo, today=t, due_label=due_label, draft_label=draft_label,
                bodies=ctx.bodies, names=display_names(ctx.db))


@router.post("/cases/{case_id}/assign", include_in_schema=False)
def assign_case(request: Request, case_id: int, user_id: str = Form(""), ctx: Ctx = Depends(get_ctx)):
    """Assign or reassign the case's 承办人 (approvers and administrators; an officer may take an
    unassigned case of the body for himself)."""
    app = visible_case(ctx, case_id)
    target = int(user_id) if user_id.strip().isdigit() else None
    from .assign import assignee_of

    current = assignee_of(ctx.db, app.id)
    self_take = ctx.can_act(app.body_id, "officer") and target == ctx.user.id and current is None
    if not (ctx.can_act(app.body_id, "approver") or self_take):
        raise Forbidden("只有本机关的审批人可以分配或改派承办人（经办人可以承办尚未分配的申请）。")
    try:
        user = assign(ctx.db, app, target, actor=ctx.actor)
        ctx.db.commit()
    except RegisterError as e:
        ctx.db.rollback()
        return redirect(request, f"/cases/{case_id}", e.message, "error")
    request.app.state.cache.bump()
    return redirect(request, f"/cases/{case_id}",
                    f"承办人已改为：{user.display_name or user.username}。" if user else "已取消承办人分配。")


@router.get("/notifications", include_in_schema=False)
def notifications(request: Request, ctx: Ctx = Depends(get_ctx)):
    rows = ctx.db.scalars(select(Notification).where(Notification.user_id == ctx.user.id)
                          .order_by(Notification.id.desc()).limit(200)).all()
    prefs = ctx.db.get(UserPrefs, ctx.user.id)
    return page(request, "notifications.html", ctx, rows=rows, prefs=prefs,
                smtp=SmtpSettings.from_env().configured)


@router.post("/notifications/read", include_in_schema=False)
def mark_read(request: Request, nid: str = Form(""), ctx: Ctx = Depends(get_ctx)):
    stmt = update(Notification).where(Notification.user_id == ctx.user.id, Notification.read_at.is_(None))
    if nid.strip().isdigit():
        stmt = stmt.where(Notification.id == int(nid))
    ctx.db.execute(stmt.values(read_at=utcnow()))
    ctx.db.commit()
    return redirect(request, "/notifications", "已标记为已读。")


@router.post("/notifications/settings", include_in_schema=False)
def save_settings(request: Request, email: str = Form(""), digest: str = Form(""), ctx: Ctx = Depends(get_ctx)):
    """The address of the daily digest (每日待办摘要) and whether to receive it (退订)."""
    email = email.strip()
    if email and (len(email) > 254 or not EMAIL.match(email)):
        return redirect(request, "/notifications", f"电子邮箱“{email[:60]}”格式不正确。", "error")
    prefs = ctx.db.get(UserPrefs, ctx.user.id) or UserPrefs(user_id=ctx.user.id)
    prefs.email, prefs.digest = email, digest == "on"
    ctx.db.add(prefs)
    from .audit import audit

    audit(ctx.db, ctx.actor, "notify_settings", "web_user", ctx.user.id, {"digest": prefs.digest,
                                                                           "email_set": bool(email)})
    ctx.db.commit()
    return redirect(request, "/notifications", "通知设置已保存。" if prefs.digest else "已退订每日邮件摘要。")


@router.post("/admin/digest", include_in_schema=False)
def send_now(request: Request, ctx: Ctx = Depends(get_ctx)):
    """Send today's digests now (系统管理员; normally a daily cron job runs ``python -m gongkai.web.digest``)."""
    if ctx.role != "admin":
        raise Forbidden("只有系统管理员可以发送每日摘要。")
    smtp = SmtpSettings.from_env()
    if not smtp.configured:
        return redirect(request, "/notifications", "未配置邮件服务器（GONGKAI_SMTP_HOST），无法发送。", "error")
    result = send_digests(ctx.db, smtp, today(), base_url=str(request.base_url).rstrip("/"))
    return redirect(request, "/notifications", result.summary(), "error" if result.failed else "ok")


@router.get("/cases/{case_id}/print", include_in_schema=False)
def case_print(request: Request, case_id: int, ctx: Ctx = Depends(get_ctx)):
    """The print view of a case with its 办理审批单 (drafts and the approver's decisions)."""
    from ..register import service
    from ..register.events import EVENT_KINDS, outcome_label
    from . import drafts
    from .assign import assignee_of
    from .records import display_names

    app = visible_case(ctx, case_id)
    t = today()
    return page(request, "case_print.html", ctx, app=app, status=service.case_status(ctx.db, app.id, t), today=t,
                personal=ctx.can_see_personal(app.body_id), body=ctx.bodies.get(app.body_id),
                drafts=list(reversed(drafts.case_drafts(ctx.db, app.id))), assignee=assignee_of(ctx.db, app.id),
                names=display_names(ctx.db), EVENT_KINDS=EVENT_KINDS, outcome_label=outcome_label)
