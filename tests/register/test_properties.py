"""Property tests: random event sequences over several years.

- every refused event changes nothing;
- the year's tables satisfy every table rule (``gongkai.rules.check``) and the 勾稽 sums, and agree
  with an independent count of the accepted events (new, outcomes by applicant column, carried
  forward), and next year's 二、上年结转 equals this year's 四、结转下年度 column by column.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from gongkai.model import fields as F
from gongkai.register import (APPLICANT_KINDS, EVENT_KINDS, RegisterError, add_review_case, decide_review_case,
                              record_event, year_report)
from gongkai.register.calendar import WorkCalendar
from gongkai.register.deadlines import answer_days, answer_due
from gongkai.register.events import CaseState, EventInput, apply, check, implied_outcome
from gongkai.rules import check as check_report

from .conftest import make_application

D = dt.date
YEARS = (2020, 2021, 2022, 2023)
OUTCOMES = sorted(set(F.outcome_rows("2019")) | set(F.outcome_rows("2021")))
TABLE_RULES = ("T3_", "T4_", "VALUE_", "FORMAT_")

step = st.tuples(
    st.integers(0, 25),  # days after the previous step
    st.sampled_from(sorted(EVENT_KINDS)),
    st.sampled_from(OUTCOMES + ["granted", "granted", "partial", "unable.not_held"]),
    st.sampled_from(["third_party", "co_issuer"]),
    st.integers(2, 30),  # supplement deadline, days after the request
)
application = st.tuples(st.dates(D(2020, 10, 1), D(2022, 11, 30)), st.sampled_from(sorted(APPLICANT_KINDS)),
                        st.lists(step, max_size=6))
review = st.tuples(st.sampled_from(["review", "suit_direct", "suit_after_review"]),
                   st.dates(D(2020, 6, 1), D(2022, 12, 31)), st.one_of(st.none(), st.integers(0, 400)),
                   st.sampled_from(["upheld", "corrected", "other"]))


def snapshot(db, app_id: int):
    with db.engine.connect() as c:
        row = tuple(c.execute(sa.text("SELECT * FROM reg_application WHERE id = :i"), {"i": app_id}).one())
        n_ev = c.execute(sa.text("SELECT count(*) FROM reg_event")).scalar()
        n_audit = c.execute(sa.text("SELECT count(*) FROM reg_audit")).scalar()
    return row, n_ev, n_audit


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(apps=st.lists(application, min_size=1, max_size=6), cases=st.lists(review, max_size=3))
def test_random_sequences_give_consistent_tables(db, new_body, apps, cases):
    body = new_body()
    closings = []  # (received, kind, closed_on, outcome)
    for received, kind, steps in apps:
        app_id = make_application(db, body, received, kind)
        on, closed = received, None
        for gap, ev_kind, outcome, party, until_gap in steps:
            on = on + dt.timedelta(days=gap)
            kw = {"outcome": outcome if ev_kind == "answered" else None, "party": party,
                  "until": on + dt.timedelta(days=until_gap * (3 if ev_kind == "deadline_set" else 1))
                  if ev_kind in ("supplement_requested", "deadline_set") else None}
            before = snapshot(db, app_id)
            try:
                with db.transaction() as s:
                    record_event(s, app_id, ev_kind, on, actor="hypothesis", **kw)
            except RegisterError as e:
                assert str(e) and snapshot(db, app_id) == before
                event("refused event")
                continue
            event(f"accepted {ev_kind}")
            if ev_kind in ("answered", "withdrawn", "supplement_missed", "fee_expired"):
                closed = (on, outcome if ev_kind == "answered" else implied_outcome(ev_kind, on))
        closings.append((received, kind, closed))
    with db.transaction() as s:
        for grp, filed, decided_after, result in cases:
            c = add_review_case(s, body_id=body, group=grp, filed_on=filed, actor="hypothesis")
            if decided_after is not None:
                decide_review_case(s, c.id, result, filed + dt.timedelta(days=decided_after), actor="hypothesis")
    reports = {}
    with db.transaction() as s:
        for y in YEARS:
            reports[y] = year_report(s, body, y)
    for y, rep in reports.items():
        problems = [f for f in check_report(rep) if f.code.startswith(TABLE_RULES) and f.severity != "notice"]
        assert problems == [], problems
        start, end = D(y, 1, 1), D(y, 12, 31)
        rows = F.outcome_rows(rep.format)
        for col in F.T3_APPLICANT_COLUMNS:
            n = lambda r: rep.number(f"t3.{r}.{col}")  # noqa: E731
            mine = [(r, k, c) for r, k, c in closings if k == col]
            assert n("new") == sum(1 for r, _, _ in mine if start <= r <= end)
            assert n("carried_over") == sum(1 for r, _, c in mine if r < start and (c is None or c[0] >= start))
            assert n("carry_forward") == sum(1 for r, _, c in mine if r <= end and (c is None or c[0] > end))
            for row in rows:
                assert n(row) == sum(1 for _, _, c in mine if c and start <= c[0] <= end and c[1] == row)
            assert n("new") + n("carried_over") == n("total") + n("carry_forward")
            assert n("total") == sum(n(r) for r in rows)
        for row in ("new", "carried_over", "total", "carry_forward") + rows:
            assert rep.number(f"t3.{row}.total") == sum(rep.number(f"t3.{row}.{c}") for c in F.T3_APPLICANT_COLUMNS)
        if y + 1 in reports:
            for col in F.T3_COLUMN_IDS:
                assert reports[y + 1].number(f"t3.carried_over.{col}") == rep.number(f"t3.carry_forward.{col}")
        for g in F.T4_GROUP_IDS:
            got = {c: rep.number(f"t4.{g}.{c}") for c in F.T4_COLUMN_IDS}
            assert got["total"] == sum(got[c] for c in ("upheld", "corrected", "other", "pending"))
            exp_pending = sum(1 for gg, f, dd, _ in cases if gg == g and f <= end
                              and (dd is None or f + dt.timedelta(days=dd) > end))
            assert got["pending"] == exp_pending


@settings(max_examples=150, deadline=None)
@given(received=st.dates(D(2019, 1, 1), D(2025, 10, 31)), steps=st.lists(step, max_size=8))
def test_answer_due_never_earlier_than_twenty_working_days(received, steps):
    """Pure state machine: stops and extensions only ever push the answer date later (20 working days
    under Decree 711 Art. 33; 15 before 2019-05-15 under Decree 492 Art. 24)."""
    cal = WorkCalendar()
    state = CaseState.new(received)
    on = received
    for gap, kind, outcome, party, until_gap in steps:
        on = on + dt.timedelta(days=gap)
        ev = EventInput(kind, on, outcome=outcome, party=party,
                        until=on + dt.timedelta(days=until_gap * (3 if kind == "deadline_set" else 1))
                        if kind in ("supplement_requested", "deadline_set") else None)
        try:
            check(state, ev, cal, today=D(2026, 12, 3))
        except RegisterError:
            continue
        apply(state, ev)
        if state.closed:
            assert state.outcome in F.outcome_rows("2021" if on.year >= 2021 else "2019")
            break
        due = answer_due(state, cal)
        if due is not None:
            first, ext = answer_days(received)
            base = first + ext if state.extended_on and state.extended_until is None else first
            assert due >= cal.add_workdays(state.clock_start, base)
            assert cal.workdays_between(state.clock_start, due) >= base
