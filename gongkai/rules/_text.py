"""Reading numbers out of the narrative (正文数字): sentences, clauses, counted quantities."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..model import Location, Paragraph, Report

UNITS = ("人次", "件次", "万元", "条", "件", "个", "次", "篇", "份", "项", "期", "场", "家", "起", "宗", "元", "部", "批")
_UNIT_RE = "|".join(UNITS)
# a counted quantity: 518件, 1,289条, 20余件 (approximate), never 2019年 / 30% / 第3
QUANTITY = re.compile(r"(?<![\d.,第])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(余|多)?(" + _UNIT_RE + r")")
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
_CLAUSE_END = re.compile(r"[，,：:]")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")
_WS = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
# full-width digits, letters, ＋ － ． ％ to ASCII; Chinese punctuation is kept as written
_HALF = {c: c - 0xFEE0 for c in list(range(0xFF10, 0xFF1A)) + list(range(0xFF21, 0xFF3B))
         + list(range(0xFF41, 0xFF5B)) + [0xFF0B, 0xFF0D, 0xFF0E, 0xFF05]}


def norm(text: str) -> str:
    """Narrative text for matching and quoting: white space removed, full-width digits and
    letters made ASCII, punctuation left as the report wrote it."""
    return _WS.sub("", text.translate(_HALF))


@dataclass
class Sentence:
    text: str  # see norm(): no white space, ASCII digits, punctuation as written
    location: Location | None
    section: int | None


@dataclass
class Quantity:
    value: int | float
    unit: str
    approx: bool
    start: int
    end: int


def quantities(text: str) -> list[Quantity]:
    out = []
    for m in QUANTITY.finditer(text):
        digits, approx, unit = m.groups()
        n = float(digits.replace(",", "")) if "." in digits else int(digits.replace(",", ""))
        out.append(Quantity(n, unit, bool(approx), m.start(), m.end()))
    return out


def narrative(report: Report) -> Iterator[tuple[Paragraph, int | None]]:
    """Every narrative paragraph with the number of the section it belongs to (None outside)."""
    seen: set[int] = set()
    for s in report.sections:
        for p in s.paragraphs:
            seen.add(id(p))
            yield p, s.number
    in_sections = {p.text for s in report.sections for p in s.paragraphs}
    for p in report.paragraphs:
        if id(p) not in seen and p.text not in in_sections:
            yield p, None


def sentences(report: Report) -> Iterator[Sentence]:
    for p, sec in narrative(report):
        for piece in _SENTENCE_END.split(norm(p.text)):
            if piece:
                yield Sentence(piece, p.location, sec)


def clauses(sentence: str) -> list[str]:
    return [c for c in _CLAUSE_END.split(sentence) if c]


def other_year(sentence: str, year: int | None) -> bool:
    """True when the sentence speaks of a year other than the report year (comparisons)."""
    if year is None:
        return False
    return any(int(y) != year for y in YEAR.findall(sentence))


def quote(text: str, start: int = 0, end: int | None = None, width: int = 40) -> str:
    """A short quotation of ``text`` around ``start:end`` for messages."""
    end = len(text) if end is None else end
    a = max(0, start - width // 2)
    b = min(len(text), end + width // 4)
    return ("…" if a > 0 else "") + text[a:b] + ("…" if b < len(text) else "")


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUMBER = "[零〇一二两三四五六七八九十百]{1,5}"


def to_int(text: str) -> int | None:
    """``518`` or a small Chinese numeral (``两``, ``十二``, ``一百零五``) as an int; None if unreadable."""
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for ch in text:
        if ch in "零〇" and total and digit is None:
            continue  # 一百零五: the 零 only fills the tens place
        if ch in _CN_DIGITS:
            if digit is not None:
                return None  # 一二 is not a number
            digit = _CN_DIGITS[ch]
        elif ch in "十百":
            unit = 10 if ch == "十" else 100
            total += (1 if digit is None else digit) * unit
            digit = None
        else:
            return None
    return total + (digit or 0)
