"""Tables of the office's workplace (工作台数据表): 承办人 assignment, in-app notifications (站内通知),
per-user notification settings (e-mail digest opt-out), stored check results (检查结果, served by
any worker), published report versions (年报定稿版本) and the supervisor's collection desk
(年报报送). On the register's ``Base``; their Alembic revision is ``0106_web_workplace``."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..register.db import Base
from .models import utcnow


class Assignment(Base):
    """The 承办人 of an application (one current assignee; history is in the audit log)."""

    __tablename__ = "web_assignments"

    application_id: Mapped[int] = mapped_column(ForeignKey("reg_application.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_users.id", ondelete="CASCADE"), index=True)
    assigned_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    assigned_by: Mapped[str] = mapped_column(String(64), default="")


class Notification(Base):
    """An in-app notification (站内通知) for one user; ``key`` keeps the same reminder from being
    stored twice (e.g. ``due:123:2026-12-03``)."""

    __tablename__ = "web_notifications"
    __table_args__ = (Index("uq_web_notifications_user_key", "user_id", "key", unique=True),
                      Index("ix_web_notifications_user_read", "user_id", "read_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(30))
    message: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class UserPrefs(Base):
    """A user's notification settings (通知设置): the e-mail address of the daily digest (每日待办摘要)
    and whether it is sent; ``last_digest`` is the day the last digest went out."""

    __tablename__ = "web_user_prefs"

    user_id: Mapped[int] = mapped_column(ForeignKey("web_users.id", ondelete="CASCADE"), primary_key=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    digest: Mapped[bool] = mapped_column(Boolean, default=True)
    last_digest: Mapped[date | None] = mapped_column(Date, nullable=True)


class CheckResult(Base):
    """A stored check of uploaded reports (检查结果): JSON of every file's findings and values, kept
    for the configured time; any worker process serves the page and the download."""

    __tablename__ = "web_check_results"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, index=True)
    body_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    files: Mapped[int] = mapped_column(Integer, default=0)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)


class ReportVersion(Base):
    """A published annual report (已发布的年报版本), frozen: the data and text as published."""

    __tablename__ = "web_report_versions"
    __table_args__ = (Index("ix_web_report_versions_body_year", "body_id", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body_id: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    published_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    published_by: Mapped[str] = mapped_column(String(64), default="")
    content: Mapped[dict] = mapped_column(JSON, default=dict)


class Submission(Base):
    """A body's annual report sent to its supervisor (年报报送): status 已报送 / 有错误待修改 / 已退回 /
    已通过; the file, the check result and the supervisor's decision with its reason."""

    __tablename__ = "web_submissions"
    __table_args__ = (Index("ix_web_submissions_body_year", "body_id", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body_id: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str] = mapped_column(String(200), default="")
    data: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    check_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    figures: Mapped[dict] = mapped_column(JSON, default=dict)
    submitted_by: Mapped[str] = mapped_column(String(64), default="")
    submitted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
