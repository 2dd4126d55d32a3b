"""HTML reader: spans, nested markup, encodings, page chrome and layout tables."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.ingest.document import ReadError, Table, TextBlock
from gongkai.ingest.html import read_html
import gongkai
from tests.conftest import CORPUS, TRUTH
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
    <div style="display: none"><p>隐藏的旧版本内容</p></div>
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


def test_source_line_breaks_are_white_space(tmp_path: Path):
    p = tmp_path / "wrapped.html"
    p.write_text("<html><body><p>2020年，本机关共收到政府信息公开\n    申请15件，\n  other words</p>"
                 "<pre>一行\n二行</pre><table><tr><td>本年新\n制作数量</td><td>本年新<br>公开数量</td></tr>"
                 "<tr><td><p>12</p><p>5</p></td><td>3</td></tr></table></body></html>", encoding="utf-8")
    doc = read_html(p)
    assert [b.text for b in doc.paragraphs] == ["2020年，本机关共收到政府信息公开申请15件， other words", "一行", "二行"]
    # Two paragraphs in one cell stay apart: never glued into a wrong number (125).
    assert texts(doc.tables[0]) == [["本年新制作数量", "本年新\n公开数量"], ["12\n5", "3"]]


def test_portal_sample_inside_a_gbk_portal_page(tmp_path: Path):
    """The real sample wrapped like a portal page (GB2312 declared, header, menu, breadcrumb,
    layout table, share bar, footer) reads exactly like the bare sample."""
    report = SAMPLE.read_text(encoding="utf-8")
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            "<title>年度报告_上海市人民政府</title><script>var _hmt = [];</script></head><body>"
            '<div class="header"><div class="top-bar"><a href="#">无障碍</a> | <a href="#">English</a></div>'
            '<ul class="menu"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul></div>'
            '<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/n">政府信息公开年报</a></div>'
            '<table width="1000"><tr><td width="200"><div class="left-nav"><a href="#">信息公开指南</a><br>'
            '<a href="#">信息公开制度</a></div></td><td><div id="ivs_content">' + report + "</div>"
            '<div class="share">分享到：<a>微信</a><a>微博</a></div><p><a href="#">【打印本页】</a></p></td></tr></table>'
            '<div id="footer"><p>主办：上海市人民政府办公厅</p><p>沪ICP备05000000号</p></div></body></html>')
    p = tmp_path / "portal.html"
    p.write_bytes(page.encode("gb18030"))
    bare, wrapped = read_html(SAMPLE), read_html(p)
    assert [b.text for b in wrapped.paragraphs] == [b.text for b in bare.paragraphs]
    assert [texts(t) for t in wrapped.tables] == [texts(t) for t in bare.tables]
    truth = json.loads((TRUTH / "014.json").read_text(encoding="utf-8"))
    assert gongkai.parse(p).flat() == truth


def test_small_table_inside_a_data_cell_keeps_the_data_table(tmp_path: Path):
    rows = "".join(f"<tr><td>行{i}</td><td>{i}</td><td>{i * 2}</td><td>{i * 3}</td></tr>" for i in range(8))
    page = ("<html><body><p>表格</p><table><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td>"
            "<td><table><tr><td>现行</td></tr><tr><td>有效件数</td></tr></table></td></tr>" + rows +
            "</table></body></html>")
    p = tmp_path / "inner.html"
    p.write_text(page, encoding="utf-8")
    (t,) = read_html(p).tables
    assert texts(t)[0] == ["信息内容", "本年制发件数", "本年废止件数", "现行\n有效件数"]
    assert texts(t)[8] == ["行7", "7", "14", "21"]


def test_mhtml_web_archive_and_web_page_named_doc(tmp_path: Path):
    """Portals serve Word "single file web pages" (MHTML) and plain pages under a .doc name."""
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    from gongkai.ingest.office import read_office

    report = SAMPLE.read_text(encoding="utf-8")
    archive = MIMEMultipart("related")
    archive.attach(MIMEText("<html><body>" + report + "</body></html>", "html", "gb2312"))
    mht = tmp_path / "report.mht"
    mht.write_bytes(archive.as_bytes())
    as_doc = tmp_path / "report.doc"
    as_doc.write_bytes(archive.as_bytes())
    page_doc = tmp_path / "page.doc"
    page_doc.write_bytes(("<html><head><meta charset=gbk></head><body>" + report + "</body></html>").encode("gbk"))
    bare = [texts(t) for t in read_html(SAMPLE).tables]
    for doc in (read_html(mht), read_office(as_doc), read_office(page_doc)):
        assert [texts(t) for t in doc.tables] == bare
    assert read_office(as_doc).kind == "doc"


def test_single_cell_tables(tmp_path: Path):
    long_text = "本机关认真贯彻落实政府信息公开条例，" * 6
    page = (f"<html><body><table><tr><td><p>{long_text}</p><p>第二段。</p></td></tr></table>"
            "<table><tr><td>第二十条第（一）项</td></tr></table>"
            "<table><tr><td>信息内容</td><td>本年制发件数</td></tr></table></body></html>")
    p = tmp_path / "cells.html"
    p.write_text(page, encoding="utf-8")
    doc = read_html(p)
    # A one-cell frame around text is layout; a one-cell block heading stays a table piece.
    assert [b.text for b in doc.paragraphs] == [long_text, "第二段。"]
    assert [texts(t) for t in doc.tables] == [[["第二十条第（一）项"]], [["信息内容", "本年制发件数"]]]


def test_linked_title_in_heading_is_kept(tmp_path: Path):
    p = tmp_path / "t.html"
    p.write_text("<html><body><ul class='list'><li><a href='/a'>2018年某某局政府信息公开工作年度报告</a></li></ul>"
                 "<h1><a href='/b'>2019年某某局政府信息公开工作年度报告</a></h1><p>一、总体情况</p>"
                 "<p><a href='/c'>上一篇</a> <a href='/d'>下一篇</a></p></body></html>", encoding="utf-8")
    assert [b.text for b in read_html(p).paragraphs] == ["2019年某某局政府信息公开工作年度报告", "一、总体情况"]


def test_thead_tbody_tfoot_order(tmp_path: Path):
    p = tmp_path / "t.html"
    p.write_text("<table><tfoot><tr><td>合计</td><td>9</td></tr></tfoot><thead><tr><th>信息内容</th><th>数量</th></tr>"
                 "</thead><tbody><tr><td>规章</td><td>1</td></tr></tbody></table>", encoding="utf-8")
    assert texts(read_html(p).tables[0]) == [["信息内容", "数量"], ["规章", "1"], ["合计", "9"]]


def test_cells_with_images_scripts_forms_and_preformatted_text(tmp_path: Path):
    """Cells whose text is not simply their text nodes: an image's alt text is the value, scripts,
    styles and form controls are not shown, <pre> keeps its lines; a text-less <input> or a comment
    changes nothing. Each kind alone in a table (the reader takes a faster path for tables without
    such elements, which must not lose them)."""
    cells = {
        "img": ('<td><img src="n.png" alt="12"></td>', "12"),
        "script": ("<td>7<script>var x = '99';</script></td>", "7"),
        "style": ("<td><style>td{color:red}</style>8</td>", "8"),
        "select": ("<td>9<select><option>甲</option><option>乙</option></select></td>", "9"),
        "pre": ("<td><pre>第一行\n第二行</pre></td>", "第一行\n第二行"),
        "input": ('<td>10<input type="hidden" value="11"></td>', "10"),
        "comment": ("<td>1<!-- 13 -->4</td>", "14"),
    }
    for name, (cell, expected) in cells.items():
        p = tmp_path / f"{name}.html"
        p.write_text(f"<html><body><p>表格</p><table border=1><tr><td>项目</td><td>数量</td></tr>"
                     f"<tr><td>行政许可</td>{cell}</tr></table></body></html>", encoding="utf-8")
        (t,) = read_html(p).tables
        assert texts(t) == [["项目", "数量"], ["行政许可", expected]], name


def test_layout_table_around_a_data_table_is_flattened_in_order(tmp_path: Path):
    """A one-cell frame holding paragraphs and a data table; a link menu laid out as a table; a data
    table with a small table in one of its many cells stays a data table."""
    rows = "".join(f"<tr><td>第{i}行</td><td>{i}</td><td>{i + 1}</td></tr>" for i in range(6))
    page = f"""<html><body>
    <table><tr><td><a href="/">首页</a></td><td><a href="/x">政务公开</a></td></tr></table>
    <table><tr><td><p>报告标题</p><table border=1><tr><td>甲</td><td>乙</td></tr><tr><td>1</td><td>2</td></tr></table>
      <p>结尾段落</p></td></tr></table>
    <table border=1>{rows}<tr><td>附注</td><td><table><tr><td>小表</td></tr></table></td><td>3</td></tr></table>
    </body></html>"""
    p = tmp_path / "frame.html"
    p.write_text(page, encoding="utf-8")
    doc = read_html(p)
    kinds = [("P:" + b.text) if isinstance(b, TextBlock) else ("T%d" % len(b.rows)) for b in doc.blocks]
    assert kinds == ["P:报告标题", "T2", "P:结尾段落", "T7"]
    assert texts(doc.tables[0]) == [["甲", "乙"], ["1", "2"]]
    assert texts(doc.tables[1])[-1] == ["附注", "小表", "3"]
