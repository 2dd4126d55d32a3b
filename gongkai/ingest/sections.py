"""The six sections of a report (报告的六个部分): headings matched on keywords.

Headings vary (``五、政务公开的成效及下一步工作打算``, ``四、因政府信息公开工作被申请行政复议和
提起行政诉讼情况``), may be numbered or not, and the numbering may be off; so a heading is a
short line whose words name a section, and the numeral in front only breaks ties.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Paragraph, Section
from ..model.report import SECTION_TITLES
from .document import TextBlock
from .labels import cn_number, nfkc

_NUMBERED = re.compile(r"^([一二三四五六七八九十]{1,2})[、.．,，]")
_SUBNUMBERED = re.compile(r"^[(（][一二三四五六七八九十\d]+[)）]|^\d+[、.．]")

KEYWORDS: dict[int, tuple[str, ...]] = {
    1: ("总体情况", "概述", "基本情况", "总体概况"),
    2: ("主动公开政府信息情况", "主动公开政府信息", "主动公开情况", "主动公开"),
    3: ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请", "政府信息公开申请情况",
        "依申请公开", "收到和处理"),
    4: ("政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼"),
    5: ("存在的主要问题及改进情况", "存在的主要问题", "主要问题", "改进情况", "存在问题", "下一步工作",
        "改进措施", "改进工作"),
    6: ("其他需要报告的事项", "其他需要报告", "其他事项", "需要报告的其他事项"),
}


@lru_cache(maxsize=1)
def _keywords() -> tuple[tuple[int, str, tuple[str, ...]], ...]:
    """(number, normalised standard title, normalised keywords) per section."""
    return tuple((number, nfkc(SECTION_TITLES[number]), tuple(nfkc(w) for w in words))
                 for number, words in KEYWORDS.items())


@lru_cache(maxsize=16384)
def section_heading(text: str) -> tuple[int, int] | None:
    """(section number, score) when a line reads like one of the six section headings.

    Score 3: the standard title; 2: a keyword and the right numeral; 1: a keyword only."""
    n = nfkc(text)
    if not n or len(n) > 40 or _SUBNUMBERED.match(n):
        return None
    m = _NUMBERED.match(n)
    numeral = cn_number(m.group(1)) if m else None
    body = n[m.end():] if m else n
    if not m and (len(body) > 24 or body.endswith(("。", "；", ";", "，", ","))):
        return None
    if body.endswith("。") and len(body) > 20:
        return None
    best: tuple[int, int] | None = None
    stripped = body.rstrip("。")
    for number, std, words in _keywords():
        if stripped == std:
            score = 3
        elif any(w in body for w in words):
            score = 2 if numeral == number else 1
        else:
            continue
        if best is None or score > best[1] or (score == best[1] and numeral == number):
            best = (number, score)
    if best and best[1] == 1 and numeral is None and len(body) > 16:
        return None
    return best


INLINE_TITLES: dict[int, tuple[str, ...]] = {
    1: ("总体情况", "概述"),
    2: ("主动公开政府信息情况",),
    3: ("收到和处理政府信息公开申请情况",),
    4: ("政府信息公开行政复议、行政诉讼情况", "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
        "政府信息公开行政复议和行政诉讼情况", "因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
    5: ("政府信息公开工作存在的主要问题及改进情况", "存在的主要问题及改进情况"),
    6: ("其他需要报告的事项",),
}


def inline_heading(text: str) -> tuple[int, str, str] | None:
    """A numbered standard heading that runs on into its text in one paragraph
    (``一、总体情况 2020年，本局…``): (number, heading, rest)."""
    n = nfkc(text)
    m = _NUMBERED.match(n)
    if not m:
        return None
    numeral = cn_number(m.group(1))
    body = n[m.end():]
    for number, titles in INLINE_TITLES.items():
        for t in titles:
            t = nfkc(t)
            if body.startswith(t) and numeral == number and len(body) > len(t):
                cut = _original_offset(text, m.end() + len(t))
                return number, text[:cut].strip(), text[cut:].lstrip(" 　。:：,，").strip()
    return None


def _original_offset(text: str, n_len: int) -> int:
    """Offset in ``text`` where the first ``n_len`` characters of ``nfkc(text)`` end."""
    acc = 0
    for i, ch in enumerate(text):
        if acc >= n_len:
            return i
        acc += len(nfkc(ch))
    return len(text)


def find_sections(blocks: list) -> list[Section]:
    """The sections 一…六 in document order, each with the paragraphs that follow its heading."""
    cands: list[tuple[int, int, int]] = []  # (block index, number, score)
    for i, b in enumerate(blocks):
        if isinstance(b, TextBlock):
            h = section_heading(b.text)
            if h:
                cands.append((i, h[0], h[1]))
            elif len(nfkc(b.text)) > 40:
                ih = inline_heading(b.text)
                if ih:
                    cands.append((i, ih[0], 2))
    chosen: dict[int, tuple[int, int]] = {}
    for i, number, score in cands:
        cur = chosen.get(number)
        if cur is None or score > cur[1]:
            chosen[number] = (i, score)
    # keep document order consistent with the numbering: drop a heading placed after a later section
    picked = sorted((i, number) for number, (i, _) in chosen.items())
    ordered: list[tuple[int, int]] = []
    for i, number in picked:
        if ordered and number < ordered[-1][1]:
            prev_score = chosen[ordered[-1][1]][1]
            if chosen[number][1] <= prev_score:
                continue
            ordered.pop()
        ordered.append((i, number))
    out: list[Section] = []
    for k, (i, number) in enumerate(ordered):
        end = ordered[k + 1][0] if k + 1 < len(ordered) else len(blocks)
        head = blocks[i]
        paras = [Paragraph(b.text, b.location) for b in blocks[i + 1:end] if isinstance(b, TextBlock)]
        heading = head.text.strip()
        ih = inline_heading(head.text) if len(nfkc(head.text)) > 40 else None
        if ih:
            heading = ih[1]
            paras.insert(0, Paragraph(ih[2], head.location))
        out.append(Section(number, heading, paras, head.location))
    return out
