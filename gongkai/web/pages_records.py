"""The audit log page (操作日志) in Chinese: filterable by actor, kind of action, date and case;
exportable to Excel. Administrators see everything; supervisors the actions of their bodies'
users and on their bodies' cases."""
from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from sqlalchemy import or_, select

from ..register.models import Application, AuditEntry
from .deps import Ctx, Forbidden, get_ctx
from .models import EventDraft, WebUser
from .records import ACTION_GROUPS, ENTITIES, Record, action_label, detail_text, display_names
from .ui import BEIJING, page

router = APIRouter()
PAGE = 50
EXPORT_LIMIT = 50_000


def _day(raw: str, label: str, problems: list[str]) -> dt.date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        problems.append(f"{label}“{raw[:20]}”不是有效日期（应为 YYYY-MM-DD）。")
        return None


def _utc(day: dt.date) -> dt.datetime:
    """Midnight of a Beijing-time day, in UTC (the log stores UTC)."""
    return dt.datetime.combine(day, dt.time(), BEIJING).astimezone(dt.timezone.utc)


def audit_query(ctx: Ctx, params) -> tuple[object, list[str], dict]:
    if ctx.role not in ("admin", "supervisor"):
        raise Forbidden("只有系统管理员和监督人员可以查看操作日志。")
    problems: list[str] = []
    raw = {k: (params.get(k) or "").strip()[:100] for k in ("actor", "kind", "date_from", "date_to", "case", "q")}
    stmt = select(AuditEntry)
    if ctx.role != "admin" or ctx.user.body_id is not None:
        visible = ctx.visible_body_ids
        names = select(WebUser.username).where(WebUser.body_id.in_(visible))
        apps = select(Application.id).where(Application.body_id.in_(visible))
        stmt = stmt.where(or_(AuditEntry.actor.in_(names),
                              (AuditEntry.entity == "application") & AuditEntry.entity_id.in_(apps)))
    if raw["actor"]:
        stmt = stmt.where(AuditEntry.actor == raw["actor"])
    if raw["kind"] in ACTION_GROUPS:
        stmt = stmt.where(AuditEntry.action.like(raw["kind"].replace("_", "\\_") + "%", escape="\\"))
    lo, hi = _day(raw["date_from"], "起始日期", problems), _day(raw["date_to"], "截止日期", problems)
    if lo:
        stmt = stmt.where(AuditEntry.at >= _utc(lo))
    if hi:
        stmt = stmt.where(AuditEntry.at < _utc(hi + dt.timedelta(days=1)))
    if raw["case"]:
        ids = select(Application.id).where(Application.ref_no == raw["case"])
        if raw["case"].lstrip("#").isdigit():
            ids = select(Application.id).where(or_(Application.ref_no == raw["case"],
                                                   Application.id == int(raw["case"].lstrip("#"))))
        drafts = select(EventDraft.id).where(EventDraft.application_id.in_(ids))
        stmt = stmt.where(or_((AuditEntry.entity == "application") & AuditEntry.entity_id.in_(ids),
                              (AuditEntry.entity == "web_event_draft") & AuditEntry.entity_id.in_(drafts)))
    if raw["q"]:
        like = f"%{raw['q']}%"
        stmt = stmt.where(or_(AuditEntry.actor.like(like), AuditEntry.action.like(like), AuditEntry.detail.like(like)))
    return stmt.order_by(AuditEntry.id.desc()), problems, raw


def records(ctx: Ctx, rows: list[AuditEntry]) -> list[Record]:
    """The entries with names, 受理编号 links and Chinese details."""
    people = display_names(ctx.db)
    bodies = {b.id: b.name for b in ctx.bodies.values()}
    app_ids = {r.entity_id for r in rows if r.entity == "application" and r.entity_id}
    draft_ids = {r.entity_id for r in rows if r.entity == "web_event_draft" and r.entity_id}
    draft_app = dict(ctx.db.execute(select(EventDraft.id, EventDraft.application_id)
                                    .where(EventDraft.id.in_(draft_ids))).all()) if draft_ids else {}
    app_ids |= set(draft_app.values())
    refs = dict(ctx.db.execute(select(Application.id, Application.ref_no).where(Application.id.in_(app_ids))).all()) \
        if app_ids else {}
    out = []
    for r in rows:
        link, target = "", ENTITIES.get(r.entity, r.entity) + (f" #{r.entity_id}" if r.entity_id else "")
        app_id = r.entity_id if r.entity == "application" else draft_app.get(r.entity_id) \
            if r.entity == "web_event_draft" else None
        if app_id:
            link, target = f"/cases/{app_id}", "申请 " + (refs.get(app_id) or f"#{app_id}")
        elif r.entity == "body" and r.entity_id in bodies:
            target = bodies[r.entity_id]
        elif r.entity == "web_user" and r.entity_id:
            target = "用户 " + next((n for u, n in people.items() if u == r.actor), f"#{r.entity_id}") \
                if r.action in ("login", "logout", "password_changed") else f"用户 #{r.entity_id}"
        out.append(Record(r.id, r.at, r.actor, people.get(r.actor, r.actor), r.action, action_label(r.action),
                          r.entity, ENTITIES.get(r.entity, r.entity), r.entity_id, link, target,
                          detail_text(r.detail, people, bodies)))
    return out


@router.get("/audit", include_in_schema=False)
def audit_log(request: Request, ctx: Ctx = Depends(get_ctx)):
    stmt, problems, raw = audit_query(ctx, request.query_params)
    page_raw = request.query_params.get("page_no", "1")
    page_no = max(int(page_raw), 1) if page_raw.isdigit() else 1
    rows = ctx.db.scalars(stmt.offset((page_no - 1) * PAGE).limit(PAGE + 1)).all()
    actors = ctx.db.execute(select(WebUser.username, WebUser.display_name)
                            .where(WebUser.body_id.in_(ctx.visible_body_ids) if ctx.user.body_id is not None
                                   else True).order_by(WebUser.username)).all()
    qs = urlencode({k: v for k, v in raw.items() if v})
    return page(request, "audit.html", ctx, entries=records(ctx, rows[:PAGE]), page_no=page_no,
                more=len(rows) > PAGE, raw=raw, qs=qs, problems=problems, GROUPS=ACTION_GROUPS, actors=actors)


@router.get("/audit/export.xlsx", include_in_schema=False)
def audit_export(request: Request, ctx: Ctx = Depends(get_ctx)):
    """The filtered log as Excel (操作日志.xlsx)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .caselist import cell_text
    from .ui import _date

    stmt, problems, _ = audit_query(ctx, request.query_params)
    if problems:
        raise HTTPException(400, "；".join(problems))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("操作日志")
    for col, width in zip("ABCDEF", (18, 14, 12, 20, 24, 80)):
        ws.column_dimensions[col].width = width
    ws.append(["时间（北京时间）", "姓名", "用户名", "操作", "对象", "内容"])
    for i in range(0, EXPORT_LIMIT, 1000):
        chunk = ctx.db.scalars(stmt.offset(i).limit(1000)).all()
        for r in records(ctx, chunk):
            ws.append([cell_text(v) for v in (_date(r.at), r.actor_name, r.actor, r.action_label, r.target, r.detail)])
        if len(chunk) < 1000:
            break
    buf = io.BytesIO()
    wb.save(buf)
    del Font
    name = quote(f"操作日志-{dt.date.today().isoformat()}.xlsx")
    return Response(buf.getvalue(), media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})
