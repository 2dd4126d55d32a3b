"""Draft, then approve (拟办 → 审批): an officer drafts an extension or an answer; the approver of the
same body approves it — the event is then recorded through ``register.service.record_event`` with
the approver as actor — or returns it with a reason. Every step goes to the audit log; a draft
the procedure no longer allows stays pending with the register's reason."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..register import service
from ..register.errors import InvalidEvent, InvalidInput, RegisterError
from ..register.events import CLOSED_STATES, EVENT_KINDS, STATES, EventInput, replay, resolve_outcome
from ..register.models import Application, Event
from . import actions as A
from .audit import audit
from .deps import Ctx, Forbidden, NotVisible
from .models import EventDraft, utcnow

DRAFT_KINDS = A.APPROVER_KINDS  # what an officer drafts and an approver approves
ENTITY = "web_event_draft"


class DraftConflict(RegisterError):
    """A draft already pending, or already decided by someone else (重复提交、已处理)."""


def may_draft(ctx: Ctx, body_id: int) -> bool:
    """Officers of the body draft (approvers and administrators record directly)."""
    return ctx.role == "officer" and ctx.can_act(body_id, "officer")


def may_approve(ctx: Ctx, body_id: int) -> bool:
    return ctx.can_act(body_id, "approver")


def listable_body_ids(ctx: Ctx) -> list[int]:
    """Bodies whose drafts the user works with: officers' and approvers' own body, an administrator's scope."""
    return [b for b in ctx.visible_body_ids if ctx.can_act(b, "officer", "approver")]


def case_drafts(db: Session, application_id: int) -> list[EventDraft]:
    """Every draft of a case, newest first (returned ones are kept)."""
    return list(db.scalars(select(EventDraft).where(EventDraft.application_id == application_id)
                           .order_by(EventDraft.id.desc())))


def pending_drafts(db: Session, body_ids: list[int]) -> list[tuple[EventDraft, Application]]:
    if not body_ids:
        return []
    q = (select(EventDraft, Application).join(Application, Application.id == EventDraft.application_id)
         .where(EventDraft.body_id.in_(body_ids), EventDraft.status == "pending").order_by(EventDraft.id))
    return [(d, a) for d, a in db.execute(q).all()]


def pending_count(db: Session, body_ids: list[int]) -> int:
    if not body_ids:
        return 0
    return db.scalar(select(func.count(EventDraft.id)).where(EventDraft.body_id.in_(body_ids),
                                                             EventDraft.status == "pending")) or 0


def _pending_of(db: Session, application_id: int, kind: str) -> EventDraft | None:
    return db.scalar(select(EventDraft).where(EventDraft.application_id == application_id, EventDraft.kind == kind,
                                              EventDraft.status == "pending"))


def _detail(d: EventDraft, **more) -> dict:
    # the note (answer text) may hold personal data: the log records only its length, as the register does
    return {"application_id": d.application_id, "kind": d.kind, "on": d.on, "outcome": d.outcome,
            "note_chars": len(d.note or ""), **more}


def submit(ctx: Ctx, app: Application, kind: str, on, outcome: str | None, note: str | None) -> EventDraft:
    """File a draft after checking it against the procedure as it stands (nothing is recorded yet)."""
    if kind not in DRAFT_KINDS:
        raise InvalidInput("只有“延长答复期限”和“答复”需要提交审批")
    if not may_draft(ctx, app.body_id):
        raise Forbidden("只有本机关的经办人可以提交审批（审批人可直接登记）。")
    name = EVENT_KINDS[kind]
    day = service.parse_date(on or dt.date.today(), "事项日期")
    outcome = resolve_outcome((outcome or "").strip() or None, day) if kind == "answered" else None
    note = (note or "").strip() or None
    if note and len(note) > 5000:
        raise InvalidInput("说明过长（最多 5000 字）")
    if _pending_of(ctx.db, app.id, kind) is not None:
        raise DraftConflict(f"该申请已有待审批的“{name}”，请等待审批人批准或退回后再提交")
    replay(app.received_on, A.case_events(ctx.db, app.id), check_last=EventInput(kind, day, outcome=outcome,
                                                                                note=note))
    draft = EventDraft(application_id=app.id, body_id=app.body_id, kind=kind, on=day, outcome=outcome, note=note,
                       status="pending", drafted_by=ctx.actor, drafted_at=utcnow())
    ctx.db.add(draft)
    try:
        ctx.db.flush()
    except IntegrityError:  # another officer filed the same kind a moment ago
        ctx.db.rollback()
        raise DraftConflict(f"该申请已有待审批的“{name}”，请等待审批人批准或退回后再提交") from None
    audit(ctx.db, ctx.actor, "event_draft.submitted", ENTITY, draft.id, _detail(draft))
    return draft


def visible_draft(ctx: Ctx, draft_id: int) -> EventDraft:
    d = ctx.db.get(EventDraft, draft_id)
    if d is None or not ctx.can_see_body(d.body_id):
        raise NotVisible("未找到该待审批事项，或您无权查看。")
    return d


def _decidable(ctx: Ctx, draft_id: int, what: str) -> EventDraft:
    d = visible_draft(ctx, draft_id)
    if not may_approve(ctx, d.body_id):
        raise Forbidden(f"只有本机关的审批人可以{what}。")
    if d.status != "pending":
        raise DraftConflict(f"该事项{d.status_label}（{d.decided_by or ''}），不能再{what}")
    return d


def _claim(ctx: Ctx, d: EventDraft, **values) -> None:
    """Mark the draft decided only if it is still pending (two approvers clicking at once)."""
    n = ctx.db.execute(update(EventDraft).where(EventDraft.id == d.id, EventDraft.status == "pending")
                       .values(decided_by=ctx.actor, decided_at=utcnow(), **values)
                       .execution_options(synchronize_session=False)).rowcount
    if n != 1:
        raise DraftConflict("该事项已由他人处理，请刷新页面")
    ctx.db.refresh(d)


def approve(ctx: Ctx, draft_id: int) -> Event:
    """Record the drafted event with the approver as actor; RegisterError (nothing changed) when refused."""
    d = _decidable(ctx, draft_id, "批准")
    app = ctx.db.get(Application, d.application_id)
    if app.closed_on is not None or app.state in CLOSED_STATES:
        when = f"于{app.closed_on.isoformat()}" if app.closed_on else ""
        raise InvalidEvent(f"该申请已{when}结案（{STATES.get(app.state, app.state)}），不能再批准“{EVENT_KINDS[d.kind]}”，"
                           "请将其退回")
    _claim(ctx, d, status="approved", last_error=None)
    ev = service.record_event(ctx.db, app.id, d.kind, d.on, outcome=d.outcome, note=d.note, actor=ctx.actor)
    d.event_id = ev.id
    audit(ctx.db, ctx.actor, "event_draft.approved", ENTITY, d.id,
          _detail(d, event_id=ev.id, drafted_by=d.drafted_by))
    return ev


def approve_or_keep(ctx: Ctx, draft_id: int) -> tuple[Event | None, str | None]:
    """Approve and commit; when the register refuses, roll back, keep the draft pending with the
    reason (logged) and return ``(None, reason)``."""
    try:
        ev = approve(ctx, draft_id)
        ctx.db.commit()
        return ev, None
    except RegisterError as e:
        ctx.db.rollback()
        d = ctx.db.get(EventDraft, draft_id)
        if d is not None and d.status == "pending" and not isinstance(e, DraftConflict):
            d.last_error = e.message
            audit(ctx.db, ctx.actor, "event_draft.approve_refused", ENTITY, d.id, _detail(d, reason=e.message))
            ctx.db.commit()
        return None, e.message


def send_back(ctx: Ctx, draft_id: int, reason: str) -> EventDraft:
    """Return a draft to the officer (退回) with a reason; the draft is kept."""
    d = _decidable(ctx, draft_id, "退回")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("退回须注明理由")
    if len(reason) > 2000:
        raise InvalidInput("退回理由过长（最多 2000 字）")
    _claim(ctx, d, status="returned", return_reason=reason)
    audit(ctx.db, ctx.actor, "event_draft.returned", ENTITY, d.id, _detail(d, reason=reason, drafted_by=d.drafted_by))
    _tell_drafter(ctx, d, reason)
    return d


def _tell_drafter(ctx: Ctx, d: EventDraft, reason: str) -> None:
    """An in-app notification (站内通知) to the officer whose draft was returned."""
    from .assign import notify
    from .models import WebUser

    drafter = ctx.db.scalar(select(WebUser).where(WebUser.username == d.drafted_by))
    app = ctx.db.get(Application, d.application_id)
    if drafter is not None and app is not None:
        notify(ctx.db, drafter.id, f"returned:{d.id}", "returned",
               f"您拟办的“{EVENT_KINDS.get(d.kind, d.kind)}”（申请 {app.ref_no or '#' + str(app.id)}）被退回：{reason[:200]}",
               f"/cases/{app.id}#drafts")


def draft_json(d: EventDraft, ctx: Ctx | None = None) -> dict:
    out = {"id": d.id, "application_id": d.application_id, "body_id": d.body_id, "kind": d.kind,
           "kind_label": EVENT_KINDS.get(d.kind, d.kind), "on": d.on.isoformat(), "outcome": d.outcome,
           "note": d.note, "status": d.status, "status_label": d.status_label, "drafted_by": d.drafted_by,
           "drafted_at": d.drafted_at.isoformat(), "decided_by": d.decided_by,
           "decided_at": d.decided_at.isoformat() if d.decided_at else None, "return_reason": d.return_reason,
           "last_error": d.last_error, "event_id": d.event_id}
    if ctx is not None:
        out["can_approve"] = d.status == "pending" and may_approve(ctx, d.body_id)
    return out
