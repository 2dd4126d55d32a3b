"""Corrections (更正) and voids (作废) of the legal record, and published years (已公布年度).

Nothing is overwritten without a trace: events stay as recorded (the event table is append-only);
a correction of an event is a :class:`~gongkai.register.models.Correction` row that supersedes its
values, a void of an event leaves it out, and a correction of an application's field keeps the old
value in the correction row. Each carries a reason (更正理由) and the approver (``actor``) who made it;
``requested_by`` names the officer who asked for it when that is someone else. After each change the
application is replayed against the procedure (a correction that would make its history unlawful is
refused) and its derived state, due dates and the year tables follow.

A correction that changes a year whose report is marked published (:func:`mark_published`) is made,
but flagged: the correction row names the years, and :func:`published_differences` lists the figures
that now differ from the published ones.

Service functions (stable): ``correct_application``, ``correct_event``, ``void_event``,
``void_application``, ``corrections_of``, ``mark_published``, ``published_years``,
``published_differences``, ``affected_years``.
"""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import audit, clock
from .errors import InvalidEvent, InvalidInput, NotFound, RegisterError
from .events import EVENT_KINDS, OPINIONS, PARTIES, replay, resolve_outcome
from .models import (APPLICANT_KINDS, CHANNELS, CORRECTION_ACTIONS, DELIVERY_METHODS, Application, Correction, Event,
                     PublishedYear)
from .service import (DATE_FIELDS, FEE_BASES, _calendar, _choice, _int, _store_state, corrections_of,
                      effective_events, parse_date)

# fields of an application that can be corrected (更正登记事项)
APPLICATION_FIELDS: dict[str, str] = {
    "received_on": "收到申请日期",
    "arrived_on": "申请到达日期",
    "channel": "申请渠道",
    "applicant_kind": "申请人类型（收到申请时）",
    "ref_no": "受理编号",
    "request": "申请内容",
    "requested_form": "获取信息的方式",
}
# attributes of an event that can be corrected (更正办理事项)
EVENT_LABELS: dict[str, str] = {
    "on": "日期", "outcome": "办理结果", "party": "征求意见对象", "until": "期限", "amount": "金额", "note": "备注",
    "delivery_method": "送达方式", "delivered_on": "送达日期", "tracking_no": "邮件单号", "fee_basis": "计费方式",
    "fee_quantity": "件数或页数", "opinion": "意见", "ref_event_id": "所涉事项",
}

__all__ = ["APPLICATION_FIELDS", "EVENT_LABELS", "affected_years", "correct_application", "correct_event",
           "corrections_of", "mark_published", "published_differences", "published_years", "void_application",
           "void_event"]


def _reason(reason: str | None) -> str:
    r = (reason or "").strip()
    if not r:
        raise InvalidInput("更正、作废须写明理由")
    return r[:2000]


def _app(session: Session, application_id: int) -> Application:
    q = select(Application).where(Application.id == application_id)
    if session.get_bind().dialect.name == "postgresql":
        q = q.with_for_update()
    app = session.execute(q).scalar_one_or_none()
    if app is None:
        raise NotFound(f"没有编号为 {application_id} 的申请")
    return app


def _jsonable(v):
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, Decimal):
        return str(v)
    return v


def _span(app: Application) -> tuple[int, int]:
    """The report years an application appears in: from its receipt to its closing (or this year)."""
    end = app.closed_on.year if app.closed_on else clock.today().year
    return app.received_on.year, max(end, app.received_on.year)


def affected_years(before: tuple[int, int], after: tuple[int, int]) -> list[int]:
    lo, hi = min(before[0], after[0]), max(before[1], after[1])
    return list(range(lo, hi + 1))


def published_years(session: Session, body_id: int) -> list[int]:
    """Years of a body whose report is marked published."""
    return sorted(set(session.execute(select(PublishedYear.year).where(PublishedYear.body_id == body_id)).scalars()))


def _revalidate(session: Session, app: Application, extra: list[Correction], cal) -> None:
    """Replay the history as corrected, checking every event against the procedure (InvalidEvent)."""
    evs = effective_events(session, app.id, extra)
    try:
        state = replay(app.received_on, evs, calendar=cal, check_all=True)
    except RegisterError as e:
        raise InvalidEvent(f"更正后办理过程不符合程序规定：{e.message}") from None
    _store_state(app, state, None, cal)


def _finish(session: Session, app: Application, row: Correction, before_span, actor: str) -> Correction:
    years = [y for y in affected_years(before_span, _span(app)) if y in published_years(session, app.body_id)]
    row.published_years = ",".join(str(y) for y in years) or None
    session.add(row)
    session.flush()
    audit.log(session, actor, f"correction.{row.action}", "application", app.id,
              {"correction_id": row.id, "event_id": row.event_id, "field": row.field, "old": json.loads(row.old),
               "new": json.loads(row.new), "reason": row.reason, "requested_by": row.requested_by,
               **({"published_years": years} if years else {})})
    row.flagged_years = years
    return row


def correct_application(session: Session, application_id: int, field: str, value, *, reason: str, actor: str,
                        requested_by: str | None = None, calendar=None) -> Correction:
    """更正登记事项: set ``field`` (one of :data:`APPLICATION_FIELDS`) of an application to ``value``.

    The old value stays in the correction row; the events are re-checked against the corrected
    application (e.g. a receipt date after an event is refused)."""
    actor = audit.check_actor(actor)
    reason = _reason(reason)
    cal = _calendar(session, calendar)
    app = _app(session, application_id)
    if field not in APPLICATION_FIELDS:
        known = "、".join(f"{k}（{v}）" for k, v in APPLICATION_FIELDS.items())
        raise InvalidInput(f"不能更正“{field}”；可更正：{known}")
    label = APPLICATION_FIELDS[field]
    if field in ("received_on", "arrived_on"):
        new = parse_date(value, label) if value not in (None, "") else None
        if field == "received_on" and new is None:
            raise InvalidInput("收到申请日期不能为空")
        if new is not None and new > clock.today():
            raise InvalidInput(f"{label}{new.isoformat()}晚于今天（北京时间）")
    elif field == "channel":
        new = _choice(value, CHANNELS, label)
    elif field == "applicant_kind":
        new = _choice(value, APPLICANT_KINDS, label)
    elif field == "ref_no":
        new = (value or "").strip() or None
        if new and session.execute(select(Application.id).where(
                Application.body_id == app.body_id, Application.ref_no == new, Application.id != app.id)).first():
            raise InvalidInput(f"本机关已有编号为“{new}”的申请")
    else:
        new = (value or "").strip() or None
        if field == "request":
            new = new or ""
    old = getattr(app, field)
    if old == new:
        raise InvalidInput(f"{label}没有变化")
    before = _span(app)
    setattr(app, field, new)
    if field == "arrived_on" and new is not None and new > app.received_on:
        raise InvalidInput("申请到达日期晚于收到申请日期")
    row = Correction(application_id=app.id, action="field", field=field,
                     old=json.dumps({field: _jsonable(old)}, ensure_ascii=False),
                     new=json.dumps({field: _jsonable(new)}, ensure_ascii=False), reason=reason,
                     requested_by=(requested_by or "").strip() or None, actor=actor)
    _revalidate(session, app, [], cal)
    return _finish(session, app, row, before, actor)


def _event(session: Session, app: Application, event_id: int) -> Event:
    ev = session.get(Event, event_id)
    if ev is None or ev.application_id != app.id:
        raise NotFound(f"申请 {app.id} 没有编号为 {event_id} 的办理事项")
    return ev


def _voided(session: Session, app_id: int, event_id: int) -> bool:
    return session.execute(select(func.count()).select_from(Correction).where(
        Correction.application_id == app_id, Correction.event_id == event_id,
        Correction.action == "void_event")).scalar_one() > 0


def correct_event(session: Session, application_id: int, event_id: int, *, reason: str, actor: str,
                  requested_by: str | None = None, calendar=None, **changes) -> Correction:
    """更正办理事项: supersede attributes of a recorded event (``on``, ``outcome``, ``until``, ``delivered_on`` …,
    see :data:`EVENT_LABELS`). The original event stays in the history, shown as superseded."""
    actor = audit.check_actor(actor)
    reason = _reason(reason)
    cal = _calendar(session, calendar)
    app = _app(session, application_id)
    ev = _event(session, app, event_id)
    if _voided(session, app.id, event_id):
        raise InvalidInput(f"办理事项 {event_id} 已作废，不能更正")
    current = next((e for e in effective_events(session, app.id) if e.id == event_id), None)
    if not changes:
        raise InvalidInput("请给出要更正的内容")
    new: dict = {}
    for k, v in changes.items():
        if k not in EVENT_LABELS:
            known = "、".join(f"{x}（{y}）" for x, y in EVENT_LABELS.items())
            raise InvalidInput(f"不能更正办理事项的“{k}”；可更正：{known}")
        label = EVENT_LABELS[k]
        if v in ("", None):
            v = None
        elif k in DATE_FIELDS:
            v = parse_date(v, label)
        elif k == "amount":
            try:
                v = Decimal(str(v))
            except Exception:
                raise InvalidInput(f"金额“{v}”不是数字") from None
        elif k in ("fee_quantity", "ref_event_id"):
            v = _int(v, label)
        elif k == "party":
            v = _choice(v, PARTIES, label)
        elif k == "opinion":
            v = _choice(v, OPINIONS, label)
        elif k == "delivery_method":
            v = _choice(v, DELIVERY_METHODS, label)
        elif k == "fee_basis":
            v = _choice(v, FEE_BASES, label)
        elif k == "outcome":
            v = resolve_outcome(str(v), changes.get("on") and parse_date(changes["on"]) or current.on)
        if k == "on" and v is None:
            raise InvalidInput("办理事项的日期不能为空")
        if getattr(current, k) != v:
            new[k] = v
    if not new:
        raise InvalidInput("更正内容与现有登记相同")
    old = {k: _jsonable(getattr(current, k)) for k in new}
    before = _span(app)
    row = Correction(application_id=app.id, event_id=ev.id, action="event", field=",".join(sorted(new)),
                     old=json.dumps(old, ensure_ascii=False),
                     new=json.dumps({k: _jsonable(v) for k, v in new.items()}, ensure_ascii=False), reason=reason,
                     requested_by=(requested_by or "").strip() or None, actor=actor)
    _revalidate(session, app, [row], cal)
    return _finish(session, app, row, before, actor)


def void_event(session: Session, application_id: int, event_id: int, *, reason: str, actor: str,
               requested_by: str | None = None, calendar=None) -> Correction:
    """作废办理事项: an event recorded by mistake no longer counts (it stays in the history, marked)."""
    actor = audit.check_actor(actor)
    reason = _reason(reason)
    cal = _calendar(session, calendar)
    app = _app(session, application_id)
    ev = _event(session, app, event_id)
    if _voided(session, app.id, event_id):
        raise InvalidInput(f"办理事项 {event_id} 已作废")
    before = _span(app)
    row = Correction(application_id=app.id, event_id=ev.id, action="void_event", field=None,
                     old=json.dumps({"kind": ev.kind, "on": ev.on.isoformat()}, ensure_ascii=False), new="{}",
                     reason=reason, requested_by=(requested_by or "").strip() or None, actor=actor)
    _revalidate(session, app, [row], cal)
    return _finish(session, app, row, before, actor)


def void_application(session: Session, application_id: int, *, reason: str, actor: str,
                     requested_by: str | None = None, calendar=None) -> Correction:
    """作废申请: an application registered by mistake (a duplicate, a test entry) leaves every list and
    table; it stays in the database with its history."""
    actor = audit.check_actor(actor)
    reason = _reason(reason)
    cal = _calendar(session, calendar)
    app = _app(session, application_id)
    if app.voided_on is not None:
        raise InvalidInput(f"申请 {app.id} 已于{app.voided_on.isoformat()}作废")
    before = _span(app)
    app.voided_on = clock.today()
    row = Correction(application_id=app.id, action="void", field="voided_on", old=json.dumps({"state": app.state}),
                     new=json.dumps({"voided_on": app.voided_on.isoformat()}), reason=reason,
                     requested_by=(requested_by or "").strip() or None, actor=actor)
    _store_state(app, replay(app.received_on, effective_events(session, app.id)), None, cal)
    return _finish(session, app, row, before, actor)


def mark_published(session: Session, body_id: int, year: int, *, actor: str) -> PublishedYear:
    """已公布: record that a body's year report was published, with its Table 3/4 figures as they are now."""
    from .report import year_report

    actor = audit.check_actor(actor)
    flat = {k: v for k, v in year_report(session, body_id, year).flat().items() if k.startswith(("t3.", "t4."))}
    row = PublishedYear(body_id=body_id, year=year, figures=json.dumps(flat, ensure_ascii=False, default=str),
                        actor=actor)
    session.add(row)
    session.flush()
    audit.log(session, actor, "report.publish", "body", body_id, {"year": year})
    return row


def published_differences(session: Session, body_id: int, year: int) -> list[tuple[str, object, object]]:
    """Figures of a published year that now differ: ``(field id, published, now)``; empty when none
    (or when the year was never marked published)."""
    from .report import year_report

    row = session.execute(select(PublishedYear).where(PublishedYear.body_id == body_id, PublishedYear.year == year)
                          .order_by(PublishedYear.id.desc()).limit(1)).scalar_one_or_none()
    if row is None:
        return []
    then = json.loads(row.figures)
    now = year_report(session, body_id, year).flat()
    return [(k, then[k], now.get(k)) for k in sorted(then) if then[k] != now.get(k)]


def describe(c: Correction) -> str:
    """A correction in Chinese: what changed, from what to what."""
    old, new = json.loads(c.old or "{}"), json.loads(c.new or "{}")
    if c.action == "void":
        return "作废申请"
    if c.action == "void_event":
        return f"作废办理事项 {c.event_id}（{EVENT_KINDS.get(old.get('kind'), old.get('kind'))} {old.get('on')}）"
    labels = APPLICATION_FIELDS if c.action == "field" else EVENT_LABELS
    parts = [f"{labels.get(k, k)}：{old.get(k) if old.get(k) is not None else '（空）'} → "
             f"{new.get(k) if new.get(k) is not None else '（空）'}" for k in new]
    head = CORRECTION_ACTIONS[c.action] + (f" {c.event_id}" if c.event_id else "")
    return head + "：" + "；".join(parts)
