"""HTML reader: spans, nested markup, encodings, page chrome and layout tables."""
from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.ingest.document import ReadError, Table, TextBlock
from gongkai.ingest.html import read_html
from tests.conftest import CORPUS
from tests.ingest.generate import random_flat, write_html

SAMPLE = CORPUS / "reports" / "014.html"


def texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def test_portal_sample_tables_keep_spans_and_blanks():
    doc = read_html(SAMPLE)
    assert doc.kind == "html"
    assert len(doc.tables) == 3
    t2, t3, t4 = doc.tables
    # <br> inside a label is a line break; colspan kept, covered cells not repeated.
    assert texts(t2)[1] == ["信息内容", "本年新\n制作数量", "本年新\n公开数量", "对外公开总数量"]
    assert [c.colspan for c in t2.rows[1]] == [1, 1, 2, 1]
    assert texts(t2)[-1] == ["政府集中采购", "6", "251000元"]
    # Table 3 header: 3×3 note cell, then rowspan'd 自然人/总计.
    note = t3.rows[0][0]
    assert (note.rowspan, note.colspan) == (3, 3) and note.text.startswith("（本列数据的勾稽关系为")
    assert [(c.text, c.rowspan) for c in t3.rows[1]] == [("自然人", 2), ("法人或其他组织", 1), ("总计", 2)]
    # &nbsp; cells are blank (not dropped), the grid column in the location accounts for spans.
    row_new = t3.rows[3]
    assert [c.text for c in row_new] == ["一、本年新收政府信息公开申请数量", "821", "35", "", "", "2", "1", "859"]
    assert [c.location.col for c in row_new] == [0, 3, 4, 5, 6, 7, 8, 9]
    assert row_new[1].location.table == 2 and row_new[1].location.row == 3
    # Rowspan'd group labels are not repeated on the following rows.
    granted = t3.rows[5]
    assert granted[0].text == "三、本年度办理结果" and granted[0].rowspan == 20
    assert texts(t3)[7][0] == "（三）不予公开" and texts(t3)[8][0] == "2.其他法律行政法规禁止公开"
    assert len(t4.rows) == 4 and len(t4.rows[3]) == 15


def test_portal_sample_paragraphs_in_reading_order():
    doc = read_html(SAMPLE)
    blocks = doc.blocks
    assert isinstance(blocks[0], TextBlock) and blocks[0].text == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    i = next(k for k, b in enumerate(blocks) if isinstance(b, Table))
    assert blocks[i - 1].text == "二、主动公开政府信息情况"
    headings = [b.text for b in doc.paragraphs if b.text[:2] in ("一、", "二、", "三、", "四、", "五、", "六、")]
    assert [h[:2] for h in headings] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    assert doc.paragraphs[-1].text == "无。"
    assert all(b.location.file == "014.html" for b in blocks)


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8"])
def test_encodings_declared(tmp_path: Path, encoding: str):
    flat = random_flat("2019", 3, agency="上海市徐汇区人民政府")
    path = write_html(flat, tmp_path / "r.html", encoding=encoding)
    doc = read_html(path)
    assert doc.paragraphs[0].text == f"{flat['meta.year']}年上海市徐汇区人民政府政府信息公开工作年度报告"
    assert "法人或\n其他组织" in [c.text for c in doc.tables[1].cells()]


def test_encoding_undeclared_gbk_and_bom(tmp_path: Path):
    body = "<html><body><p>二〇二一年某某县人民政府政府信息公开工作年度报告</p>" \
           "<table><tr><td>规章</td><td>３</td></tr><tr><td>行政规范性文件</td><td>7</td></tr></table></body></html>"
    gbk = tmp_path / "gbk.htm"
    gbk.write_bytes(body.encode("gbk"))
    bom = tmp_path / "bom.html"
    bom.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    lying = tmp_path / "lying.html"  # declares gb2312, is UTF-8 (happens after re-saving)
    lying.write_bytes(("<meta charset=gb2312>" + body).encode("utf-8"))
    for p in (gbk, bom, lying):
        doc = read_html(p)
        assert doc.paragraphs[0].text == "二〇二一年某某县人民政府政府信息公开工作年度报告", p
        assert texts(doc.tables[0]) == [["规章", "３"], ["行政规范性文件", "7"]]


def test_chrome_layout_tables_scripts_are_flattened(tmp_path: Path):
    flat = random_flat("2021", 5)
    doc = read_html(write_html(flat, tmp_path / "page.html", chrome=True, encoding="gb18030"))
    # Navigation menu and the layout table are not data tables: exactly Tables 2, 3, 4.
    assert len(doc.tables) == 3
    assert doc.tables[0].rows[0][0].text == "第二十条第（一）项"
    assert doc.tables[0].location.table == 1
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "统计代码" not in text and "var menu" not in text and "td{border" not in text
    assert "一、总体情况" in text
    # Menus (link-only lines), the side list and the footer are page chrome, not report text.
    assert "版权所有" not in text and "信息公开年报" not in text and "首页" not in text
    assert doc.paragraphs[0].text.endswith("政府信息公开工作年度报告")


def test_nested_markup_and_nested_tables(tmp_path: Path):
    page = """<html><head><style>p{}</style></head><body>
    <div id="menu"><a href="/">首页</a> | <a href="/x">政务公开</a></div>
    <div class="list"><a href="/">首页</a> &gt; <a href="/x">政务公开</a> &gt; <a href="/y">年度报告</a></div>
    <table><tr><td><div><p>2022年某某局政府信息公开工作年度报告</p>
      <p>一、总体情况</p><p>正文<span>第一段</span>。</p>
      <table border=1><tbody>
        <tr><th rowspan="2"><p><span><font>信息</font></span><font>内容</font></p></th><th colspan=2>本年处理<br/>决定数量</th></tr>
        <tr><td>甲</td><td>乙</td></tr>
        <tr><td>行政许可</td><td>&nbsp;</td><td> 12 </td></tr>
      </tbody></table>
      <p>二、主动公开政府信息情况</p></div></td></tr></table>
    <script>alert("x")</script><noscript>请开启脚本</noscript></body></html>"""
    p = tmp_path / "n.html"
    p.write_text(page, encoding="utf-8")
    doc = read_html(p)
    assert [b.text for b in doc.paragraphs] == ["2022年某某局政府信息公开工作年度报告", "一、总体情况",
                                              "正文第一段。", "二、主动公开政府信息情况"]
    (t,) = doc.tables
    assert texts(t) == [["信息内容", "本年处理\n决定数量"], ["甲", "乙"], ["行政许可", "", "12"]]
    assert (t.rows[0][0].rowspan, t.rows[0][1].colspan) == (2, 2)
    assert [c.location.col for c in t.rows[1]] == [1, 2]


def test_page_without_text_is_not_a_report(tmp_path: Path):
    p = tmp_path / "blank.html"
    p.write_text("<html><head><title>x</title><script>var a=1;</script></head><body>  </body></html>",
                 encoding="utf-8")
    with pytest.raises(ReadError) as e:
        read_html(p)
    assert e.value.code == "FILE_NOT_REPORT" and "blank.html" in e.value.reason
