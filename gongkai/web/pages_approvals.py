"""Pages of the draft-then-approve workflow (拟办 → 审批): an officer submits a drafted extension or
answer from the case page; the approver approves or returns it there or on ``/approvals`` (待审批)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from sqlalchemy import select

from ..register.errors import RegisterError
from ..register.events import EVENT_KINDS, outcome_label
from ..register.models import Application
from . import drafts
from .records import display_names
from .deps import Ctx, Forbidden, get_ctx
from .models import EventDraft
from .pages_cases import case_view, visible_case
from .ui import page, redirect

router = APIRouter()


def _back(back: str, d: EventDraft) -> str:
    return f"/cases/{d.application_id}" if back == "case" else "/approvals"


@router.get("/approvals", include_in_schema=False)
def approvals(request: Request, ctx: Ctx = Depends(get_ctx)):
    ids = drafts.listable_body_ids(ctx)
    if not ids:
        raise Forbidden("只有经办人、审批人可以查看待审批事项。")
    rows = drafts.pending_drafts(ctx.db, ids)
    returned = ctx.db.execute(
        select(EventDraft, Application).join(Application, Application.id == EventDraft.application_id)
        .where(EventDraft.body_id.in_(ids), EventDraft.status == "returned")
        .order_by(EventDraft.decided_at.desc()).limit(20)).all()
    return page(request, "approvals.html", ctx, rows=rows, returned=returned, bodies=ctx.bodies,
                may_approve={b: drafts.may_approve(ctx, b) for b in ids}, EVENT_KINDS=EVENT_KINDS,
                outcome_label=outcome_label, names=display_names(ctx.db))


@router.post("/cases/{case_id}/drafts", include_in_schema=False)
def submit_draft(request: Request, case_id: int, kind: str = Form(""), on: str = Form(""), outcome: str = Form(""),
                 note: str = Form(""), ctx: Ctx = Depends(get_ctx)):
    app = visible_case(ctx, case_id)
    try:
        drafts.submit(ctx, app, kind, on, outcome, note)
        ctx.db.commit()
    except RegisterError as e:  # refused: the page again, with what was entered
        ctx.db.rollback()
        form = {"kind": kind, "on": on, "outcome": outcome, "note": note}
        return case_view(request, ctx, app, status_code=400, draft_form=form, draft_error=e.message)
    return redirect(request, f"/cases/{case_id}", f"已提交审批：{EVENT_KINDS[kind]}，待审批人批准后登记。")


@router.post("/approvals/{draft_id}/approve", include_in_schema=False)
def approve_draft(request: Request, draft_id: int, back: str = Form(""), ctx: Ctx = Depends(get_ctx)):
    d = drafts.visible_draft(ctx, draft_id)
    target = _back(back, d)
    ev, error = drafts.approve_or_keep(ctx, draft_id)
    if error:
        return redirect(request, target, f"未能批准：{error}", "error")
    request.app.state.cache.bump()
    return redirect(request, target, f"已批准并登记：{EVENT_KINDS[ev.kind]}。")


@router.post("/approvals/{draft_id}/return", include_in_schema=False)
def return_draft(request: Request, draft_id: int, reason: str = Form(""), back: str = Form(""),
                 ctx: Ctx = Depends(get_ctx)):
    d = drafts.visible_draft(ctx, draft_id)
    target = _back(back, d)
    try:
        drafts.send_back(ctx, draft_id, reason)
        ctx.db.commit()
    except RegisterError as e:
        ctx.db.rollback()
        return redirect(request, target, e.message, "error")
    return redirect(request, target, f"已退回：{EVENT_KINDS[d.kind]}。")
