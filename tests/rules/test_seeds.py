"""Acceptance on the real seed reports and corpus: exactly the expected error-level findings,
and no false positives of the narrative rules on real reports."""
from __future__ import annotations

import pytest

from gongkai.ingest import parse
from gongkai.rules import check, rule_catalogue
from gongkai.rules.crossyear import check_pair

from ..conftest import CORPUS, SEEDS

RULE_CODES = {r.code for r in rule_catalogue()}


def seed(prefix: str):
    [path] = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    return parse(path)


def errors(findings):
    return [f for f in findings if f.severity == "error"]


def test_seed_000_only_the_named_applicant():
    errs = errors(check(seed("000")))
    assert [f.code for f in errs] == ["PERSONAL_DATA"]
    assert "胡露文" in errs[0].message
    assert errs[0].location is not None


def test_seed_001_column_balance_in_two_columns():
    errs = errors(check(seed("001")))
    assert [f.code for f in errs] == ["T3_COLUMN_BALANCE"] * 2
    by_col = {f.fields[0]: f.message for f in errs}
    assert set(by_col) == {"t3.new.natural", "t3.new.legal"}
    assert "一（516）+ 二（12）= 528，不等于 三（七）总计（511）+ 四（16）= 527" in by_col["t3.new.natural"]
    assert "“法律服务机构”" in by_col["t3.new.legal"] and "四（1）= 1" in by_col["t3.new.legal"]


def test_seed_002_text_sum_value_and_heading():
    found = check(seed("002"))
    errs = errors(found)
    assert sorted(f.code for f in errs) == ["TEXT_SUM", "TEXT_TABLE_MISMATCH", "VALUE_INVALID"]
    msg = {f.code: f for f in errs}
    assert "行政复议1件" in msg["TEXT_TABLE_MISMATCH"].message
    assert "118 + 9 = 127条" in msg["TEXT_SUM"].message and "49条" in msg["TEXT_SUM"].message
    assert "21654145元" in msg["VALUE_INVALID"].message and msg["VALUE_INVALID"].fields == ["t2.fees.prev_items"]
    heading = [f for f in found if f.code == "SECTION_HEADING"]
    assert [f.severity for f in heading] == ["warning"]
    assert "五、政务公开的成效及下一步工作打算" in heading[0].message


def test_seed_003_no_finding_about_its_data():
    assert [f for f in check(seed("003")) if f.code in RULE_CODES] == []


def test_seed_004_outcome_total_zero():
    errs = errors(check(seed("004")))
    got = sorted((f.code, f.fields[0]) for f in errs)
    assert got == [("T3_COLUMN_BALANCE", "t3.new.natural"), ("T3_COLUMN_BALANCE", "t3.new.total"),
                   ("T3_OUTCOME_TOTAL", "t3.total.natural"), ("T3_OUTCOME_TOTAL", "t3.total.total")]


def test_corpus_002_table4_group_total():
    rep = parse(CORPUS / "reports" / "002.pdf")
    errs = errors(check(rep))
    assert sorted((f.code, f.fields[0]) for f in errs) == [("T4_GROUP_TOTAL", "t4.review.total"),
                                                           ("T4_GROUP_TOTAL", "t4.suit_after_review.total")]
    assert "维持（10） + 纠正（1）" in errs[0].message + errs[1].message


def test_corpus_cross_year_002_to_003_holds():
    prev = parse(CORPUS / "reports" / "002.pdf")
    cur = parse(CORPUS / "reports" / "003.pdf")
    assert [f for f in check_pair(prev, cur) if f.severity != "notice"] == []
    # and a broken pair is caught
    cur.values["t2.normative.in_force"].value = 9
    assert [f.code for f in check_pair(prev, cur)] == ["IN_FORCE_MISMATCH"]


@pytest.mark.parametrize("name", ["001.pdf", "003.pdf", "014.html", "015.txt"])
def test_corpus_reports_whose_sums_hold_have_no_error(name):
    """001.pdf: all sums hold; 003.pdf: the year after 002; 014.html: many blank cells (blank is
    not zero, but no sum is contradicted); 015.txt: a pre2019 report (no table rules)."""
    found = [f for f in check(parse(CORPUS / "reports" / name)) if f.code in RULE_CODES]
    assert [f for f in found if f.severity == "error"] == []
    if name in ("014.html", "015.txt", "001.pdf"):
        assert found == []


NARRATIVE = {"TEXT_TABLE_MISMATCH", "TEXT_SUM", "PERSONAL_DATA"}
EXPECTED_NARRATIVE = {"000": ["PERSONAL_DATA"], "002": ["TEXT_SUM", "TEXT_TABLE_MISMATCH"]}


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")) + sorted((CORPUS / "reports").glob("*")),
                         ids=lambda p: p.name)
def test_narrative_rules_no_false_positives(path):
    found = sorted(f.code for f in check(parse(path)) if f.code in NARRATIVE)
    assert found == EXPECTED_NARRATIVE.get(path.name[:3] if path.parent == SEEDS else "", [])
