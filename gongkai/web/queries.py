"""Read-only queries for the pages (列表与统计查询): the case list with filters and pagination,
the dashboard counts. Deadlines themselves come from the register (stored ``next_due``)."""
from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, field

from sqlalchemy import extract, func, or_, select
from sqlalchemy.orm import Session

from ..register.calendar import default_calendar
from ..register.errors import CalendarError
from ..register.events import STATES
from ..register.models import Applicant, Application, AuditEntry, Body

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
    within: int | None = None  # due within N working days (open cases)
    kind: str = ""  # applicant kind
    outcome: str = ""  # outcome group or row
    body: int | None = None
    year: int | None = None  # received in year
    q: str = ""  # reference number / request text


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


@dataclass
class CasePage:
    rows: list[CaseRow] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1
    note: str = ""  # why a filter could not be applied (Chinese)


def _filtered(stmt, f: CaseFilter, body_ids: list[int], today: dt.date):
    A = Application
    if f.body is not None:
        stmt = stmt.where(A.body_id == f.body)
    elif len(body_ids) == 1:
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
        stmt = stmt.where(A.closed_on.is_(None), A.next_due.is_not(None), A.next_due <= (bound or dt.date.min))
    if f.kind:
        stmt = stmt.where(Applicant.kind == f.kind)
    if f.outcome:
        if f.outcome in OUTCOME_GROUPS and f.outcome not in ("granted", "partial"):
            stmt = stmt.where(or_(A.outcome == f.outcome, A.outcome.like(f"{f.outcome}.%")))
        else:
            stmt = stmt.where(A.outcome == f.outcome)
    if f.year:
        stmt = stmt.where(A.received_on >= dt.date(f.year, 1, 1), A.received_on <= dt.date(f.year, 12, 31))
    if f.q.strip():
        like = f"%{f.q.strip()}%"
        stmt = stmt.where(or_(A.ref_no.like(like), A.request.like(like)))
    return stmt


def count_key(f: CaseFilter, body_ids: list[int], today: dt.date, version: int) -> tuple:
    """The cache key of the number of cases matching ``f`` (kept between requests by :func:`list_cases`)."""
    return ("count", f.state, f.within, f.kind, f.outcome, f.body, f.year, f.q, tuple(body_ids), today, version)


def list_cases(db: Session, f: CaseFilter, body_ids: list[int], *, page: int = 1, size: int = 50,
               today: dt.date | None = None, with_names: bool = False,
               names_for: set[int] | None = None, cache: "TTLCache | None" = None,
               version: int | None = None) -> CasePage:
    """One page of the case list, most urgent open cases first, then the newest.

    ``cache`` keeps the count of matching cases between requests (invalidated by every write);
    ``version`` is the request's :func:`data_version` when the caller knows it already."""
    today = today or dt.date.today()
    if not body_ids:
        return CasePage()
    A = Application
    if f.within is not None and workday_bound(today, f.within) is None:
        return CasePage(note=calendar_note(today, f.within))
    base = select(A.id).join(Applicant, Applicant.id == A.applicant_id) if f.kind else select(A.id)
    count_stmt = _filtered(base, f, body_ids, today)

    def _count() -> int:
        return db.scalar(select(func.count()).select_from(count_stmt.subquery())) or 0

    if cache is not None:
        key = count_key(f, body_ids, today, data_version(db) if version is None else version)
        total = cache.compute(key, _count)
    else:
        total = _count()
    pages = max(1, -(-total // size))
    page = min(max(page, 1), pages)
    if f.state in ("open", "overdue") or f.within is not None:
        order = (A.next_due.is_(None), A.next_due, A.id)
    else:
        order = (A.received_on.desc(), A.id.desc())
    # pick the page's ids on the application table alone (indexes), then join for the columns
    page_ids = _filtered(base, f, body_ids, today).order_by(*order).offset((page - 1) * size).limit(size)
    stmt = (select(A.id, A.ref_no, Body.name, A.received_on, Applicant.kind, Applicant.name, A.request, A.state,
                   A.outcome, A.next_due, A.next_due_kind, A.closed_on, A.body_id)
            .join(Applicant, Applicant.id == A.applicant_id).join(Body, Body.id == A.body_id)
            .where(A.id.in_(page_ids.scalar_subquery())).order_by(*order))
    out = CasePage(total=total, page=page, pages=pages)
    for (aid, ref, bname, received, kind, aname, request, state, outcome, due, due_kind, closed_on,
         body_id) in db.execute(stmt):
        closed = closed_on is not None
        n = None if closed else days_left(today, due)
        out.rows.append(CaseRow(aid, ref, bname, received, kind,
                                aname if (names_for is not None and body_id in names_for) else None,
                                (request or "")[:80], state, STATES.get(state, state), outcome, due, due_kind, n,
                                days_class(n, closed), closed))
    return out


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
    return Dashboard(overdue, due_soon, open_n, sum(v for _, v in by_month), sum(groups.values()), by_month,
                     [(OUTCOME_GROUPS[k], v) for k, v in groups.items()])


class TTLCache:
    """A tiny time-bounded cache (短时缓存) for dashboard figures and list counts. Keys carry
    :func:`data_version`; ``bump()`` after a write also clears this process's entries.
    ``compute(key, fn)`` lets one thread compute a missing value while the others wait for it."""

    def __init__(self, ttl: float = 30.0, size: int = 256):
        self.ttl, self.size = ttl, size
        self._data: dict = {}
        self._lock = threading.Lock()
        self._key_locks: dict = {}
        self.version = 0

    def compute(self, key, fn):
        value = self.get(key)
        if value is not None or self.ttl <= 0:
            return value if value is not None else fn()
        with self._lock:
            lock = self._key_locks.setdefault(key, threading.Lock())
        with lock:
            value = self.get(key)
            if value is None:
                value = fn()
                self.put(key, value)
        with self._lock:
            if len(self._key_locks) > self.size:
                self._key_locks.clear()
        return value

    def bump(self) -> None:
        with self._lock:
            self.version += 1
            self._data.clear()

    def get(self, key):
        with self._lock:
            item = self._data.get(key)
            if item and time.monotonic() - item[0] < self.ttl and item[1] == self.version:
                return item[2]
            return None

    def put(self, key, value) -> None:
        with self._lock:
            if len(self._data) >= self.size:
                self._data.clear()
            self._data[key] = (time.monotonic(), self.version, value)


def t3_field(outcome: str, kind: str) -> str:
    return f"t3.{outcome}.{kind}"


