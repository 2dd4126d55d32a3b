"""Read-only queries for the pages (列表与统计查询): the case list with filters and pagination,
the dashboard counts. Deadlines themselves come from the register (stored ``next_due``)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import extract, func, or_, select
from sqlalchemy.orm import Session

from ..register.calendar import default_calendar
from ..register.errors import CalendarError
from ..register.events import STATES
from ..register.models import Applicant, Application, AuditEntry, Body
from .models import WebUser
from .cache import TTLCache  # noqa: F401  (re-exported)
from .models_workplace import Assignment

OUTCOME_GROUPS: dict[str, str] = {
    "granted": "予以公开", "partial": "部分公开", "denied": "不予公开", "unable": "无法提供",
    "rejected": "不予处理", "other": "其他处理",
}


def data_version(db: Session) -> int:
    """The register's change counter: the last audit-log id (every change writes one). Cached
    figures are keyed on it, so a change made by another worker or by the CLI is seen at once."""
    return db.scalar(select(func.max(AuditEntry.id))) or 0


def outcome_group(outcome: str | None) -> str | None:
    if not outcome:
        return None
    return outcome.split(".", 1)[0]


def workday_bound(today: dt.date, within: int) -> dt.date | None:
    """The date ``within`` working days after ``today``; None when the calendar lacks a year."""
    try:
        return default_calendar().add_workdays(today, within)
    except CalendarError:
        return None


def calendar_note(today: dt.date, within: int) -> str:
    try:
        default_calendar().add_workdays(today, within)
    except CalendarError as e:
        return e.message
    return ""


def days_left(today: dt.date, due: dt.date | None) -> int | None:
    if due is None:
        return None
    try:
        return default_calendar().workdays_between(today, due)
    except CalendarError:
        return None


def days_class(n: int | None, closed: bool) -> str:
    """CSS class for the working days left (剩余工作日颜色)."""
    if closed or n is None:
        return ""
    if n < 0:
        return "days-over"
    if n <= 3:
        return "days-soon"
    if n <= 7:
        return "days-near"
    return "days-ok"


@dataclass
class CaseFilter:
    state: str = ""  # open | closed | overdue | one of STATES
    within: int | None = None  # due within N working days from today (open, not yet overdue)
    kind: str = ""  # applicant kind
    outcome: str = ""  # outcome group or row
    body: int | None = None
    year: int | None = None  # received in year
    q: str = ""  # reference number / request text
    who: str = ""  # applicant name, phone or ID number (only where personal data may be seen)
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    closed_from: dt.date | None = None
    closed_to: dt.date | None = None
    channel: str = ""
    assignee: int | None = None  # a user id; 0: not assigned (未分配)
    sort: str = ""  # a key of SORTS; "" the default order
    desc: bool = False

    def key(self) -> tuple:
        return tuple(getattr(self, k) for k in self.__dataclass_fields__ if k not in ("sort", "desc"))


@dataclass
class CaseRow:
    id: int
    ref_no: str | None
    body_name: str
    received_on: dt.date
    kind: str
    applicant_name: str | None
    request: str
    state: str
    state_label: str
    outcome: str | None
    next_due: dt.date | None
    next_due_kind: str | None
    days_left: int | None
    days_css: str
    closed: bool
    closed_on: dt.date | None = None
    channel: str = ""
    assignee: str | None = None  # 承办人's name
    body_id: int | None = None


@dataclass
class CasePage:
    rows: list[CaseRow] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1
    note: str = ""  # why a filter could not be applied (Chinese)


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def _normalised(col, *chars: str):
    """``col`` with the given characters removed and upper-cased (SQL, SQLite and PostgreSQL alike)."""
    for c in chars:
        col = func.replace(col, c, "")
    return func.upper(col)


def who_condition(who: str):
    """Applicant name, phone or ID number (申请人姓名、电话、身份证件号码), compared on normalised
    values: spaces, hyphens and the ``+86`` prefix ignored; ID letters case-insensitive."""
    text = re.sub(r"\s+", "", who).upper()
    conds = [_normalised(Applicant.name, " ", "\u3000").like(f"%{text}%")]
    digits = _digits(text)
    if len(digits) >= 4 and re.fullmatch(r"[+\d\-()（）]+", text):
        phone = digits[2:] if text.startswith("+86") else digits
        conds.append(_normalised(Applicant.contact, " ", "-", "(", ")", "（", "）").like(f"%{phone}%"))
    id_like = text.replace("-", "")
    if len(id_like) >= 4 and re.fullmatch(r"[0-9A-Z]+", id_like):
        conds.append(_normalised(Applicant.id_document, " ", "-").like(f"%{id_like}%"))
    return or_(*conds)


def _filtered(stmt, f: CaseFilter, body_ids: list[int], today: dt.date, personal: set[int] | None = None):
    A = Application
    if f.who.strip():
        # only bodies whose applicants' personal data the user may see
        body_ids = [b for b in body_ids if personal is not None and b in personal]
        stmt = stmt.where(who_condition(f.who))
    if f.body is not None:
        stmt = stmt.where(A.body_id == f.body)
    if len(body_ids) == 1:
        stmt = stmt.where(A.body_id == body_ids[0])
    else:
        stmt = stmt.where(A.body_id.in_(body_ids))
    if f.state == "open":
        stmt = stmt.where(A.closed_on.is_(None))
    elif f.state == "closed":
        stmt = stmt.where(A.closed_on.is_not(None))
    elif f.state == "overdue":
        stmt = stmt.where(A.closed_on.is_(None), A.next_due < today)
    elif f.state in STATES:
        stmt = stmt.where(A.state == f.state)
    if f.within is not None:
        bound = workday_bound(today, f.within)
        stmt = stmt.where(A.closed_on.is_(None), A.next_due >= today, A.next_due <= (bound or dt.date.min))
    if f.kind:
        stmt = stmt.where(Applicant.kind == f.kind)
    if f.outcome:
        if f.outcome in OUTCOME_GROUPS and f.outcome not in ("granted", "partial"):
            stmt = stmt.where(or_(A.outcome == f.outcome, A.outcome.like(f"{f.outcome}.%")))
        else:
            stmt = stmt.where(A.outcome == f.outcome)
    if f.year:
        stmt = stmt.where(A.received_on >= dt.date(f.year, 1, 1), A.received_on <= dt.date(f.year, 12, 31))
    if f.received_from:
        stmt = stmt.where(A.received_on >= f.received_from)
    if f.received_to:
        stmt = stmt.where(A.received_on <= f.received_to)
    if f.closed_from:
        stmt = stmt.where(A.closed_on >= f.closed_from)
    if f.closed_to:
        stmt = stmt.where(A.closed_on <= f.closed_to)
    if f.channel:
        stmt = stmt.where(A.channel == f.channel)
    if f.assignee is not None:
        assigned = select(Assignment.application_id)
        if f.assignee == 0:
            stmt = stmt.where(A.id.not_in(assigned))
        else:
            stmt = stmt.where(A.id.in_(assigned.where(Assignment.user_id == f.assignee)))
    if f.q.strip():
        like = f"%{f.q.strip()}%"
        stmt = stmt.where(or_(A.ref_no.like(like), A.request.like(like)))
    return stmt


def count_key(f: CaseFilter, body_ids: list[int], today: dt.date, version: int) -> tuple:
    """The cache key of the number of cases matching ``f`` (kept between requests by :func:`list_cases`)."""
    return ("count", f.key(), tuple(body_ids), today, version)


SORTS: dict[str, str] = {  # sort key: column title (排序)
    "ref": "受理编号", "received": "收到日期", "body": "机关", "kind": "申请人类型", "applicant": "申请人",
    "request": "申请内容", "channel": "提交方式", "state": "状态", "outcome": "办理结果", "due": "下一期限",
    "closed": "办结日期", "assignee": "承办人",
}


def _sort_column(key: str):
    A = Application
    return {"ref": A.ref_no, "received": A.received_on, "body": Body.name, "kind": Applicant.kind,
            "applicant": Applicant.name, "request": A.request, "channel": A.channel, "state": A.state,
            "outcome": A.outcome, "due": A.next_due, "closed": A.closed_on,
            "assignee": WebUser.display_name}.get(key)


def _joins(stmt, f: CaseFilter):
    """Join what the filter and the sort need (the usual list needs no join at all)."""
    A = Application
    if f.kind or f.who.strip() or f.sort in ("kind", "applicant"):
        stmt = stmt.join(Applicant, Applicant.id == A.applicant_id)
    if f.sort == "body":
        stmt = stmt.join(Body, Body.id == A.body_id)
    if f.sort == "assignee":
        stmt = (stmt.outerjoin(Assignment, Assignment.application_id == A.id)
                .outerjoin(WebUser, WebUser.id == Assignment.user_id))
    return stmt


def case_order(f: CaseFilter) -> tuple:
    A = Application
    col = _sort_column(f.sort)
    if col is not None:
        # blanks last in both directions, then a stable tie-break
        return (col.is_(None), col.desc() if f.desc else col, A.id.desc() if f.desc else A.id)
    if f.state in ("open", "overdue") or f.within is not None:
        return (A.next_due.is_(None), A.next_due, A.id)
    return (A.received_on.desc(), A.id.desc())


def list_cases(db: Session, f: CaseFilter, body_ids: list[int], *, page: int = 1, size: int = 50,
               today: dt.date | None = None, with_names: bool = False,
               names_for: set[int] | None = None, cache: "TTLCache | None" = None,
               version: int | None = None) -> CasePage:
    """One page of the case list: sorted by ``f.sort`` or, by default, most urgent open cases
    first, then the newest. ``names_for``: the bodies whose applicants' names (and searching by
    name/phone/ID) this user may see.

    ``cache`` keeps the count of matching cases between requests (invalidated by every write);
    ``version`` is the request's :func:`data_version` when the caller knows it already."""
    today = today or dt.date.today()
    if not body_ids:
        return CasePage()
    A = Application
    if f.within is not None and workday_bound(today, f.within) is None:
        return CasePage(note=calendar_note(today, f.within))
    if f.who.strip() and not (names_for and set(names_for) & set(body_ids)):
        return CasePage(note="您无权按申请人姓名、电话或证件号码检索。")
    base = _joins(select(A.id), f)
    count_stmt = _filtered(_joins(select(A.id), CaseFilter(kind=f.kind, who=f.who)), f, body_ids, today, names_for)

    def _count() -> int:
        return db.scalar(select(func.count()).select_from(count_stmt.subquery())) or 0

    if cache is not None:
        key = count_key(f, body_ids, today, data_version(db) if version is None else version)
        total = cache.compute(key, _count)
    else:
        total = _count()
    pages = max(1, -(-total // size))
    page = min(max(page, 1), pages)
    order = case_order(f)
    # pick the page's ids on the application table alone (indexes), then join for the columns
    page_ids = _filtered(base, f, body_ids, today, names_for).order_by(*order).offset((page - 1) * size).limit(size)
    out = CasePage(total=total, page=page, pages=pages)
    out.rows = case_rows(db, page_ids.scalar_subquery(), order, today, names_for)
    return out


def case_rows(db: Session, ids, order, today: dt.date, names_for: set[int] | None) -> list[CaseRow]:
    """The list's rows for the application ids selected by ``ids`` (a subquery), in ``order``."""
    A = Application
    stmt = (select(A.id, A.ref_no, Body.name, A.received_on, Applicant.kind, Applicant.name, A.request, A.state,
                   A.outcome, A.next_due, A.next_due_kind, A.closed_on, A.body_id, A.channel, WebUser.display_name,
                   WebUser.username)
            .join(Applicant, Applicant.id == A.applicant_id).join(Body, Body.id == A.body_id)
            .outerjoin(Assignment, Assignment.application_id == A.id)
            .outerjoin(WebUser, WebUser.id == Assignment.user_id)
            .where(A.id.in_(ids)).order_by(*order))
    rows = []
    for (aid, ref, bname, received, kind, aname, request, state, outcome, due, due_kind, closed_on,
         body_id, channel, assignee, assignee_login) in db.execute(stmt):
        closed = closed_on is not None
        n = None if closed else days_left(today, due)
        rows.append(CaseRow(aid, ref, bname, received, kind,
                            aname if (names_for is not None and body_id in names_for) else None,
                            (request or "")[:80], state, STATES.get(state, state), outcome, due, due_kind, n,
                            days_class(n, closed), closed, closed_on, channel, assignee or assignee_login,
                            body_id))
    return rows


# ---------------------------------------------------------------------------- dashboard


@dataclass
class Dashboard:
    overdue: int
    due_soon: int | None  # None: the calendar cannot count the working days
    open: int
    received_this_year: int
    closed_this_year: int
    by_month: list[tuple[str, int]]
    by_outcome: list[tuple[str, int]]


def dashboard(db: Session, body_ids: list[int], today: dt.date, soon: int = 5, year: int | None = None) -> Dashboard:
    """Open / overdue / due-soon counts as of ``today``; received and closed by month and outcome in ``year``."""
    A = Application
    where = A.body_id.in_(body_ids) if len(body_ids) != 1 else A.body_id == body_ids[0]
    bound = workday_bound(today, soon)
    year = year or today.year
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    open_n = db.scalar(select(func.count()).where(where, A.closed_on.is_(None))) or 0
    overdue = db.scalar(select(func.count()).where(where, A.closed_on.is_(None), A.next_due < today)) or 0
    due_soon = None if bound is None else db.scalar(select(func.count()).where(
        where, A.closed_on.is_(None), A.next_due >= today, A.next_due <= bound)) or 0
    month = extract("month", A.received_on)
    by_month_raw = dict(db.execute(select(month, func.count()).where(where, A.received_on >= start,
                                                                     A.received_on <= end).group_by(month)).all())
    by_month = [(f"{m}月", int(by_month_raw.get(m, 0))) for m in range(1, 13)]
    outcomes = db.execute(select(A.outcome, func.count()).where(where, A.closed_on >= start, A.closed_on <= end)
                          .group_by(A.outcome)).all()
    groups: dict[str, int] = {k: 0 for k in OUTCOME_GROUPS}
    for outcome, n in outcomes:
        g = outcome_group(outcome)
        if g in groups:
            groups[g] += int(n)
    closed_n = sum(int(n) for _, n in outcomes)  # every case closed in the year, whatever its outcome
    return Dashboard(overdue, due_soon, open_n, sum(v for _, v in by_month), closed_n, by_month,
                     [(OUTCOME_GROUPS[k], v) for k, v in groups.items()])


def t3_field(outcome: str, kind: str) -> str:
    return f"t3.{outcome}.{kind}"


