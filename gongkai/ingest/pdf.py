"""PDF reader (PDF 文件读取): a PDF with a text layer → :class:`~gongkai.ingest.document.Document`.

Ruled tables (表格有框线) are found with PyMuPDF's ``find_tables`` on the stroked lines of the
page; merged cells keep their ``rowspan``/``colspan`` and a blank cell stays a blank cell.
Tables printed without rules (无框线表格) are rebuilt from the alignment of the text. A table
that runs over a page break is returned as two tables in a row (the interpreter joins them);
page numbers (``— 3 —``) and running headers/footers are dropped so they cannot split a table
or a paragraph. Narrative text becomes paragraphs: the line breaks of the layout are joined
(Chinese has no spaces between lines), and a paragraph cut by a page break is joined again.

Unreadable files raise :class:`~gongkai.ingest.document.ReadError` with a stable code:
FILE_MISSING, FILE_EMPTY, FILE_TYPE, FILE_TRUNCATED, FILE_CORRUPT, FILE_ENCRYPTED, FILE_SCANNED.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

import pymupdf

from ..model import Location
from .document import Cell, Document, ReadError, Table, TextBlock

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)
if hasattr(pymupdf, "no_recommend_layout"):
    pymupdf.no_recommend_layout()

_CJK = r"\u2e80-\u9fff\u3000-\u303f\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0]+|[ \t\u00a0]+(?=[{_CJK}])")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－―‒_]{0,2}\s*\d{1,4}\s*[-—–－―‒_]{0,2}"
    r"|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d+(?:\s*of\s*\d+)?)\s*$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])")
_VALUE = re.compile(
    r"^[+\-＋－]?[\d０-９][\d０-９,，.．]*\s*(?:万元|万|元|千元|亿元|件|个|项|%)?$"
    r"|^[/／—\-－–―\\]{1,2}$"
)


# ---------------------------------------------------------------- file checks


def _fail(path: Path, code: str, reason: str) -> ReadError:
    return ReadError(str(path), code, reason)


def _open(path: Path) -> pymupdf.Document:
    name = path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _fail(path, "FILE_MISSING", f"找不到文件 {name}。") from None
    except OSError as exc:
        raise _fail(path, "FILE_CORRUPT", f"无法读取文件 {name}：{exc.strerror or exc}。") from None
    if not data.strip():
        raise _fail(path, "FILE_EMPTY", f"文件 {name} 是空文件，没有任何内容。")
    if b"%PDF-" not in data[:1024]:
        raise _fail(path, "FILE_TYPE", f"文件 {name} 不是 PDF 文件（文件开头没有 PDF 标记），请确认文件类型。")
    truncated = b"%%EOF" not in data[-2048:]
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception:  # noqa: BLE001 - MuPDF raises plain RuntimeErrors
        if truncated:
            raise _fail(path, "FILE_TRUNCATED", _truncated_reason(name)) from None
        raise _fail(path, "FILE_CORRUPT", f"文件 {name} 已损坏，无法作为 PDF 打开。") from None
    if doc.needs_pass:
        doc.close()
        raise _fail(path, "FILE_ENCRYPTED",
                    f"文件 {name} 是加密的 PDF，需要密码才能打开。请索取未加密的文件或先解除密码。")
    if truncated:
        doc.close()
        raise _fail(path, "FILE_TRUNCATED", _truncated_reason(name))
    if doc.page_count == 0:
        doc.close()
        raise _fail(path, "FILE_CORRUPT", f"文件 {name} 已损坏：PDF 中没有任何页面。")
    return doc


def _truncated_reason(name: str) -> str:
    return f"文件 {name} 不完整：PDF 在中途被截断（缺少文件结尾标记），可能没有下载完，请重新获取完整文件。"


# ---------------------------------------------------------------- text lines


@dataclass
class _Seg:
    """A run of text on one visual line, separated from its neighbours by a wide gap."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    size: float

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def is_value(self) -> bool:
        return bool(_VALUE.match(self.text.strip()))


@dataclass
class _Line:
    segs: list[_Seg] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.segs[0].x0

    @property
    def x1(self) -> float:
        return self.segs[-1].x1

    @property
    def y0(self) -> float:
        return min(s.y0 for s in self.segs)

    @property
    def y1(self) -> float:
        return max(s.y1 for s in self.segs)

    @property
    def size(self) -> float:
        return max(s.size for s in self.segs)

    @property
    def text(self) -> str:
        return _tidy(" ".join(s.text for s in self.segs))


def _tidy(text: str) -> str:
    """Drop the spaces a PDF puts between Chinese and Latin runs (``2024 年`` → ``2024年``)."""
    return _SPACE_NEAR_CJK.sub("", text).strip()


def _join(a: str, b: str) -> str:
    """Join two layout lines of one paragraph or cell: no separator next to Chinese."""
    if not a:
        return b
    if not b:
        return a
    if _CJK_CHAR.match(a[-1]) or _CJK_CHAR.match(b[0]):
        return a + b
    if a[-1] == "-" and a[-2:-1].isalpha():
        return a[:-1] + b
    return a + " " + b


def _page_lines(page: pymupdf.Page, tables: list[tuple[float, float, float, float]]) -> list[_Line]:
    """Visual lines outside the ruled tables, top to bottom, each split into segments where
    the gap between two characters is wide (the columns of a table printed without rules)."""
    spans: list[tuple[float, float, float, float, float, list]] = []  # y0, y1, x0, x1, size, chars
    info = page.get_text("rawdict", flags=pymupdf.TEXT_MEDIABOX_CLIP)
    for block in info["blocks"]:
        if block.get("type") != 0:
            continue
        for line in block["lines"]:
            for span in line["spans"]:
                chars = [(c["bbox"][0], c["bbox"][2], c["c"]) for c in span["chars"]]
                if not chars or all(ch[2].isspace() for ch in chars):
                    continue
                x0, y0, x1, y1 = span["bbox"]
                cy = (y0 + y1) / 2
                if tables and any(t[1] - 1 <= cy <= t[3] + 1 and t[0] - 1 <= (x0 + x1) / 2 <= t[2] + 1
                                  for t in tables):
                    continue
                spans.append((y0, y1, x0, x1, span["size"], chars))
    spans.sort(key=lambda s: (s[0] + s[1]) / 2)
    groups: list[list[tuple]] = []
    gy0 = gy1 = 0.0
    for s in spans:
        if groups:
            overlap = min(gy1, s[1]) - max(gy0, s[0])
            if overlap > 0.5 * min(gy1 - gy0, s[1] - s[0]):
                groups[-1].append(s)
                gy0, gy1 = min(gy0, s[0]), max(gy1, s[1])
                continue
        groups.append([s])
        gy0, gy1 = s[0], s[1]
    lines: list[_Line] = []
    for g in groups:
        chars = sorted(((c[0], c[1], c[2], s[4], s[0], s[1]) for s in g for c in s[5]), key=lambda c: c[0])
        line = _Line()
        cur: list = []
        last_x1 = None
        for x0, x1, ch, size, y0, y1 in chars:
            if ch.isspace():
                continue
            if cur and x0 - last_x1 > 0.6 * size:
                line.segs.append(_make_seg(cur))
                cur = []
            last_x1 = max(last_x1, x1) if cur else x1
            cur.append((x0, x1, ch, size, y0, y1))
        if cur:
            line.segs.append(_make_seg(cur))
        if line.segs:
            lines.append(line)
    return lines


def _make_seg(chars: list) -> _Seg:
    text = ""
    prev_x1 = None
    for x0, x1, ch, size, _, _ in chars:
        if prev_x1 is not None and x0 - prev_x1 > 0.2 * size and text and \
                not (_CJK_CHAR.match(text[-1]) or _CJK_CHAR.match(ch)):
            text += " "
        text += ch
        prev_x1 = x1
    return _Seg(chars[0][0], min(c[4] for c in chars), max(c[1] for c in chars), max(c[5] for c in chars),
                text, max(c[3] for c in chars))


def _furniture(pages: list[list[_Line]], heights: list[float]) -> set[tuple[int, int]]:
    """(page, line) indexes of page numbers and running headers/footers (页码、页眉页脚)."""
    drop: set[tuple[int, int]] = set()
    seen: dict[str, list[tuple[int, int]]] = {}
    for p, lines in enumerate(pages):
        h = heights[p]
        for i, line in enumerate(lines):
            in_margin = line.y1 < 0.1 * h or line.y0 > 0.88 * h
            if not in_margin:
                continue
            text = line.text
            if _PAGE_NUMBER.match(text):
                drop.add((p, i))
            else:
                key = re.sub(r"\d+", "#", text)
                seen.setdefault(key, []).append((p, i))
    if len(pages) > 2:
        for where in seen.values():
            if len({p for p, _ in where}) >= max(2, len(pages) // 2):
                drop.update(where)
    return drop


# ---------------------------------------------------------------- ruled tables


def _ruled_tables(page: pymupdf.Page) -> list:
    """Tables drawn with rules. Only stroked lines (and thin filled bars) count as rules:
    white or shaded background boxes behind text would otherwise turn paragraphs into tables."""
    paths = []
    for p in page.get_drawings():
        r = p["rect"]
        thin = r.width <= 3 or r.height <= 3
        if p["type"] == "f" and not thin:
            continue
        if p["type"] == "f" and _is_white(p.get("fill")):
            continue
        if "s" in p["type"] and _is_white(p.get("color")) and not (p.get("fill") and not _is_white(p["fill"])):
            continue
        paths.append(p)
    if len(paths) < 2:
        return []
    found = page.find_tables(strategy="lines_strict", paths=paths)
    return [t for t in found.tables if t.row_count >= 2 or t.col_count >= 2]


def _is_white(color) -> bool:
    return bool(color) and all(c > 0.95 for c in color)


def _cell_text(text: str | None) -> str:
    if not text:
        return ""
    out = ""
    for part in text.split("\n"):
        out = _join(out, _tidy(part))
    return out


def _table_from_ruled(t, path: str, page_no: int) -> Table:
    rows = t.rows
    texts = t.extract()
    ncols = t.col_count
    col_left = [min((r.cells[c][0] for r in rows if r.cells[c] is not None), default=None) for c in range(ncols)]
    row_top = [min((b[1] for b in r.cells if b is not None), default=None) for r in rows]
    out: list[list[Cell]] = []
    for ri, row in enumerate(rows):
        cells: list[Cell] = []
        for ci, bbox in enumerate(row.cells):
            if bbox is None:
                continue
            colspan = 1
            while ci + colspan < ncols and row.cells[ci + colspan] is None and \
                    col_left[ci + colspan] is not None and col_left[ci + colspan] < bbox[2] - 1:
                colspan += 1
            rowspan = 1
            while ri + rowspan < len(rows) and rows[ri + rowspan].cells[ci] is None and \
                    row_top[ri + rowspan] is not None and row_top[ri + rowspan] < bbox[3] - 1:
                rowspan += 1
            cells.append(Cell(_cell_text(texts[ri][ci]), Location(file=path, page=page_no, row=ri, col=ci),
                              rowspan=rowspan, colspan=colspan))
        out.append(cells)
    return Table(out, Location(file=path, page=page_no))


# ---------------------------------------------------------------- unruled tables


def _is_tabular(line: _Line) -> bool:
    return len(line.segs) >= 2


def _unruled_regions(lines: list[_Line], body: float) -> list[tuple[int, int]]:
    """Runs of lines that form a table printed without rules: at least two lines with
    wide gaps between their pieces and some numbers, plus short small-print lines between them."""
    regions = []
    i, n = 0, len(lines)
    while i < n:
        if not _is_tabular(lines[i]):
            i += 1
            continue
        j = i + 1
        last_tab = i
        while j < n:
            ln, prev = lines[j], lines[j - 1]
            if ln.y0 - prev.y1 > 3 * max(ln.size, prev.size):
                break
            if _is_tabular(ln):
                last_tab = j
            elif ln.size > body - 1 or j - last_tab > 3:
                break
            j += 1
        start = i
        while start > 0 and not _is_tabular(lines[start - 1]) and lines[start - 1].size <= body - 1 and \
                lines[start].y0 - lines[start - 1].y1 < 2 * lines[start].size and start > (regions[-1][1] if regions else 0):
            start -= 1
        end = last_tab + 1
        # small-print lines just below the last row (wrapped labels) belong to the table
        while end < n and not _is_tabular(lines[end]) and lines[end].size <= body - 1 and \
                lines[end].y0 - lines[end - 1].y1 < 2.5 * lines[end].size:
            end += 1
        tab = [ln for ln in lines[start:end] if _is_tabular(ln)]
        values = sum(1 for ln in tab for s in ln.segs if s.is_value)
        if len(tab) >= 2 and values >= 2:
            regions.append((start, end))
            i = end
        else:
            i = last_tab + 1
    return regions


def _table_from_unruled(lines: list[_Line], path: str, page_no: int,
                        inherited: list[float] | None = None) -> tuple[Table, list[float]]:
    """Rebuild a grid from aligned text: value columns come from the header lines above each
    group of rows; a column with nothing printed in a row gives a blank cell."""
    values = [s for ln in lines for s in ln.segs if s.is_value]
    size = median(s.size for ln in lines for s in ln.segs)
    x_split = _label_zone(lines, values, size)  # left of it: row labels
    anchors = _value_columns(values, size, inherited)
    header_run: list[_Line] = []
    rows: list[list[Cell]] = []
    label_x: list[list[float]] = []  # x0 of each label cell, per row
    header_cells: list[tuple[Cell, float, float]] = []  # the last row if it is a header row
    prev_has_values = False
    prev_y1 = None
    for ln in lines:
        vsegs = [s for s in ln.segs if s.xc >= x_split]
        lsegs = [s for s in ln.segs if s.xc < x_split]
        if not vsegs and prev_has_values and ln.y0 - prev_y1 < 0.5 * ln.size and label_x[-1] and \
                not _NUMBERED.match(lsegs[0].text):
            # wrapped row labels: each piece goes on the label cell above it
            for s in lsegs:
                cell = _label_above(rows, label_x, s, size)
                if cell is not None:
                    cell.text = _join(cell.text, s.text)
            prev_y1 = ln.y1
            continue
        is_header = bool(vsegs) and not any(s.is_value for s in vsegs)
        if is_header:
            header_run.append(ln)
            anchors = _anchors_from_headers(header_run, size, x_split)
            if header_cells and ln.y0 - prev_y1 < 0.5 * ln.size:
                # header labels broken over lines (商业\n企业): join each piece to the cell above
                above = [next((h for h in header_cells if h[1] - 0.3 * size <= s.xc <= h[2] + 0.3 * size), None)
                         for s in ln.segs]
                if all(above):
                    for s, h in zip(ln.segs, above):
                        h[0].text = _join(h[0].text, s.text)
                    prev_y1 = ln.y1
                    continue
        else:
            header_run = []
        ri = len(rows)
        texts = [s.text for s in lsegs]
        if vsegs and (is_header or not anchors):
            texts += [s.text for s in vsegs]
        elif vsegs:
            slots: list[list[str]] = [[] for _ in anchors]
            for s in vsegs:
                slots[min(range(len(anchors)), key=lambda a: abs(anchors[a] - s.xc))].append(s.text)
            texts += [_tidy(" ".join(slot)) for slot in slots]
        rows.append([Cell(t, Location(file=path, page=page_no, row=ri, col=ci)) for ci, t in enumerate(texts)])
        label_x.append([s.x0 for s in lsegs])
        header_cells = [(c, s.x0, s.x1) for c, s in zip(rows[-1], ln.segs)] if is_header else []
        prev_has_values = bool(vsegs) and not is_header
        prev_y1 = ln.y1
    return Table(rows, Location(file=path, page=page_no)), anchors


def _label_zone(lines: list[_Line], values: list[_Seg], size: float) -> float:
    """Where the row labels end: left of the first printed number, unless no row has a label
    (Table 4), or a header line shows value-column headers further left (a column blank in
    every row)."""
    first = min(s.x0 for s in values)
    labelled = [ln for ln in lines if any(s.is_value for s in ln.segs)
                and any(not s.is_value and s.x1 <= first for s in ln.segs)]
    if not labelled:
        return min(ln.x0 for ln in lines) - 1
    split = first - 0.5 * size
    for ln in lines:
        if any(s.is_value for s in ln.segs):
            break
        left = [s for s in ln.segs if s.xc < split]
        if len(left) >= 2:
            split = min(split, left[1].x0 - 0.5 * size)
    return split


def _value_columns(values: list[_Seg], size: float, inherited: list[float] | None) -> list[float]:
    """Value columns of a table without rules that starts without header lines (the rest of a
    table from the previous page): the columns of that table when the numbers line up with
    them, else the clusters of the numbers' centres."""
    centres = sorted(s.xc for s in values)
    clusters: list[list[float]] = []
    for x in centres:
        if clusters and x - clusters[-1][-1] < size:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    found = [sum(c) / len(c) for c in clusters]
    if inherited and all(min(abs(a - x) for a in inherited) < size for x in found):
        return list(inherited)
    return found


def _label_above(rows: list[list[Cell]], label_x: list[list[float]], seg: _Seg, size: float) -> Cell | None:
    """The label cell (of the last rows) that starts where ``seg`` starts."""
    for ri in range(len(rows) - 1, max(-1, len(rows) - 16), -1):
        for k, x in enumerate(label_x[ri]):
            if abs(x - seg.x0) < size:
                return rows[ri][k]
    return None


def _anchors_from_headers(run: list[_Line], size: float, x_split: float) -> list[float]:
    """Column centres from a run of header lines: the lowest line gives its columns; a header
    on an upper line adds a column only where no lower header lies under it (a header spanning
    several sub-columns, like 法人或其他组织, adds none)."""
    found: list[_Seg] = []
    for depth, ln in enumerate(reversed(run)):
        for s in ln.segs:
            if s.xc < x_split:
                continue
            if depth and any(s.x0 - size <= a.x1 and a.x0 <= s.x1 + size for a in found):
                continue
            found.append(s)
    return sorted(s.xc for s in found)


# ---------------------------------------------------------------- paragraphs


def _paragraphs(lines: list[_Line], body: float, left: float, right: float) -> list[tuple[list[_Line], bool]]:
    """Group narrative lines into paragraphs; the flag tells whether the last line is full
    (reaches the right margin), i.e. the paragraph may go on on the next page."""
    paras: list[list[_Line]] = []
    for ln in lines:
        if paras:
            prev = paras[-1][-1]
            size = max(ln.size, prev.size)
            indented = ln.x0 > left + 0.8 * body
            prev_full = prev.x1 >= right - 1.5 * prev.size
            same_size = abs(ln.size - prev.size) < 1
            gap = ln.y0 - prev.y1
            title_cont = same_size and ln.size > 1.15 * body and gap < 0.8 * size and len(paras[-1]) < 3
            if title_cont or (not indented and prev_full and same_size and gap < 1.2 * size):
                paras[-1].append(ln)
                continue
        paras.append([ln])
    return [(p, p[-1].x1 >= right - 1.5 * p[-1].size and abs(p[-1].size - body) < 1) for p in paras]


# ---------------------------------------------------------------- the reader


def read_pdf(path: Path) -> Document:
    """Read a PDF report (读取 PDF 格式的年度报告) into a :class:`Document`."""
    path = Path(path)
    name = str(path)
    doc = _open(path)
    try:
        return _read(doc, path, name)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken page must not show a traceback
        raise _fail(path, "FILE_CORRUPT", f"文件 {path.name} 内容有损坏，无法读取（{type(exc).__name__}）。") from None
    finally:
        doc.close()


def _read(doc: pymupdf.Document, path: Path, name: str) -> Document:
    page_tables: list[list[Table]] = []
    page_lines: list[list[_Line]] = []
    heights: list[float] = []
    chars = 0
    image_pages: list[int] = []
    for page in doc:
        heights.append(page.rect.height)
        ruled = _ruled_tables(page)
        tables = [_table_from_ruled(t, name, page.number + 1) for t in ruled]
        for t, raw in zip(tables, ruled):
            t._bbox = raw.bbox  # type: ignore[attr-defined]
        lines = _page_lines(page, [t.bbox for t in ruled])
        n = sum(len(s.text) for ln in lines for s in ln.segs) + sum(len(c.text) for t in tables for c in t.cells())
        chars += n
        if n < 20 and _full_page_image(page):
            image_pages.append(page.number + 1)
        page_tables.append(tables)
        page_lines.append(lines)
    if chars < 50:
        if image_pages:
            raise _fail(path, "FILE_SCANNED",
                        f"文件 {path.name} 是扫描件（页面只有图像，没有文字层），无法直接读取，需要先进行文字识别（OCR）。")
        raise _fail(path, "FILE_SCANNED",
                    f"文件 {path.name} 没有可提取的文字（文字可能已转为图形），需要先进行文字识别（OCR）。")
    if image_pages and 2 * len(image_pages) >= doc.page_count and not any(page_tables):
        pages = "、".join(str(p) for p in image_pages)
        raise _fail(path, "FILE_SCANNED",
                    f"文件 {path.name} 的第{pages}页是扫描图像（没有文字层），表格无法读取，需要先进行文字识别（OCR）。")

    drop = _furniture(page_lines, heights)
    all_body = [ln for p, lines in enumerate(page_lines) for i, ln in enumerate(lines) if (p, i) not in drop]
    body = _body_size(all_body)
    blocks: list = []
    anchors: list[float] | None = None  # value columns of the last table without rules
    pending_full = False  # last block is a paragraph whose last line is full
    for p, lines in enumerate(page_lines):
        page_no = p + 1
        lines = [ln for i, ln in enumerate(lines) if (p, i) not in drop]
        items: list[tuple[float, object]] = []
        regions = _unruled_regions(lines, body)
        if not regions:
            anchors = None
        taken = set()
        for a, b in regions:
            table, anchors = _table_from_unruled(lines[a:b], name, page_no, anchors)
            items.append((lines[a].y0, table))
            taken.update(range(a, b))
        for t in page_tables[p]:
            items.append((t._bbox[1], t))  # type: ignore[attr-defined]
        narrative = [ln for i, ln in enumerate(lines) if i not in taken]
        left, right = _margins(narrative, body)
        # paragraphs, split around the tables
        cuts = sorted(y for y, _ in items)
        chunks: list[list[_Line]] = [[] for _ in range(len(cuts) + 1)]
        for ln in narrative:
            k = sum(1 for y in cuts if y < ln.y0)
            chunks[k].append(ln)
        for k, chunk in enumerate(chunks):
            for para, full in _paragraphs(chunk, body, left, right):
                items.append((para[0].y0 - 0.001 * (k + 1), (para, full)))
        items.sort(key=lambda it: it[0])
        for _, item in items:
            if isinstance(item, Table):
                item.__dict__.pop("_bbox", None)
                blocks.append(item)
                pending_full = False
                continue
            para, full = item
            text = ""
            for ln in para:
                text = _join(text, ln.text)
            first_indented = para[0].x0 > left + 0.8 * body
            if pending_full and blocks and isinstance(blocks[-1], TextBlock) and not first_indented and \
                    abs(para[0].size - body) < 1 and para is _first_para(items):
                blocks[-1].text = _join(blocks[-1].text, text)
            else:
                blocks.append(TextBlock(text, Location(file=name, page=page_no)))
            pending_full = full
        if items and not isinstance(items[-1][1], tuple):
            pending_full = False
    table_no = 0
    for b in blocks:
        if isinstance(b, Table):
            table_no += 1
            b.location = Location(file=name, page=b.location.page, table=table_no)
            for row in b.rows:
                for c in row:
                    loc = c.location
                    c.location = Location(file=name, page=loc.page, table=table_no, row=loc.row, col=loc.col)
    return Document(path=name, kind="pdf", blocks=blocks, pages=doc.page_count)


def _full_page_image(page: pymupdf.Page) -> bool:
    """Whether an image covers most of the page (a scanned page, not a seal or a logo)."""
    area = abs(page.rect)
    return any(abs(pymupdf.Rect(info["bbox"]) & page.rect) > 0.5 * area for info in page.get_image_info())


def _first_para(items: list) -> object:
    return items[0][1][0] if items and isinstance(items[0][1], tuple) else None


def _body_size(lines: list[_Line]) -> float:
    """Font size of the narrative (正文字号): the size with most characters in long runs
    (table cells are short runs, narrative lines are long)."""
    weights: dict[float, int] = {}
    for long_only in (True, False):
        for ln in lines:
            for s in ln.segs:
                if long_only and len(s.text) < 12:
                    continue
                k = round(s.size, 1)
                weights[k] = weights.get(k, 0) + len(s.text)
        if weights:
            break
    return max(weights, key=weights.get) if weights else 12.0


def _margins(lines: list[_Line], body: float) -> tuple[float, float]:
    body_lines = [ln for ln in lines if abs(ln.size - body) < 1]
    if not body_lines:
        return (min((ln.x0 for ln in lines), default=0.0), max((ln.x1 for ln in lines), default=0.0))
    left = min(ln.x0 for ln in body_lines)
    ends = sorted(ln.x1 for ln in body_lines)
    right = ends[int(0.75 * (len(ends) - 1))] if len(ends) > 3 else ends[-1]
    return left, right
