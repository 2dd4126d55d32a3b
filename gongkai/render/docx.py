"""DOCX writer (生成 Word 文档) in the layout of government documents (GB/T 9704-2012 公文格式):
A4, margins top 37 mm / left 28 mm (text block 156 × 225 mm), title 方正小标宋简体 二号, body
仿宋_GB2312 三号 at 22 lines a page, headings ``一、`` 黑体 and ``（一）`` 楷体_GB2312, page numbers
``— 1 —`` in 4号 宋体 (odd pages right, even pages left), tables with full borders and the merged
header cells of the national format, body name and date right-aligned at the end.

East-Asian font names are written into ``w:rFonts/@w:eastAsia``; the font table gives each GB
font an ``altName`` (宋体 / 仿宋 / 楷体 / 黑体) so a machine without it falls back sensibly.
Tables are written as WordprocessingML directly (``w:gridSpan`` / ``w:vMerge``), which is exact and
fast.
"""
from __future__ import annotations

from functools import lru_cache
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from ..model.report import Report
from . import layout as L
from .narrative import Block, heading_of, section_blocks, title_of

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
TABLE_FONT = "宋体"
PAGE_FONT = "宋体"
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", H2_FONT: "楷体", H1_FONT: "SimHei", TABLE_FONT: "SimSun"}

TITLE_PT = 22  # 二号
BODY_PT = 16  # 三号
PAGE_PT = 14  # 四号
TABLE_PT = 10.5  # 五号
LINE_PT = 28.9  # 225 mm / 22 lines
INDENT_PT = 2 * BODY_PT  # two characters


# --------------------------------------------------------------------------- fonts


def _set_rfonts(rpr, name: str) -> None:
    """Name the font for every script (w:eastAsia included: python-docx sets only Latin)."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _set_font(run, name: str, size: float | None = None, bold: bool | None = None) -> None:
    run.font.name = name
    _set_rfonts(run._element.get_or_add_rPr(), name)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold


def _register_fallbacks(doc) -> None:
    """Add the GB fonts to the font table with an ``altName`` fallback (方正小标宋简体 → 宋体 …)."""
    part = next((r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable")), None)
    if part is None:
        return
    from lxml import etree

    root = etree.fromstring(part.blob)
    ns = root.nsmap.get("w") or "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    w = f"{{{ns}}}"
    have = {f.get(f"{w}name") for f in root.findall(f"{w}font")}
    for name, alt in FALLBACKS.items():
        if name in have:
            continue
        font = etree.SubElement(root, f"{w}font", {f"{w}name": name})
        etree.SubElement(font, f"{w}altName", {f"{w}val": alt})
        etree.SubElement(font, f"{w}charset", {f"{w}val": "86"})  # GB2312
        etree.SubElement(font, f"{w}family", {f"{w}val": "roman" if "黑" not in name else "modern"})
        etree.SubElement(font, f"{w}pitch", {f"{w}val": "variable"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --------------------------------------------------------------------------- page


def _page_setup(doc) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.left_margin = Mm(37), Mm(28)
    sec.right_margin = Mm(210 - 28 - 156)
    sec.bottom_margin = Mm(297 - 37 - 225)
    sec.header_distance, sec.footer_distance = Mm(15), Mm(25)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    _set_rfonts(rpr, BODY_FONT)
    # Chinese text: the language selects the simplified-Chinese glyph forms of CJK fonts
    rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="zh-CN" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'))
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(LINE_PT)
    pf.space_before = pf.space_after = Pt(0)
    # page numbers: — 1 —, odd pages right, even pages left (one character in from the edge)
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT), (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = Pt(PAGE_PT)
        else:
            p.paragraph_format.left_indent = Pt(PAGE_PT)
        _set_font(p.add_run("— "), PAGE_FONT, PAGE_PT)
        r = p.add_run()
        _set_font(r, PAGE_FONT, PAGE_PT)
        r._element.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
        r2 = p.add_run()
        _set_font(r2, PAGE_FONT, PAGE_PT)
        r2._element.append(parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> PAGE </w:instrText>'))
        r3 = p.add_run()
        _set_font(r3, PAGE_FONT, PAGE_PT)
        r3._element.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
        _set_font(p.add_run("1"), PAGE_FONT, PAGE_PT)
        r4 = p.add_run()
        _set_font(r4, PAGE_FONT, PAGE_PT)
        r4._element.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))
        _set_font(p.add_run(" —"), PAGE_FONT, PAGE_PT)


# --------------------------------------------------------------------------- paragraphs


def _title(doc, text: str) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pf = p.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(36)
    pf.space_after = Pt(LINE_PT)
    _set_font(p.add_run(text), TITLE_FONT, TITLE_PT)


def _heading(doc, text: str) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(INDENT_PT)
    p.paragraph_format.keep_with_next = True
    _set_font(p.add_run(text), H1_FONT, BODY_PT)


def _narrative(doc, block: Block) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(INDENT_PT)
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for r in block.lead:
        font, bold = (H2_FONT, r.bold) if block.level == 2 else (BODY_FONT, True)
        run = p.add_run(r.text)
        _set_font(run, font, BODY_PT, bold or None)
        if r.italic:
            run.font.italic = True
    for r in block.runs:
        run = p.add_run(r.text)
        _set_font(run, BODY_FONT, BODY_PT, True if r.bold else None)
        if r.italic:
            run.font.italic = True


def _closing(doc, report: Report) -> None:
    lines = [x for x in (report.agency, report.date) if x]
    if not lines:
        return
    doc.add_paragraph()
    for text in lines:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(INDENT_PT)
        _set_font(p.add_run(text), BODY_FONT, BODY_PT)


# --------------------------------------------------------------------------- tables

_TWIP_PER_MM = 1440 / 25.4


def _rpr() -> str:
    f = escape(TABLE_FONT, {'"': "&quot;"})
    half = int(TABLE_PT * 2)
    return (f'<w:rPr><w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}"/>'
            f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/><w:lang w:val="zh-CN" w:eastAsia="zh-CN"/></w:rPr>')


_RPR = _rpr()


def _tc(text: str, width: int, colspan: int, vmerge: str | None, align: str) -> str:
    props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
    if colspan > 1:
        props.append(f'<w:gridSpan w:val="{colspan}"/>')
    if vmerge == "restart":
        props.append('<w:vMerge w:val="restart"/>')
    elif vmerge == "continue":
        props.append("<w:vMerge/>")
    props.append('<w:vAlign w:val="center"/>')
    ppr = (f'<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
           f'<w:ind w:firstLine="0"/><w:jc w:val="{align}"/><w:rPr/></w:pPr>')
    run = ""
    if text:
        parts = text.split("\n")
        inner = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(t)}</w:t>' for t in parts)
        run = f"<w:r>{_RPR}{inner}</w:r>"
    return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr><w:p>{ppr}{run}</w:p></w:tc>"


def table_xml(report: Report, grid: L.Grid) -> str:
    """WordprocessingML of one table: full borders, fixed column widths, merged cells."""
    widths = [round(w * _TWIP_PER_MM) for w in grid.widths_mm]
    total = sum(widths)
    borders = "".join(f'<w:{side} w:val="single" w:sz="6" w:space="0" w:color="000000"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>'
           f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
           f'<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
           f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
           f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>']
    out += [f'<w:gridCol w:w="{w}"/>' for w in widths]
    out.append("</w:tblGrid>")
    for r, row in enumerate(L.placed(grid)):
        trpr = "<w:cantSplit/>" + ("<w:tblHeader/>" if r < grid.header_rows else "")
        out.append(f"<w:tr><w:trPr>{trpr}</w:trPr>")
        c = 0
        while c < grid.ncols:
            cell, r0, _c0 = row[c]  # c is always the cell's first column: spans are jumped over
            width = sum(widths[c: c + cell.colspan])
            if r == r0:
                vm = "restart" if cell.rowspan > 1 else None
                text = L.cell_text(report, cell)
                align = "left" if cell.kind == "label" and cell.colspan < 3 and cell.rowspan == 1 else "center"
                if cell.kind == "label" and grid.number == 2:
                    align = "center"
                out.append(_tc(text, width, cell.colspan, vm, align))
            else:
                out.append(_tc("", width, cell.colspan, "continue", "center"))
            c += cell.colspan
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _table(doc, report: Report, grid: L.Grid) -> None:
    tbl = parse_xml(table_xml(report, grid))
    doc.element.body.insert_element_before(tbl, "w:sectPr")
    doc.add_paragraph()  # breathing space after a table, as documents usually have


# --------------------------------------------------------------------------- document


@lru_cache(maxsize=1)
def _base() -> bytes:
    """The empty document with page setup, styles, footers and font table (made once)."""
    doc = Document()
    _register_fallbacks(doc)
    _page_setup(doc)
    buf = BytesIO()
    doc.save(buf)
    return buf.getvalue()


def build(report: Report):
    """The python-docx Document of a report."""
    doc = Document(BytesIO(_base()))
    props = doc.core_properties
    props.title = title_of(report)
    props.author = report.agency or ""
    props.language = "zh-CN"
    props.comments = "由 gongkai 生成"
    props.last_modified_by = "gongkai"
    _title(doc, title_of(report))
    grids = {g.number: g for g in L.tables_for(report)}
    for n in range(1, 7):
        _heading(doc, heading_of(report, n))
        for block in section_blocks(report, n):
            _narrative(doc, block)
        if n in grids:
            _table(doc, report, grids[n])
    _closing(doc, report)
    return doc


def write_docx(report: Report, out: str | Path | BytesIO) -> None:
    build(report).save(out)


__all__ = ["build", "write_docx", "table_xml"]
