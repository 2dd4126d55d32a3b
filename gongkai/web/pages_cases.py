"""Dashboard, case list, case page, new application, events (工作台、申请列表、申请详情、登记、办理)."""
from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool

from ..register import service
from ..register.errors import RegisterError
from ..register.events import EVENT_KINDS, PARTIES, STATES, outcome_label
from ..register.models import APPLICANT_KINDS, Application
from ..register.report import year_report
from . import actions as A
from . import drafts
from .charts import bar_chart
from .deps import Ctx, Forbidden, NotVisible, get_ctx
from .assign import assignable_users, assignee_of
from .records import display_names
from .caselist import FILTER_KEYS, ledger_workbook, parse_filter, scope_ids
from .queries import OUTCOME_GROUPS, SORTS, CaseFilter, count_key, dashboard, days_class, days_left, list_cases
from .tables import table3_grid
from .ui import page, redirect

router = APIRouter()


def today() -> dt.date:
    return dt.date.today()


def scope_body(ctx: Ctx, body: int | None) -> int | None:
    """The body a page is about: the chosen one if visible, else the user's own, else the first visible."""
    visible = ctx.visible_body_ids
    if body is not None and body in visible:
        return body
    if ctx.user.body_id in visible:
        return ctx.user.body_id
    roots = [b for b in visible if ctx.bodies[b].parent_id not in visible]
    return roots[0] if roots else (visible[0] if visible else None)


def report_for(ctx: Ctx, body_id: int, year: int):
    """Table 3 as it stands: the body's own register, rolled up with the bodies below it when it has any."""
    rollup = len(ctx.subtree(body_id)) > 1 and all(b in ctx.visible_body_ids for b in ctx.subtree(body_id))
    return year_report(ctx.db, body_id, year, rollup=rollup)


@router.get("/", include_in_schema=False)
async def home(request: Request, body: int | None = None, year: int | None = None, ctx: Ctx = Depends(get_ctx)):
    """The dashboard (工作台). Async: a cached dashboard is a few indexed queries and a template,
    served without a thread hop; a cache miss computes Table 3 in a worker thread."""
    bid = scope_body(ctx, body)
    t = today()
    y = year if year is not None and 2019 <= year <= t.year else t.year
    if bid is None:
        return page(request, "dashboard.html", ctx, body=None, bodies=[], stats=None)
    ids = ctx.subtree(bid) if bid != ctx.user.body_id or ctx.role in ("supervisor", "admin") else [bid]
    ids = [b for b in ids if b in ctx.visible_body_ids]

    def compute():
        stats = dashboard(ctx.db, ids, t, year=y)
        try:
            report = report_for(ctx, bid, y)
            grid, grid_error = table3_grid(report), None
            if "汇总" in (report.source or ""):
                grid.title += "（含下级机关汇总）"
        except RegisterError as e:
            grid, grid_error = None, e.message
        return stats, grid, grid_error

    cache = request.app.state.cache
    key = ("dash", tuple(ids), bid, t, y, ctx.role, ctx.version)
    found = cache.get(key)
    if found is None:
        found = await run_in_threadpool(cache.compute, key, compute)
    stats, grid, grid_error = found
    approvable = [b for b in ids if ctx.can_act(b, "approver")] if ctx.role in ("approver", "admin") else None
    scope = f"body={bid}" if ids == [bid] else f"under={bid}"  # the lists count exactly these bodies
    return page(request, "dashboard.html", ctx, body=ctx.bodies[bid], bodies=[ctx.bodies[b] for b in ctx.visible_body_ids],
                stats=stats, year=y, t3=grid, t3_error=grid_error,
                month_chart=bar_chart(stats.by_month, title=f"{y}年各月收到申请数",
                                      links=[f"/cases?{scope}&" + urlencode(month_range(y, m))
                                             for m in range(1, 13)]),
                outcome_chart=bar_chart(stats.by_outcome, title=f"{y}年办结申请按办理结果", colour="#1e7b34",
                                        links=[f"/cases?{scope}&outcome={k}&closed_from={y}-01-01&closed_to={y}-12-31"
                                               for k in OUTCOME_GROUPS]),
                scope=scope,
                pending_approvals=None if approvable is None else drafts.pending_count(ctx.db, approvable),
                scope_ids=ids, years=range(today().year, 2018, -1))


def month_range(year: int, month: int) -> dict[str, str]:
    end = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
    return {"received_from": f"{year}-{month:02d}-01", "received_to": end.isoformat()}


def list_context(request: Request, ctx: Ctx):
    """The case list's filter, its bodies and who may be searched by personal data, from the query."""
    query = request.query_params
    f, problems = parse_filter(query, me=ctx.user.id)
    visible = scope_ids(ctx, query)
    if f.body is not None and f.body not in ctx.visible_body_ids:
        raise NotVisible()
    names_for = {b for b in visible if ctx.can_see_personal(b)}
    if f.sort == "applicant" and not names_for:
        f.sort = ""
    return f, problems, visible, names_for


@router.get("/cases", include_in_schema=False)
async def cases(request: Request, ctx: Ctx = Depends(get_ctx)):
    """The case list (申请列表): search, filters, sorting by any column. Async: one page is two
    indexed queries (the count is cached) and a template; served on the event loop it needs no
    thread hop, which halves its cost. Slow cases go to a worker thread (see below)."""
    query = request.query_params
    raw_page = query.get("page_no", "1").strip()
    page_no = int(raw_page) if raw_page.isdigit() else 1
    f, problems, visible, names_for = list_context(request, ctx)
    cache, t = request.app.state.cache, today()

    def run():
        return list_cases(ctx.db, f, visible, page=page_no, size=request.app.state.settings.page_size,
                          today=t, names_for=names_for, cache=cache, version=ctx.version)

    # the usual page (count cached, no text search, default order) is served right here; counting
    # anew, a text search or a sort could take a few hundred ms: in a worker thread
    cheap = not (f.q or f.who or f.sort) and cache.get(count_key(f, visible, t, ctx.version)) is not None
    result = run() if cheap else await run_in_threadpool(run)
    if problems:
        result.note = "；".join(problems + ([result.note] if result.note else []))
    params = {k: query.get(k) for k in FILTER_KEYS if query.get(k) and k not in ("sort", "dir")}
    people = assignable_users(ctx, visible)
    return page(request, "cases.html", ctx, result=result, f=f, params=params, qs=urlencode(params),
                sort_qs=urlencode({**params, **({"sort": f.sort, "dir": "desc" if f.desc else "asc"}
                                                 if f.sort else {})}),
                STATES=STATES, OUTCOME_GROUPS=OUTCOME_GROUPS, bodies=[ctx.bodies[b] for b in ctx.visible_body_ids],
                show_names=bool(names_for), SORTS=SORTS, people=people, under=query.get("under", ""),
                assignee_raw=query.get("assignee", ""), raw={k: query.get(k, "") for k in FILTER_KEYS})


@router.get("/cases/export.xlsx", include_in_schema=False)
def cases_export(request: Request, ctx: Ctx = Depends(get_ctx)):
    """The filtered register as an Excel 台账 (申请登记台账.xlsx)."""
    f, problems, visible, names_for = list_context(request, ctx)
    if problems:
        raise HTTPException(400, "；".join(problems))
    data = ledger_workbook(ctx.db, f, visible, today(), names_for)
    name = quote(f"申请登记台账-{today().isoformat()}.xlsx")
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})


def _actable_bodies(ctx: Ctx) -> list:
    return [ctx.bodies[b] for b in ctx.visible_body_ids if ctx.can_act(b, "officer", "approver")]


@router.get("/cases/new", include_in_schema=False)
def new_case_form(request: Request, ctx: Ctx = Depends(get_ctx)):
    bodies = _actable_bodies(ctx)
    if not bodies:
        raise Forbidden("您没有登记申请的权限。")
    return page(request, "case_new.html", ctx, bodies=bodies, today=today(), form={}, error=None)


def register_application(ctx: Ctx, *, body_id: int, kind: str, name: str, id_document: str, contact: str,
                         received_on, channel: str, request_text: str, requested_form: str, ref_no: str):
    """Find or add the applicant, then add the application (both through the register)."""
    if not ctx.can_act(body_id, "officer", "approver"):
        raise Forbidden("您没有在该机关登记申请的权限。")
    kind = service.applicant_kind(kind)
    applicant = service.find_applicant(ctx.db, kind, name, id_document) if name.strip() else None
    if applicant is None:
        applicant = service.add_applicant(ctx.db, kind, name, id_document=id_document, contact=contact,
                                          actor=ctx.actor)
    elif contact.strip() and contact.strip() != (applicant.contact or ""):
        service.update_applicant(ctx.db, applicant.id, contact=contact, actor=ctx.actor)
    return service.add_application(ctx.db, body_id=body_id, applicant_id=applicant.id, received_on=received_on,
                                   channel=channel, request=request_text, requested_form=requested_form or None,
                                   ref_no=ref_no or None, actor=ctx.actor)


@router.post("/cases/new", include_in_schema=False)
def new_case(request: Request, body_id: int = Form(...), kind: str = Form(""), name: str = Form(""),
             id_document: str = Form(""), contact: str = Form(""), received_on: str = Form(""),
             channel: str = Form(""), request_text: str = Form(""), requested_form: str = Form(""),
             ref_no: str = Form(""), ctx: Ctx = Depends(get_ctx)):
    try:
        app = register_application(ctx, body_id=body_id, kind=kind, name=name, id_document=id_document,
                                   contact=contact, received_on=received_on, channel=channel,
                                   request_text=request_text, requested_form=requested_form, ref_no=ref_no)
        ctx.db.commit()
    except RegisterError as e:
        ctx.db.rollback()
        form = dict(body_id=body_id, kind=kind, name=name, id_document=id_document, contact=contact,
                    received_on=received_on, channel=channel, request_text=request_text,
                    requested_form=requested_form, ref_no=ref_no)
        return page(request, "case_new.html", ctx, status_code=400, bodies=_actable_bodies(ctx), today=today(),
                    form=form, error=e.message)
    request.app.state.cache.bump()
    return redirect(request, f"/cases/{app.id}", f"申请已登记（编号 {app.ref_no or app.id}）。")


def visible_case(ctx: Ctx, case_id: int) -> Application:
    app = ctx.db.get(Application, case_id)
    if app is None or not ctx.can_see_body(app.body_id):
        raise NotVisible("未找到该申请，或您无权查看。")
    return app


@router.get("/cases/{case_id}", include_in_schema=False)
def case_page(request: Request, case_id: int, ctx: Ctx = Depends(get_ctx)):
    return case_view(request, ctx, visible_case(ctx, case_id))


def case_view(request: Request, ctx: Ctx, app: Application, status_code: int = 200,
              draft_form: dict | None = None, draft_error: str | None = None):
    """The case page; ``draft_form`` (kind, on, outcome, note) refills a refused draft (拟办) form."""
    t = today()
    status = service.case_status(ctx.db, app.id, t)
    acts = A.available_actions(ctx.db, app, t, lambda roles: ctx.can_act(app.body_id, *roles),
                               drafts=drafts.may_draft(ctx, app.body_id))
    case_drafts = drafts.case_drafts(ctx.db, app.id)
    kind = app.applicant.kind
    outcomes = A.outcome_choices(t)
    def _grid():
        try:
            return table3_grid(year_report(ctx.db, app.body_id, t.year))
        except RegisterError:
            return False

    grid = request.app.state.cache.compute(("t3", app.body_id, t, ctx.version), _grid) or None
    n = days_left(t, status.due.on) if not status.closed_on else None
    pending = {d.kind: d for d in case_drafts if d.status == "pending"}
    refill = {d.kind: d for d in reversed(case_drafts) if d.status == "returned"}  # latest returned, to re-draft
    if draft_form:
        refill[draft_form["kind"]] = draft_form
    return page(request, "case.html", ctx, status_code=status_code, app=app, status=status, actions=acts, today=t,
                personal=ctx.can_see_personal(app.body_id), kind=kind, outcomes=outcomes, t3=grid,
                PARTIES=PARTIES, days=n, days_css=days_class(n, bool(status.closed_on)),
                body=ctx.bodies.get(app.body_id), drafts=case_drafts, pending=pending, refill=refill,
                draft_error=draft_error, draft_kind=(draft_form or {}).get("kind"),
                can_approve=drafts.may_approve(ctx, app.body_id), EVENT_KINDS=EVENT_KINDS,
                outcome_label=outcome_label, assignee=assignee_of(ctx.db, app.id),
                people=assignable_users(ctx, [app.body_id]), names=display_names(ctx.db),
                may_assign=ctx.can_act(app.body_id, "approver"), may_take=ctx.can_act(app.body_id, "officer"))


@router.post("/cases/{case_id}/events", include_in_schema=False)
def case_event(request: Request, case_id: int, kind: str = Form(""), on: str = Form(""), outcome: str = Form(""),
               party: str = Form(""), until: str = Form(""), amount: str = Form(""), note: str = Form(""),
               ctx: Ctx = Depends(get_ctx)):
    app = visible_case(ctx, case_id)
    if kind not in A.ACTION_ORDER:
        return redirect(request, f"/cases/{case_id}", "未知的办理事项。", "error")
    if not ctx.can_act(app.body_id, *A.roles_for(kind)):
        raise Forbidden("您没有登记该办理事项的权限" + ("（须由审批人登记，经办人请提交审批）。"
                                                   if kind in A.APPROVER_KINDS else "。"))
    try:
        service.record_event(ctx.db, app.id, kind, on or today(), outcome=outcome or None, party=party or None,
                             until=until or None, amount=amount or None, note=note or None, actor=ctx.actor)
        ctx.db.commit()
    except RegisterError as e:
        ctx.db.rollback()
        return redirect(request, f"/cases/{case_id}", e.message, "error")
    request.app.state.cache.bump()
    return redirect(request, f"/cases/{case_id}", f"已登记：{EVENT_KINDS[kind]}。")
