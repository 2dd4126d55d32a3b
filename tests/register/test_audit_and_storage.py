"""Audit log (审计日志) and storage: append-only tables, personal data kept out, migrations."""
from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from gongkai.register import audit, open_register, record_event, update_applicant, upgrade
from gongkai.register.db import alembic_config

from .conftest import make_application

D = dt.date


def test_every_change_is_audited_with_who_and_what(db, new_body):
    body = new_body()
    app = make_application(db, body, D(2025, 3, 3))
    with db.transaction() as s:
        record_event(s, app, "answered", D(2025, 3, 20), outcome="granted", actor="王经办")
    with db.transaction() as s:
        entries = audit.entries(s, entity="application", entity_id=app)
        assert [e.action for e in entries] == ["application.add", "event.answered"]
        last = entries[-1]
        assert last.actor == "王经办" and last.at is not None
        assert json.loads(last.detail)["outcome"] == "granted"
        assert audit.entries(s, entity="body", entity_id=body)[0].action == "body.add"


def test_personal_data_not_in_the_audit_log(db, new_body):
    from gongkai.register import add_applicant

    with db.transaction() as s:
        a = add_applicant(s, "natural", "赵秘密", id_document="身份证 110101199001011234", contact="13800000000",
                          actor="tester")
        update_applicant(s, a.id, contact="13900000000", actor="tester")
    with db.transaction() as s:
        text = " ".join(e.detail for e in audit.entries(s, entity="applicant", entity_id=a.id))
    assert "赵秘密" not in text and "1101011990" not in text and "139000" not in text and "contact" in text


@pytest.mark.parametrize("statement", [
    "UPDATE reg_audit SET actor = 'someone else'",
    "DELETE FROM reg_audit",
    "UPDATE reg_event SET outcome = 'denied.state_secret'",
    "DELETE FROM reg_event",
])
def test_audit_and_events_cannot_be_changed(db, new_body, statement):
    app = make_application(db, new_body(), D(2025, 3, 3))
    with db.transaction() as s:
        record_event(s, app, "answered", D(2025, 3, 20), outcome="granted", actor="tester")
    with pytest.raises(DBAPIError, match="只能追加"):
        with db.engine.begin() as conn:
            conn.execute(sa.text(statement))


def test_no_update_or_delete_api():
    assert not any(name.startswith(("delete", "remove", "edit")) for name in dir(audit))


def test_migrations_up_and_down(tmp_path):
    from alembic import command

    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    eng = sa.create_engine(url)
    names = set(sa.inspect(eng).get_table_names())
    assert {"reg_body", "reg_applicant", "reg_application", "reg_event", "reg_audit", "alembic_version"} <= names
    with eng.connect() as c:
        triggers = set(c.execute(sa.text("SELECT name FROM sqlite_master WHERE type='trigger'")).scalars())
    assert {"reg_event_no_update", "reg_audit_no_delete"} <= triggers
    command.downgrade(alembic_config(url), "base")
    assert not {"reg_body", "reg_event"} & set(sa.inspect(eng).get_table_names())
    eng.dispose()
    reg = open_register(url)  # migrates again
    assert "reg_event" in sa.inspect(reg.engine).get_table_names()
    reg.dispose()
