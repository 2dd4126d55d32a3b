"""Fixtures of the register tests: a register on SQLite and on PostgreSQL (``db``), fresh bodies.

PostgreSQL: env ``GONGKAI_TEST_PG_URL`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``);
each test session works in its own schema, dropped at the end.
"""
from __future__ import annotations

import datetime as dt
import itertools
import os
import uuid

import pytest
import sqlalchemy as sa

from gongkai.register import add_applicant, add_application, add_body, clock, open_register

PG_URL = os.environ.get("GONGKAI_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _sqlite(tmp_path_factory):
    path = tmp_path_factory.mktemp("register") / "register.db"
    return open_register(f"sqlite:///{path}")


TODAY = dt.date(2026, 12, 3)  # "today" of the register tests (China Standard Time); never the system clock


@pytest.fixture(autouse=True)
def _today():
    """Every register test runs with "today" set through the register's one clock (``clock.fixed``)."""
    with clock.fixed(TODAY):
        yield TODAY


@pytest.fixture(scope="session")
def _registers(tmp_path_factory):
    made: dict[str, object] = {}
    schema = f"gk_test_{uuid.uuid4().hex[:10]}"

    def get(kind: str):
        if kind not in made:
            if kind == "sqlite":
                made[kind] = _sqlite(tmp_path_factory)
            else:
                made[kind] = open_register(PG_URL, schema=schema)
        return made[kind]

    yield get
    for kind, reg in made.items():
        if kind == "postgresql":
            with reg.engine.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        reg.dispose()


@pytest.fixture(params=BACKENDS)
def db(request, _registers):
    """An open register (shared by the tests of a session: make your own body with ``new_body``)."""
    return _registers(request.param)


@pytest.fixture
def fresh_db(request, tmp_path):
    """A brand-new SQLite register for tests that look at the whole database."""
    reg = open_register(f"sqlite:///{tmp_path / 'fresh.db'}")
    yield reg
    reg.dispose()


_counter = itertools.count()


def unique(prefix: str) -> str:
    return f"{prefix}{next(_counter)}-{uuid.uuid4().hex[:6]}"


@pytest.fixture
def new_body(db):
    """Make a body with a unique name; returns its id."""

    def make(parent_id=None, name=None) -> int:
        with db.transaction() as s:
            return add_body(s, name or unique("测试机关"), level="county", parent_id=parent_id, actor="tester").id

    return make


def make_application(db, body_id: int, received: dt.date, kind: str = "natural", channel: str = "internet",
                     ref: str | None = None) -> int:
    with db.transaction() as s:
        a = add_applicant(s, kind, unique("申请人"), actor="tester")
        return add_application(s, body_id=body_id, applicant_id=a.id, received_on=received, channel=channel,
                               request="某某文件", ref_no=ref, actor="tester").id


REG_TABLES = ("reg_body", "reg_applicant", "reg_application", "reg_event", "reg_review_case",
              "reg_proactive_count", "reg_audit")


def dump(db) -> dict[str, list[tuple]]:
    """Every row of every register table, for before/after comparisons."""
    out = {}
    with db.engine.connect() as conn:
        for t in REG_TABLES:
            out[t] = [tuple(r) for r in conn.execute(sa.text(f"SELECT * FROM {t} ORDER BY id"))]
    return out
