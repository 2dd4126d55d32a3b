"""Tables of the web application (网站用户、角色、令牌、会话、年报草稿、拟办事项), on the register's ``Base``.

Their Alembic revisions are ``gongkai/web/migrations/versions/*_web_users.py`` and ``*_web_event_drafts.py``.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from ..register.db import Base

ROLES: dict[str, str] = {
    "admin": "系统管理员",
    "officer": "经办人",
    "approver": "审批人",
    "supervisor": "监督人员",
    "viewer": "只读用户",
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class WebUser(Base):
    """A person who logs in (用户). ``body_id`` is the body they work for (administrators may have none)."""

    __tablename__ = "web_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    body_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_login: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


class WebSession(Base):
    """A login session (登录会话): the cookie holds the signed random token, the table its hash."""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the token
    user_id: Mapped[int] = mapped_column(ForeignKey("web_users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class ApiToken(Base):
    """A token for scripts (接口令牌), stored as a sha256 hash; shown once when created."""

    __tablename__ = "web_api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class LoginFailure(Base):
    """A failed login (登录失败记录), for the lock-out after repeated failures."""

    __tablename__ = "web_login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    ip: Mapped[str] = mapped_column(String(64), default="")


class ReportDraft(Base):
    """The annual report being written for a body and year (年度报告草稿): the six narrative
    sections (the tables come from the register)."""

    __tablename__ = "web_report_drafts"
    __table_args__ = (UniqueConstraint("body_id", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body_id: Mapped[int] = mapped_column(Integer, index=True)
    year: Mapped[int] = mapped_column(Integer)
    sections: Mapped[dict] = mapped_column(JSON, default=dict)  # {"1": text, ...}
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(64), default="")


DRAFT_STATUSES: dict[str, str] = {"pending": "待审批", "approved": "已批准", "returned": "已退回"}
PENDING = "status = 'pending'"


class EventDraft(Base):
    """An event drafted by an officer for the approver (拟办事项): an extension or an answer, recorded
    in the register only when the approver of the body approves it; a returned draft is kept with
    the reason. At most one pending draft per application and kind."""

    __tablename__ = "web_event_drafts"
    __table_args__ = (Index("uq_web_event_drafts_pending", "application_id", "kind", unique=True,
                            sqlite_where=text(PENDING), postgresql_where=text(PENDING)),
                      Index("ix_web_event_drafts_body_status", "body_id", "status"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("reg_application.id"), index=True)
    body_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    on: Mapped[date] = mapped_column("event_date", Date)
    outcome: Mapped[str | None] = mapped_column(String(40), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    drafted_by: Mapped[str] = mapped_column(String(64))
    drafted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    return_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)  # why the last approval was refused
    event_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the event recorded on approval

    @property
    def status_label(self) -> str:
        return DRAFT_STATUSES.get(self.status, self.status)

