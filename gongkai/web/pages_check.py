"""Report checker pages (年报检查): upload reports, see findings and the offending cells."""
from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response

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


def _view(cf: CheckedFile) -> dict:
    r = cf.report
    return {
        "file": cf,
        "t3": table3_grid(r, cf.findings) if r and formats.has_tables(r.format) else None,
        "t4": table4_grid(r, cf.findings) if r and formats.has_tables(r.format) else None,
    }


def _page(request: Request, ctx: Ctx, **data):
    data.setdefault("results", None)
    data.setdefault("refused", [])
    data.setdefault("result_id", None)
    return page(request, "check.html", ctx, accept=",".join(ALLOWED), allowed_label=ALLOWED_LABEL,
                SEVERITY_LABELS=SEVERITY_LABELS, samples=sorted(request.app.state.samples), **data)


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
    result_id = request.app.state.check_results.put(ctx.user.id, checked) if checked else None
    if checked:
        audit(ctx.db, ctx.actor, "report_checked", "upload", None, {"files": [c.name for c in checked]})
        await run_in_threadpool(ctx.db.commit)
    status = 200 if checked or not refused else 400
    return _page(request, ctx, status_code=status, results=[_view(c) for c in checked], refused=refused,
                 result_id=result_id)


@router.get("/check/{result_id}/findings.xlsx", include_in_schema=False)
def check_download(result_id: str, request: Request, ctx: Ctx = Depends(get_ctx)):
    files = request.app.state.check_results.get(ctx.user.id, result_id)
    if files is None:
        raise NotVisible("检查结果已过期，请重新上传检查。")
    data = findings_workbook(files)
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": "attachment; filename*=UTF-8''%E6%A3%80%E6%9F%A5%E7%BB%93%E6%9E%9C.xlsx"})
