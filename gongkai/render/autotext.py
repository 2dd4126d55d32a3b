"""Generated sentences (自动生成的正文) that restate the tables, so text and tables cannot disagree.

* section 一 (依申请公开): applications received and carried over, how they were answered by
  category, carried forward — after the paragraph ``（二）依申请公开…`` when there is one, else at the
  end of the section;
* section 四: review and litigation cases by outcome — at the start of the section (before Table 4).

Figures come from the tables (a row's 总计, or the sum of its columns when 总计 is blank and every
column is filled); a figure that is blank is left out of the sentence rather than invented.
Generated paragraphs start with fixed words, so rendering a report twice does not repeat them.
"""
from __future__ import annotations

import copy

from ..model import fields as F
from ..model.report import Paragraph, Report, Section
from .layout import format_number
from .load import section_heading

PREFIX_APPLICATIONS = "本年度新收政府信息公开申请"
PREFIX_NO_APPLICATIONS = "本年度未收到政府信息公开申请"
PREFIX_CASES = "本年度因政府信息公开工作"
PREFIXES = (PREFIX_APPLICATIONS, PREFIX_NO_APPLICATIONS, PREFIX_CASES)

_CATEGORIES = (
    ("予以公开", ("granted",)),
    ("部分公开", ("partial",)),
    ("不予公开", "denied"),
    ("无法提供", "unable"),
    ("不予处理", "rejected"),
    ("其他处理", "other"),
)


def _sum(xs):
    if any(x is None for x in xs):
        return None
    s = sum(xs)
    return int(s) if float(s).is_integer() else s


def t3_row(report: Report, row: str) -> int | float | None:
    """A Table 3 row's 总计, or the sum of its six applicant columns when 总计 is blank."""
    n = report.number(f"t3.{row}.total")
    if n is not None:
        return n
    return _sum([report.number(f"t3.{row}.{c}") for c in F.T3_APPLICANT_COLUMNS])


def _category(report: Report, spec) -> int | float | None:
    if isinstance(spec, tuple):
        rows = list(spec)
    else:
        rows = [r for r in F.outcome_rows(report.format or "", report.single_other)
                if r == spec or r.startswith(spec + ".")]
    return _sum([t3_row(report, r) for r in rows]) if rows else None


def _n(x) -> str:
    return format_number(x)


def applications_text(report: Report) -> str | None:
    """The sentence on applications (依申请公开) for section 一, or None when Table 3 is blank."""
    new, carried = t3_row(report, "new"), t3_row(report, "carried_over")
    total, fwd = t3_row(report, "total"), t3_row(report, "carry_forward")
    if new is None:
        return None
    parts = []
    if new == 0 and not carried:
        parts.append(PREFIX_NO_APPLICATIONS + ("，无上年结转的申请" if carried == 0 else ""))
    else:
        s = f"{PREFIX_APPLICATIONS}{_n(new)}件"
        if carried is not None:
            s += f"，上年结转政府信息公开申请{_n(carried)}件"
        parts.append(s)
    if total is not None and total:
        cats = [(name, _category(report, spec)) for name, spec in _CATEGORIES]
        s = f"办结政府信息公开申请{_n(total)}件"
        if all(v is not None for _, v in cats) and _sum([v for _, v in cats]) == total:
            listed = [f"{name}{_n(v)}件" for name, v in cats if v]
            if listed:
                s += "，其中" + "，".join(listed)
        parts.append(s)
    if fwd is not None:
        parts.append(f"结转下年度继续办理{_n(fwd)}件" if fwd else "无结转下年度继续办理的申请")
    return "；".join(parts) + "。"


def cases_text(report: Report) -> str | None:
    """The sentence on review and litigation (行政复议、行政诉讼) for section 四."""
    def group(g: str):
        total = report.number(f"t4.{g}.total")
        parts = [report.number(f"t4.{g}.{c}") for c in ("upheld", "corrected", "other", "pending")]
        if total is None:
            total = _sum(parts)
        return total, parts

    review, rparts = group("review")
    direct, _ = group("suit_direct")
    after, _ = group("suit_after_review")
    if review is None or direct is None or after is None:
        return None
    suits = _sum([direct, after])
    if review == 0 and suits == 0:
        return f"{PREFIX_CASES}被申请行政复议0件，被提起行政诉讼0件。"
    out = []
    if review:
        s = f"{PREFIX_CASES}被申请行政复议{_n(review)}件"
        labels = ("结果维持", "结果纠正", "其他结果", "尚未审结")
        if all(p is not None for p in rparts) and _sum(rparts) == review:
            listed = [f"{lbl}{_n(p)}件" for lbl, p in zip(labels, rparts) if p]
            s += "，其中" + "，".join(listed)
        out.append(s)
    else:
        out.append(f"{PREFIX_CASES}被申请行政复议0件")
    if suits:
        s = f"被提起行政诉讼{_n(suits)}件"
        kinds = [(lbl, v) for lbl, v in (("未经复议直接起诉", direct), ("复议后起诉", after)) if v]
        if len(kinds) > 1:
            s += "，其中" + "，".join(f"{lbl}{_n(v)}件" for lbl, v in kinds)
        else:
            s += f"，均为{kinds[0][0]}"
        out.append(s)
    else:
        out.append("被提起行政诉讼0件")
    return "；".join(out) + "。"


def _strip_generated(section: Section) -> None:
    section.paragraphs = [p for p in section.paragraphs if not p.text.strip().startswith(PREFIXES)]


def _section(report: Report, n: int) -> Section:
    s = report.section(n)
    if s is None:
        s = Section(n, section_heading(n), [])
        report.sections.append(s)
        report.sections.sort(key=lambda x: x.number)
    return s


def with_auto_text(report: Report) -> Report:
    """A copy of ``report`` with the generated sentences in sections 一 and 四."""
    r = copy.deepcopy(report)
    if r.format not in F.TABLE_FORMATS:
        return r
    apps = applications_text(r)
    if apps:
        s1 = _section(r, 1)
        _strip_generated(s1)
        at = next((i for i, p in enumerate(s1.paragraphs) if p.text.lstrip().startswith("（二）依申请公开")), None)
        if at is None:
            s1.paragraphs.append(Paragraph(apps))
        else:
            s1.paragraphs.insert(at + 1, Paragraph(apps))
    cases = cases_text(r)
    if cases:
        s4 = _section(r, 4)
        _strip_generated(s4)
        s4.paragraphs.insert(0, Paragraph(cases))
    r.paragraphs = [p for s in r.sections for p in s.paragraphs]
    return r
