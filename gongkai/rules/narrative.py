"""Narrative rules (正文与表格): numbers stated in the text must agree with the tables and
with themselves. Both rules are conservative: they only read clear statements.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

from ..model import Finding, Report
from ..model import fields as F
from ._common import error, fmt_num, has_tables, prints, tidy
from ._text import CN_NUMBER, Quantity, Sentence, clauses, other_year, quantities, quote, sentences, to_int
from .base import rule

# Sentences about a part of the body (本级, 各部门, 乡镇…) do not speak of the report's own figures.
_SUBUNIT = re.compile(r"代表|政府办|办公室|办公厅|各级|本级|本部|各部门|各单位|部门共|各镇|各乡|乡镇|镇街|街道|各县|各区|县区|区县|市直|下属|所属|直属|系统内")
_CASE_NOISE = re.compile(r"纠错|败诉|纠正|撤销|确认违法|被纠|错案|胜诉|率")


@dataclass
class Claim:
    """A figure the text states (正文数字) and the table figures it may legitimately mean."""

    what: str  # Chinese: 本年新收政府信息公开申请数
    number: int | float
    accepted: list[int | float]
    table_text: str  # how the table figure is described in the message
    fields: list[str]


def _num(report: Report, fid: str) -> int | float | None:
    return report.number(fid)


def _row_total(report: Report, table_row: str, cols: tuple[str, ...]) -> int | float | None:
    """A row's 总计, or the sum of its columns when 总计 is blank and every column is filled."""
    n = _num(report, f"{table_row}.total")
    if n is not None:
        return n
    parts = [_num(report, f"{table_row}.{c}") for c in cols]
    if parts and all(p is not None for p in parts):
        return tidy(sum(parts))
    return None


def _t3(report: Report, row: str) -> int | float | None:
    return _row_total(report, f"t3.{row}", F.T3_APPLICANT_COLUMNS)


def _t4(report: Report, group: str) -> tuple[int | float | None, int | float | None]:
    """(总计, sum of the four results) of a Table 4 group; either may be None."""
    total = _num(report, f"t4.{group}.total")
    parts = [_num(report, f"t4.{group}.{c}") for c in ("upheld", "corrected", "other", "pending")]
    s = tidy(sum(parts)) if all(p is not None for p in parts) else None
    return total, s


def _opts(*xs) -> list:
    return sorted({x for x in xs if x is not None})


def _plus(*xs):
    return tidy(sum(xs)) if all(x is not None for x in xs) else None


# ----------------------------------------------------------------- statements of figures

_N = r"\d+|" + CN_NUMBER
_APPLICATION = r"(?:政府信息公开申请|信息公开申请|公开申请|依申请公开(?:申请)?(?:件|事项)?)"
RECEIVED = re.compile(r"(?:收到|受理|接到|接收|新收)[^，,。；;\d]{0,12}?" + _APPLICATION
                      + r"(?:共|总计|合计)?(" + _N + ")(件|个|份|宗)(?!次)")
# 办结/答复 must start the phrase (已办结…, 共答复…): ``同意公开答复9件`` is an outcome, not a total.
ANSWERED = re.compile(r"(?<![^已共均并计，,])(?:办结|答复|办理完毕)(?:了)?(?:政府信息公开申请|公开申请|申请)?(?:共)?("
                      + _N + ")(件|个|份|宗)(?!次)")
CARRY_FORWARD = re.compile(r"结转(?:至|到)?(?:下一?年度?|下年度?|\d{4}年度?)(?:继续)?(?:办理)?(?:的)?(?:申请)?(?:共)?("
                           + _N + ")件")
CARRIED_OVER = re.compile(r"上一?年度?结转(?:的)?(?:申请|政府信息公开申请)?(?:共)?(" + _N + ")件")
REVIEW = re.compile(r"行政复议(?:案件|申请)?(?:共)?(" + _N + ")(件|起|宗|个)")
LITIGATION = re.compile(r"行政诉讼(?:案件)?(?:共)?(" + _N + ")(件|起|宗|个)")
NORMATIVE_ISSUED = re.compile(r"(?:制发|出台|印发|发布|制定)(?:了)?(?:行政)?规范性文件(?:共)?(" + _N + ")(件|个|份)")
NORMATIVE_IN_FORCE = re.compile(r"现行有效(?:的)?(?:行政)?规范性文件(?:共)?(" + _N + ")(件|个|份)")
NEGATION = re.compile(r"(?:未发生|未出现|没有发生|没有出现|未产生|未有|未收到|未接到|未提起|未被|没有|无(?![论法需须偿]))"
                      r"[^。；，,\d]{0,30}?(行政复议|行政诉讼)")


def _received(report: Report, m: re.Match) -> Claim | None:
    new, carried = _t3(report, "new"), _t3(report, "carried_over")
    if new is None:
        return None
    return Claim("收到的政府信息公开申请数", to_int(m.group(1)), _opts(new, _plus(new, carried)),
                 f"表三“一、本年新收政府信息公开申请数量”总计为{fmt_num(new)}", ["t3.new.total"])


def _answered(report: Report, m: re.Match) -> Claim | None:
    total, new = _t3(report, "total"), _t3(report, "new")
    carried, fwd = _t3(report, "carried_over"), _t3(report, "carry_forward")
    if total is None:
        return None
    return Claim("办结（答复）的申请数", to_int(m.group(1)), _opts(total, new, _plus(new, carried), _plus(total, fwd)),
                 f"表三“（七）总计”为{fmt_num(total)}", ["t3.total.total"])


def _carry_forward(report: Report, m: re.Match) -> Claim | None:
    n = _t3(report, "carry_forward")
    if n is None:
        return None
    return Claim("结转下年度继续办理的申请数", to_int(m.group(1)), [n],
                 f"表三“四、结转下年度继续办理”总计为{fmt_num(n)}", ["t3.carry_forward.total"])


def _carried_over(report: Report, m: re.Match) -> Claim | None:
    n = _t3(report, "carried_over")
    if n is None:
        return None
    return Claim("上年结转的申请数", to_int(m.group(1)), [n],
                 f"表三“二、上年结转政府信息公开申请数量”总计为{fmt_num(n)}", ["t3.carried_over.total"])


def _review(report: Report, m: re.Match) -> Claim | None:
    total, parts = _t4(report, "review")
    if total is None and parts is None:
        return None
    return Claim("行政复议案件数", to_int(m.group(1)), _opts(total, parts),
                 f"表四“行政复议”总计为{fmt_num(total)}", ["t4.review.total"])


def _litigation(report: Report, m: re.Match) -> Claim | None:
    d_total, d_parts = _t4(report, "suit_direct")
    a_total, a_parts = _t4(report, "suit_after_review")
    r_total, r_parts = _t4(report, "review")
    if d_total is None and a_total is None and d_parts is None and a_parts is None:
        return None
    both = [_plus(d, a) for d in (d_total, d_parts) for a in (a_total, a_parts)]
    with_review = [_plus(b, r) for b in both for r in (r_total, r_parts)]
    return Claim("行政诉讼案件数", to_int(m.group(1)),
                 _opts(d_total, d_parts, a_total, a_parts, *both, *with_review),
                 f"表四行政诉讼“未经复议直接起诉”总计为{fmt_num(d_total)}、“复议后起诉”总计为{fmt_num(a_total)}",
                 ["t4.suit_direct.total", "t4.suit_after_review.total"])


def _normative_issued(report: Report, m: re.Match) -> Claim | None:
    if prints(report, "t2.normative.issued"):
        n = _num(report, "t2.normative.issued")
        if n is None:
            return None
        return Claim("制发的行政规范性文件数", to_int(m.group(1)), [n],
                     f"表二“行政规范性文件·本年制发件数”为{fmt_num(n)}", ["t2.normative.issued"])
    made, published = _num(report, "t2.normative.made"), _num(report, "t2.normative.published")
    if made is None and published is None:
        return None
    return Claim("制发的规范性文件数", to_int(m.group(1)), _opts(made, published),
                 f"表二“规范性文件·本年新制作数量”为{fmt_num(made)}", ["t2.normative.made"])


def _normative_in_force(report: Report, m: re.Match) -> Claim | None:
    if not prints(report, "t2.normative.in_force"):
        return None
    n = _num(report, "t2.normative.in_force")
    if n is None:
        return None
    return Claim("现行有效的行政规范性文件数", to_int(m.group(1)), [n],
                 f"表二“行政规范性文件·现行有效件数”为{fmt_num(n)}", ["t2.normative.in_force"])


_APPLICATION_CONTEXT = re.compile(r"公开申请|依申请|申请公开")
_DISCLOSURE_CONTEXT = re.compile(r"公开")

# (pattern, reader, context the sentence must have — None: the pattern is specific enough)
STATEMENTS: list[tuple[re.Pattern, Callable[[Report, re.Match], Claim | None], re.Pattern | None]] = [
    (RECEIVED, _received, None),
    (ANSWERED, _answered, _APPLICATION_CONTEXT),
    (CARRY_FORWARD, _carry_forward, _APPLICATION_CONTEXT),
    (CARRIED_OVER, _carried_over, _APPLICATION_CONTEXT),
    (REVIEW, _review, _DISCLOSURE_CONTEXT),
    (LITIGATION, _litigation, _DISCLOSURE_CONTEXT),
    (NORMATIVE_ISSUED, _normative_issued, None),
    (NORMATIVE_IN_FORCE, _normative_in_force, None),
]


def _about_disclosure(s: Sentence) -> bool:
    return "公开" in s.text or s.section in (3, 4)


def _subunit(s: Sentence, report: Report) -> bool:
    """True when the sentence speaks of a part of the body (本级, 各部门, 区政府办代表…)."""
    agency = report.agency or ""
    return any(m.group(0) not in agency for m in _SUBUNIT.finditer(s.text))


def _negations(report: Report, s: Sentence) -> Iterator[Finding]:
    """``未发生…行政复议`` / ``未出现…行政复议案件和行政诉讼案件`` against a non-zero Table 4."""
    if not _about_disclosure(s):
        return
    for clause in clauses(s.text):
        m = NEGATION.search(clause)
        if not m or _CASE_NOISE.search(clause):
            continue
        tail = clause[m.start():]
        if re.search(r"\d|但|而|仅|只有", tail):
            continue  # a mixed statement (未发生行政复议，但有行政诉讼1件): not a clear denial
        said_review = "复议" in tail
        said_suit = "诉讼" in tail
        problems, fids = [], []
        if said_review:
            total, parts = _t4(report, "review")
            n = max(x for x in (total, parts, 0) if x is not None)
            if n > 0:
                problems.append(f"行政复议{fmt_num(n)}件")
                fids.append("t4.review.total")
        if said_suit:
            for g, label in (("suit_direct", "未经复议直接起诉的行政诉讼"), ("suit_after_review", "复议后起诉的行政诉讼")):
                total, parts = _t4(report, g)
                n = max(x for x in (total, parts, 0) if x is not None)
                if n > 0:
                    problems.append(f"{label}{fmt_num(n)}件")
                    fids.append(f"t4.{g}.total")
        if problems:
            yield error("TEXT_TABLE_MISMATCH",
                        f"正文称“{quote(clause, m.start(), m.end())}”，但表四填报了" + "、".join(problems),
                        fids, s.location)


@rule("TEXT_TABLE_MISMATCH", "正文所述数字与表格不一致")
def text_table_mismatch(report: Report) -> Iterator[Finding]:
    """Applications received/answered/carried, review and litigation cases and normative
    documents stated in the text (正文) must match Tables 2–4."""
    if not has_tables(report):
        return
    reported: set[tuple[str, int | float]] = set()
    for s in sentences(report):
        if other_year(s.text, report.year) or _subunit(s, report):
            continue
        yield from _negations(report, s)
        for pattern, reader, context in STATEMENTS:
            if context is not None and not context.search(s.text) and s.section not in (3, 4):
                continue
            for m in pattern.finditer(s.text):
                if m.end() < len(s.text) and s.text[m.end()] in "余多":
                    continue
                claim = reader(report, m)
                if claim is None or claim.number is None or claim.number in claim.accepted:
                    continue
                key = (claim.what, claim.number)
                if key in reported:
                    continue
                reported.add(key)
                yield error("TEXT_TABLE_MISMATCH",
                            f"正文称“{quote(s.text, m.start(), m.end())}”（{claim.what}{fmt_num(claim.number)}），"
                            f"但{claim.table_text}", claim.fields, s.location)


# ----------------------------------------------------------------- sums within the text

_TOTAL_WORD = re.compile(r"共计|合计|总计")
_PART_STOP = re.compile(r"同比|增长|增加|减少|下降|较|比上|比去|累计|其中|共|合计|总计|以上|以下|超过|不足|约|近|达")


def _part_ok(clause: str, qs: list[Quantity], unit: str) -> bool:
    return bool(qs) and all(q.unit == unit and not q.approx for q in qs) and not _PART_STOP.search(clause)


@rule("TEXT_SUM", "正文中的合计数与分项之和不符")
def text_sum(report: Report) -> Iterator[Finding]:
    """``…A条，…B条，共计C条`` (分项在前) and ``共计C条，其中A条，B条`` (其中…) must add up."""
    for s in sentences(report):
        cl = clauses(s.text)
        qs = [quantities(c) for c in cl]
        for i, c in enumerate(cl):
            if len(qs[i]) != 1 or qs[i][0].approx:
                continue
            total = qs[i][0]
            tw = _TOTAL_WORD.search(c)
            # form 1: parts before 共计/合计/总计
            if tw and tw.start() < total.start:
                parts: list[Quantity] = []
                j = i - 1
                while j >= 0:
                    if cl[j].startswith("其中"):  # ``其中A篇，B篇，共计C篇``: the first part, then stop
                        if _part_ok(cl[j][2:], qs[j], total.unit):
                            parts = qs[j] + parts
                            j -= 1
                        break
                    if not _part_ok(cl[j], qs[j], total.unit):
                        break
                    parts = qs[j] + parts
                    j -= 1
                if len(parts) >= 2:
                    ps = tidy(sum(p.value for p in parts))
                    if ps != total.value:
                        shown = " + ".join(fmt_num(p.value) for p in parts)
                        yield error("TEXT_SUM",
                                    f"正文“{quote('，'.join(cl[j + 1:i + 1]), width=80)}”：分项 {shown} = "
                                    f"{fmt_num(ps)}{total.unit}，与所述合计 {fmt_num(total.value)}{total.unit} 不符",
                                    [], s.location)
                        continue
            # form 2: total, then 其中 parts (a part list may be partial: only a sum above the total is wrong)
            nxt = i + 1
            if nxt < len(cl) and cl[nxt] == "其中":
                nxt += 1
            elif not (nxt < len(cl) and cl[nxt].startswith("其中")):
                continue
            if not (tw or "共" in c[:total.start]):
                continue
            parts = []
            k = nxt
            while k < len(cl):
                text = cl[k][2:] if k == nxt and cl[k].startswith("其中") else cl[k]
                if not _part_ok(text, qs[k], total.unit):
                    break
                parts += qs[k]
                k += 1
            if len(parts) >= 2:
                ps = tidy(sum(p.value for p in parts))
                if ps > total.value:
                    shown = " + ".join(fmt_num(p.value) for p in parts)
                    yield error("TEXT_SUM",
                                f"正文“{quote('，'.join(cl[i:k]), width=80)}”：“其中”各项 {shown} = "
                                f"{fmt_num(ps)}{total.unit}，超过所述总数 {fmt_num(total.value)}{total.unit}",
                                [], s.location)
