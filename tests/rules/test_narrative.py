"""Narrative rules: TEXT_TABLE_MISMATCH, TEXT_SUM, PERSONAL_DATA on hand-made reports."""
from __future__ import annotations

import pytest

from gongkai.rules import check

from .factory import TEXT, make_report
from .test_tables import only


def with_text(par: str, fmt: str = "2019", section: int = 1, **kw):
    return make_report(fmt, text={section: [par]}, **kw)


# ------------------------------------------------------------------ TEXT_TABLE_MISMATCH

@pytest.mark.parametrize("par", [
    "本年共收到政府信息公开申请9件，均按时答复。",
    "2020年，我局共受理政府信息依申请公开9件。",
    "全年接到依申请公开件9件。",
    "全年共收到政府信息公开申请九件。",
])
def test_received_mismatch(par):
    found = only(check(with_text(par)), "TEXT_TABLE_MISMATCH")
    assert len(found) == 1 and found[0].severity == "error"
    assert "9" in found[0].message and "总计为7" in found[0].message
    assert found[0].fields == ["t3.new.total"]


@pytest.mark.parametrize("par", [
    "本年共收到政府信息公开申请7件。",
    "本年共受理政府信息公开申请8件（含上年结转1件）。",   # new + carried over
    "2019年收到政府信息公开申请9件，2020年有所减少。",    # another year: a comparison
    "各部门共收到政府信息公开申请90件。",                 # part of the body
    "全区各级行政机关共收到政府信息公开申请700件。",       # more than the body
    "本年共收到政府信息公开申请20余件。",                 # approximate
    "申请中同意公开答复9件，部分公开答复0件。",            # an outcome, not the total answered
    "受理行政许可事项32件，办结32件。",                    # not about disclosure applications
])
def test_received_no_false_positive(par):
    assert only(check(with_text(par)), "TEXT_TABLE_MISMATCH") == []


def test_answered_and_carried_forward():
    assert only(check(with_text("依申请公开方面，已办结政府信息公开申请7件，结转下年度继续办理1件。")),
                "TEXT_TABLE_MISMATCH") == []
    found = only(check(with_text("依申请公开方面，已办结政府信息公开申请3件，结转下年度继续办理4件。")),
                 "TEXT_TABLE_MISMATCH")
    assert len(found) == 2


def test_review_and_litigation_numbers():
    assert only(check(with_text("因政府信息公开被申请行政复议2件。", section=4)), "TEXT_TABLE_MISMATCH") == []
    found = only(check(with_text("因政府信息公开被申请行政复议3件，行政诉讼1件。")), "TEXT_TABLE_MISMATCH")
    assert sorted(f.fields[0] for f in found) == ["t4.review.total", "t4.suit_direct.total"]


def test_statement_of_no_case_against_table4():
    par = "全年未出现因依申请公开政府信息引发的行政复议案件和行政诉讼案件。"
    found = only(check(with_text(par)), "TEXT_TABLE_MISMATCH")
    assert len(found) == 1 and "行政复议2件" in found[0].message and found[0].fields == ["t4.review.total"]
    # the same statement is right when Table 4 is all zero
    zero = {f"t4.review.{c}": 0 for c in ("upheld", "pending", "total")}
    rep = make_report(text={1: [par], 4: ["无。"]}, overrides=zero)
    assert only(check(rep), "TEXT_TABLE_MISMATCH") == []


@pytest.mark.parametrize("par", [
    "全年未发生因政府信息公开被行政复议纠错的情况。",
    "引起行政诉讼0件，未出现败诉情况。",
    "无论是行政复议还是行政诉讼，均依法应诉。",
    "未发生行政诉讼案件但有行政复议2件。",
])
def test_no_case_statements_that_are_not_denials(par):
    assert only(check(with_text(par)), "TEXT_TABLE_MISMATCH") == []


def test_no_suit_statement_with_zero_suits_is_fine():
    par = "本年度未发生政府信息公开行政诉讼案件。"
    assert only(check(with_text(par)), "TEXT_TABLE_MISMATCH") == []


def test_normative_documents_2021():
    assert only(check(with_text("全年制发行政规范性文件2件。", fmt="2021")), "TEXT_TABLE_MISMATCH") == []
    found = only(check(with_text("全年制发行政规范性文件5件。", fmt="2021")), "TEXT_TABLE_MISMATCH")
    assert len(found) == 1 and found[0].fields == ["t2.normative.issued"]
    found = only(check(with_text("现行有效行政规范性文件10件。", fmt="2021")), "TEXT_TABLE_MISMATCH")
    assert len(found) == 1 and found[0].fields == ["t2.normative.in_force"]


# ------------------------------------------------------------------ TEXT_SUM

def test_parts_before_total():
    par = "主动公开公文类政府信息118条，主动公开其他类政府信息9条，共计主动公开政府信息数49条。"
    found = only(check(with_text(par)), "TEXT_SUM")
    assert len(found) == 1 and found[0].severity == "error"
    assert "118 + 9 = 127条" in found[0].message and "49条" in found[0].message


@pytest.mark.parametrize("par", [
    "主动公开公文类政府信息118条，主动公开其他类政府信息9条，共计主动公开政府信息127条。",
    "我局共发文1829个，主动公开公文类政府信息118条，共计主动公开政府信息118条。",  # other unit, one part
    "网站发布信息100条，同比增长10条，合计110条。",  # a change is not a part
    "网站发布信息20余条，微信发布10条，合计30条。",  # approximate
    "全市主动公开政府信息101266条，其中政府网站公开信息48660条，政府公报公开信息109条，"
    "政务微博、微信分别公开信息28981条和17474条，其他方式公开6042条。",
    "共计公开信息1000条，其中网站300条，微信200条。",  # a partial breakdown
    "发布政策解读17篇，其中图解9篇，视频解读3篇，文字解读5篇，共计17篇。",
    "通过信函方式收到申请2件，通过网络收到申请5件，共计收到申请7件。",
    "召开新闻发布会12场，组织政策解读38次，其中图文解读20次，视频解读10次，负责人解读8次。",
])
def test_sums_that_hold_or_cannot_be_read(par):
    assert only(check(with_text(par)), "TEXT_SUM") == []


def test_qizhong_parts_before_total_that_do_not_add_up():
    found = only(check(with_text("发布政策解读17篇，其中图解9篇，视频解读3篇，共计17篇。")), "TEXT_SUM")
    assert len(found) == 1 and "9 + 3 = 12篇" in found[0].message


def test_qizhong_parts_exceeding_total():
    found = only(check(with_text("共计公开信息100条，其中网站80条，微信50条。")), "TEXT_SUM")
    assert len(found) == 1 and "130条" in found[0].message and "超过" in found[0].message


# ------------------------------------------------------------------ PERSONAL_DATA

def test_named_applicant():
    found = only(check(with_text("具体情况：公民胡露文申请的主要内容为统计信息。")), "PERSONAL_DATA")
    assert len(found) == 1 and found[0].severity == "error" and "胡露文" in found[0].message
    assert found[0].location is not None and found[0].location.line is not None


@pytest.mark.parametrize("par", [
    "申请人张某某申请公开拆迁补偿信息。",
    "申请人李先生来电咨询。",
    "我局成立了由政治处主任陈烈波为组长的领导小组。",
    "申请人于同日提出复议申请。",
    "当事人陈述申辩权利得到保障。",
    "如有疑问请联系办公室，联系电话：0533-312068，地址：淄博市张店区柳泉路63号501室。",
    "咨询电话：13800138000。",
    "公开指南已于2020年更新，文号2020123456789012345。",
    "申请人汪某良不服答复，申请行政复议。",
    "联系人：张明明，电话：0745-1234567、13300001111。",
])
def test_not_personal_data(par):
    assert only(check(with_text(par)), "PERSONAL_DATA") == []


def test_id_card_and_mobile():
    par = "申请人（身份证号110101199003071234，手机13912345678）申请公开信息。"
    found = only(check(with_text(par)), "PERSONAL_DATA")
    assert len(found) == 2
    assert any("110101********1234" in f.message for f in found)
    assert any("139****5678" in f.message for f in found)
    assert all("110101199003071234" not in f.message and "13912345678" not in f.message for f in found)


def test_factory_text_is_clean():
    assert all(only(check(make_report(fmt)), c) == [] for fmt in ("2019", "2021")
               for c in ("TEXT_TABLE_MISMATCH", "TEXT_SUM", "PERSONAL_DATA"))
    assert TEXT[1]


def test_chinese_numerals():
    from gongkai.rules._text import to_int
    assert [to_int(x) for x in ("7", "两", "十", "十二", "二十", "二十三", "一百零五", "一二")] == [
        7, 2, 10, 12, 20, 23, 105, None]
    assert only(check(with_text("本年共收到政府信息公开申请七件，被申请行政复议两件。")), "TEXT_TABLE_MISMATCH") == []
