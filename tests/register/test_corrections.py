"""更正 and 作废 (issue 11, "keep the record true"): a correction of a field or an event and a void,
each with a reason and an approver, append-only (the original stays visible, superseded), deadlines
and the year tables recomputed, a published year flagged. SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from gongkai.register import (InvalidEvent, InvalidInput, audit, case_status, clock, due_list, get_application,
                              list_applications, record_event, year_report)
from gongkai.register.corrections import (correct_application, correct_event, corrections_of, mark_published,
                                          published_differences, void_application, void_event)

from .conftest import dump, make_application

D = dt.date


def ev(db, app_id, kind, on, **kw):
    with db.transaction() as s:
        return record_event(s, app_id, kind, on, actor="经办人", **kw).id


def test_correct_receipt_date_recomputes_the_deadline(db, new_body):
    """Entered as received Mon 10 March 2025 (due 8 April: 11–14 (4), 17–21 (9), 24–28 (14), 31 (15),
    1–3 April (18), 4 April 清明, 7–8 (20)); really received 3 March -> due 31 March (Art. 33)."""
    app = make_application(db, new_body(), D(2025, 3, 10))
    with db.transaction() as s:
        assert get_application(s, app).answer_due == D(2025, 4, 8)
        c = correct_application(s, app, "received_on", "2025-03-03", reason="登记时误把签收日期写成拆封日期",
                                actor="审批人", requested_by="经办人")
        assert c.published_years is None
    with db.transaction() as s:
        a = get_application(s, app)
        assert a.received_on == D(2025, 3, 3) and a.answer_due == D(2025, 3, 31)
        (row,) = corrections_of(s, app)
        assert row.actor == "审批人" and row.requested_by == "经办人" and '"2025-03-10"' in row.old


def test_correction_that_breaks_the_procedure_is_refused(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))
    ev(db, app, "extension_approved", D(2025, 3, 20))
    before = dump(db)
    with pytest.raises(InvalidEvent, match="更正后办理过程不符合程序规定.*早于收到申请之日"):
        with db.transaction() as s:
            correct_application(s, app, "received_on", "2025-03-25", reason="核对", actor="审批人")
    with pytest.raises(InvalidInput, match="须写明理由"):
        with db.transaction() as s:
            correct_application(s, app, "channel", "fax", reason=" ", actor="审批人")
    assert dump(db) == before


def test_correct_an_answer_moves_the_count_and_keeps_the_original(db, new_body):
    body = new_body()
    app = make_application(db, body, D(2025, 3, 3))
    answer = ev(db, app, "answered", D(2025, 3, 20), outcome="granted")
    with db.transaction() as s:
        assert year_report(s, body, 2025).number("t3.granted.natural") == 1
        correct_event(s, app, answer, outcome="partial", reason="实际为部分公开", actor="审批人")
    with db.transaction() as s:
        rep = year_report(s, body, 2025)
        assert rep.number("t3.granted.natural") == 0 and rep.number("t3.partial.natural") == 1
        labels = [t.label for t in case_status(s, app, today=D(2025, 3, 21)).timeline]
        assert "答复（原登记，已更正）" in labels and "答复（更正后）" in labels
    # the event row itself is untouched (append-only)
    with db.engine.connect() as c:
        assert c.execute(sa.text("SELECT outcome FROM reg_event WHERE id = :i"), {"i": answer}).scalar() == "granted"


def test_void_an_event_reopens_and_void_an_application_removes_it(db, new_body):
    body = new_body()
    app = make_application(db, body, D(2025, 3, 3))
    wrong = ev(db, app, "answered", D(2025, 3, 5), outcome="granted")  # recorded on the wrong case
    dup = make_application(db, body, D(2025, 3, 3))
    with db.transaction() as s:
        void_event(s, app, wrong, reason="误登记在本件申请上", actor="审批人")
        void_application(s, dup, reason="重复登记（与另一件为同一申请）", actor="审批人")
    with clock.fixed(D(2025, 3, 28)), db.transaction() as s:
        assert get_application(s, app).state == "processing"
        assert app in [i.application_id for i in due_list(s, within=5, body_id=body)]
        assert dup not in [i.application_id for i in due_list(s, within=30, body_id=body)]
        assert dup not in [a.id for a in list_applications(s, body_id=body)]
        assert get_application(s, dup).state == "voided"
        rep = year_report(s, body, 2025)
        assert rep.number("t3.new.natural") == 1 and rep.number("t3.granted.natural") == 0
        st = case_status(s, app, today=D(2025, 3, 28))
        assert "答复（已作废）" in [t.label for t in st.timeline]
    with pytest.raises(InvalidEvent, match="已作废"):
        ev(db, dup, "answered", D(2025, 3, 20), outcome="granted")


def test_correcting_a_published_year_is_flagged(db, new_body):
    body = new_body()
    app = make_application(db, body, D(2024, 5, 6))
    ev(db, app, "answered", D(2024, 5, 20), outcome="granted")
    with db.transaction() as s:
        mark_published(s, body, 2024, actor="办公室主任")
        assert published_differences(s, body, 2024) == []
        c = correct_application(s, app, "applicant_kind", "legal", reason="申请人实为律师事务所", actor="审批人")
        assert c.published_years == "2024"
    with db.transaction() as s:
        diff = {k: (a, b) for k, a, b in published_differences(s, body, 2024)}
        assert diff["t3.granted.natural"] == (1, 0) and diff["t3.granted.legal"] == (0, 1)
        entry = audit.entries(s, entity="application", entity_id=app)[-1]
        text = audit.describe(entry)
        assert "更正" in text and "申请人实为律师事务所" in text and "已公布的2024年度" in text


def test_audit_log_in_chinese_with_actor_time_and_reason(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))
    with db.transaction() as s:
        void_application(s, app, reason="测试数据", actor="审批人")
        entry = audit.entries(s, entity="application", entity_id=app)[-1]
        assert entry.actor == "审批人" and entry.at is not None
        assert audit.describe(entry) == "作废申请；理由：测试数据"
        assert audit.action_label(entry.action) == "作废申请"


def test_corrections_are_append_only(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))
    with db.transaction() as s:
        correct_application(s, app, "request", "某文件（含附件）", reason="补全申请内容", actor="审批人")
    with pytest.raises(sa.exc.DBAPIError, match="只能追加"):
        with db.engine.begin() as c:
            c.execute(sa.text("UPDATE reg_correction SET reason = 'x'"))
