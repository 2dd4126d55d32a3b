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


ACTION_LABELS: dict[str, str] = {
    "body.add": "添加机关",
    "applicant.add": "登记申请人",
    "applicant.update": "修改申请人信息",
    "application.add": "登记申请",
    "correction.field": "更正登记事项",
    "correction.event": "更正办理事项",
    "correction.void_event": "作废办理事项",
    "correction.void": "作废申请",
    "calendar.set": "录入节假日安排",
    "report.publish": "标记年度报告已公布",
    "review.add": "登记复议诉讼案件",
    "review.decide": "登记复议诉讼结果",
    "proactive.set": "填写主动公开数字（表二）",
}


def action_label(action: str) -> str:
    """The Chinese name of an audit action (``event.answered`` → 登记办理事项：答复)."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    if action.startswith("event."):
        from .events import EVENT_KINDS

        kind = action.split(".", 1)[1]
        return f"登记办理事项：{EVENT_KINDS.get(kind, kind)}"
    return action


def describe(entry: AuditEntry) -> str:
    """An audit entry in Chinese: the action, what changed and the reason (理由) where there is one."""
    try:
        d = json.loads(entry.detail or "{}")
    except ValueError:
        d = {}
    parts = [action_label(entry.action)]
    if entry.action.startswith("correction.") and entry.action != "correction.void":
        from .corrections import APPLICATION_FIELDS, EVENT_LABELS

        labels = APPLICATION_FIELDS if entry.action == "correction.field" else EVENT_LABELS
        new, old = d.get("new") or {}, d.get("old") or {}
        changes = "，".join(f"{labels.get(k, k)}：{old.get(k) if old.get(k) is not None else '（空）'} → "
                           f"{new.get(k) if new.get(k) is not None else '（空）'}" for k in new)
        if d.get("event_id"):
            parts[0] += f" {d['event_id']}"
        if changes:
            parts[0] += f"：{changes}"
    elif entry.action == "calendar.set":
        parts[0] += f"：{d.get('year')}年（放假{d.get('holidays')}天，调休上班{d.get('workdays')}天）"
    if d.get("reason"):
        parts.append(f"理由：{d['reason']}")
    if d.get("requested_by"):
        parts.append(f"申请更正：{d['requested_by']}")
    if d.get("published_years"):
        parts.append("涉及已公布的" + "、".join(f"{y}年度" for y in d["published_years"]) + "报告")
    for w in d.get("warnings") or []:
        parts.append(f"提示：{w}")
    return "；".join(parts)
