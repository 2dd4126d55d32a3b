"""The national formats as data (gongkai.model.formats), issue 10 item 1.

Sources: 国办公开办函〔2019〕60号 (2019 format, report years 2019–2020) and 国办公开办函〔2021〕30号
(2021 format, from report year 2021); Table 3 note: “第一项加第二项之和，等于第三项加第四项之和”.
"""
from __future__ import annotations

import dataclasses

import pytest

from gongkai.model import fields as F
from gongkai.model import formats


def test_for_year_picks_the_format_of_the_year():
    assert [formats.for_year(y).id for y in (2008, 2018, 2019, 2020, 2021, 2035)] == \
        ["pre2019", "pre2019", "2019", "2019", "2021", "2021"]
    assert F.default_format(None) is None


def test_an_unknown_format_is_an_error_never_a_fallback():
    with pytest.raises(formats.UnknownFormat) as e:
        formats.get("2030")
    assert e.value.code == "FORMAT_UNKNOWN" and "未知的表格格式“2030”" in e.value.message
    assert formats.find("2030") is None and not formats.has_tables("2030") and not formats.has_tables(None)


def test_a_later_format_supersedes_an_open_ended_one_without_editing_it():
    new = dataclasses.replace(formats.for_year(2025), id="t2031", first_year=2031)
    formats.register(new)
    try:
        assert formats.for_year(2030).id != "t2031" and formats.for_year(2031).id == "t2031"
        assert F.default_format(2040) == "t2031"
    finally:
        formats.unregister("t2031")
    assert formats.for_year(2031).id == formats.for_year(2021).id


def test_single_other_variant_replaces_the_group_of_six_before_the_total():
    f = formats.for_year(2022)
    rows = [r.id for r in f.rows3(single_other=True)]
    assert rows[rows.index("other") + 1] == "total"
    assert not any(r.startswith("other.") for r in rows)
    assert f.collapsed() == ("other.no_correction", "other.unpaid_fee", "other.other")
    # the 2019 format has no variant: single_other changes nothing
    assert formats.for_year(2019).rows3(True) == formats.for_year(2019).t3_rows


def test_equations_as_data_expand_to_the_cells_of_each_instance():
    f = formats.for_year(2023)
    [bal] = f.equation("T3_COLUMN_BALANCE")
    inst = f.instances(bal)
    assert len(inst) == 7 and inst[0] == ("natural", ["t3.new.natural", "t3.carried_over.natural"],
                                          ["t3.total.natural", "t3.carry_forward.natural"])
    [out] = f.equation("T3_OUTCOME_TOTAL")
    _, left, right = f.instances(out, single_other=True)[0]
    assert left == ["t3.total.natural"] and right[-1] == "t3.other.natural" and len(right) == 19
    [t4] = f.equation("T4_GROUP_TOTAL")
    assert f.instances(t4)[1] == ("suit_direct", ["t4.suit_direct.total"],
                                  [f"t4.suit_direct.{c}" for c in ("upheld", "corrected", "other", "pending")])
    assert {e.code for e in f.equations} == {"T3_COLUMN_BALANCE", "T3_ROW_TOTAL", "T3_OUTCOME_TOTAL", "T4_GROUP_TOTAL"}


def test_fill_totals_balances_through_the_equations():
    f = formats.for_year(2020)
    counts = {fid: 0 for fid in f.table_fields() if fid[:2] in ("t3", "t4")}
    for t, _ in f.sum_cells():
        counts.pop(t, None)
    counts.update({"t3.granted.natural": 2, "t3.granted.legal": 1, "t3.other.natural": 4, "t4.review.pending": 3})
    out = f.fill_totals(counts)
    assert out["t3.total.natural"] == 6 and out["t3.granted.total"] == 3 and out["t3.total.total"] == 7
    assert out["t4.review.total"] == 3


def test_facade_keeps_the_public_catalogue():
    assert F.FORMATS == ("2019", "2021", "pre2019") and F.TABLE_FORMATS == ("2019", "2021")
    assert (len(F.table_fields("2019")), len(F.table_fields("2021")), len(F.table_fields("2021", True))) == \
        (198, 200, 186)
    assert F.table_fields("pre2019") == () and F.table_fields("nonsense") == ()
    assert F.field_label("t3.unable.not_held.natural") == "（四）无法提供·1.本机关不掌握相关政府信息·自然人"
    assert F.field_label("t3.other.natural") == "（六）其他处理·自然人"
    assert F.T3_OTHER_ROWS_2021 == ("other.no_correction", "other.unpaid_fee", "other.other")
    assert "t2.procurement.amount" in F.AMOUNT_FIELDS and "t2.fees.amount" in F.AMOUNT_FIELDS
