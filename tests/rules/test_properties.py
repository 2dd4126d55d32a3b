"""Property tests: the rules never crash on odd input, only emit valid findings, and catch any
single broken number in an otherwise consistent report."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.model import SEVERITIES, Report
from gongkai.model import fields as F
from gongkai.rules import check, rule_catalogue

from .factory import flat, make_report

CODES = {r.code for r in rule_catalogue()}
T3_T4 = [f for f in F.table_fields("2019") if f[:2] in ("t3", "t4")]
cell = st.one_of(st.none(), st.integers(-5, 2000), st.sampled_from(["/", "—", "", "五", "12元", "3.5", "＋2"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fmt=st.sampled_from(["2019", "2021"]), year=st.one_of(st.none(), st.integers(2008, 2030)),
       cells=st.dictionaries(st.sampled_from(T3_T4 + ["t2.procurement.amount", "t2.fees.amount", "t2.licensing.delta"]),
                             cell, max_size=25))
def test_rules_never_crash_and_emit_valid_findings(fmt, year, cells):
    rep = make_report(fmt, overrides=cells)
    rep.year = year
    for f in check(rep):
        assert f.code in CODES and f.severity in SEVERITIES and f.message.strip()
        assert all(isinstance(x, str) for x in f.fields)


@settings(max_examples=40, deadline=None)
@given(fid=st.sampled_from(T3_T4), delta=st.integers(1, 50))
def test_any_single_broken_count_is_an_error(fid, delta):
    base = flat("2019")
    rep = make_report("2019", overrides={fid: base[fid] + delta}, text={1: [], 4: []})
    errors = [f for f in check(rep) if f.severity == "error"]
    assert errors and all(f.code in {"T3_COLUMN_BALANCE", "T3_ROW_TOTAL", "T3_OUTCOME_TOTAL", "T4_GROUP_TOTAL"}
                          for f in errors)
    assert any(fid in f.fields for f in errors)


def test_empty_and_partial_reports_do_not_crash():
    for rep in (Report(), Report(format="2021"), Report(format="2019", year=2020),
                Report(format="pre2019", year=2015)):
        findings = check(rep)
        assert all(f.code in CODES for f in findings)
