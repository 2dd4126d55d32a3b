"""HTML writer (生成网页): one self-contained page ready to paste into a government portal.

Semantic ``<table>`` with ``<thead>``/``<th scope>`` and the rowspan/colspan of the national format,
inline CSS only (no external assets), readable on a phone (the page is fluid, wide tables scroll
horizontally inside their own box), every text escaped (Jinja2 autoescape).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from ..model.report import Report
from . import layout as L
from .narrative import Run, heading_of, section_blocks, title_of


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(loader=PackageLoader("gongkai.render", "templates"),
                       autoescape=select_autoescape(["html"]), trim_blocks=False)


def _runs(runs: tuple[Run, ...]) -> Markup:
    out = []
    for r in runs:
        t = escape(r.text)
        if r.italic:
            t = Markup(f"<em>{t}</em>")
        if r.bold:
            t = Markup(f"<strong>{t}</strong>")
        out.append(t)
    return Markup("").join(out)


def _attrs(cell: L.GridCell) -> str:
    a = ""
    if cell.rowspan > 1:
        a += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        a += f' colspan="{cell.colspan}"'
    return a


# Also as style attributes: portal editors often drop a pasted <style> block but keep these.
_TABLE_STYLE = "border-collapse:collapse;margin:0 auto"
_CELL_STYLE = "border:1px solid #000;padding:4px;text-align:center;vertical-align:middle"
_LABEL_STYLE = "border:1px solid #000;padding:4px;text-align:left;vertical-align:middle;font-weight:normal"


def table_html(report: Report, grid: L.Grid) -> Markup:
    """One national-format table as HTML."""
    lines = [f'<table class="gk-t{grid.number}" style="{_TABLE_STYLE}">']
    for r, row in enumerate(grid.rows):
        if r == 0 and grid.header_rows:
            lines.append("<thead>")
        if r == grid.header_rows:
            lines.append("<tbody>")
        cells = []
        for cell in row:
            text = escape(L.cell_text(report, cell))
            a = _attrs(cell)
            if cell.kind == "value":
                cells.append(f'<td{a} style="{_CELL_STYLE}">{text}</td>')
            elif cell.kind == "label":
                style = _LABEL_STYLE if grid.number != 2 else _CELL_STYLE + ";font-weight:normal"
                cells.append(f'<th scope="row" class="gk-label"{a} style="{style}">{text}</th>')
            elif cell.kind == "group":
                cells.append(f'<th scope="colgroup" class="gk-group"{a} style="{_CELL_STYLE}">{text}</th>')
            elif cell.kind == "note":
                cells.append(f'<th class="gk-note"{a} style="{_CELL_STYLE}">{text}</th>')
            else:
                scope = "colgroup" if cell.colspan > 1 else "col"
                cells.append(f'<th scope="{scope}"{a} style="{_CELL_STYLE}">{text}</th>')
        lines.append("<tr>" + "".join(cells) + "</tr>")
        if r == grid.header_rows - 1:
            lines.append("</thead>")
    lines.append("</tbody></table>")
    return Markup("\n".join(lines))


def render_html(report: Report) -> str:
    grids = {g.number: g for g in L.tables_for(report)}
    sections = []
    for n in range(1, 7):
        blocks = [{"lead": _runs(b.lead), "body": _runs(b.runs), "level": b.level}
                  for b in section_blocks(report, n)]
        table = table_html(report, grids[n]) if n in grids else None
        sections.append({"heading": heading_of(report, n), "blocks": blocks, "table": table})
    closing = [x for x in (report.agency, report.date) if x]
    return _env().get_template("report.html").render(title=title_of(report), sections=sections, closing=closing)


def write_html(report: Report, out: str | Path) -> None:
    Path(out).write_text(render_html(report), encoding="utf-8")
