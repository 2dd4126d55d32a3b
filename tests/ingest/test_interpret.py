"""Document → Report: label variants, typos, format detection, broken tables, lost labels,
body/year detection and sections. Documents are built in the test (text or Document form)."""
from __future__ import annotations

import pytest

from gongkai.ingest import interpret, parse
from gongkai.ingest.document import Cell, Document, ReadError, Table, TextBlock
from gongkai.ingest.detect import agency_from_title
from gongkai.model import Location
from gongkai.model import fields as F
from tests.ingest.textreport import Spec, build


def parse_text(tmp_path, spec: Spec):
    text, expected = build(spec)
    p = tmp_path / "r.txt"
    p.write_text(text, encoding="utf-8")
    return parse(p), expected


VARIANTS = {
    "rules": "规章（设区的市、自治州人民政府应提供相关数据）",
    "normative": "规范性\n文件",
    "other_services": "其他对外管理\n服务事项",
    "new": "一、本年新收 政府信息公开\n申请数量",
    "carried_over": "二.上年结转政府信息公开申请数量",
    "granted": "(一)予以公开",
    "partial": "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
    "denied.state_secret": "1．属于国家秘密",
    "denied.law_prohibited": "2.其他法律行政止公开",  # a typo seen in a published report
    "denied.security_stability": '3、危及"三安全一稳定"',
    "denied.third_party": "(4)保护第三方合法权益",
    "unable.not_held": "1. 本机关不掌握相关政府信息",
    "rejected.confirm_reissue": "5.要求行政机关确认或重新出具已获取的信息",
    "total": "(七) 总计",
    "carry_forward": "四、结转下年度继续办理",
}


@pytest.mark.parametrize("layout", ["tab", "pipe"])
def test_label_variants_and_typos(tmp_path, layout):
    spec = Spec(layout=layout, labels=VARIANTS, t3_group_labels={"denied": "(三) 不予公开", "unable": "（四）无法提供："})
    report, expected = parse_text(tmp_path, spec)
    assert report.flat() == expected
    assert not [n for n in report.notes if n.code == "PARSE_ROW_MISSING"]


@pytest.mark.parametrize("layout", ["tab", "pipe"])
def test_cell_values(tmp_path, layout):
    raw = {"t2.other_services.delta": "＋2", "t2.licensing.delta": "-187", "t2.rules.made": " 3 ",
           "t2.rules.published": "/", "t2.rules.public_total": "—", "t3.new.research": "",
           "t2.fees.prev_items": "21654145元", "t2.procurement.amount": "638.11万元", "t3.new.natural": "1,234"}
    report, expected = parse_text(tmp_path, Spec(layout=layout, raw=raw))
    flat = report.flat()
    assert flat == expected
    assert flat["t2.other_services.delta"] == 2 and flat["t2.licensing.delta"] == -187
    assert flat["t2.rules.published"] == "/" and flat["t3.new.research"] is None
    assert flat["t2.fees.prev_items"] == "21654145元" and flat["t2.procurement.amount"] == 638.11


@pytest.mark.parametrize("header,raw,value", [("采购总金额（万）", "21692.71", 21692.71),
                                              ("采购总金额（单位：元）", "251000", 25.1),
                                              ("采购总金额", "251000元", 25.1)])
def test_amount_unit_from_header_or_cell(tmp_path, header, raw, value):
    report, _ = parse_text(tmp_path, Spec(col_labels={"amount": header}, raw={"t2.procurement.amount": raw}))
    assert report.flat()["t2.procurement.amount"] == pytest.approx(value)


@pytest.mark.parametrize("layout", ["tab", "pipe"])
def test_2021_format_with_single_other_row(tmp_path, layout):
    report, expected = parse_text(tmp_path, Spec(fmt="2021", year=2023, single_other=True, layout=layout))
    assert report.format == "2021" and report.single_other
    assert report.flat() == expected
    assert "t3.other.natural" in report.flat() and "t3.other.other.natural" not in report.flat()


def test_2021_report_labelling_its_row_规范性文件(tmp_path):
    report, expected = parse_text(tmp_path, Spec(fmt="2021", year=2022, labels={"normative": "规范性文件"}))
    assert report.flat() == expected
    assert report.flat()["t2.normative.issued"] is not None


def test_2021_sub_rows_numbered_with_顿号(tmp_path):
    labels = {"other.no_correction": "1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
              "other.unpaid_fee": "2、申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
              "other.other": "3、其他"}
    report, expected = parse_text(tmp_path, Spec(fmt="2021", year=2024, labels=labels))
    assert not report.single_other and report.flat() == expected


def test_2021_year_printed_in_2019_tables_keeps_what_it_printed(tmp_path):
    report, expected = parse_text(tmp_path, Spec(fmt="2019", year=2021))
    assert report.format == "2019" and report.year == 2021
    assert report.flat() == {**expected, "meta.year": 2021}


def test_missing_rows_are_absent_with_a_note(tmp_path):
    report, expected = parse_text(tmp_path, Spec(drop_rows={"rules", "unable.unclear"}))
    flat = report.flat()
    assert flat == expected
    assert flat["t2.rules.made"] is None and flat["t3.unable.unclear.natural"] is None
    missing = [n for n in report.notes if n.code == "PARSE_ROW_MISSING"]
    assert any("补正后申请内容仍不明确" in n.message and n.severity == "warning" for n in missing)


# --------------------------------------------------------------------------- Document form

def cells(*texts, line=None):
    return [Cell(t, Location(file="d.pdf", line=line)) for t in texts]


def t3_rows(fmt="2019", skip_label=(), values=None):
    """Table 3 rows as a reader of a PDF or HTML would give them (group cell in first row)."""
    rows = [cells("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"),
            cells("自然人", "法人或其他组织", "总计"),
            cells("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")]
    for i, row in enumerate(F.T3_ROWS[fmt]):
        vals = values(row.id) if values else [str(i * 10 + k) for k in range(7)]
        label = "" if row.id in skip_label else row.label
        rows.append(cells(label, *vals) if label else cells(*vals))
    return rows


def t4_rows():
    return [cells("行政复议", "行政诉讼"),
            cells("结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"),
            cells(*(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)),
            cells(*[str(100 + i) for i in range(15)])]


def doc_of(*blocks):
    return Document(path="/x/d.pdf", kind="pdf", blocks=list(blocks))


def heading(text):
    return TextBlock(text, Location(file="d.pdf"))


def test_table_broken_across_a_page_is_joined():
    rows = t3_rows()
    t3a, t3b = Table(rows[:12], Location(file="d.pdf", page=3)), Table(rows[12:], Location(file="d.pdf", page=4))
    t4 = t4_rows()
    doc = doc_of(heading("2020年某某市某某局政府信息公开工作年度报告"), heading("三、收到和处理政府信息公开申请情况"),
                 t3a, t3b, heading("四、政府信息公开行政复议、行政诉讼情况"), Table(t4[:2]), Table(t4[2:]))
    report = interpret(doc)
    for i, row in enumerate(F.T3_ROWS["2019"]):
        assert [report.number(f"t3.{row.id}.{c}") for c in F.T3_COLUMN_IDS] == [i * 10 + k for k in range(7)]
    assert [report.number(f"t4.{g}.{c}") for g in F.T4_GROUP_IDS for c in F.T4_COLUMN_IDS] == list(range(100, 115))
    assert report.agency == "某某市某某局" and report.year == 2020


def test_label_and_values_split_by_a_page_break():
    rows = t3_rows()
    idx = 3 + 5  # denied.law_prohibited
    label_only = cells(rows[idx][0].text)
    values_only = rows[idx][1:]
    doc = doc_of(Table(rows[:idx] + [label_only]), Table([values_only] + rows[idx + 1:]))
    report = interpret(doc)
    assert [report.number(f"t3.denied.law_prohibited.{c}") for c in F.T3_COLUMN_IDS] == [50 + k for k in range(7)]


def test_lost_label_recovered_by_position():
    doc = doc_of(heading("2021年某某局政府信息公开工作年度报告"),
                 Table(t3_rows("2021", skip_label={"partial", "unable.unclear"})))
    report = interpret(doc)
    assert report.number("t3.partial.natural") == 30
    assert report.number("t3.unable.unclear.total") == 146
    recovered = [n for n in report.notes if n.code == "PARSE_ROW_RECOVERED"]
    assert len(recovered) == 2 and all(n.severity == "notice" for n in recovered)


def test_lost_labels_that_are_ambiguous_are_reported_not_guessed():
    rows = t3_rows("2021", skip_label={"partial", "denied.third_party"})
    rows = [r for r in rows if r[0].text != "1.属于国家秘密"]  # one more row gone: positions no longer add up
    report = interpret(doc_of(heading("2022年某某局政府信息公开工作年度报告"), Table(rows)))
    # (二) and 1. are gone but only one unlabelled row sits between （一） and 2.: no guess
    assert report.get("t3.partial.natural") is None
    assert report.flat()["t3.denied.state_secret.natural"] is None
    missing = [n for n in report.notes if n.code == "PARSE_ROW_MISSING"]
    assert any("部分公开" in n.message for n in missing)
    assert any("属于国家秘密" in n.message for n in missing)
    # 4. lost its label but is the only row between 3. and 5.: recovered
    assert report.flat()["t3.denied.third_party.natural"] == 70
    assert all(n.severity == "warning" for n in missing)


def test_merged_group_and_row_label_cell():
    rows = t3_rows()
    rows[3 + 4] = cells("（三）不予公开 1.属于国家秘密", *[str(40 + k) for k in range(7)])
    report = interpret(doc_of(Table(rows)))
    assert report.number("t3.denied.state_secret.total") == 46


def test_blank_cell_left_by_a_merged_label():
    rows = t3_rows()
    other = [r for r in rows if r[0].text == "（六）其他处理"][0]
    other[1:1] = cells("")
    report = interpret(doc_of(Table(rows)))
    assert [report.number(f"t3.other.{c}") for c in F.T3_COLUMN_IDS] == [200 + k for k in range(7)]


def test_all_tables_in_one_grid():
    t2 = [cells("第二十条第（一）项"), cells("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
          cells("规章", "1", "0", "2"), cells("行政规范性文件", "3", "1", "9"),
          cells("第二十条第（五）项"), cells("信息内容", "本年处理决定数量"), cells("行政许可", "97"),
          cells("第二十条第（八）项"), cells("信息内容", "本年收费金额（单位：万元）"), cells("行政事业性收费", "1.5")]
    report = interpret(doc_of(heading("某某区人民政府2023年政府信息公开工作年度报告"), Table(t2 + t3_rows("2021") + t4_rows())))
    assert report.format == "2021" and report.year == 2023 and report.agency == "某某区人民政府"
    flat = report.flat()
    assert (flat["t2.normative.in_force"], flat["t2.licensing.decisions"], flat["t2.fees.amount"]) == (9, 97, 1.5)
    assert flat["t3.other.other.total"] == 226 and flat["t4.suit_after_review.total"] == 114
    assert report.meta_locations["meta.format"] is not None


def test_mixed_formats_are_recorded():
    t2 = [cells("第二十条第（一）项"), cells("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
          cells("规章", "1", "0", "2"), cells("行政规范性文件", "3", "1", "9"),
          cells("第二十条第（五）项"), cells("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
          cells("行政许可", "5", "1", "97"),
          cells("第二十条第（八）项"), cells("信息内容", "本年收费金额（单位：万元）"), cells("行政事业性收费", "0")]
    report = interpret(doc_of(Table(t2 + t3_rows("2021"))))
    assert report.format == "2021"
    assert "上一年项目数量" in report.mixed_formats
    assert report.flat()["t2.licensing.decisions"] == 97  # mapped by its column header


def test_not_a_report_document():
    doc = doc_of(TextBlock("会议纪要"), TextBlock("今天讨论了食堂菜单。"), Table([cells("姓名", "年龄"), cells("张三", "30")]))
    with pytest.raises(ReadError) as e:
        interpret(doc)
    assert e.value.code == "FILE_NOT_REPORT" and "d.pdf" in e.value.reason


def test_report_without_tables_gets_a_note():
    doc = doc_of(heading("2022年某某局政府信息公开工作年度报告"), heading("一、总体情况"), TextBlock("略。"),
                 heading("六、其他需要报告的事项"), TextBlock("无。"))
    report = interpret(doc)
    assert report.format == "2021"
    assert any(n.code == "PARSE_TABLES_MISSING" for n in report.notes)


# --------------------------------------------------------------------------- metadata, sections

@pytest.mark.parametrize("title,agency", [
    ("2019年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅"),
    ("慈溪市人民政府2020年政府信息公开工作年度报告", "慈溪市人民政府"),
    ("淄博市工业和信息化局2020年度政府信息公开工作年度报告", "淄博市工业和信息化局"),
    ("2020年慈溪市经济和信息化局信息公开工作年度报告", "慈溪市经济和信息化局"),
    ("某某市人民政府信息公开工作年度报告（2020年度）", "某某市人民政府"),
    ("某某县关于2021年度政府信息公开工作年度报告", "某某县"),
    ("二〇二一年某某镇人民政府政务公开工作年度报告", "某某镇人民政府"),
])
def test_agency_from_title(title, agency):
    assert agency_from_title(title) == agency


def test_title_over_two_lines_and_agency_from_first_paragraph(tmp_path):
    report, _ = parse_text(tmp_path, Spec(title="某某市人民政府\n2020年政府信息公开工作年度报告", agency="某某市人民政府"))
    assert report.title == "某某市人民政府2020年政府信息公开工作年度报告"
    assert report.agency == "某某市人民政府" and report.year == 2020
    report, _ = parse_text(tmp_path, Spec(
        title="", no_title_paragraph="根据《条例》和《某某省人民政府办公厅关于做好政府信息公开工作年度报告的通知》要求，"
                                     "特发布某某市经济和信息化局2020年政府信息公开工作年度报告。"))
    assert report.title is None and report.agency == "某某市经济和信息化局" and report.year == 2020


def test_report_that_never_names_itself(tmp_path):
    report, _ = parse_text(tmp_path, Spec(title=""))
    assert report.agency is None and report.year == 2020


def test_section_heading_variants(tmp_path):
    sections = {1: "总体情况", 4: "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况",
                5: "五、政务公开的成效及下一步工作打算", 6: "  六、其他需要报告的事项"}
    report, expected = parse_text(tmp_path, Spec(sections=sections))
    assert report.flat() == expected
    assert [(s.number, s.heading) for s in report.sections] == [
        (1, "总体情况"), (2, "二、主动公开政府信息情况"), (3, "三、收到和处理政府信息公开申请情况"),
        (4, sections[4]), (5, sections[5]), (6, "六、其他需要报告的事项")]
    assert report.section(5).paragraphs[0].text.startswith("一是")
    assert report.section(6).text == "无。"
    assert report.section(1).location.line is not None
    assert "本机关认真贯彻落实" in report.text


def test_label_and_numbers_merged_into_one_cell():
    t2 = [cells("第二十条第（一）项"), cells("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"),
          cells("规章 1 2 3"), cells("规范性文件 4 5 6")]
    t4 = t4_rows()[:3] + [cells(" ".join(str(100 + i) for i in range(15)))]
    report = interpret(doc_of(Table(t2), Table(t3_rows()), Table(t4)))
    assert [report.number(f"t2.normative.{c}") for c in ("made", "published", "public_total")] == [4, 5, 6]
    assert report.number("t4.suit_after_review.total") == 114


def test_truncated_label():
    rows = t3_rows("2021")
    for r in rows:
        if r[0].text.startswith("2.申请人逾期未按收费"):
            r[0] = Cell("2.申请人逾期未按收费通知要求")
    report = interpret(doc_of(Table(rows)))
    assert report.number("t3.other.unpaid_fee.natural") == 210


def test_a_narrative_table_with_table2_words_is_not_table2():
    narrative = Table([cells("事项", "数量"), cells("行政许可", "120"), cells("行政处罚", "35")])
    t2 = [cells("第二十条第（五）项"), cells("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
          cells("行政许可", "5", "1", "97")]
    report = interpret(doc_of(heading("2020年某某局政府信息公开工作年度报告"), heading("一、总体情况"), narrative,
                              heading("二、主动公开政府信息情况"), Table(t2), Table(t3_rows())))
    assert report.number("t2.licensing.prev_items") == 5
    assert report.get("t2.penalty.prev_items") is None


def test_old_style_statistics_table_is_not_read_as_a_national_table():
    stats = Table([cells("指标名称", "计量单位", "数量"), cells("一、主动公开情况", "", ""),
                   cells("（一）主动公开政府信息数", "条", "206"), cells("（三）申请答复数", "件", "3"),
                   cells("2.同意公开答复数", "件", "2"), cells("3.同意部分公开答复数", "件", "1"),
                   cells("四、行政复议数量", "件", "0"), cells("五、行政诉讼数量", "件", "0"),
                   cells("（一）维持具体行政行为数", "件", "0"), cells("（二）被依法纠错数", "件", "0")])
    report = interpret(doc_of(heading("某某县2016年政府信息公开工作年度报告"), TextBlock("一、概述"), stats))
    assert report.format == "pre2019" and report.values == {}


def test_title_after_portal_chrome_and_metadata_table():
    meta = Table([cells("索引号", "123/2021-001", "发布机构", "某某局"),
                  cells("标题", "某某市交通运输局2021年政府信息公开工作年度报告", "发布日期", "2022-01-20")])
    doc = doc_of(TextBlock("当前位置：首页 > 政务公开 > 政府信息公开年度报告"), meta,
                 heading("一、总体情况"), TextBlock("略。"), Table(t3_rows("2021")))
    report = interpret(doc)
    assert report.title == "某某市交通运输局2021年政府信息公开工作年度报告"
    assert (report.agency, report.year, report.format) == ("某某市交通运输局", 2021, "2021")


def test_heading_running_on_into_its_text():
    doc = doc_of(heading("2020年某某局政府信息公开工作年度报告"),
                 TextBlock("一、总体情况 2020年，本局认真贯彻落实《条例》要求，全面推进政务公开工作，主动公开政府信息1000条。"),
                 heading("二、主动公开政府信息情况"), Table(t3_rows()), heading("六、其他需要报告的事项"), TextBlock("无。"))
    report = interpret(doc)
    s1 = report.section(1)
    assert s1.heading == "一、总体情况" and s1.paragraphs[0].text.startswith("2020年，本局")
    assert [s.number for s in report.sections] == [1, 2, 6]


def test_closing_date():
    doc = doc_of(heading("2020年某某局政府信息公开工作年度报告"), heading("一、总体情况"), TextBlock("略。"),
                 Table(t3_rows()), heading("六、其他需要报告的事项"), TextBlock("无。"), TextBlock("某某局"),
                 TextBlock("2021年1月20日"))
    assert interpret(doc).date == "2021年1月20日"


def test_table2_header_printed_once_for_all_blocks():
    t2 = [cells("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"), cells("规章", "1", "0", "2"),
          cells("行政规范性文件", "3", "1", "9"), cells("行政许可", "97"), cells("行政处罚", "5"),
          cells("行政强制", "1"), cells("行政事业性收费", "1.5")]
    report = interpret(doc_of(heading("2022年某某局政府信息公开工作年度报告"), Table(t2), Table(t3_rows("2021"))))
    flat = report.flat()
    assert (flat["t2.rules.in_force"], flat["t2.licensing.decisions"], flat["t2.penalty.decisions"],
            flat["t2.fees.amount"]) == (2, 97, 5, 1.5)
    assert "t2.licensing.issued" not in report.values


def test_page_title_with_site_name():
    doc = doc_of(TextBlock("某某市生态环境局2021年政府信息公开工作年度报告_某某市人民政府门户网站"),
                 heading("一、总体情况"), TextBlock("略。"), Table(t3_rows("2021")))
    report = interpret(doc)
    assert report.agency == "某某市生态环境局" and report.year == 2021
    assert report.paragraphs[0].text == "一、总体情况"


def test_label_broken_over_two_rows():
    rows = t3_rows()
    k = next(i for i, r in enumerate(rows) if r[0].text.startswith("（二）部分公开"))
    vals = rows[k][1:]
    rows[k:k + 1] = [cells("（二）部分公开（区分处理的，只计这一"), cells("情形，不计其他情形）", *[c.text for c in vals])]
    report = interpret(doc_of(Table(rows)))
    assert [report.number(f"t3.partial.{c}") for c in F.T3_COLUMN_IDS] == [30 + k for k in range(7)]


def test_document_without_any_text():
    with pytest.raises(ReadError) as e:
        interpret(doc_of(TextBlock("  "), Table([cells("", "")])))
    assert e.value.code == "FILE_EMPTY" and "d.pdf" in e.value.reason
