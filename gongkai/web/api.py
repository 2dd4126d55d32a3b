"""REST API (接口) under ``/api``: JSON; authenticate with the session cookie (plus ``X-CSRF-Token``
for changes) or with ``Authorization: Bearer <token>``. OpenAPI at ``/api/openapi.json``."""
from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from ..register import service
from ..register.errors import InvalidInput, NotFound, RegisterError
from ..register.models import Application
from . import actions as A
from . import auth, drafts
from .audit import audit
from .checking import check_bytes
from .deps import Ctx, Forbidden, NotVisible, get_ctx
from .models import ApiToken, EventDraft
from .pages_cases import register_application, scope_body, visible_case
from .pages_check import read_uploads
from .queries import list_cases
from .ui import page

router = APIRouter(prefix="/api", tags=["api"])


class RegisterFailed(Exception):
    pass


def _bad(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status)


def _app_json(ctx: Ctx, app: Application, today: dt.date | None = None, detail: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": app.id, "ref_no": app.ref_no, "body_id": app.body_id, "received_on": app.received_on.isoformat(),
        "channel": app.channel, "applicant_kind": app.applicant.kind, "request": app.request,
        "requested_form": app.requested_form, "state": app.state, "outcome": app.outcome,
        "closed_on": app.closed_on.isoformat() if app.closed_on else None,
        "answer_due": app.answer_due.isoformat() if app.answer_due else None,
        "next_due": app.next_due.isoformat() if app.next_due else None, "next_due_kind": app.next_due_kind,
    }
    if ctx.can_see_personal(app.body_id):
        out["applicant"] = {"name": app.applicant.name, "id_document": app.applicant.id_document,
                            "contact": app.applicant.contact}
    if detail:
        status = service.case_status(ctx.db, app.id, today or dt.date.today())
        out["state_label"] = status.state_label
        out["days_left"] = status.due.days_left
        out["overdue"] = status.due.overdue
        out["timeline"] = [{"on": t.on.isoformat(), "kind": t.kind, "label": t.label, "detail": t.detail,
                            "actor": t.actor} for t in status.timeline]
        acts = A.available_actions(ctx.db, app, today or dt.date.today(),
                                   lambda roles: ctx.can_act(app.body_id, *roles),
                                   drafts=drafts.may_draft(ctx, app.body_id))
        out["allowed_events"] = [a.kind for a in acts if a.allowed and a.permitted]
        out["draftable_events"] = [a.kind for a in acts if a.allowed and a.draftable]  # 可提交审批
        out["drafts"] = [drafts.draft_json(d, ctx) for d in drafts.case_drafts(ctx.db, app.id)]
    return out


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request, ctx: Ctx = Depends(get_ctx)):
    app = request.app
    if not getattr(app.state, "openapi", None):
        app.state.openapi = get_openapi(title="gongkai API", version="0.1.0",
                                        description="政府信息公开申请登记、期限、年度报告与检查接口。"
                                                    "认证：`Authorization: Bearer <令牌>`（在“个人账户”页面创建）。",
                                        routes=[r for r in app.routes if getattr(r, "path", "").startswith("/api")])
    return JSONResponse(app.state.openapi)


@router.get("/docs", include_in_schema=False)
def docs(request: Request, ctx: Ctx = Depends(get_ctx)):
    spec = openapi(request, ctx).body
    import json

    paths = json.loads(spec)["paths"]
    return page(request, "api_docs.html", ctx, paths=paths)


@router.get("/me")
def me(ctx: Ctx = Depends(get_ctx)) -> dict:
    """当前用户。"""
    u = ctx.user
    return {"username": u.username, "display_name": u.display_name, "role": u.role, "body_id": u.body_id,
            "visible_body_ids": ctx.visible_body_ids}


@router.get("/applications")
def applications(request: Request, page: int = Query(1, ge=1), size: int = Query(50, ge=1, le=500),
                 ctx: Ctx = Depends(get_ctx)):
    """申请列表。筛选与网页相同：state、within 个工作日内到期、kind 申请人类型、outcome 办理结果、channel 提交方式、
    body、under（机关及其下级）、year、q（受理编号或申请内容）、who（申请人姓名、电话或证件号码，仅限可查看个人信息的用户）、
    received_from/received_to、closed_from/closed_to（YYYY-MM-DD）、assignee（用户 id、me 或 none）、sort、dir。"""
    from .caselist import parse_filter, scope_ids

    f, problems = parse_filter(request.query_params, me=ctx.user.id)
    if problems:
        return _bad("；".join(problems))
    if f.body is not None and not ctx.can_see_body(f.body):
        raise NotVisible()
    visible = scope_ids(ctx, request.query_params)
    names_for = {b for b in visible if ctx.can_see_personal(b)}
    result = list_cases(ctx.db, f, visible, page=page, size=size, names_for=names_for,
                        cache=request.app.state.cache)
    return {"total": result.total, "page": result.page, "pages": result.pages, "note": result.note or None, "items": [
        {"id": r.id, "ref_no": r.ref_no, "body": r.body_name, "received_on": r.received_on.isoformat(),
         "applicant_kind": r.kind, **({"applicant_name": r.applicant_name} if r.applicant_name else {}),
         "request": r.request, "state": r.state, "outcome": r.outcome, "channel": r.channel,
         "assignee": r.assignee, "closed_on": r.closed_on.isoformat() if r.closed_on else None,
         "next_due": r.next_due.isoformat() if r.next_due else None, "days_left": r.days_left}
        for r in result.rows]}


class ApplicationIn(BaseModel):
    body_id: int | None = Field(None, description="受理机关；不填为本人所属机关")
    applicant_kind: str = Field(..., description="natural/commercial/research/nonprofit/legal/other_org")
    applicant_name: str
    id_document: str = ""
    contact: str = ""
    received_on: dt.date
    channel: str = Field(..., description="in_person/registered_post/ordinary_mail/internet/fax/other")
    request: str = ""
    requested_form: str = ""
    ref_no: str = ""


@router.post("/applications", status_code=201)
def create_application(request: Request, data: ApplicationIn, ctx: Ctx = Depends(get_ctx)):
    """登记新申请。"""
    body_id = data.body_id or ctx.user.body_id
    if body_id is None or not ctx.can_see_body(body_id):
        raise NotVisible("未找到该机关，或您无权访问。")
    try:
        app = register_application(ctx, body_id=body_id, kind=data.applicant_kind, name=data.applicant_name,
                                   id_document=data.id_document, contact=data.contact, received_on=data.received_on,
                                   channel=data.channel, request_text=data.request,
                                   requested_form=data.requested_form, ref_no=data.ref_no)
        ctx.db.commit()
    except RegisterError as e:
        ctx.db.rollback()
        return _bad(e.message, 404 if isinstance(e, NotFound) else 400)
    request.app.state.cache.bump()
    return JSONResponse(_app_json(ctx, app, detail=True), status_code=201)


@router.get("/applications/{case_id}")
def get_application(case_id: int, ctx: Ctx = Depends(get_ctx)) -> dict:
    """一件申请：状态、期限、办理过程、当前可登记的事项。"""
    return _app_json(ctx, visible_case(ctx, case_id), detail=True)


class EventIn(BaseModel):
    kind: str = Field(..., description="supplement_requested/…/answered/withdrawn")
    on: dt.date | None = None
    outcome: str | None = Field(None, description="答复的办理结果：表三的行（granted、partial、unable.not_held…）")
    party: str | None = None
    until: dt.date | None = None
    amount: float | None = None
    note: str | None = None


@router.post("/applications/{case_id}/events", status_code=201)
def create_event(request: Request, case_id: int, data: EventIn, ctx: Ctx = Depends(get_ctx)):
    """登记办理事项（经程序校验）。"""
    app = visible_case(ctx, case_id)
    if data.kind not in A.ACTION_ORDER:
        return _bad(f"未知的办理事项“{data.kind}”。")
    if not ctx.can_act(app.body_id, *A.roles_for(data.kind)):
        raise Forbidden("您没有登记该办理事项的权限。")
    try:
        ev = service.record_event(ctx.db, app.id, data.kind, data.on or dt.date.today(), outcome=data.outcome,
                                  party=data.party, until=data.until, amount=data.amount, note=data.note,
                                  actor=ctx.actor)
        ctx.db.commit()
    except RegisterError as e:
        ctx.db.rollback()
        return _bad(e.message, 409)
    request.app.state.cache.bump()
    ctx.db.refresh(app)
    return JSONResponse({"event_id": ev.id, "application": _app_json(ctx, app, detail=True)}, status_code=201)


class DraftIn(BaseModel):
    kind: str = Field(..., description="extension_approved（延长答复期限）或 answered（答复）")
    on: dt.date | None = None
    outcome: str | None = Field(None, description="答复的办理结果：表三的行（granted、partial…）")
    note: str | None = Field(None, description="答复内容或延期理由")


class ReturnIn(BaseModel):
    reason: str = Field(..., max_length=2000, description="退回理由")


def _refused(e: RegisterError) -> JSONResponse:
    return _bad(e.message, 400 if isinstance(e, InvalidInput) else 409)


@router.post("/applications/{case_id}/drafts", status_code=201)
def create_draft(case_id: int, data: DraftIn, ctx: Ctx = Depends(get_ctx)):
    """经办人提交审批（拟办延长答复期限或答复），经程序校验后等待本机关审批人批准。"""
    app = visible_case(ctx, case_id)
    try:
        d = drafts.submit(ctx, app, data.kind, data.on, data.outcome, data.note)
        ctx.db.commit()
    except RegisterError as e:
        ctx.db.rollback()
        return _refused(e)
    return JSONResponse(drafts.draft_json(d, ctx), status_code=201)


@router.get("/drafts")
def list_drafts(status: str = Query("pending", pattern="^(pending|approved|returned|all)$"),
                limit: int = Query(200, ge=1, le=1000), ctx: Ctx = Depends(get_ctx)) -> dict:
    """提交审批的事项（默认待审批），限本人可办理的机关。"""
    ids = drafts.listable_body_ids(ctx)
    if not ids:
        raise Forbidden("只有经办人、审批人可以查看待审批事项。")
    q = select(EventDraft).where(EventDraft.body_id.in_(ids)).order_by(EventDraft.id.desc()).limit(limit)
    if status != "all":
        q = q.where(EventDraft.status == status)
    return {"status": status, "items": [drafts.draft_json(d, ctx) for d in ctx.db.scalars(q)]}


@router.get("/drafts/{draft_id}")
def get_draft(draft_id: int, ctx: Ctx = Depends(get_ctx)) -> dict:
    """一件提交审批的事项。"""
    return drafts.draft_json(drafts.visible_draft(ctx, draft_id), ctx)


@router.post("/drafts/{draft_id}/approve", status_code=201)
def approve_draft(request: Request, draft_id: int, ctx: Ctx = Depends(get_ctx)):
    """审批人批准：以审批人名义登记该事项；程序已不允许时事项仍待审批，返回 409 及原因。"""
    d = drafts.visible_draft(ctx, draft_id)
    ev, error = drafts.approve_or_keep(ctx, draft_id)
    ctx.db.refresh(d)
    if error:
        return JSONResponse({"detail": error, "draft": drafts.draft_json(d, ctx)}, status_code=409)
    request.app.state.cache.bump()
    app = ctx.db.get(Application, d.application_id)
    ctx.db.refresh(app)
    return JSONResponse({"event_id": ev.id, "draft": drafts.draft_json(d, ctx),
                         "application": _app_json(ctx, app, detail=True)}, status_code=201)


@router.post("/drafts/{draft_id}/return")
def return_draft(draft_id: int, data: ReturnIn, ctx: Ctx = Depends(get_ctx)):
    """审批人退回（须注明理由）；事项连同理由保留，经办人可重新提交。"""
    try:
        d = drafts.send_back(ctx, draft_id, data.reason)
        ctx.db.commit()
    except RegisterError as e:
        ctx.db.rollback()
        return _refused(e)
    return drafts.draft_json(d, ctx)


@router.get("/due")
def due(within: int = Query(5, ge=0, le=100), body: int | None = None, ctx: Ctx = Depends(get_ctx)) -> dict:
    """期限提醒：within 个工作日内到期或已逾期的未办结申请。"""
    if body is not None and not ctx.can_see_body(body):
        raise NotVisible()
    ids = [body] if body is not None else ctx.visible_body_ids
    items = []
    try:
        for b in ids:
            items += service.due_list(ctx.db, within=within, body_id=b)
    except RegisterError as e:
        return _bad(e.message)
    items.sort(key=lambda i: (i.due_on is None, i.due_on or dt.date.max, i.application_id))
    return {"within": within, "items": [{
        "application_id": i.application_id, "ref_no": i.ref_no, "body_id": i.body_id, "body": i.body_name,
        "received_on": i.received_on.isoformat(), "state": i.state, "due_kind": i.due_kind, "due_label": i.due_label,
        "due_on": i.due_on.isoformat() if i.due_on else None, "days_left": i.days_left, "overdue": i.overdue,
        "note": i.note} for i in items]}


@router.get("/year-report")
def year_report_api(year: int = Query(..., ge=2019, le=2100), body: int | None = None,
                    ctx: Ctx = Depends(get_ctx)) -> dict:
    """年度报告表格（由登记册计算）：flat 为字段编号到数值，findings 为检查结果。"""
    from ..rules import check
    from .pages_cases import report_for

    bid = scope_body(ctx, body)
    if bid is None or (body is not None and body != bid):
        raise NotVisible()
    try:
        report = report_for(ctx, bid, year)
    except RegisterError as e:
        return _bad(e.message)
    return {"body_id": bid, "year": year, "agency": report.agency, "format": report.format,
            "flat": report.flat(), "findings": [f.to_dict() for f in check(report)]}


@router.post("/check")
async def check_api(request: Request, files: list[UploadFile] = File(...), ctx: Ctx = Depends(get_ctx)):
    """上传一个或多个年度报告文件检查（multipart 字段名 files）。"""
    accepted, refused = await read_uploads(request, files)
    if not accepted:
        return JSONResponse({"detail": "；".join(refused) or "请上传年度报告文件。", "refused": refused}, status_code=400)
    checked = [await run_in_threadpool(check_bytes, n, d) for n, d in accepted]
    return {"files": [c.to_dict() for c in checked], "refused": refused}


class TokenIn(BaseModel):
    name: str = Field(..., max_length=100)


@router.get("/tokens")
def tokens(ctx: Ctx = Depends(get_ctx)) -> list[dict]:
    """本人的接口令牌（不含令牌本身）。"""
    rows = ctx.db.scalars(select(ApiToken).where(ApiToken.user_id == ctx.user.id, ApiToken.revoked.is_(False)))
    return [{"id": t.id, "name": t.name, "prefix": t.prefix, "created_at": t.created_at.isoformat(),
             "last_used": t.last_used.isoformat() if t.last_used else None} for t in rows]


@router.post("/tokens", status_code=201)
def create_token(data: TokenIn, ctx: Ctx = Depends(get_ctx)):
    """新建接口令牌；令牌只在此返回一次。"""
    plain, row = auth.create_api_token(ctx.db, ctx.user, data.name)
    audit(ctx.db, ctx.actor, "api_token_created", "web_api_token", row.id, {"name": row.name})
    ctx.db.commit()
    return JSONResponse({"id": row.id, "name": row.name, "token": plain}, status_code=201)


@router.delete("/tokens/{token_id}")
def delete_token(token_id: int, ctx: Ctx = Depends(get_ctx)) -> dict:
    """作废接口令牌。"""
    row = ctx.db.get(ApiToken, token_id)
    if row is None or row.user_id != ctx.user.id:
        raise NotVisible("未找到该令牌。")
    row.revoked = True
    audit(ctx.db, ctx.actor, "api_token_revoked", "web_api_token", row.id)
    ctx.db.commit()
    return {"revoked": True}
