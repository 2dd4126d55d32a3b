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
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..model import Finding, Location, Paragraph, Report
from ..model import fields as F
from ..model import formats
from ..model import values as V
from .document import Cell, Document, ReadError, TextBlock
from .flat import flat_format, has_flat_tables, read_flat
from .flattext import flat_text
from .detect import PRE2019_MARKERS, agency_from_title, closing_date, detect_format, detect_meta  # noqa: F401
from .labels import Label, Match, block_heading, classify, is_value, nfkc
from .sections import find_sections, section_heading

_UNIT = re.compile(r"\((?:单位[:：]?)?(万元|万|元|千元|亿元)\)")
T4_SIZE = len(F.T4_GROUP_IDS) * len(F.T4_COLUMN_IDS)
T3_WIDTH = len(F.T3_COLUMN_IDS)
_ROW_KINDS = frozenset({"t2row", "t3row", "t3group"})


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
    pos: list[int | None] = field(default_factory=list)  # grid column of each cell (known rows)

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
        self.fmt = fmt if formats.has_tables(fmt) else formats.table_format_for(0).id
        self.table: int | None = None
        self.header: list[tuple[str | None, str | None, int | None]] = []  # (column, unit, grid column)
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
        self.row: list[Cell] = []  # the row being handled and the index of its current cell
        self.i = 0
        self._offsets: list[int] | None = None

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
        self.row, self._offsets = cells, None
        self.row_is_header = False
        self.known = known
        resolved: list[Label | None] | None = None
        state = None
        if known:
            # Labels are resolved against the table context, which the row's own labels may
            # change; the first resolution is reused while the context is unchanged.
            state = (self.table, self.group, self.t3_started)
            resolved = [self._resolve(m, cells, i, known) if m else None for i, m in enumerate(matches)]
            kinds = {lab.kind for lab in resolved if lab}
            has_t4_head = "t4head" in kinds
            self.row_is_header = has_t4_head
            if not has_t4_head and not (kinds & _ROW_KINDS) and not any(block_heading(c.text) for c in cells):
                if self._unlabelled_row(cells, matches, resolved):
                    return
        for i, cell in enumerate(cells):
            self.i = i
            n = block_heading(cell.text)
            if n is not None:
                self._flush()
                self.table, self.header, self.header_mode = 2, [], False
                continue
            m = matches[i]
            if m is None:
                lab = None
            elif resolved is not None and (self.table, self.group, self.t3_started) == state:
                lab = resolved[i]
            else:
                lab = self._resolve(m, cells, i, known)
            if lab is None:
                if m is None and is_value(cell.text):
                    self._value(cell, known, cells)
                else:
                    self._text(cell)
            else:
                self._label(lab, m, cell, known)
        if known:
            self._end_row()

    @property
    def col(self) -> int | None:
        """Grid column of the current cell of a known row (column spans counted); only Table 2
        needs it, so it is worked out on first use."""
        if not self.known:
            return None
        if self._offsets is None:
            self._offsets = _offsets(self.row)
        return self._offsets[self.i]

    def _unlabelled_row(self, cells, matches, resolved) -> bool:
        """A known row without any label: values of a dangling label, or of a lost-label row."""
        vals = [c for c, m in zip(cells, matches) if m is None and is_value(c.text)]
        texts = [c for c, m, r in zip(cells, matches, resolved) if not is_value(c.text) and r is None]
        if self.header_mode and texts:
            return False
        if self.dangling is not None and vals and any(c.text.strip() for c in vals):
            p = self.dangling
            self.dangling = None
            j = 0
            while j < len(cells) and not is_value(cells[j].text):
                j += 1  # the rest of a label broken over two lines
            p.cells = list(cells[j:])
            if p.table == 2:
                self._offsets = self._offsets or _offsets(cells)
                p.pos = self._offsets[j:]
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
            self.header.append((lab.key, u.group(1) if u else None, self.col))
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
            if p.table == 2:
                p.pos.append(self.col)
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
            self.header.append((None, None, self.col))
            return
        if p is not None and not p.cells and len(nfkc(cell.text)) >= 3:
            return  # the rest of a label broken over two cells
        if p is not None and (self.known or not p.full) and len(nfkc(cell.text)) <= 20:
            p.cells.append(cell)  # text where a number should be: kept for the rules
            if p.table == 2:
                p.pos.append(self.col)

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
        slots = None
        if p.table == 2 and len(self.header) == p.n:
            slots = [c for _, _, c in self.header]
        p.cells = _fit(p.cells, p.n, p.table == 3, p.pos, slots)
        if p.table == 2:
            self.t2.append(_Record(p.row, p.cells[: p.n], p.label, p.cols, p.units))
        else:
            self.t3.append(_Record(p.row, p.cells[: p.n], p.label))

    def finish(self) -> None:
        self._flush()

    # ------------------------------------------------------------------ Table 2 columns
    def _t2_columns(self, row: str) -> tuple[tuple[str, ...], dict[str, str | None]]:
        default = _t2_default_columns(self.fmt, row)
        cols = tuple(c for c, _, _ in self.header)
        units = {c: u for c, u, _ in self.header if c}
        legal = {c for f in formats.table_ids() for c in _t2_default_columns(f, row, strict=True)}
        if cols and all(cols) and len(set(cols)) == len(cols) and set(cols) <= legal:
            return cols, units
        return default, units


_INNER_SPACE = re.compile(r"\S\s+\S")


@lru_cache(maxsize=16384)
def _merged_parts(text: str) -> tuple[str, ...] | None:
    """The cells one extracted cell stands for (``规章 0 0 3`` → label and three values,
    ``1 0 0 0 1`` → values), None when it is one cell."""
    if not _INNER_SPACE.search(text):
        return None
    toks = text.split()
    k = 0
    while k < len(toks) and not is_value(toks[k]):
        k += 1
    vals = toks[k:]
    if not vals or not all(is_value(t) for t in vals):
        return None
    if k == 0:
        return tuple(vals) if len(vals) >= 3 else None
    label = "".join(toks[:k])
    m = classify(label)
    if m and any(lab.kind in ("t2row", "t3row") for lab in m.labels):
        return (label, *vals)
    return None


def _split_merged(cells: list[Cell]) -> list[Cell]:
    """Cells a text extractor merged: ``规章 0 0 3`` → label and three values; ``1 0 0 0 1`` → values."""
    out: list[Cell] | None = None
    for i, c in enumerate(cells):
        parts = _merged_parts(c.text)
        if parts is None:
            if out is not None:
                out.append(c)
            continue
        if out is None:
            out = cells[:i]
        out += [Cell(t, c.location) for t in parts]
    return cells if out is None else out


def _number(cell: Cell) -> float | None:
    v = V.interpret("t3.new.natural", cell.text)
    return v.value if v.kind == "number" else (0 if v.kind == "blank" else None)


def _offsets(cells: list[Cell]) -> list[int]:
    """The grid column where each cell of a printed row starts (column spans counted)."""
    out, col = [], 0
    for c in cells:
        out.append(col)
        col += max(c.colspan, 1)
    return out


def _fit(cells: list[Cell], n: int, row_sum: bool, pos: list[int | None] | None = None,
         slots: list[int | None] | None = None) -> list[Cell]:
    """A row with more cells than columns: blank cells are filler. When the block's header row
    shows which grid columns hold the values (``slots``) and the row's cells sit in those
    columns (``pos``), those cells are taken; otherwise blank cells left by a merged label
    cell are dropped (leading ones first); for Table 3 the alignment where 总计 equals the sum
    of the applicant columns wins when both ends are blank."""
    if len(cells) <= n:
        return cells
    if slots and pos and len(pos) == len(cells) and None not in slots and None not in pos:
        at = dict(zip(pos, cells))
        if all(s in at for s in slots) and all(not c.text.strip() for q, c in at.items() if q not in slots):
            return [at[s] for s in slots]
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
    this = formats.get(fmt)
    for f in (this,) if strict else (this,) + formats.others(this):
        if f.t2_columns(row):
            return f.t2_columns(row)
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


# --------------------------------------------------------------------------- assembly

def _file(doc: Document) -> str:
    return Path(doc.path).name


def interpret(doc: Document) -> Report:
    """Turn a reader's :class:`Document` into a :class:`Report` (all formats).

    Raises ``ReadError(FILE_NOT_REPORT)`` when the document has neither report tables nor a
    report title nor the report's sections."""
    name = _file(doc)
    if not any(b.text.strip() if isinstance(b, TextBlock) else any(c.text.strip() for c in b.cells())
               for b in doc.blocks):
        raise ReadError(doc.path, "FILE_EMPTY", f"文件“{name}”中没有可读取的文字内容。")
    report = Report(source=doc.path)
    title, title_blocks, agency, year, locs = detect_meta(doc)
    report.title, report.agency, report.year = title, agency, year
    report.meta_locations.update(locs)

    fmt, mixed, counts, fmt_loc = detect_format(doc)
    national = fmt is not None
    if fmt == "":
        fmt = formats.table_format_for(year or 0).id  # years before the tables: the first table format
    walker = _Walker(fmt)
    if national:
        for seg in _segments(doc):
            if isinstance(seg, TextBlock):
                walker.paragraph(seg)
            else:
                walker.segment(*seg)
        walker.finish()
    has_tables = bool(walker.t2 or walker.t3 or walker.t4)
    source = walker
    if not has_tables:
        flat = _read_flat(doc, year, name)
        if flat is not None:
            fmt, source = flat
            national = has_tables = True

    if not national or not has_tables:
        text = "\n".join(b.text for b in doc.paragraphs)
        # a report on 2019 or later is never pre2019 because its tables were not found
        if (year is not None and year <= 2018) or (year is None and (
                any(w in text for w in PRE2019_MARKERS[:4]) or "概述" in text or (doc.tables and not national))):
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
    if formats.has_tables(fmt) and has_tables:
        report.mixed_formats = list(mixed)
        _assemble(report, source, fmt, name)
        if source is not walker:
            for fid in source.unknown:
                report.values.pop(fid, None)
            report.notes += source.notes

    report.sections = find_sections(doc.blocks)
    if hasattr(report, "date"):
        report.date = closing_date(doc)
    skip = {id(b) for b in title_blocks}
    report.paragraphs = [Paragraph(b.text, b.location) for b in doc.blocks
                         if isinstance(b, TextBlock) and id(b) not in skip]
    if not has_tables and not title and len(report.sections) < 2:
        raise ReadError(doc.path, "FILE_NOT_REPORT",
                        f"文件“{name}”不像政府信息公开工作年度报告：没有找到报告标题、各部分标题或统计表格。")
    return report


def _read_flat(doc: Document, year: int | None, name: str):
    """Tables flattened into the paragraphs: (format, tables) or None."""
    paras = doc.paragraphs
    if not has_flat_tables(paras):
        return None
    ft = flat_text(paras)
    fmt, _ = flat_format(ft)
    if fmt is None:
        fmt = F.default_format(year) if year and year >= 2019 else None
    if fmt not in F.TABLE_FORMATS:
        return None
    tables = read_flat(paras, fmt, name, ft)
    return (fmt, tables) if tables.found else None


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
    f = formats.get(fmt)
    v = f.variant("single_other")
    single_other = v is not None and v.row.id in labelled and not any(r in f.collapsed(v.name) for r in labelled)
    report.single_other = single_other
    order = [r.id for r in f.rows3(single_other)]
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
                    f"{name}：第三部分“收到和处理政府信息公开申请情况”的表格中“{label}”一行未能读出，该行数据缺失。",
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
                f"{name}：第四部分“行政复议、行政诉讼情况”的表格只读到{len(w.t4)}个数，应有{T4_SIZE}个，其余缺失。",
                fields=missing))
    elif w.t4_started or w.t3:
        report.notes.append(Finding(
            "PARSE_ROW_MISSING", "warning",
            f"{name}：未能读出第四部分“行政复议、行政诉讼情况”表格的数据行。",
            fields=[f"t4.{g}.{c}" for g in F.T4_GROUP_IDS for c in F.T4_COLUMN_IDS]))
    # ---- Table 2 rows not printed
    if w.t2:
        got2 = {r.row for r in w.t2}
        for block in formats.get(fmt).t2_blocks:
            for r in block.rows:
                if r.id not in got2:
                    report.notes.append(Finding(
                        "PARSE_ROW_MISSING", "notice",
                        f"{name}：第二部分“主动公开政府信息情况”的表格中没有找到“{r.label}”一行。",
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
                    f"{name}：第三部分的表格中有一行没有行名，按位置认定为“{F.field_label(f't3.{rid}.natural').rsplit('·', 1)[0]}”。",
                    fields=[f"t3.{rid}.{c}" for c in F.T3_COLUMN_IDS], location=first))
        else:
            first = run[0].cells[0].location if run[0].cells else None
            where = "、".join(f"“{F.field_label(f't3.{r}.natural').rsplit('·', 1)[0]}”" for r in missing) or "无"
            report.notes.append(Finding(
                "PARSE_ROW_MISSING", "warning",
                f"{name}：第三部分的表格中有{len(run)}行没有行名，按位置无法确定属于哪一行（可能的行：{where}），这些数据未读取。",
                fields=[f"t3.{r}.{c}" for r in missing for c in F.T3_COLUMN_IDS], location=first))
        i = j
    return out
