"""Deadlines of applications (法定期限) through the register: real holidays, clock stops, extension."""
from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from gongkai.register import CalendarError, case_status, due_list, get_application, record_event
from gongkai.register.calendar import WorkCalendar

from .conftest import make_application

D = dt.date


def naive_due(start: dt.date, n: int, paused: list[tuple[dt.date, dt.date]] = ()) -> dt.date:
    """Independent oracle: walk day by day, skipping non-working days and paused days (s < d <= e)."""
    d, k = start, 0
    while k < n:
        d += dt.timedelta(1)
        if chinese_calendar.is_workday(d) and not any(s < d <= e for s, e in paused):
            k += 1
    return d


def ev(db, app_id, kind, on, **kw):
    with db.transaction() as s:
        return record_event(s, app_id, kind, on, actor="tester", **kw)


def status(db, app_id, today):
    with db.transaction() as s:
        return case_status(s, app_id, today=today)


def test_spring_festival_answer_due(db, new_body):
    app = make_application(db, new_body(), D(2025, 1, 24))
    st = status(db, app, D(2025, 1, 24))
    assert st.supplement_notice_due == D(2025, 2, 10)  # 7 working days incl. Sun 26 Jan and Sat 8 Feb
    assert st.due.answer_due == D(2025, 2, 27) == naive_due(D(2025, 1, 24), 20)
    assert st.due.kind == "answer" and st.state == "processing"
    assert st.due.days_left == 20 and not st.overdue


def test_national_day_days_left_and_overdue(db, new_body):
    app = make_application(db, new_body(), D(2025, 9, 26))
    assert status(db, app, D(2025, 9, 26)).due.on == D(2025, 10, 30)
    st = status(db, app, D(2025, 10, 27))
    assert st.due.days_left == 3 and not st.overdue
    st = status(db, app, D(2025, 10, 30))
    assert st.due.days_left == 0 and not st.overdue
    st = status(db, app, D(2025, 10, 31))
    assert st.overdue and st.due.days_left == -1


def test_supplement_stops_and_restarts_the_clock(db, new_body):
    app = make_application(db, new_body(), D(2025, 9, 26))
    ev(db, app, "supplement_requested", D(2025, 9, 29), until=D(2025, 10, 20))
    st = status(db, app, D(2025, 10, 9))
    assert st.state == "awaiting_supplement" and st.due.answer_due is None
    assert st.due.kind == "supplement" and st.due.on == D(2025, 10, 20)
    ev(db, app, "supplement_received", D(2025, 10, 10))
    st = status(db, app, D(2025, 10, 10))
    # the 20 days run from receipt of the supplement: Sat 11 Oct is a working day
    assert st.due.answer_due == D(2025, 11, 6) == naive_due(D(2025, 10, 10), 20)


def test_third_party_consultation_stops_the_clock(db, new_body):
    app = make_application(db, new_body(), D(2025, 1, 24))
    ev(db, app, "consultation_sent", D(2025, 2, 6), party="third_party")
    st = status(db, app, D(2025, 2, 10))
    assert st.state == "consulting"
    assert st.due.kind == "consultation" and st.due.on == D(2025, 2, 26) == naive_due(D(2025, 2, 6), 15)
    # while waiting, the answer due date assumes the full 15 days of waiting
    assert st.due.answer_due == naive_due(D(2025, 1, 24), 20, [(D(2025, 2, 6), D(2025, 2, 26))]) == D(2025, 3, 20)
    ev(db, app, "consultation_answered", D(2025, 2, 20), party="third_party")
    st = status(db, app, D(2025, 2, 21))
    assert st.state == "processing"
    assert st.due.answer_due == D(2025, 3, 14) == naive_due(D(2025, 1, 24), 20, [(D(2025, 2, 6), D(2025, 2, 20))])


def test_co_issuer_silence_counts_15_days_at_most(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))
    ev(db, app, "consultation_sent", D(2025, 3, 5), party="co_issuer")
    # a late reply does not stop the clock beyond the 15 working days
    late = naive_due(D(2025, 3, 5), 15) + dt.timedelta(days=5)
    ev(db, app, "consultation_answered", late, party="co_issuer")
    st = status(db, app, late)
    assert st.due.answer_due == naive_due(D(2025, 3, 3), 20, [(D(2025, 3, 5), naive_due(D(2025, 3, 5), 15))])


def test_extension_adds_twenty_working_days_once(db, new_body):
    app = make_application(db, new_body(), D(2025, 1, 24))
    ev(db, app, "consultation_sent", D(2025, 2, 6), party="third_party")
    ev(db, app, "consultation_answered", D(2025, 2, 20), party="third_party")
    ev(db, app, "extension_approved", D(2025, 3, 10))
    st = status(db, app, D(2025, 3, 10))
    # Qingming: 4–6 April 2025 are holidays
    assert st.due.answer_due == naive_due(D(2025, 1, 24), 40, [(D(2025, 2, 6), D(2025, 2, 20))]) == D(2025, 4, 14)


def test_fee_notice_stops_the_clock_until_paid(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))
    ev(db, app, "fee_notice_sent", D(2025, 3, 10), amount="300")
    st = status(db, app, D(2025, 3, 11))
    assert st.state == "awaiting_fee" and st.due.kind == "fee"
    assert st.due.on == naive_due(D(2025, 3, 10), 20) == D(2025, 4, 8)
    ev(db, app, "fee_paid", D(2025, 3, 20))
    st = status(db, app, D(2025, 3, 20))
    assert st.due.answer_due == naive_due(D(2025, 3, 3), 20, [(D(2025, 3, 10), D(2025, 3, 20))])
    ev(db, app, "answered", D(2025, 3, 25), outcome="granted")
    st = status(db, app, D(2025, 3, 25))
    assert st.state == "answered" and st.due.on is None and not st.overdue


def test_unpaid_fee_lapses_after_twenty_working_days(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))
    ev(db, app, "fee_notice_sent", D(2025, 3, 10))
    ev(db, app, "fee_expired", D(2025, 4, 9))
    with db.transaction() as s:
        a = get_application(s, app)
        assert a.state == "lapsed_fee" and a.outcome == "other.unpaid_fee" and a.closed_on == D(2025, 4, 9)


def test_due_list_for_one_body(db, new_body):
    body, other = new_body(), new_body()
    soon = make_application(db, body, D(2025, 9, 26))  # due 30 Oct
    later = make_application(db, body, D(2025, 10, 27))  # due 24 Nov
    done = make_application(db, body, D(2025, 9, 26))
    ev(db, done, "answered", D(2025, 10, 9), outcome="granted")
    make_application(db, other, D(2025, 9, 26))
    with db.transaction() as s:
        items = due_list(s, within=5, body_id=body, today=D(2025, 10, 27))
        assert [i.application_id for i in items] == [soon]
        assert items[0].days_left == 3 and items[0].due_on == D(2025, 10, 30) and not items[0].overdue
        items = due_list(s, within=30, body_id=body, today=D(2025, 10, 31))
        assert [i.application_id for i in items] == [soon, later]
        assert items[0].overdue and items[0].days_left == -1


def test_local_calendar_completes_an_unknown_year(db, new_body, tmp_path):
    f = tmp_path / "cal.yaml"
    f.write_text("year: 2031\nholidays: [2031-01-01, 2031-01-22..2031-01-28]\nworkdays: [2031-01-19]\n",
                 encoding="utf-8")
    cal = WorkCalendar()
    cal.load(f)
    from gongkai.register import add_applicant, add_application, clock

    body = new_body()
    with clock.fixed(D(2031, 1, 17)), db.transaction() as s:
        a = add_applicant(s, "natural", "某人", actor="tester")
        app = add_application(s, body_id=body, applicant_id=a.id, received_on=D(2031, 1, 17),
                              channel="fax", actor="tester", calendar=cal)
        assert app.answer_due == cal.add_workdays(D(2031, 1, 17), 20)
        assert app.answer_due == D(2031, 2, 20)  # 19–21 Jan, 29–31 Jan, then 14 days in February
        assert not app.due_estimated


def test_art35_later_date_set_by_the_office(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))  # due 31 March
    ev(db, app, "deadline_set", D(2025, 3, 20), until=D(2025, 5, 30))
    st = status(db, app, D(2025, 3, 21))
    assert st.due.answer_due == D(2025, 5, 30) and st.due.kind == "answer"
    assert any(t.label == "另行确定答复期限" and "2025-05-30" in t.detail for t in st.timeline)
