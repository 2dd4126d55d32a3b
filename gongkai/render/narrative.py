"""Narrative text (正文) of the sections: Markdown blocks → paragraphs with simple inline styles,
and the document outline (title, section order, closing) shared by every writer.

Only what an annual report needs is kept from Markdown: paragraphs, headings (``#``), list items,
**bold** and *italic*. A paragraph that begins with ``（一）`` is a second-level heading in the
government style (楷体), one that begins with ``1.`` a third-level heading (仿宋 bold) — for its
leading sentence only when a full stop follows (``（一）主动公开情况。本年度……``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt

from ..model.report import SECTION_NUMERALS, SECTION_TITLES, Report

_LEVEL2 = re.compile(r"^（[一二三四五六七八九十]+）")
_LEVEL3 = re.compile(r"^\d+[.．]\D")


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Block:
    """A paragraph of narrative: ``level`` 0 body, 2 = （一） heading, 3 = 1. heading;
    ``lead`` runs are the heading part, ``runs`` the rest."""

    runs: tuple[Run, ...]
    level: int = 0
    lead: tuple[Run, ...] = ()

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.lead + self.runs)


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


def _inline_runs(children) -> list[Run]:
    runs: list[Run] = []
    bold = italic = False
    for t in children or []:
        if t.type == "strong_open":
            bold = True
        elif t.type == "strong_close":
            bold = False
        elif t.type == "em_open":
            italic = True
        elif t.type == "em_close":
            italic = False
        elif t.type in ("text", "code_inline", "html_inline"):
            if t.content:
                runs.append(Run(t.content, bold, italic))
        elif t.type in ("softbreak", "hardbreak"):
            pass  # Chinese text: a line break inside a paragraph joins without a space
    return runs


def _split_lead(runs: list[Run]) -> tuple[tuple[Run, ...], tuple[Run, ...], int]:
    text = "".join(r.text for r in runs)
    level = 2 if _LEVEL2.match(text) else 3 if _LEVEL3.match(text) else 0
    if level == 0:
        return (), tuple(runs), 0
    stop = text.find("。")
    cut = stop + 1 if 0 <= stop <= 40 else (len(text) if len(text) <= 40 else 0)
    if cut == 0:
        return (), tuple(runs), 0
    lead: list[Run] = []
    rest: list[Run] = []
    pos = 0
    for r in runs:
        end = pos + len(r.text)
        if end <= cut:
            lead.append(r)
        elif pos >= cut:
            rest.append(r)
        else:
            lead.append(Run(r.text[: cut - pos], r.bold, r.italic))
            rest.append(Run(r.text[cut - pos:], r.bold, r.italic))
        pos = end
    return tuple(lead), tuple(rest), level


def blocks(markdown_text: str) -> list[Block]:
    """Markdown → narrative blocks."""
    out: list[Block] = []
    tokens = _md().parse(markdown_text)
    prefix_stack: list[str] = []
    counters: list[int] = []
    for i, t in enumerate(tokens):
        if t.type == "bullet_list_open":
            prefix_stack.append("bullet")
            counters.append(0)
        elif t.type == "ordered_list_open":
            prefix_stack.append("ordered")
            counters.append(int(t.attrGet("start") or 1) - 1)
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            prefix_stack.pop()
            counters.pop()
        elif t.type == "list_item_open" and counters:
            counters[-1] += 1
        elif t.type == "inline":
            parent = tokens[i - 1].type if i else ""
            runs = _inline_runs(t.children)
            if not runs:
                continue
            if prefix_stack and parent == "paragraph_open":
                kind = prefix_stack[-1]
                mark = "· " if kind == "bullet" else f"{counters[-1]}."
                runs = [Run(mark)] + runs
            lead, rest, level = _split_lead(runs)
            if parent == "heading_open" and level == 0:
                lead, rest, level = tuple(runs), (), 2
            out.append(Block(rest, level, lead))
        elif t.type in ("fence", "code_block"):
            for line in t.content.splitlines():
                if line.strip():
                    out.append(Block((Run(line),)))
    return out


def section_blocks(report: Report, number: int) -> list[Block]:
    s = report.section(number)
    if s is None:
        return []
    return blocks("\n\n".join(p.text for p in s.paragraphs))


def title_of(report: Report) -> str:
    """The document title: ``2025年××局政府信息公开工作年度报告`` unless the data gives one."""
    if report.title:
        return report.title
    year = f"{report.year}年" if report.year else ""
    return f"{year}{report.agency or ''}政府信息公开工作年度报告"


def heading_of(report: Report, number: int) -> str:
    s = report.section(number)
    if s is not None and s.heading and s.heading.strip():
        h = s.heading.strip()
        if h.startswith(SECTION_NUMERALS[number - 1]):
            return h
    return f"{SECTION_NUMERALS[number - 1]}、{SECTION_TITLES[number]}"


TABLE_SECTION = {2: 2, 3: 3, 4: 4}  # section number → table number printed in it
