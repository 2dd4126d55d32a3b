"""Year report from the register (年度报告表格): SQL aggregation, carry-forward, formats, Tables 2 and 4."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from gongkai.model import fields as F
from gongkai.register import (InvalidInput, add_review_case, carried_forward, decide_review_case, record_event,
                              set_proactive_count, year_report)
from gongkai.rules import check

from .conftest import make_application

D = dt.date
TABLE_RULES = ("T3_", "T4_", "VALUE_", "FORMAT_", "AMOUNT_")


def ev(db, app_id, kind, on, **kw):
    with db.transaction() as s:
        return record_event(s, app_id, kind, on, actor="tester", **kw)


def report(db, body, year, **kw):
    with db.transaction() as s:
        return year_report(s, body, year, **kw)


def table_problems(rep):
    return [f for f in check(rep) if f.code.startswith(TABLE_RULES) and f.severity in ("error", "warning")]


def test_counts_by_applicant_column_and_outcome(db, new_body):
    body = new_body()
    a1 = make_application(db, body, D(2025, 3, 3), "natural")
    a2 = make_application(db, body, D(2025, 3, 4), "commercial")
    a3 = make_application(db, body, D(2025, 3, 5), "legal")
    a4 = make_application(db, body, D(2025, 3, 6), "natural")
    make_application(db, body, D(2025, 12, 30), "research")  # still open at year end
    ev(db, a1, "answered", D(2025, 3, 20), outcome="granted")
    ev(db, a2, "answered", D(2025, 3, 21), outcome="denied.third_party")
    ev(db, a3, "withdrawn", D(2025, 3, 7))
    ev(db, a4, "answered", D(2025, 3, 25), outcome="granted")
    rep = report(db, body, 2025)
    assert rep.format == "2021" and rep.year == 2025 and rep.agency
    flat = rep.flat()
    assert set(flat) == set(F.all_fields("2021"))
    assert flat["t3.new.natural"] == 2 and flat["t3.new.total"] == 5
    assert flat["t3.granted.natural"] == 2 and flat["t3.granted.total"] == 2
    assert flat["t3.denied.third_party.commercial"] == 1
    assert flat["t3.other.other.legal"] == 1  # withdrawn → （六）3.其他
    assert flat["t3.total.total"] == 4 and flat["t3.carry_forward.research"] == 1
    assert flat["t3.carried_over.total"] == 0
    # every table cell filled with a number (Table 2 left blank: nothing entered)
    for fid in F.table_fields("2021"):
        v = rep.values[fid]
        if fid.startswith("t2."):
            assert v.kind == "blank"
        else:
            assert v.kind == "number" and isinstance(v.value, int)
    assert table_problems(rep) == []


def test_carry_forward_into_next_year_column_by_column(db, new_body):
    body = new_body()
    n1 = make_application(db, body, D(2024, 12, 20), "natural")
    c1 = make_application(db, body, D(2024, 12, 23), "commercial")
    c2 = make_application(db, body, D(2024, 12, 24), "commercial")
    closed = make_application(db, body, D(2024, 12, 2), "nonprofit")
    ev(db, closed, "answered", D(2024, 12, 31), outcome="unable.not_held")
    ev(db, n1, "answered", D(2025, 1, 10), outcome="granted")
    ev(db, c1, "answered", D(2025, 1, 13), outcome="partial")
    r24, r25, r26 = (report(db, body, y) for y in (2024, 2025, 2026))
    for col in F.T3_COLUMN_IDS:
        assert r25.number(f"t3.carried_over.{col}") == r24.number(f"t3.carry_forward.{col}")
        assert r26.number(f"t3.carried_over.{col}") == r25.number(f"t3.carry_forward.{col}")
    assert r24.number("t3.carry_forward.natural") == 1 and r24.number("t3.carry_forward.commercial") == 2
    assert r24.number("t3.unable.not_held.nonprofit") == 1
    assert r25.number("t3.new.total") == 0 and r25.number("t3.carried_over.total") == 3
    assert r25.number("t3.granted.natural") == 1 and r25.number("t3.partial.commercial") == 1
    assert r25.number("t3.carry_forward.commercial") == 1
    with db.transaction() as s:
        assert [a.id for a in carried_forward(s, body, 2024)] == [n1, c1, c2]
        assert [a.id for a in carried_forward(s, body, 2025)] == [c2]
    for r in (r24, r25, r26):
        assert table_problems(r) == []


def test_2020_uses_the_single_other_row(db, new_body):
    body = new_body()
    a = make_application(db, body, D(2020, 6, 1), "natural")
    b = make_application(db, body, D(2020, 6, 2), "natural")
    ev(db, a, "withdrawn", D(2020, 6, 3))
    ev(db, b, "supplement_requested", D(2020, 6, 3), until=D(2020, 6, 10))
    ev(db, b, "supplement_missed", D(2020, 6, 11))
    rep = report(db, body, 2020)
    assert rep.format == "2019" and "t3.other.natural" in rep.values and "t3.other.other.natural" not in rep.values
    assert rep.number("t3.other.natural") == 2 and rep.number("t2.procurement.amount") is None
    assert table_problems(rep) == []


def test_lapses_in_2021_go_to_their_own_rows(db, new_body):
    body = new_body()
    a = make_application(db, body, D(2021, 6, 1), "legal")
    b = make_application(db, body, D(2021, 6, 1), "legal")
    ev(db, a, "supplement_requested", D(2021, 6, 2), until=D(2021, 6, 9))
    ev(db, a, "answered", D(2021, 6, 10), outcome="other.no_correction")
    ev(db, b, "fee_notice_sent", D(2021, 6, 2))
    ev(db, b, "fee_expired", D(2021, 7, 2))  # 20 working days after 2 June end on 1 July
    rep = report(db, body, 2021)
    assert rep.number("t3.other.no_correction.legal") == 1 and rep.number("t3.other.unpaid_fee.legal") == 1
    assert table_problems(rep) == []


def test_table4_decided_and_pending(db, new_body):
    body = new_body()
    with db.transaction() as s:
        c1 = add_review_case(s, body_id=body, group="review", filed_on=D(2024, 11, 1), actor="tester").id
        c2 = add_review_case(s, body_id=body, group="行政诉讼·未经复议直接起诉", filed_on=D(2025, 2, 1), actor="tester").id
        add_review_case(s, body_id=body, group="suit_after_review", filed_on=D(2025, 5, 1), actor="tester")
        decide_review_case(s, c1, "upheld", D(2025, 1, 20), actor="tester")
        decide_review_case(s, c2, "纠正", D(2025, 6, 1), actor="tester")
    r24, r25 = report(db, body, 2024), report(db, body, 2025)
    assert r24.number("t4.review.pending") == 1 and r24.number("t4.review.total") == 1
    assert r25.number("t4.review.upheld") == 1 and r25.number("t4.review.pending") == 0
    assert r25.number("t4.suit_direct.corrected") == 1
    assert r25.number("t4.suit_after_review.pending") == 1 and r25.number("t4.suit_after_review.total") == 1
    assert table_problems(r25) == []
    with pytest.raises(InvalidInput, match="已于2025-01-20审结"):
        with db.transaction() as s:
            decide_review_case(s, c1, "other", D(2025, 2, 1), actor="tester")


def test_table2_entered_values(db, new_body):
    body = new_body()
    with db.transaction() as s:
        set_proactive_count(s, body, 2025, "t2.rules.issued", 3, actor="tester")
        set_proactive_count(s, body, 2025, "t2.fees.amount", "12.5", actor="tester")
        set_proactive_count(s, body, 2025, "t2.rules.issued", 4, actor="tester")  # a correction
        set_proactive_count(s, body, 2020, "t2.licensing.delta", -2, actor="tester")
        for fid, value, match in (("t2.procurement.amount", 1, "不是2025年度"), ("t2.rules.issued", -1, "不能为负数"),
                                  ("t2.rules.issued", "1.5", "应为整数"), ("t2.rules.issued", "三", "不是数字")):
            with pytest.raises(InvalidInput, match=match):
                set_proactive_count(s, body, 2025, fid, value, actor="tester")
    rep = report(db, body, 2025)
    assert rep.number("t2.rules.issued") == 4 and rep.number("t2.fees.amount") == 12.5
    assert rep.values["t2.rules.repealed"].kind == "blank"
    assert report(db, body, 2020).number("t2.licensing.delta") == -2


def test_rollup_sums_the_bodies_below(db, new_body):
    parent = new_body()
    child = new_body(parent_id=parent)
    grandchild = new_body(parent_id=child)
    for b in (parent, child, grandchild):
        a = make_application(db, b, D(2025, 4, 1), "research")
        ev(db, a, "answered", D(2025, 4, 10), outcome="rejected.repeat")
    assert report(db, parent, 2025).number("t3.rejected.repeat.research") == 1
    rolled = report(db, parent, 2025, rollup=True)
    assert rolled.number("t3.rejected.repeat.research") == 3 and "汇总" in rolled.source
    assert report(db, child, 2025, rollup=True).number("t3.total.total") == 2


def test_pre2019_year_refused(db, new_body):
    with pytest.raises(InvalidInput, match="2019年起"):
        report(db, new_body(), 2018)


def test_flat_json_loads_back_with_render_load(db, new_body, tmp_path):
    from gongkai.render.load import load

    body = new_body()
    a = make_application(db, body, D(2025, 4, 1), "natural")
    ev(db, a, "answered", D(2025, 4, 10), outcome="granted")
    rep = report(db, body, 2025)
    out = tmp_path / "data.json"
    out.write_text(json.dumps(rep.flat(), ensure_ascii=False), encoding="utf-8")
    back = load(out)
    assert back.year == 2025 and back.agency == rep.agency
    assert back.number("t3.granted.natural") == 1 and back.number("t3.total.total") == 1
