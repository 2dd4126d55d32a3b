"""Test-document generator (测试用年度报告生成): a complete annual report from a flat field map.

Importable as ``tests.ingest.generate`` (tests and ``benchmarks/`` use it). A flat map is the
flat export of fields.md — ``{field id: value}`` plus ``meta.agency``/``meta.year``/``meta.format``;
a value is a number, ``None`` (blank cell) or ``"/"`` (written ``/``). The documents follow the
national layout of the format (labels from :mod:`gongkai.model.fields`):

* :func:`random_flat` — plausible values for a format (totals add up; some blanks and ``/``).
* :func:`report_html` / :func:`write_html` — an HTML page (rowspan/colspan like the national
  format), optionally wrapped in portal chrome (layout table, menu, breadcrumb, footer, script),
  in Word's "save as web page" markup (``word=True``), saved in any encoding (GB18030…).
* :func:`write_docx` — a DOCX (python-docx) with merged header and row-label cells like the
  national format; ``split_table3`` splits Table 3 into two tables as after a page break.
* :func:`report_markdown` / :func:`write_markdown` — converter-style Markdown (pipe tables on
  the expanded grid, spanned positions left empty; or pandoc grid tables with spans, ``grid=True``).
* :func:`paragraphs`, :func:`title`, :func:`table_grids`, :func:`expand`, :func:`split_index` —
  the format-neutral content (title, narrative, table grids as rows of :class:`GridCell`, the
  full grid, where to cut Table 3) for writers of other formats (PDF, text…).
* Every writer takes ``split_table3=<Table 3 row id>``: Table 3 cut before that row into two
  tables, the cut spanning cells continuing empty in the second part (as Word does).

Example::

    from tests.ingest.generate import random_flat, write_docx
    flat = random_flat("2021", seed=1)
    write_docx(flat, "report.docx", split_table3="unable.not_held")
    assert gongkai.parse("report.docx").flat() == flat
"""
from __future__ import annotations

import html
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.model import fields as F

T3_HEADER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
SECTION_HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
AGENCIES = ("上海市某某区人民政府办公室", "慈溪市经济和信息化局", "某某市生态环境局", "某某县人民政府",
            "某某市交通运输局", "某某区市场监督管理局")


# ----------------------------------------------------------------------------- values

def fmt_value(v: Any) -> str:
    """The text written in a cell for a flat value (None → blank)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v.is_integer():
            return f"{v:.1f}"
        return f"{v:.6f}".rstrip("0").rstrip(".")
    return str(v)


def random_flat(fmt: str, seed: int = 0, *, blank_rate: float = 0.15, na_rate: float = 0.03,
                agency: str | None = None, year: int | None = None) -> dict[str, Any]:
    """A plausible flat map of a format (``"2019"`` or ``"2021"``).

    Table 3 adds up per row and per column (blank cells count as zero), Table 4 groups add up;
    ``blank_rate`` of the zero cells are left blank (``None``) and ``na_rate`` of the cells are
    ``"/"``. Deltas may be negative; amounts are in 万元 with two decimals.
    """
    if fmt not in F.TABLE_FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    rnd = random.Random(f"{fmt}-{seed}")
    if year is None:
        year = rnd.choice((2019, 2020)) if fmt == "2019" else rnd.choice((2021, 2022, 2023, 2024))
    flat: dict[str, Any] = {"meta.agency": agency or rnd.choice(AGENCIES), "meta.year": year, "meta.format": fmt}

    def small(hi: int = 30) -> int:
        return rnd.choice((0, 0, 0, rnd.randint(0, 5), rnd.randint(0, hi)))

    def maybe_blank(v: Any) -> Any:
        if rnd.random() < na_rate:
            return "/"
        if v == 0 and rnd.random() < blank_rate:
            return None
        return v

    # Table 2
    for block in F.T2_BLOCKS[fmt]:
        for row in block.rows:
            for c in row.columns:
                fid = f"t2.{row.id}.{c}"
                if fid in F.AMOUNT_FIELDS:
                    v: Any = rnd.choice((0, round(rnd.uniform(0, 5000), 2), rnd.randint(1, 900)))
                elif fid in F.SIGNED_FIELDS:
                    v = rnd.randint(-50, 80)
                else:
                    v = rnd.choice((0, rnd.randint(0, 20), rnd.randint(0, 3000)))
                flat[fid] = maybe_blank(v)
    # Table 3: outcome rows by column, then totals
    cols = F.T3_APPLICANT_COLUMNS
    outcomes = F.outcome_rows(fmt)
    grid: dict[str, dict[str, int]] = {}
    for rid in outcomes:
        grid[rid] = {c: (small(60) if c == "natural" else small(8)) for c in cols}
    grid["total"] = {c: sum(grid[r][c] for r in outcomes) for c in cols}
    carry = {c: rnd.randint(0, 5) for c in cols}
    prev = {c: rnd.randint(0, 5) for c in cols}
    # 一 + 二 = 三（七） + 四  →  新收 = 总计 + 结转下年 − 上年结转 (never negative)
    for c in cols:
        prev[c] = min(prev[c], grid["total"][c] + carry[c])
    grid["carry_forward"] = carry
    grid["carried_over"] = prev
    grid["new"] = {c: grid["total"][c] + carry[c] - prev[c] for c in cols}
    for row in F.T3_ROWS[fmt]:
        values = grid[row.id]
        for c in cols:
            flat[f"t3.{row.id}.{c}"] = maybe_blank(values[c])
        flat[f"t3.{row.id}.total"] = maybe_blank(sum(values.values()))
    # Table 4
    for g in F.T4_GROUP_IDS:
        parts = [small(5) for _ in range(4)]
        for cid, v in zip(F.T4_COLUMN_IDS, parts + [sum(parts)]):
            flat[f"t4.{g}.{cid}"] = maybe_blank(v)
    return flat


# ----------------------------------------------------------------------------- content

@dataclass
class GridCell:
    """One printed cell of a generated table (spans as in the national layout)."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


def _fmt(flat: dict[str, Any]) -> str:
    fmt = str(flat.get("meta.format") or "")
    if fmt not in F.TABLE_FORMATS:
        raise ValueError("flat map needs meta.format 2019 or 2021")
    return fmt


def title(flat: dict[str, Any]) -> str:
    return f"{flat['meta.year']}年{flat['meta.agency']}政府信息公开工作年度报告"


def _n(flat: dict[str, Any], fid: str) -> str:
    v = flat.get(fid)
    return fmt_value(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else "若干"


def paragraphs(flat: dict[str, Any]) -> dict[int, list[str]]:
    """Narrative paragraphs per section number (1–6), headings excluded."""
    year, agency = flat["meta.year"], flat["meta.agency"]
    return {
        1: [f"{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
            "扎实推进政府信息公开工作。",
            "（一）主动公开。全年通过门户网站主动公开政府信息，及时发布政策文件和解读材料。",
            f"（二）依申请公开。全年新收政府信息公开申请{_n(flat, 't3.new.total')}件，"
            f"上年结转{_n(flat, 't3.carried_over.total')}件，均在法定期限内答复。",
            "（三）政府信息管理。严格落实公开属性源头认定和保密审查机制。",
            "（四）平台建设。持续优化政府网站信息公开专栏。",
            "（五）监督保障。将政务公开工作纳入年度考核，加强业务培训。"],
        2: [],
        3: [],
        4: [f"本年度因政府信息公开工作被申请行政复议{_n(flat, 't4.review.total')}件。"],
        5: ["一是公开内容的及时性有待提升；二是政策解读形式较为单一。",
            "下一步，将进一步完善工作机制，丰富解读形式，提升公开质量。"],
        6: ["本年度未收取信息处理费。" if flat["meta.format"] == "2021" else "无。"],
    }


def _t2(flat: dict[str, Any], fmt: str) -> list[list[GridCell]]:
    labels = F.T2_COLUMN_LABELS_2021 if fmt == "2021" else F.T2_COLUMN_LABELS
    rows: list[list[GridCell]] = []
    for block in F.T2_BLOCKS[fmt]:
        rows.append([GridCell(block.heading, colspan=4, header=True)])
        spans = [1] * len(block.columns)
        spans[-1] = 4 - len(block.columns)  # the last column takes what is left of 3
        rows.append([GridCell("信息内容", header=True)]
                    + [GridCell(labels[c], colspan=s, header=True) for c, s in zip(block.columns, spans)])
        for row in block.rows:
            rows.append([GridCell(row.label)]
                        + [GridCell(fmt_value(flat.get(f"t2.{row.id}.{c}")), colspan=s)
                           for c, s in zip(row.columns, spans)])
    return rows


def _t3(flat: dict[str, Any], fmt: str) -> list[list[GridCell]]:
    rows: list[list[GridCell]] = [
        [GridCell(T3_HEADER_NOTE, rowspan=3, colspan=3, header=True), GridCell("申请人情况", colspan=7, header=True)],
        [GridCell("自然人", rowspan=2, header=True), GridCell("法人或其他组织", colspan=5, header=True),
         GridCell("总计", rowspan=2, header=True)],
        [GridCell(c.label, header=True) for c in F.T3_COLUMNS[1:6]],
    ]
    t3_rows = F.T3_ROWS[fmt]
    results = [r for r in t3_rows if r.group is not None]
    group_sizes: dict[str, int] = {}
    for r in results:
        if r.group != "results":
            group_sizes[r.group] = group_sizes.get(r.group, 0) + 1
    seen_groups: set[str] = set()
    first_result = True
    for r in t3_rows:
        values = [GridCell(fmt_value(flat.get(f"t3.{r.id}.{c}"))) for c in F.T3_COLUMN_IDS]
        lead: list[GridCell] = []
        if r.group is None:
            lead = [GridCell(r.label, colspan=3)]
        else:
            if first_result:
                lead.append(GridCell(F._RESULTS, rowspan=len(results)))
                first_result = False
            if r.group == "results":
                lead.append(GridCell(r.label, colspan=2))
            else:
                if r.group not in seen_groups:
                    seen_groups.add(r.group)
                    lead.append(GridCell(r.group_label, rowspan=group_sizes[r.group]))
                lead.append(GridCell(r.label))
        rows.append(lead + values)
    return rows


def _t4(flat: dict[str, Any]) -> list[list[GridCell]]:
    five = [c.label for c in F.T4_COLUMNS]
    values = [GridCell(fmt_value(flat.get(f"t4.{g}.{c}"))) for g in F.T4_GROUP_IDS for c in F.T4_COLUMN_IDS]
    return [
        [GridCell("行政复议", colspan=5, header=True), GridCell("行政诉讼", colspan=10, header=True)],
        [GridCell(x, rowspan=2, header=True) for x in five]
        + [GridCell("未经复议直接起诉", colspan=5, header=True), GridCell("复议后起诉", colspan=5, header=True)],
        [GridCell(x, header=True) for x in five * 2],
        values,
    ]


def table_grids(flat: dict[str, Any]) -> dict[int, list[list[GridCell]]]:
    """Tables 2, 3 and 4 of the report as printed rows of :class:`GridCell`."""
    fmt = _fmt(flat)
    return {2: _t2(flat, fmt), 3: _t3(flat, fmt), 4: _t4(flat)}


def split_index(flat: dict[str, Any], row_id: str) -> int:
    """Index in Table 3's printed rows where the row ``row_id`` starts (for a split)."""
    fmt = _fmt(flat)
    ids = [r.id for r in F.T3_ROWS[fmt]]
    return 3 + ids.index(row_id)


def expand(rows: list[list[GridCell]]) -> list[list[tuple[GridCell, bool, bool]]]:
    """The full grid: per position (cell, is_origin_row, is_origin_col). For writers that
    need every grid position (DOCX, PDF)."""
    grid: dict[tuple[int, int], tuple[GridCell, bool, bool]] = {}
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in grid:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    grid[(r + dr, c + dc)] = (cell, dr == 0, dc == 0)
            c += cell.colspan
            width = max(width, c)
    height = len(rows)
    return [[grid.get((r, c), (GridCell(""), True, True)) for c in range(width)] for r in range(height)]


# ----------------------------------------------------------------------------- HTML

def _word_cell(text: str) -> str:
    """A cell as Word's "save as web page" writes it (MsoNormal, o:p, conditional comments)."""
    body = html.escape(text) if text else "&nbsp;"
    return (f"<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US "
            f"style='font-size:10.5pt;font-family:仿宋_GB2312'>{body}<o:p></o:p></span></p>")


def _html_table(rows: list[list[GridCell]], word: bool = False) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">', "<tbody>"]
    for row in rows:
        out.append("<tr>")
        for cell in row:
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            if word:
                inner = _word_cell(cell.text)
            elif cell.text:
                # Labels break like the national format (本年新<br>制作数量) and sit in nested markup.
                text = html.escape(cell.text)
                if cell.header and len(cell.text) > 5 and "（" not in cell.text:
                    text = text[:3] + "<br />" + text[3:]
                inner = f'<p align="center"><span style="font-size:12px"><font face="宋体">{text}</font></span></p>'
            else:
                inner = '<p align="center">&nbsp;</p>'
            out.append(f'<td{attrs} valign="middle">{inner}</td>')
        out.append("</tr>")
    out += ["</tbody>", "</table>"]
    return "".join(out)


def report_html(flat: dict[str, Any], *, chrome: bool = False, split_table3: str | None = None,
                charset: str = "utf-8", word: bool = False) -> str:
    """The report as an HTML page. ``chrome`` wraps it like a portal page (layout table, menu,
    breadcrumb, footer, script); ``split_table3`` (a Table 3 row id) splits Table 3 before that
    row; ``word`` writes the markup of Word's "save as web page" (MsoNormal, ``<o:p>``, comments)."""
    grids = table_grids(flat)
    paras = paragraphs(flat)
    body: list[str] = [f'<p style="text-align:center;font-weight:bold">{html.escape(title(flat))}</p>',
                       "<p>本报告根据《中华人民共和国政府信息公开条例》要求编制。</p>"]
    for n, heading in enumerate(SECTION_HEADINGS, 1):
        body.append(f"<p><strong>{heading}</strong></p>")
        body += [f"<p>&nbsp;&nbsp;{html.escape(p)}</p>" for p in paras[n]]
        if n in (2, 3, 4):
            rows = grids[n]
            if n == 3 and split_table3:
                k = split_index(flat, split_table3)
                first, second = _split_rows(rows, k)
                body.append(_html_table(first, word))
                body.append("<p>&nbsp;</p>" if word else "")
                body.append(_html_table(second, word))
            else:
                body.append(_html_table(rows, word))
    content = "\n".join(body)
    if word:
        content = ("<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]-->"
                   "<div class=WordSection1 style='layout-grid:15.6pt'>" + content + "</div>")
    head = (f'<head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>{html.escape(title(flat))}_政府信息公开</title>"
            "<style>td{border:1px solid #000}</style><script>var menu = '首页 | 政务公开';</script></head>")
    if not chrome:
        return f"<!DOCTYPE html><html>{head}<body>{content}</body></html>"
    nav = ('<table class="nav"><tr><td><a href="/">首页</a></td><td><a href="/zwgk">政务公开</a></td>'
           '<td><a href="/hdjl">互动交流</a></td><td><a href="/bsfw">办事服务</a></td></tr></table>')
    footer = ('<div class="footer"><p>主办单位：某某市人民政府办公室　网站标识码：1234000001</p>'
              "<p>版权所有 © 某某市人民政府</p></div>")
    crumbs = ('<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; '
              '<a href="/nb">政府信息公开年报</a></div>')
    side = '<ul class="side"><li><a href="#">信息公开指南</a></li><li><a href="#">信息公开年报</a></li></ul>'
    return (f"<!DOCTYPE html><html>{head}<body>{nav}{crumbs}"
            f'<table width="100%" class="layout"><tr><td width="20%">{side}</td>'
            f'<td><div class="article">{content}</div></td></tr></table>{footer}'
            "<script>document.write('统计代码');</script></body></html>")


def _split_rows(rows: list[list[GridCell]], k: int) -> tuple[list[list[GridCell]], list[list[GridCell]]]:
    """Cut a printed table before printed row ``k``: spans crossing the cut are shortened and the
    continuation gets an empty cell where a spanning label cell was (as Word does)."""
    grid = expand(rows)
    first: list[list[GridCell]] = []
    for r, row in enumerate(rows[:k]):
        first.append([GridCell(c.text, min(c.rowspan, k - r), c.colspan, c.header) for c in row])
    second: list[list[GridCell]] = []
    for r in range(k, len(rows)):
        out: list[GridCell] = []
        done: set[int] = set()
        for c, (cell, top, left) in enumerate(grid[r]):
            if not left or id(cell) in done:
                continue
            done.add(id(cell))
            if top:
                out.append(GridCell(cell.text, cell.rowspan, cell.colspan, cell.header))
            elif r == k:
                # A cell spanning across the cut: its rest starts the continuation, empty.
                origin = next(i for i in range(r, -1, -1) if grid[i][c][1] and grid[i][c][0] is cell)
                out.append(GridCell("", origin + cell.rowspan - r, cell.colspan))
        second.append(out)
    return first, second


def write_html(flat: dict[str, Any], path: str | Path, *, encoding: str = "utf-8", **kw) -> Path:
    """Write :func:`report_html` to ``path`` in ``encoding`` (``gb18030`` for a GBK page)."""
    path = Path(path)
    charset = "gb2312" if encoding.lower() in ("gb18030", "gbk", "gb2312") else encoding
    path.write_bytes(report_html(flat, charset=charset, **kw).encode(encoding))
    return path


# ----------------------------------------------------------------------------- Markdown

def _display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def grid_table(rows: list[list[GridCell]]) -> list[str]:
    """A pandoc-style grid table (``+---+`` borders) with row and column spans, aligned by
    display width (a Chinese character is two columns wide)."""
    grid = expand(rows)
    height, width = len(grid), len(grid[0])
    widths = [3] * width
    for r in range(height):
        for c in range(width):
            cell, top, left = grid[r][c]
            if top and left and cell.colspan == 1:
                widths[c] = max(widths[c], _display_width(cell.text) + 2)
    for r in range(height):  # spanning cells: widen their last column when needed
        for c in range(width):
            cell, top, left = grid[r][c]
            if top and left and cell.colspan > 1:
                have = sum(widths[c:c + cell.colspan]) + cell.colspan - 1
                need = _display_width(cell.text) + 2
                if need > have:
                    widths[c + cell.colspan - 1] += need - have

    def border(r: int) -> str:
        """The line above grid row r (r == height: the bottom border)."""
        out = ""
        for c in range(width + 1):
            above = grid[r - 1][c] if 0 < r and c < width else None
            below = grid[r][c] if r < height and c < width else None
            seg_open = above is not None and below is not None and above[0] is below[0]
            # corner: is there a horizontal line on either side, or a vertical line through?
            left_above = grid[r - 1][c - 1] if 0 < r and 0 < c else None
            left_below = grid[r][c - 1] if r < height and 0 < c else None
            left_open = left_above is not None and left_below is not None and left_above[0] is left_below[0]
            if c == 0 or c == width:
                corner = "|" if (seg_open if c == 0 else left_open) else "+"
            else:
                corner = " " if (seg_open and left_open and left_above[0] is above[0]) else \
                    ("|" if seg_open and left_open else "+")
            out += corner
            if c < width:
                out += (" " if seg_open else "-") * widths[c]
        return out

    lines: list[str] = []
    for r in range(height):
        lines.append(border(r))
        line = ""
        c = 0
        while c < width:
            cell, top, left = grid[r][c]
            span = cell.colspan if left else 1  # stepping by spans, c is always a cell's left edge
            w = sum(widths[c:c + span]) + span - 1
            text = cell.text if top else ""
            line += "|" + " " + text + " " * (w - 1 - _display_width(text))
            c += span
        lines.append(line + "|")
    lines.append(border(height))
    return lines


def report_markdown(flat: dict[str, Any], *, split_table3: str | None = None, grid: bool = False) -> str:
    """The report as converter-style Markdown: pipe tables on the expanded grid, a spanned cell
    written once (its other grid positions left empty), the header row followed by ``|---|``;
    with ``grid`` pandoc-style grid tables keeping the row and column spans."""
    grids = table_grids(flat)
    paras = paragraphs(flat)
    grid_tables = grid
    out = [f"# {title(flat)}", "", "本报告根据《中华人民共和国政府信息公开条例》要求编制。", ""]

    def table(rows: list[list[GridCell]]) -> None:
        if grid_tables:
            out.extend(grid_table(rows))
            out.append("")
            return
        grid = expand(rows)
        for r, row in enumerate(grid):
            cells = [(c.text.replace("|", "\\|") if top and left else "") for c, top, left in row]
            out.append("| " + " | ".join(cells) + " |")
            if r == 0:
                out.append("|" + "---|" * len(row))
        out.append("")

    for n, heading in enumerate(SECTION_HEADINGS, 1):
        out += [f"## {heading}", ""]
        for p in paras[n]:
            out += [p, ""]
        if n in (2, 3, 4):
            if n == 3 and split_table3:
                first, second = _split_rows(grids[3], split_index(flat, split_table3))
                table(first)
                out += ["（续表）", ""]
                table(second)
            else:
                table(grids[n])
    return "\n".join(out)


def write_markdown(flat: dict[str, Any], path: str | Path, **kw) -> Path:
    path = Path(path)
    path.write_text(report_markdown(flat, **kw), encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- DOCX

def _docx_table(doc, rows: list[list[GridCell]]):
    grid = expand(rows)
    height, width = len(grid), len(grid[0])
    table = doc.add_table(rows=height, cols=width)
    table.style = "Table Grid"
    xrows = table.rows
    cells = [[None] * width for _ in range(height)]
    for r in range(height):
        rc = xrows[r].cells
        for c in range(width):
            cells[r][c] = rc[c]
    done: set[int] = set()
    for r in range(height):
        for c in range(width):
            cell, top, left = grid[r][c]
            if not (top and left) or id(cell) in done:
                continue
            done.add(id(cell))
            target = cells[r][c]
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(cells[r + cell.rowspan - 1][c + cell.colspan - 1])
            lines = cell.text.split("\n") if cell.text else [""]
            target.paragraphs[0].text = lines[0]
            for extra in lines[1:]:
                target.add_paragraph(extra)
    return table


def write_docx(flat: dict[str, Any], path: str | Path, *, split_table3: str | None = None,
               page_break: bool = True) -> Path:
    """Write the report as a DOCX (python-docx). ``split_table3`` (a Table 3 row id) cuts Table 3
    into two tables before that row, with a page break between them when ``page_break``."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    grids = table_grids(flat)
    paras = paragraphs(flat)
    doc = docx.Document()
    t = doc.add_paragraph(title(flat))
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("本报告根据《中华人民共和国政府信息公开条例》要求编制。")
    for n, heading in enumerate(SECTION_HEADINGS, 1):
        doc.add_paragraph(heading)
        for p in paras[n]:
            doc.add_paragraph(p)
        if n in (2, 3, 4):
            rows = grids[n]
            if n == 3 and split_table3:
                first, second = _split_rows(rows, split_index(flat, split_table3))
                _docx_table(doc, first)
                p = doc.add_paragraph()
                if page_break:
                    p.add_run().add_break(WD_BREAK.PAGE)
                _docx_table(doc, second)
            else:
                _docx_table(doc, rows)
    path = Path(path)
    doc.save(str(path))
    return path
