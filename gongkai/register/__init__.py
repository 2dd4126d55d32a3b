"""Case register of disclosure applications (依申请公开登记册): every application from receipt to
answer, statutory deadlines (法定期限) in working days, fees (信息处理费), review/litigation cases,
proactive-disclosure counts, and the year's Tables 2–4 computed from it.

Public API (stable; the web app and the CLI use only these):

Storage (``db``)
    ``open_register(url=None, *, migrate=True, schema=None) -> Register`` — ``Register.engine``,
    ``Register.session()``, ``Register.transaction()`` (context manager, commits / rolls back);
    ``upgrade(url_or_engine, revision="heads")``; ``Base`` (declarative base for every table;
    web tables live on it and their Alembic revisions in ``gongkai/web/migrations/versions`` with
    ``down_revision = REGISTER_HEAD``); ``default_url()`` (env ``GONGKAI_DATABASE_URL`` or
    ``sqlite:///gongkai.db``).

Operations (``service``; all take ``session`` first, changes take ``actor: str`` for the audit
log; they flush, the caller commits; refused operations raise ``RegisterError`` and write nothing)
    ``add_body``, ``get_body``, ``list_bodies``, ``body_and_descendants``;
    ``add_applicant``, ``find_applicant``, ``update_applicant``;
    ``add_application``, ``get_application``, ``list_applications``, ``record_event``, ``case_status`` (state, next due,
    working days left, overdue, timeline), ``due_list`` (within N working days or overdue),
    ``refresh_deadlines``, ``carried_forward``;
    ``add_review_case``, ``decide_review_case``; ``set_proactive_count``, ``proactive_counts``,
    ``proactive_fields``; ``parse_date``.

Year report (``report``)
    ``year_report(session, body_id, year, *, rollup=False) -> gongkai.model.Report``.

Deadlines and calendar (``deadlines``, ``calendar``)
    ``WorkCalendar``, ``default_calendar()``, ``load_calendar_file(path)``, ``add_workdays``,
    ``workdays_between``, ``is_workday``; ``answer_due``, ``next_due`` and the period constants.

Fees (``fees``): ``fee_by_count(n)``, ``price_of_application(n)``, ``fee_by_pages(pages)``,
``month_count``, ``fee_for_application``.

Events (``events``): ``EVENT_KINDS``, ``STATES``, ``PARTIES``, ``replay``, ``check``.

Import/export (``io``, ``io_extra``): ``import_file(session, path, *, actor)``, ``export_file(session, path, ...)``,
``export_register`` (applications and events, plus review cases and Table 2 counts as further XLSX sheets or
sibling CSV files).

Audit (``audit``): ``audit.log(...)``, ``audit.entries(session, ...)`` — append-only.

Errors (``errors``): ``RegisterError`` ⊃ ``NotFound``, ``InvalidInput``, ``InvalidEvent``,
``CalendarError``, ``ImportRejected`` — Chinese messages.

Vocabularies (``models``): ``APPLICANT_KINDS``, ``CHANNELS``, ``BODY_LEVELS``, ``REVIEW_GROUPS``,
``REVIEW_OUTCOMES``; tables ``Body``, ``Applicant``, ``Application``, ``Event``, ``ReviewCase``,
``ProactiveCount``, ``AuditEntry``.
"""
from __future__ import annotations

from . import audit, clock, corrections, deadlines, events, fees, holidays
from .calendar import WorkCalendar, add_workdays, default_calendar, is_workday, load_calendar_file, workdays_between
from .db import Base, Register, default_url, open_register, upgrade
from .errors import CalendarError, ImportRejected, InvalidEvent, InvalidInput, NotFound, RegisterError
from .events import EVENT_KINDS, PARTIES, STATES
from .fees import fee_by_count, fee_by_pages, fee_for_application, month_count, price_of_application
from .models import (APPLICANT_KINDS, BODY_LEVELS, CHANNELS, REVIEW_GROUPS, REVIEW_OUTCOMES, Applicant,
                     Application, AuditEntry, Body, Event, ProactiveCount, ReviewCase)
from .report import year_report
from .service import (CaseStatus, DueItem, add_applicant, add_application, add_body, add_review_case,
                      body_and_descendants, carried_forward, case_status, decide_review_case, due_list,
                      find_applicant, get_application, get_body, list_applications, list_bodies, parse_date,
                      proactive_counts, proactive_fields, record_event, refresh_deadlines, set_proactive_count, update_applicant)

REGISTER_HEAD = "0001_register"  # web revisions chain from here; 0002_procedure is a sibling head

__all__ = [
    "audit", "clock", "corrections", "deadlines", "events", "fees", "holidays",
    "WorkCalendar", "add_workdays", "default_calendar", "is_workday", "load_calendar_file", "workdays_between",
    "Base", "Register", "default_url", "open_register", "upgrade", "REGISTER_HEAD",
    "CalendarError", "ImportRejected", "InvalidEvent", "InvalidInput", "NotFound", "RegisterError",
    "EVENT_KINDS", "PARTIES", "STATES",
    "fee_by_count", "fee_by_pages", "fee_for_application", "month_count", "price_of_application",
    "APPLICANT_KINDS", "BODY_LEVELS", "CHANNELS", "REVIEW_GROUPS", "REVIEW_OUTCOMES",
    "Applicant", "Application", "AuditEntry", "Body", "Event", "ProactiveCount", "ReviewCase",
    "year_report",
    "CaseStatus", "DueItem", "add_applicant", "add_application", "add_body", "add_review_case",
    "body_and_descendants", "carried_forward", "case_status", "decide_review_case", "due_list",
    "find_applicant", "get_application", "get_body", "list_applications", "list_bodies", "parse_date", "proactive_counts",
    "proactive_fields", "record_event", "refresh_deadlines", "set_proactive_count", "update_applicant",
]
