"""The web application on PostgreSQL (its own schema, dropped afterwards)."""
from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from gongkai.register.db import open_register

from .conftest import as_user, make_env

pytestmark = pytest.mark.postgres
PG_URL = os.environ.get("GONGKAI_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="module")
def pg_env():
    schema = f"gk_web_{uuid.uuid4().hex[:10]}"
    reg = open_register(PG_URL, schema=schema)
    try:
        yield make_env(PG_URL, register=reg)
    finally:
        with reg.engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        reg.dispose()


def test_flow_on_postgres(pg_env):
    c, csrf = as_user(pg_env, "officer")
    today = dt.date.today()
    r = c.post("/api/applications", json={"applicant_kind": "research", "applicant_name": "某研究所",
                                          "received_on": today.isoformat(), "channel": "internet"},
               headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201, r.text
    case_id = r.json()["id"]
    a, acsrf = as_user(pg_env, "approver")
    r = a.post(f"/api/applications/{case_id}/events", json={"kind": "answered", "outcome": "unable.not_held"},
               headers={"X-CSRF-Token": acsrf})
    assert r.status_code == 201, r.text
    flat = c.get(f"/api/year-report?year={today.year}").json()["flat"]
    assert flat["t3.unable.not_held.research"] == 1
    for path in ("/", "/cases", "/cases?state=closed&kind=research&outcome=unable", f"/cases/{case_id}",
                 f"/reports?year={today.year}", "/audit"):
        who = a if path == "/audit" else c
        r = who.get(path)
        assert r.status_code in (200, 403), (path, r.status_code)
    assert "某研究所" in c.get("/cases?kind=research").text
    sup, _ = as_user(pg_env, "supervisor")
    assert sup.get("/audit").status_code == 200
    assert TestClient(pg_env.app).get("/api/me").status_code == 401
