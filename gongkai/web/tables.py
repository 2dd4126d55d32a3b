"""Table 3 / Table 4 of a :class:`Report` as grids for the templates (表三、表四网页呈现),
with the cells named by error findings marked so the page can highlight them."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Finding, Report
from ..model import fields as F
from ..model import formats


@dataclass
class GridCell:
    field: str
    text: str
    css: str = ""
    title: str = ""


@dataclass
class GridRow:
    label: str
    cells: list[GridCell]
    group: str | None = None
    css: str = ""


@dataclass
class Grid:
    title: str
    columns: list[str]
    rows: list[GridRow] = field(default_factory=list)


def _cell_text(report: Report, fid: str) -> str:
    v = report.values.get(fid)
    if v is None:
        return ""
    if v.raw is not None and v.raw != "":
        return v.raw
    if v.value is None:
        return ""
    if isinstance(v.value, float) and v.value.is_integer():
        return str(int(v.value))
    return str(v.value)


def marked_fields(findings: list[Finding], report: Report | None = None) -> dict[str, tuple[str, str]]:
    """``{field id: (css class, message)}`` for the cells named by findings.

    The cell a finding points at (its location is that cell's location) is ``cell-error`` /
    ``cell-warning``; the other cells it names (the parts of a sum) are ``cell-involved``.
    Stronger marks win.
    """
    rank = {"cell-error": 3, "cell-warning": 2, "cell-involved": 1}
    out: dict[str, tuple[str, str]] = {}

    def put(fid: str, css: str, msg: str) -> None:
        if fid not in out or rank[css] > rank[out[fid][0]]:
            out[fid] = (css, msg)

    for f in findings:
        css = {"error": "cell-error", "warning": "cell-warning"}.get(f.severity)
        if not css:
            continue
        primary = set()
        if report is not None and f.location is not None:
            primary = {fid for fid in f.fields
                       if (v := report.values.get(fid)) is not None and v.location == f.location}
        msg = f"{f.code}：{f.message}"
        for fid in f.fields:
            put(fid, css if (not primary or fid in primary) else "cell-involved", msg)
    return out


def _cell(report: Report, fid: str, marks: dict[str, tuple[str, str]]) -> GridCell:
    css, title = marks.get(fid, ("", ""))
    return GridCell(fid, _cell_text(report, fid), css, title)


def table3_grid(report: Report, findings: list[Finding] | None = None) -> Grid:
    """表三 收到和处理政府信息公开申请情况."""
    fmt = _format(report)
    marks = marked_fields(findings or [], report)
    grid = Grid("表三 收到和处理政府信息公开申请情况", [c.label for c in fmt.t3_columns])
    for g in fmt.t3_grid_rows(report.single_other):  # the rows and spanning labels every writer uses
        for opened in (g.opens_results, g.opens_group):
            if opened:
                grid.rows.append(GridRow(opened[0], [], css="group-head"))
        cells = [_cell(report, f"t3.{g.row.id}.{c}", marks) for c in g.row.columns]
        grid.rows.append(GridRow(g.row.label, cells, g.row.group, "sub" if g.sub else ""))
    return grid


def _format(report: Report) -> formats.Format:
    """The report's format; for a report without one, the format of its year (else the newest)."""
    for fid in (report.format, F.default_format(report.year) if report.year else None):
        f = formats.find(fid)
        if f is not None and f.has_tables:
            return f
    return formats.latest()


def table4_grid(report: Report, findings: list[Finding] | None = None) -> Grid:
    """表四 政府信息公开行政复议、行政诉讼情况 (one row per group)."""
    marks = marked_fields(findings or [], report)
    fmt = _format(report)
    grid = Grid("表四 政府信息公开行政复议、行政诉讼情况", [c.label for c in fmt.t4_columns])
    for g in fmt.t4_groups:
        grid.rows.append(GridRow(g.label, [_cell(report, f"t4.{g.id}.{c.id}", marks) for c in fmt.t4_columns]))
    return grid


def t3_row_for(row_id: str, fmt: str | None = None) -> str:
    """Chinese label of a Table 3 row, with its group, e.g. ``（三）不予公开 4.保护第三方合法权益``."""
    f = formats.find(fmt) or formats.latest()
    r = f.row3(row_id)
    if r is None:
        return row_id
    return f"{r.group_label} {r.label}" if r.group in f.t3_groups else r.label
