"""承办人 (the officer handling a case): assignment and reassignment (分配、改派), "my cases".

Each change is written to the audit log (``application`` entity, action ``assigned``) and the
new 承办人 gets an in-app notification."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..register.errors import InvalidInput
from ..register.models import Application
from .audit import audit
from .models import WebUser, utcnow
from .models_workplace import Assignment, Notification

HANDLER_ROLES = ("officer", "approver")


def assignable_users(ctx, body_ids: list[int]) -> list[WebUser]:
    """Active officers and approvers of the given bodies (who may be a 承办人)."""
    if not body_ids:
        return []
    return list(ctx.db.scalars(select(WebUser).where(WebUser.body_id.in_(body_ids), WebUser.active.is_(True),
                                                     WebUser.role.in_(HANDLER_ROLES))
                               .order_by(WebUser.display_name, WebUser.username)))


def assignee_of(db: Session, application_id: int) -> WebUser | None:
    return db.scalar(select(WebUser).join(Assignment, Assignment.user_id == WebUser.id)
                     .where(Assignment.application_id == application_id))


def user_label(user: WebUser | None) -> str:
    if user is None:
        return "未分配"
    return user.display_name or user.username


def assign(db: Session, app: Application, user_id: int | None, *, actor: str) -> WebUser | None:
    """Make ``user_id`` the 承办人 of ``app`` (None: remove the assignment). The user must be an
    active officer or approver of the case's body; refused with a Chinese message otherwise."""
    current = db.get(Assignment, app.id)
    before = assignee_of(db, app.id)
    if user_id is None:
        if current is not None:
            db.delete(current)
            audit(db, actor, "assigned", "application", app.id, {"from": user_label(before), "to": "未分配"})
        return None
    user = db.get(WebUser, user_id)
    if user is None or not user.active or user.body_id != app.body_id or user.role not in HANDLER_ROLES:
        raise InvalidInput("承办人须为该机关在职的经办人或审批人。")
    if current is not None and current.user_id == user.id:
        return user
    if current is None:
        db.add(Assignment(application_id=app.id, user_id=user.id, assigned_by=actor, assigned_at=utcnow()))
    else:
        current.user_id, current.assigned_by, current.assigned_at = user.id, actor, utcnow()
    audit(db, actor, "assigned", "application", app.id, {"from": user_label(before), "to": user_label(user)})
    if user.username != actor:
        ref = app.ref_no or f"#{app.id}"
        notify(db, user.id, f"assigned:{app.id}:{utcnow().isoformat()}", "assigned",
               f"您被指定为申请 {ref} 的承办人。", f"/cases/{app.id}")
    db.flush()
    return user


def notify(db: Session, user_id: int, key: str, kind: str, message: str, link: str = "") -> bool:
    """Add an in-app notification (站内通知) unless one with the same key exists; True when added."""
    exists = db.scalar(select(Notification.id).where(Notification.user_id == user_id, Notification.key == key[:120]))
    if exists is not None:
        return False
    db.add(Notification(user_id=user_id, key=key[:120], kind=kind, message=message, link=link[:300],
                        created_at=utcnow()))
    return True
