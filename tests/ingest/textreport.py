"""Builds annual reports as plain text (tab layout or pipe layout) for the ingest tests.

Every table cell gets a distinct number by default, so a value read into the wrong field is
caught. ``labels`` overrides how a row label is printed (variants, typos); ``raw`` overrides
a cell's text; ``drop_rows`` leaves rows out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.model import fields as F
from gongkai.model import values as V

T2_HEADINGS = {"（一）": "第二十条第（一）项", "（五）": "第二十条第（五）项", "（六）": "第二十条第（六）项",
               "（八）": "第二十条第（八）项", "（九）": "第二十条第（九）项"}


@dataclass
class Spec:
    fmt: str = "2019"
    year: int = 2020
    agency: str = "某某市某某局"
    title: str | None = None  # default: f"{year}年{agency}政府信息公开工作年度报告"
    layout: str = "tab"  # tab | pipe
    labels: dict[str, str] = field(default_factory=dict)
    col_labels: dict[str, str] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    drop_rows: set[str] = field(default_factory=set)
    single_other: bool = False
    t3_group_labels: dict[str, str] = field(default_factory=dict)
    sections: dict[int, str] = field(default_factory=dict)
    no_title_paragraph: str | None = None


def _default_raw(fields: list[str]) -> dict[str, str]:
    return {fid: str(i + 1) for i, fid in enumerate(fields)}


def table_fields(spec: Spec) -> list[str]:
    return list(F.table_fields(spec.fmt, spec.single_other))


def build(spec: Spec) -> tuple[str, dict]:
    """(text of the report, expected flat export)."""
    raw = _default_raw(table_fields(spec))
    raw.update(spec.raw)
    rows: list[list[str]] = []  # each row a list of cells; a row [None] = table break with heading
    out: list[str] = []
    title = spec.title if spec.title is not None else f"{spec.year}年{spec.agency}政府信息公开工作年度报告"
    if title:
        out.append(title)
        out.append("")
    sec = {1: "一、总体情况", 2: "二、主动公开政府信息情况", 3: "三、收到和处理政府信息公开申请情况",
           4: "四、政府信息公开行政复议、行政诉讼情况", 5: "五、存在的主要问题及改进情况", 6: "六、其他需要报告的事项"}
    sec.update(spec.sections)
    out.append(sec[1])
    if spec.no_title_paragraph:
        out.append(spec.no_title_paragraph)
    out.append(f"{spec.year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，全面推进政务公开工作。")
    out.append(sec[2])
    col_labels = dict(F.T2_COLUMN_LABELS_2021 if spec.fmt == "2021" else F.T2_COLUMN_LABELS)
    col_labels.update(spec.col_labels)
    for block in F.T2_BLOCKS[spec.fmt]:
        rows.append([block.heading])
        rows.append(["信息内容"] + [col_labels[c] for c in block.columns])
        for row in block.rows:
            if row.id in spec.drop_rows:
                continue
            label = spec.labels.get(row.id, row.label)
            rows.append([label] + [raw[f"t2.{row.id}.{c}"] for c in row.columns])
    out += _table(rows, spec.layout)
    out.append(sec[3])
    rows = [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
            ["", "自然人", "法人或其他组织", "总计"],
            ["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]]
    t3rows = list(F.T3_ROWS[spec.fmt])
    if spec.fmt == "2021" and spec.single_other:
        t3rows = [r for r in t3rows if r.id not in F.T3_OTHER_ROWS_2021]
        t3rows.insert([r.id for r in t3rows].index("total"), F.Row("other", "（六）其他处理", F.T3_COLUMN_IDS))
    groups = {"denied": "（三）不予公开", "unable": "（四）无法提供", "rejected": "（五）不予处理", "other": "（六）其他处理"}
    groups.update(spec.t3_group_labels)
    prev_group = None
    for row in t3rows:
        lead: list[str] = []
        if row.id == "granted":
            lead = ["三、本年度办理结果"]
        elif row.group in groups and row.group != prev_group:
            lead = [groups[row.group]]
        elif row.group in groups or row.group == "results":
            lead = [""]
        prev_group = row.group
        if row.id in spec.drop_rows:
            continue
        label = spec.labels.get(row.id, row.label)
        rows.append(lead + [label] + [raw[f"t3.{row.id}.{c}"] for c in F.T3_COLUMN_IDS])
    out += _table(rows, spec.layout)
    out.append(sec[4])
    rows = [["行政复议", "行政诉讼"],
            ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"],
            ["", "", "", "", ""] + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
            [raw[f"t4.{g}.{c}"] for g in F.T4_GROUP_IDS for c in F.T4_COLUMN_IDS]]
    if spec.layout == "pipe":
        rows[2] = rows[2][5:]
    out += _table(rows, spec.layout)
    out.append(sec[5])
    out.append("一是公开内容还不够全面；二是解读形式较为单一。")
    out.append(sec[6])
    out.append("无。")
    expected: dict = {"meta.agency": spec.agency, "meta.year": spec.year, "meta.format": spec.fmt}
    for fid in table_fields(spec):
        row = F.split_field(fid)[1]
        if row in spec.drop_rows:
            expected[fid] = None
        else:
            unit = None
            if fid.endswith(".amount"):
                m = re.search(r"[（(](?:单位[:：])?(万元|万|元)[)）]", col_labels["amount"])
                unit = m.group(1) if m else None
            expected[fid] = V.interpret(fid, raw[fid], header_unit=unit).value
    return "\n".join(out) + "\n", expected


def _table(rows: list[list[str]], layout: str) -> list[str]:
    lines: list[str] = []
    for row in rows:
        for cell in row:
            if layout == "tab":
                parts = cell.split("\n")
                lines.append("\t" + parts[0])
                lines += parts[1:]
            else:
                lines.append(f"{cell.replace(chr(10), ' ')} |")
        if layout == "tab":
            lines.append("")
    if layout == "tab":
        lines.append("")
    return lines
