"""Import and export of the whole register: applications and events, review/litigation cases (Table 4)
and Table 2 counts; XLSX sheets or sibling CSV files; all-or-nothing; a repeated import changes nothing."""
from __future__ import annotations

import csv
import datetime as dt
import uuid

import openpyxl
import pytest
import sqlalchemy as sa

from gongkai.register import (ImportRejected, InvalidInput, add_body, add_review_case, decide_review_case, get_body,
                              list_bodies, open_register, record_event, set_proactive_count, year_report)
from gongkai.register.io import COLUMNS, PERSONAL, export_file, export_register, import_into
from gongkai.register.io_extra import PROACTIVE_COLUMNS, REVIEW_COLUMNS, sibling_paths

from .conftest import PG_URL, dump, make_application, unique

D = dt.date
YEARS = range(2019, 2027)


@pytest.fixture
def target(db, tmp_path):
    """An empty register on the same database system as ``db``."""
    if db.engine.dialect.name == "sqlite":
        reg = open_register(f"sqlite:///{tmp_path / 'target.db'}")
        yield reg
        reg.dispose()
        return
    schema = f"gk_target_{uuid.uuid4().hex[:10]}"
    reg = open_register(PG_URL, schema=schema)
    yield reg
    with reg.engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    reg.dispose()


def populate(db) -> tuple[str, str]:
    """A parent body and a child body with applications, events, review cases and Table 2 counts."""
    with db.transaction() as s:
        a = add_body(s, unique("导出机关"), level="county", actor="tester")
        b = add_body(s, unique("下级机关"), level="township", parent_id=a.id, actor="tester")
        a_id, b_id, a_name, b_name = a.id, b.id, a.name, b.name
    a1 = make_application(db, a_id, D(2024, 11, 4), "natural", ref="A-1")
    a2 = make_application(db, a_id, D(2024, 12, 23), "commercial", ref="A-2")
    a3 = make_application(db, a_id, D(2025, 3, 3), "legal")  # no 受理编号: exported as "#id"
    make_application(db, a_id, D(2025, 12, 29), "research", ref="A-4")  # still open: carried forward
    b1 = make_application(db, b_id, D(2025, 4, 1), "natural", ref="B-1")
    with db.transaction() as s:
        record_event(s, a1, "answered", D(2024, 11, 20), outcome="granted", actor="tester")
        record_event(s, a2, "consultation_sent", D(2024, 12, 24), party="third_party", actor="tester")
        record_event(s, a2, "consultation_answered", D(2025, 1, 6), party="third_party", actor="tester")
        record_event(s, a2, "answered", D(2025, 1, 10), outcome="partial", actor="tester")
        record_event(s, a3, "answered", D(2025, 3, 20), outcome="unable.not_held", actor="tester")
        record_event(s, b1, "answered", D(2025, 4, 10), outcome="granted", actor="tester")
        c = add_review_case(s, body_id=a_id, group="review", filed_on=D(2024, 11, 25), application_id=a1,
                            case_no="复字〔2024〕1号", actor="tester")
        decide_review_case(s, c.id, "upheld", D(2025, 1, 20), actor="tester")
        c = add_review_case(s, body_id=a_id, group="suit_direct", filed_on=D(2025, 2, 10), note="判决撤销",
                            actor="tester")
        decide_review_case(s, c.id, "corrected", D(2025, 6, 1), actor="tester")
        # the same group and day without a case number: a second, distinct case (still pending)
        add_review_case(s, body_id=a_id, group="suit_direct", filed_on=D(2025, 2, 10), actor="tester")
        add_review_case(s, body_id=a_id, group="suit_after_review", filed_on=D(2025, 5, 1), application_id=a3,
                        actor="tester")
        add_review_case(s, body_id=b_id, group="review", filed_on=D(2025, 8, 1), case_no="B复1", actor="tester")
        set_proactive_count(s, a_id, 2025, "t2.rules.issued", 3, actor="tester")
        set_proactive_count(s, a_id, 2025, "t2.fees.amount", "12.5", actor="tester")
        set_proactive_count(s, a_id, 2020, "t2.licensing.delta", -2, actor="tester")
        set_proactive_count(s, a_id, 2020, "t2.procurement.amount", "1234.5678", actor="tester")
        set_proactive_count(s, b_id, 2025, "t2.licensing.decisions", 1234, actor="tester")
    return a_name, b_name


def copy_bodies(src, dst, names) -> None:
    """The same bodies (names, levels, parents) in ``dst``: import does not create bodies."""
    with src.transaction() as s:
        info = [(n, get_body(s, n).level, get_body(s, n).parent.name if get_body(s, n).parent else None)
                for n in names]
    with dst.transaction() as s:
        for name, level, parent in info:
            add_body(s, name, level=level, parent_id=get_body(s, parent).id if parent else None, actor="tester")


def reports(reg, names) -> dict:
    out = {}
    with reg.transaction() as s:
        for n in names:
            bid = get_body(s, n).id
            for y in YEARS:
                out[(n, y)] = year_report(s, bid, y).flat()
                out[(n, y, "rollup")] = year_report(s, bid, y, rollup=True).flat()
    return out


def export_both(db, names, tmp_path, suffix) -> list:
    files = []
    with db.transaction() as s:
        for i, n in enumerate(names):
            f = tmp_path / f"登记册{i}{suffix}"
            export_file(s, f, body_id=get_body(s, n).id, include_personal=True)
            files.append(f)
    return files


def test_xlsx_round_trip_gives_the_same_tables_2_3_4(db, target, tmp_path):
    names = populate(db)
    files = export_both(db, names, tmp_path, ".xlsx")
    wb = openpyxl.load_workbook(files[0])
    assert wb.sheetnames == ["登记册", "行政复议诉讼", "主动公开"]
    review = [list(r) for r in wb["行政复议诉讼"].iter_rows(values_only=True)]
    assert review[0] == [label for _, label in REVIEW_COLUMNS]
    assert review[1] == [names[0], "行政复议", "复字〔2024〕1号", "2024-11-25", "结果维持", "2025-01-20", None, "A-1"]
    assert len(review) == 5 and review[-1][1] == "行政诉讼·复议后起诉" and review[-1][7].startswith("#")
    t2 = [list(r) for r in wb["主动公开"].iter_rows(values_only=True)]
    assert t2[0] == [label for _, label in PROACTIVE_COLUMNS]
    assert [names[0], 2020, "t2.licensing.delta"] == t2[1][:3] and t2[1][4] == -2
    assert t2[-1] == [names[0], 2025, "t2.fees.amount", "行政事业性收费·本年收费金额（单位：万元）", 12.5]
    assert [r[:3] for r in t2[1:3]] == [[names[0], 2020, "t2.licensing.delta"],
                                        [names[0], 2020, "t2.procurement.amount"]]
    assert t2[2][4] == pytest.approx(1234.5678)

    copy_bodies(db, target, names)
    results = [import_into(target, f, actor="importer") for f in files]
    assert (results[0].extra.review_added, results[0].extra.proactive_set) == (4, 4)
    assert (results[1].extra.review_added, results[1].extra.proactive_set) == (1, 1)
    before, after = reports(db, names), reports(target, names)
    assert before == after
    a25 = after[(names[0], 2025)]
    assert (a25["t4.review.upheld"], a25["t4.suit_direct.corrected"], a25["t4.suit_direct.pending"],
            a25["t4.suit_after_review.pending"]) == (1, 1, 1, 1)
    assert a25["t2.fees.amount"] == 12.5 and a25["t2.rules.issued"] == 3 and a25["t2.rules.repealed"] is None
    assert after[(names[0], 2020)]["t2.procurement.amount"] == 1234.5678
    assert after[(names[0], 2025, "rollup")]["t2.licensing.decisions"] == 1234
    # through the service functions: links to applications kept, every change in the audit log
    with target.transaction() as s:
        rows = s.execute(sa.text("SELECT c.case_no, a.ref_no FROM reg_review_case c "
                                 "LEFT JOIN reg_application a ON a.id = c.application_id ORDER BY c.id")).all()
        actions = [r[0] for r in s.execute(sa.text("SELECT action FROM reg_audit WHERE actor = 'importer'"))]
    assert rows[0] == ("复字〔2024〕1号", "A-1") and rows[3][1].startswith("#")
    assert actions.count("review.add") == 5 and actions.count("review.decide") == 2
    assert actions.count("proactive.set") == 5


def test_bad_line_in_the_review_sheet_rejects_everything(db, target, tmp_path):
    names = populate(db)
    f = export_both(db, names, tmp_path, ".xlsx")[0]
    wb = openpyxl.load_workbook(f)
    ws = wb["行政复议诉讼"]
    ws.cell(3, 2).value = "行政仲裁"  # line 3: unknown group
    ws.cell(4, 6).value = "2025-01-01"  # line 4: decided before it was filed (a service guard)
    ws.cell(4, 5).value = "结果维持"
    wb["主动公开"].cell(3, 5).value = "很多"  # line 3 of the Table 2 sheet: not a number
    wb.save(f)
    copy_bodies(db, target, names)
    before = dump(target)
    with pytest.raises(ImportRejected) as e:
        import_into(target, f, actor="importer")
    problems = e.value.problems
    assert "未导入任何数据" in e.value.message
    assert (3, "工作表“行政复议诉讼”：案件类别“行政仲裁”无效；可用：review（行政复议）、"
               "suit_direct（行政诉讼·未经复议直接起诉）、suit_after_review（行政诉讼·复议后起诉）") in problems
    assert (4, "工作表“行政复议诉讼”：审结日期早于立案日期") in problems
    assert any(line == 3 and r.startswith("工作表“主动公开”：") and "不是数字" in r for line, r in problems)
    assert len(problems) == 3
    assert dump(target) == before
    with target.transaction() as s:
        assert s.execute(sa.text("SELECT count(*) FROM reg_application")).scalar() == 0


def test_csv_siblings_round_trip(db, target, tmp_path):
    names = populate(db)
    files = export_both(db, names, tmp_path, ".csv")
    main = files[0]
    sib = sibling_paths(main)
    assert [p.name for p in sib.values()] == ["登记册0-行政复议诉讼.csv", "登记册0-主动公开.csv"]
    with main.open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == [label for _, label in COLUMNS]  # the public format of the main file is unchanged
    with sib["行政复议诉讼"].open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh))
    assert lines[0] == [label for _, label in REVIEW_COLUMNS] and len(lines) == 5
    assert lines[2] == [names[0], "行政诉讼·未经复议直接起诉", "", "2025-02-10", "结果纠正", "2025-06-01", "判决撤销", ""]
    with sib["主动公开"].open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh))
    assert [names[0], "2020", "t2.procurement.amount"] == lines[2][:3] and lines[2][4] == "1234.5678"
    assert lines[-1][4] == "12.5"

    copy_bodies(db, target, names)
    res = [import_into(target, f, actor="importer") for f in files]
    assert res[0].extra.sources == ["文件“登记册0-行政复议诉讼.csv”", "文件“登记册0-主动公开.csv”"]
    assert reports(db, names) == reports(target, names)


def test_bad_line_in_a_sibling_csv_names_the_file(db, target, tmp_path):
    names = populate(db)
    main = export_both(db, names, tmp_path, ".csv")[1]
    t2 = sibling_paths(main)["主动公开"]
    t2.write_text(t2.read_text(encoding="utf-8-sig").replace("t2.licensing.decisions", "t2.licensing.made"),
                  encoding="utf-8-sig")
    copy_bodies(db, target, names)
    before = dump(target)
    with pytest.raises(ImportRejected) as e:
        import_into(target, main, actor="importer")
    assert e.value.problems == [(2, "文件“登记册1-主动公开.csv”：“t2.licensing.made”不是2025年度（2021年格式）表二的栏目")]
    assert dump(target) == before


def test_headers_of_the_other_sheets_are_checked(db, target, tmp_path):
    names = populate(db)
    f = export_both(db, names, tmp_path, ".xlsx")[1]
    wb = openpyxl.load_workbook(f)
    wb["行政复议诉讼"].cell(1, 4).value = "日期X"
    wb.save(f)
    copy_bodies(db, target, names)
    with pytest.raises(ImportRejected) as e:
        import_into(target, f, actor="importer")
    assert (1, "工作表“行政复议诉讼”：第4列表头“日期X”无法识别") in e.value.problems
    assert (1, "工作表“行政复议诉讼”：缺少“立案日期”列") in e.value.problems
    assert "表头有误" in e.value.message


def test_a_second_import_of_the_same_file_changes_nothing(db, target, tmp_path):
    names = populate(db)
    with db.transaction() as s:  # a body with cases and Table 2 counts but no application
        c = add_body(s, unique("复议机关"), actor="tester")
        c_id, c_name = c.id, c.name
        first = add_review_case(s, body_id=c_id, group="review", filed_on=D(2025, 3, 3), actor="tester").id
        add_review_case(s, body_id=c_id, group="review", filed_on=D(2025, 3, 3), actor="tester")
        add_review_case(s, body_id=c_id, group="suit_direct", filed_on=D(2025, 4, 1), case_no="（2025）诉1号",
                        actor="tester")
        set_proactive_count(s, c_id, 2025, "t2.penalty.decisions", 7, actor="tester")
    full = export_both(db, names, tmp_path, ".xlsx")[0]
    only_cases = tmp_path / "cases.xlsx"
    with db.transaction() as s:
        export_file(s, only_cases, body_id=c_id)
    copy_bodies(db, target, [*names, c_name])

    # a file with applications: they are refused the second time (受理编号 already in use), nothing changes
    import_into(target, full, actor="importer")
    before = dump(target)
    with pytest.raises(ImportRejected) as e:
        import_into(target, full, actor="importer")
    problems = dict(e.value.problems)
    assert sorted(problems) == list(range(2, 11))  # every line of the main sheet, none of the other sheets
    assert problems[2] == "本机关已有编号为“A-1”的申请" and "已于2024年11月20日结案" in problems[3]
    assert dump(target) == before

    # review cases and Table 2 counts are recognised: no duplicate, no audit entry
    res = import_into(target, only_cases, actor="importer")
    assert (res.applications, res.extra.review_added, res.extra.proactive_set) == (0, 3, 1)
    before = dump(target)
    res = import_into(target, only_cases, actor="importer")
    assert (res.extra.review_added, res.extra.review_decided, res.extra.review_unchanged) == (0, 0, 3)
    assert (res.extra.proactive_set, res.extra.proactive_unchanged) == (0, 1)
    assert dump(target) == before

    # later the source records a result and corrects a count: the new export updates, still no duplicate
    with db.transaction() as s:
        decide_review_case(s, first, "other", D(2025, 9, 1), actor="tester")
        set_proactive_count(s, c_id, 2025, "t2.penalty.decisions", 8, actor="tester")
        export_file(s, only_cases, body_id=c_id)
    res = import_into(target, only_cases, actor="importer")
    assert (res.extra.review_added, res.extra.review_decided, res.extra.review_unchanged) == (0, 1, 2)
    assert res.extra.proactive_set == 1
    assert reports(db, [c_name]) == reports(target, [c_name])
    with target.transaction() as s:
        assert s.execute(sa.text("SELECT count(*) FROM reg_review_case")).scalar() == 7  # 4 of the first body, 3

    # a different result than the registered one is refused
    wb = openpyxl.load_workbook(only_cases)
    ws = wb["行政复议诉讼"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[4].value)
    row[4].value = "结果纠正"
    wb.save(only_cases)
    before = dump(target)
    with pytest.raises(ImportRejected) as e:
        import_into(target, only_cases, actor="importer")
    assert "已于2025-09-01审结为“其他结果”" in e.value.problems[0][1] and row[0].row == e.value.problems[0][0]
    assert dump(target) == before


def test_year_filter_applies_to_cases_and_counts(db, tmp_path):
    names = populate(db)
    with db.transaction() as s:
        res = export_register(s, tmp_path / "y.csv", body_id=get_body(s, names[0]).id, year=2025)
    assert (res.rows, res.review_cases, res.proactive_counts) == (3, 3, 2)  # A-3 with its answer, A-4
    assert res.files[1:] == list(sibling_paths(tmp_path / "y.csv").values())
    with res.files[2].open(encoding="utf-8-sig", newline="") as fh:
        assert {r[1] for r in list(csv.reader(fh))[1:]} == {"2025"}


def test_cli_export_names_the_sibling_files(tmp_path):
    from typer.testing import CliRunner

    from gongkai.cli import app

    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'r.db'}"
    reg = open_register(url)
    try:
        with reg.transaction() as s:
            body = add_body(s, "某县政府", actor="tester").id
            add_review_case(s, body_id=body, group="review", filed_on=D(2025, 2, 3), actor="tester")
            set_proactive_count(s, body, 2025, "t2.rules.issued", 2, actor="tester")
    finally:
        reg.dispose()
    out = runner.invoke(app, ["register", "export", str(tmp_path / "登记册.csv"), "--db", url])
    assert out.exit_code == 0, out.output
    text = out.output.replace("\n", "")
    assert "已导出 0 行" in text and "登记册-行政复议诉讼.csv" in text and "登记册-主动公开.csv" in text
    assert "案件 1 件" in text and "表二数字 1 个" in text
    url2 = f"sqlite:///{tmp_path / 'r2.db'}"
    assert runner.invoke(app, ["register", "body", "add", "某县政府", "--db", url2]).exit_code == 0
    out = runner.invoke(app, ["register", "import", str(tmp_path / "登记册.csv"), "--db", url2, "--actor", "甲"])
    assert out.exit_code == 0, out.output
    text = out.output.replace("\n", "")
    assert "行政复议诉讼案件新增 1 件" in text and "表二数字填写 1 个" in text
    reg = open_register(url2)
    try:
        with reg.transaction() as s:
            assert [b.name for b in list_bodies(s)] == ["某县政府"]
            assert year_report(s, 1, 2025).flat()["t4.review.pending"] == 1
    finally:
        reg.dispose()


def test_main_file_without_personal_columns_keeps_its_format(db, tmp_path):
    names = populate(db)
    with db.transaction() as s:
        export_file(s, tmp_path / "p.csv", body_id=get_body(s, names[1]).id)
    with (tmp_path / "p.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh)) == [label for k, label in COLUMNS if k not in PERSONAL]


def test_a_sibling_that_is_not_utf8_is_named(db, tmp_path):
    names = populate(db)
    main = export_both(db, names, tmp_path, ".csv")[1]
    sibling_paths(main)["行政复议诉讼"].write_bytes("机关,类别\n某局,行政复议\n".encode("gbk"))
    with pytest.raises(InvalidInput, match="登记册1-行政复议诉讼.csv：不是 UTF-8 编码"):
        import_into(db, main, actor="importer")
