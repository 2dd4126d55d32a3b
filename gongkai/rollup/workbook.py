"""The roll-up workbook (汇总.xlsx, openpyxl): 报告清单, 问题明细, 汇总表三/表二/表四, 跨年核对.

A summed cell that some report left blank, wrote ``/`` or text in, or did not print, is filled
yellow, carries a comment naming those reports, and the row's 未填数字说明 column counts them.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..check_output import SEVERITY_LABELS, location_text
from ..model import Report
from ..model import fields as F
from ..model import formats
from . import Rollup
from .sums import MISSING_KINDS, MISSING_LABELS, OTHER_SINGLE_LABEL, TableSums

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEAD_FILL = PatternFill("solid", fgColor="DDE4EE")
ERROR_FILL = PatternFill("solid", fgColor="F8D7DA")
UNREAD_FILL = PatternFill("solid", fgColor="E2E3E5")
MISSING_FILL = PatternFill("solid", fgColor="FFF3CD")
WRAP = Alignment(wrap_text=True, vertical="top")

# 报告清单 key figures: (header, field ids summed)
KEY_FIGURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("本年新收", ("t3.new.total",)),
    ("上年结转", ("t3.carried_over.total",)),
    ("办理结果总计", ("t3.total.total",)),
    ("结转下年", ("t3.carry_forward.total",)),
    ("行政复议总计", ("t4.review.total",)),
    ("行政诉讼总计", ("t4.suit_direct.total", "t4.suit_after_review.total")),
)
FORMAT_NAMES = {**{f.id: f"{f.id}年格式" for f in formats.table_formats()}, "pre2019": "2019年以前格式"}


def key_figure(report: Report | None, ids: tuple[str, ...]) -> Any:
    """The figure as the report gave it: a number, ``/``, the text written, or None (blank or not
    printed — a blank stays blank). A sum of several cells is a number only when all are numbers."""
    if report is None:
        return None
    vals = [report.get(f) for f in ids]
    if all(v is not None and v.kind == "number" for v in vals):
        total = sum(v.value for v in vals)  # type: ignore[union-attr]
        return round(total, 6) if isinstance(total, float) else total
    if len(vals) == 1:
        v = vals[0]
        return None if v is None or v.kind == "blank" else str(v.value)
    shown = ["空白" if v is None or v.kind == "blank" else str(v.value) for v in vals]
    return None if all(s == "空白" for s in shown) else "＋".join(shown)


def _sheet(wb: Workbook, title: str, headers: list[str], widths: list[int]):
    ws = wb.create_sheet(title)
    ws.append(headers)
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    for c in ws[1]:
        c.font, c.fill, c.alignment = BOLD, HEAD_FILL, WRAP
    ws.freeze_panes = "A2"
    return ws


def _fill_row(ws, fill: PatternFill) -> None:
    for c in ws[ws.max_row]:
        c.fill = fill


def _report_list(wb: Workbook, ru: Rollup) -> None:
    headers = ["文件", "机关名称", "年度", "格式", "读取情况", "错误", "警告", "提示", "计入汇总"] + [h for h, _ in KEY_FIGURES]
    ws = _sheet(wb, "报告清单", headers, [40, 30, 8, 12, 30, 7, 7, 7, 10] + [12] * len(KEY_FIGURES))
    for e in ru.entries:
        r = e.result
        if not r.ok:
            ws.append([r.file, None, None, None, f"无法读取：{r.error_reason}（{r.error_code}）"])
            _fill_row(ws, UNREAD_FILL)
            continue
        ws.append([r.file, r.agency, r.year, FORMAT_NAMES.get(r.format or "", r.format), "正常",
                   r.count("error"), r.count("warning"), r.count("notice"), "是" if e.summed else "否"]
                  + [key_figure(e.report, ids) for _, ids in KEY_FIGURES])
        if r.count("error"):
            _fill_row(ws, ERROR_FILL)
    ws.auto_filter.ref = ws.dimensions


def _findings(wb: Workbook, ru: Rollup) -> None:
    ws = _sheet(wb, "问题明细", ["文件", "机关名称", "代码", "级别", "说明", "涉及字段", "字段说明", "位置"],
                [36, 26, 22, 6, 70, 30, 40, 22])
    for e in ru.readable:
        for f in e.result.findings:
            ws.append([e.file, e.result.agency, f.code, SEVERITY_LABELS.get(f.severity, f.severity), f.message,
                       "、".join(f.fields), "；".join(F.field_label(x) for x in f.fields), location_text(f)])
            ws.cell(ws.max_row, 5).alignment = WRAP
            if f.severity == "error":
                ws.cell(ws.max_row, 4).font = Font(bold=True, color="B00020")
    ws.auto_filter.ref = ws.dimensions


# ----------------------------------------------------------------------------- summed tables

def _title(ws, text: str, ts: TableSums, width: int) -> None:
    ws.append([text])
    ws.cell(ws.max_row, 1).font = TITLE
    ws.append([f"{ts.year}年度，{FORMAT_NAMES.get(ts.format, ts.format)}，共{len(ts.files)}份报告。"
               "合计只加填了数字的单元格；空白、“/”、文字不当作0：黄色单元格有报告未填数字，批注列出这些报告。"])
    ws.cell(ws.max_row, 1).alignment = Alignment(wrap_text=False)
    ws.column_dimensions["A"].width = 46
    for i in range(2, width + 1):
        ws.column_dimensions[get_column_letter(i)].width = 12
    ws.column_dimensions[get_column_letter(width + 1)].width = 50


def _row_note(ts: TableSums, ids: list[str], col_label) -> str:
    parts = []
    for kind in MISSING_KINDS:
        counts = [len(ts.cells[f].missing[kind]) for f in ids]
        if len(ids) > 1 and counts[0] and len(set(counts)) == 1:
            parts.append(f"{MISSING_LABELS[kind]}：整行{counts[0]}份")
            continue
        bits = [f"{col_label(f)}{n}份" for f, n in zip(ids, counts) if n]
        if bits:
            parts.append(f"{MISSING_LABELS[kind]}：" + "、".join(bits))
    return "；".join(parts)


def _values_row(ws, label: str, ts: TableSums, ids: list[str], col_label, width: int = 0) -> None:
    pad = [None] * max(0, width - len(ids))
    ws.append([label] + [ts.cells[f].total for f in ids] + pad + [_row_note(ts, ids, col_label)])
    row = ws.max_row
    for i, f in enumerate(ids, 2):
        cs = ts.cells[f]
        if not cs.complete:
            cell = ws.cell(row, i)
            cell.fill = MISSING_FILL
            cell.comment = Comment(cs.describe_missing(), "gongkai", width=320, height=120)


def _header(ws, labels: list[str], width: int = 0) -> None:
    ws.append(labels + [None] * max(0, width + 1 - len(labels)) + ["未填数字说明"])
    for c in ws[ws.max_row]:
        c.font, c.fill, c.alignment = BOLD, HEAD_FILL, WRAP


def _check_lines(ws, ts: TableSums, prefix: str) -> None:
    found = [f for f in ts.check if f.code.startswith(prefix)]
    ws.append([])
    ws.append([f"汇总核对（计入表三、表四勾稽关系无错误的{len(ts.consistent)}份报告，共{len(ts.files)}份）"])
    ws.cell(ws.max_row, 1).font = BOLD
    left_out = len(ts.files) - len(ts.consistent)
    if left_out:
        ws.append([f"上表合计含勾稽关系有错误的{left_out}份报告（见问题明细），上表合计本身可能不平衡；"
                   "下面只核对其余报告的合计。"])
    unchecked = [f for f in ts.unchecked if f.startswith(prefix.lower().replace("_", "."))]
    if not ts.consistent:
        ws.append(["没有勾稽关系无错误的报告，无法核对汇总数。"])
    elif unchecked:
        ws.append([f"有{len(unchecked)}个单元格在部分报告中未填数字，涉及这些单元格的勾稽关系无法核对"
                   + ("；其余部分未发现不平衡。" if not any(f.severity == "error" for f in found) else "。")])
    elif not found:
        ws.append(["汇总数勾稽关系平衡，未发现问题。"])
    for f in found:
        ws.append([f"{SEVERITY_LABELS.get(f.severity, f.severity)}（{f.code}）：{f.message}"])


def _t3_sheet(wb: Workbook, ts: TableSums, name: str) -> None:
    ws = wb.create_sheet(name)
    cols = list(F.T3_COLUMN_IDS)
    _title(ws, "表三 收到和处理政府信息公开申请情况（汇总）", ts, len(cols))
    _header(ws, ["项目"] + [F.T3_COLUMN_LABELS[c] for c in cols])
    fmt = formats.get(ts.format)
    rows = list(fmt.t3_rows)
    v = fmt.variant("single_other")
    if v is not None and f"t3.{v.row.id}.natural" in ts.cells:
        rows.insert([r.id for r in rows].index("total"), F.Row(v.row.id, OTHER_SINGLE_LABEL, v.row.columns))
    seen_groups: set[str] = set()
    for row in rows:
        if row.group_label and row.group_label not in seen_groups and row.group != "results":
            seen_groups.add(row.group_label)
            ws.append([row.group_label])
        elif row.group == "results" and "results" not in seen_groups:
            seen_groups.add("results")
            ws.append([row.group_label])
        _values_row(ws, row.label, ts, [f"t3.{row.id}.{c}" for c in cols],
                    lambda f: F.T3_COLUMN_LABELS[f.rsplit(".", 1)[1]])
    if ts.single_other_files:
        ws.append([f"另：{len(ts.single_other_files)}份报告把（六）其他处理填为一行，计入“{OTHER_SINGLE_LABEL}”，"
                   "在（六）1—3项中记为未列出。"])
    _check_lines(ws, ts, "T3_")
    ws.freeze_panes = "B4"


def _t2_sheet(wb: Workbook, ts: TableSums, name: str) -> None:
    ws = wb.create_sheet(name)
    labels = formats.get(ts.format).t2_column_labels
    _title(ws, "表二 主动公开政府信息情况（汇总）", ts, 3)
    for block in formats.get(ts.format).t2_blocks:
        ws.append([block.heading])
        ws.cell(ws.max_row, 1).font = BOLD
        _header(ws, ["信息内容"] + [labels[c] for c in block.columns], 3)
        for row in block.rows:
            ids = [f"t2.{row.id}.{c}" for c in row.columns]
            _values_row(ws, row.label, ts, ids, lambda f: labels[f.rsplit(".", 1)[1]], 3)
    ws.append(["采购总金额、本年收费金额以万元计。"])


def _t4_sheet(wb: Workbook, ts: TableSums, name: str) -> None:
    ws = wb.create_sheet(name)
    cols = list(F.T4_COLUMN_IDS)
    labels = {c.id: c.label for c in F.T4_COLUMNS}
    _title(ws, "表四 政府信息公开行政复议、行政诉讼情况（汇总）", ts, len(cols))
    _header(ws, ["项目"] + [labels[c] for c in cols])
    for g in F.T4_GROUPS:
        _values_row(ws, g.label, ts, [f"t4.{g.id}.{c}" for c in cols], lambda f: labels[f.rsplit(".", 1)[1]])
    _check_lines(ws, ts, "T4_")


# ----------------------------------------------------------------------------- cross-year

def _pairs(wb: Workbook, ru: Rollup) -> None:
    ws = _sheet(wb, "跨年核对", ["机关名称", "本年文件", "本年年度", "上年文件", "上年年度", "代码", "级别", "说明"],
                [28, 36, 8, 36, 8, 22, 6, 70])
    for p in ru.pairs or []:
        cur = p.current.result
        if p.previous is None:
            ws.append([cur.agency, cur.file, cur.year, None, None, None, None,
                       "上年报告中没有找到同名机关的报告，未核对跨年度衔接" if cur.agency
                       else "未读出机关名称，无法与上年报告配对"])
            continue
        prev = p.previous.result
        head = [cur.agency, cur.file, cur.year, prev.file, prev.year]
        if not p.findings:
            ws.append(head + [None, None, "上年结转与上年“结转下年度继续办理”衔接一致"])
        for f in p.findings:
            ws.append(head + [f.code, SEVERITY_LABELS.get(f.severity, f.severity), f.message])
            if f.severity == "error":
                _fill_row(ws, ERROR_FILL)
    for e in ru.previous_entries:
        if not e.result.ok:
            ws.append([None, None, None, e.file, None, e.result.error_code, None,
                       f"上年报告无法读取：{e.result.error_reason}"])
            _fill_row(ws, UNREAD_FILL)
    ws.auto_filter.ref = ws.dimensions


def sheet_names(ru: Rollup) -> dict[str, dict[str, str]]:
    """``{format: {"t3": "汇总表三", …}}``; with several formats the names say the format."""
    several = len(ru.sums) > 1
    return {fmt: {t: f"汇总表{n}" + (f"（{fmt}格式）" if several else "") for t, n in (("t3", "三"), ("t2", "二"), ("t4", "四"))}
            for fmt in ru.sums}


def write_workbook(ru: Rollup, path: str | Path) -> Path:
    """Write the roll-up workbook to ``path`` (overwritten)."""
    wb = Workbook()
    wb.remove(wb.active)
    _report_list(wb, ru)
    _findings(wb, ru)
    names = sheet_names(ru)
    for fmt, ts in ru.sums.items():
        _t3_sheet(wb, ts, names[fmt]["t3"])
        _t2_sheet(wb, ts, names[fmt]["t2"])
        _t4_sheet(wb, ts, names[fmt]["t4"])
    if ru.pairs is not None:
        _pairs(wb, ru)
    path = Path(path)
    wb.save(path)
    return path
