"""Table layouts of the national format (全国统一格式的表格版式): Tables 2–4 as grids of cells with
their row and column spans, exactly as the format prints them.

One layout feeds every writer (DOCX merges, HTML rowspan/colspan, Markdown expanded grid, XLSX
fill-in sheets), so the documents cannot drift apart. A grid lists, row by row, only the cells that
*start* in that row (like HTML); :func:`expand` gives the full matrix.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ..model import formats
from ..model.report import Report, Value

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
TABLE_TITLES = {2: "主动公开政府信息情况", 3: "收到和处理政府信息公开申请情况", 4: "政府信息公开行政复议、行政诉讼情况"}


@dataclass(frozen=True)
class GridCell:
    """One printed cell. ``kind``: ``note`` (the Table 3 corner), ``head`` (column header),
    ``label`` (row label), ``group`` (a block heading such as 第二十条第（一）项) or ``value``
    (a data cell, with its ``field`` id)."""

    text: str
    kind: str
    rowspan: int = 1
    colspan: int = 1
    field: str | None = None


@dataclass(frozen=True)
class Grid:
    """A whole table: ``rows`` of starting cells, ``ncols`` columns, the first ``header_rows``
    rows are header rows (``<thead>``), ``widths_mm`` the DOCX column widths."""

    number: int
    ncols: int
    header_rows: int
    rows: tuple[tuple[GridCell, ...], ...]
    widths_mm: tuple[float, ...] = field(default=())

    @property
    def nrows(self) -> int:
        return len(self.rows)

    def value_cells(self) -> list[tuple[int, int, GridCell]]:
        """(row, column, cell) of every value cell, in reading order (positions in the full matrix)."""
        out = []
        for r, row in enumerate(expand(self)):
            for c, (cell, origin) in enumerate(row):
                if origin and cell.kind == "value":
                    out.append((r, c, cell))
        return out


def _v(fid: str, colspan: int = 1) -> GridCell:
    return GridCell("", "value", colspan=colspan, field=fid)


# --------------------------------------------------------------------------- Table 2


@lru_cache(maxsize=None)
def table2(fmt: str) -> Grid:
    """Table 2 (主动公开): one 4-column table; each block = heading row, column-header row, value rows.
    A block with fewer columns lets its last column span the rest (as the format prints it)."""
    f = formats.get(fmt)
    labels = f.t2_column_labels
    ncols = 4
    rows: list[tuple[GridCell, ...]] = []
    for block in f.t2_blocks:
        rows.append((GridCell(block.heading, "group", colspan=ncols),))
        spans = [1] * len(block.columns)
        spans[-1] = ncols - len(block.columns)
        rows.append((GridCell("信息内容", "head"),)
                    + tuple(GridCell(labels[c], "head", colspan=s) for c, s in zip(block.columns, spans)))
        for row in block.rows:
            rows.append((GridCell(row.label, "label"),)
                        + tuple(_v(f"t2.{row.id}.{c}", s) for c, s in zip(block.columns, spans)))
    return Grid(2, ncols, 0, tuple(rows), (53.0, 34.0, 34.0, 34.0))


# --------------------------------------------------------------------------- Table 3

@lru_cache(maxsize=None)
def table3(fmt: str, single_other: bool = False) -> Grid:
    """Table 3 (依申请公开): three header rows (申请人情况 / 法人或其他组织 spanning), three label
    columns: 三、本年度办理结果 and the （三）…（六） group labels span their sub-rows."""
    f = formats.get(fmt)
    cols = f.t3_column_ids
    org = f.t3_columns[1:len(f.t3_applicant_columns)]
    head = [
        (GridCell(T3_NOTE, "note", rowspan=3, colspan=3), GridCell("申请人情况", "head", colspan=len(cols))),
        (GridCell(f.t3_columns[0].label, "head", rowspan=2), GridCell("法人或其他组织", "head", colspan=len(org)),
         GridCell(f.t3_columns[-1].label, "head", rowspan=2)),
        tuple(GridCell(c.label, "head") for c in org),
    ]
    body: list[tuple[GridCell, ...]] = []
    for g in f.t3_grid_rows(single_other):
        values = tuple(_v(f"t3.{g.row.id}.{c}") for c in cols)
        cells: list[GridCell] = []
        if g.row.group is None:  # 一、二、四
            cells.append(GridCell(g.row.label, "label", colspan=3))
        else:
            if g.opens_results:
                cells.append(GridCell(g.opens_results[0], "label", rowspan=g.opens_results[1]))
            if g.opens_group:
                cells.append(GridCell(g.opens_group[0], "label", rowspan=g.opens_group[1]))
            cells.append(GridCell(g.row.label, "label", colspan=1 if g.sub else 2))
        body.append(tuple(cells) + values)
    return Grid(3, 3 + len(cols), 3, tuple(head + body), (13.0, 17.0, 48.0) + (11.0,) * len(cols))


# --------------------------------------------------------------------------- Table 4


@lru_cache(maxsize=None)
def table4(fmt: str | None = None) -> Grid:
    """Table 4 (行政复议、行政诉讼): 行政复议 (5 columns) and 行政诉讼 split into 未经复议直接起诉 and
    复议后起诉 (5 each); one data row of 15 numbers."""
    f = formats.get(fmt) if fmt else formats.latest()
    col_labels = [c.label for c in f.t4_columns]
    r1 = (GridCell("行政复议", "head", colspan=5), GridCell("行政诉讼", "head", colspan=10))
    r2 = tuple(GridCell(lbl, "head", rowspan=2) for lbl in col_labels) + (
        GridCell("未经复议直接起诉", "head", colspan=5), GridCell("复议后起诉", "head", colspan=5))
    r3 = tuple(GridCell(lbl, "head") for lbl in col_labels) * 2
    data = tuple(_v(f"t4.{g.id}.{c.id}") for g in f.t4_groups for c in f.t4_columns)
    return Grid(4, 15, 3, (r1, r2, r3, data), (10.4,) * 15)


def tables_for(report: Report) -> list[Grid]:
    """The grids a report prints (none for ``pre2019`` or an unknown format)."""
    fmt = report.format
    if not formats.has_tables(fmt):
        return []
    return [table2(fmt), table3(fmt, report.single_other), table4(fmt)]


# --------------------------------------------------------------------------- helpers


def expand(grid: Grid) -> list[list[tuple[GridCell, bool]]]:
    """The full ``nrows × ncols`` matrix: each slot holds (cell, is_origin)."""
    matrix: list[list[tuple[GridCell, bool] | None]] = [[None] * grid.ncols for _ in range(grid.nrows)]
    for r, row in enumerate(grid.rows):
        c = 0
        for cell in row:
            while matrix[r][c] is not None:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    matrix[r + dr][c + dc] = (cell, dr == 0 and dc == 0)
            c += cell.colspan
    for r, row in enumerate(matrix):
        if any(slot is None for slot in row):
            raise AssertionError(f"layout of table {grid.number} has a hole in row {r}")
    return matrix  # type: ignore[return-value]


def placed(grid: Grid) -> list[list[tuple[GridCell, int, int]]]:
    """The full matrix with, in each slot, the cell and the (row, column) where it starts."""
    out: list[list[tuple[GridCell, int, int] | None]] = [[None] * grid.ncols for _ in range(grid.nrows)]
    for r, c, cell in origins(grid):
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                out[r + dr][c + dc] = (cell, r, c)
    return out  # type: ignore[return-value]


def origins(grid: Grid) -> list[tuple[int, int, GridCell]]:
    """(row, column, cell) for every printed cell, with its position in the full matrix."""
    return [(r, c, cell) for r, row in enumerate(expand(grid)) for c, (cell, o) in enumerate(row) if o]


def format_number(n: int | float) -> str:
    """A number as printed: integers plain, decimals without exponent or trailing zeros."""
    if isinstance(n, bool):
        return str(n)
    if isinstance(n, int):
        return str(n)
    text = repr(float(n))
    if "e" in text or "E" in text:
        text = f"{n:.6f}".rstrip("0").rstrip(".")
    if text.endswith(".0"):
        text = text[:-2]
    return text


def value_text(value: Value | None) -> str:
    """What a cell prints for a value: ``""`` for blank, ``/`` for not-applicable, the number, or
    the text as written."""
    if value is None or value.kind == "blank" or value.value is None:
        return ""
    if value.kind == "na":
        return "/"
    if value.kind == "number":
        return format_number(value.value)  # type: ignore[arg-type]
    return str(value.value)


# 2019 采购总金额 has no unit in its header: the cell says 万元 (2021 fees: the header says it)
UNIT_IN_CELL = {"t2.procurement.amount": "万元"}


def cell_text(report: Report, cell: GridCell) -> str:
    if cell.kind == "value" and cell.field:
        v = report.values.get(cell.field)
        text = value_text(v)
        if v is not None and v.kind == "number" and cell.field in UNIT_IN_CELL:
            text += UNIT_IN_CELL[cell.field]
        return text
    return cell.text
