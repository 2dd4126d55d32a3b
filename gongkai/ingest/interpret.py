"""Document → Report (报告解读): labels, values, sections, body/year/format detection.

Works on the :class:`~gongkai.ingest.document.Document` form for every format. The tables are
read as one stream of cells (row ends kept when the source knows them), so a table broken by a
page break, or split by a reader into several ``Table`` objects, is read as one. Row labels are
matched against the field catalogue (:mod:`gongkai.ingest.labels`); the cells that follow a
label are its values. Table 3 rows whose label was lost are placed by position when that is
unambiguous, otherwise reported in ``report.notes`` (``PARSE_ROW_MISSING``).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..model import Finding, Location, Paragraph, Report
from ..model import fields as F
from ..model import values as V
from .document import Cell, Document, ReadError, Table, TextBlock
from .labels import Label, Match, block_heading, classify, is_value, nfkc
from .sections import find_sections, section_heading

# --------------------------------------------------------------------------- format tell-tales

TELLTALES: dict[str, tuple[str, ...]] = {
    "2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
             "其他对外管理服务事项", "第二十条第(九)项", "政府集中采购", "采购项目数量", "采购总金额"),
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额",
             "逾期未按收费通知要求缴纳费用", "逾期不补正"),
}
PRE2019_MARKERS = ("指标名称", "计量单位", "同意公开", "同意部分公开", "收费及减免", "概述")
_UNIT = re.compile(r"\((?:单位[:：]?)?(万元|万|元|千元|亿元)\)")
T4_SIZE = len(F.T4_GROUP_IDS) * len(F.T4_COLUMN_IDS)
T3_WIDTH = len(F.T3_COLUMN_IDS)


# --------------------------------------------------------------------------- walking the cells

@dataclass
class _Pending:
    table: int
    row: str
    n: int
    label: Cell
    cols: tuple[str, ...] = ()
    units: dict[str, str | None] = field(default_factory=dict)
    cells: list[Cell] = field(default_factory=list)

    @property
    def full(self) -> bool:
        return len(self.cells) >= self.n


@dataclass
class _Record:
    row: str | None  # None: a row whose label was lost
    cells: list[Cell]
    label: Cell | None = None
    cols: tuple[str, ...] = ()
    units: dict[str, str | None] = field(default_factory=dict)


class _Walker:
    """State machine over the cell stream: which table, block, header and group we are in."""

    def __init__(self, fmt: str | None):
        self.fmt = fmt if fmt in F.TABLE_FORMATS else "2019"
        self.table: int | None = None
        self.header: list[tuple[str | None, str | None]] = []
        self.header_mode = False
        self.group: str | None = None
        self.t3_started = False
        self.pending: _Pending | None = None
        self.dangling: _Pending | None = None
        self.t2: list[_Record] = []
        self.t3: list[_Record] = []
        self.t4: list[Cell] = []
        self.t4_started = False
        self.orphan: list[Cell] = []
        self.row_is_header = False
        self.known = True

    # ------------------------------------------------------------------ paragraphs
    def paragraph(self, b: TextBlock) -> None:
        """A paragraph between tables: a section heading sets the table context; a line
        holding a label and its numbers (tables flattened by a text extractor) is a row."""
        h = section_heading(b.text)
        if h:
            self._flush()
            self.dangling = None
            self.table = {2: 2, 3: 3, 4: 4}.get(h[0])
            self.header, self.header_mode, self.group = [], False, None
            return
        if self.table is None:
            return
        tokens = b.text.split()
        k = 0
        while k < len(tokens) and not is_value(tokens[k]):
            k += 1
        vals = tokens[k:]
        if not vals or not all(is_value(t) for t in vals):
            return
        cells = [Cell(t, b.location) for t in vals]
        if k == 0:
            if self.table == 4 and not self.t4 and len(vals) == T4_SIZE:
                self.segment(cells, True)
            return
        label = "".join(tokens[:k])
        m = classify(label)
        if m and any(lab.kind in ("t2row", "t3row") for lab in m.labels) and len(vals) <= T3_WIDTH + 1:
            self.segment([Cell(label, b.location)] + cells, True)

    # ------------------------------------------------------------------ per segment
    def segment(self, cells: list[Cell], known: bool) -> None:
        cells = _split_merged(cells)
        matches = [None if is_value(c.text) else classify(c.text) for c in cells]
        self.row_is_header = False
        self.known = known
        if known:
            resolved = [self._resolve(m, cells, i, known) if m else None for i, m in enumerate(matches)]
            has_row_label = any(lab and lab.kind in ("t2row", "t3row", "t3group") for lab in resolved)
            has_block = any(block_heading(c.text) for c in cells)
            has_t4_head = any(lab and lab.kind == "t4head" for lab in resolved)
            self.row_is_header = has_t4_head
            if not has_row_label and not has_block and not has_t4_head:
                if self._unlabelled_row(cells, matches, resolved):
                    return
        for i, cell in enumerate(cells):
            n = block_heading(cell.text)
            if n is not None:
                self._flush()
                self.table, self.header, self.header_mode = 2, [], False
                continue
            m = matches[i]
            lab = self._resolve(m, cells, i, known) if m else None
            if lab is None:
                if m is None and is_value(cell.text):
                    self._value(cell, known, cells)
                else:
                    self._text(cell)
            else:
                self._label(lab, m, cell, known)
        if known:
            self._end_row()

    def _unlabelled_row(self, cells, matches, resolved) -> bool:
        """A known row without any label: values of a dangling label, or of a lost-label row."""
        vals = [c for c, m in zip(cells, matches) if m is None and is_value(c.text)]
        texts = [c for c, m, r in zip(cells, matches, resolved) if not is_value(c.text) and r is None]
        if self.header_mode and texts:
            return False
        if self.dangling is not None and vals and any(c.text.strip() for c in vals):
            p = self.dangling
            self.dangling = None
            lead = [c for c in cells]
            while len(lead) > p.n and not lead[0].text.strip():
                lead.pop(0)
            p.cells = [c for c in lead if not (not is_value(c.text) and classify(c.text))][: p.n]
            self.pending = p
            self._flush()
            return True
        if self.table == 3 and self.t3_started and len(vals) >= T3_WIDTH and any(c.text.strip() for c in vals):
            while len(vals) > T3_WIDTH and not vals[0].text.strip():
                vals.pop(0)
            self.dangling = None
            self.t3.append(_Record(None, vals[:T3_WIDTH]))
            return True
        return False

    # ------------------------------------------------------------------ label resolution
    def _resolve(self, m: Match | None, cells: list[Cell], i: int, known: bool) -> Label | None:
        if m is None:
            return None
        labels = m.labels
        nxt = _next_text(cells, i)
        next_is_number = nxt is not None and nxt.strip() != "" and is_value(nxt)
        kinds = m.kinds
        by_kind = m.by_kind
        # 总计: row （七）总计, or a column header of Table 3 / Table 4
        if "t3row" in kinds and by_kind["t3row"].key == "total":
            if m.prefix is not None and m.prefix != "num":
                return by_kind["t3row"]
            if self.table == 4:
                return by_kind.get("t4head")
            if self.table == 3 and self.t3_started and next_is_number:
                return by_kind["t3row"]
            return by_kind.get("t4head") if self.table == 4 else by_kind.get("t3col")
        # 其他: row （六）3.其他, or the column 其他 (法人或其他组织)
        if "t3row" in kinds and by_kind["t3row"].key == "other.other":
            if self.t3_started and ((m.prefix == "num" and (self.group == "other" or next_is_number))
                                    or (self.group == "other" and next_is_number)):
                return by_kind["t3row"]
            return by_kind.get("t3col") if self.table == 3 else None
        if "t3group" in kinds and by_kind["t3group"].key == "other":
            return by_kind["t3group"]
        if kinds == {"t2row"} and self.table != 2:
            return None  # 行政许可… outside Table 2 (a table in the narrative) is not a Table 2 row
        if kinds == {"t4head"} and self.table not in (3, 4):
            nm = classify(nxt) if nxt else None
            if not (nm and any(lab.kind == "t4head" for lab in nm.labels)):
                return None
        if len(labels) == 1:
            return labels[0]
        prefer = {2: ("t2row", "t2col", "t2info"), 3: ("t3row", "t3group", "t3col", "t3head"),
                  4: ("t4head",)}.get(self.table or 0, ())
        for k in prefer:
            if k in by_kind:
                return by_kind[k]
        for k in ("t2row", "t3row", "t3group", "t2col", "t2info", "t3col", "t3head", "t4head"):
            if k in by_kind:
                return by_kind[k]
        return labels[0]

    # ------------------------------------------------------------------ events
    def _label(self, lab: Label, m: Match, cell: Cell, known: bool) -> None:
        self.orphan = []
        kind = lab.kind
        if kind == "t2info":
            self._flush()
            self.table, self.header, self.header_mode = 2, [], True
        elif kind == "t2col":
            if self.pending and self.pending.table == 2 and not self.pending.full:
                self._text(cell)
                return
            self._flush()
            if self.table != 2 or not self.header_mode:
                self.header = []
            self.table, self.header_mode = 2, True
            u = _UNIT.search(nfkc(cell.text))
            self.header.append((lab.key, u.group(1) if u else None))
        elif kind == "t2row":
            self._flush()
            self.table, self.header_mode = 2, False
            cols, units = self._t2_columns(lab.key)
            self.pending = _Pending(2, lab.key, len(cols), cell, cols, units)
        elif kind in ("t3head", "t3col"):
            self._flush()
            if self.table != 3:
                self.table, self.group = 3, None
            self.header_mode = False
        elif kind == "t3group":
            self._flush()
            self.table, self.group, self.header_mode = 3, lab.key, False
            if lab.key == "other":
                # （六）其他处理: a group in 2021, a row in 2019 (and in some 2021 reports)
                self.t3_started = True
                self.pending = _Pending(3, "other", T3_WIDTH, cell)
        elif kind == "t3row":
            self._flush()
            self.table, self.header_mode = 3, False
            self.t3_started = True
            if lab.group:
                self.group = lab.group
            elif lab.key in ("new", "carried_over", "carry_forward"):
                self.group = None
            else:
                self.group = "results"
            self.pending = _Pending(3, lab.key, T3_WIDTH, cell)
        elif kind == "t4head":
            self._flush()
            self.table, self.header_mode = 4, False
            self.t4_started = True
            if not known and len(self.t4) < T4_SIZE:
                self.t4 = []

    def _value(self, cell: Cell, known: bool, row: list[Cell]) -> None:
        p = self.pending
        if p is not None and (known or not p.full):
            p.cells.append(cell)
            if p.full and not known:
                self._flush()
            return
        if self.table == 4 and len(self.t4) < T4_SIZE:
            if known and self.row_is_header:
                return  # empty cells of a header row
            if known and not cell.text.strip() and not self.t4 and len(row) > T4_SIZE:
                return  # leading empty cells of an over-long row
            self.t4.append(cell)
            return
        if self.table == 3 and not known and self.t3_started:
            self.orphan.append(cell)
            if len(self.orphan) == T3_WIDTH:
                if any(c.text.strip() for c in self.orphan):
                    self.t3.append(_Record(None, self.orphan))
                self.orphan = []

    def _text(self, cell: Cell) -> None:
        """A cell that is neither a value nor a known label."""
        p = self.pending
        if self.header_mode and self.table == 2 and p is None:
            self.header.append((None, None))
            return
        if p is not None and (self.known or not p.full) and len(nfkc(cell.text)) <= 20:
            p.cells.append(cell)  # text where a number should be: kept for the rules

    def _end_row(self) -> None:
        p = self.pending
        if p is not None and not p.cells:
            self.pending = None
            self.dangling = p
            return
        self._flush()
        self.dangling = None
        if self.table == 2 and self.header_mode and self.header:
            self.header_mode = False

    def _flush(self) -> None:
        p, self.pending = self.pending, None
        if p is None or not p.cells:
            return
        p.cells = _fit(p.cells, p.n, p.table == 3)
        if p.table == 2:
            self.t2.append(_Record(p.row, p.cells[: p.n], p.label, p.cols, p.units))
        else:
            self.t3.append(_Record(p.row, p.cells[: p.n], p.label))

    def finish(self) -> None:
        self._flush()

    # ------------------------------------------------------------------ Table 2 columns
    def _t2_columns(self, row: str) -> tuple[tuple[str, ...], dict[str, str | None]]:
        default = _t2_default_columns(self.fmt, row)
        cols = tuple(c for c, _ in self.header)
        units = {c: u for c, u in self.header if c}
        legal = {c for f in F.TABLE_FORMATS for c in _t2_default_columns(f, row, strict=True)}
        if cols and all(cols) and len(set(cols)) == len(cols) and set(cols) <= legal:
            return cols, units
        return default, units


_INNER_SPACE = re.compile(r"\S\s+\S")


def _split_merged(cells: list[Cell]) -> list[Cell]:
    """Cells a text extractor merged: ``规章 0 0 3`` → label and three values; ``1 0 0 0 1`` → values."""
    if not any(_INNER_SPACE.search(c.text) for c in cells):
        return cells
    out: list[Cell] = []
    for c in cells:
        toks = c.text.split()
        if len(toks) >= 2:
            k = 0
            while k < len(toks) and not is_value(toks[k]):
                k += 1
            vals = toks[k:]
            if vals and all(is_value(t) for t in vals):
                if k == 0 and len(vals) >= 3:
                    out += [Cell(t, c.location) for t in vals]
                    continue
                if k >= 1:
                    label = "".join(toks[:k])
                    m = classify(label)
                    if m and any(lab.kind in ("t2row", "t3row") for lab in m.labels):
                        out += [Cell(label, c.location)] + [Cell(t, c.location) for t in vals]
                        continue
        out.append(c)
    return out


def _number(cell: Cell) -> float | None:
    v = V.interpret("t3.new.natural", cell.text)
    return v.value if v.kind == "number" else (0 if v.kind == "blank" else None)


def _fit(cells: list[Cell], n: int, row_sum: bool) -> list[Cell]:
    """A row with more cells than columns: blank cells left by a merged label cell are dropped
    (leading ones first); for Table 3 the alignment where 总计 equals the sum of the applicant
    columns wins when both ends are blank."""
    if len(cells) <= n:
        return cells
    if row_sum and not cells[0].text.strip() and not cells[-1].text.strip():
        for k in range(len(cells) - n + 1):
            nums = [_number(c) for c in cells[k:k + n]]
            if None not in nums and any(nums) and abs(sum(nums[:-1]) - nums[-1]) < 1e-6 and cells[k + n - 1].text.strip():
                return cells[k:k + n]
    cells = list(cells)
    while len(cells) > n and not cells[0].text.strip():
        cells.pop(0)
    return cells


def _next_text(cells: list[Cell], i: int) -> str | None:
    return cells[i + 1].text if i + 1 < len(cells) else None


def _t2_default_columns(fmt: str, row: str, strict: bool = False) -> tuple[str, ...]:
    """The columns of a Table 2 row in a format (in the other format when the row is not in it)."""
    for f in ((fmt,) if strict else (fmt, "2021" if fmt == "2019" else "2019")):
        for block in F.T2_BLOCKS[f]:
            for r in block.rows:
                if r.id == row:
                    return r.columns
    return ()


# --------------------------------------------------------------------------- format

def _segments(doc: Document) -> list[tuple[list[Cell], bool] | TextBlock]:
    """The cell stream: table rows (known) or whole tables (row ends unknown), and the
    paragraphs between them (section headings switch the table context)."""
    out: list = []
    for b in doc.blocks:
        if isinstance(b, TextBlock):
            out.append(b)
        elif b.rows_known:
            out += [(row, True) for row in b.rows]
        else:
            out.append(([c for c in b.cells()], False))
    return out


@lru_cache(maxsize=8192)
def _telltales(n: str) -> tuple[tuple[str, str], ...]:
    return tuple((fmt, w) for fmt, words in TELLTALES.items() for w in words if w in n)


def detect_format(doc: Document) -> tuple[str | None, list[str], dict[str, int], Location | None]:
    """The table format from tell-tale labels: (format, labels of the other format, counts,
    where the first tell-tale was seen). Format None when the tables show no national table."""
    counts = {"2019": 0, "2021": 0}
    seen: dict[str, list[str]] = {"2019": [], "2021": []}
    first: dict[str, Location | None] = {}
    rows: set[str] = set()
    columns: set[str] = set()
    old_style = False
    for t in doc.tables:
        for c in t.cells():
            n = nfkc(c.text)
            if not n or is_value(n):
                continue
            for fmt, w in _telltales(n):
                counts[fmt] += 1
                if w not in seen[fmt]:
                    seen[fmt].append(w)
                first.setdefault(fmt, c.location or t.location)
            if not old_style and any(w in n for w in PRE2019_MARKERS[:4]):
                old_style = True
            m = classify(n)
            if m and m.score >= 95:
                rows.update(lab.key for lab in m.labels if lab.kind in ("t2row", "t3row"))
                columns.update(lab.key for lab in m.labels if lab.kind == "t3col")
    matrix = {"natural", "commercial", "research"} <= columns
    if counts["2021"] > counts["2019"]:
        fmt = "2021"
    elif counts["2019"] > 0:
        fmt = "2019"
    elif not old_style and (len(rows) >= 5 or (matrix and len(rows) >= 2)):
        fmt = ""  # national tables without tell-tales: decided from the year
    else:
        fmt = None
    other = {"2019": "2021", "2021": "2019"}.get(fmt or "")
    mixed = seen[other] if other else []
    return fmt, mixed, counts, first.get(fmt or "")


# --------------------------------------------------------------------------- metadata

_REPORT_NAME = re.compile(r"(?:关于)?(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:情况)?(?:的)?(?:年度)?(?:报告|年报)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_CN_YEAR = re.compile(r"[〇○零一二三四五六七八九]{4}\s*年度?")
_VERB = re.compile(r"^(?:特此|特|现将|现予|现|兹|本机关|我局|我委|我办|我厅|我市|我区|我县)?"
                   r"(?:发布|公布|印发|编制|形成|制定|报送|发表|向社会公布|公开)(?:了|的|如下)?")
_IN_PARAGRAPH = re.compile(
    r"([\u4e00-\u9fff（）()]{2,40}?)((?:19|20)\d{2})\s*年度?(?:政府)?(?:信息公开|政务公开)工作(?:年度)?(?:报告|年报)")


def agency_from_title(title: str) -> str | None:
    """``2019年上海市人民政府办公厅政府信息公开工作年度报告`` → ``上海市人民政府办公厅``."""
    s = re.sub(r"\s+", "", title)
    s = re.sub(r"(?:19|20)\d{2}年度?", "", s)
    s = _CN_YEAR.sub("", s)
    s = re.sub(r"[（(]\s*[)）]", "", s)
    s = re.sub(r"[（(](?:全文|摘要|公开版|修订版?)[)）]$", "", s)
    s = _REPORT_NAME.sub("", s, count=0) if _REPORT_NAME.search(s) else s
    s = s.strip(" 　:：,，、.。-—《》")
    if s.endswith("人民"):
        s += "政府"
    return s or None


_NOISE_WORDS = ("当前位置", "首页>", ">", "›", "»", "字号", "打印本页", "关闭窗口", "浏览次数", "索引号", "发布机构",
                "生成日期", "分享到", "点击数")
_TITLE_PREFIX = re.compile(r"^(?:标题|题名|名称|文件名称|信息名称)\s*[:：]\s*")
_SITE_SUFFIX = re.compile(r"^(.+?)\s*(?:[_|｜]|\s[-—–]\s)\s*\S.*$")
_TITLE_END = re.compile(r"(?:报告|年报)(?:[(（][^)）]*[)）])?$")


def _is_noise(text: str) -> bool:
    n = nfkc(text)
    return (n in ("正文", "全文", "附件") or n.startswith(("发布日期", "发布时间", "来源", "[image", "[bookmark"))
            or any(w in n for w in _NOISE_WORDS))


def _is_national_table(t: Table) -> bool:
    for c in t.cells():
        if block_heading(c.text):
            return True
        m = None if is_value(c.text) else classify(c.text)
        if m and m.score >= 95 and any(lab.kind in ("t2row", "t3row", "t2info", "t4head") for lab in m.labels):
            return True
    return False


def detect_title(blocks: list) -> tuple[str | None, list[TextBlock]]:
    """The report title: the first short lines (before the report tables and the first
    section heading) ending in 报告/年报; a title cell of a portal's metadata table also counts."""
    cands: list[TextBlock] = []
    original: dict[int, TextBlock] = {}  # cleaned candidate → the block it came from
    for b in blocks[:40]:
        if isinstance(b, Table):
            if _is_national_table(b):
                break
            for c in b.cells():
                t = _TITLE_PREFIX.sub("", c.text.strip())
                if 6 <= len(nfkc(t)) <= 60 and _TITLE_END.search(nfkc(t)) and ("信息公开" in t or "政务公开" in t):
                    cands.append(TextBlock(t, c.location))
            continue
        text = nfkc(b.text)
        if not text:
            continue
        if len(text) > 60 or section_heading(b.text):
            break
        src = b
        if _TITLE_PREFIX.match(b.text.strip()):
            b = TextBlock(_TITLE_PREFIX.sub("", b.text.strip()), b.location)
        site = _SITE_SUFFIX.match(b.text.strip())
        if site and _TITLE_END.search(nfkc(site.group(1))):
            b = TextBlock(site.group(1), b.location)  # 页面标题_网站名
        original[id(b)] = src
        cands.append(b)
        if len(cands) >= 8:
            break
    for k, b in enumerate(cands):
        n = nfkc(b.text)
        if _is_noise(b.text) or not _TITLE_END.search(n):
            continue
        start = k
        while start > 0 and k - start < 2:
            prev = nfkc(cands[start - 1].text)
            if _is_noise(cands[start - 1].text) or len(prev) > 30 or prev.endswith(("。", "：", ":")):
                break
            if _TITLE_END.search(prev):
                break
            start -= 1
        parts = cands[start:k + 1]
        title = "".join(p.text.strip() for p in parts)
        if "信息公开" not in title and "政务公开" not in title and "年度报告" not in title:
            continue
        return title, [original.get(id(p), p) for p in parts]
    return None, []


def detect_meta(doc: Document) -> tuple[str | None, list[TextBlock], str | None, int | None, dict[str, Location]]:
    """Title, its blocks, agency (机关名称), year (报告年度) and where they were found."""
    locs: dict[str, Location] = {}
    title, title_blocks = detect_title(doc.blocks)
    agency = year = None
    if title:
        agency = agency_from_title(title)
        loc = title_blocks[0].location
        if agency and loc:
            locs["meta.agency"] = loc
        m = _YEAR.search(nfkc(title))
        if m:
            year = int(m.group(1))
            if loc:
                locs["meta.year"] = loc
    first_paras = [b for b in doc.blocks[:12] if isinstance(b, TextBlock)][:6]
    if agency is None or year is None:
        for b in first_paras:
            text = re.sub(r"《[^》]*》", "", nfkc(b.text))
            m = _IN_PARAGRAPH.search(text)
            if not m:
                continue
            name = _VERB.sub("", m.group(1))
            name = re.sub(r"^(?:根据|按照|依据|现)", "", name)
            if agency is None and len(name) >= 2:
                agency = name
                if b.location:
                    locs["meta.agency"] = b.location
            if year is None:
                year = int(m.group(2))
                if b.location:
                    locs["meta.year"] = b.location
            break
    if year is None:
        year, loc = _year_from_text(doc)
        if year and loc:
            locs["meta.year"] = loc
    return title, title_blocks, agency, year, locs


def _year_from_text(doc: Document) -> tuple[int | None, Location | None]:
    paras = [b for b in doc.blocks if isinstance(b, TextBlock)]
    for b in paras[:40]:
        m = re.search(r"(?:统计期限|统计周期|统计时限|统计期间|统计时间)[^。]{0,12}?((?:19|20)\d{2})年1月1日", nfkc(b.text))
        if m:
            return int(m.group(1)), b.location
    counts: Counter[int] = Counter()
    where: dict[int, Location | None] = {}
    for b in paras[:20]:
        for y in _YEAR.findall(nfkc(b.text)):
            y = int(y)
            if 2000 <= y <= 2040:
                counts[y] += 1
                where.setdefault(y, b.location)
    if not counts:
        return None, None
    best = max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
    return best, where[best]


_DATE_LINE = re.compile(r"^(?:(?:19|20)\d{2}年\d{1,2}月\d{1,2}日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月"
                        r"[一二三四五六七八九十]{1,3}日)$")


def _closing_date(doc: Document) -> str | None:
    """成文日期: a line holding only a date among the last paragraphs (``2021年1月20日``)."""
    paras = [b for b in doc.blocks if isinstance(b, TextBlock)][-6:]
    for b in reversed(paras):
        t = re.sub(r"\s+", "", b.text)
        if _DATE_LINE.match(t):
            return t
    return None


# --------------------------------------------------------------------------- assembly

def _file(doc: Document) -> str:
    return Path(doc.path).name


def interpret(doc: Document) -> Report:
    """Turn a reader's :class:`Document` into a :class:`Report` (all formats).

    Raises ``ReadError(FILE_NOT_REPORT)`` when the document has neither report tables nor a
    report title nor the report's sections."""
    name = _file(doc)
    report = Report(source=doc.path)
    title, title_blocks, agency, year, locs = detect_meta(doc)
    report.title, report.agency, report.year = title, agency, year
    report.meta_locations.update(locs)

    fmt, mixed, counts, fmt_loc = detect_format(doc)
    national = fmt is not None
    if fmt == "":
        fmt = F.default_format(year) if year and year >= 2019 else "2019"
    walker = _Walker(fmt)
    if national:
        for seg in _segments(doc):
            if isinstance(seg, TextBlock):
                walker.paragraph(seg)
            else:
                walker.segment(*seg)
        walker.finish()
    has_tables = bool(walker.t2 or walker.t3 or walker.t4)

    if not national or not has_tables:
        text = "\n".join(b.text for b in doc.paragraphs)
        if (year is not None and year <= 2018) or any(w in text for w in PRE2019_MARKERS[:4]) \
                or (year is None and "概述" in text) or (doc.tables and not national and year is None):
            fmt = "pre2019"
        elif year is not None:
            fmt = F.default_format(year)
            report.notes.append(Finding(
                "PARSE_TABLES_MISSING", "warning",
                f"{name}：没有读到第二至第四部分的统计表格（主动公开、依申请公开、行政复议诉讼），表格数据全部缺失。",
                location=Location(file=name)))
        else:
            fmt = None
        has_tables = False
    report.format = fmt
    if fmt_loc:
        report.meta_locations["meta.format"] = fmt_loc
    if fmt in F.TABLE_FORMATS and has_tables:
        report.mixed_formats = list(mixed)
        _assemble(report, walker, fmt, name)

    report.sections = find_sections(doc.blocks)
    if hasattr(report, "date"):
        report.date = _closing_date(doc)
    skip = {id(b) for b in title_blocks}
    report.paragraphs = [Paragraph(b.text, b.location) for b in doc.blocks
                         if isinstance(b, TextBlock) and id(b) not in skip]
    if not has_tables and not title and len(report.sections) < 2:
        raise ReadError(doc.path, "FILE_NOT_REPORT",
                        f"文件“{name}”不像政府信息公开工作年度报告：没有找到报告标题、各部分标题或统计表格。")
    return report


def _assemble(report: Report, w: _Walker, fmt: str, name: str) -> None:
    # ---- Table 2
    for rec in w.t2:
        for col, cell in zip(rec.cols, rec.cells):
            fid = f"t2.{rec.row}.{col}"
            if fid in report.values:
                continue
            report.values[fid] = V.interpret(fid, cell.text, cell.location, rec.units.get(col))
    # ---- Table 3
    labelled = {r.row for r in w.t3 if r.row}
    single_other = fmt == "2021" and "other" in labelled and not any(
        r.startswith("other.") for r in labelled)
    report.single_other = single_other
    order = [r.id for r in F.T3_ROWS[fmt]]
    if single_other:
        order = [r for r in order if r not in F.T3_OTHER_ROWS_2021]
        order.insert(order.index("total"), "other")
    rows = _place_orphans(w.t3, order, report, name)
    for row, rec in rows:
        for col, cell in zip(F.T3_COLUMN_IDS, rec.cells):
            fid = f"t3.{row}.{col}"
            if fid not in report.values:
                report.values[fid] = V.interpret(fid, cell.text, cell.location)
    if w.t3 or w.t2:
        got = {r for r, _ in rows}
        for rid in order:
            if rid not in got and w.t3:
                label = F.field_label(f"t3.{rid}.natural").rsplit("·", 1)[0]
                report.notes.append(Finding(
                    "PARSE_ROW_MISSING", "warning",
                    f"{name}：表格三（收到和处理政府信息公开申请情况）中“{label}”一行未能读出，该行数据缺失。",
                    fields=[f"t3.{rid}.{c}" for c in F.T3_COLUMN_IDS]))
    # ---- Table 4
    if w.t4:
        ids = [f"t4.{g}.{c}" for g in F.T4_GROUP_IDS for c in F.T4_COLUMN_IDS]
        for fid, cell in zip(ids, w.t4):
            report.values[fid] = V.interpret(fid, cell.text, cell.location)
        if len(w.t4) < T4_SIZE:
            missing = ids[len(w.t4):]
            report.notes.append(Finding(
                "PARSE_ROW_MISSING", "warning",
                f"{name}：表格四（行政复议、行政诉讼情况）只读到{len(w.t4)}个数，应有{T4_SIZE}个，其余缺失。",
                fields=missing))
    elif w.t4_started or w.t3:
        report.notes.append(Finding(
            "PARSE_ROW_MISSING", "warning",
            f"{name}：未能读出表格四（行政复议、行政诉讼情况）的数据行。",
            fields=[f"t4.{g}.{c}" for g in F.T4_GROUP_IDS for c in F.T4_COLUMN_IDS]))
    # ---- Table 2 rows not printed
    if w.t2:
        got2 = {r.row for r in w.t2}
        for block in F.T2_BLOCKS[fmt]:
            for r in block.rows:
                if r.id not in got2:
                    report.notes.append(Finding(
                        "PARSE_ROW_MISSING", "notice",
                        f"{name}：表格二（主动公开政府信息情况）中没有找到“{r.label}”一行。",
                        fields=[f"t2.{r.id}.{c}" for c in r.columns]))


def _place_orphans(records: list[_Record], order: list[str], report: Report,
                   name: str) -> list[tuple[str, _Record]]:
    """Give rows whose label was lost the row id their position implies, when unambiguous."""
    out: list[tuple[str, _Record]] = []
    pos = {r: i for i, r in enumerate(order)}
    labelled_ids = {r.row for r in records if r.row}
    i = 0
    prev: str | None = None
    while i < len(records):
        rec = records[i]
        if rec.row is not None:
            out.append((rec.row, rec))
            prev = rec.row
            i += 1
            continue
        j = i
        while j < len(records) and records[j].row is None:
            j += 1
        run = records[i:j]
        nxt = records[j].row if j < len(records) else None
        lo = pos.get(prev, -1) if prev is not None else -1
        hi = pos.get(nxt, len(order)) if nxt is not None else len(order)
        if (prev is None or prev in pos) and (nxt is None or nxt in pos):
            missing = [r for r in order[lo + 1:hi] if r not in labelled_ids]
        else:
            missing = []
        if missing and len(missing) == len(run):
            for rid, r in zip(missing, run):
                out.append((rid, r))
                first = r.cells[0].location if r.cells else None
                report.notes.append(Finding(
                    "PARSE_ROW_RECOVERED", "notice",
                    f"{name}：表格三中有一行没有行名，按位置认定为“{F.field_label(f't3.{rid}.natural').rsplit('·', 1)[0]}”。",
                    fields=[f"t3.{rid}.{c}" for c in F.T3_COLUMN_IDS], location=first))
        else:
            first = run[0].cells[0].location if run[0].cells else None
            where = "、".join(f"“{F.field_label(f't3.{r}.natural').rsplit('·', 1)[0]}”" for r in missing) or "无"
            report.notes.append(Finding(
                "PARSE_ROW_MISSING", "warning",
                f"{name}：表格三中有{len(run)}行没有行名，按位置无法确定属于哪一行（可能的行：{where}），这些数据未读取。",
                fields=[f"t3.{r}.{c}" for r in missing for c in F.T3_COLUMN_IDS], location=first))
        i = j
    return out
