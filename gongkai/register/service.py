"""Register operations (登记册业务): bodies, applicants, applications, events, review cases,
proactive-disclosure counts, due lists, carried-forward cases.

Every function takes an open SQLAlchemy ``Session`` and, for changes, ``actor`` (the user name
written to the audit log). Functions check everything first and raise a
:class:`~gongkai.register.errors.RegisterError` (Chinese message) before writing anything; they
flush but never commit — the caller commits (``with reg.transaction() as s: ...``).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ..model import fields as F
from . import audit, clock
from . import deadlines as D
from .calendar import WorkCalendar
from .errors import CalendarError, InvalidEvent, InvalidInput, NotFound
from .events import (EVENT_KINDS, OPINIONS, PARTIES, STATES, CaseState, EventInput, outcome_label, replay,
                     resolve_outcome)
from .holidays import calendar_for
from .models import (APPLICANT_KINDS, BODY_LEVELS, CHANNELS, DELIVERY_METHODS, REVIEW_GROUPS, REVIEW_OUTCOMES,
                     Applicant, Application, Body, Correction, Event, ProactiveCount, ReviewCase)

# 补正期限 shorter than this many working days after the notice draws a warning (Art. 30: a reasonable period)
SUPPLEMENT_MIN_DAYS = int(os.environ.get("GONGKAI_SUPPLEMENT_MIN_DAYS", "10"))
# channels whose legal receipt date is a confirmation (Art. 31): a confirmation on a non-working day is odd
CONFIRMED_CHANNELS = frozenset({"ordinary_mail", "internet", "fax"})

# --------------------------------------------------------------------------- input helpers

_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def parse_date(value, what: str = "日期") -> dt.date:
    """A date from ``2025-01-05``, ``2025/1/5``, ``2025年1月5日``, ``20250105`` or a date object."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value or "").strip()
    m = _DATE_RE.match(s)
    if not m and re.fullmatch(r"\d{8}", s):
        m = re.match(r"(\d{4})(\d{2})(\d{2})", s)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    raise InvalidInput(f"{what}“{s}”不是有效日期（应写作 2025-01-05 或 2025年1月5日）")


_ALIASES = {"维持": "upheld", "纠正": "corrected", "其他": "other", "复议": "review",
            "直接起诉": "suit_direct", "未经复议直接起诉": "suit_direct", "复议后起诉": "suit_after_review"}


def _choice(value: str | None, choices: dict[str, str], what: str) -> str:
    s = (value or "").strip()
    if s in choices:
        return s
    for k, label in choices.items():
        if s == label:
            return k
    if _ALIASES.get(s) in choices:
        return _ALIASES[s]
    known = "、".join(f"{k}（{v}）" for k, v in choices.items())
    raise InvalidInput(f"{what}“{s}”无效；可用：{known}")


def applicant_kind(value: str | None) -> str:
    """Applicant kind id from an id or Chinese label (自然人、商业企业…)."""
    return _choice(value, APPLICANT_KINDS, "申请人类型")


def channel(value: str | None) -> str:
    """Channel id from an id or Chinese label (当面提交、互联网…)."""
    return _choice(value, CHANNELS, "申请渠道")


def _get(session: Session, model, ident: int, what: str):
    obj = session.get(model, ident) if ident is not None else None
    if obj is None:
        raise NotFound(f"没有编号为 {ident} 的{what}")
    return obj


# --------------------------------------------------------------------------- bodies


def add_body(session: Session, name: str, *, level: str = "other", parent_id: int | None = None,
             actor: str) -> Body:
    """机关: add a body (``parent_id`` = the body it is rolled up into)."""
    actor = audit.check_actor(actor)
    name = (name or "").strip()
    if not name:
        raise InvalidInput("机关名称不能为空")
    level = _choice(level, BODY_LEVELS, "机关层级")
    if parent_id is not None:
        _get(session, Body, parent_id, "机关")
    if session.execute(select(Body.id).where(Body.name == name)).first():
        raise InvalidInput(f"机关“{name}”已存在")
    body = Body(name=name, level=level, parent_id=parent_id)
    session.add(body)
    session.flush()
    audit.log(session, actor, "body.add", "body", body.id, {"name": name, "level": level, "parent_id": parent_id})
    return body


def get_body(session: Session, ref: int | str) -> Body:
    """A body by id or by exact name."""
    if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
        body = session.get(Body, int(ref))
        if body is not None:
            return body
    body = session.execute(select(Body).where(Body.name == str(ref).strip())).scalar_one_or_none()
    if body is None:
        raise NotFound(f"没有机关“{ref}”")
    return body


def list_bodies(session: Session) -> list[Body]:
    return list(session.execute(select(Body).order_by(Body.id)).scalars())


def body_and_descendants(session: Session, body_id: int) -> list[int]:
    """The body and every body below it (汇总范围)."""
    rows = session.execute(select(Body.id, Body.parent_id)).all()
    children: dict[int | None, list[int]] = {}
    for bid, parent in rows:
        children.setdefault(parent, []).append(bid)
    out, stack = [], [body_id]
    while stack:
        b = stack.pop()
        if b in out:
            continue
        out.append(b)
        stack.extend(children.get(b, []))
    return out


# --------------------------------------------------------------------------- applicants


def add_applicant(session: Session, kind: str, name: str, *, id_document: str | None = None,
                  contact: str | None = None, actor: str) -> Applicant:
    """申请人: ``kind`` is one of the six Table 3 applicant columns. Personal data stays out of the audit log."""
    actor = audit.check_actor(actor)
    kind = applicant_kind(kind)
    name = (name or "").strip()
    if not name:
        raise InvalidInput("申请人姓名或名称不能为空")
    a = Applicant(kind=kind, name=name, id_document=(id_document or "").strip() or None,
                  contact=(contact or "").strip() or None)
    session.add(a)
    session.flush()
    audit.log(session, actor, "applicant.add", "applicant", a.id, {"kind": kind})
    return a


def find_applicant(session: Session, kind: str, name: str, id_document: str | None = None) -> Applicant | None:
    """An existing applicant with the same kind, name and identity document."""
    q = select(Applicant).where(Applicant.kind == kind, Applicant.name == name.strip())
    doc = (id_document or "").strip() or None
    q = q.where(Applicant.id_document == doc) if doc else q.where(Applicant.id_document.is_(None))
    return session.execute(q.order_by(Applicant.id)).scalars().first()


def update_applicant(session: Session, applicant_id: int, *, kind: str | None = None, name: str | None = None,
                     id_document: str | None = None, contact: str | None = None, actor: str) -> Applicant:
    """Correct an applicant's record; the audit log names the changed fields (not personal values)."""
    actor = audit.check_actor(actor)
    a = _get(session, Applicant, applicant_id, "申请人")
    changed: dict = {}
    if kind is not None:
        k = applicant_kind(kind)
        if k != a.kind:
            changed["kind"] = [a.kind, k]
            a.kind = k
    for attr, val in (("name", name), ("id_document", id_document), ("contact", contact)):
        if val is not None and val.strip() != (getattr(a, attr) or ""):
            if attr == "name" and not val.strip():
                raise InvalidInput("申请人姓名或名称不能为空")
            setattr(a, attr, val.strip() or None)
            changed[attr] = "changed"
    session.flush()
    if changed:
        audit.log(session, actor, "applicant.update", "applicant", a.id, changed)
    return a


# --------------------------------------------------------------------------- applications


def _store_state(app: Application, state, today: dt.date | None, cal: WorkCalendar) -> None:
    """Keep the derived columns: Table 3 counts the first closing (a re-answer does not recount)."""
    if app.voided_on is not None:
        app.state, app.next_due, app.next_due_kind, app.due_note, app.due_estimated = "voided", None, None, None, False
        app.outcome, app.closed_on = state.first_outcome, state.first_closed_on
        return
    due = D.next_due(state, today, cal, with_days_left=False)
    app.state = state.state
    app.outcome = state.first_outcome if state.first_closed_on else state.outcome
    app.closed_on = state.first_closed_on or state.closed_on
    app.answer_due = due.answer_due
    app.next_due = due.on
    app.next_due_kind = due.kind
    app.due_note = due.note
    app.due_estimated = due.estimated


def _calendar(session: Session, calendar: WorkCalendar | None) -> WorkCalendar:
    return calendar or calendar_for(session)


def _not_future(day: dt.date, what: str, today: dt.date | None = None) -> dt.date:
    """No date of the procedure lies after today (China Standard Time)."""
    today = today or clock.today()
    if day > today:
        raise InvalidInput(f"{what}{day.isoformat()}晚于今天（{today.isoformat()}，北京时间），不能登记尚未发生的事项")
    return day


def add_application(session: Session, *, body_id: int, applicant_id: int, received_on: dt.date,
                    channel: str, request: str = "", requested_form: str | None = None,
                    ref_no: str | None = None, arrived_on: dt.date | None = None, actor: str,
                    calendar: WorkCalendar | None = None) -> Application:
    """政府信息公开申请: register a received application.

    ``received_on`` is the legal date of receipt (收到申请之日, Art. 31): in person the day submitted,
    registered post the day signed for, ordinary mail / internet / fax the day of confirmation with the
    applicant; ``arrived_on`` the day it arrived when that differs. Neither may lie after today
    (China Standard Time). The applicant's kind is recorded as it is on the day of receipt (Table 3
    counts that kind). ``app.warnings`` lists Chinese warnings (a confirmation on a non-working day).
    """
    actor = audit.check_actor(actor)
    cal = _calendar(session, calendar)
    _get(session, Body, body_id, "机关")
    applicant = _get(session, Applicant, applicant_id, "申请人")
    received_on = _not_future(parse_date(received_on, "收到申请日期"), "收到申请日期")
    ch = _choice(channel, CHANNELS, "申请渠道")
    warnings = []
    if arrived_on is not None:
        arrived_on = _not_future(parse_date(arrived_on, "申请到达日期"), "申请到达日期")
        if arrived_on > received_on:
            raise InvalidInput(f"申请到达日期{arrived_on.isoformat()}晚于收到申请日期{received_on.isoformat()}")
    if ch in CONFIRMED_CHANNELS and not cal.is_workday(received_on):
        warnings.append(f"收到申请日期{received_on.isoformat()}不是工作日：平常信函、互联网、传真以确认之日为收到申请之日"
                        "（第三十一条），请核对确认日期")
    ref_no = (ref_no or "").strip() or None
    if ref_no and session.execute(select(Application.id).where(
            Application.body_id == body_id, Application.ref_no == ref_no)).first():
        raise InvalidInput(f"本机关已有编号为“{ref_no}”的申请")
    app = Application(body_id=body_id, applicant_id=applicant_id, ref_no=ref_no, received_on=received_on,
                      channel=ch, request=(request or "").strip(), requested_form=requested_form or None,
                      applicant_kind=applicant.kind, arrived_on=arrived_on)
    _store_state(app, CaseState.new(received_on), None, cal)
    session.add(app)
    session.flush()
    audit.log(session, actor, "application.add", "application", app.id,
              {"body_id": body_id, "applicant_id": applicant_id, "received_on": received_on, "channel": ch,
               "ref_no": ref_no, "applicant_kind": applicant.kind, "arrived_on": arrived_on})
    app.warnings = warnings
    return app


def get_application(session: Session, application_id: int | str, body_id: int | None = None) -> Application:
    """An application by id, or by its reference number (受理编号) within ``body_id``."""
    if isinstance(application_id, int) or str(application_id).isdigit():
        app = session.get(Application, int(application_id))
        if app is not None and (body_id is None or app.body_id == body_id):
            return app
    q = select(Application).where(Application.ref_no == str(application_id))
    if body_id is not None:
        q = q.where(Application.body_id == body_id)
    found = list(session.execute(q).scalars())
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise InvalidInput(f"受理编号“{application_id}”在多个机关都有，请注明机关")
    raise NotFound(f"没有编号为 {application_id} 的申请")


def list_applications(session: Session, *, body_id: int | None = None, year: int | None = None,
                      state: str | None = None, open_only: bool = False, limit: int | None = None,
                      offset: int = 0, include_voided: bool = False) -> list[Application]:
    """Applications, newest receipt first; filters: body, year of receipt, state key, still open
    (voided ones only with ``include_voided`` or ``state="voided"``)."""
    q = select(Application).order_by(Application.received_on.desc(), Application.id.desc())
    if not include_voided and state != "voided":
        q = q.where(Application.voided_on.is_(None))
    if body_id is not None:
        q = q.where(Application.body_id == body_id)
    if year is not None:
        q = q.where(Application.received_on >= dt.date(year, 1, 1), Application.received_on <= dt.date(year, 12, 31))
    if state is not None:
        if state not in STATES:
            raise InvalidInput(f"状态“{state}”无效；可用：" + "、".join(f"{k}（{v}）" for k, v in STATES.items()))
        q = q.where(Application.state == state)
    if open_only:
        q = q.where(or_(Application.closed_on.is_(None), Application.state == "reanswering"))
    if offset:
        q = q.offset(offset)
    if limit is not None:
        q = q.limit(limit)
    return list(session.execute(q).scalars())


EVENT_FIELDS = ("kind", "on", "outcome", "party", "ref_event_id", "until", "amount", "note", "delivery_method",
                "delivered_on", "tracking_no", "fee_basis", "fee_quantity", "opinion", "item_no", "review_case_id")
DATE_FIELDS = frozenset({"on", "until", "delivered_on"})


def _as_input(ev: Event) -> EventInput:
    return EventInput(id=ev.id, **{f: getattr(ev, f) for f in EVENT_FIELDS})


def stored_events(session: Session, application_id: int) -> list[Event]:
    """The events as recorded (originals, including superseded and voided ones), in order."""
    return list(session.execute(select(Event).where(Event.application_id == application_id)
                                .order_by(Event.id)).scalars())


def corrections_of(session: Session, application_id: int) -> list[Correction]:
    """更正/作废 of an application, oldest first."""
    return list(session.execute(select(Correction).where(Correction.application_id == application_id)
                                .order_by(Correction.id)).scalars())


def effective_events(session: Session, application_id: int, extra: list[Correction] | None = None) -> list[EventInput]:
    """The events in force: each stored event with its latest 更正 applied, voided ones left out
    (``extra``: corrections not yet stored, to check them)."""
    evs = [_as_input(e) for e in stored_events(session, application_id)]
    fixes = corrections_of(session, application_id) + list(extra or [])
    if not any(c.event_id is not None for c in fixes):
        return evs
    by_id = {e.id: e for e in evs}
    voided: set[int] = set()
    for c in fixes:
        if c.event_id not in by_id:
            continue
        if c.action == "void_event":
            voided.add(c.event_id)
        elif c.action == "event":
            values = json.loads(c.new)
            for k, v in values.items():
                if k in DATE_FIELDS and v is not None:
                    v = dt.date.fromisoformat(v)
                elif k == "amount" and v is not None:
                    v = Decimal(str(v))
                values[k] = v
            by_id[c.event_id] = dataclasses.replace(by_id[c.event_id], **values)
    return [by_id[e.id] for e in evs if e.id not in voided]


def _events(session: Session, application_id: int) -> list[EventInput]:
    return effective_events(session, application_id)


def _amount(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise InvalidInput(f"金额“{value}”不是数字") from None


def record_event(session: Session, application_id: int, kind: str, on: dt.date, *,
                 outcome: str | None = None, party: str | None = None, ref_event_id: int | None = None,
                 until: dt.date | None = None, amount=None, note: str | None = None,
                 delivery_method: str | None = None, delivered_on: dt.date | None = None,
                 tracking_no: str | None = None, fee_basis: str | None = None, fee_quantity: int | None = None,
                 opinion: str | None = None, item_no: int | None = None, review_case_id: int | None = None,
                 actor: str, calendar: WorkCalendar | None = None) -> Event:
    """Record one event (办理事项) after checking it against the procedure (InvalidEvent otherwise).

    ``delivered_on``/``delivery_method``/``tracking_no`` record the 送达 of a notice (the periods of
    Art. 32 and of fee payment run from the addressee's receipt); a later ``delivered`` event with
    ``ref_event_id`` records it after the fact. A 补正告知 needs its 补正期限 (``until``, Art. 30).
    Fee notices carry ``fee_basis`` (by_count 按件 / by_pages 按量), ``fee_quantity`` and ``amount``,
    checked against 国办函〔2020〕109号. ``reopened`` needs a review case decided 纠正 for this
    application (``review_case_id``). The returned event has ``warnings`` (Chinese) for what is allowed
    but doubtful (a short 补正期限, an answer while a consultation is open, a fee that differs from 109号).
    """
    actor = audit.check_actor(actor)
    cal = _calendar(session, calendar)
    q = select(Application).where(Application.id == application_id)
    if session.get_bind().dialect.name == "postgresql":
        q = q.with_for_update()
    app = session.execute(q).scalar_one_or_none()
    if app is None:
        raise NotFound(f"没有编号为 {application_id} 的申请")
    if app.voided_on is not None:
        raise InvalidEvent(f"申请 {app.id} 已作废，不能再登记办理事项")
    ev = EventInput(kind=(kind or "").strip(), on=parse_date(on, "事项日期"), outcome=(outcome or None),
                    party=party or None, ref_event_id=ref_event_id,
                    until=parse_date(until, "期限") if until else None, amount=_amount(amount),
                    note=note or None,
                    delivery_method=_choice(delivery_method, DELIVERY_METHODS, "送达方式") if delivery_method else None,
                    delivered_on=parse_date(delivered_on, "送达日期") if delivered_on else None,
                    tracking_no=(tracking_no or "").strip() or None,
                    fee_basis=_choice(fee_basis, FEE_BASES, "计费方式") if fee_basis else None,
                    fee_quantity=_int(fee_quantity, "件数或页数"), opinion=_choice(opinion, OPINIONS, "意见")
                    if opinion else None, item_no=_int(item_no, "申请事项序号"), review_case_id=review_case_id)
    if ev.kind == "answered":
        ev.outcome = resolve_outcome(ev.outcome, ev.on)
    if ev.party and ev.party not in PARTIES:
        ev.party = _choice(ev.party, PARTIES, "征求意见对象")
    if ev.kind == "supplement_requested" and ev.until is None:
        raise InvalidEvent("补正告知须注明补正期限（until）：第三十条要求一次性告知补正内容和合理的补正期限")
    if ev.kind == "reopened":
        _check_reopen(session, app, ev)
    evs = _events(session, app.id)
    before = replay(app.received_on, evs)
    state = replay(app.received_on, evs, check_last=ev, calendar=cal)
    warnings = _warnings(session, app, before, ev, cal)
    row = Event(application_id=app.id, kind=ev.kind, on=ev.on, outcome=ev.outcome if ev.kind == "answered" else None,
                party=ev.party, ref_event_id=ev.ref_event_id, until=ev.until, amount=ev.amount, note=ev.note,
                delivery_method=ev.delivery_method, delivered_on=ev.delivered_on, tracking_no=ev.tracking_no,
                fee_basis=ev.fee_basis, fee_quantity=ev.fee_quantity, opinion=ev.opinion, item_no=ev.item_no,
                review_case_id=ev.review_case_id, actor=actor)
    session.add(row)
    _store_state(app, state, None, cal)
    session.flush()
    audit.log(session, actor, f"event.{ev.kind}", "application", app.id,
              {"event_id": row.id, "on": ev.on, "outcome": row.outcome, "party": ev.party, "until": ev.until,
               "amount": ev.amount, "state": app.state, "delivered_on": ev.delivered_on,
               "ref_event_id": ev.ref_event_id, **({"warnings": warnings} if warnings else {})})
    row.warnings = warnings
    return row


FEE_BASES: dict[str, str] = {"by_count": "按件计收", "by_pages": "按量计收"}


def _int(value, what: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        n = int(str(value).strip())
    except ValueError:
        raise InvalidInput(f"{what}“{value}”不是整数") from None
    if n < 0:
        raise InvalidInput(f"{what}不能为负数")
    return n


def _check_reopen(session: Session, app: Application, ev: EventInput) -> None:
    """重新答复 only after a review or litigation case about this application was decided 纠正."""
    if ev.review_case_id is None:
        raise InvalidEvent("重新答复须注明纠正该申请答复的复议或诉讼案件（review_case_id）")
    case = session.get(ReviewCase, ev.review_case_id)
    if case is None or case.application_id != app.id:
        raise InvalidEvent(f"案件 {ev.review_case_id} 不是关于申请 {app.id} 的复议或诉讼案件")
    if case.outcome != "corrected":
        raise InvalidEvent(f"案件 {case.id} 的结果不是“纠正”，不能据此重新答复")
    if ev.on < case.decided_on:
        raise InvalidEvent(f"重新答复日期早于案件审结日期{case.decided_on.isoformat()}")


def _warnings(session: Session, app: Application, state: CaseState, ev: EventInput, cal: WorkCalendar) -> list[str]:
    """What is allowed but should be looked at (Chinese)."""
    from .fees import fee_check

    out = []
    if ev.kind == "supplement_requested" and ev.until is not None:
        n = cal.workdays_between(ev.delivered_on or ev.on, ev.until)
        if n < SUPPLEMENT_MIN_DAYS:
            out.append(f"补正期限只有{n}个工作日，少于{SUPPLEMENT_MIN_DAYS}个工作日；第三十条要求给予合理的补正期限")
    if ev.kind == "answered" and state.open_consultations():
        who = "、".join(sorted({PARTIES[c.party] for c in state.open_consultations()}))
        out.append(f"征求{who}意见尚未收到答复（第三十二条、第三十四条），已在征求意见期间作出答复")
    if ev.kind == "fee_notice_sent":
        out += fee_check(session, app, ev)
    fee = state.open_fee()
    if fee is not None and fee.received_on is None and (ev.kind in ("fee_paid", "fee_expired")
                                                        or ev.outcome == "other.unpaid_fee"):
        due = D.fee_due(fee.sent_on, cal)
        if ev.kind == "fee_paid" and ev.on > due:
            out.append(f"按发出日期计算缴费期限已于{due.isoformat()}届满；缴费期限自申请人收到收费通知次日起算"
                       "（国办函〔2020〕109号），请登记收费通知的送达日期以便核对")
        elif ev.kind != "fee_paid":
            out.append("收费通知的送达日期未登记，按发出日期计算缴费期限（国办函〔2020〕109号自收到通知次日起算），"
                       "请登记送达日期")
    return out


def refresh_deadlines(session: Session, *, body_id: int | None = None, calendar: WorkCalendar | None = None) -> int:
    """Recompute the stored state and due dates of open applications (after adding a calendar year)."""
    cal = _calendar(session, calendar)
    q = select(Application).where(Application.next_due.is_not(None) | Application.due_note.is_not(None)
                                  | Application.closed_on.is_(None), Application.voided_on.is_(None))
    if body_id is not None:
        q = q.where(Application.body_id == body_id)
    n = 0
    for app in session.execute(q).scalars():
        _store_state(app, replay(app.received_on, _events(session, app.id)), None, cal)
        n += 1
    session.flush()
    return n


@dataclass
class TimelineItem:
    on: dt.date
    kind: str
    label: str
    detail: str
    actor: str


@dataclass
class CaseStatus:
    """An application's state on ``today`` (办理状态): state, next due date, working days left, timeline."""

    application: Application
    state: str
    state_label: str
    due: D.Due
    supplement_notice_due: dt.date | None
    outcome: str | None
    outcome_label: str | None
    closed_on: dt.date | None
    timeline: list[TimelineItem] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return self.due.overdue


def _describe(ev) -> str:
    parts = []
    if ev.outcome:
        parts.append(f"办理结果：{outcome_label(ev.outcome)}（{ev.outcome}）")
    if ev.party:
        parts.append(f"对象：{PARTIES.get(ev.party, ev.party)}")
    if ev.until:
        what = {"deadline_set": "答复期限", "extension_approved": "延期后答复期限",
                "reopened": "重新答复期限"}.get(ev.kind, "补正期限")
        parts.append(f"{what}：{ev.until.isoformat()}")
    if ev.fee_basis:
        parts.append(f"{FEE_BASES.get(ev.fee_basis, ev.fee_basis)}：{ev.fee_quantity or 0}"
                     + ("件" if ev.fee_basis == "by_count" else "页"))
    if ev.amount is not None:
        parts.append(f"金额：{ev.amount}元")
    if ev.opinion:
        parts.append(f"意见：{OPINIONS.get(ev.opinion, ev.opinion)}")
    if ev.delivered_on or ev.delivery_method:
        parts.append("送达：" + " ".join(x for x in (DELIVERY_METHODS.get(ev.delivery_method or "", ""),
                                                   ev.delivered_on.isoformat() if ev.delivered_on else "",
                                                   ev.tracking_no or "") if x))
    if ev.kind == "delivered" and ev.ref_event_id:
        parts.append(f"所送达事项：{ev.ref_event_id}")
    if ev.note:
        parts.append(ev.note)
    return "；".join(parts)


def case_status(session: Session, application_id: int, today: dt.date | None = None,
                calendar: WorkCalendar | None = None) -> CaseStatus:
    """The state, next due date, days left and timeline of one application (superseded and voided
    events stay in the timeline, marked)."""
    cal = _calendar(session, calendar)
    today = today or clock.today()
    app = _get(session, Application, application_id, "申请")
    evs = _events(session, app.id)
    state = replay(app.received_on, evs)
    due = D.next_due(state, today, cal) if app.voided_on is None else D.Due(None, None, None, None, False)
    try:
        notice_due = D.supplement_notice_due(app.received_on, cal)
    except CalendarError:
        notice_due = None
    timeline = [TimelineItem(app.received_on, "received", "收到申请",
                             f"渠道：{CHANNELS.get(app.channel, app.channel)}", "")]
    in_force = {e.id: e for e in evs}
    for e in stored_events(session, app.id):
        cur = in_force.get(e.id)
        if cur is None:
            timeline.append(TimelineItem(e.on, e.kind, EVENT_KINDS.get(e.kind, e.kind) + "（已作废）", _describe(e),
                                         e.actor))
        elif any(getattr(cur, f) != getattr(e, f) for f in EVENT_FIELDS):
            timeline.append(TimelineItem(e.on, e.kind, EVENT_KINDS.get(e.kind, e.kind) + "（原登记，已更正）",
                                         _describe(e), e.actor))
            timeline.append(TimelineItem(cur.on, cur.kind, EVENT_KINDS.get(cur.kind, cur.kind) + "（更正后）",
                                         _describe(cur), e.actor))
        else:
            timeline.append(TimelineItem(e.on, e.kind, EVENT_KINDS.get(e.kind, e.kind), _describe(e), e.actor))
    st = "voided" if app.voided_on is not None else state.state
    return CaseStatus(app, st, STATES[st], due, notice_due, state.outcome,
                      outcome_label(state.outcome) if state.outcome else None, state.closed_on, timeline)


@dataclass
class DueItem:
    """One line of the due list (期限提醒)."""

    application_id: int
    ref_no: str | None
    body_id: int
    body_name: str
    received_on: dt.date
    state: str
    state_label: str
    due_kind: str | None
    due_label: str
    due_on: dt.date | None
    days_left: int | None
    overdue: bool
    answer_due: dt.date | None
    request: str
    note: str | None = None
    estimated: bool = False  # 估算: the due date runs through a year without a known holiday arrangement

    @property
    def due_text(self) -> str:
        """The due date for display, marked （估算） when estimated."""
        if self.due_on is None:
            return "—"
        return self.due_on.isoformat() + ("（估算）" if self.estimated else "")


def due_list(session: Session, *, within: int = 5, body_id: int | None = None, today: dt.date | None = None,
             include_children: bool = False, calendar: WorkCalendar | None = None) -> list[DueItem]:
    """Open applications whose next due date is within ``within`` working days of ``today`` or overdue,
    most urgent first (voided ones never; dates through a year without a known holiday arrangement are
    estimated and marked, never dropped)."""
    cal = _calendar(session, calendar)
    today = today or clock.today()
    if within < 0:
        raise InvalidInput("提醒天数不能为负数")
    bound = cal.add_workdays(today, within)
    q = (select(Application, Body.name).join(Body, Body.id == Application.body_id)
         .where(Application.voided_on.is_(None),
                or_(Application.next_due <= bound,
                    and_(Application.next_due.is_(None), Application.due_note.is_not(None))))
         .order_by(Application.next_due, Application.id))
    if body_id is not None:
        ids = body_and_descendants(session, body_id) if include_children else [body_id]
        q = q.where(Application.body_id.in_(ids)) if len(ids) > 1 else q.where(Application.body_id == body_id)
    out = []
    for app, body_name in session.execute(q).all():
        days_left = None
        est = bool(app.due_estimated)
        if app.next_due is not None:
            days_left = cal.workdays_between(today, app.next_due)
            est = est or cal.estimated(today, app.next_due)
        out.append(DueItem(app.id, app.ref_no, app.body_id, body_name, app.received_on, app.state,
                           STATES.get(app.state, app.state), app.next_due_kind,
                           D.DUE_KINDS.get(app.next_due_kind or "", "") + ("（估算）" if est else ""),
                           app.next_due, days_left, app.next_due is not None and today > app.next_due,
                           app.answer_due, app.request[:60], app.due_note, est))
    return out


def carried_forward(session: Session, body_id: int, year: int) -> list[Application]:
    """结转下年度: applications received by 31 December of ``year`` and not closed by then.

    Next year's 二、上年结转 counts exactly these (both derived from the dates)."""
    end = dt.date(year, 12, 31)
    q = select(Application).where(Application.body_id == body_id, Application.received_on <= end,
                                  Application.voided_on.is_(None),
                                  or_(Application.closed_on.is_(None), Application.closed_on > end)) \
        .order_by(Application.received_on, Application.id)
    return list(session.execute(q).scalars())


# --------------------------------------------------------------------------- review and litigation


def add_review_case(session: Session, *, body_id: int, group: str, filed_on: dt.date,
                    application_id: int | None = None, case_no: str | None = None, note: str | None = None,
                    actor: str) -> ReviewCase:
    """行政复议/行政诉讼案件 (Table 4): ``group`` is review / suit_direct / suit_after_review."""
    actor = audit.check_actor(actor)
    _get(session, Body, body_id, "机关")
    grp = _choice(group, REVIEW_GROUPS, "案件类别")
    filed_on = _not_future(parse_date(filed_on, "立案（申请）日期"), "立案（申请）日期")
    if application_id is not None:
        app = _get(session, Application, application_id, "申请")
        if app.body_id != body_id:
            raise InvalidInput(f"申请 {application_id} 不属于该机关")
        if filed_on < app.received_on:
            raise InvalidInput("复议/诉讼日期早于收到申请之日")
    case = ReviewCase(body_id=body_id, application_id=application_id, grp=grp, filed_on=filed_on,
                      case_no=(case_no or None), note=note or None)
    session.add(case)
    session.flush()
    audit.log(session, actor, "review.add", "review_case", case.id,
              {"group": grp, "filed_on": filed_on, "application_id": application_id, "case_no": case_no})
    return case


def decide_review_case(session: Session, case_id: int, outcome: str, decided_on: dt.date, *,
                       actor: str) -> ReviewCase:
    """Record the result of a case (维持 upheld / 纠正 corrected / 其他 other)."""
    actor = audit.check_actor(actor)
    case = _get(session, ReviewCase, case_id, "复议诉讼案件")
    outcome = _choice(outcome, REVIEW_OUTCOMES, "案件结果")
    decided_on = _not_future(parse_date(decided_on, "审结日期"), "审结日期")
    if case.outcome is not None:
        raise InvalidInput(f"案件 {case_id} 已于{case.decided_on.isoformat()}审结，不能再登记结果")
    if decided_on < case.filed_on:
        raise InvalidInput("审结日期早于立案日期")
    case.outcome = outcome
    case.decided_on = decided_on
    session.flush()
    audit.log(session, actor, "review.decide", "review_case", case.id, {"outcome": outcome, "decided_on": decided_on})
    return case


# --------------------------------------------------------------------------- proactive disclosure (Table 2)


def proactive_fields(year: int) -> tuple[str, ...]:
    """The Table 2 field ids of a year's format."""
    fmt = F.default_format(year)
    return tuple(f for f in F.table_fields(fmt or "") if f.startswith("t2."))


def set_proactive_count(session: Session, body_id: int, year: int, field_id: str, value, *,
                        actor: str) -> ProactiveCount:
    """主动公开情况: set one Table 2 cell of a body's year (amounts in 万元; 本年增/减 may be negative)."""
    actor = audit.check_actor(actor)
    _get(session, Body, body_id, "机关")
    fields_ = proactive_fields(year)
    if not fields_:
        raise InvalidInput(f"{year}年度没有统一的表二格式（2019年起适用）")
    if field_id not in fields_:
        raise InvalidInput(f"“{field_id}”不是{year}年度（{F.default_format(year)}年格式）表二的栏目")
    try:
        v = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, AttributeError):
        raise InvalidInput(f"{F.field_label(field_id)}：“{value}”不是数字") from None
    if not v.is_finite():
        raise InvalidInput(f"{F.field_label(field_id)}：“{value}”不是数字")
    if field_id not in F.SIGNED_FIELDS and v < 0:
        raise InvalidInput(f"{F.field_label(field_id)}：不能为负数")
    if field_id not in F.AMOUNT_FIELDS and v != v.to_integral_value():
        raise InvalidInput(f"{F.field_label(field_id)}：应为整数")
    row = session.execute(select(ProactiveCount).where(
        ProactiveCount.body_id == body_id, ProactiveCount.year == year,
        ProactiveCount.field_id == field_id)).scalar_one_or_none()
    old = row.value if row else None
    if row is None:
        row = ProactiveCount(body_id=body_id, year=year, field_id=field_id, value=v)
        session.add(row)
    else:
        row.value = v
    session.flush()
    audit.log(session, actor, "proactive.set", "body", body_id,
              {"year": year, "field": field_id, "old": old, "new": v})
    return row


def proactive_counts(session: Session, body_ids: list[int] | int, year: int) -> dict[str, Decimal]:
    """The entered Table 2 cells of a year (summed over several bodies for a roll-up)."""
    ids = [body_ids] if isinstance(body_ids, int) else list(body_ids)
    out: dict[str, Decimal] = {}
    q = select(ProactiveCount.field_id, ProactiveCount.value).where(
        ProactiveCount.body_id.in_(ids), ProactiveCount.year == year)
    for fid, v in session.execute(q):
        out[fid] = out.get(fid, Decimal(0)) + Decimal(v)
    return out
