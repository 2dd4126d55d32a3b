"""Web actions in the register's audit log (审计日志: 登录、用户管理、令牌…), through ``register.audit.log``."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..register import audit as _audit


def audit(db: Session, actor: str, action: str, entity: str, entity_id: int | None = None,
          detail: dict[str, Any] | None = None) -> None:
    _audit.log(db, actor or "?", action, entity, entity_id, detail)
