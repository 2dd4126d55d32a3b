"""Fill-in workbook (Excel 填报表): ``write_template(year, path)`` and reading a filled one back.

One sheet per table, laid out like the national format (the grids of :mod:`gongkai.render.layout`:
merged header cells, fixed labels), every cell locked except the inputs, sheet protection on (no
password), data validation on the inputs (whole numbers ≥ 0 for counts, decimals for amounts,
signed whole numbers for 本年增/减; Table 2 cells also accept ``/``), and live formulas beside the
tables showing the accounting checks (勾稽关系) with a 是/否 result. A sheet 基本信息 holds the
metadata and the narrative sections.

The position of every field is defined in one place, :func:`field_cells` (the layout grid placed at
:data:`TABLE_ORIGIN`), and is used both to write the template and to read it back.
"""
from __future__ import annotations

import datetime as _dt
import zipfile
from functools import lru_cache
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..model import fields as F
from ..model import formats
from ..model.report import SECTION_NUMERALS, SECTION_TITLES, Report
from ..model.values import interpret
from . import layout as L
from .load import DataError, from_data

META_SHEET = "基本信息"
TABLE_SHEETS = {2: "表二", 3: "表三", 4: "表四"}
TABLE_ORIGIN = (3, 2)  # row 3, column B: top-left cell of every table grid
META_CELLS = {"meta.agency": "B3", "meta.year": "B4", "meta.format": "B5", "title": "B6", "date": "B7"}
SECTION_CELLS = {n: f"B{9 + n}" for n in range(1, 7)}  # B10 … B15
CHECK_GAP = 1  # columns between a table and its check column

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")
_HEAD_FILL = PatternFill("solid", fgColor="EEEEEE")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_FONT = Font(name="宋体", size=11)
_BOLD = Font(name="黑体", size=14)


def grids(fmt: str) -> dict[int, L.Grid]:
    return {2: L.table2(fmt), 3: L.table3(fmt), 4: L.table4(fmt)}


def _coord(r: int, c: int) -> str:
    return f"{get_column_letter(TABLE_ORIGIN[1] + c)}{TABLE_ORIGIN[0] + r}"


@lru_cache(maxsize=None)
def field_cells(fmt: str) -> dict[str, tuple[str, str]]:
    """``{field id: (sheet name, cell)}`` of the fill-in workbook of a format, e.g.
    ``t3.new.natural → ("表三", "E6")``."""
    out: dict[str, tuple[str, str]] = {}
    for n, grid in grids(fmt).items():
        for r, c, cell in grid.value_cells():
            out[cell.field] = (TABLE_SHEETS[n], _coord(r, c))  # type: ignore[index]
    return out


# --------------------------------------------------------------------------- writing


def _validation(fid: str, first: str) -> DataValidation:
    """Validation for a kind of input; custom formulas are written for ``first`` (the top-left
    cell of the rule's range), which spreadsheet programs shift relatively to each cell."""
    if fid.startswith("t2."):
        x = first
        if fid in F.AMOUNT_FIELDS:
            formula, msg = f'OR(AND(ISNUMBER({x}),{x}>=0),{x}="/")', "请填写金额（单位：万元，可有小数），不适用填 /"
        elif fid in F.SIGNED_FIELDS:
            formula, msg = f'OR(AND(ISNUMBER({x}),{x}=INT({x})),{x}="/")', "请填写整数（增加为正，减少为负），不适用填 /"
        else:
            formula, msg = f'OR(AND(ISNUMBER({x}),{x}>=0,{x}=INT({x})),{x}="/")', "请填写不小于 0 的整数，不适用填 /"
        dv = DataValidation(type="custom", formula1=formula, allow_blank=True)
    else:
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        msg = "请填写不小于 0 的整数（件数）"
    dv.error, dv.errorTitle, dv.prompt, dv.promptTitle = msg, "输入有误", msg, F.field_label(fid)
    dv.showErrorMessage = True
    return dv


def _kind_key(fid: str) -> str:
    if not fid.startswith("t2."):
        return "count"
    return "amount" if fid in F.AMOUNT_FIELDS else "signed" if fid in F.SIGNED_FIELDS else "t2count"


def _table_sheet(wb: Workbook, fmt: str, grid: L.Grid, report: Report | None) -> None:
    ws = wb.create_sheet(TABLE_SHEETS[grid.number])
    ws.sheet_view.showGridLines = False
    ws["A1"] = f"表{'二三四'[grid.number - 2]}　{L.TABLE_TITLES[grid.number]}（{fmt} 格式）"
    ws["A1"].font = _BOLD
    ws.column_dimensions["A"].width = 2
    widths = grid.widths_mm
    for c in range(grid.ncols):
        ws.column_dimensions[get_column_letter(TABLE_ORIGIN[1] + c)].width = max(6.0, widths[c] * 0.55)
    for r, c, cell in L.origins(grid):
        coord = _coord(r, c)
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(f"{coord}:{_coord(r + cell.rowspan - 1, c + cell.colspan - 1)}")
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                ws[_coord(r + dr, c + dc)].border = _BORDER
        x = ws[coord]
        x.font = _FONT
        if cell.kind == "value":
            x.protection = Protection(locked=False)
            x.fill = _INPUT_FILL
            x.alignment = _CENTER
            if report is not None:
                v = report.values.get(cell.field)  # type: ignore[arg-type]
                if v is not None and v.kind == "number":
                    x.value = v.value
                elif v is not None and v.kind == "na":
                    x.value = "/"
            if cell.field in F.AMOUNT_FIELDS:
                x.number_format = "0.00##"
            else:
                x.number_format = "0"
        else:
            x.value = cell.text
            x.alignment = _LEFT if cell.kind == "label" and grid.number != 2 else _CENTER
            if cell.kind in ("head", "note", "group"):
                x.fill = _HEAD_FILL
    # validations: one rule per kind of input
    by_kind: dict[str, tuple[DataValidation, list[str]]] = {}
    for _r, _c, cell in grid.value_cells():
        k = _kind_key(cell.field)  # type: ignore[arg-type]
        if k not in by_kind:
            by_kind[k] = (_validation(cell.field, _coord(_r, _c)), [])  # type: ignore[arg-type]
        by_kind[k][1].append(_coord(_r, _c))
    for dv, coords in by_kind.values():
        dv.sqref = " ".join(coords)  # type: ignore[assignment]
        ws.add_data_validation(dv)
    _checks(ws, fmt, grid)
    for r in range(grid.nrows):
        if grid.number == 3 or r < grid.header_rows:
            ws.row_dimensions[TABLE_ORIGIN[0] + r].height = 30
    _fit_page(ws, landscape=grid.number == 4)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.freeze_panes = None


def _checks(ws, fmt: str, grid: L.Grid) -> None:
    """Live 勾稽关系 formulas, one per instance of each equation of the format
    (:mod:`gongkai.model.formats`) on this table: an equation over rows checks each row in a
    column to the right, the others check each column (or group) in rows below the table."""
    f = formats.get(fmt)
    eqs = [e for e in f.equations if e.left[0].startswith(f"t{grid.number}.")]
    results: list[str] = []
    pos = {cell.field: (r, c) for r, c, cell in grid.value_cells()}

    def ref(fid: str) -> str:
        return _coord(*pos[fid])

    def put(coord: str, formula: str) -> None:
        ws[coord] = formula
        ws[coord].alignment = _CENTER
        ws[coord].font = _FONT
        ws[coord].border = _BORDER
        results.append(coord)

    def label(coord: str, text: str) -> None:
        ws[coord] = text
        ws[coord].alignment = _LEFT
        ws[coord].font = _FONT
        ws[coord].border = _BORDER
        ws[coord].fill = _HEAD_FILL

    def run(ids: list[str]) -> bool:  # one unbroken run of a row or a column
        ps = [pos[i] for i in ids]
        return len(ps) > 2 and (all(p == (ps[0][0] + k, ps[0][1]) for k, p in enumerate(ps))
                                or all(p == (ps[0][0], ps[0][1] + k) for k, p in enumerate(ps)))

    def side(ids: list[str]) -> str:
        return f"SUM({ref(ids[0])}:{ref(ids[-1])})" if run(ids) else "+".join(ref(i) for i in ids)

    def verdict(left: list[str], right: list[str]) -> str:
        n = len(left) + len(right)
        if n > 8:  # long sides as ranges, in reading order
            chunks = sorted((ch for s in (left, right) for ch in ([s] if run(s) else [[i] for i in s])),
                            key=lambda ch: pos[ch[0]])
            args = ",".join(f"{ref(ch[0])}:{ref(ch[-1])}" if len(ch) > 1 else ref(ch[0]) for ch in chunks)
        else:
            args = ",".join(ref(i) for i in sorted(left + right, key=lambda i: pos[i]))
        return f'=IF(COUNT({args})<{n},"未填完",IF({side(left)}={side(right)},"是","否"))'

    check_c = grid.ncols + CHECK_GAP
    for eq in (e for e in eqs if e.over == "t3.rows"):
        label(_coord(grid.header_rows - 1, check_c), f"核对：{eq.formula}")
        ws.column_dimensions[get_column_letter(TABLE_ORIGIN[1] + check_c)].width = 14
        for _item, left, right in f.instances(eq):
            put(_coord(pos[left[0]][0], check_c), verdict(left, right))
    lead = min((c for _r, c in pos.values()), default=0)  # label columns left of the values
    row = grid.nrows + 1
    below = [e for e in eqs if e.over != "t3.rows"]
    placed: list[tuple[int, int, str]] = []
    for eq in below:
        label(_coord(row, 0), f"核对：{eq.formula}")
        ws.merge_cells(f"{_coord(row, 0)}:{_coord(row, (lead or grid.ncols) - 1)}")
        at = row if lead else row + 1
        placed += [(pos[left[0]][1], at, verdict(left, right)) for _item, left, right in f.instances(eq)]
        row = at + 1
    for c, r, formula in sorted(placed):  # column by column
        put(_coord(r, c), formula)
    summary_row = row + 1 if below else grid.nrows + 1
    k = 3 if results else 1  # the summary's label spans k columns, its value follows
    label(_coord(summary_row, 0), "全部核对通过")
    if k > 1:
        ws.merge_cells(f"{_coord(summary_row, 0)}:{_coord(summary_row, k - 1)}")
    summary = _coord(summary_row, k)
    if not results:
        ws[summary] = "本表无勾稽关系"
    else:
        regions = _regions(results)
        no = "+".join(f'COUNTIF({rg},"否")' for rg in regions)
        todo = "+".join(f'COUNTIF({rg},"未填完")' for rg in regions)
        ws[summary] = f'=IF({no}>0,"否",IF({todo}>0,"未填完","是"))'
        red = PatternFill("solid", fgColor="FFC7CE")
        green = PatternFill("solid", fgColor="C6EFCE")
        for coord in results + [summary]:
            ws.conditional_formatting.add(coord, CellIsRule(operator="equal", formula=['"否"'], fill=red))
            ws.conditional_formatting.add(coord, CellIsRule(operator="equal", formula=['"是"'], fill=green))
    ws[summary].font = _FONT
    ws[summary].border = _BORDER
    ws[summary].alignment = _CENTER


def _fit_page(ws, landscape: bool = False) -> None:
    """Print on A4, one page wide."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _regions(coords: list[str]) -> list[str]:
    """Rectangular ranges covering the check cells (one column on the right, rows below)."""
    from openpyxl.utils.cell import coordinate_from_string, column_index_from_string

    by_row: dict[int, list[int]] = {}
    by_col: dict[int, list[int]] = {}
    for coord in coords:
        col, row = coordinate_from_string(coord)
        c = column_index_from_string(col)
        by_row.setdefault(row, []).append(c)
        by_col.setdefault(c, []).append(row)
    out = []
    singles = {c: rows for c, rows in by_col.items() if len(rows) > 2}  # the column on the right
    for c, rows in singles.items():
        out.append(f"{get_column_letter(c)}{min(rows)}:{get_column_letter(c)}{max(rows)}")
    for row, cols in sorted(by_row.items()):
        cols = [c for c in cols if c not in singles]
        if cols:
            out.append(f"{get_column_letter(min(cols))}{row}:{get_column_letter(max(cols))}{row}")
    return out


def _meta_sheet(wb: Workbook, year: int, fmt: str, report: Report | None) -> None:
    ws = wb.active
    ws.title = META_SHEET
    ws["A1"] = f"政府信息公开工作年度报告 填报表（{year}年度，{fmt} 格式）"
    ws["A1"].font = _BOLD
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 90
    rows = {"meta.agency": "机关名称", "meta.year": "报告年度", "meta.format": "表格格式（不可修改）",
            "title": "标题（可不填，默认“××年××政府信息公开工作年度报告”）", "date": "成文日期（如 2026-01-20）"}
    values = {"meta.agency": report.agency if report else None, "meta.year": year, "meta.format": fmt,
              "title": report.title if report else None, "date": report.date if report else None}
    for key, coord in META_CELLS.items():
        r = int(coord[1:])
        ws[f"A{r}"] = rows[key]
        ws[f"A{r}"].font = _FONT
        ws[f"A{r}"].alignment = _LEFT
        if key == "title":
            ws.row_dimensions[r].height = 30
        cell = ws[coord]
        cell.value = values[key]
        cell.font = _FONT
        cell.border = _BORDER
        cell.alignment = _LEFT
        if key != "meta.format":
            cell.protection = Protection(locked=False)
            cell.fill = _INPUT_FILL
    f = formats.get(fmt)
    lo, hi = f.first_year or 1900, f.last_year or 2100
    dv = DataValidation(type="whole", operator="between", formula1=str(lo), formula2=str(hi), allow_blank=False)
    dv.error, dv.errorTitle = f"{fmt} 格式适用于 {lo}–{hi} 年度的报告", "报告年度有误"
    dv.showErrorMessage = True
    dv.sqref = META_CELLS["meta.year"]  # type: ignore[assignment]
    ws.add_data_validation(dv)
    ws["A9"] = "正文（Markdown：段落之间空一行；表格部分的说明可不填）"
    ws["A9"].font = _FONT
    for n, coord in SECTION_CELLS.items():
        r = int(coord[1:])
        ws[f"A{r}"] = f"{SECTION_NUMERALS[n - 1]}、{SECTION_TITLES[n]}"
        ws[f"A{r}"].font = _FONT
        ws[f"A{r}"].alignment = _LEFT
        cell = ws[coord]
        sec = report.section(n) if report else None
        cell.value = "\n\n".join(p.text for p in sec.paragraphs) if sec else None
        cell.protection = Protection(locked=False)
        cell.fill = _INPUT_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        ws.row_dimensions[r].height = {1: 220, 5: 120, 6: 60}.get(n, 45)
    _fit_page(ws)
    ws.protection.sheet = True


def write_template(year: int, path: str | Path, report: Report | None = None) -> Path:
    """Write the fill-in workbook for a report year (format from the year); ``report`` pre-fills it."""
    fmt = F.default_format(year)
    if not formats.has_tables(fmt):
        raise DataError(str(path), None, f"{year}年度的报告没有统一表格格式（2019 年度起才有），无法生成填报表")
    if report is not None and report.single_other:
        raise DataError(str(path), None, "该报告的（六）其他处理只有一行，而 2021 格式的填报表分三个子项填写：无法预先填入，请按子项填写")
    wb = Workbook()
    _meta_sheet(wb, year, fmt, report)
    for grid in grids(fmt).values():
        _table_sheet(wb, fmt, grid, report)
    wb.properties.title = "政府信息公开工作年度报告填报表"
    wb.properties.keywords = f"gongkai-template format={fmt}"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


# --------------------------------------------------------------------------- reading


def _cell_value(fid: str, v, name: str, place: str):
    """A workbook cell → flat value (number, None, "/") or DataError naming sheet and cell."""
    if v is None:
        return None
    if isinstance(v, bool):
        raise DataError(name, place, f"“{v}”不是数字")
    if isinstance(v, (_dt.date, _dt.datetime, _dt.time)):
        raise DataError(name, place, "填写的是日期或时间，应为数字")
    if isinstance(v, str):
        s = v.strip()
        if s.startswith("="):
            raise DataError(name, place, f"“{s}”是公式：请直接填写数字")
        val = interpret(fid, s)
        if val.kind == "blank":
            return None
        if val.kind == "na":
            return "/"
        if val.kind == "text":
            raise DataError(name, place, f"“{s}”不是有效的数字（{F.field_label(fid)}）")
        v = val.value
    if isinstance(v, float) and fid not in F.AMOUNT_FIELDS:
        if not v.is_integer():
            raise DataError(name, place, f"“{v:g}”不是整数（{F.field_label(fid)}应为件数）")
        v = int(v)
    if isinstance(v, (int, float)) and v < 0 and fid not in F.SIGNED_FIELDS:
        raise DataError(name, place, f"“{v}”是负数（{F.field_label(fid)}不能为负）")
    return v


def read_workbook(path: str | Path) -> Report:
    """Read a filled fill-in workbook back into a Report (raises :class:`DataError`)."""
    name = str(path)
    try:
        wb = load_workbook(path, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise DataError(name, None, f"不是有效的 Excel（.xlsx）文件（{type(e).__name__}）") from None
    if META_SHEET not in wb.sheetnames:
        raise DataError(name, None, f"缺少工作表“{META_SHEET}”：请使用 gongkai template 生成的填报表")
    meta = wb[META_SHEET]
    fmt = str(meta[META_CELLS["meta.format"]].value or "").strip()
    if not formats.has_tables(fmt):
        raise DataError(name, f"{META_SHEET} {META_CELLS['meta.format']}",
                        f"表格格式“{fmt}”无效：应为 {' 或 '.join(formats.table_ids())}")
    data: dict = {"meta.format": fmt}
    for key, coord in META_CELLS.items():
        if key == "meta.format":
            continue
        v = meta[coord].value
        if isinstance(v, str):
            v = v.strip() or None
        if key == "meta.year":
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            if isinstance(v, str) and v.rstrip("年").isdigit():
                v = int(v.rstrip("年"))
            if not isinstance(v, int) or isinstance(v, bool):
                raise DataError(name, f"{META_SHEET} {coord}", f"报告年度应为整数年份，而不是“{v if v is not None else '空白'}”")
            if F.default_format(v) != fmt:
                raise DataError(name, f"{META_SHEET} {coord}",
                                f"{v}年度的报告应使用 {F.default_format(v)} 格式，而本填报表是 {fmt} 格式：请用 gongkai template --year {v} 重新生成")
        if key == "date" and isinstance(v, (_dt.date, _dt.datetime)):
            v = v.date().isoformat() if isinstance(v, _dt.datetime) else v.isoformat()
        data[key] = v
    sections = {}
    for n, coord in SECTION_CELLS.items():
        v = meta[coord].value
        if v is not None and str(v).strip():
            sections[SECTION_NUMERALS[n - 1]] = str(v)
    data["sections"] = sections
    for sheet in TABLE_SHEETS.values():
        if sheet not in wb.sheetnames:
            raise DataError(name, None, f"缺少工作表“{sheet}”：请使用 gongkai template 生成的填报表")
    for fid, (sheet, coord) in field_cells(fmt).items():
        v = _cell_value(fid, wb[sheet][coord].value, name, f"{sheet} {coord}")
        if v is not None:
            data[fid] = v
    return from_data(data, name)
