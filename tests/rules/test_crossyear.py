"""Cross-year checks (check_pair): carry-over and 现行有效件数."""
from __future__ import annotations

from gongkai.rules.crossyear import PAIR_RULES, check_pair

from .factory import make_report


def pair(prev_over=None, cur_over=None, prev_fmt="2021"):
    prev = make_report(prev_fmt, year=2021, overrides={"t2.normative.in_force": 8, **(prev_over or {})}
                       if prev_fmt == "2021" else prev_over)
    # prev carries 1 (natural) forward; cur's factory report carried over 1 (natural): they agree
    cur = make_report("2021", year=2022, overrides=cur_over)
    return prev, cur


def test_consistent_pair():
    prev, cur = pair()
    assert check_pair(prev, cur) == []


def test_carry_over_mismatch():
    prev, cur = pair(prev_over={"t3.carry_forward.natural": 3, "t3.carry_forward.total": 3})
    found = check_pair(prev, cur)
    assert [f.code for f in found] == ["CARRY_OVER_MISMATCH"] * 2
    assert all(f.severity == "error" for f in found)
    assert "2022年“二、上年结转”为1" in found[0].message and "2021年报告“四、结转下年度继续办理”为3" in found[0].message


def test_in_force_mismatch():
    prev, cur = pair(prev_over={"t2.normative.in_force": 5})
    found = check_pair(prev, cur)
    assert [(f.code, f.severity) for f in found] == [("IN_FORCE_MISMATCH", "error")]
    assert "上年现行有效5 + 本年制发2 − 本年废止1 = 6" in found[0].message


def test_pair_with_2019_format_prev_and_non_consecutive_years():
    prev, cur = pair(prev_fmt="2019")
    prev.year = 2020
    found = check_pair(prev, cur)
    assert [(f.code, f.severity) for f in found] == [("CARRY_OVER_MISMATCH", "warning"),
                                                     ("IN_FORCE_MISMATCH", "notice")]
    assert set(PAIR_RULES) == {"CARRY_OVER_MISMATCH", "IN_FORCE_MISMATCH"}


def test_blank_carry_over_gives_notice():
    prev, cur = pair(prev_over={"t3.carry_forward.natural": None})
    found = check_pair(prev, cur)
    assert [(f.code, f.severity) for f in found] == [("CARRY_OVER_MISMATCH", "notice")]
    assert "自然人" in found[0].message
