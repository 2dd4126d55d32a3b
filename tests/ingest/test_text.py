"""The plain-text reader: both table layouts, encodings, crawler files and bad input."""
from __future__ import annotations

import os

import pytest

from gongkai.ingest import parse, read_document
from gongkai.ingest.document import ReadError, Table, TextBlock
from gongkai.ingest.text import read_text, text_to_document
from tests.ingest.textreport import Spec, build


def write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return p


def test_tab_layout_rows_cells_and_continuation_lines():
    text = "标题\n二、主动公开政府信息情况\n\t第二十条第（一）项\n\n\t信息内容\n\t本年新\n制作数量\n\t\n\n\t规章\n\t1\n\t0\n\n\n五、问题\n"
    doc = text_to_document(text, "a.txt")
    [table] = doc.tables
    assert table.rows_known
    assert [[c.text for c in r] for r in table.rows] == [["第二十条第（一）项"], ["信息内容", "本年新\n制作数量", ""],
                                                         ["规章", "1", "0"]]
    cell = table.rows[2][1]
    assert (cell.location.line, cell.location.row, cell.location.col, cell.location.table) == (11, 2, 1, 1)
    paras = [b.text for b in doc.blocks if isinstance(b, TextBlock)]
    assert paras == ["标题", "二、主动公开政府信息情况", "五、问题"]
    assert doc.blocks[-1].location.line == 15


def test_a_heading_right_after_a_table_is_not_a_cell():
    doc = text_to_document("\t行政复议\n\n\t1\n\t0\n 五、存在的主要问题及改进情况\n无\n", "a.txt")
    assert [c.text for c in doc.tables[0].rows[1]] == ["1", "0"]
    assert [b.text for b in doc.paragraphs] == ["五、存在的主要问题及改进情况", "无"]


def test_pipe_layout_has_no_row_ends():
    doc = text_to_document("二、主动公开\n规章 |\n0 |\n |\n2 |\n三、收到\n", "b.txt")
    [table] = doc.tables
    assert not table.rows_known
    assert [c.text for c in table.cells()] == ["规章", "0", "", "2"]
    assert [c.location.line for c in table.cells()] == [2, 3, 4, 5]


@pytest.mark.parametrize("layout", ["tab", "pipe"])
@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_generated_reports_in_both_layouts(tmp_path, layout, fmt):
    text, expected = build(Spec(fmt=fmt, year=2020 if fmt == "2019" else 2022, layout=layout))
    report = parse(write(tmp_path, "r.txt", text))
    assert report.flat() == expected
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig"])
def test_encodings(tmp_path, encoding):
    text, expected = build(Spec(agency="眉山市经济和信息化局"))
    report = parse(write(tmp_path, "gbk.txt", text, encoding))
    assert report.flat() == expected


def test_crlf_line_ends(tmp_path):
    text, expected = build(Spec())
    assert parse(write(tmp_path, "crlf.txt", text.replace("\n", "\r\n"))).flat() == expected


def test_crawler_header_keeps_only_the_title(tmp_path):
    body = ("标题: 某某县2017年度政府信息公开工作年度报告\n发布时间: 2018-01-10\n栏目: 年报\n"
            "==================== 正文 ====================\n"
            "某某县2017年度政府信息公开工作年度报告 一、概述 本年度……。二、主动公开政府信息情况……\n")
    doc = read_text(write(tmp_path, "c.txt", body))
    assert [b.text for b in doc.blocks][0] == "某某县2017年度政府信息公开工作年度报告"
    assert not any("发布时间" in b.text for b in doc.paragraphs)
    report = parse(tmp_path / "c.txt")
    assert (report.format, report.year, report.agency) == ("pre2019", 2017, "某某县")


def test_missing_file():
    with pytest.raises(ReadError) as e:
        parse("/nonexistent/报告.txt")
    assert e.value.code == "FILE_MISSING" and "报告.txt" in e.value.reason


@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t \n"])
def test_empty_file(tmp_path, content):
    p = write(tmp_path, "empty.txt", content)
    with pytest.raises(ReadError) as e:
        parse(p)
    assert e.value.code == "FILE_EMPTY" and "empty.txt" in e.value.reason


def test_binary_garbage_named_txt(tmp_path):
    p = write(tmp_path, "garbage.txt", os.urandom(3000))
    with pytest.raises(ReadError) as e:
        parse(p)
    assert e.value.code == "FILE_TYPE" and "garbage.txt" in e.value.reason


def test_binary_without_nul_bytes(tmp_path):
    data = bytes((i * 7) % 32 for i in range(2000)) + b"abc"
    p = write(tmp_path, "ctrl.txt", data.replace(b"\x00", b"\x01"))
    with pytest.raises(ReadError) as e:
        parse(p)
    assert e.value.code == "FILE_TYPE"


def test_text_that_is_not_a_report(tmp_path):
    p = write(tmp_path, "notes.txt", "购物清单\n苹果 3\n香蕉 5\n今天天气很好。\n")
    with pytest.raises(ReadError) as e:
        parse(p)
    assert e.value.code == "FILE_NOT_REPORT" and "notes.txt" in e.value.reason


def test_pdf_bytes_with_txt_extension_are_sent_to_the_pdf_reader(tmp_path):
    p = write(tmp_path, "fake.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")  # a truncated PDF
    with pytest.raises(ReadError) as e:
        read_document(p)
    assert e.value.code != "FILE_TYPE" or "PDF" in e.value.reason


def test_wrong_extension_content_mismatch(tmp_path):
    p = write(tmp_path, "x.docx", "这不是Word文件".encode())
    with pytest.raises(ReadError) as e:
        read_document(p)
    # The DOCX reader names the cause: not a Word document at all.
    assert e.value.code == "FILE_TYPE" and "x.docx" in e.value.reason and "DOCX" in e.value.reason


def test_html_content_in_txt_file_goes_to_html_reader(tmp_path):
    p = write(tmp_path, "page.txt", "<!DOCTYPE html><html><body><p>2020年某某局政府信息公开工作年度报告</p>"
              "<p>一、总体情况</p><p>略。</p><p>六、其他需要报告的事项</p><p>无。</p></body></html>")
    doc = read_document(p)
    assert doc.kind == "html"


def test_markdown_rows_in_crawler_text():
    doc = text_to_document("标题\n| 规章 | 0 | 1 | 2 |\n|---|---|---|---|\n| 行政许可 | 5 |  | 7 |\n文本\n", "x.txt")
    [table] = doc.tables
    assert table.rows_known
    assert [[c.text for c in r] for r in table.rows] == [["规章", "0", "1", "2"], ["行政许可", "5", "", "7"]]
    assert table.rows[1][2].location.line == 4


def test_tab_cells_without_row_separators_are_read_as_a_cell_stream(tmp_path):
    text, expected = build(Spec())
    lines = text.split("\n")
    # drop the empty lines between rows inside the tables (keep the ones after narrative)
    squeezed = [ln for k, ln in enumerate(lines)
                if ln or not (k > 0 and lines[k - 1].startswith("\t") and k + 1 < len(lines) and lines[k + 1].startswith("\t"))]
    report = parse(write(tmp_path, "squeezed.txt", "\n".join(squeezed)))
    assert not any(t.rows_known for t in read_text(tmp_path / "squeezed.txt").tables)
    assert report.flat() == expected


def test_one_row_per_line_with_tab_separated_cells(tmp_path):
    text, expected = build(Spec(fmt="2021", year=2022))
    out, row = [], []
    for ln in text.split("\n"):  # tab layout → one line per row, cells joined by tabs
        if ln.startswith("\t"):
            row.append(ln[1:])
        elif ln == "" and row:
            out.append("\t".join(row) if len(row) > 1 else "\t" + row[0])
            row = []
        elif row:
            row[-1] += ln
        else:
            out.append(ln)
    report = parse(write(tmp_path, "tsv.txt", "\n".join(out)))
    assert report.flat() == expected


def test_pipe_label_broken_over_two_lines(tmp_path):
    labels = {"partial": "（二）部分公开（区分处理的，只计这一情形，\n不计其他情形）"}
    text, expected = build(Spec(layout="pipe", labels=labels))
    text = text.replace("（二）部分公开（区分处理的，只计这一情形， 不计其他情形） |",
                        "（二）部分公开（区分处理的，只计这一情形， |\n不计其他情形） |")
    assert "不计其他情形） |" in text
    assert parse(write(tmp_path, "p.txt", text)).flat() == expected
