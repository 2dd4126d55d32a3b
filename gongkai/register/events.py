"""Event kinds (办理事项) of an application and the guarded transitions between its states.

:func:`replay` applies an application's events in order to a :class:`CaseState`; with
``check=True`` each event is first checked against the procedure (procedure.md) and refused with
a Chinese :class:`~gongkai.register.errors.InvalidEvent` when it is not allowed. The functions are
pure: the service layer replays the stored events, checks the new one, and only then writes.

Closing events and the Table 3 row they are counted in (by the year of the closing date):

- ``answered`` 答复 — the ``outcome`` given (a Table 3 row id of that year's format)
- ``supplement_missed`` 逾期未补正 — ``other.no_correction`` (2021 format) / ``other`` (2019 format)
- ``fee_expired`` 逾期未缴费 — ``other.unpaid_fee`` / ``other``
- ``withdrawn`` 申请人撤回 — ``other.other`` / ``other``
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable

from ..model import fields as F
from ..model import formats
from . import deadlines as D
from .calendar import WorkCalendar, default_calendar
from .errors import InvalidEvent

EVENT_KINDS: dict[str, str] = {
    "supplement_requested": "补正告知",
    "supplement_received": "收到补正",
    "supplement_missed": "逾期未补正",
    "consultation_sent": "征求意见",
    "consultation_answered": "收到意见",
    "extension_approved": "延长答复期限",
    "deadline_set": "另行确定答复期限",
    "fee_notice_sent": "发出收费通知",
    "fee_paid": "缴纳费用",
    "fee_expired": "逾期未缴费",
    "answered": "答复",
    "withdrawn": "申请人撤回",
}
CLOSING_KINDS = frozenset({"answered", "supplement_missed", "fee_expired", "withdrawn"})

PARTIES: dict[str, str] = {"third_party": "第三方", "co_issuer": "其他机关"}

STATES: dict[str, str] = {
    "processing": "办理中",
    "awaiting_supplement": "等待补正",
    "consulting": "征求意见中",
    "awaiting_fee": "等待缴费",
    "answered": "已答复",
    "withdrawn": "已撤回",
    "lapsed_supplement": "逾期未补正，不再处理",
    "lapsed_fee": "逾期未缴费，不再处理",
}
CLOSED_STATES = frozenset({"answered", "withdrawn", "lapsed_supplement", "lapsed_fee"})

_CLOSE_STATE = {"answered": "answered", "withdrawn": "withdrawn", "supplement_missed": "lapsed_supplement",
                "fee_expired": "lapsed_fee"}
_IMPLIED = {"supplement_missed": "other.no_correction", "fee_expired": "other.unpaid_fee", "withdrawn": "other.other"}


def format_for(day: dt.date) -> str:
    """The Table 3 format of the year a case is closed in (2019 format for 2019–2020 and earlier)."""
    return formats.table_format_for(day.year).id


def outcome_rows_for(day: dt.date) -> tuple[str, ...]:
    """The outcome rows (办理结果) an application closed on ``day`` may be counted in."""
    return F.outcome_rows(format_for(day))


def implied_outcome(kind: str, day: dt.date) -> str | None:
    """The Table 3 row of a closing event other than ``answered`` (by the closing year's format)."""
    row = _IMPLIED.get(kind)
    if row is None:
        return None
    return row if row in F.outcome_rows(format_for(day)) else "other"


_NUMBERING = re.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|\d+[.．、])\s*")


def resolve_outcome(text: str | None, day: dt.date) -> str | None:
    """An outcome row id from a row id or its Chinese label (``予以公开``, ``（四）1.本机关不掌握相关政府信息``,
    ``保护第三方合法权益``) in the format of ``day``'s year; unknown text is returned unchanged (and refused later)."""
    if not text:
        return text
    s = text.strip()
    rows = outcome_rows_for(day)
    if s in rows:
        return s
    fmt = format_for(day)
    key = _NUMBERING.sub("", _NUMBERING.sub("", s.replace(" ", ""))).split("（区分处理的", 1)[0]
    for row in F.T3_ROWS[fmt]:
        if row.id in rows:
            label = _NUMBERING.sub("", row.label).split("（区分处理的", 1)[0]
            if key == label:
                return row.id
    return s


def outcome_label(row: str) -> str:
    label = F.field_label(f"t3.{row}.total")
    return label.rsplit("·", 1)[0] if "·" in label else row


@dataclass
class EventInput:
    """An event to record (the same attribute names as the stored :class:`~gongkai.register.models.Event`)."""

    kind: str
    on: dt.date
    outcome: str | None = None
    party: str | None = None
    ref_event_id: int | None = None
    until: dt.date | None = None
    amount: Decimal | None = None
    note: str | None = None
    id: int | None = None


@dataclass
class Consultation:
    sent_on: dt.date
    party: str
    event_id: int | None = None
    answered_on: dt.date | None = None


@dataclass
class FeeNotice:
    sent_on: dt.date
    amount: Decimal | None = None
    event_id: int | None = None
    paid_on: dt.date | None = None


@dataclass
class CaseState:
    """The replayed state of one application (办理状态)."""

    received_on: dt.date
    clock_start: dt.date
    last_on: dt.date
    supplement_requested_on: dt.date | None = None
    supplement_until: dt.date | None = None
    supplement_received_on: dt.date | None = None
    consultations: list[Consultation] = field(default_factory=list)
    fees: list[FeeNotice] = field(default_factory=list)
    extended_on: dt.date | None = None
    fixed_due: dt.date | None = None  # Art. 35: a later answer date set by the office
    closed_kind: str | None = None
    closed_on: dt.date | None = None
    outcome: str | None = None

    @classmethod
    def new(cls, received_on: dt.date) -> CaseState:
        return cls(received_on, received_on, received_on)

    @property
    def closed(self) -> bool:
        return self.closed_kind is not None

    @property
    def awaiting_supplement(self) -> bool:
        return self.supplement_requested_on is not None and self.supplement_received_on is None \
            and not self.closed

    def open_consultations(self, party: str | None = None) -> list[Consultation]:
        return [c for c in self.consultations if c.answered_on is None and (party is None or c.party == party)]

    def open_fee(self) -> FeeNotice | None:
        return next((f for f in self.fees if f.paid_on is None), None)

    @property
    def state(self) -> str:
        """State key of :data:`STATES`."""
        if self.closed_kind:
            return _CLOSE_STATE[self.closed_kind]
        if self.awaiting_supplement:
            return "awaiting_supplement"
        if self.open_fee():
            return "awaiting_fee"
        if self.open_consultations():
            return "consulting"
        return "processing"

    @property
    def state_label(self) -> str:
        return STATES[self.state]


def _d(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def check(state: CaseState, ev: Any, calendar: WorkCalendar | None = None) -> None:
    """Refuse ``ev`` (InvalidEvent, Chinese message) when the procedure does not allow it now."""
    cal = calendar or default_calendar()
    kind, on = ev.kind, ev.on
    name = EVENT_KINDS.get(kind)
    if name is None:
        known = "、".join(f"{k}（{v}）" for k, v in EVENT_KINDS.items())
        raise InvalidEvent(f"未知的办理事项“{kind}”；可用：{known}")
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise InvalidEvent(f"{name}：日期无效")
    if state.closed:
        raise InvalidEvent(f"该申请已于{_d(state.closed_on)}结案（{STATES[state.state]}），不能再登记“{name}”")
    if on < state.received_on:
        raise InvalidEvent(f"“{name}”的日期{_d(on)}早于收到申请之日{_d(state.received_on)}")
    if on < state.last_on:
        raise InvalidEvent(f"“{name}”的日期{_d(on)}早于已登记的上一事项（{_d(state.last_on)}），请按时间顺序登记")
    cal.require(on)
    if kind in ("supplement_requested", "extension_approved", "deadline_set", "fee_notice_sent",
                "consultation_sent"):
        if state.awaiting_supplement:
            raise InvalidEvent(f"申请正在等待补正，不能登记“{name}”；请先登记收到补正或逾期未补正")

    if kind == "supplement_requested":
        if state.supplement_requested_on is not None:
            raise InvalidEvent("补正告知只能一次性作出（第三十条），该申请已于"
                               f"{_d(state.supplement_requested_on)}告知补正")
        if state.consultations or state.fees or state.extended_on or state.fixed_due:
            raise InvalidEvent("已开始办理（征求意见、收费或延期）后不能再要求补正")
        if ev.until is not None and ev.until <= on:
            raise InvalidEvent(f"补正期限{_d(ev.until)}应晚于告知日期{_d(on)}")
    elif kind in ("supplement_received", "supplement_missed"):
        if not state.awaiting_supplement:
            raise InvalidEvent(f"该申请没有待补正的告知，不能登记“{name}”")
        if kind == "supplement_missed" and state.supplement_until and on <= state.supplement_until:
            raise InvalidEvent(f"补正期限到{_d(state.supplement_until)}为止，{_d(on)}尚未逾期")
    elif kind == "consultation_sent":
        if ev.party not in PARTIES:
            raise InvalidEvent("征求意见须注明对象：third_party（第三方）或 co_issuer（其他机关）")
    elif kind == "consultation_answered":
        open_ = state.open_consultations(ev.party)
        if ev.ref_event_id is not None:
            open_ = [c for c in open_ if c.event_id == ev.ref_event_id]
        if not open_:
            who = PARTIES.get(ev.party or "", "")
            raise InvalidEvent(f"没有待答复的{who}征求意见，不能登记“收到意见”")
    elif kind == "extension_approved":
        if state.extended_on is not None:
            raise InvalidEvent(f"答复期限只能延长一次（第三十三条），该申请已于{_d(state.extended_on)}延期")
        if state.fixed_due is not None:
            raise InvalidEvent(f"已另行确定答复期限（{_d(state.fixed_due)}），不能再延期")
        due = D.answer_due(state, cal)
        if due is not None and on > due:
            raise InvalidEvent(f"答复期限已于{_d(due)}届满，不能再延期")
    elif kind == "deadline_set":
        if state.fixed_due is not None:
            raise InvalidEvent(f"该申请已另行确定答复期限（{_d(state.fixed_due)}），不能再次确定")
        if ev.until is None or ev.until <= on:
            raise InvalidEvent("另行确定答复期限（第三十五条）须注明晚于今天的答复期限（until）")
        due = D.answer_due(state, cal)
        if due is not None and on > due:
            raise InvalidEvent(f"答复期限已于{_d(due)}届满，不能再另行确定期限")
        if due is not None and ev.until <= due:
            raise InvalidEvent(f"另行确定的期限{_d(ev.until)}应晚于法定答复期限{_d(due)}")
    elif kind == "fee_notice_sent":
        if state.open_fee():
            raise InvalidEvent("已有尚未缴费的收费通知，不能再发收费通知")
        if ev.amount is not None and ev.amount < 0:
            raise InvalidEvent("收费金额不能为负数")
        due = D.answer_due(state, cal)
        if due is not None and on > due:
            raise InvalidEvent(f"收费通知应在答复期限内发出，答复期限已于{_d(due)}届满")
    elif kind in ("fee_paid", "fee_expired"):
        f = state.open_fee()
        if f is None:
            raise InvalidEvent(f"没有待缴费的收费通知，不能登记“{name}”")
        due = D.fee_due(f.sent_on, cal)
        if kind == "fee_paid" and on > due:
            raise InvalidEvent(f"缴费期限已于{_d(due)}届满（发出通知次日起20个工作日），应登记“逾期未缴费”")
        if kind == "fee_expired" and on <= due:
            raise InvalidEvent(f"缴费期限到{_d(due)}为止，{_d(on)}尚未逾期")
    elif kind == "answered":
        _check_outcome(state, ev.outcome, on, cal)


def _check_outcome(state: CaseState, outcome: str | None, on: dt.date, cal: WorkCalendar) -> None:
    fmt = format_for(on)
    rows = F.outcome_rows(fmt)
    if not outcome:
        raise InvalidEvent("答复须注明办理结果（表三的行，如 granted、partial、unable.not_held）")
    if outcome not in rows:
        hint = ""
        if outcome == "other":
            hint = "；2021年起（六）其他处理分为 other.no_correction、other.unpaid_fee、other.other"
        elif outcome.startswith("other."):
            hint = "；2019年格式（2019—2020年度）只有一行（六）其他处理：other"
        raise InvalidEvent(f"办理结果“{outcome}”不是{on.year}年度报告（{fmt}年格式）表三的办理结果行{hint}")
    if outcome == "other.no_correction":
        if not state.awaiting_supplement:
            raise InvalidEvent("“逾期不补正”只能用于正在等待补正的申请")
        if state.supplement_until and on <= state.supplement_until:
            raise InvalidEvent(f"补正期限到{_d(state.supplement_until)}为止，{_d(on)}尚未逾期")
        return
    if state.awaiting_supplement:
        raise InvalidEvent("申请正在等待补正，不能作出答复；请先登记收到补正或逾期未补正")
    if outcome == "other.unpaid_fee":
        f = state.open_fee()
        if f is None:
            raise InvalidEvent("“逾期未缴费”只能用于已发收费通知且尚未缴费的申请")
        due = D.fee_due(f.sent_on, cal)
        if on <= due:
            raise InvalidEvent(f"缴费期限到{_d(due)}为止，{_d(on)}尚未逾期")
        return
    if state.open_fee():
        raise InvalidEvent("收费通知尚未缴费：缴费后再答复，或逾期后登记“逾期未缴费”")
    if outcome == "unable.unclear" and state.supplement_received_on is None:
        raise InvalidEvent("“补正后申请内容仍不明确”只能用于已经补正的申请")


def apply(state: CaseState, ev: Any) -> None:
    """Apply one (already checked) event to ``state``."""
    kind, on = ev.kind, ev.on
    state.last_on = max(state.last_on, on)
    if kind == "supplement_requested":
        state.supplement_requested_on = on
        state.supplement_until = ev.until
    elif kind == "supplement_received":
        state.supplement_received_on = on
        state.clock_start = on  # the 20 days run from receipt of the supplement
    elif kind == "consultation_sent":
        state.consultations.append(Consultation(on, ev.party or "third_party", getattr(ev, "id", None)))
    elif kind == "consultation_answered":
        open_ = state.open_consultations(ev.party)
        if ev.ref_event_id is not None:
            open_ = [c for c in open_ if c.event_id == ev.ref_event_id] or open_
        if open_:
            open_[0].answered_on = on
    elif kind == "extension_approved":
        state.extended_on = on
    elif kind == "deadline_set":
        state.fixed_due = ev.until
    elif kind == "fee_notice_sent":
        state.fees.append(FeeNotice(on, ev.amount, getattr(ev, "id", None)))
    elif kind == "fee_paid":
        f = state.open_fee()
        if f:
            f.paid_on = on
    if kind in CLOSING_KINDS:
        state.closed_kind = kind
        state.closed_on = on
        state.outcome = ev.outcome if kind == "answered" else implied_outcome(kind, on)
        if kind == "answered" and ev.outcome == "other.no_correction":
            state.closed_kind = "supplement_missed"
        elif kind == "answered" and ev.outcome == "other.unpaid_fee":
            state.closed_kind = "fee_expired"


def replay(received_on: dt.date, events: Iterable[Any], *, check_last: Any = None,
           calendar: WorkCalendar | None = None) -> CaseState:
    """The state after ``events`` (stored, trusted, in order); ``check_last`` is a new event that is
    checked (InvalidEvent) and applied on top."""
    state = CaseState.new(received_on)
    for ev in events:
        apply(state, ev)
    if check_last is not None:
        check(state, check_last, calendar)
        apply(state, check_last)
    return state
