"""The case list's filters from a query string, and the register as an Excel 台账 (申请登记台账导出).

The same parser serves the page, the API and the export, so a list, its count and its export
always agree."""
from __future__ import annotations

import datetime as dt
import io
import re
from typing import Mapping

from sqlalchemy.orm import Session

from ..register.events import STATES
from ..register.models import APPLICANT_KINDS, CHANNELS, Application
from ..register.events import outcome_label
from .queries import SORTS, CaseFilter, _filtered, _joins, case_order, case_rows

FILTER_KEYS = ("state", "within", "kind", "outcome", "body", "under", "year", "q", "who", "received_from",
               "received_to", "closed_from", "closed_to", "channel", "assignee", "sort", "dir")
DATE_FILTERS = {"received_from": "收到日期（起）", "received_to": "收到日期（止）", "closed_from": "办结日期（起）",
                "closed_to": "办结日期（止）"}
EXPORT_LIMIT = 200_000


def _int(s: str | None) -> int | None:
    s = (s or "").strip()
    return int(s) if s.isdigit() and len(s) < 10 else None


def parse_filter(params: Mapping[str, str], *, me: int | None = None) -> tuple[CaseFilter, list[str]]:
    """The filter given by ``params`` (query-string values) and the Chinese problems found in it
    (a bad value is dropped and named, never silently widened). ``assignee=me`` is the user ``me``."""
    get = lambda k: (params.get(k) or "").strip()  # noqa: E731
    problems: list[str] = []
    f = CaseFilter()
    state = get("state")
    f.state = state if state in ("open", "closed", "overdue") or state in STATES else ""
    f.within, f.body, f.year = _int(get("within")), _int(get("body")), _int(get("year"))
    if get("within") and f.within is None:
        problems.append("“N 个工作日内到期”应为不小于 0 的整数。")
    if f.within is not None and f.within > 366:
        problems.append("“N 个工作日内到期”不能超过 366。")
        f.within = None
    f.kind = get("kind") if get("kind") in APPLICANT_KINDS else ""
    f.channel = get("channel") if get("channel") in CHANNELS else ""
    f.outcome = get("outcome")[:40]
    f.q, f.who = get("q")[:100], get("who")[:100]
    for key, label in DATE_FILTERS.items():
        raw = get(key)
        if not raw:
            continue
        try:
            setattr(f, key, dt.date.fromisoformat(raw))
        except ValueError:
            problems.append(f"{label}“{raw[:20]}”不是有效日期（应为 YYYY-MM-DD）。")
    for a, b, label in (("received_from", "received_to", "收到日期"), ("closed_from", "closed_to", "办结日期")):
        lo, hi = getattr(f, a), getattr(f, b)
        if lo and hi and lo > hi:
            problems.append(f"{label}的起始日期晚于截止日期。")
    assignee = get("assignee")
    if assignee == "me":
        f.assignee = me
    elif assignee == "none":
        f.assignee = 0
    else:
        f.assignee = _int(assignee)
    f.sort = get("sort") if get("sort") in SORTS else ""
    f.desc = get("dir") == "desc"
    return f, problems


def scope_ids(ctx, params: Mapping[str, str]) -> list[int]:
    """The bodies of the list: everything visible, or the subtree of ``under`` (a body and the
    bodies below it, as the dashboard counts them)."""
    visible = ctx.visible_body_ids
    under = _int(params.get("under"))
    if under is None:
        return visible
    allowed = set(visible)
    return [b for b in ctx.subtree(under) if b in allowed]


# ------------------------------------------------------------------------------ 台账 export

LEDGER_COLUMNS = ["受理编号", "收到日期", "机关", "申请人类型", "申请人", "联系方式", "提交方式", "申请内容",
                  "申请公开形式", "状态", "答复期限", "下一期限", "办结日期", "办理结果", "承办人"]
_FORMULA = re.compile(r"^[=+\-@\t\r]")


def cell_text(value) -> object:
    """A value safe in a spreadsheet cell: text that a spreadsheet would run as a formula gets a
    leading apostrophe (公式注入防护)."""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def ledger_workbook(db: Session, f: CaseFilter, body_ids: list[int], today: dt.date,
                    names_for: set[int]) -> bytes:
    """The filtered register as an Excel 台账, in the list's order; applicants' names and contacts
    only for the bodies in ``names_for``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from sqlalchemy import select

    from ..register.models import Applicant

    A = Application
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("申请登记台账")
    for col, width in zip("ABCDEFGHIJKLMNO", (18, 11, 24, 12, 14, 22, 12, 50, 14, 14, 11, 11, 11, 20, 10)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    from openpyxl.cell import WriteOnlyCell

    head = []
    for title in LEDGER_COLUMNS:
        c = WriteOnlyCell(ws, title)
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDE6F0")
        head.append(c)
    ws.append(head)
    ids = _filtered(_joins(select(A.id), f), f, body_ids, today, names_for).order_by(*case_order(f)) \
        .limit(EXPORT_LIMIT)
    order = case_order(f)
    extra = {r.id: r for r in db.execute(
        select(A.id, A.answer_due, A.requested_form, A.request, Applicant.contact)
        .join(Applicant, Applicant.id == A.applicant_id).where(A.id.in_(ids.scalar_subquery())))}
    for r in case_rows(db, ids.scalar_subquery(), order, today, names_for):
        x = extra[r.id]
        personal = r.body_id in names_for
        ws.append([cell_text(v) for v in (
            r.ref_no or f"#{r.id}", r.received_on, r.body_name, APPLICANT_KINDS.get(r.kind, r.kind),
            r.applicant_name if personal else "（无权查看）", (x.contact or "") if personal else "",
            CHANNELS.get(r.channel, r.channel), x.request or "", x.requested_form or "", r.state_label,
            x.answer_due, r.next_due, r.closed_on, outcome_label(r.outcome) if r.outcome else "", r.assignee or "")])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
