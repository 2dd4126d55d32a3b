"""Running text for flattened tables (表格被压平的文本): offsets, label search, value gaps.

A crawler dump or ``pdftotext`` output keeps a table's labels and numbers but not its grid:
cells are separated by spaces, by line breaks, or not at all (``规章000行政规范性文件0011``).
:class:`FlatText` joins the paragraphs of a document into one string (NFKC, so full-width
digits are digits), keeps for every character where it came from (paragraph, offset), and
offers a *search string* without white space and punctuation, in which labels are found
wherever the line breaks fall (``本年新\\n制作数量``). :func:`value_gap` gives the text after a
label that can hold its values: up to the next Chinese character, without the numbering of
the next label (``00000002.没有现成…`` → ``0000000``).
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from ..model import Location
from .document import TextBlock

_KEEP = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]")
# characters a run of values can hold (digits, signs, decimal point, marks, units, white space)
_VALUE_CHARS = frozenset("0123456789+-.,/—－–―−%元万 \t\n\r\u00a0\u3000")
_NUMBERING_MARKS = frozenset("、.．")


@dataclass
class FlatText:
    """The paragraphs of a document as one text (NFKC), with maps back to the paragraphs."""

    text: str
    search: str  # ``text`` without white space and punctuation: where labels are looked for
    s2n: list[int]  # search index → text index
    starts: list[int]  # text offset where each paragraph starts
    blocks: list[TextBlock]
    n2o: list[list[int] | None] = field(default_factory=list)  # per paragraph: text → original offset

    def find(self, key: str, lo: int = 0, hi: int | None = None) -> int:
        """First occurrence of ``key`` (a search-string form) at text offset ≥ ``lo`` and < ``hi``:
        its search index, or -1."""
        s_lo = bisect.bisect_left(self.s2n, lo)
        s_hi = len(self.search) if hi is None else bisect.bisect_left(self.s2n, hi)
        return self.search.find(key, s_lo, s_hi)

    def span(self, s_start: int, s_len: int) -> tuple[int, int]:
        """Text offsets [start, end) of a match in the search string."""
        return self.s2n[s_start], self.s2n[s_start + s_len - 1] + 1

    def location(self, start: int, end: int, file: str) -> Location:
        """Where the text [start, end) is: the paragraph's line (or page) and the offsets in it."""
        k = bisect.bisect_right(self.starts, start) - 1
        b = self.blocks[k]
        base = b.location or Location(file=file)
        o_start, o_end = start - self.starts[k], end - self.starts[k]
        m = self.n2o[k] if k < len(self.n2o) else None
        if m is not None:
            o_start, o_end = m[o_start], (m[o_end - 1] + 1 if o_end > 0 else 0)
        return Location(file=base.file or file, page=base.page, line=base.line, start=o_start, end=o_end)


def _normalise(text: str) -> tuple[str, list[int] | None]:
    """NFKC of a paragraph and, when lengths change, the map from each output character to its
    offset in the input (None: one character for one)."""
    n = unicodedata.normalize("NFKC", text)
    if len(n) == len(text):
        return n, None
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        c = unicodedata.normalize("NFKC", ch)
        out.append(c)
        where += [i] * len(c)
    return "".join(out), where


def flat_text(blocks: list[TextBlock]) -> FlatText:
    """Join paragraphs with line breaks into one :class:`FlatText`."""
    parts: list[str] = []
    starts: list[int] = []
    maps: list[list[int] | None] = []
    pos = 0
    for b in blocks:
        n, m = _normalise(b.text)
        starts.append(pos)
        maps.append(m)
        parts.append(n)
        pos += len(n) + 1
    text = "\n".join(parts)
    s2n = [i for i, ch in enumerate(text) if _KEEP.match(ch)]
    search = "".join(text[i] for i in s2n)
    return FlatText(text, search, s2n, starts, list(blocks), maps)


def search_key(label: str) -> str:
    """A label in search-string form: NFKC, letters, digits and Chinese characters only."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", label) if _KEEP.match(ch))


def skip_note(ft: FlatText, end: int) -> int:
    """After a label: skip a bracketed note (``（区分处理的，只计这一情形…）``) that holds no digits."""
    t = ft.text
    while end < len(t) and t[end] in "”’\"'」』":
        end += 1  # the closing quote of ``危及“三安全一稳定”``
    i = end
    while i < len(t) and t[i] in " \t\n\r":
        i += 1
    if i < len(t) and t[i] in "([【":
        close = {"(": ")", "[": "]", "【": "】"}[t[i]]
        j = t.find(close, i + 1, i + 80)
        if j > 0 and not any(ch.isdigit() for ch in t[i:j]):
            return j + 1
    return end


def value_gap(ft: FlatText, start: int, hi: int) -> tuple[int, int]:
    """The text offsets [start, end) after a label that can hold values: up to the first
    character that cannot be part of a value, without the numbering of the label that follows
    (``2.`` of ``2.没有现成信息``, ``1`` of ``1、本机关…``)."""
    t = ft.text
    end = start
    hi = min(hi, len(t))
    while end < hi and t[end] in _VALUE_CHARS:
        if t[end] in "元万" and end > start and not t[end - 1].isdigit() and t[end - 1] != "万":
            break
        end += 1
    if end > start:
        stop = t[end] if end < hi else ""
        seg = t[start:end].rstrip()
        if len(seg) >= 2 and seg[-1] in ".．" and seg[-2].isdigit() and (not stop or _is_cjk(stop) or stop in "(（"):
            end = start + len(seg) - 2  # ``2.`` of ``2.没有现成信息``
        elif stop in _NUMBERING_MARKS and len(seg) == end - start and seg[-1:].isdigit():
            end -= 1  # ``1`` of ``1、本机关不掌握…``
    while end > start and t[end - 1] in " \t\n\r\u00a0\u3000":
        end -= 1
    return start, end


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"
