"""Statutory time limits (法定期限) of an application, in working days (Art. 30–35 and 国办函〔2020〕109号).

- 补正告知: within 7 working days of receipt (Art. 30)
- 答复: within 20 working days of receipt, or of receipt of the supplemented application (Art. 33)
- 延长: once, at most 20 more working days (Art. 33)
- 征求第三方/其他机关意见: 15 working days to reply (Art. 32, 34); the waiting time does not count
- 缴费: 20 working days from the day after the fee notice; the waiting time does not count
- 另行确定答复期限 (Art. 35): for a reasonable but very large request the office sets a later date,
  which then is the answer due date

Periods start the day after the triggering event. The functions here are pure: they take the
replayed state of an application (:class:`gongkai.register.events.CaseState`) and a calendar.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .calendar import WorkCalendar, default_calendar
from .errors import CalendarError

SUPPLEMENT_NOTICE_DAYS = 7
ANSWER_DAYS = 20
EXTENSION_DAYS = 20
CONSULTATION_DAYS = 15
FEE_PAYMENT_DAYS = 20

DUE_KINDS: dict[str, str] = {
    "answer": "答复期限",
    "supplement_notice": "补正告知期限",
    "supplement": "申请人补正期限",
    "consultation": "征求意见答复期限",
    "fee": "缴费期限",
}


def _cal(calendar: WorkCalendar | None) -> WorkCalendar:
    return calendar or default_calendar()


def supplement_notice_due(received_on: dt.date, calendar: WorkCalendar | None = None) -> dt.date:
    """补正告知期限: the 7th working day after receipt."""
    return _cal(calendar).add_workdays(received_on, SUPPLEMENT_NOTICE_DAYS)


def consultation_due(sent_on: dt.date, calendar: WorkCalendar | None = None) -> dt.date:
    """征求意见期限: the 15th working day after the request was sent."""
    return _cal(calendar).add_workdays(sent_on, CONSULTATION_DAYS)


def fee_due(sent_on: dt.date, calendar: WorkCalendar | None = None) -> dt.date:
    """缴费期限: the 20th working day after the fee notice."""
    return _cal(calendar).add_workdays(sent_on, FEE_PAYMENT_DAYS)


def pauses(state, calendar: WorkCalendar | None = None) -> list[tuple[dt.date, dt.date]]:
    """Clock stops (中止计算) as ``(start, end)``: working days ``start < d <= end`` do not count.

    A consultation pauses until the reply, at most 15 working days; a fee notice until payment,
    at most 20 working days (an open one is assumed to run its full length).
    """
    cal = _cal(calendar)
    out = []
    for c in state.consultations:
        limit = consultation_due(c.sent_on, cal)
        end = min(c.answered_on, limit) if c.answered_on else limit
        out.append((c.sent_on, end))
    for f in state.fees:
        limit = fee_due(f.sent_on, cal)
        end = min(f.paid_on, limit) if f.paid_on else limit
        out.append((f.sent_on, end))
    return out


def answer_due(state, calendar: WorkCalendar | None = None) -> dt.date | None:
    """答复期限: 20 (or, extended, 40) counted working days after the clock start, skipping pauses.

    ``None`` while the office waits for a supplement (the period has not started).
    """
    if state.awaiting_supplement:
        return None
    if getattr(state, "fixed_due", None) is not None:
        return state.fixed_due
    cal = _cal(calendar)
    budget = ANSWER_DAYS + (EXTENSION_DAYS if state.extended_on else 0)
    start = state.clock_start
    stops = [(s, e) for s, e in pauses(state, cal) if e > start]
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


@dataclass
class Due:
    """What is due next (下一期限) for an application, seen on ``today``."""

    kind: str | None  # key of DUE_KINDS
    on: dt.date | None
    answer_due: dt.date | None
    days_left: int | None  # working days from today to the due date (negative: overdue)
    overdue: bool
    note: str | None = None  # why a date could not be computed

    @property
    def label(self) -> str:
        return DUE_KINDS.get(self.kind or "", "")


def next_due(state, today: dt.date | None = None, calendar: WorkCalendar | None = None,
             *, with_days_left: bool = True) -> Due:
    """The next due date of an open application and how many working days are left.

    Closed applications have nothing due. A date the calendar cannot compute is reported in
    ``note`` (Chinese) instead of raising.
    """
    cal = _cal(calendar)
    if state.closed:
        return Due(None, None, None, None, False)
    try:
        candidates: list[tuple[dt.date, str]] = []
        ans = answer_due(state, cal)
        if state.awaiting_supplement:
            if state.supplement_until:
                candidates.append((state.supplement_until, "supplement"))
        else:
            candidates.append((ans, "answer"))
            for c in state.consultations:
                if c.answered_on is None:
                    candidates.append((consultation_due(c.sent_on, cal), "consultation"))
            for f in state.fees:
                if f.paid_on is None:
                    candidates.append((fee_due(f.sent_on, cal), "fee"))
    except CalendarError as e:
        return Due(None, None, None, None, False, note=e.message)
    if not candidates:
        return Due(None, None, ans, None, False)
    on, kind = min(candidates)
    days_left = None
    overdue = False
    if today is not None:
        overdue = today > on
        if with_days_left:
            try:
                days_left = cal.workdays_between(today, on)
            except CalendarError:
                days_left = None
    return Due(kind, on, ans, days_left, overdue)
