"""PDF test reports (测试用 PDF 年度报告): a flat field map → a PDF laid out like a published report.

Importable as ``tests.ingest.pdfgen`` (tests and ``benchmarks/`` use it). The content (title,
narrative, table grids with the national spans) comes from :mod:`tests.ingest.generate`; this
module only lays it out with reportlab, after GB/T 9704 (A4, 16 pt body with 2-character first-line
indent, 22 pt title that breaks over two lines, page numbers ``— N —``, a running header):

* :func:`write_pdf` — ruled tables (full borders, merged header and row-label cells) or, with
  ``ruled=False``, the same tables printed without any rule; Table 3 split over a page break
  before a chosen row (the rest continues on the next page, as in real reports).
* :func:`make_scanned` — a copy with every page replaced by a picture of it (no text layer).
* :func:`make_encrypted` — a copy that needs a password.
* :func:`make_truncated` — the first part of a file, as after an interrupted download.

Example::

    flat = random_flat("2021", seed=3)
    write_pdf(flat, "r.pdf", split_table3="unable.not_held")
    assert gongkai.parse("r.pdf").flat() == flat
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tests.ingest import generate as G

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

_BODY = ParagraphStyle("body", fontName=FONT, fontSize=16, leading=28, firstLineIndent=32,
                       alignment=TA_LEFT, wordWrap="CJK")
_TITLE = ParagraphStyle("title", fontName=FONT, fontSize=22, leading=30, alignment=TA_CENTER,
                        wordWrap="CJK", spaceAfter=20)
_SIGN = ParagraphStyle("sign", parent=_BODY, alignment=TA_RIGHT, firstLineIndent=0)
_CELL = ParagraphStyle("cell", fontName=FONT, fontSize=9, leading=11, alignment=TA_CENTER, wordWrap="CJK")
_CELL_LEFT = ParagraphStyle("cell_left", parent=_CELL, alignment=TA_LEFT)
_HEAD = ParagraphStyle("head", parent=_CELL, fontSize=8, leading=10)

# header labels broken over lines as the national format prints them (商业\n企业)
_BREAKS = {"商业企业": "商业<br/>企业", "科研机构": "科研<br/>机构", "社会公益组织": "社会<br/>公益<br/>组织",
           "法律服务机构": "法律<br/>服务<br/>机构", "结果维持": "结果<br/>维持", "结果纠正": "结果<br/>纠正",
           "其他结果": "其他<br/>结果", "尚未审结": "尚未<br/>审结"}
_WIDTH = A4[0] - 28 * mm - 26 * mm  # 156 mm text block
_COLS = {
    2: [130, 104, 104, _WIDTH - 338],
    3: [62, 62, 108] + [(_WIDTH - 232) / 7] * 7,
    4: [_WIDTH / 15] * 15,
}


def _on_page(running_header: str | None):
    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 14)
        canvas.drawCentredString(A4[0] / 2, 20 * mm, f"— {doc.page} —")
        if running_header and doc.page > 1:
            canvas.setFont(FONT, 9)
            canvas.drawCentredString(A4[0] / 2, A4[1] - 15 * mm, running_header)
        canvas.restoreState()
    return draw


def _table(rows: list[list[G.GridCell]], n: int, ruled: bool) -> Table:
    grid = G.expand(rows)
    height, width = len(grid), len(grid[0])
    data: list[list[Any]] = [[""] * width for _ in range(height)]
    spans = []
    done: set[int] = set()
    for r in range(height):
        for c in range(width):
            cell, top, left = grid[r][c]
            if not (top and left) or id(cell) in done:
                continue
            done.add(id(cell))
            style = _HEAD if cell.header else (_CELL_LEFT if _is_label(cell.text) else _CELL)
            text = _BREAKS.get(cell.text, cell.text) if cell.header else cell.text
            data[r][c] = Paragraph(text, style) if text else ""
            if cell.rowspan > 1 or cell.colspan > 1:
                spans.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
    cmds = [("FONT", (0, 0), (-1, -1), FONT, 9), ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3)] + spans
    if ruled:
        cmds += [("GRID", (0, 0), (-1, -1), 0.75, (0, 0, 0)), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    else:
        cmds += [("VALIGN", (0, 0), (-1, -1), "TOP")]
    cols = _COLS[n] if width == len(_COLS[n]) else [_WIDTH / width] * width
    return Table(data, colWidths=cols, style=TableStyle(cmds), repeatRows=0)


def _is_label(text: str) -> bool:
    """Row labels (Chinese text) are left-aligned; numbers and marks are centred."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def write_pdf(flat: dict[str, Any], path: str | Path, *, ruled: bool = True,
              split_table3: str | None = "unable.not_held", running_header: bool = True) -> Path:
    """Write the report of ``flat`` as a PDF with a text layer.

    ``ruled=False`` prints the tables without rules (aligned text only); ``split_table3`` (a
    Table 3 row id, or None) continues Table 3 on a new page from that row on."""
    grids = G.table_grids(flat)
    paras = G.paragraphs(flat)
    story: list[Any] = [Paragraph(G.title(flat), _TITLE),
                        Paragraph("本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据统计期限自1月1日至12月31日。", _BODY)]
    for n, heading in enumerate(G.SECTION_HEADINGS, 1):
        story.append(Paragraph(heading, _BODY))
        story += [Paragraph(p, _BODY) for p in paras[n]]
        if n in (2, 3, 4):
            story.append(Spacer(1, 6))
            rows = grids[n]
            if n == 3 and split_table3:
                first, second = G._split_rows(rows, G.split_index(flat, split_table3))
                story += [_table(first, 3, ruled), PageBreak(), _table(second, 3, ruled)]
            else:
                story.append(_table(rows, n, ruled))
            story.append(Spacer(1, 10))
    story += [Spacer(1, 20), Paragraph(str(flat["meta.agency"]), _SIGN),
              Paragraph(f"{int(flat['meta.year']) + 1}年1月20日", _SIGN)]
    path = Path(path)
    header = f"{flat['meta.agency']}政府信息公开工作年度报告" if running_header else None
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm,
                            topMargin=37 * mm, bottomMargin=35 * mm, title=G.title(flat),
                            author="gongkai tests")
    doc.build(story, onFirstPage=_on_page(header), onLaterPages=_on_page(header))
    return path


def make_scanned(src: str | Path, dst: str | Path, dpi: int = 60) -> Path:
    """A 'scan' of ``src``: each page becomes an image; no text layer is left."""
    import pymupdf

    with pymupdf.open(str(src)) as doc, pymupdf.open() as out:
        for page in doc:
            pix = page.get_pixmap(dpi=dpi)
            new = out.new_page(width=page.rect.width, height=page.rect.height)
            new.insert_image(new.rect, pixmap=pix)
        out.save(str(dst))
    return Path(dst)


def make_encrypted(src: str | Path, dst: str | Path, password: str = "gongkai") -> Path:
    """A copy of ``src`` that opens only with ``password`` (AES-256)."""
    import pymupdf

    with pymupdf.open(str(src)) as doc:
        doc.save(str(dst), encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=password, owner_pw=password + "!")
    return Path(dst)


def make_truncated(src: str | Path, dst: str | Path, keep: float = 0.6) -> Path:
    """The first ``keep`` part of ``src``'s bytes (an interrupted download)."""
    data = Path(src).read_bytes()
    Path(dst).write_bytes(data[: int(len(data) * keep)])
    return Path(dst)
