"""The Excel fill-in workbook: layout, protection, validation, live checks, reading back, typos."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook
from pycel import ExcelCompiler

from gongkai.model import fields as F
from gongkai.render import DataError, load, write_template
from gongkai.render.xlsx import field_cells, read_workbook

from .conftest import EXAMPLES, diff, fixed_reports


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    path = tmp_path_factory.mktemp("x") / "填报.xlsx"
    write_template(2025, path, load(str(EXAMPLES / "report-2021.yaml")))
    return path


def test_positions_defined_once_and_complete():
    for fmt in F.TABLE_FORMATS:
        cells = field_cells(fmt)
        assert set(cells) == set(F.table_fields(fmt))
        assert len(set(cells.values())) == len(cells)
    assert field_cells("2021")["t3.new.natural"] == ("表三", "E6")
    assert field_cells("2021")["t4.review.upheld"] == ("表四", "B6")


def test_template_layout_and_protection(tmp_path):
    path = write_template(2025, tmp_path / "t.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["基本信息", "表二", "表三", "表四"]
    t3 = wb["表三"]
    merged = {str(r) for r in t3.merged_cells.ranges}
    assert {"B3:D5", "E3:K3", "E4:E5", "F4:J4", "K4:K5", "B6:D6", "B8:B29", "C10:C17", "C8:D8"} <= merged
    assert t3["B3"].value.startswith("（本列数据的勾稽关系为")
    assert [t3[f"{c}5"].value for c in "FGHIJ"] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert t3["D10"].value == "1.属于国家秘密" and t3["B8"].value == "三、本年度办理结果"
    t4 = wb["表四"]
    assert {"B3:F3", "G3:P3", "G4:K4", "L4:P4", "B4:B5"} <= {str(r) for r in t4.merged_cells.ranges}
    for ws in (wb["基本信息"], wb["表二"], t3, t4):
        assert ws.protection.sheet
    assert t3["E6"].protection.locked is False and t3["D10"].protection.locked is True
    assert t3["M6"].protection.locked is True  # the check formulas cannot be overwritten
    assert wb["基本信息"]["B5"].value == "2021" and wb["基本信息"]["B5"].protection.locked
    assert wb["基本信息"]["B3"].protection.locked is False


def test_data_validation(tmp_path):
    wb = load_workbook(write_template(2020, tmp_path / "t.xlsx"))
    dvs = {str(dv.sqref).split()[0]: dv for dv in wb["表三"].data_validations.dataValidation}
    dv = dvs["E6"]
    assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert len(str(dv.sqref).split()) == len([f for f in F.table_fields("2019") if f.startswith("t3.")])
    t2 = {str(dv.sqref).split()[0]: dv for dv in wb["表二"].data_validations.dataValidation}
    cells = field_cells("2019")
    delta = t2[min((cells[f][1] for f in F.SIGNED_FIELDS), key=lambda c: (int(c[1:]), c[0]))]
    assert delta.type == "custom" and "INT(" in delta.formula1 and ">=0" not in delta.formula1
    amount = next(dv for dv in t2.values() if cells["t2.procurement.amount"][1] in str(dv.sqref))
    assert amount.type == "custom" and "INT(" not in amount.formula1 and ">=0" in amount.formula1
    assert '"/"' in amount.formula1


def test_check_formulas_evaluate(filled, tmp_path):
    xl = ExcelCompiler(filename=str(filled))
    assert xl.evaluate("表三!M6") == "是"  # row total
    assert xl.evaluate("表三!E32") == "是"  # 一 + 二 = （七） + 四, column 自然人
    assert xl.evaluate("表三!E33") == "是"  # （七）总计 = sum of outcomes
    assert xl.evaluate("表三!E35") == "是" and xl.evaluate("表四!E11") == "是"
    wb = load_workbook(filled)
    wb["表三"]["E6"] = 31  # 一、本年新收 自然人 off by one
    wb["表四"]["G6"] = None  # a blank Table 4 cell
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    xl = ExcelCompiler(filename=str(bad))
    assert xl.evaluate("表三!M6") == "否" and xl.evaluate("表三!E32") == "否" and xl.evaluate("表三!E33") == "是"
    assert xl.evaluate("表三!E35") == "否"
    assert xl.evaluate("表四!K9") == "未填完" and xl.evaluate("表四!E11") == "未填完"


def test_read_back_round_trip(filled, tmp_path):
    r = read_workbook(filled)
    assert diff(r.flat(), load(str(EXAMPLES / "report-2021.yaml")).flat()) == {}
    assert r.date == "2026年1月20日" and r.section(1).paragraphs[0].text.startswith("2025年")
    for i, rep in enumerate(fixed_reports(10, start=50)):
        if rep.single_other:
            with pytest.raises(DataError):
                write_template(rep.year, tmp_path / f"{i}.xlsx", rep)
            continue
        p = write_template(rep.year, tmp_path / f"{i}.xlsx", rep)
        assert diff(read_workbook(p).flat(), rep.flat()) == {}


@pytest.mark.parametrize("value, needle", [
    ("1O", "“1O”不是有效的数字"),
    ("五", "“五”不是有效的数字"),
    ("3件", "“3件”不是有效的数字"),
    (3.5, "不是整数"),
    (-2, "是负数"),
    ("=1+2", "是公式"),
])
def test_typos_name_sheet_and_cell(filled, tmp_path, value, needle):
    wb = load_workbook(filled)
    wb["表三"]["E12"] = value
    p = tmp_path / "typo.xlsx"
    wb.save(p)
    with pytest.raises(DataError) as e:
        load(p)
    assert "表三 E12" in e.value.message and needle in e.value.message and str(p) in e.value.message


def test_lenient_where_harmless(filled, tmp_path):
    wb = load_workbook(filled)
    wb["表三"]["E12"] = "１２"  # full-width digits typed as text
    wb["表二"]["C5"] = "/"
    p = tmp_path / "ok.xlsx"
    wb.save(p)
    r = load(p)
    e12 = next(f for f, place in field_cells("2021").items() if place == ("表三", "E12"))
    assert r.flat()[e12] == 12
    assert r.flat()["t2.rules.issued"] == "/"


def test_wrong_year_and_not_a_workbook(filled, tmp_path):
    wb = load_workbook(filled)
    wb["基本信息"]["B4"] = 2020
    p = tmp_path / "y.xlsx"
    wb.save(p)
    with pytest.raises(DataError) as e:
        load(p)
    assert "基本信息 B4" in e.value.message and "2019 格式" in e.value.message
    q = tmp_path / "x.xlsx"
    q.write_bytes(b"not a zip")
    with pytest.raises(DataError) as e:
        load(q)
    assert "不是有效的 Excel" in e.value.message
    with pytest.raises(DataError):
        write_template(2017, tmp_path / "old.xlsx")
