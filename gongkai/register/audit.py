"""Audit log (审计日志): who changed what, when. Append-only — there is no update or delete API, and
database triggers refuse UPDATE/DELETE on the table. Personal data of applicants is not copied
into the log (only which fields changed)."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import InvalidInput
from .models import AuditEntry


def _default(o: Any):
    if isinstance(o, (dt.date, dt.datetime)):
        return o.isoformat()
    if isinstance(o, Decimal):
        return str(o)
    return str(o)


def check_actor(actor: str | None) -> str:
    """The acting user's name; refused when empty."""
    if not actor or not str(actor).strip():
        raise InvalidInput("须注明操作人（actor）")
    return str(actor).strip()[:100]


def log(session: Session, actor: str, action: str, entity: str, entity_id: int | None,
        detail: dict[str, Any] | None = None) -> AuditEntry:
    """Append one audit entry in the current transaction."""
    entry = AuditEntry(actor=check_actor(actor), action=action, entity=entity, entity_id=entity_id,
                       detail=json.dumps(detail or {}, ensure_ascii=False, default=_default, sort_keys=True),
                       at=dt.datetime.now(dt.timezone.utc))
    session.add(entry)
    return entry


def entries(session: Session, *, entity: str | None = None, entity_id: int | None = None,
            actor: str | None = None, limit: int | None = None) -> list[AuditEntry]:
    """Audit entries, oldest first, optionally for one entity or one actor."""
    q = select(AuditEntry).order_by(AuditEntry.id)
    if entity is not None:
        q = q.where(AuditEntry.entity == entity)
    if entity_id is not None:
        q = q.where(AuditEntry.entity_id == entity_id)
    if actor is not None:
        q = q.where(AuditEntry.actor == actor)
    if limit is not None:
        q = q.limit(limit)
    return list(session.execute(q).scalars())
