"""The whole annual report in the browser (年报编制，续): Table 2 entered in the page (saved in the
register with its validation), Table 3 overrides with a reason (shown in section 六), completeness
warnings (blank Table 2, empty sections), downloads of exactly what is on screen (the form as
typed, saved or not) and "mark as published" (发布), which freezes a version.

Annual reports: Art. 49–50 of the Regulations on the Disclosure of Government Information
(国务院令第711号); the table formats of 国办公开办函〔2021〕30号."""
from __future__ import annotations

from ..model import Finding, Paragraph, Report, Value
from ..model import fields as F
from ..model import formats
from ..register import service
from ..register.errors import RegisterError

OVERRIDES = "overrides"  # key in ReportDraft.sections: {"fields": {field id: number}, "reason": text}


def t2_fields(year: int) -> tuple[str, ...]:
    return service.proactive_fields(year)


def save_table2(db, body_id: int, year: int, form: dict[str, str], actor: str) -> list[str]:
    """Store the Table 2 cells typed in the page (empty cells are left as they are); returns the
    Chinese problems (the cells in error are not stored, the others are)."""
    problems = []
    for fid in t2_fields(year):
        raw = (form.get(fid) or "").strip()
        if not raw:
            continue
        if len(raw) > 20:
            problems.append(f"{F.field_label(fid)}：内容过长")
            continue
        try:
            with db.begin_nested():
                service.set_proactive_count(db, body_id, year, fid, raw, actor=actor)
        except RegisterError as e:
            problems.append(e.message)
    return problems


def parse_overrides(form: dict[str, str], year: int) -> tuple[dict, list[str]]:
    """Table 3 overrides typed in the page: ``t3o.<field id>`` cells and ``t3o_reason``; a reason is
    required when any cell is overridden."""
    allowed = {f for f in formats.table_format_for(year).table_fields() if f.startswith("t3.")}
    values, problems = {}, []
    for key, raw in form.items():
        if not key.startswith("t3o.") or not str(raw).strip():
            continue
        fid = key[4:]
        if fid not in allowed:
            problems.append(f"“{fid}”不是{year}年度表三的栏目")
            continue
        text = str(raw).strip()
        if not text.isdigit() or len(text) > 9:
            problems.append(f"表三 {F.field_label(fid)}：“{text[:20]}”应为不小于 0 的整数")
            continue
        values[fid] = int(text)
    reason = str(form.get("t3o_reason") or "").strip()[:2000]
    if values and not reason:
        problems.append("调整表三数据须注明理由（理由将写入报告第六部分）")
    return ({"fields": values, "reason": reason} if values else {}), problems


def apply_overrides(report: Report, overrides: dict | None) -> Report:
    """Replace the overridden Table 3 cells and say so, with the reason, in section 六."""
    if not overrides or not overrides.get("fields"):
        return report
    changed = []
    for fid, n in overrides["fields"].items():
        old = report.values.get(fid)
        report.values[fid] = Value(fid, str(n), "number", n, old.location if old else None)
        changed.append(f"{F.field_label(fid)}（登记册统计 {old.value if old else '空'}，调整为 {n}）")
    note = "说明：表三中以下数据经人工调整：" + "；".join(changed) + f"。调整理由：{overrides.get('reason', '')}"
    six = report.section(6)
    if six is not None:
        six.paragraphs.append(Paragraph(note))
        report.paragraphs = [p for s in report.sections for p in s.paragraphs]
    return report


def completeness(report: Report, t2_entered: bool) -> list[Finding]:
    """Warnings of the builder (编制提醒): Table 2 not entered, a section left empty (as typed,
    before the generated sentences; section 四 may be generated whole)."""
    out = []
    if not t2_entered:
        out.append(Finding("BUILDER_T2_BLANK", "warning",
                           "表二（主动公开政府信息情况）尚未填写：请在“表二”中填写各项数量，没有的填 0。",
                           []))
    for s in report.sections:
        if s.number == 4:  # 复议诉讼: the sentences are generated from Table 4
            continue
        if not s.paragraphs or not "".join(p.text for p in s.paragraphs).strip():
            out.append(Finding("BUILDER_SECTION_EMPTY", "warning", f"第{'一二三四五六'[s.number - 1]}部分"
                               f"（{s.heading}）尚未填写。"))
    return out
