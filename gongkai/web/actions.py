"""What the procedure allows for a case right now (当前可办理事项), asked of the register's guards
(``register.events.check``) — the web layer decides only who may click."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..register.errors import RegisterError
from ..register.events import EVENT_KINDS, EventInput, check, outcome_label, outcome_rows_for, replay
from ..register.models import Application, Event

# who may record each kind (administrators always may); officers draft these for approval (拟办)
APPROVER_KINDS = frozenset({"extension_approved", "answered"})
ACTION_ORDER = ("supplement_requested", "supplement_received", "supplement_missed", "consultation_sent",
                "consultation_answered", "extension_approved", "fee_notice_sent", "fee_paid", "fee_expired",
                "answered", "withdrawn")


def roles_for(kind: str) -> tuple[str, ...]:
    return ("approver",) if kind in APPROVER_KINDS else ("officer", "approver")


@dataclass
class Action:
    kind: str
    label: str
    allowed: bool  # the procedure allows it today
    reason: str  # why not (Chinese), when not allowed
    permitted: bool  # this user may record it
    draftable: bool = False  # this user may draft it for the approver (提交审批)


def case_events(db: Session, application_id: int) -> list[Event]:
    return list(db.scalars(select(Event).where(Event.application_id == application_id).order_by(Event.id)))


def available_actions(db: Session, app: Application, today: dt.date, can, drafts: bool = False) -> list[Action]:
    """Each event kind with whether the procedure allows it on ``today``; ``can(roles)`` says
    whether the user holds one of the roles for this case's body; ``drafts`` whether the user
    drafts the approver's kinds instead (an officer of the body)."""
    state = replay(app.received_on, case_events(db, app.id))
    out = []
    for kind in ACTION_ORDER:
        candidates = [EventInput(kind, today)]
        if kind in ("consultation_sent", "consultation_answered"):
            candidates = [EventInput(kind, today, party=p) for p in ("third_party", "co_issuer")]
        elif kind == "answered":
            candidates = [EventInput(kind, today, outcome=r) for r in outcome_rows_for(today)]
        reason = ""
        ok = False
        for ev in candidates:
            try:
                check(state, ev)
                ok = True
                break
            except RegisterError as e:
                reason = reason or e.message
        permitted = bool(can(roles_for(kind)))
        out.append(Action(kind, EVENT_KINDS[kind], ok, "" if ok else reason, permitted,
                          drafts and not permitted and kind in APPROVER_KINDS))
    return out


def outcome_choices(day: dt.date) -> list[tuple[str, str]]:
    """Table 3 outcome rows an answer given on ``day`` may be counted in, with labels."""
    return [(r, outcome_label(r)) for r in outcome_rows_for(day)]
