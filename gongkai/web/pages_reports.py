"""Annual report builder (年度报告编制): tables from the register, the six sections edited in the
page and saved per body and year, live findings, download as DOCX / HTML / PDF / Markdown."""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func, select

from ..model import SECTION_TITLES, Paragraph, Report, Section, Value
from . import report_builder as RB
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


def build_report(ctx: Ctx, body_id: int, year: int, sections: dict | None = None,
                 t2_typed: dict[str, str] | None = None) -> Report:
    """The year's report of a body: tables from the body's own register (each body publishes its
    own report; roll-ups are only shown on the dashboard) plus the narrative sections; ``sections``
    may carry Table 3 overrides (``RB.OVERRIDES``), ``t2_typed`` Table 2 cells typed but not saved."""
    report = year_report(ctx.db, body_id, year)
    if sections is None:
        d = _draft(ctx, body_id, year)
        sections = d.sections if d else {}
    for fid, raw in (t2_typed or {}).items():
        text = (raw or "").strip()
        try:
            number = float(text) if "." in text else int(text)
        except ValueError:
            continue
        report.values[fid] = Value(fid, text, "number", number)
    report.sections = []
    for n in range(1, 7):
        text = (sections.get(str(n)) or "").replace("\r\n", "\n")
        paras = [Paragraph(line.strip()) for line in text.split("\n") if line.strip()]
        report.sections.append(Section(n, section_heading(n), paras))
    report.paragraphs = [p for s in report.sections for p in s.paragraphs]
    return RB.apply_overrides(report, sections.get(RB.OVERRIDES))


def _check(report: Report, t2_entered: bool = True):
    """The report with the generated sentences and its findings, with the builder's completeness
    warnings (blank Table 2, empty sections) first."""
    from ..render.autotext import with_auto_text
    from ..rules import check

    full = with_auto_text(report)
    return full, RB.completeness(report, t2_entered) + check(full)


def _t2_entered(ctx: Ctx, bid: int, y: int, typed: dict[str, str] | None = None) -> bool:
    from ..register.service import proactive_counts

    return bool(proactive_counts(ctx.db, bid, y)) or any((v or "").strip() for v in (typed or {}).values())


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
        full, findings = _check(report, _t2_entered(ctx, bid, y))
        error = None
    except RegisterError as e:
        report, full, findings, error = None, None, [], e.message
    from ..register.service import proactive_counts
    from .checkstore import table2_grid
    from .models_workplace import ReportVersion

    versions = ctx.db.scalars(select(ReportVersion).where(ReportVersion.body_id == bid, ReportVersion.year == y)
                              .order_by(ReportVersion.version.desc())).all()
    register_t3 = year_report(ctx.db, bid, y) if full else None
    from ..register.models import REVIEW_GROUPS, REVIEW_OUTCOMES, ReviewCase

    reviews = ctx.db.scalars(select(ReviewCase).where(
        ReviewCase.body_id == bid, ReviewCase.filed_on <= dt.date(y, 12, 31),
        (ReviewCase.decided_on.is_(None)) | (ReviewCase.decided_on >= dt.date(y, 1, 1)))
        .order_by(ReviewCase.filed_on)).all()
    return page(request, "reports.html", ctx, t2=table2_grid(full, findings) if full else [],
                t2_saved={k: format(v.normalize(), "f") for k, v in proactive_counts(ctx.db, bid, y).items()},
                overrides=sections.get(RB.OVERRIDES) or {}, register_t3=register_t3, versions=versions,
                can_publish=ctx.can_act(bid, "approver"), reviews=reviews, REVIEW_GROUPS=REVIEW_GROUPS,
                REVIEW_OUTCOMES=REVIEW_OUTCOMES, body=ctx.bodies[bid], year=y, years=range(dt.date.today().year, 2018, -1),
                bodies=[ctx.bodies[b] for b in ctx.visible_body_ids], sections=sections,
                SECTION_TITLES=SECTION_TITLES, headings={n: section_heading(n) for n in range(1, 7)},
                t3=table3_grid(full, findings) if full else None, t4=table4_grid(full, findings) if full else None,
                findings=findings, error=error, draft=d, can_edit=ctx.can_act(bid, "officer", "approver"),
                SEVERITY_LABELS=SEVERITY_LABELS)


async def _form_of(request: Request, year: int) -> tuple[dict, dict[str, str], list[str]]:
    """The editor as typed: sections (with Table 3 overrides), Table 2 cells, problems."""
    form = await request.form()
    sections: dict = {str(n): str(form.get(f"section_{n}") or "")[:20000] for n in range(1, 7)}
    overrides, problems = RB.parse_overrides({k: str(v) for k, v in form.items()}, year)
    if overrides:
        sections[RB.OVERRIDES] = overrides
    t2 = {fid: str(form.get(fid) or "")[:20] for fid in RB.t2_fields(year) if form.get(fid) is not None}
    return sections, t2, problems


@router.post("/reports/{body_id}/{year}", include_in_schema=False)
async def save(request: Request, body_id: int, year: int, ctx: Ctx = Depends(get_ctx)):
    from starlette.concurrency import run_in_threadpool

    bid, y = _body(ctx, body_id), _year(year)
    if not ctx.can_act(bid, "officer", "approver"):
        raise Forbidden("只有本机关的经办人、审批人可以编辑年度报告。")
    sections, t2, problems = await _form_of(request, y)

    def _save() -> list[str]:
        d = _draft(ctx, bid, y)
        if d is None:
            d = ReportDraft(body_id=bid, year=y, sections={})
            ctx.db.add(d)
        if problems:  # keep the saved overrides when the typed ones are refused
            sections[RB.OVERRIDES] = (d.sections or {}).get(RB.OVERRIDES) or {}
        d.sections = sections
        d.updated_at = utcnow()
        d.updated_by = ctx.actor
        audit(ctx.db, ctx.actor, "report_draft.save", "body", bid, {"year": y})
        t2_problems = RB.save_table2(ctx.db, bid, y, t2, ctx.actor)
        ctx.db.commit()
        return problems + t2_problems

    refused = await run_in_threadpool(_save)
    if refused:
        return redirect(request, f"/reports?body={bid}&year={y}", "已保存，但以下内容未保存：" + "；".join(refused),
                        "error")
    return redirect(request, f"/reports?body={bid}&year={y}", "年度报告已保存（正文、表二、表三调整）。")


@router.post("/reports/{body_id}/{year}/findings", include_in_schema=False)
async def live_findings(request: Request, body_id: int, year: int, ctx: Ctx = Depends(get_ctx)):
    """The findings for the sections as typed (not saved): an HTML fragment for the page."""
    from starlette.concurrency import run_in_threadpool

    bid, y = _body(ctx, body_id), _year(year)
    sections, t2, problems = await _form_of(request, y)

    def _run():
        from ..model import Finding

        try:
            return [Finding("BUILDER_INPUT", "error", p) for p in problems] + \
                _check(build_report(ctx, bid, y, sections, t2), _t2_entered(ctx, bid, y, t2))[1]
        except RegisterError as e:
            from ..model import Finding

            return [Finding("REGISTER", "error", e.message)]

    findings = await run_in_threadpool(_run)
    html = templates.get_template("_findings_fragment.html").render(findings=findings, SEVERITY_LABELS=SEVERITY_LABELS)
    return HTMLResponse(html)


@router.get("/reports/{body_id}/{year}/download.{fmt}", include_in_schema=False)
def download(request: Request, body_id: int, year: int, fmt: str, force: int = 0, ctx: Ctx = Depends(get_ctx)):
    """The saved report as a file."""
    bid, y = _body(ctx, body_id), _year(year)
    try:
        report = build_report(ctx, bid, y)
    except RegisterError as e:
        return redirect(request, f"/reports?body={bid}&year={y}", e.message, "error")
    return _file(request, ctx, report, bid, y, fmt, bool(force))


@router.post("/reports/{body_id}/{year}/download.{fmt}", include_in_schema=False)
async def download_typed(request: Request, body_id: int, year: int, fmt: str, force: int = 0,
                         ctx: Ctx = Depends(get_ctx)):
    """Exactly what is on screen (所见即所得): the editor's form as typed, saved or not."""
    from starlette.concurrency import run_in_threadpool

    bid, y = _body(ctx, body_id), _year(year)
    sections, t2, problems = await _form_of(request, y)
    if problems:
        return redirect(request, f"/reports?body={bid}&year={y}", "；".join(problems), "error")
    try:
        report = await run_in_threadpool(build_report, ctx, bid, y, sections, t2)
    except RegisterError as e:
        return redirect(request, f"/reports?body={bid}&year={y}", e.message, "error")
    return await run_in_threadpool(_file, request, ctx, report, bid, y, fmt, bool(force))


def _file(request: Request, ctx: Ctx, report: Report, bid: int, y: int, fmt: str, force: bool,
          auto_text: bool = True):
    from ..render import RenderRefused, render

    if fmt not in DOWNLOADS:
        raise NotVisible("不支持的下载格式：应为 docx、html、pdf 或 md。")
    media, ext = DOWNLOADS[fmt]
    name = f"{ctx.bodies[bid].name}{y}年政府信息公开工作年度报告{ext}"
    with tempfile.TemporaryDirectory(prefix="gongkai-render-") as tmp:
        out = Path(tmp) / f"report{ext}"
        try:
            render(report, out, force=bool(force), auto_text=auto_text)
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


@router.post("/reports/{body_id}/{year}/publish", include_in_schema=False)
def publish(request: Request, body_id: int, year: int, ctx: Ctx = Depends(get_ctx)):
    """Mark the saved report as published (发布): a frozen version (tables, text as generated) that
    later changes to the register or the draft do not alter; corrections make a new version."""
    from .models_workplace import ReportVersion

    bid, y = _body(ctx, body_id), _year(year)
    if not ctx.can_act(bid, "approver"):
        raise Forbidden("只有本机关的审批人可以发布年度报告。")
    back = f"/reports?body={bid}&year={y}"
    try:
        full, findings = _check(build_report(ctx, bid, y), _t2_entered(ctx, bid, y))
    except RegisterError as e:
        return redirect(request, back, e.message, "error")
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        return redirect(request, back, f"报告有 {len(errors)} 处错误，不能发布。", "error")
    n = (ctx.db.scalar(select(func.max(ReportVersion.version)).where(ReportVersion.body_id == bid,
                                                                     ReportVersion.year == y)) or 0) + 1
    row = ReportVersion(body_id=bid, year=y, version=n, published_at=utcnow(), published_by=ctx.actor,
                        content={"report": full.to_dict(), "warnings": len(findings)})
    ctx.db.add(row)
    ctx.db.flush()
    audit(ctx.db, ctx.actor, "report.publish", "body", bid, {"year": y, "version": n})
    ctx.db.commit()
    return redirect(request, back, f"已发布第 {n} 版，内容已冻结。")


@router.get("/reports/{body_id}/{year}/versions/{version}/download.{fmt}", include_in_schema=False)
def version_download(request: Request, body_id: int, year: int, version: int, fmt: str,
                     ctx: Ctx = Depends(get_ctx)):
    """A published version exactly as frozen."""
    from .checkstore import report_from_dict
    from .models_workplace import ReportVersion

    bid, y = _body(ctx, body_id), _year(year)
    row = ctx.db.scalar(select(ReportVersion).where(ReportVersion.body_id == bid, ReportVersion.year == y,
                                                    ReportVersion.version == version))
    if row is None:
        raise NotVisible("没有这个已发布的版本。")
    report = report_from_dict(row.content["report"])
    for s in report.sections:  # one paragraph a line, as written
        s.paragraphs = [Paragraph(t) for t in s.text.split("\n") if t.strip()]
    report.paragraphs = [p for s in report.sections for p in s.paragraphs]
    return _file(request, ctx, report, bid, y, fmt, True, auto_text=False)


@router.post("/reports/{body_id}/{year}/review", include_in_schema=False)
def add_review(request: Request, body_id: int, year: int, group: str = Form(""), filed_on: str = Form(""),
               case_no: str = Form(""), outcome: str = Form(""), decided_on: str = Form(""),
               ctx: Ctx = Depends(get_ctx)):
    """Table 4 in the page: register a 行政复议 / 行政诉讼 case (and its result when known), with
    the register's validation (dates, groups, outcomes)."""
    from ..register import service

    bid, y = _body(ctx, body_id), _year(year)
    if not ctx.can_act(bid, "officer", "approver"):
        raise Forbidden("只有本机关的经办人、审批人可以登记复议诉讼案件。")
    back = f"/reports?body={bid}&year={y}#table4"
    try:
        case = service.add_review_case(ctx.db, body_id=bid, group=group, filed_on=filed_on.strip() or None,
                                       case_no=case_no.strip()[:100] or None, actor=ctx.actor)
        if outcome.strip():
            service.decide_review_case(ctx.db, case.id, outcome, decided_on.strip() or None, actor=ctx.actor)
        ctx.db.commit()
    except RegisterError as e:
        ctx.db.rollback()
        return redirect(request, back, e.message, "error")
    request.app.state.cache.bump()
    return redirect(request, back, "复议诉讼案件已登记，表四已更新。")


@router.post("/reports/{body_id}/{year}/review/{case_id}/decide", include_in_schema=False)
def decide_review(request: Request, body_id: int, year: int, case_id: int, outcome: str = Form(""),
                  decided_on: str = Form(""), ctx: Ctx = Depends(get_ctx)):
    from ..register import service
    from ..register.models import ReviewCase

    bid, y = _body(ctx, body_id), _year(year)
    case = ctx.db.get(ReviewCase, case_id)
    if case is None or case.body_id != bid or not ctx.can_act(bid, "officer", "approver"):
        raise NotVisible("未找到该案件，或您无权登记。")
    back = f"/reports?body={bid}&year={y}#table4"
    try:
        service.decide_review_case(ctx.db, case_id, outcome, decided_on.strip() or None, actor=ctx.actor)
        ctx.db.commit()
    except RegisterError as e:
        ctx.db.rollback()
        return redirect(request, back, e.message, "error")
    request.app.state.cache.bump()
    return redirect(request, back, "案件结果已登记，表四已更新。")
