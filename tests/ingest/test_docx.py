"""DOCX reader: body order, merged cells, split and nested tables, automatic numbering."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from gongkai.ingest.docx import read_docx
from gongkai.ingest.document import ReadError, Table, TextBlock
from tests.ingest.generate import random_flat, title, write_docx


def texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def test_generated_report_structure(tmp_path: Path):
    flat = random_flat("2019", 11)
    doc = read_docx(write_docx(flat, tmp_path / "r.docx"))
    assert doc.kind == "docx"
    assert doc.blocks[0].text == title(flat)
    assert len(doc.tables) == 3
    # Paragraphs and tables interleave in body order.
    kinds = [type(b).__name__ for b in doc.blocks]
    i = kinds.index("Table")
    assert doc.blocks[i - 1].text == "二、主动公开政府信息情况"
    t2, t3, t4 = doc.tables
    # gridSpan → colspan: block heading spans the 4 columns; covered cells are not repeated.
    assert [(c.text, c.colspan) for c in t2.rows[0]] == [("第二十条第（一）项", 4)]
    assert texts(t2)[1] == ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]
    # 2019 （九）: two value columns, the last spanning two grid columns.
    assert [c.colspan for c in t2.rows[-1]] == [1, 1, 2]
    # vMerge: a continuation is not a cell; the starting cell's rowspan counts the rows.
    note = t3.rows[0][0]
    assert (note.rowspan, note.colspan) == (3, 3)
    assert [(c.text, c.rowspan) for c in t3.rows[1]] == [("自然人", 2), ("法人或其他组织", 1), ("总计", 2)]
    assert len(t3.rows[2]) == 5
    results = t3.rows[5][0]
    assert results.text == "三、本年度办理结果" and results.rowspan == 20  # 2019: （一）…（七）, 20 rows
    denied = t3.rows[7]
    assert denied[0].text == "（三）不予公开" and denied[0].rowspan == 8 and denied[0].location.col == 1
    assert denied[1].text == "1.属于国家秘密" and denied[1].location.col == 2
    assert len(t3.rows[8]) == 8 and t3.rows[8][0].location.col == 2
    assert len(t4.rows[3]) == 15
    # Locations: file name, 1-based table, 0-based row and grid column.
    loc = t3.rows[3][1].location
    assert (loc.file, loc.table, loc.row, loc.col) == ("r.docx", 2, 3, 3)


def test_blank_and_na_cells(tmp_path: Path):
    flat = random_flat("2021", 2)
    flat["t3.new.research"] = None
    flat["t3.new.nonprofit"] = "/"
    doc = read_docx(write_docx(flat, tmp_path / "r.docx"))
    row = doc.tables[1].rows[3]
    assert row[0].text == "一、本年新收政府信息公开申请数量"
    assert row[3].text == "" and row[4].text == "/"


def test_split_table_after_page_break(tmp_path: Path):
    flat = random_flat("2021", 4)
    doc = read_docx(write_docx(flat, tmp_path / "r.docx", split_table3="unable.not_held"))
    assert len(doc.tables) == 4
    first, second = doc.tables[1], doc.tables[2]
    assert first.rows[5][0].rowspan == 10  # 三、本年度办理结果 cut at the page break
    # The continuation starts with the empty rest of the cut cell, then （四）.
    assert [c.text for c in second.rows[0][:3]] == ["", "（四）无法提供", "1.本机关不掌握相关政府信息"]
    assert second.location.table == 3


def test_nested_layout_table_is_flattened(tmp_path: Path):
    d = docx.Document()
    d.add_paragraph("2023年某某局政府信息公开工作年度报告")
    outer = d.add_table(rows=1, cols=1)
    cell = outer.cell(0, 0)
    cell.paragraphs[0].text = "一、总体情况"
    cell.add_paragraph("全年主动公开信息120条。")
    inner = cell.add_table(rows=2, cols=2)
    inner.cell(0, 0).text = "信息内容"
    inner.cell(0, 1).text = "本年处理决定数量"
    inner.cell(1, 0).text = "行政许可"
    inner.cell(1, 1).text = "5"
    cell.add_paragraph("二、主动公开政府信息情况")
    d.add_paragraph("完")
    path = tmp_path / "nested.docx"
    d.save(path)
    doc = read_docx(path)
    kinds = [(type(b).__name__, getattr(b, "text", None)) for b in doc.blocks]
    assert kinds == [("TextBlock", "2023年某某局政府信息公开工作年度报告"), ("TextBlock", "一、总体情况"),
                     ("TextBlock", "全年主动公开信息120条。"), ("Table", None), ("TextBlock", "二、主动公开政府信息情况"),
                     ("TextBlock", "完")]
    assert texts(doc.tables[0]) == [["信息内容", "本年处理决定数量"], ["行政许可", "5"]]
    assert doc.tables[0].location.table == 1


def _add_chinese_numbering(d) -> str:
    """Add a list definition 一、/（一）/1. to the document; returns its numId."""
    numbering = d.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
        "</w:abstractNum>")
    numbering.insert(0, abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def _numbered(d, text: str, num_id: str, level: int):
    p = d.add_paragraph(text)
    p._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return p


def test_automatic_numbering_is_rendered(tmp_path: Path):
    d = docx.Document()
    num = _add_chinese_numbering(d)
    _numbered(d, "总体情况", num, 0)
    _numbered(d, "主动公开", num, 1)
    _numbered(d, "依申请公开", num, 1)
    _numbered(d, "主动公开政府信息情况", num, 0)
    _numbered(d, "第一点", num, 2)
    d.add_paragraph("普通段落", style="List Number")  # numbering through the paragraph style
    path = tmp_path / "num.docx"
    d.save(path)
    got = [b.text for b in read_docx(path).paragraphs]
    assert got[:5] == ["一、总体情况", "（一）主动公开", "（二）依申请公开", "二、主动公开政府信息情况", "1.第一点"]
    assert got[5].endswith("普通段落") and got[5] != "普通段落"


def test_line_breaks_tracked_changes_hidden_text(tmp_path: Path):
    d = docx.Document()
    p = d.add_paragraph("本年新")
    p.add_run().add_break()
    p.add_run("制作数量")
    p2 = d.add_paragraph("保留")
    p2._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>删除的</w:delText></w:r></w:del>'))
    p2._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>插入的</w:t></w:r></w:ins>'))
    hidden = p2.add_run("隐藏文字")
    hidden.font.hidden = True
    path = tmp_path / "rev.docx"
    d.save(path)
    got = [b.text for b in read_docx(path).paragraphs]
    assert got == ["本年新", "制作数量", "保留插入的"]


def test_docx_without_content_is_not_a_report(tmp_path: Path):
    d = docx.Document()
    d.add_paragraph("   ")
    path = tmp_path / "empty_body.docx"
    d.save(path)
    with pytest.raises(ReadError) as e:
        read_docx(path)
    assert e.value.code == "FILE_NOT_REPORT" and "empty_body.docx" in e.value.reason


def test_blocks_are_text_or_tables(tmp_path: Path):
    doc = read_docx(write_docx(random_flat("2021", 9), tmp_path / "r.docx"))
    assert all(isinstance(b, (TextBlock, Table)) for b in doc.blocks)
    assert all(b.text and b.text == b.text.strip() for b in doc.paragraphs)


def test_small_table_inside_a_data_cell_keeps_the_data_table(tmp_path: Path):
    d = docx.Document()
    d.add_paragraph("表格")
    t = d.add_table(rows=9, cols=4)
    for c, label in enumerate(["信息内容", "本年制发件数", "本年废止件数", ""]):
        t.cell(0, c).text = label
    inner = t.cell(0, 3).add_table(rows=2, cols=1)
    inner.cell(0, 0).text = "现行"
    inner.cell(1, 0).text = "有效件数"
    for r in range(1, 9):
        for c, v in enumerate([f"行{r}", str(r), str(2 * r), str(3 * r)]):
            t.cell(r, c).text = v
    d.add_paragraph("完")
    path = tmp_path / "inner.docx"
    d.save(path)
    (table,) = read_docx(path).tables
    assert texts(table)[0] == ["信息内容", "本年制发件数", "本年废止件数", "现行\n有效件数"]
    assert texts(table)[8] == ["行8", "8", "16", "24"]


def test_numbering_in_table_cells_restart_and_continue(tmp_path: Path):
    d = docx.Document()
    num = _add_chinese_numbering(d)
    numbering = d.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="90"/>'
        '<w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    _numbered(d, "总体情况", num, 0)
    _numbered(d, "甲", num, 2)
    _numbered(d, "乙", num, 2)
    t = d.add_table(rows=2, cols=2)
    for r, label in enumerate(["属于国家秘密", "其他法律行政法规禁止公开"]):
        p = t.cell(r, 0).paragraphs[0]
        p.text = label
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="2"/><w:numId w:val="{"91" if r == 0 else num}"/></w:numPr>'))
        t.cell(r, 1).text = str(r)
    _numbered(d, "主动公开政府信息情况", num, 0)
    path = tmp_path / "cells.docx"
    d.save(path)
    doc = read_docx(path)
    assert [b.text for b in doc.paragraphs] == ["一、总体情况", "1.甲", "2.乙", "二、主动公开政府信息情况"]
    # The instance with startOverride restarts at 1; the shared list then continues from there.
    assert texts(doc.tables[0]) == [["1.属于国家秘密", "0"], ["2.其他法律行政法规禁止公开", "1"]]


def test_one_cell_frame_around_text_is_flattened(tmp_path: Path):
    long_text = "本机关认真贯彻落实政府信息公开条例，" * 6
    d = docx.Document()
    frame = d.add_table(rows=1, cols=1)
    frame.cell(0, 0).text = long_text
    frame.cell(0, 0).add_paragraph("第二段。")
    heading = d.add_table(rows=1, cols=1)
    heading.cell(0, 0).text = "第二十条第（一）项"
    d.add_paragraph("完")
    path = tmp_path / "frame.docx"
    d.save(path)
    doc = read_docx(path)
    assert [b.text for b in doc.paragraphs] == [long_text, "第二段。", "完"]
    assert [texts(t) for t in doc.tables] == [[["第二十条第（一）项"]]]


def test_alt_chunk_html_is_read_in_place(tmp_path: Path):
    """Web systems export reports as DOCX importing an HTML part (w:altChunk)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    d = docx.Document()
    d.add_paragraph("2022年某某局政府信息公开工作年度报告")
    html = ("<html><head><meta charset='gbk'></head><body><p>二、主动公开政府信息情况</p>"
            "<table><tr><td>信息内容</td><td colspan='3'>本年处理决定数量</td></tr>"
            "<tr><td>行政许可</td><td colspan='3'>5</td></tr></table></body></html>").encode("gbk")
    part = Part(PackURI("/word/afchunk1.htm"), "text/html", html, d.part.package)
    rid = d.part.relate_to(part, RT.A_F_CHUNK)
    d.add_table(rows=1, cols=2).cell(0, 0).text = "前表"
    d.element.body.insert(len(d.element.body) - 1, parse_xml(
        f'<w:altChunk {nsdecls("w", "r")} r:id="{rid}"/>'))
    d.add_paragraph("完")
    path = tmp_path / "chunk.docx"
    d.save(path)
    doc = read_docx(path)
    assert [getattr(b, "text", None) for b in doc.blocks] == [
        "2022年某某局政府信息公开工作年度报告", None, "二、主动公开政府信息情况", None, "完"]
    chunk_table = doc.tables[1]
    assert texts(chunk_table) == [["信息内容", "本年处理决定数量"], ["行政许可", "5"]]
    assert chunk_table.rows[1][1].colspan == 3
    assert chunk_table.location.table == 2 and chunk_table.rows[1][1].location.table == 2


def _pages(doc) -> list[tuple[str, int | None]]:
    return [(b.text if isinstance(b, TextBlock) else f"表{b.location.table}", b.location.page) for b in doc.blocks]


def test_pages_from_explicit_breaks(tmp_path: Path):
    """Without Word's layout marks, explicit breaks count: a page break run, pageBreakBefore and
    a section that starts on a new page. Cells carry the page their text is on."""
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    d.add_paragraph("第一页")
    d.add_paragraph("分页前").add_run().add_break(WD_BREAK.PAGE)
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(1, 1).text = "甲", "乙"
    d.add_paragraph("段前分页").paragraph_format.page_break_before = True
    d.add_section(WD_SECTION.NEW_PAGE)
    d.add_paragraph("新节")
    d.add_section(WD_SECTION.CONTINUOUS)
    d.add_paragraph("连续节")
    p = tmp_path / "pages.docx"
    d.save(str(p))
    doc = read_docx(p)
    assert _pages(doc) == [("第一页", 1), ("分页前", 1), ("表1", 2), ("段前分页", 3), ("新节", 4), ("连续节", 4)]
    (table,) = doc.tables
    assert [c.location.page for row in table.rows for c in row] == [2, 2, 2, 2]
    assert doc.pages == 4  # python-docx's template stores <Pages>1</Pages>: the count wins


def test_pages_from_rendered_marks(tmp_path: Path):
    """Word's w:lastRenderedPageBreak marks are used alone when present (an explicit break is
    followed by such a mark, so counting both would count twice); a table row continued on the
    next page puts its cells there."""
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement

    def mark(run):
        run._r.insert(0, OxmlElement("w:lastRenderedPageBreak"))

    d = docx.Document()
    d.add_paragraph("第一页").add_run().add_break(WD_BREAK.PAGE)
    mark(d.add_paragraph().add_run("第二页"))
    t = d.add_table(rows=2, cols=1)
    t.cell(0, 0).text = "表头"
    mark(t.cell(1, 0).paragraphs[0].add_run("跨页的行"))
    mark(d.add_paragraph().add_run("第四页"))
    p = tmp_path / "rendered.docx"
    d.save(str(p))
    doc = read_docx(p)
    assert _pages(doc) == [("第一页", 1), ("第二页", 2), ("表1", 2), ("第四页", 4)]
    assert [c.location.page for row in doc.tables[0].rows for c in row] == [2, 3]
    assert doc.pages == 4
    assert "第3页" in doc.tables[0].rows[1][0].location.describe()
