"""A person's work list (个人待办): what is due today, within 3 working days, overdue; returned drafts
(退回的拟办); 补正 / 征求意见 / 缴费 periods ending; drafts waiting for me as approver (待我审批).

"My cases" are those assigned to me (我承办的) and, for officers and approvers, the cases of my
body that nobody has been assigned yet (未分配). Deadlines are the register's stored ``next_due``
(答复期限: Art. 33 of the Regulations on the Disclosure of Government Information, 国务院令第711号;
补正 Art. 30, 征求第三方意见 Art. 32, 收费 国办函〔2020〕109号)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ..register.deadlines import DUE_KINDS
from ..register.events import EVENT_KINDS
from ..register.models import Application
from .models import EventDraft, WebUser
from .models_workplace import Assignment, Notification
from .queries import case_rows, workday_bound

SOON_DAYS = 3  # "within 3 working days" (3 个工作日内)
PERIOD_KINDS = ("supplement", "consultation", "fee")  # the applicant's / third party's / fee periods


@dataclass
class Todo:
    """The sections of a 待办 page; each list holds :class:`queries.CaseRow` or drafts."""

    today: list = field(default_factory=list)
    soon: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    periods: list = field(default_factory=list)  # 补正 / 征求意见 / 缴费 periods ending within 3 days
    returned: list = field(default_factory=list)  # (draft, application)
    to_approve: list = field(default_factory=list)  # (draft, application)
    note: str = ""

    @property
    def total(self) -> int:
        return (len(self.today) + len(self.soon) + len(self.overdue) + len(self.periods) + len(self.returned)
                + len(self.to_approve))


def mine_condition(user: WebUser):
    """Cases assigned to ``user``, and the unassigned cases of the user's body (officers, approvers)."""
    A = Application
    assigned_to_me = A.id.in_(select(Assignment.application_id).where(Assignment.user_id == user.id))
    if user.role in ("officer", "approver") and user.body_id is not None:
        unassigned = and_(A.body_id == user.body_id, A.id.not_in(select(Assignment.application_id)))
        return or_(assigned_to_me, unassigned)
    return assigned_to_me


def todo_for(db: Session, user: WebUser, today: dt.date, *, approvable_bodies: list[int],
             personal_bodies: set[int]) -> Todo:
    """The user's 待办 as of ``today``."""
    A = Application
    out = Todo()
    bound = workday_bound(today, SOON_DAYS)
    if bound is None:
        out.note = f"工作日历缺少 {today.year} 年或次年的安排，无法计算“{SOON_DAYS} 个工作日内到期”。"
        bound = today
    base = select(A.id).where(A.closed_on.is_(None), A.next_due.is_not(None), A.next_due <= bound, mine_condition(user))
    order = (A.next_due, A.id)
    for r in case_rows(db, base.scalar_subquery(), order, today, personal_bodies):
        if r.next_due < today:
            out.overdue.append(r)
        elif r.next_due == today:
            out.today.append(r)
        else:
            out.soon.append(r)
        if r.next_due_kind in PERIOD_KINDS and r.next_due >= today:
            out.periods.append(r)
    # my drafts returned by the approver, unless filed again since
    rows = db.execute(select(EventDraft, A).join(A, A.id == EventDraft.application_id)
                      .where(EventDraft.drafted_by == user.username, EventDraft.status == "returned",
                             A.closed_on.is_(None))
                      .order_by(EventDraft.decided_at.desc())).all()
    seen: set[tuple[int, str]] = set()
    for d, app in rows:
        newer = db.scalar(select(EventDraft.id).where(EventDraft.application_id == d.application_id,
                                                      EventDraft.kind == d.kind, EventDraft.id > d.id))
        if newer is None and (d.application_id, d.kind) not in seen:
            seen.add((d.application_id, d.kind))
            out.returned.append((d, app))
    if approvable_bodies:
        out.to_approve = [(d, a) for d, a in db.execute(
            select(EventDraft, A).join(A, A.id == EventDraft.application_id)
            .where(EventDraft.body_id.in_(approvable_bodies), EventDraft.status == "pending")
            .order_by(EventDraft.id)).all()]
    return out


def due_label(kind: str | None) -> str:
    return DUE_KINDS.get(kind or "", "期限")


def draft_label(kind: str) -> str:
    return EVENT_KINDS.get(kind, kind)


def unread_count(db: Session, user_id: int) -> int:
    from sqlalchemy import func

    return db.scalar(select(func.count(Notification.id)).where(Notification.user_id == user_id,
                                                               Notification.read_at.is_(None))) or 0


def remind(db: Session, user: WebUser, todo: Todo, today: dt.date) -> int:
    """In-app reminders (站内提醒) for today's urgent items, once per item and day; returns how many
    were added."""
    from .assign import notify

    n = 0
    for r in todo.overdue + todo.today:
        ref = r.ref_no or f"#{r.id}"
        what = "已逾期" if r.next_due < today else "今日到期"
        n += notify(db, user.id, f"due:{r.id}:{today.isoformat()}", "due",
                    f"申请 {ref} 的{due_label(r.next_due_kind)}（{r.next_due.isoformat()}）{what}。", f"/cases/{r.id}")
    return n
