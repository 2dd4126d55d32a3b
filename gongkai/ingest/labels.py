"""Matching printed table labels (表格标签识别) against the field catalogue.

Labels come with full/half-width punctuation, stray spaces and line breaks, local notes in
brackets (``规章(设区的市、自治州人民政府应提供相关数据)``), numbering variants (``1．``,
``1、``, ``(三) ``) and typos (``2.其他法律行政止公开``). :func:`classify` reduces a cell to
its core text and finds what it can be; the caller resolves the remaining ambiguity
(``其他``, ``总计``) from the table context.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rapidfuzz import fuzz, process

from ..model import formats
from ..model.formats import common as _C

_WS = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_CN_NUM = "一二三四五六七八九十"
_PREFIX = re.compile(
    r"^(?:"
    r"(?P<cn>[一二三四五六七八九十]+)[、.,:]"
    r"|\((?P<pcn>[一二三四五六七八九十]+)\)[、.]?"
    r"|(?P<cn2>[一二三四五六七八九十]+)\)"
    r"|(?P<num>\d{1,2})(?:[、.,]|(?=[^\d.,]))"
    r"|\((?P<pnum>\d{1,2})\)"
    r")"
)
_PAREN = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】")
_NON_WORD = re.compile(r"[^0-9A-Za-z\u4e00-\u9fff]+")
_BLOCK = re.compile(r"第二十条第?\(?([一二三四五六七八九十]+)\)?项")
_VALUE = re.compile(
    r"^[+\-]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)\s*(?:万元|万|元|千元|亿元|件|个|条|项|次|人次|%)?$"
)
_GROUP_JOINED = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|\(?[一二三四五六七八九十]+\))?(?:本年度办理结果|不予公开|无法提供|不予处理|其他处理)[:：]?(.+)$")
_NA = frozenset("/-—－／−\\–―")


@lru_cache(maxsize=32768)
def nfkc(text: str | None) -> str:
    """NFKC and no white space at all (line breaks inside labels disappear)."""
    if not text:
        return ""
    return _WS.sub("", unicodedata.normalize("NFKC", text))


def cn_number(s: str) -> int:
    """一…九十九 → int."""
    if s == "十":
        return 10
    if "十" in s:
        a, _, b = s.partition("十")
        return (_CN_NUM.index(a) + 1 if a else 1) * 10 + (_CN_NUM.index(b) + 1 if b else 0)
    return _CN_NUM.index(s) + 1 if s and s in _CN_NUM else 0


def split_number(n: str) -> tuple[str | None, int | None, str]:
    """``(三)不予公开`` → (``paren``, 3, ``不予公开``); ``1.属于国家秘密`` → (``num``, 1, …)."""
    m = _PREFIX.match(n)
    if not m:
        return None, None, n
    body = n[m.end():]
    if m.group("cn"):
        return "cn", cn_number(m.group("cn")), body
    if m.group("pcn") or m.group("cn2"):
        return "paren", cn_number(m.group("pcn") or m.group("cn2")), body
    if m.group("num"):
        if not body:
            return None, None, n
        return "num", int(m.group("num")), body
    return "pnum", int(m.group("pnum")), body


def core(text: str) -> str:
    """Comparable core of a label: no numbering, no bracketed notes, no punctuation."""
    n = nfkc(text)
    _, _, body = split_number(n)
    prev = None
    while prev != body:
        prev, body = body, _PAREN.sub("", body)
    body = re.sub(r"\([^)]*$", "", body)  # unclosed note cut by a line end
    return _NON_WORD.sub("", body)


@lru_cache(maxsize=32768)
def is_value(text: str | None) -> bool:
    """A cell that holds a value: blank, a not-applicable mark, or a number (with a unit)."""
    n = nfkc(text)
    if n == "":
        return True
    if set(n) <= _NA:
        return True
    return bool(_VALUE.match(n))


@dataclass(frozen=True)
class Label:
    """What a label can mean. ``kind``: t2row, t2col, t2info, t3row, t3group, t3col, t3head,
    t4head. ``key``: row id, column id or group id. ``number``: the numbering the national
    format prints before it (sub-rows of Table 3), ``group``: its Table 3 group."""

    kind: str
    key: str
    text: str
    number: int | None = None
    group: str | None = None


@dataclass(frozen=True)
class Match:
    labels: tuple[Label, ...]
    prefix: str | None
    number: int | None
    score: float
    raw: str

    @cached_property
    def kinds(self) -> frozenset[str]:
        return frozenset(lab.kind for lab in self.labels)

    @cached_property
    def by_kind(self) -> dict[str, Label]:
        out: dict[str, Label] = {}
        for lab in self.labels:
            out.setdefault(lab.kind, lab)
        return out


def _t3_labels() -> list[Label]:
    out: list[Label] = []
    seen: set[str] = set()
    groups: dict[str, str] = {"results": _C.RESULTS}
    columns: dict[str, str] = {}
    for fmt in _newest_first():
        for row in fmt.t3_rows:
            if row.id in seen:
                continue
            seen.add(row.id)
            kind, number, body = split_number(nfkc(row.label))
            out.append(Label("t3row", row.id, row.label, number if kind == "num" else None,
                             row.group if row.group in fmt.t3_groups else None))
        groups.update({g: label for g, label in fmt.t3_groups.items() if g not in groups})
        columns.update({c.id: c.label for c in fmt.t3_columns if c.id not in columns})
    out += [Label("t3group", g, split_number(nfkc(label))[2]) for g, label in groups.items()]
    out += [Label("t3head", "matrix", text) for text in _C.T3_HEADS]
    out += [Label("t3col", cid, label) for cid, label in columns.items()]
    return out


def _newest_first() -> list[formats.Format]:
    return sorted(formats.table_formats(), key=lambda f: -(f.first_year or 0))


def _synonyms(kind: str) -> list[Label]:
    seen: set[tuple[str, str]] = set()
    out = []
    for fmt in formats.table_formats():
        for k, key, text in fmt.synonyms:
            if k == kind and (key, text) not in seen:
                seen.add((key, text))
                out.append(Label(k, key, text))
    return out


def _t2_labels() -> list[Label]:
    rows: dict[str, list[str]] = {}  # row id -> its printed labels, in order of first appearance
    for fmt in formats.table_formats():
        for block in fmt.t2_blocks:
            for row in block.rows:
                if row.label not in rows.setdefault(row.id, []):
                    rows[row.id].append(row.label)
    out = [Label("t2row", rid, label) for rid, labels in rows.items() for label in labels]
    out += _synonyms("t2row")
    out.append(Label("t2info", "info", "信息内容"))
    for fmt in formats.table_formats():
        out += [Label("t2col", cid, label) for cid, label in fmt.t2_column_labels.items()]
    return out + _synonyms("t2col")


def _t4_labels() -> list[Label]:
    out = [Label("t4head", g, g_label) for g, g_label in
           (("review", "行政复议"), ("suit", "行政诉讼"), ("suit_direct", "未经复议直接起诉"),
            ("suit_after_review", "复议后起诉"))]
    for c in formats.latest().t4_columns:
        out.append(Label("t4head", c.id, c.label))
    return out


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, tuple[Label, ...]], list[str]]:
    idx: dict[str, list[Label]] = {}
    for lab in _t2_labels() + _t3_labels() + _t4_labels():
        idx.setdefault(core(lab.text), []).append(lab)
    keys = sorted(idx, key=len, reverse=True)
    return {k: tuple(v) for k, v in idx.items()}, keys


@lru_cache(maxsize=1)
def _fuzzy_keys() -> tuple[str, ...]:
    """Catalogue labels long enough for fuzzy matching (typos), for the cells nothing else matched."""
    return tuple(k for k in _index()[1] if len(k) >= 4)


@lru_cache(maxsize=8192)
def block_heading(text: str) -> int | None:
    """``第二十条第（五）项`` → 5."""
    m = _BLOCK.search(nfkc(text))
    return cn_number(m.group(1)) if m else None


@lru_cache(maxsize=8192)
def classify(text: str | None) -> Match | None:
    """What a (non-value) cell can mean, or None when it matches no label."""
    n = nfkc(text)
    if not n or is_value(n):
        return None
    prefix, number, _ = split_number(n)
    c = core(n)
    if not c:
        if "勾稽关系" in n:
            return Match((Label("t3head", "matrix", n),), prefix, number, 100, n)
        return None
    if "勾稽关系" in c:
        return Match((Label("t3head", "matrix", n),), prefix, number, 100, n)
    idx, keys = _index()
    if c in idx:
        return Match(idx[c], prefix, number, 100, n)
    # a group label and a row label merged into one cell: （三）不予公开 1.属于国家秘密
    g = _GROUP_JOINED.match(n)
    if g:
        sub = classify(g.group(1))
        if sub and any(lab.kind == "t3row" for lab in sub.labels):
            return sub
    # a local note appended without brackets: the longest catalogue label the cell starts with
    for k in keys:
        if len(k) >= 3 and c.startswith(k) and len(c) - len(k) <= 30:
            return Match(idx[k], prefix, number, 95, n)
    # a label cut short (line end, narrow cell): the only long catalogue label it begins
    if len(c) >= 6:
        longer = [k for k in keys if len(k) >= len(c) + 2 and k.startswith(c)]
        if len(longer) == 1:
            return Match(idx[longer[0]], prefix, number, 90, n)
    if len(c) >= 5:
        best = process.extractOne(c, _fuzzy_keys(), scorer=fuzz.ratio, score_cutoff=78)
        if best:
            return Match(idx[best[0]], prefix, number, best[1], n)
    return None


def _clear_caches() -> None:
    for fn in (_index, _fuzzy_keys, classify):
        fn.cache_clear()


formats.on_change(_clear_caches)  # a format registered later joins the index
