"""Tables of the case register (登记册数据表), SQLAlchemy 2.x typed ORM.

- :class:`Body` 机关 (with a parent for roll-ups 汇总)
- :class:`Applicant` 申请人 (kind = one of the six Table 3 applicant columns; name, identity
  document and contact are personal data 个人信息: never in reports)
- :class:`Application` 政府信息公开申请 (receipt date and channel under Art. 31, what is asked,
  requested form; plus the state and due dates derived from its events, kept for fast lists)
- :class:`Event` 办理事项 — append-only history of an application (a trigger forbids UPDATE/DELETE)
- :class:`ReviewCase` 行政复议/行政诉讼案件 (Table 4)
- :class:`ProactiveCount` 主动公开数量 (Table 2 cells per body and year)
- :class:`AuditEntry` 审计日志 — who, when, what (a trigger forbids UPDATE/DELETE)
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Text,
                        UniqueConstraint, func)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .db import Base

# Applicant kinds = the six applicant columns of Table 3 (fields.md).
APPLICANT_KINDS: dict[str, str] = {
    "natural": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "nonprofit": "社会公益组织",
    "legal": "法律服务机构",
    "other_org": "其他",
}

# Channels of Art. 31 (they decide the date of receipt 收到申请之日).
CHANNELS: dict[str, str] = {
    "in_person": "当面提交",
    "registered_post": "邮寄（需签收）",
    "ordinary_mail": "平常信函",
    "internet": "互联网",
    "fax": "传真",
    "other": "其他",
}

BODY_LEVELS: dict[str, str] = {
    "national": "国家级",
    "provincial": "省级",
    "municipal": "市级",
    "county": "县级",
    "township": "乡镇级",
    "other": "其他",
}

# Table 4 groups and outcomes (fields.md).
REVIEW_GROUPS: dict[str, str] = {
    "review": "行政复议",
    "suit_direct": "行政诉讼·未经复议直接起诉",
    "suit_after_review": "行政诉讼·复议后起诉",
}
REVIEW_OUTCOMES: dict[str, str] = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果"}


def _in(col: str, values) -> str:
    return f"{col} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Body(Base):
    """机关: the body whose register it is; ``parent_id`` for roll-ups (上级汇总)."""

    __tablename__ = "reg_body"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    level: Mapped[str] = mapped_column(String(20), default="other")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("reg_body.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)

    parent: Mapped[Body | None] = relationship(remote_side=[id])


class Applicant(Base):
    """申请人. ``name``, ``id_document`` and ``contact`` are personal data (个人信息)."""

    __tablename__ = "reg_applicant"
    __table_args__ = (CheckConstraint(_in("kind", APPLICANT_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    id_document: Mapped[str | None] = mapped_column(String(120))
    contact: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class Application(Base):
    """政府信息公开申请. ``state`` … ``due_note`` are derived from the events (kept for fast lists)."""

    __tablename__ = "reg_application"
    __table_args__ = (
        CheckConstraint(_in("channel", CHANNELS), name="channel"),
        UniqueConstraint("body_id", "ref_no", name="uq_reg_application_body_ref"),
        Index("ix_reg_application_body_received", "body_id", "received_on"),
        Index("ix_reg_application_body_closed", "body_id", "closed_on"),
        Index("ix_reg_application_body_open_due", "body_id", "closed_on", "next_due"),
        Index("ix_reg_application_applicant_received", "applicant_id", "received_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("reg_body.id"))
    applicant_id: Mapped[int] = mapped_column(ForeignKey("reg_applicant.id"))
    ref_no: Mapped[str | None] = mapped_column(String(64))
    received_on: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20))
    request: Mapped[str] = mapped_column(Text, default="")
    requested_form: Mapped[str | None] = mapped_column(String(100))
    # derived from the events
    state: Mapped[str] = mapped_column(String(30), default="processing")
    outcome: Mapped[str | None] = mapped_column(String(40))
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    answer_due: Mapped[dt.date | None] = mapped_column(Date)
    next_due: Mapped[dt.date | None] = mapped_column(Date)
    next_due_kind: Mapped[str | None] = mapped_column(String(30))
    due_note: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)

    body: Mapped[Body] = relationship()
    applicant: Mapped[Applicant] = relationship()
    events: Mapped[list[Event]] = relationship(back_populates="application", order_by="Event.id",
                                               viewonly=True)


class Event(Base):
    """办理事项: one step of an application's history. Append-only."""

    __tablename__ = "reg_event"
    __table_args__ = (Index("ix_reg_event_application", "application_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("reg_application.id"))
    kind: Mapped[str] = mapped_column(String(30))
    on: Mapped[dt.date] = mapped_column("event_date", Date)
    outcome: Mapped[str | None] = mapped_column(String(40))
    party: Mapped[str | None] = mapped_column(String(20))
    ref_event_id: Mapped[int | None] = mapped_column(Integer)
    until: Mapped[dt.date | None] = mapped_column(Date)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    note: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(100), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)

    application: Mapped[Application] = relationship(back_populates="events")


class ReviewCase(Base):
    """行政复议/行政诉讼案件 (Table 4): group, filing date, outcome once decided."""

    __tablename__ = "reg_review_case"
    __table_args__ = (
        CheckConstraint(_in("grp", REVIEW_GROUPS), name="grp"),
        CheckConstraint("outcome IS NULL OR " + _in("outcome", REVIEW_OUTCOMES), name="outcome"),
        Index("ix_reg_review_case_body_filed", "body_id", "filed_on"),
        Index("ix_reg_review_case_body_decided", "body_id", "decided_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("reg_body.id"))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("reg_application.id"), index=True)
    grp: Mapped[str] = mapped_column(String(20))
    case_no: Mapped[str | None] = mapped_column(String(100))
    filed_on: Mapped[dt.date] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(20))
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ProactiveCount(Base):
    """主动公开情况: one Table 2 cell (``t2.*`` field id) of a body's year."""

    __tablename__ = "reg_proactive_count"
    __table_args__ = (UniqueConstraint("body_id", "year", "field_id", name="uq_reg_proactive_cell"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("reg_body.id"))
    year: Mapped[int] = mapped_column(Integer)
    field_id: Mapped[str] = mapped_column(String(60))
    value: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now)


class AuditEntry(Base):
    """审计日志: who (``actor``), when (``at``), what (``action`` on ``entity``/``entity_id``,
    ``detail`` as JSON text). Append-only: triggers forbid UPDATE and DELETE."""

    __tablename__ = "reg_audit"
    __table_args__ = (Index("ix_reg_audit_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, server_default=func.now())
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text, default="{}")


APPEND_ONLY_TABLES = ("reg_event", "reg_audit")
