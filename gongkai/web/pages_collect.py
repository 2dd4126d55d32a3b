"""Pages of the collection desk (年报报送): the supervisor's per-body list for a year with status,
return / accept, the comparison table and the roll-up workbook; a body's own submissions."""
from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from ..register.errors import RegisterError
from . import collect as C
from .checking import UploadRefused, screen
from .deps import Ctx, Forbidden, NotVisible, get_ctx
from .models_workplace import Submission
from .ui import page, redirect

router = APIRouter()


def _year(raw: str | None) -> int:
    t = dt.date.today()
    y = int(raw) if raw and raw.strip().isdigit() else t.year - 1  # January: last year's reports
    return y if 2008 <= y <= t.year else t.year - 1


def _supervised(ctx: Ctx) -> list[int]:
    """Bodies whose reports the user collects: a supervisor's (or administrator's) scope, below
    the user's own body (an administrator without a body: every body)."""
    if ctx.role not in ("supervisor", "admin"):
        return []
    own = ctx.user.body_id
    return [b for b in ctx.visible_body_ids if b != own] or ([own] if own is not None else [])


@router.get("/collect", include_in_schema=False)
def desk(request: Request, ctx: Ctx = Depends(get_ctx)):
    """The desk for a year (supervisors) and the user's own body's submissions (everyone with a body)."""
    year = _year(request.query_params.get("year"))
    ids = _supervised(ctx)
    latest = C.latest(ctx.db, ids, year)
    rows = [C.DeskRow(b, ctx.bodies[b].name, ctx.bodies[b].level, latest.get(b)) for b in ids]
    counts = {k: sum(1 for r in rows if r.status == k) for k in C.STATUSES}
    own = ctx.user.body_id
    return page(request, "collect.html", ctx, year=year, rows=rows, counts=counts, STATUSES=C.STATUSES,
                CSS=C.STATUS_CSS, FIGURES=C.FIGURES, own=ctx.bodies.get(own) if own else None,
                history=C.history(ctx.db, own) if own else [], years=range(dt.date.today().year, 2018, -1),
                may_submit_own=own is not None and ctx.can_act(own, "officer", "approver"))


@router.post("/collect/submit", include_in_schema=False)
async def submit(request: Request, body_id: int = Form(...), year: int = Form(...),
                 file: UploadFile = File(...), ctx: Ctx = Depends(get_ctx)):
    """Send a report: a body's officer/approver for the own body, a supervisor for a body below."""
    if not (ctx.can_act(body_id, "officer", "approver") or body_id in _supervised(ctx)):
        raise Forbidden("您不能为该机关报送年度报告。")
    limit = request.app.state.settings.max_upload_bytes
    data = await file.read(limit + 1)
    back = f"/collect?year={year}"
    try:
        name = screen(file.filename or "", data, limit)
        row = await run_in_threadpool(C.submit, ctx.db, body_id=body_id, year=year, filename=name, data=data,
                                      actor=ctx.actor)
        await run_in_threadpool(ctx.db.commit)
    except UploadRefused as e:
        return redirect(request, back, e.message, "error")
    except RegisterError as e:
        ctx.db.rollback()
        return redirect(request, back, e.message, "error")
    msg = (f"已报送，检查发现 {row.errors} 处错误，请修改后重新报送。" if row.status == "errors"
           else f"已报送（{C.STATUSES[row.status]}），等待上级审核。")
    return redirect(request, back, msg, "error" if row.status == "errors" else "ok")


def _decidable(ctx: Ctx, sub_id: int) -> Submission:
    row = ctx.db.get(Submission, sub_id)
    if row is None or row.body_id not in _supervised(ctx):
        raise NotVisible("未找到该报送，或您无权处理。")
    return row


@router.post("/collect/submissions/{sub_id}/decide", include_in_schema=False)
def decide(request: Request, sub_id: int, action: str = Form(""), reason: str = Form(""),
           ctx: Ctx = Depends(get_ctx)):
    row = _decidable(ctx, sub_id)
    try:
        C.decide(ctx.db, row, accept=action == "accept", reason=reason, actor=ctx.actor)
        ctx.db.commit()
    except RegisterError as e:
        ctx.db.rollback()
        return redirect(request, f"/collect?year={row.year}", e.message, "error")
    return redirect(request, f"/collect?year={row.year}",
                    f"{ctx.bodies[row.body_id].name} 的报告已{C.STATUSES[row.status]}。")


@router.get("/collect/submissions/{sub_id}/file", include_in_schema=False)
def download(sub_id: int, ctx: Ctx = Depends(get_ctx)):
    row = ctx.db.get(Submission, sub_id)
    if row is None or not (row.body_id in _supervised(ctx) or row.body_id == ctx.user.body_id):
        raise NotVisible("未找到该报送，或您无权查看。")
    return Response(row.data or b"", media_type="application/octet-stream",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(row.filename)}"})


@router.post("/collect/rollup.xlsx", include_in_schema=False)
async def rollup(request: Request, year: int = Form(...), ctx: Ctx = Depends(get_ctx)):
    """The roll-up workbook (汇总.xlsx) of the bodies' latest submissions for the year."""
    ids = _supervised(ctx)
    if not ids:
        raise Forbidden("只有监督人员和系统管理员可以汇总。")
    rows = [r for r in C.latest(ctx.db, ids, year).values() if r.status != "returned"]
    if not rows:
        return redirect(request, f"/collect?year={year}", f"{year} 年度尚无可汇总的报告。", "error")
    data = await run_in_threadpool(C.rollup_workbook, rows, year, {b: ctx.bodies[b].name for b in ids})
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(f'{year}年度报告汇总.xlsx')}"})
