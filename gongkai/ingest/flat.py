"""Reading Tables 2–4 out of running text (压平表格读取): crawler dumps, copied pages, pdftotext.

When a document has no table grid, the row labels of the national format are looked for in the
text of its paragraphs wherever the line breaks fall (:mod:`gongkai.ingest.flattext`), and the
values after each label are cut into the row's cells (:mod:`gongkai.ingest.flatsplit`): by the
spaces or line breaks between them, or — when the cells were glued (``规章000``) — by the only
valid cut, or the only cut that satisfies the format's identities (Table 3 row 总计 = the six
applicant columns, column balance 一 + 二 = （七） + 四 and （七） = Σ outcomes; Table 4 group
总计 = its four parts). Cells no cut decides are left unknown, never guessed, with a notice that
lists the candidates (``PARSE_SPLIT_AMBIGUOUS``); cells decided by the identities get a notice
too (``PARSE_SPLIT``). Every value keeps its character offsets (``Location.start``/``end``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import product

from ..model import Finding, Location
from ..model import fields as F
from ..model import formats
from .document import Cell, TextBlock
from .flatidentity import row_identities, t3_column_holds
from .flatsplit import RowSplit, Token, split_row, tokens
from .flattext import FlatText, flat_text, search_key, skip_note, value_gap

T3_WIDTH = len(F.T3_COLUMN_IDS)
T4_SIZE = len(F.T4_GROUP_IDS) * len(F.T4_COLUMN_IDS)
MAX_COMBINATIONS = 20_000  # joint choices of ambiguous Table 3 rows tried against the column identities
_T2_SYNONYMS = {"normative": ("行政规范性文件", "规范性文件")}
_T4_HEAD = tuple(search_key(w) for w in ("未经复议直接起诉", "复议后起诉", "行政复议", "行政诉讼", "结果维持", "结果纠正",
                                         "其他结果", "尚未审结", "总计"))
_TOTAL_ROW = re.compile(r"[(（]\s*七\s*[)）]\s*总\s*计")
_OTHER_ROW = re.compile(r"3\s*[.、．]?\s*其\s*他(?!\s*处\s*理|\s*结\s*果|\s*对\s*外)")


@dataclass
class FlatRecord:
    """A row read from running text (the shape of the table walker's records)."""

    row: str | None
    cells: list[Cell]
    label: Cell | None = None
    cols: tuple[str, ...] = ()
    units: dict[str, str | None] = field(default_factory=dict)


@dataclass
class FlatTables:
    """What the running text held: rows of Tables 2 and 3, the Table 4 cells, the field ids left
    unknown (undecidable glued cells) and the reading notices."""

    t2: list[FlatRecord] = field(default_factory=list)
    t3: list[FlatRecord] = field(default_factory=list)
    t4: list[Cell] = field(default_factory=list)
    unknown: set[str] = field(default_factory=set)
    notes: list[Finding] = field(default_factory=list)

    @property
    def t4_started(self) -> bool:
        return bool(self.t4)

    @property
    def found(self) -> bool:
        return bool(self.t2 or self.t3 or self.t4)


@dataclass
class _Row:
    rid: str
    fids: tuple[str, ...]
    start: int  # text offset of the label
    label_end: int
    toks: list[Token]
    split: RowSplit | None = None


def has_flat_tables(blocks: list[TextBlock]) -> bool:
    """Whether the paragraphs hold the labels of the national tables (cheap test)."""
    text = "".join(b.text for b in blocks)
    return ("本年新收" in text and "上年结转" in text) or ("第二十条" in text and "信息内容" in text)


def flat_format(ft: FlatText) -> tuple[str | None, dict[str, int]]:
    """The national format from the tell-tale labels in running text (None: none seen)."""
    from .detect import TELLTALES

    counts = {fmt: sum(ft.search.count(search_key(w)) for w in words) for fmt, words in TELLTALES.items()}
    return formats.by_telltales(counts), counts


def read_flat(blocks: list[TextBlock], fmt: str, name: str, ft: FlatText | None = None) -> FlatTables:
    """Tables 2–4 of format ``fmt`` from the running text of ``blocks``."""
    ft = ft or flat_text(blocks)
    out = FlatTables()
    a2 = ft.find(search_key("第二十条第(一)项"))
    lo2 = ft.s2n[a2] if a2 >= 0 else 0
    s3 = ft.find(search_key("本年新收政府信息公开申请数量"), lo2)
    lo3 = ft.s2n[s3] if s3 >= 0 else len(ft.text)
    rows2 = _t2_rows(ft, fmt, lo2 if a2 >= 0 else lo3, lo3) if a2 >= 0 else []
    rows3 = _t3_rows(ft, fmt, lo3) if s3 >= 0 else []
    t3_end = max((r.label_end for r in rows3), default=lo3)
    t4 = _t4_row(ft, t3_end if s3 >= 0 else lo2)
    for r in rows2:
        _decide(r, fmt)
    for r in rows3:
        _decide(r, fmt)
    _t3_columns(rows3, fmt, out, ft, name)
    for r in rows2 + rows3 + ([t4] if t4 else []):
        _note(r, ft, out, name)
    out.t2 = [_record(ft, r, name, out, fmt) for r in rows2 if r.toks]
    out.t3 = _t3_records(ft, rows3, name, out, fmt)
    if t4 is not None:
        _decide(t4, fmt)
        _note(t4, ft, out, name)
        out.t4 = _record(ft, t4, name, out, fmt).cells
    return out


# --------------------------------------------------------------------------- finding the rows

def _kinds(fids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple("amount" if f in F.AMOUNT_FIELDS else "signed" if f in F.SIGNED_FIELDS else "count" for f in fids)


def _gap(ft: FlatText, label_s: int, key_len: int, hi: int) -> tuple[int, int, list[Token]]:
    start, end = ft.span(label_s, key_len)
    a, b = value_gap(ft, skip_note(ft, end), hi)
    return start, b, tokens(ft.text, a, b)


def _t2_rows(ft: FlatText, fmt: str, lo: int, hi: int) -> list[_Row]:
    out: list[_Row] = []
    pos = lo
    for block in F.T2_BLOCKS[fmt]:
        for row in block.rows:
            for key in map(search_key, _T2_SYNONYMS.get(row.id, (row.label,))):
                s = ft.find(key, pos, hi)
                if s < 0:
                    s = ft.find(key, lo, hi)
                if s >= 0:
                    start, end, toks = _gap(ft, s, len(key), hi)
                    fids = tuple(f"t2.{row.id}.{c}" for c in row.columns)
                    out.append(_Row(row.id, fids, start, end, toks))
                    pos = max(pos, end)
                    break
    return out


def _t3_order(ft: FlatText, fmt: str, lo: int) -> list[F.Row]:
    f = formats.get(fmt)
    rows = list(f.t3_rows)
    if f.variant("single_other") is not None:
        s = ft.find(search_key("其他处理"), lo)
        if s >= 0:
            _, _, toks = _gap(ft, s, len(search_key("其他处理")), len(ft.text))
            if toks:  # （六）其他处理 printed as one row with its numbers
                rows = list(f.rows3(single_other=True))
    return rows


def _t3_rows(ft: FlatText, fmt: str, lo: int) -> list[_Row]:
    out: list[_Row] = []
    hi = len(ft.text)
    prev_end = lo
    for row in _t3_order(ft, fmt, lo):
        fids = tuple(f"t3.{row.id}.{c}" for c in F.T3_COLUMN_IDS)
        if row.id in ("total", "other.other"):
            m = (_TOTAL_ROW if row.id == "total" else _OTHER_ROW).search(ft.text, prev_end)
            if m is None and row.id == "total":
                s = ft.find("总计", prev_end)
                m_span = ft.span(s, 2) if s >= 0 else None
            else:
                m_span = (m.start(), m.end()) if m else None
            if m_span is None:
                continue
            a, b = value_gap(ft, skip_note(ft, m_span[1]), hi)
            out.append(_Row(row.id, fids, m_span[0], b, tokens(ft.text, a, b)))
            prev_end = b
            continue
        from .labels import core

        key = search_key(core(row.label)) if row.id != "other" else search_key("其他处理")
        s = ft.find(key, lo)
        if s < 0:
            continue
        start, end, toks = _gap(ft, s, len(key), hi)
        out.append(_Row(row.id, fids, start, end, toks))
        prev_end = max(prev_end, end)
    return out


def _t4_row(ft: FlatText, lo: int) -> _Row | None:
    key = search_key("行政复议")
    s = ft.find(key, lo)
    while s >= 0:
        p, seen = s, 0
        while True:
            for k in _T4_HEAD:
                if ft.search.startswith(k, p):
                    p += len(k)
                    seen += 1
                    break
            else:
                break
        if seen >= 5:  # the header of Table 4 (a section heading names only 行政复议、行政诉讼)
            break
        s = ft.search.find(key, s + 1)
    if s < 0:
        return None
    start = ft.s2n[s]
    a, b = value_gap(ft, ft.s2n[p - 1] + 1, len(ft.text))
    fids = tuple(f"t4.{g}.{c}" for g in F.T4_GROUP_IDS for c in F.T4_COLUMN_IDS)
    return _Row("t4", fids, start, b, tokens(ft.text, a, b))


# --------------------------------------------------------------------------- deciding the cells

def _decide(r: _Row, fmt: str) -> None:
    if r.split is not None:
        return
    n = len(r.fids)
    toks = r.toks
    if r.rid != "t4" and r.fids[0].startswith("t3.") and len(toks) > n and len(toks) % n == 0:
        toks = toks[:n]  # the rows that follow lost their labels (pdftotext): see _t3_records
    r.split = split_row(toks, _kinds(r.fids), row_identities(r.fids))


def _t3_columns(rows: list[_Row], fmt: str, out: FlatTables, ft: FlatText, name: str) -> None:
    """Rows with several row-consistent cuts: keep the joint choices that satisfy the column
    identities; a row is decided when all those choices agree on it."""
    open_rows = [r for r in rows if r.split and r.split.how == "ambiguous" and r.split.mode != "blanks"]
    if not open_rows:
        return
    n_comb = 1
    for r in open_rows:
        n_comb *= len(r.split.candidates)
    if n_comb > MAX_COMBINATIONS:
        return
    fixed = {r.rid: _values(ft, r.split.cut) for r in rows if r.split and r.split.cut is not None}
    keep: list[tuple] = []
    for combo in product(*(r.split.candidates for r in open_rows)):
        vals = dict(fixed)
        for r, c in zip(open_rows, combo):
            vals[r.rid] = _values(ft, c)
        if t3_column_holds(vals, fmt):
            keep.append(combo)
    for k, r in enumerate(open_rows):
        choices = {combo[k] for combo in keep}
        if len(choices) == 1:
            r.split = RowSplit("columns", list(choices), r.split.mode)


def _values(ft: FlatText, cut) -> list[float | None]:
    from .flatsplit import _num

    return [None if span is None else _num(re.sub(r"\s+", "", ft.text[span[0]:span[1]])) for span in cut]


def _label(r: _Row) -> str:
    if r.rid == "t4":
        return "第四部分“行政复议、行政诉讼情况”的表格"
    table = "第二部分“主动公开政府信息情况”" if r.fids[0].startswith("t2.") else "第三部分“收到和处理政府信息公开申请情况”"
    return f"{table}表格中“{F.field_label(r.fids[0]).rsplit('·', 1)[0]}”一行"


def _note(r: _Row, ft: FlatText, out: FlatTables, name: str) -> None:
    sp = r.split
    if sp is None or sp.how in ("printed", "digits") or not r.toks:
        return
    raw = " ".join(t.text for t in r.toks[:len(r.fids) * 2])
    loc = ft.location(r.toks[0].start, r.toks[-1].end, name)
    if sp.how in ("identities", "columns"):
        cells = "、".join(_show(ft, span) for span in sp.cut)
        why = "该行总计等于各列之和" if sp.how == "identities" else "各列的勾稽关系（一加二等于三加四、总计等于各项之和）"
        out.notes.append(Finding(
            "PARSE_SPLIT", "notice",
            f"{name}：{_label(r)}的数字连在一起（“{raw}”），按{why}拆分为：{cells}。",
            fields=list(r.fids), location=loc))
        return
    undecided = _undecided(r, ft)
    out.unknown |= set(undecided)
    if not undecided:
        return
    if sp.how == "ambiguous":
        cands = "；".join("、".join(_show(ft, s) for s in c) for c in sp.candidates[:6])
        more = f"等{len(sp.candidates)}种" if len(sp.candidates) > 6 else f"共{len(sp.candidates)}种"
        why = f"有多种拆分都说得通（{cands}，{more}），无法确定"
    elif sp.how == "inconsistent":
        why = "没有一种拆分能使该行的勾稽关系成立（报告本身可能有误），而位数又不止一种拆法"
    elif sp.how == "budget":
        why = "可能的拆分过多，已停止搜索"
    else:
        why = "无法按该行的列数读出"
    names = "、".join(F.field_label(f).rsplit("·", 1)[-1] for f in undecided)
    out.notes.append(Finding(
        "PARSE_SPLIT_AMBIGUOUS", "notice",
        f"{name}：{_label(r)}的数字（“{raw}”）{why}；{names}未读取（不是零，也不是空白）。",
        fields=undecided, location=loc))


def _undecided(r: _Row, ft: FlatText) -> list[str]:
    """Cells the candidates disagree on (all cells when there is no candidate)."""
    sp = r.split
    if not sp.candidates:
        return list(r.fids)
    out = []
    for k, fid in enumerate(r.fids):
        texts = {_show(ft, c[k]) for c in sp.candidates}
        if len(texts) > 1:
            out.append(fid)
    return out


def _show(ft: FlatText, span) -> str:
    return "空白" if span is None else re.sub(r"\s+", "", ft.text[span[0]:span[1]])


# --------------------------------------------------------------------------- records

def _cells(ft: FlatText, r: _Row, name: str) -> list[Cell]:
    sp = r.split
    n = len(r.fids)
    if sp is not None and sp.candidates:
        agreed = []
        for k in range(n):
            spans = {c[k] for c in sp.candidates}
            texts = {_show(ft, s) for s in spans}
            span = sp.candidates[0][k]
            if len(texts) > 1:
                agreed.append(Cell("", None))  # unknown: removed after assembly
            elif span is None:
                agreed.append(Cell("", None))
            else:
                agreed.append(Cell(ft.text[span[0]:span[1]], ft.location(span[0], span[1], name)))
        return agreed
    return [Cell("", None) for _ in range(n)]


def _record(ft: FlatText, r: _Row, name: str, out: FlatTables, fmt: str):
    cells = _cells(ft, r, name)
    label = Cell(ft.text[r.start:r.start + 1], ft.location(r.start, r.start + 1, name))
    if r.rid == "t4":
        return FlatRecord("t4", cells, label)
    if r.fids[0].startswith("t2."):
        cols = tuple(f.rsplit(".", 1)[1] for f in r.fids)
        units = {fid.rsplit(".", 1)[1]: u for fid, u in formats.get(fmt).unit_in_header.items() if fid in r.fids}
        return FlatRecord(r.rid, cells, label, cols, units)
    return FlatRecord(r.rid, cells, label)


def _t3_records(ft: FlatText, rows: list[_Row], name: str, out: FlatTables, fmt: str) -> list[FlatRecord]:
    """Table 3 records in document order; values of rows whose label comes later or was lost
    (``pdftotext`` prints some labels after their numbers) become label-less records that
    the assembler places by position."""
    recs: list[tuple[int, FlatRecord]] = []
    for r in rows:
        if not r.toks:
            continue
        recs.append((r.start, _record(ft, r, name, out, fmt)))
        extra = r.toks[T3_WIDTH:] if len(r.toks) > T3_WIDTH and len(r.toks) % T3_WIDTH == 0 else []
        for k in range(0, len(extra), T3_WIDTH):
            chunk = extra[k:k + T3_WIDTH]
            cells = [Cell(t.text, ft.location(t.start, t.end, name)) for t in chunk]
            recs.append((chunk[0].start, FlatRecord(None, cells)))
    recs.sort(key=lambda x: x[0])
    return [rec for _, rec in recs]


def location_of(cell: Cell) -> Location | None:
    return cell.location
