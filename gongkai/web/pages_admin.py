"""Administration pages (系统管理): users and roles, bodies, audit log."""
from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Form, Request
from sqlalchemy import func, or_, select

from ..register.models import BODY_LEVELS, AuditEntry
from . import auth
from .audit import audit
from .deps import Ctx, Forbidden, get_ctx
from .models import ROLES, WebSession, WebUser
from .ui import page, redirect

router = APIRouter()


def _admin(ctx: Ctx) -> None:
    if ctx.role != "admin":
        raise Forbidden("只有系统管理员可以管理用户和机关。")


def _body_or_none(ctx: Ctx, raw: str) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) not in ctx.bodies:
        raise ValueError("所选机关不存在。")
    return int(raw)


@router.get("/admin/users", include_in_schema=False)
def users(request: Request, ctx: Ctx = Depends(get_ctx)):
    _admin(ctx)
    rows = ctx.db.scalars(select(WebUser).order_by(WebUser.body_id, WebUser.username)).all()
    return page(request, "admin_users.html", ctx, users=rows, bodies=ctx.bodies, BODY_LEVELS=BODY_LEVELS)


@router.post("/admin/users", include_in_schema=False)
def create_user(request: Request, username: str = Form(""), display_name: str = Form(""), password: str = Form(""),
                role: str = Form(""), body_id: str = Form(""), ctx: Ctx = Depends(get_ctx)):
    _admin(ctx)
    try:
        bid = _body_or_none(ctx, body_id)
        if role not in ROLES:
            raise ValueError("请选择角色。")
        if role != "admin" and bid is None:
            raise ValueError(f"{ROLES[role]}必须属于一个机关。")
        weak = auth.check_password_strength(password)
        if weak:
            raise ValueError(weak)
        user = auth.create_user(ctx.db, username, password, role, bid, display_name.strip())
    except ValueError as e:
        ctx.db.rollback()
        return redirect(request, "/admin/users", str(e), "error")
    audit(ctx.db, ctx.actor, "user_created", "web_user", user.id, {"username": user.username, "role": role,
                                                                   "body_id": bid})
    ctx.db.commit()
    return redirect(request, "/admin/users", f"用户“{user.username}”已创建。")


@router.post("/admin/users/{user_id}", include_in_schema=False)
def update_user(request: Request, user_id: int, role: str = Form(""), body_id: str = Form(""),
                active: str = Form(""), password: str = Form(""), ctx: Ctx = Depends(get_ctx)):
    _admin(ctx)
    user = ctx.db.get(WebUser, user_id)
    if user is None:
        return redirect(request, "/admin/users", "用户不存在。", "error")
    try:
        bid = _body_or_none(ctx, body_id)
        if role not in ROLES:
            raise ValueError("请选择角色。")
        if role != "admin" and bid is None:
            raise ValueError(f"{ROLES[role]}必须属于一个机关。")
        if user.id == ctx.user.id and (role != "admin" or not active):
            raise ValueError("不能停用自己的账户或取消自己的管理员角色。")
        if password:
            weak = auth.check_password_strength(password)
            if weak:
                raise ValueError(weak)
    except ValueError as e:
        return redirect(request, "/admin/users", str(e), "error")
    changes = {"role": role, "body_id": bid, "active": bool(active), "password_reset": bool(password)}
    user.role, user.body_id, user.active = role, bid, bool(active)
    if password:
        user.password_hash = auth.hash_password(password)
    if password or not user.active:
        ctx.db.query(WebSession).filter(WebSession.user_id == user.id).delete()
    audit(ctx.db, ctx.actor, "user_updated", "web_user", user.id, changes)
    ctx.db.commit()
    return redirect(request, "/admin/users", f"用户“{user.username}”已更新。")


@router.get("/admin/bodies", include_in_schema=False)
def bodies(request: Request, ctx: Ctx = Depends(get_ctx)):
    _admin(ctx)
    counts = dict(ctx.db.execute(select(WebUser.body_id, func.count()).group_by(WebUser.body_id)).all())
    return page(request, "admin_bodies.html", ctx, bodies=ctx.bodies, counts=counts, BODY_LEVELS=BODY_LEVELS)


@router.post("/admin/bodies", include_in_schema=False)
def create_body(request: Request, name: str = Form(""), level: str = Form("other"), parent_id: str = Form(""),
                ctx: Ctx = Depends(get_ctx)):
    _admin(ctx)
    from ..register.errors import RegisterError
    from ..register.service import add_body

    try:
        parent = _body_or_none(ctx, parent_id)
        body = add_body(ctx.db, name, level=level, parent_id=parent, actor=ctx.actor)
    except (ValueError, RegisterError) as e:
        ctx.db.rollback()
        return redirect(request, "/admin/bodies", str(e), "error")
    ctx.db.commit()
    return redirect(request, "/admin/bodies", f"机关“{body.name}”已添加。")


@router.get("/audit", include_in_schema=False)
def audit_log(request: Request, page_no: int = 1, q: str = "", ctx: Ctx = Depends(get_ctx)):
    if ctx.role not in ("admin", "supervisor"):
        raise Forbidden("只有系统管理员和监督人员可以查看操作日志。")
    size = 50
    stmt = select(AuditEntry)
    if ctx.role != "admin" or ctx.user.body_id is not None:
        # supervisors: actions on cases of their bodies and actions of their bodies' users
        from ..register.models import Application

        visible = ctx.visible_body_ids
        names = select(WebUser.username).where(WebUser.body_id.in_(visible))
        apps = select(Application.id).where(Application.body_id.in_(visible))
        stmt = stmt.where(or_(AuditEntry.actor.in_(names),
                              (AuditEntry.entity == "application") & AuditEntry.entity_id.in_(apps)))
    if q.strip():
        like = f"%{q.strip()}%"
        stmt = stmt.where(or_(AuditEntry.actor.like(like), AuditEntry.action.like(like),
                              AuditEntry.detail.like(like)))
    rows = ctx.db.scalars(stmt.order_by(AuditEntry.id.desc()).offset((max(page_no, 1) - 1) * size)
                          .limit(size + 1)).all()
    entries = []
    for r in rows[:size]:
        try:
            detail = json.loads(r.detail or "{}")
        except ValueError:
            detail = r.detail
        entries.append((r, detail))
    return page(request, "audit.html", ctx, entries=entries, page_no=max(page_no, 1), more=len(rows) > size, q=q)
