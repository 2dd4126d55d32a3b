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
- :class:`CalendarYear` 节假日安排 — a year's holiday arrangement entered by an administrator (append-only)
- :class:`Correction` 更正/作废 — corrections of a field or event and voids, with reason and approver (append-only)
- :class:`PublishedYear` 已公布年度 — a year's report marked published, with its figures (append-only)
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, Numeric, String,
                        Text, UniqueConstraint, false, func)
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

# How a notice or answer reached its addressee (送达方式), Art. 31 / 《民事诉讼法》 送达 by analogy.
DELIVERY_METHODS: dict[str, str] = {
    "in_person": "当面",
    "post": "邮寄",
    "email": "电子邮件",
    "online": "网上平台",
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
        Index("ix_reg_application_body_next_due", "body_id", "next_due"),
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
    due_estimated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # the applicant's kind on the day of receipt (counts in Table 3, whatever the applicant becomes later)
    applicant_kind: Mapped[str] = mapped_column(String(16))
    # Art. 31: the day the application arrived (when the legal receipt date is a later confirmation)
    arrived_on: Mapped[dt.date | None] = mapped_column(Date)
    # 作废: registered by mistake (duplicate, test entry); kept, but out of every list and table
    voided_on: Mapped[dt.date | None] = mapped_column(Date)
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
    # 送达: how and when the notice/answer reached its addressee (letters reads these)
    delivery_method: Mapped[str | None] = mapped_column(String(20))
    delivered_on: Mapped[dt.date | None] = mapped_column(Date)
    tracking_no: Mapped[str | None] = mapped_column(String(100))
    # fee notices (国办函〔2020〕109号): basis by_count (按件) / by_pages (按量) and the count or pages
    fee_basis: Mapped[str | None] = mapped_column(String(10))
    fee_quantity: Mapped[int | None] = mapped_column(Integer)
    # third-party / co-issuer view (consultation_answered): agree / object / none
    opinion: Mapped[str | None] = mapped_column(String(10))
    # several requested items: the item an answer concerns (None: the whole application)
    item_no: Mapped[int | None] = mapped_column(Integer)
    # re-answer (重新答复) ordered by this review or litigation case
    review_case_id: Mapped[int | None] = mapped_column(Integer)
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


class CalendarYear(Base):
    """节假日安排: one year's official arrangement (国务院办公厅关于部分节假日安排的通知) entered by an
    administrator. Append-only: the newest row of a year is in force, earlier ones stay as history."""

    __tablename__ = "reg_calendar_year"
    __table_args__ = (Index("ix_reg_calendar_year_year", "year", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    holidays: Mapped[str] = mapped_column(Text)  # JSON list of ISO dates
    workdays: Mapped[str] = mapped_column(Text)  # JSON list of ISO dates (调休上班的周末)
    source: Mapped[str | None] = mapped_column(Text)  # e.g. 国办发明电〔2026〕x号
    actor: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


CORRECTION_ACTIONS: dict[str, str] = {
    "field": "更正登记事项",
    "event": "更正办理事项",
    "void_event": "作废办理事项",
    "void": "作废申请",
}


class Correction(Base):
    """更正/作废: a correction of an application's field or of an event, or a void, with its reason and
    the approver who made it. Append-only; the original values stay in the event table and here
    (``old``), so the history shows what was superseded."""

    __tablename__ = "reg_correction"
    __table_args__ = (CheckConstraint(_in("action", CORRECTION_ACTIONS), name="action"),
                      Index("ix_reg_correction_application", "application_id", "id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("reg_application.id"))
    event_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(12))
    field: Mapped[str | None] = mapped_column(String(30))
    old: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    new: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    reason: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[str | None] = mapped_column(String(100))
    actor: Mapped[str] = mapped_column(String(100))  # the approver
    published_years: Mapped[str | None] = mapped_column(String(100))  # published years it changes
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class PublishedYear(Base):
    """已公布年度报告: a body's year marked published, with the Table 3/4 figures as published (JSON)."""

    __tablename__ = "reg_published_year"
    __table_args__ = (Index("ix_reg_published_year_body", "body_id", "year", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("reg_body.id"))
    year: Mapped[int] = mapped_column(Integer)
    figures: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


APPEND_ONLY_TABLES = ("reg_event", "reg_audit", "reg_calendar_year", "reg_correction", "reg_published_year")
