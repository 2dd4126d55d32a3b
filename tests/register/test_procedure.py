"""Issue 11, the twelve defects: each through the service functions (and the CLI where the issue
reproduced it there), on SQLite and PostgreSQL. Every expected date is counted by hand in the comment
next to it (2025 holidays: 清明 4–6 April; 劳动节 1–5 May with Sunday 27 April worked)."""
from __future__ import annotations

import datetime as dt

import pytest

from gongkai.register import (InvalidEvent, InvalidInput, add_applicant, add_application, audit, case_status,
                              clock, due_list, get_application, record_event, update_applicant, year_report)
from gongkai.register.holidays import set_year_arrangement, year_arrangements
from gongkai.register.errors import CalendarError

from .conftest import dump, make_application

D = dt.date


def ev(db, app_id, kind, on, **kw):
    with db.transaction() as s:
        e = record_event(s, app_id, kind, on, actor="tester", **kw)
        return e.id, e.warnings


def refused(db, app_id, kind, on, match, exc=InvalidEvent, **kw):
    before = dump(db)
    with pytest.raises(exc, match=match):
        ev(db, app_id, kind, on, **kw)
    assert dump(db) == before


def status(db, app_id, today):
    with db.transaction() as s:
        return case_status(s, app_id, today=today)


# ------------------------------------------------------------------ 1. fee period from the applicant's receipt


def test_1_fee_period_runs_from_the_applicants_receipt(db, new_body):
    """国办函〔2020〕109号: pay within 20 working days from the day after *receiving* the fee notice.
    Notice sent Mon 10 March 2025, received Thu 13 March: 14 (1), 17–21 (6), 24–28 (11), 31 (12),
    1–3 April (15), 4 April 清明, 7–11 April (20) -> due Fri 11 April (from sending it would be 8 April)."""
    app = make_application(db, new_body(), D(2025, 3, 3))
    ev(db, app, "fee_notice_sent", D(2025, 3, 10), delivered_on=D(2025, 3, 13), delivery_method="post",
       tracking_no="EMS123")
    assert status(db, app, D(2025, 4, 9)).due.on == D(2025, 4, 11)
    refused(db, app, "fee_expired", D(2025, 4, 11), "尚未逾期")
    ev(db, app, "fee_paid", D(2025, 4, 11))  # refused before the fix ("缴费期限已于2025年4月8日届满")
    assert status(db, app, D(2025, 4, 11)).state == "processing"


def test_1_receipt_recorded_later_by_a_delivery_event(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))
    notice, _ = ev(db, app, "fee_notice_sent", D(2025, 3, 10))
    ev(db, app, "delivered", D(2025, 3, 13), ref_event_id=notice, delivery_method="post")
    refused(db, app, "fee_paid", D(2025, 4, 14), "缴费期限已于2025年4月11日届满")
    ev(db, app, "fee_expired", D(2025, 4, 14))


def test_1_fee_payment_through_the_cli(tmp_path):
    """The issue's reproduction: add --ref FEE, fee_notice_sent 2025-03-10 (received 03-13), fee_paid 2025-04-11."""
    from typer.testing import CliRunner

    from gongkai.cli import app

    url = f"sqlite:///{tmp_path / 'r.db'}"
    run = CliRunner()

    def cli(*args):
        res = run.invoke(app, ["register", *args, "--db", url])
        assert res.exit_code == 0, res.output
        return res.output

    cli("body", "add", "某局")
    cli("add", "--body", "某局", "--received", "2025-03-03", "--ref", "FEE", "--channel", "internet",
        "--kind", "natural", "--name", "甲")
    cli("event", "FEE", "fee_notice_sent", "--on", "2025-03-10", "--delivered", "2025-03-13", "--method", "post",
        "--basis", "by_pages", "--quantity", "40", "--amount", "100")
    out = cli("event", "FEE", "fee_paid", "--on", "2025-04-11")
    assert "缴纳费用" in out and "办理中" in out


# ------------------------------------------------------------------ 2. 补正 needs a period


def test_2_supplement_request_needs_a_period(db, new_body):
    """Art. 30: the office tells the applicant what to supplement *and by when* (a reasonable period)."""
    app = make_application(db, new_body(), D(2025, 3, 3))
    refused(db, app, "supplement_requested", D(2025, 3, 5), "须注明补正期限")


def test_2_short_period_warns_and_missed_only_after_it(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))
    # 5 → 6 March is one working day: accepted, with a warning (minimum 10 working days)
    _, warnings = ev(db, app, "supplement_requested", D(2025, 3, 5), until=D(2025, 3, 6))
    assert any("只有1个工作日" in w for w in warnings)
    refused(db, app, "supplement_missed", D(2025, 3, 6), "尚未逾期")
    ev(db, app, "supplement_missed", D(2025, 3, 7))


# ------------------------------------------------------------------ 3. late 补正告知


def test_3_supplement_request_after_seven_working_days_refused(db, new_body):
    """Art. 30: within 7 working days of receipt. Received Mon 3 March 2025: 4–7 (4), 10–12 (7) -> 12 March.
    On 20 March (13th working day) it is refused and the answer stays due 31 March."""
    body = new_body()
    app = make_application(db, body, D(2025, 3, 3))
    refused(db, app, "supplement_requested", D(2025, 3, 20), "7个工作日内", until=D(2025, 4, 10))
    assert status(db, app, D(2025, 3, 20)).due.answer_due == D(2025, 3, 31)
    other = make_application(db, body, D(2025, 3, 3))
    ev(db, other, "supplement_requested", D(2025, 3, 12), until=D(2025, 3, 31))  # the 7th working day: allowed


# ------------------------------------------------------------------ 4. one fee notice per application


def test_4_second_fee_notice_refused_even_after_payment(db, new_body):
    """国办函〔2020〕109号: one charge per application (按件 or 按量, never twice)."""
    app = make_application(db, new_body(), D(2025, 3, 3))
    ev(db, app, "fee_notice_sent", D(2025, 3, 5), delivered_on=D(2025, 3, 5))
    ev(db, app, "fee_paid", D(2025, 3, 10))
    refused(db, app, "fee_notice_sent", D(2025, 3, 11), "一件申请只能收费一次")


# ------------------------------------------------------------------ 5. extension's notified end date


def test_5_shorter_notified_extension_is_kept(db, new_body):
    """Art. 33: extension *up to* 20 working days. Due 31 March 2025; the longest extension ends
    1–3 April (3), 7–11 (8), 14–18 (13), 21–25 (18), Sun 27 April worked (19), 28 April (20)."""
    body = new_body()
    app = make_application(db, body, D(2025, 3, 3))
    ev(db, app, "extension_approved", D(2025, 3, 20), until=D(2025, 4, 15))
    st = status(db, app, D(2025, 3, 21))
    assert st.due.answer_due == D(2025, 4, 15) and st.due.kind == "extended"
    assert st.due.label == "延期后答复期限"
    assert any(t.label == "延长答复期限" and "延期后答复期限：2025-04-15" in t.detail for t in st.timeline)
    other = make_application(db, body, D(2025, 3, 3))
    refused(db, other, "extension_approved", D(2025, 3, 20), "超过最长期限2025年4月28日", until=D(2025, 4, 29))
    ev(db, other, "extension_approved", D(2025, 3, 20), until=D(2025, 4, 28))


# ------------------------------------------------------------------ 6. third-party period from receipt


def test_6_third_party_period_counts_from_its_receipt(db, new_body):
    """Art. 32: 15 working days from the third party's receipt. Sent 10 March 2025, received 13 March:
    14 (1), 17–21 (6), 24–28 (11), 31 (12), 1–3 April (15) -> 3 April (from sending: 31 March).
    The answer clock stops from 10 March to 3 April: 4–7, 10 March (5), 7–11 April (10), 14–18 (15),
    21–25 (20) -> 25 April."""
    app = make_application(db, new_body(), D(2025, 3, 3))
    sent, _ = ev(db, app, "consultation_sent", D(2025, 3, 10), party="third_party")
    ev(db, app, "delivered", D(2025, 3, 13), ref_event_id=sent, delivery_method="post")
    st = status(db, app, D(2025, 3, 31))
    assert st.due.kind == "consultation" and st.due.on == D(2025, 4, 3)
    assert st.due.answer_due == D(2025, 4, 25)


# ------------------------------------------------------------------ 7. answering while a consultation is open


def test_7_answer_during_open_consultation_warns(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))
    ev(db, app, "consultation_sent", D(2025, 3, 5), party="co_issuer", delivered_on=D(2025, 3, 5))
    _, warnings = ev(db, app, "answered", D(2025, 3, 10), outcome="granted")
    assert any("尚未收到答复" in w and "其他机关" in w for w in warnings)


def test_7_disclosure_against_objection_needs_written_notice(db, new_body):
    """Art. 32: disclosing against a third party's objection, the office first tells it in writing."""
    app = make_application(db, new_body(), D(2025, 3, 3))
    ev(db, app, "consultation_sent", D(2025, 3, 5), party="third_party", delivered_on=D(2025, 3, 6))
    ev(db, app, "consultation_answered", D(2025, 3, 12), party="third_party", opinion="object")
    refused(db, app, "answered", D(2025, 3, 14), "书面告知第三方", outcome="granted")
    ev(db, app, "third_party_notified", D(2025, 3, 14), delivered_on=D(2025, 3, 14), delivery_method="in_person")
    ev(db, app, "answered", D(2025, 3, 17), outcome="partial")


# ------------------------------------------------------------------ 8. dates after today / before receipt


def test_8_future_dates_refused(db, new_body):
    body = new_body()
    with clock.fixed(D(2025, 3, 20)):
        with pytest.raises(InvalidInput, match="晚于今天"):
            make_application(db, body, D(2025, 4, 15))
        app = make_application(db, body, D(2025, 3, 3))
        refused(db, app, "answered", D(2025, 3, 21), "晚于今天", outcome="granted")
        refused(db, app, "answered", D(2025, 3, 1), "早于收到申请之日", outcome="granted")
        ev(db, app, "answered", D(2025, 3, 20), outcome="granted")


# ------------------------------------------------------------------ 9. before 15 May 2019: Decree 492


def test_9_applications_before_15_may_2019_get_15_plus_15_days(db, new_body):
    """Decree 492 Art. 24: 15 working days (+ at most 15); Decree 711 Art. 33 applies from 2019-05-15.
    Received Tue 14 May 2019: 15–17 (3), 20–24 (8), 27–31 (13), 3–4 June (15) -> 4 June; extended:
    5–6 (2), 7 June 端午, 10–14 (7), 17–21 (12), 24–26 (15) -> 26 June.
    Received Wed 15 May 2019: 16–17 (2), 20–24 (7), 27–31 (12), 3–6 June (16), 10–13 (20) -> 13 June."""
    body = new_body()
    old = make_application(db, body, D(2019, 5, 14))
    new = make_application(db, body, D(2019, 5, 15))
    assert status(db, old, D(2019, 5, 20)).due.answer_due == D(2019, 6, 4)
    assert status(db, new, D(2019, 5, 20)).due.answer_due == D(2019, 6, 13)
    refused(db, old, "extension_approved", D(2019, 5, 30), "延长不超过15个工作日", until=D(2019, 6, 27))
    ev(db, old, "extension_approved", D(2019, 5, 30))
    assert status(db, old, D(2019, 5, 30)).due.answer_due == D(2019, 6, 26)


# ------------------------------------------------------------------ 10. unknown calendar years


# A made-up 2027 arrangement for the test only (the State Council had not published 2027's): the fixed
# statutory days plus a fictitious holiday week 11–15 January and a working Saturday 16 January.
TEST_2027_HOLIDAYS = ["2027-01-01", "2027-01-11..2027-01-15", "2027-05-01", "2027-05-02", "2027-10-01..2027-10-03"]


def test_10_december_never_goes_blind(db, new_body):
    """Today 28 Dec 2026, 2027 unknown (chinesecalendar 1.11.0 stops at 2026). Received Mon 21 Dec 2026:
    22–25 (4), 28–31 (8), 1 Jan fixed holiday, 4–8 (13), 11–15 (18), 18–19 (20) -> 19 Jan 2027 (估算).
    After the (test) arrangement: 4–8 (13), Sat 16 (14), 18–22 (19), 25 (20) -> 25 Jan 2027, exact."""
    body = new_body()
    with clock.fixed(D(2026, 12, 28)):
        app = make_application(db, body, D(2026, 12, 21))
        with db.transaction() as s:
            a = get_application(s, app)
            assert a.answer_due == D(2027, 1, 19) and a.due_estimated and a.due_note is None
            items = due_list(s, within=20, body_id=body)  # works from 25 December on
            item = next(i for i in items if i.application_id == app)
            assert item.estimated and "估算" in item.due_label and item.due_text == "2027-01-19（估算）"
            assert "估算" in case_status(s, app).due.label
    with clock.fixed(D(2027, 1, 4)):
        new = make_application(db, body, D(2027, 1, 4))  # a 2027 receipt can be registered
        ev(db, new, "answered", D(2027, 1, 4), outcome="granted")  # an answer needs no calendar
        with db.transaction() as s:
            set_year_arrangement(s, 2027, TEST_2027_HOLIDAYS, ["2027-01-16"], source="测试用安排", actor="管理员")
        with db.transaction() as s:
            a = get_application(s, app)
            assert a.answer_due == D(2027, 1, 25) and not a.due_estimated
            assert "估算" not in case_status(s, app).due.label
            assert [r.year for r in year_arrangements(s) if r.year == 2027] == [2027]
            entry = [e for e in audit.entries(s, entity="calendar") if e.actor == "管理员"][-1]
            assert entry.action == "calendar.set" and '"year": 2027' in entry.detail


@pytest.mark.parametrize("holidays, workdays, match", [
    (["2027-05-01", "2027-05-02", "2027-10-01..2027-10-03"], [], "缺少法定节假日：2027-01-01"),
    (TEST_2027_HOLIDAYS, ["2027-01-18"], "不是周六或周日"),
    (TEST_2027_HOLIDAYS, ["2026-12-27"], "不属于 2027 年"),
    (TEST_2027_HOLIDAYS + ["2027-02-30"], [], "不是日期"),
    (TEST_2027_HOLIDAYS, ["2027-01-01"], "同时列为"),
])
def test_10_arrangement_is_validated(db, holidays, workdays, match):
    before = dump(db)
    with pytest.raises(CalendarError, match=match):
        with db.transaction() as s:
            set_year_arrangement(s, 2027, holidays, workdays, actor="管理员")
    assert dump(db) == before


# ------------------------------------------------------------------ 11. today is China Standard Time


def test_11_today_is_the_date_in_beijing():
    """At 20:00 UTC on 3 December it is already 4 December in Beijing (UTC+8)."""
    assert clock.date_in_china(dt.datetime(2026, 12, 3, 20, 0, tzinfo=dt.timezone.utc)) == D(2026, 12, 4)
    assert clock.date_in_china(dt.datetime(2026, 12, 3, 15, 59, tzinfo=dt.timezone.utc)) == D(2026, 12, 3)


def test_11_days_left_use_the_register_clock(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))  # due Mon 31 March 2025
    with clock.fixed(D(2025, 3, 28)), db.transaction() as s:
        st = case_status(s, app)  # no "today" given: the clock's
        assert st.due.days_left == 1 and not st.due.overdue


# ------------------------------------------------------------------ 12. the applicant's kind at receipt


def test_12_reclassifying_an_applicant_keeps_the_published_year(db, new_body):
    body = new_body()
    with db.transaction() as s:
        who = add_applicant(s, "natural", "某甲", actor="tester").id
        old = add_application(s, body_id=body, applicant_id=who, received_on=D(2024, 5, 6), channel="internet",
                              actor="tester").id
    ev(db, old, "answered", D(2024, 5, 20), outcome="granted")
    with db.transaction() as s:
        before = year_report(s, body, 2024).flat()
        update_applicant(s, who, kind="commercial", actor="tester")
        new = add_application(s, body_id=body, applicant_id=who, received_on=D(2025, 5, 6), channel="internet",
                              actor="tester").id
    with db.transaction() as s:
        after = year_report(s, body, 2024).flat()
        assert after == before and after["t3.granted.natural"] == 1 and after["t3.granted.commercial"] == 0
        assert year_report(s, body, 2025).flat()["t3.new.commercial"] == 1
        assert get_application(s, new).applicant_kind == "commercial"
