"""Import and export (导入导出): CSV and XLSX, all-or-nothing with line-numbered reasons, personal data."""
from __future__ import annotations

import csv
import datetime as dt

import openpyxl
import pytest

from gongkai.register import ImportRejected, year_report
from gongkai.register.io import export_file, import_into

from .conftest import dump, unique

HEADER = ["机关", "受理编号", "事项", "日期", "申请人类型", "申请人", "证件", "联系方式", "渠道", "申请内容", "办理结果",
          "征求意见对象", "补正期限", "金额"]


def rows_for(body: str) -> list[list[str]]:
    return [
        [body, "A-1", "收到申请", "2025-03-03", "自然人", "张三", "身份证 1234", "13800000000", "互联网", "预算文件", "", "", "", ""],
        [body, "A-2", "", "2025年3月4日", "商业企业", "某公司", "", "", "当面提交", "许可文件", "", "", "", ""],
        [body, "A-1", "答复", "2025-03-20", "", "", "", "", "", "", "granted", "", "", ""],
        [body, "A-2", "征求意见", "2025-03-05", "", "", "", "", "", "", "", "第三方", "", ""],
        [body, "A-2", "收到意见", "2025-03-12", "", "", "", "", "", "", "", "第三方", "", ""],
        [body, "A-2", "answered", "2025-03-28", "", "", "", "", "", "", "denied.third_party", "", "", ""],
        [body, "A-3", "收到申请", "2025-12-29", "法律服务机构", "某律所", "", "", "fax", "", "", "", "", ""],
    ]


def write_csv(path, rows):
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([HEADER] + rows)


def write_xlsx(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append([dt.date.fromisoformat(c) if i == 3 and c[:4].isdigit() and "-" in c else c for i, c in enumerate(r)])
    wb.save(path)


@pytest.mark.parametrize("writer, suffix", [(write_csv, ".csv"), (write_xlsx, ".xlsx")])
def test_import_then_report(db, new_body, tmp_path, writer, suffix):
    from gongkai.register import get_body

    body_id = new_body()
    with db.transaction() as s:
        name = get_body(s, body_id).name
    f = tmp_path / f"in{suffix}"
    writer(f, rows_for(name))
    res = import_into(db, f, actor="tester")
    assert (res.applications, res.events) == (3, 4)
    with db.transaction() as s:
        rep = year_report(s, body_id, 2025)
    assert rep.number("t3.new.total") == 3 and rep.number("t3.granted.natural") == 1
    assert rep.number("t3.denied.third_party.commercial") == 1 and rep.number("t3.carry_forward.legal") == 1


def test_rejected_lines_are_all_reported_and_nothing_is_imported(db, new_body, tmp_path):
    from gongkai.register import get_body

    body_id = new_body()
    with db.transaction() as s:
        name = get_body(s, body_id).name
    rows = rows_for(name)
    rows[1][4] = "外星人"  # line 3: bad applicant kind
    rows[2][10] = "other"  # line 4: not a 2025 outcome row
    rows.append([name, "A-9", "答复", "2025-04-01", "", "", "", "", "", "", "granted", "", "", ""])  # line 9: unknown
    rows.append(["没有这个机关", "B-1", "收到申请", "2025-04-01", "自然人", "某人", "", "", "互联网", "", "", "", "", ""])
    f = tmp_path / "bad.csv"
    write_csv(f, rows)
    before = dump(db)
    with pytest.raises(ImportRejected) as e:
        import_into(db, f, actor="tester")
    lines = dict(e.value.problems)
    assert "申请人类型“外星人”无效" in lines[3]
    assert "2021年起" in lines[4]
    assert "没有受理编号为“A-9”" in lines[9]
    assert "没有机关“没有这个机关”" in lines[10]
    assert "未导入任何数据" in e.value.message
    assert dump(db) == before


def test_bad_header_and_bad_file(db, tmp_path):
    f = tmp_path / "h.csv"
    f.write_text("机关,编号,日期\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as e:
        import_into(db, f, actor="tester")
    assert any("表头“编号”无法识别" in r for _, r in e.value.problems)
    g = tmp_path / "g.xlsx"
    g.write_bytes(b"not a zip file")
    with pytest.raises(Exception, match="无法作为 Excel 文件读取"):
        import_into(db, g, actor="tester")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_hides_personal_data_unless_asked_and_round_trips(db, new_body, tmp_path, suffix):
    from gongkai.register import get_body

    body_id = new_body()
    with db.transaction() as s:
        name = get_body(s, body_id).name
    f = tmp_path / "in.csv"
    write_csv(f, rows_for(name))
    import_into(db, f, actor="tester")
    out = tmp_path / f"out{suffix}"
    with db.transaction() as s:
        n = export_file(s, out, body_id=body_id)
        assert n == 7
        export_file(s, tmp_path / f"full{suffix}", body_id=body_id, include_personal=True)

    def text_of(p):
        if p.suffix == ".csv":
            return p.read_text(encoding="utf-8-sig")
        wb = openpyxl.load_workbook(p)
        return "\n".join(",".join(str(c) if c is not None else "" for c in r) for r in wb.active.iter_rows(values_only=True))

    plain, full = text_of(out), text_of(tmp_path / f"full{suffix}")
    assert "张三" not in plain and "13800000000" not in plain and "申请人," not in plain
    assert "张三" in full and "13800000000" in full
    # the export with personal data imports into another body and gives the same tables
    other = new_body(name=unique("另一机关"))
    re_in = tmp_path / f"re{suffix}"
    if suffix == ".csv":
        re_in.write_text(full.replace(name, _name(db, other)), encoding="utf-8")
    else:
        wb = openpyxl.load_workbook(tmp_path / f"full{suffix}")
        for row in wb.active.iter_rows(min_row=2):
            row[0].value = _name(db, other)
        wb.save(re_in)
    import_into(db, re_in, actor="tester")
    with db.transaction() as s:
        a, b = year_report(s, body_id, 2025), year_report(s, other, 2025)
    assert {k: v for k, v in a.flat().items() if k != "meta.agency"} == \
        {k: v for k, v in b.flat().items() if k != "meta.agency"}


def _name(db, body_id):
    from gongkai.register import get_body

    with db.transaction() as s:
        return get_body(s, body_id).name
