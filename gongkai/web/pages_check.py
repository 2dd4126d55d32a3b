"""Report checker pages (年报检查): upload reports, see findings and the offending cells."""
from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response

from . import checkstore
from .audit import audit
from .checking import ALLOWED, ALLOWED_LABEL, SEVERITY_LABELS, CheckedFile, UploadRefused, check_bytes, \
    findings_workbook, screen
from .deps import Ctx, NotVisible, get_ctx
from ..model import formats
from .tables import table3_grid, table4_grid
from .ui import page

router = APIRouter()
MAX_FILES = 20


async def read_uploads(request: Request, files: list[UploadFile]) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The accepted uploads as (name, bytes) and the Chinese refusals."""
    limit = request.app.state.settings.max_upload_bytes
    accepted, refused = [], []
    files = [f for f in files if f.filename]
    if len(files) > MAX_FILES:
        refused.append(f"一次最多上传 {MAX_FILES} 个文件，其余未检查。")
        files = files[:MAX_FILES]
    for f in files:
        data = await f.read(limit + 1)
        try:
            name = screen(f.filename or "", data, limit)
        except UploadRefused as e:
            refused.append(e.message)
            continue
        accepted.append((name, data))
    return accepted, refused


def _view(cf: CheckedFile, index: int) -> dict:
    r = cf.report
    drawn = r is not None and formats.has_tables(r.format)
    css, status = checkstore.status_of(cf)
    return {
        "file": cf, "index": index, "status": status, "status_css": css,
        "t2": checkstore.table2_grid(r, cf.findings) if drawn else [],
        "t3": table3_grid(r, cf.findings) if drawn else None,
        "t4": table4_grid(r, cf.findings) if drawn else None,
        "skipped": checkstore.skipped_checks(cf),
    }


def _page(request: Request, ctx: Ctx, **data):
    data.setdefault("results", None)
    data.setdefault("refused", [])
    data.setdefault("result_id", None)
    return page(request, "check.html", ctx, accept=",".join(ALLOWED), allowed_label=ALLOWED_LABEL,
                SEVERITY_LABELS=SEVERITY_LABELS, samples=sorted(request.app.state.samples),
                titles=checkstore.rule_titles(), retention=checkstore.retention_hours(), **data)


@router.get("/check", include_in_schema=False)
def check_form(request: Request, ctx: Ctx = Depends(get_ctx)):
    return _page(request, ctx)


@router.post("/check/sample", include_in_schema=False)
async def check_sample(request: Request, name: str = Form(""), ctx: Ctx = Depends(get_ctx)):
    """Check one of the example reports (示例报告) shipped with the program."""
    path = request.app.state.samples.get(name)
    if path is None:
        raise NotVisible("没有这个示例报告。")
    return await _checked(request, ctx, [(path.name, path.read_bytes())], [])


@router.post("/check", include_in_schema=False)
async def check_upload(request: Request, files: list[UploadFile] = File(default=[]), ctx: Ctx = Depends(get_ctx)):
    accepted, refused = await read_uploads(request, files)
    if not accepted and not refused:
        refused.append("请选择要检查的年度报告文件。")
    return await _checked(request, ctx, accepted, refused)


async def _checked(request: Request, ctx: Ctx, accepted: list[tuple[str, bytes]], refused: list[str]):
    from starlette.concurrency import run_in_threadpool

    checked = [await run_in_threadpool(check_bytes, name, data) for name, data in accepted]
    result_id = None
    if checked:
        # stored in the database: the page and the download are served by any worker process
        result_id = checkstore.save(ctx.db, ctx.user.id, ctx.user.body_id, checked)
        audit(ctx.db, ctx.actor, "report_checked", "upload", None, {"files": [c.name for c in checked]})
        await run_in_threadpool(ctx.db.commit)
    status = 200 if checked or not refused else 400
    return _page(request, ctx, status_code=status, results=[_view(c, i) for i, c in enumerate(checked, 1)],
                 refused=refused, result_id=result_id)


def _stored(ctx: Ctx, result_id: str):
    """A stored check the user may open: the uploader's own, or (supervisors, administrators) one
    made by a user of a body in their scope."""
    found = checkstore.load(ctx.db, result_id)
    if found is not None:
        row, files = found
        if row.user_id == ctx.user.id or (ctx.role == "admin" and ctx.user.body_id is None) or (
                ctx.role in ("supervisor", "admin") and row.body_id is not None and ctx.can_see_body(row.body_id)):
            return row, files
    raise NotVisible(f"检查结果已过期（保留 {checkstore.retention_hours():g} 小时）或您无权查看，请重新上传检查。")


@router.get("/check/{result_id}", include_in_schema=False)
def check_result(result_id: str, request: Request, ctx: Ctx = Depends(get_ctx)):
    """Reopen a stored check (重新打开检查结果)."""
    row, files = _stored(ctx, result_id)
    return _page(request, ctx, results=[_view(c, i) for i, c in enumerate(files, 1)], result_id=row.id,
                 checked_at=row.created_at)


@router.get("/check/{result_id}/findings.xlsx", include_in_schema=False)
def check_download(result_id: str, request: Request, ctx: Ctx = Depends(get_ctx)):
    _, files = _stored(ctx, result_id)
    data = findings_workbook(files)
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition":
                             "attachment; filename*=UTF-8''%E6%A3%80%E6%9F%A5%E7%BB%93%E6%9E%9C.xlsx"})
