"""Annual report builder (年度报告编制): tables from the register, the six sections edited in the
page and saved per body and year, live findings, download as DOCX / HTML / PDF / Markdown."""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from ..model import SECTION_TITLES, Paragraph, Report, Section
from ..register.errors import RegisterError
from ..register.report import year_report
from .audit import audit
from .checking import SEVERITY_LABELS
from .deps import Ctx, Forbidden, NotVisible, get_ctx
from .models import ReportDraft, utcnow
from .pages_cases import scope_body
from .tables import table3_grid, table4_grid
from .ui import page, redirect, templates

router = APIRouter()
DOWNLOADS = {"docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
             "html": ("text/html; charset=utf-8", ".html"), "pdf": ("application/pdf", ".pdf"),
             "md": ("text/markdown; charset=utf-8", ".md")}


def section_heading(n: int) -> str:
    try:
        from ..render.load import section_heading as sh

        return sh(n)
    except ImportError:  # pragma: no cover
        return f"{'一二三四五六'[n - 1]}、{SECTION_TITLES[n]}"


def _draft(ctx: Ctx, body_id: int, year: int) -> ReportDraft | None:
    return ctx.db.scalar(select(ReportDraft).where(ReportDraft.body_id == body_id, ReportDraft.year == year))


def build_report(ctx: Ctx, body_id: int, year: int, sections: dict[str, str] | None = None) -> Report:
    """The year's report of a body: tables from the body's own register (each body publishes its
    own report; roll-ups are only shown on the dashboard) plus the narrative sections."""
    report = year_report(ctx.db, body_id, year)
    if sections is None:
        d = _draft(ctx, body_id, year)
        sections = d.sections if d else {}
    report.sections = []
    for n in range(1, 7):
        text = (sections.get(str(n)) or "").replace("\r\n", "\n")
        paras = [Paragraph(line.strip()) for line in text.split("\n") if line.strip()]
        report.sections.append(Section(n, section_heading(n), paras))
    report.paragraphs = [p for s in report.sections for p in s.paragraphs]
    return report


def _check(report: Report):
    from ..render.autotext import with_auto_text
    from ..rules import check

    full = with_auto_text(report)
    return full, check(full)


def _year(year: int | None) -> int:
    y = year or dt.date.today().year
    if not 2019 <= y <= 2100:
        raise NotVisible("年度报告表格自 2019 年度起适用，请选择 2019 年及以后的年度。")
    return y


def _body(ctx: Ctx, body: int | None) -> int:
    bid = scope_body(ctx, body)
    if bid is None or (body is not None and body != bid):
        raise NotVisible("未找到该机关，或您无权查看。")
    return bid


@router.get("/reports", include_in_schema=False)
def builder(request: Request, body: int | None = None, year: int | None = None, ctx: Ctx = Depends(get_ctx)):
    bid, y = _body(ctx, body), _year(year)
    d = _draft(ctx, bid, y)
    sections = d.sections if d else {}
    try:
        report = build_report(ctx, bid, y, sections)
        full, findings = _check(report)
        error = None
    except RegisterError as e:
        report, full, findings, error = None, None, [], e.message
    return page(request, "reports.html", ctx, body=ctx.bodies[bid], year=y, years=range(dt.date.today().year, 2018, -1),
                bodies=[ctx.bodies[b] for b in ctx.visible_body_ids], sections=sections,
                SECTION_TITLES=SECTION_TITLES, headings={n: section_heading(n) for n in range(1, 7)},
                t3=table3_grid(full, findings) if full else None, t4=table4_grid(full, findings) if full else None,
                findings=findings, error=error, draft=d, can_edit=ctx.can_act(bid, "officer", "approver"),
                SEVERITY_LABELS=SEVERITY_LABELS)


async def _sections_from(request: Request) -> dict[str, str]:
    form = await request.form()
    return {str(n): str(form.get(f"section_{n}") or "")[:20000] for n in range(1, 7)}


@router.post("/reports/{body_id}/{year}", include_in_schema=False)
async def save(request: Request, body_id: int, year: int, ctx: Ctx = Depends(get_ctx)):
    from starlette.concurrency import run_in_threadpool

    bid, y = _body(ctx, body_id), _year(year)
    if not ctx.can_act(bid, "officer", "approver"):
        raise Forbidden("只有本机关的经办人、审批人可以编辑年度报告。")
    sections = await _sections_from(request)

    def _save():
        d = _draft(ctx, bid, y)
        if d is None:
            d = ReportDraft(body_id=bid, year=y, sections={})
            ctx.db.add(d)
        d.sections = sections
        d.updated_at = utcnow()
        d.updated_by = ctx.actor
        audit(ctx.db, ctx.actor, "report_draft.save", "body", bid, {"year": y})
        ctx.db.commit()

    await run_in_threadpool(_save)
    return redirect(request, f"/reports?body={bid}&year={y}", "年度报告正文已保存。")


@router.post("/reports/{body_id}/{year}/findings", include_in_schema=False)
async def live_findings(request: Request, body_id: int, year: int, ctx: Ctx = Depends(get_ctx)):
    """The findings for the sections as typed (not saved): an HTML fragment for the page."""
    from starlette.concurrency import run_in_threadpool

    bid, y = _body(ctx, body_id), _year(year)
    sections = await _sections_from(request)

    def _run():
        try:
            return _check(build_report(ctx, bid, y, sections))[1]
        except RegisterError as e:
            from ..model import Finding

            return [Finding("REGISTER", "error", e.message)]

    findings = await run_in_threadpool(_run)
    html = templates.get_template("_findings_fragment.html").render(findings=findings, SEVERITY_LABELS=SEVERITY_LABELS)
    return HTMLResponse(html)


@router.get("/reports/{body_id}/{year}/download.{fmt}", include_in_schema=False)
def download(request: Request, body_id: int, year: int, fmt: str, force: int = 0, ctx: Ctx = Depends(get_ctx)):
    from ..render import RenderRefused, render

    if fmt not in DOWNLOADS:
        raise NotVisible("不支持的下载格式：应为 docx、html、pdf 或 md。")
    bid, y = _body(ctx, body_id), _year(year)
    try:
        report = build_report(ctx, bid, y)
    except RegisterError as e:
        return redirect(request, f"/reports?body={bid}&year={y}", e.message, "error")
    media, ext = DOWNLOADS[fmt]
    name = f"{ctx.bodies[bid].name}{y}年政府信息公开工作年度报告{ext}"
    with tempfile.TemporaryDirectory(prefix="gongkai-render-") as tmp:
        out = Path(tmp) / f"report{ext}"
        try:
            render(report, out, force=bool(force), auto_text=True)
        except RenderRefused as e:
            n = sum(1 for f in e.findings if f.severity == "error")
            return redirect(request, f"/reports?body={bid}&year={y}",
                            f"报告有 {n} 处错误，未生成文件。请先修改；如确需下载，请点击“仍然下载”。", "error")
        except Exception as e:  # a renderer problem (e.g. a missing font for PDF) must not be a traceback
            return redirect(request, f"/reports?body={bid}&year={y}",
                            f"生成{fmt.upper()}文件失败（{type(e).__name__}）：{e}", "error")
        data = out.read_bytes()
    audit(ctx.db, ctx.actor, "report.download", "body", bid, {"year": y, "format": fmt})
    ctx.db.commit()
    return Response(data, media_type=media,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})
