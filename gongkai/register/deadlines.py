"""Statutory time limits (法定期限) of an application, in working days.

- 补正告知: within 7 working days of receipt (Regulation, Decree 711, Art. 30)
- 答复: within 20 working days of receipt, or of receipt of the supplemented application (Art. 33 para 2);
  applications received before 15 May 2019 (when Decree 711 came into force) follow the old Regulation
  (Decree 492, Art. 24 para 2): 15 working days, extension at most 15
- 延长: once, at most 20 more working days (Art. 33 para 2); a shorter notified end date (延期后答复期限) is kept
- 征求第三方/其他机关意见: 15 working days from the party's receipt of the request (Art. 32, 34); the waiting
  time does not count (Art. 33 para 3)
- 缴费: 20 working days from the day after the applicant receives the fee notice (国办函〔2020〕109号); the
  waiting time does not count
- 另行确定答复期限 (Art. 35): for a reasonable but very large request the office sets a later date
- 重新答复: after 复议/诉讼 纠正 the decision sets the period; without one, 20 working days from the
  decision (Art. 33 applied by analogy — procedure.md does not state this)

Periods start the day after the triggering event. Where the receipt date of a notice is not known
the sending date stands in. The functions here are pure: they take the replayed state of an
application (:class:`gongkai.register.events.CaseState`) and a calendar; years whose holiday
arrangement is not known are estimated (see :mod:`.calendar`) and flagged ``estimated``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .calendar import WorkCalendar, default_calendar

SUPPLEMENT_NOTICE_DAYS = 7
ANSWER_DAYS = 20
EXTENSION_DAYS = 20
CONSULTATION_DAYS = 15
FEE_PAYMENT_DAYS = 20
REANSWER_DAYS = 20
# Decree 711 in force (国务院令第711号, 2019-04-03, effective 2019-05-15); before: Decree 492 Art. 24
DECREE_711_FROM = dt.date(2019, 5, 15)
OLD_ANSWER_DAYS = 15
OLD_EXTENSION_DAYS = 15

DUE_KINDS: dict[str, str] = {
    "answer": "答复期限",
    "extended": "延期后答复期限",
    "reanswer": "重新答复期限",
    "supplement_notice": "补正告知期限",
    "supplement": "申请人补正期限",
    "consultation": "征求意见答复期限",
    "fee": "缴费期限",
}


def _cal(calendar: WorkCalendar | None) -> WorkCalendar:
    return calendar or default_calendar()


def answer_days(received_on: dt.date) -> tuple[int, int]:
    """(answer period, longest extension) in working days for an application received on ``received_on``:
    (20, 20) under Decree 711 Art. 33; (15, 15) before 2019-05-15 under Decree 492 Art. 24."""
    if received_on < DECREE_711_FROM:
        return OLD_ANSWER_DAYS, OLD_EXTENSION_DAYS
    return ANSWER_DAYS, EXTENSION_DAYS


def supplement_notice_due(received_on: dt.date, calendar: WorkCalendar | None = None) -> dt.date:
    """补正告知期限: the 7th working day after receipt (Art. 30)."""
    return _cal(calendar).add_workdays(received_on, SUPPLEMENT_NOTICE_DAYS)


def consultation_due(sent_on: dt.date, calendar: WorkCalendar | None = None,
                     received_on: dt.date | None = None) -> dt.date:
    """征求意见期限 (Art. 32, 34): the 15th working day after the party received the request
    (the sending date when the receipt is not known)."""
    return _cal(calendar).add_workdays(received_on or sent_on, CONSULTATION_DAYS)


def fee_due(sent_on: dt.date, calendar: WorkCalendar | None = None, received_on: dt.date | None = None) -> dt.date:
    """缴费期限 (国办函〔2020〕109号): the 20th working day after the applicant received the fee notice
    (the sending date when the receipt is not known)."""
    return _cal(calendar).add_workdays(received_on or sent_on, FEE_PAYMENT_DAYS)


def pauses(state, calendar: WorkCalendar | None = None) -> list[tuple[dt.date, dt.date]]:
    """Clock stops (中止计算) as ``(start, end)``: working days ``start < d <= end`` do not count.

    A consultation pauses from sending until the reply, at most until its period ends; a fee notice
    from sending until payment, at most until the payment period ends (an open one is assumed to run
    its full length).
    """
    cal = _cal(calendar)
    out = []
    for c in state.consultations:
        limit = consultation_due(c.sent_on, cal, c.received_on)
        end = min(c.answered_on, limit) if c.answered_on else limit
        out.append((c.sent_on, end))
    for f in state.fees:
        limit = fee_due(f.sent_on, cal, f.received_on)
        end = min(f.paid_on, limit) if f.paid_on else limit
        out.append((f.sent_on, end))
    return out


def _count(cal: WorkCalendar, start: dt.date, budget: int, stops) -> dt.date:
    stops = [(s, e) for s, e in stops if e > start]
    if not stops:
        return cal.add_workdays(start, budget)
    count = 0
    for d in cal.next_workdays(start):
        if any(s < d <= e for s, e in stops):
            continue
        count += 1
        if count == budget:
            return d
    raise AssertionError("unreachable")  # pragma: no cover


def statutory_answer_due(state, calendar: WorkCalendar | None = None, *, extended: bool | None = None) -> dt.date:
    """The latest answer date the law allows (20 or, extended, 40 counted working days; 15/30 before
    2019-05-15), skipping pauses — ignoring a shorter notified extension and an Art. 35 date."""
    cal = _cal(calendar)
    base, ext = answer_days(state.received_on)
    if extended is None:
        extended = state.extended_on is not None
    return _count(cal, state.clock_start, base + (ext if extended else 0), pauses(state, cal))


def answer_due(state, calendar: WorkCalendar | None = None) -> dt.date | None:
    """答复期限: ``None`` while the office waits for a supplement (the period has not started)."""
    if getattr(state, "reopened_on", None) is not None:
        return state.reanswer_due or _cal(calendar).add_workdays(state.reopened_on, REANSWER_DAYS)
    if state.awaiting_supplement:
        return None
    if getattr(state, "fixed_due", None) is not None:
        return state.fixed_due
    due = statutory_answer_due(state, calendar)
    if state.extended_on is not None and getattr(state, "extended_until", None) is not None:
        return min(due, state.extended_until)
    return due


def answer_due_kind(state) -> str:
    if getattr(state, "reopened_on", None) is not None:
        return "reanswer"
    if state.extended_on is not None:
        return "extended"
    return "answer"


@dataclass
class Due:
    """What is due next (下一期限) for an application, seen on ``today``."""

    kind: str | None  # key of DUE_KINDS
    on: dt.date | None
    answer_due: dt.date | None
    days_left: int | None  # working days from today to the due date (negative: overdue)
    overdue: bool
    note: str | None = None
    estimated: bool = False  # 估算: the period runs through a year without a known holiday arrangement

    @property
    def label(self) -> str:
        return DUE_KINDS.get(self.kind or "", "") + ("（估算）" if self.estimated and self.kind else "")


def next_due(state, today: dt.date | None = None, calendar: WorkCalendar | None = None,
             *, with_days_left: bool = True) -> Due:
    """The next due date of an open application and how many working days are left (closed: nothing due)."""
    cal = _cal(calendar)
    if state.closed:
        return Due(None, None, None, None, False)
    candidates: list[tuple[dt.date, str]] = []
    ans = answer_due(state, cal)
    if state.awaiting_supplement and getattr(state, "reopened_on", None) is None:
        if state.supplement_until:
            candidates.append((state.supplement_until, "supplement"))
    else:
        candidates.append((ans, answer_due_kind(state)))
        for c in state.consultations:
            if c.answered_on is None:
                candidates.append((consultation_due(c.sent_on, cal, c.received_on), "consultation"))
        for f in state.fees:
            if f.paid_on is None:
                candidates.append((fee_due(f.sent_on, cal, f.received_on), "fee"))
    candidates = [c for c in candidates if c[0] is not None]
    if not candidates:
        return Due(None, None, ans, None, False)
    on, kind = min(candidates)
    est = cal.estimated(state.received_on, max(on, ans or on))
    days_left = None
    overdue = False
    if today is not None:
        overdue = today > on
        if with_days_left:
            days_left = cal.workdays_between(today, on)
            est = est or cal.estimated(today, on)
    return Due(kind, on, ans, days_left, overdue, estimated=est)
