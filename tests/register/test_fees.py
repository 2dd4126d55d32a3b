"""Information-processing fees (国办函〔2020〕109号): worked examples and band boundaries."""
from __future__ import annotations

import datetime as dt

import pytest

from gongkai.register import InvalidInput, fee_by_count, fee_by_pages, fee_for_application, month_count, price_of_application

from .conftest import make_application


def test_worked_examples_of_the_procedure():
    assert fee_by_count(35) == 3000  # 20 × 100 + 5 × 200
    assert fee_by_pages(250) == 4700  # 70 × 10 + 100 × 20 + 50 × 40


@pytest.mark.parametrize("count, fee", [
    (0, 0), (1, 0), (10, 0), (11, 100), (30, 2000), (31, 2200), (40, 4000), (41, 4300), (50, 7000), (51, 7400),
])
def test_per_application_boundaries(count, fee):
    assert fee_by_count(count) == fee


@pytest.mark.parametrize("n, price", [(10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (51, 400)])
def test_price_of_nth_application(n, price):
    assert price_of_application(n) == price


@pytest.mark.parametrize("pages, fee", [
    (0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700),
])
def test_per_volume_boundaries(pages, fee):
    assert fee_by_pages(pages) == fee


def test_negative_input_refused():
    with pytest.raises(InvalidInput, match="不能为负数"):
        fee_by_pages(-1)
    with pytest.raises(InvalidInput, match="不能为负数"):
        fee_by_count(-3)


def test_rank_of_an_application_in_the_applicants_month(db, new_body):
    from gongkai.register import add_applicant, add_application

    body = new_body()
    with db.transaction() as s:
        a = add_applicant(s, "commercial", "某公司", actor="tester")
        ids = [add_application(s, body_id=body, applicant_id=a.id, received_on=dt.date(2025, 6, 1 + i % 28),
                               channel="internet", actor="tester").id for i in range(12)]
        # another month does not count
        add_application(s, body_id=body, applicant_id=a.id, received_on=dt.date(2025, 7, 1), channel="internet",
                        actor="tester")
    with db.transaction() as s:
        assert month_count(s, a.id, dt.date(2025, 6, 30), body) == 12
        last = fee_for_application(s, ids[-1], pages=250)
        assert last == {"rank_in_month": 12, "by_count": 100, "by_pages": 4700}
        assert fee_for_application(s, ids[0])["by_count"] == 0
    make_application(db, body, dt.date(2025, 6, 2))  # another applicant: separate count
    with db.transaction() as s:
        assert month_count(s, a.id, dt.date(2025, 6, 30), body) == 12
