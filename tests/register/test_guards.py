"""Guarded transitions (办理事项的合规检查): refused with a Chinese message, and nothing changes."""
from __future__ import annotations

import datetime as dt

import pytest

from gongkai.register import InvalidEvent, InvalidInput, NotFound, RegisterError, record_event

from .conftest import dump, make_application

D = dt.date


def ev(db, app_id, kind, on, **kw):
    with db.transaction() as s:
        return record_event(s, app_id, kind, on, actor="tester", **kw)


def refused(db, app_id, kind, on, match, exc=InvalidEvent, **kw):
    before = dump(db)
    with pytest.raises(exc, match=match):
        ev(db, app_id, kind, on, **kw)
    assert dump(db) == before


def test_answer_twice(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))
    ev(db, app, "answered", D(2025, 3, 20), outcome="granted")
    refused(db, app, "answered", D(2025, 3, 21), "已于2025年3月20日结案", outcome="partial")


def test_event_before_receipt(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))
    refused(db, app, "answered", D(2025, 3, 2), "早于收到申请之日", outcome="granted")


def test_event_out_of_order(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))
    ev(db, app, "consultation_sent", D(2025, 3, 10), party="third_party")
    refused(db, app, "extension_approved", D(2025, 3, 5), "请按时间顺序登记")


def test_answer_withdrawn_application(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))
    ev(db, app, "withdrawn", D(2025, 3, 5))
    refused(db, app, "answered", D(2025, 3, 6), "已撤回", outcome="granted")


@pytest.mark.parametrize("received, answered, outcome, match", [
    (D(2020, 5, 6), D(2020, 5, 20), "other.unpaid_fee", "2019年格式"),
    (D(2021, 5, 6), D(2021, 5, 20), "other", "2021年起"),
    (D(2025, 5, 6), D(2025, 5, 20), "denied.nonsense", "不是2025年度报告"),
    (D(2025, 5, 6), D(2025, 5, 20), None, "须注明办理结果"),
    (D(2025, 5, 6), D(2025, 5, 20), "total", "不是2025年度报告"),
])
def test_outcome_must_be_a_row_of_the_years_format(db, new_body, received, answered, outcome, match):
    app = make_application(db, new_body(), received)
    refused(db, app, "answered", answered, match, outcome=outcome)


def test_outcome_format_follows_the_answer_year(db, new_body):
    # received in 2020 (2019 format), answered in 2021: the 2021 rows apply
    app = make_application(db, new_body(), D(2020, 12, 21))
    refused(db, app, "answered", D(2021, 1, 5), "2021年起", outcome="other")
    ev(db, app, "answered", D(2021, 1, 5), outcome="other.other")


def test_second_extension(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))
    ev(db, app, "extension_approved", D(2025, 3, 20))
    refused(db, app, "extension_approved", D(2025, 3, 25), "只能延长一次")


def test_extension_after_deadline(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))  # due 31 March
    refused(db, app, "extension_approved", D(2025, 4, 1), "已于2025年3月31日届满")


def test_second_supplement_request(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))
    ev(db, app, "supplement_requested", D(2025, 3, 5), until=D(2025, 3, 20))
    ev(db, app, "supplement_received", D(2025, 3, 10))
    refused(db, app, "supplement_requested", D(2025, 3, 11), "一次性")


def test_answer_while_waiting_for_supplement(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))
    ev(db, app, "supplement_requested", D(2025, 3, 5), until=D(2025, 3, 20))
    refused(db, app, "answered", D(2025, 3, 10), "等待补正", outcome="granted")
    refused(db, app, "supplement_missed", D(2025, 3, 20), "尚未逾期")
    ev(db, app, "supplement_missed", D(2025, 3, 21))


def test_unclear_only_after_supplement(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))
    refused(db, app, "answered", D(2025, 3, 10), "已经补正", outcome="unable.unclear")


def test_fee_guards(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))
    refused(db, app, "fee_paid", D(2025, 3, 4), "没有待缴费")
    ev(db, app, "fee_notice_sent", D(2025, 3, 5), amount="200", delivered_on=D(2025, 3, 5))
    refused(db, app, "fee_notice_sent", D(2025, 3, 6), "一件申请只能收费一次")
    refused(db, app, "answered", D(2025, 3, 7), "尚未缴费", outcome="granted")
    refused(db, app, "fee_expired", D(2025, 4, 2), "尚未逾期")  # due 2 April
    refused(db, app, "fee_paid", D(2025, 4, 3), "应登记“逾期未缴费”")


def test_consultation_answer_without_request(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))
    refused(db, app, "consultation_answered", D(2025, 3, 4), "没有待答复", party="third_party")
    refused(db, app, "consultation_sent", D(2025, 3, 4), "须注明对象")


def test_unknown_kind_and_missing_things(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))
    refused(db, app, "approved", D(2025, 3, 4), "未知的办理事项")
    refused(db, app, "answered", "2025-02-30", "不是有效日期", exc=InvalidInput, outcome="granted")
    refused(db, 10**8, "answered", D(2025, 3, 4), "没有编号为", exc=NotFound, outcome="granted")
    with pytest.raises(InvalidInput, match="操作人"):
        with db.transaction() as s:
            record_event(s, app, "answered", D(2025, 3, 4), outcome="granted", actor="  ")


def test_every_refusal_is_a_register_error_with_chinese_text(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))
    with pytest.raises(RegisterError) as e:
        ev(db, app, "fee_expired", D(2025, 3, 4))
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(e.value))


def test_art35_later_date_guards(db, new_body):
    app = make_application(db, new_body(), D(2025, 3, 3))  # due 31 March
    refused(db, app, "deadline_set", D(2025, 3, 10), "须注明")
    refused(db, app, "deadline_set", D(2025, 3, 10), "应晚于法定答复期限", until=D(2025, 3, 28))
    refused(db, app, "deadline_set", D(2025, 4, 1), "已于2025年3月31日届满", until=D(2025, 5, 1))
    ev(db, app, "deadline_set", D(2025, 3, 10), until=D(2025, 5, 1))
    refused(db, app, "deadline_set", D(2025, 3, 11), "不能再次确定", until=D(2025, 6, 1))
    refused(db, app, "extension_approved", D(2025, 3, 11), "不能再延期")


@pytest.mark.parametrize("text, row", [("予以公开", "granted"), ("（四）1.本机关不掌握相关政府信息", "unable.not_held"),
                                       ("保护第三方合法权益", "denied.third_party"), ("3.其他", "other.other")])
def test_outcome_may_be_written_in_chinese(db, new_body, text, row):
    from gongkai.register import get_application

    app = make_application(db, new_body(), D(2025, 3, 3))
    ev(db, app, "answered", D(2025, 3, 10), outcome=text)
    with db.transaction() as s:
        assert get_application(s, app).outcome == row
