"""Cell values (VALUE_INVALID, AMOUNT_UNIT), format (FORMAT_MISMATCH) and sections rules."""
from __future__ import annotations

from gongkai.model import interpret
from gongkai.rules import check

from .factory import make_report
from .test_tables import only


# ------------------------------------------------------------------ VALUE_INVALID

def test_currency_in_count_column():
    rep = make_report(overrides={"t2.fees.prev_items": "21654145元"})
    errs = only(check(rep), "VALUE_INVALID")
    assert len(errs) == 1 and errs[0].severity == "error"
    assert "21654145元" in errs[0].message and "金额" in errs[0].message
    assert errs[0].fields == ["t2.fees.prev_items"]
    assert errs[0].location == rep.get("t2.fees.prev_items").location


def test_negative_and_fractional_counts():
    rep = make_report(overrides={"t2.normative.made": -1, "t2.licensing.decisions": 2.5})
    errs = only(check(rep), "VALUE_INVALID")
    assert sorted(f.fields[0] for f in errs) == ["t2.licensing.decisions", "t2.normative.made"]
    assert any("负数" in f.message for f in errs) and any("整数" in f.message for f in errs)


def test_signed_delta_and_na_mark_are_fine():
    rep = make_report(overrides={"t2.licensing.delta": "-187", "t2.penalty.delta": "＋2", "t2.penalty.prev_items": "/"})
    assert only(check(rep), "VALUE_INVALID") == []


def test_amount_text_is_invalid_but_fraction_is_fine():
    assert only(check(make_report(overrides={"t2.procurement.amount": "638.11万元"})), "VALUE_INVALID") == []
    errs = only(check(make_report(overrides={"t2.procurement.amount": "约10万元"})), "VALUE_INVALID")
    assert len(errs) == 1 and "金额" in errs[0].message


# ------------------------------------------------------------------ AMOUNT_UNIT

def test_amount_without_any_unit_warns():
    rep = make_report(overrides={"t2.procurement.amount": "12.5"})
    found = only(check(rep), "AMOUNT_UNIT")
    assert [f.severity for f in found] == ["warning"] and "没有注明单位" in found[0].message


def test_amount_with_header_unit_or_cell_unit_is_fine():
    rep = make_report(overrides={"t2.procurement.amount": "251000元"})
    assert rep.number("t2.procurement.amount") == 25.1
    assert only(check(rep), "AMOUNT_UNIT") == []
    rep.values["t2.procurement.amount"] = interpret("t2.procurement.amount", "21692.71", header_unit="万")
    assert only(check(rep), "AMOUNT_UNIT") == []
    zero = make_report(overrides={"t2.procurement.amount": "0"})
    assert only(check(zero), "AMOUNT_UNIT") == []


def test_2021_fee_column_has_its_unit_in_the_header():
    assert only(check(make_report("2021", overrides={"t2.fees.amount": "7730.28"})), "AMOUNT_UNIT") == []


def test_implausible_amount_warns():
    rep = make_report("2021", overrides={"t2.fees.amount": "21654145"})
    found = only(check(rep), "AMOUNT_UNIT")
    assert len(found) == 1 and found[0].severity == "warning" and "亿元" in found[0].message
    assert "2165.4145万元" in found[0].message


# ------------------------------------------------------------------ FORMAT_MISMATCH

def test_2019_format_for_2022_is_error():
    found = only(check(make_report("2019", year=2022)), "FORMAT_MISMATCH")
    assert [f.severity for f in found] == ["error"] and "2021年新版格式" in found[0].message


def test_2021_format_for_2020_is_error():
    found = only(check(make_report("2021", year=2020)), "FORMAT_MISMATCH")
    assert [f.severity for f in found] == ["error"]


def test_mixed_formats_and_single_other_warn():
    rep = make_report("2021")
    rep.mixed_formats = ["上一年项目数量"]
    found = only(check(rep), "FORMAT_MISMATCH")
    assert [f.severity for f in found] == ["warning"] and "上一年项目数量" in found[0].message
    rep2 = make_report("2021", single_other=True)
    found = only(check(rep2), "FORMAT_MISMATCH")
    assert [f.severity for f in found] == ["warning"] and "（六）其他处理" in found[0].message
    assert found[0].location == rep2.get("t3.other.total").location


def test_pre2019_report_is_fine():
    rep = make_report()
    rep.format, rep.year, rep.values, rep.sections = "pre2019", 2018, {}, []
    assert check(rep) == []


# ------------------------------------------------------------------ sections

def test_missing_section():
    found = only(check(make_report(headings={5: None})), "SECTION_MISSING")
    assert len(found) == 1 and found[0].severity == "error" and "存在的主要问题及改进情况" in found[0].message


def test_section_order():
    rep = make_report()
    rep.sections[3], rep.sections[4] = rep.sections[4], rep.sections[3]
    found = only(check(rep), "SECTION_ORDER")
    assert [f.severity for f in found] == ["warning"] and "第四部分" in found[0].message


def test_heading_departing_from_national_wording():
    rep = make_report(headings={5: "五、政务公开的成效及下一步工作打算"})
    found = only(check(rep), "SECTION_HEADING")
    assert [f.severity for f in found] == ["warning"]
    assert "五、政务公开的成效及下一步工作打算" in found[0].message and "存在的主要问题及改进情况" in found[0].message
    assert found[0].location == rep.section(5).location


def test_known_heading_variants_are_accepted():
    rep = make_report(headings={1: "总体情况", 4: "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况",
                                5: "五、政府信息公开工作存在的主要问题及改进情况", 6: "六、其他需要报告的事项。"})
    assert check(rep) == []


def test_misnumbered_headings_give_one_warning():
    rep = make_report(headings={2: "一、主动公开政府信息情况", 3: "二、收到和处理政府信息公开申请情况"})
    found = only(check(rep), "SECTION_HEADING")
    assert len(found) == 1 and "应编为“二、”" in found[0].message and "应编为“三、”" in found[0].message


def test_data_only_report_has_no_section_findings():
    rep = make_report(headings={n: None for n in range(1, 7)})
    rep.paragraphs = []
    assert check(rep) == []


def test_text_without_any_section_heading_is_one_error():
    rep = make_report(headings={n: None for n in range(1, 7)})
    from gongkai.model import Paragraph
    rep.paragraphs = [Paragraph("我局高度重视政务公开工作。")]
    found = only(check(rep), "SECTION_MISSING")
    assert len(found) == 1 and found[0].severity == "error"


def test_large_amount_written_in_yuan_asks_to_verify():
    rep = make_report(overrides={"t2.procurement.amount": "2165414500元"})
    found = only(check(rep), "AMOUNT_UNIT")
    assert len(found) == 1 and "请核实" in found[0].message and "当成了" not in found[0].message
