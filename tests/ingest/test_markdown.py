"""Markdown reader: pipe tables in pieces, HTML tables, headings and plain lines."""
from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.ingest.document import ReadError, Table
from gongkai.ingest.markdown import read_markdown
from tests.conftest import CORPUS

SAMPLE = CORPUS / "reports" / "005.md"


def texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def test_converter_sample_keeps_cells_faithfully():
    doc = read_markdown(SAMPLE)
    assert doc.kind == "markdown"
    t2 = doc.tables[0]
    assert texts(t2) == [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "0", "0", "0"],
                         ["规范性文件", "13", "0", "55"]]
    assert t2.location.line == 86 and t2.rows[2][3].location.line == 89
    # Table 3 arrives in pieces; a row that lost its label keeps its seven numbers.
    rows = [r for t in doc.tables[1:] for r in texts(t)]
    assert ["一、本年新收政府信息公开申请数量", "32", "2", "0", "0", "0", "0", "34", ""] in rows
    assert ["三、", "（一）予以公开", "9", "0", "0", "0", "0", "0", "9"] in rows
    assert ["6", "0", "0", "0", "0", "0", "6"] in rows
    assert ["（七）总计", "33", "2", "0", "0", "0", "0", "35"] in rows
    # Table 4: one row of 15 numbers.
    assert ["1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"] in rows
    # Headings lose their ## markers; text between table pieces stays in order.
    paras = [p.text for p in doc.paragraphs]
    assert "表三：收到和处理政府信息公开申请情况" in paras
    assert paras.index("（三）不") < paras.index("予公开")
    # Separator lines never become rows.
    assert not any(set(c.text) <= {"-", ":"} and c.text for t in doc.tables for c in t.cells())


def test_pipe_table_syntax(tmp_path: Path):
    md = tmp_path / "r.md"
    md.write_text(
        "# 2022年某某局政府信息公开工作年度报告\n\n"
        "一、总体情况\n全年**主动公开**信息 120 条。\n\n"
        "| 信息内容 | 本年处理<br>决定数量 |\n|:---|---:|\n| 行政许可 | 5 |\n| 注\\|备注 | &nbsp; |\n"
        "正文打断表格\n"
        "| 行政处罚 | 7 |\n\n"
        "<table><tr><td rowspan=\"2\">行政强制</td><td>1</td></tr><tr><td>2</td></tr></table>\n",
        encoding="utf-8")
    doc = read_markdown(md)
    assert [p.text for p in doc.paragraphs] == ["2022年某某局政府信息公开工作年度报告", "一、总体情况",
                                              "全年主动公开信息 120 条。", "正文打断表格"]
    t1, t2, t3 = doc.tables
    assert texts(t1) == [["信息内容", "本年处理\n决定数量"], ["行政许可", "5"], ["注|备注", ""]]
    assert texts(t2) == [["行政处罚", "7"]]
    assert texts(t3) == [["行政强制", "1"], ["2"]] and t3.rows[0][0].rowspan == 2
    assert [t.location.table for t in doc.tables] == [1, 2, 3]
    assert t1.rows[1][1].location.row == 1 and t1.rows[1][1].location.col == 1


def test_gbk_markdown_and_empty(tmp_path: Path):
    md = tmp_path / "gbk.md"
    md.write_bytes("| 规章 | 3 |\n|---|---|\n".encode("gbk"))
    assert texts(read_markdown(md).tables[0]) == [["规章", "3"]]
    empty = tmp_path / "empty.md"
    empty.write_text("\n\n   \n", encoding="utf-8")
    with pytest.raises(ReadError) as e:
        read_markdown(empty)
    assert e.value.code == "FILE_EMPTY" and "empty.md" in e.value.reason


def test_grid_table_with_spans_and_wrapped_cells(tmp_path: Path):
    """pandoc's grid tables: borders aligned by display width, spans, cells over several lines."""
    md = tmp_path / "grid.md"
    md.write_text(
        "表二：\n\n"
        "+----------+----------+----------+\n"
        "| 信息内容 | 本年新   | 对外公开 |\n"
        "|          | 制作数量 | 总数量   |\n"
        "+==========+==========+==========+\n"
        "| 规章     | 3        | 17       |\n"
        "+----------+----------+----------+\n"
        "| 第二十条第（八）项             |\n"
        "+----------+---------------------+\n"
        "| 合并     | 5                   |\n"
        "|          +---------------------+\n"
        "|          | 6                   |\n"
        "+----------+---------------------+\n\n"
        "完\n", encoding="utf-8")
    doc = read_markdown(md)
    assert [p.text for p in doc.paragraphs] == ["表二：", "完"]
    (t,) = doc.tables
    assert [[(c.text, c.rowspan, c.colspan) for c in row] for row in t.rows] == [
        [("信息内容", 1, 1), ("本年新\n制作数量", 1, 1), ("对外公开\n总数量", 1, 1)],
        [("规章", 1, 1), ("3", 1, 1), ("17", 1, 1)],
        [("第二十条第（八）项", 1, 3)],
        [("合并", 2, 1), ("5", 1, 2)],
        [("6", 1, 2)],
    ]
    assert t.rows[4][0].location.col == 1 and t.rows[3][1].location.line == 11


def test_malformed_grid_table_is_kept_as_text_and_rows(tmp_path: Path):
    md = tmp_path / "bad.md"
    md.write_text("+-----+-----+\n| 规章 | 3 |\n+--+\n", encoding="utf-8")
    doc = read_markdown(md)
    assert [[c.text for c in r] for t in doc.tables for r in t.rows] == [["规章", "3"]]
