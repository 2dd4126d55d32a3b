"""Markdown writer (生成 Markdown): title, ``##`` section headings, narrative as written, tables as
pipe tables.

A pipe table has no spans, so each national table is written as its expanded grid: a cell covered
by a span repeats the text of the cell that spans it when that text is a label (``三、本年度办理结果``
on every result row, ``申请人情况`` over every applicant column); a number, the long 勾稽关系 note of
Table 3 and the Table 2 block headings are written once, the covered slots left empty (and left
out at the end of a row, which a pipe table allows: so a Table 2 row has one cell per column).
The first header row of the format is the pipe table's header.
"""
from __future__ import annotations

from pathlib import Path

from ..model.report import Report
from . import layout as L
from .narrative import heading_of, title_of

_ESC = str.maketrans({"|": "\\|", "\n": " "})


def _cell(text: str) -> str:
    return text.translate(_ESC).strip()


def _blank_when_covered(grid: L.Grid, cell: L.GridCell) -> bool:
    """Covered slots repeat labels and Table 3/4 column groups; values, the note, Table 2 block
    headings and Table 2 column headers are written once (so a row keeps one number per column)."""
    if cell.kind in ("value", "note", "group"):
        return True
    return grid.number == 2 and cell.kind == "head"


def table_markdown(report: Report, grid: L.Grid) -> str:
    lines = []
    for r, row in enumerate(L.placed(grid)):
        texts = []
        covered_blank = []
        for c, (cell, r0, c0) in enumerate(row):
            covered_blank.append((r, c) != (r0, c0) and _blank_when_covered(grid, cell))
            if covered_blank[-1]:
                texts.append("")
                continue
            texts.append(_cell(L.cell_text(report, cell)))
        if r > 0:  # a pipe row may be shorter than the header: leave out trailing covered slots
            while len(texts) > 1 and covered_blank[len(texts) - 1]:
                texts.pop()
        lines.append("| " + " | ".join(texts) + " |")
        if r == 0:
            lines.append("|" + "|".join(["---"] * grid.ncols) + "|")
    return "\n".join(lines)


def render_markdown(report: Report) -> str:
    grids = {g.number: g for g in L.tables_for(report)}
    out = [f"# {title_of(report)}", ""]
    for n in range(1, 7):
        out += [f"## {heading_of(report, n)}", ""]
        s = report.section(n)
        if s is not None:
            for p in s.paragraphs:
                if p.text.strip():
                    out += [p.text.strip(), ""]
        if n in grids:
            out += [table_markdown(report, grids[n]), ""]
    closing = [x for x in (report.agency, report.date) if x]
    if closing:
        # right-aligned signature lines: hard line break between them
        out.append("  \n".join(closing))
        out.append("")
    return "\n".join(out)


def write_markdown(report: Report, out: str | Path) -> None:
    Path(out).write_text(render_markdown(report), encoding="utf-8")
