"""Table rules (表三、表四勾稽关系) on hand-made reports."""
from __future__ import annotations

import pytest

from gongkai.rules import check

from .factory import make_report


def codes(findings, severity=None):
    return sorted(f.code for f in findings if severity is None or f.severity == severity)


def only(findings, code, severity=None):
    return [f for f in findings if f.code == code and (severity is None or f.severity == severity)]


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_consistent_report_has_no_findings(fmt):
    assert check(make_report(fmt)) == []


def test_column_balance_error_names_column_and_numbers():
    rep = make_report(overrides={"t3.carry_forward.natural": 2, "t3.carry_forward.total": 3})
    errs = only(check(rep), "T3_COLUMN_BALANCE", "error")
    assert len(errs) == 2  # 自然人 and 总计
    nat = [f for f in errs if "“自然人”" in f.message][0]
    assert "一（5）+ 二（1）= 6" in nat.message and "三（七）总计（5）+ 四（2）= 7" in nat.message
    assert set(nat.fields) == {"t3.new.natural", "t3.carried_over.natural", "t3.total.natural",
                               "t3.carry_forward.natural"}
    assert nat.location == rep.get("t3.total.natural").location


def test_column_balance_blank_gives_one_notice_not_an_error():
    rep = make_report(overrides={"t3.carried_over.natural": None, "t3.carried_over.total": None})
    found = only(check(rep), "T3_COLUMN_BALANCE")
    assert [f.severity for f in found] == ["notice"]
    assert "“自然人”列" in found[0].message and "“总计”列" in found[0].message
    assert "空白不等于0" in found[0].message
    assert set(found[0].fields) == {"t3.carried_over.natural", "t3.carried_over.total"}


def test_column_balance_error_proven_despite_blank():
    # 一 + 二 = 6 is complete; （七）总计 alone already exceeds it, whatever 四 holds
    rep = make_report(overrides={"t3.total.natural": 9, "t3.carry_forward.natural": None})
    errs = only(check(rep), "T3_COLUMN_BALANCE", "error")
    assert any("“自然人”" in f.message for f in errs)


def test_blank_columns_that_balance_are_not_flooded():
    # many reports leave zero cells blank: a wholly blank column raises nothing
    blank = {f"t3.{r}.research": None for r in ("new", "carried_over", "total", "carry_forward", "granted")}
    assert check(make_report(overrides=blank)) == []


def test_row_total_conventional_blank_is_silent():
    from gongkai.model import fields as F
    blank = {f"t3.{r}.total": None for r in F.outcome_rows("2019")}
    assert check(make_report(overrides=blank)) == []


def test_row_total_error():
    rep = make_report(overrides={"t3.granted.total": 5})
    errs = only(check(rep), "T3_ROW_TOTAL", "error")
    assert len(errs) == 1
    assert "“（一）予以公开”行" in errs[0].message and "总计（5）" in errs[0].message
    assert "自然人 2 + 商业企业 2" in errs[0].message
    assert errs[0].fields[0] == "t3.granted.total"


def test_row_total_required_blank_gives_notice():
    rep = make_report(overrides={"t3.new.total": None})
    notes = only(check(rep), "T3_ROW_TOTAL")
    assert [f.severity for f in notes] == ["notice"]
    assert "一、本年新收政府信息公开申请数量" in notes[0].message
    assert notes[0].fields == ["t3.new.total"]


def test_outcome_total_error_lists_parts():
    rep = make_report(overrides={"t3.total.natural": 4, "t3.carry_forward.natural": 2,
                                 "t3.total.total": 6, "t3.carry_forward.total": 2})
    errs = only(check(rep), "T3_OUTCOME_TOTAL", "error")
    assert len(errs) == 2
    nat = [f for f in errs if "“自然人”" in f.message][0]
    assert "（七）总计（4）" in nat.message and "之和 5" in nat.message and "（一）予以公开 2" in nat.message
    assert codes(check(rep), "error") == ["T3_OUTCOME_TOTAL", "T3_OUTCOME_TOTAL"]


def test_outcome_total_uses_single_other_row_of_2021():
    rep = make_report("2021", single_other=True,
                      overrides={"t3.other.natural": 1, "t3.other.total": 1, "t3.granted.natural": 1,
                                 "t3.granted.total": 3})
    assert codes(check(rep), "error") == []
    assert codes(check(rep), "warning") == ["FORMAT_MISMATCH"]
    bad = make_report("2021", single_other=True, overrides={"t3.other.natural": 1, "t3.other.total": 1})
    assert "T3_OUTCOME_TOTAL" in codes(check(bad), "error")


def test_outcome_total_2021_sums_three_other_rows():
    rep = make_report("2021", overrides={"t3.other.unpaid_fee.natural": 1, "t3.other.unpaid_fee.total": 1,
                                         "t3.granted.natural": 1, "t3.granted.total": 3})
    assert check(rep) == []


def test_t4_group_total():
    rep = make_report(overrides={"t4.review.total": 3})
    errs = only(check(rep), "T4_GROUP_TOTAL", "error")
    assert len(errs) == 1
    assert "表四“行政复议”：总计（3）不等于 维持（1） + 纠正（0） + 其他（0） + 尚未审结（1） = 2" in errs[0].message
    assert errs[0].location == rep.get("t4.review.total").location


def test_t4_blank_notice_and_all_blank_group_silent():
    rep = make_report(overrides={"t4.review.pending": None})
    found = only(check(rep), "T4_GROUP_TOTAL")
    assert [f.severity for f in found] == ["notice"] and "尚未审结" in found[0].message
    silent = make_report(overrides={f"t4.suit_direct.{c}": None
                                    for c in ("upheld", "corrected", "other", "pending", "total")})
    assert check(silent) == []


def test_t4_total_zero_with_cases_is_error():  # corpus 002.pdf's mistake
    rep = make_report(overrides={"t4.suit_after_review.upheld": 5, "t4.suit_after_review.total": 0})
    assert codes(check(rep), "error") == ["T4_GROUP_TOTAL"]


def test_pre2019_gets_no_table_rules():
    rep = make_report(overrides={"t3.new.natural": 99, "t4.review.total": 7})
    rep.format, rep.year = "pre2019", 2018
    assert check(rep) == []


def test_text_cell_is_not_read_as_zero():
    rep = make_report(overrides={"t3.new.natural": "五"})
    found = check(rep)
    assert "VALUE_INVALID" in codes(found, "error")
    assert any(f.code == "T3_COLUMN_BALANCE" and f.severity == "notice" and "非数字“五”" in f.message
               for f in found)
