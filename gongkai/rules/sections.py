"""Section rules (报告结构): the six sections of Article 50, their order and headings."""
from __future__ import annotations

import re
from typing import Iterator

from ..model import SECTION_NUMERALS, SECTION_TITLES, Finding, Report, clean
from ..model import fields as F
from ._common import error, warning
from .base import rule

# Keyword groups a heading must contain (each group: at least one of its words). Wording varies
# in practice (report-format.md), so headings are matched on keywords, not exact strings.
HEADING_KEYWORDS: dict[int, tuple[tuple[str, ...], ...]] = {
    1: (("总体情况", "总体概况", "概述"),),
    2: (("主动公开",),),
    3: (("申请",), ("收到", "处理", "办理", "受理")),
    4: (("行政复议", "行政诉讼", "复议", "诉讼"),),
    5: (("问题",), ("改进", "整改", "措施", "对策")),
    6: (("其他", "其它"), ("报告", "事项")),
}
_NUMBERING = re.compile(r"^(?:第?[一二三四五六七八九十]+[、.．,，:：部分]*|[（(][一二三四五六七八九十]+[）)]|\d+[、.．)）])")


def heading_text(heading: str) -> str:
    """The heading without numbering and punctuation: ``五、存在的主要问题及改进情况。`` →
    ``存在的主要问题及改进情况``."""
    s = clean(heading)
    s = _NUMBERING.sub("", s)
    return s.strip("。.：:;；,，")


def written_numeral(heading: str) -> str | None:
    """The Chinese numeral a heading starts with (``五、…`` → ``五``), or None."""
    m = re.match(r"^第?([一二三四五六七八九十])(?:[、.．,，:：]|部分)", clean(heading))
    return m.group(1) if m else None


def heading_matches(number: int, heading: str) -> bool:
    """True when ``heading`` names section ``number`` in the national wording or a known variant."""
    s = heading_text(heading)
    return all(any(k in s for k in group) for group in HEADING_KEYWORDS[number])


def _national(number: int) -> str:
    return f"{SECTION_NUMERALS[number - 1]}、{SECTION_TITLES[number]}"


def _applies(report: Report) -> bool:
    """Only reports under the 2019 Regulation have the six national sections."""
    return report.format in F.TABLE_FORMATS


@rule("SECTION_MISSING", "缺少年度报告必备的部分（一至六）")
def section_missing(report: Report) -> Iterator[Finding]:
    """Each of the six sections (六个部分) must be present."""
    if not _applies(report) or not (report.sections or report.paragraphs):
        return  # a data-only report (data file, register) carries no narrative to check
    if not report.sections:
        yield error("SECTION_MISSING", "报告中没有找到“一、总体情况”至“六、其他需要报告的事项”任何一个部分标题，"
                    "请按全国统一格式分六部分编写", [], report.paragraphs[0].location)
        return
    present = {s.number for s in report.sections}
    for n in range(1, 7):
        if n not in present:
            yield error("SECTION_MISSING",
                        f"报告缺少第{SECTION_NUMERALS[n - 1]}部分“{_national(n)}”",
                        [], None)


@rule("SECTION_ORDER", "各部分顺序与全国统一格式不一致")
def section_order(report: Report) -> Iterator[Finding]:
    """Sections appear in the order 一…六, each once (顺序)."""
    if not _applies(report):
        return
    seen: set[int] = set()
    last = 0
    for s in report.sections:
        if s.number in seen:
            yield warning("SECTION_ORDER",
                          f"第{SECTION_NUMERALS[s.number - 1]}部分出现了两次（“{s.heading.strip()}”）",
                          [], s.location)
        elif s.number < last:
            yield warning("SECTION_ORDER",
                          f"第{SECTION_NUMERALS[s.number - 1]}部分“{s.heading.strip()}”排在第"
                          f"{SECTION_NUMERALS[last - 1]}部分之后，应按一至六的顺序编排",
                          [], s.location)
        seen.add(s.number)
        last = max(last, s.number)


@rule("SECTION_HEADING", "部分标题与全国统一格式的表述不一致")
def section_heading(report: Report) -> Iterator[Finding]:
    """A heading whose wording departs from the national one (标题表述), beyond known variants."""
    if not _applies(report):
        return
    misnumbered = []
    first = None
    for s in report.sections:
        written = written_numeral(s.heading)
        if 1 <= s.number <= 6 and written and written != SECTION_NUMERALS[s.number - 1]:
            misnumbered.append(f"“{s.heading.strip()}”应编为“{SECTION_NUMERALS[s.number - 1]}、”")
            first = first or s.location
    if misnumbered:
        yield warning("SECTION_HEADING", "部分标题的编号与全国统一格式（一至六）不一致：" + "；".join(misnumbered),
                      [], first)
    for s in report.sections:
        if 1 <= s.number <= 6 and not heading_matches(s.number, s.heading):
            yield warning("SECTION_HEADING",
                          f"第{SECTION_NUMERALS[s.number - 1]}部分标题为“{s.heading.strip()}”，"
                          f"与全国统一格式“{_national(s.number)}”不一致",
                          [], s.location)
