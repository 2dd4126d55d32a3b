"""PDF reader (PDF 文件读取): a PDF with a text layer → :class:`~gongkai.ingest.document.Document`.

Ruled tables (有框线的表格) are rebuilt from the rules drawn on the page (stroked lines, outlined
boxes, thin filled bars; white strokes and background boxes do not count): the rules that cross
form a grid, and grid positions no rule separates form one merged cell, so cells keep their
``rowspan``/``colspan`` and a blank cell stays a blank cell. Each character goes to the cell its
centre lies in, and a label broken over lines inside a cell is joined. Tables printed without
rules (无框线表格) are rebuilt from the alignment of the text: value columns from the header lines
(or from the table on the previous page), a column with nothing printed giving a blank cell. A
table that runs over a page break is returned as two tables in a row (the interpreter joins
them); page numbers (``— 3 —``) and running headers/footers are dropped so they cannot split a
table or a paragraph. Narrative text becomes paragraphs: the line breaks of the layout are
joined (Chinese has no spaces between lines), and a paragraph cut by a page break is joined again.

PyMuPDF's own ``find_tables`` gives the same grids on the corpus but is about five times slower
(header detection and per-cell text extraction), so it is not used.

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


_Span = tuple  # (y0, y1, x0, x1, size, [(x0, x1, char), ...])


def _page_spans(page: pymupdf.Page) -> list[_Span]:
    """The text of a page as spans with their characters (blank characters left out)."""
    spans: list[_Span] = []
    seen: set[tuple[str, int, int]] = set()

    def fresh(c: dict) -> bool:
        """False for a character printed again over itself (fake bold, 伪粗体: drawn twice)."""
        ch, x, y = c["c"], int(c["origin"][0]), int(c["origin"][1])
        if ch.isspace():
            return False
        if any((ch, x + dx, y + dy) in seen for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
            return False
        seen.add((ch, x, y))
        return True

    info = page.get_text("rawdict", flags=pymupdf.TEXT_MEDIABOX_CLIP)
    for block in info["blocks"]:
        if block.get("type") != 0:
            continue
        for line in block["lines"]:
            for span in line["spans"]:
                chars = [(c["bbox"][0], c["bbox"][2], c["c"]) for c in span["chars"] if fresh(c)]
                if chars:
                    x0, y0, x1, y1 = span["bbox"]
                    spans.append((y0, y1, x0, x1, span["size"], chars))
    return spans


def _lines(spans: list[_Span]) -> list[_Line]:
    """Visual lines, top to bottom, each split into segments where the gap between two
    characters is wide (the columns of a table printed without rules)."""
    spans = sorted(spans, key=lambda s: (s[0] + s[1]) / 2)
    groups: list[list[_Span]] = []
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
        last_x1 = 0.0
        for x0, x1, ch, size, y0, y1 in chars:
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


_SNAP = 3.0  # rules closer than this are one rule (pt)


@dataclass
class _Grid:
    """A ruled table found on a page: column and row rule positions and its cells as
    (row0, col0, row1, col1) ranges of grid positions (end exclusive)."""

    xs: list[float]
    ys: list[float]
    cells: list[tuple[int, int, int, int]]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])


def _rules(page: pymupdf.Page) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal (y, x0, x1) and vertical (x, y0, y1) rules: stroked lines, outlined boxes and
    thin filled bars. White strokes and filled boxes (backgrounds, shading) are not rules."""
    h: list[tuple[float, float, float]] = []
    v: list[tuple[float, float, float]] = []
    for p in page.get_drawings():
        typ = p.get("type") or ""
        stroke = "s" in typ and not _is_white(p.get("color"))
        filled = "f" in typ and p.get("fill") is not None and not _is_white(p.get("fill"))
        if not (stroke or filled):
            continue
        for item in p["items"]:
            kind = item[0]
            if kind == "l":
                if not stroke:
                    continue
                a, b = item[1], item[2]
                if abs(a.y - b.y) <= 1 and abs(a.x - b.x) > 1:
                    h.append(((a.y + b.y) / 2, min(a.x, b.x), max(a.x, b.x)))
                elif abs(a.x - b.x) <= 1 and abs(a.y - b.y) > 1:
                    v.append(((a.x + b.x) / 2, min(a.y, b.y), max(a.y, b.y)))
            elif kind in ("re", "qu"):
                r = item[1] if kind == "re" else item[1].rect
                if r.height <= _SNAP and r.width > _SNAP:
                    h.append(((r.y0 + r.y1) / 2, r.x0, r.x1))
                elif r.width <= _SNAP and r.height > _SNAP:
                    v.append(((r.x0 + r.x1) / 2, r.y0, r.y1))
                elif stroke and r.width > _SNAP and r.height > _SNAP:
                    h += [(r.y0, r.x0, r.x1), (r.y1, r.x0, r.x1)]
                    v += [(r.x0, r.y0, r.y1), (r.x1, r.y0, r.y1)]
    return _merge_rules(h), _merge_rules(v)


def _merge_rules(rules: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Snap rules at nearly the same position together and join the pieces of one rule."""
    out: list[tuple[float, float, float]] = []
    rules.sort()
    i = 0
    while i < len(rules):
        j = i + 1
        while j < len(rules) and rules[j][0] - rules[j - 1][0] <= _SNAP:
            j += 1
        group = rules[i:j]
        pos = sum(r[0] for r in group) / len(group)
        pieces = sorted((r[1], r[2]) for r in group)
        a, b = pieces[0]
        for c, d in pieces[1:]:
            if c <= b + _SNAP:
                b = max(b, d)
            else:
                out.append((pos, a, b))
                a, b = c, d
        out.append((pos, a, b))
        i = j
    return out


def _ruled_grids(page: pymupdf.Page) -> list[_Grid]:
    """Tables drawn with rules (有框线的表格): groups of crossing rules, cut into cells where a
    rule separates two grid positions; merged cells are the positions no rule separates."""
    hs, vs = _rules(page)
    if len(hs) < 2 or len(vs) < 2:
        return []
    n = len(hs)
    parent = list(range(n + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, hx0, hx1) in enumerate(hs):
        for j, (x, vy0, vy1) in enumerate(vs):
            if hx0 - _SNAP <= x <= hx1 + _SNAP and vy0 - _SNAP <= y <= vy1 + _SNAP:
                parent[find(i)] = find(n + j)
    groups: dict[int, tuple[list, list]] = {}
    for i in range(n + len(vs)):
        g = groups.setdefault(find(i), ([], []))
        (g[0] if i < n else g[1]).append(hs[i] if i < n else vs[i - n])
    grids = []
    for gh, gv in groups.values():
        if len(gh) < 2 or len(gv) < 2:
            continue
        grid = _grid(gh, gv)
        if grid is not None:
            grids.append(grid)
    grids.sort(key=lambda g: g.ys[0])
    return grids


def _positions(values: list[float]) -> list[float]:
    out: list[float] = []
    for x in sorted(values):
        if not out or x - out[-1] > _SNAP:
            out.append(x)
    return out


def _grid(hs: list, vs: list) -> _Grid | None:
    xs = _positions([v[0] for v in vs])
    ys = _positions([h[0] for h in hs])
    # tables without outer side rules: the horizontal rules still show where the table ends
    left, right = min(h[1] for h in hs), max(h[2] for h in hs)
    if xs[0] - left > 2 * _SNAP:
        xs.insert(0, left)
    if right - xs[-1] > 2 * _SNAP:
        xs.append(right)
    # nor a closing bottom rule where the table goes on on the next page
    top, bottom = min(v[1] for v in vs), max(v[2] for v in vs)
    if ys[0] - top > 2 * _SNAP:
        ys.insert(0, top)
    if bottom - ys[-1] > 2 * _SNAP:
        ys.append(bottom)
    if len(xs) < 2 or len(ys) < 2:
        return None
    nr, nc = len(ys) - 1, len(xs) - 1

    def v_rule(x: float, y0: float, y1: float) -> bool:
        return any(abs(v[0] - x) <= _SNAP and v[1] <= y0 + _SNAP and v[2] >= y1 - _SNAP for v in vs)

    def h_rule(y: float, x0: float, x1: float) -> bool:
        return any(abs(h[0] - y) <= _SNAP and h[1] <= x0 + _SNAP and h[2] >= x1 - _SNAP for h in hs)

    owner = [[-1] * nc for _ in range(nr)]
    cells: list[tuple[int, int, int, int]] = []
    for r in range(nr):
        for c in range(nc):
            if owner[r][c] >= 0:
                continue
            # grow right while no rule separates, then down while the whole width is open
            c1 = c + 1
            while c1 < nc and owner[r][c1] < 0 and not v_rule(xs[c1], ys[r], ys[r + 1]):
                c1 += 1
            r1 = r + 1
            while r1 < nr and all(owner[r1][k] < 0 for k in range(c, c1)) and \
                    not h_rule(ys[r1], xs[c], xs[c1]):
                r1 += 1
            k = len(cells)
            cells.append((r, c, r1, c1))
            for rr in range(r, r1):
                for cc in range(c, c1):
                    owner[rr][cc] = k
    if len(cells) < 2:
        return None
    return _Grid(xs, ys, cells)


def _is_white(color) -> bool:
    return bool(color) and all(c > 0.95 for c in color)


def _split_spans(spans: list[_Span], grids: list[_Grid]) -> tuple[list[list[list]], list[_Span]]:
    """Characters inside each ruled table, per cell, and the spans left outside the tables."""
    from bisect import bisect_right

    inside: list[list[list]] = [[[] for _ in g.cells] for g in grids]
    index = []
    for g in grids:
        nr, nc = len(g.ys) - 1, len(g.xs) - 1
        owner = [[0] * nc for _ in range(nr)]
        for k, (r0, c0, r1, c1) in enumerate(g.cells):
            for r in range(r0, r1):
                for c in range(c0, c1):
                    owner[r][c] = k
        index.append(owner)
    outside: list[_Span] = []
    for s in spans:
        y0, y1, x0, x1, size, chars = s
        cy = (y0 + y1) / 2
        hit = [gi for gi, g in enumerate(grids) if g.ys[0] - 1 <= cy <= g.ys[-1] + 1
               and x1 >= g.xs[0] - 1 and x0 <= g.xs[-1] + 1]
        if not hit:
            outside.append(s)
            continue
        rest = []
        for ch in chars:
            cx = (ch[0] + ch[1]) / 2
            for gi in hit:
                g = grids[gi]
                if g.xs[0] - 1 <= cx <= g.xs[-1] + 1:
                    r = min(max(bisect_right(g.ys, cy) - 1, 0), len(g.ys) - 2)
                    c = min(max(bisect_right(g.xs, cx) - 1, 0), len(g.xs) - 2)
                    inside[gi][index[gi][r][c]].append((cy, ch[0], ch[1], ch[2], size))
                    break
            else:
                rest.append(ch)
        if rest:
            outside.append((y0, y1, rest[0][0], rest[-1][1], size, rest))
    return inside, outside


def _cell_text(chars: list) -> str:
    """Text of one cell: its lines top to bottom joined (a label broken over lines is one label)."""
    if not chars:
        return ""
    chars.sort()
    lines: list[list] = [[chars[0]]]
    for ch in chars[1:]:
        if ch[0] - lines[-1][0][0] > 0.5 * ch[4]:
            lines.append([ch])
        else:
            lines[-1].append(ch)
    text = ""
    for line in lines:
        line.sort(key=lambda c: c[1])
        part = ""
        prev_x1 = None
        for _, x0, x1, c, size in line:
            if prev_x1 is not None and x0 - prev_x1 > 0.2 * size and part and \
                    not (_CJK_CHAR.match(part[-1]) or _CJK_CHAR.match(c)):
                part += " "
            part += c
            prev_x1 = x1
        text = _join(text, _tidy(part))
    return text


def _table_from_grid(g: _Grid, chars: list[list], path: str, page_no: int) -> Table:
    rows: list[list[Cell]] = [[] for _ in range(len(g.ys) - 1)]
    for k, (r0, c0, r1, c1) in enumerate(g.cells):
        rows[r0].append(Cell(_cell_text(chars[k]), Location(file=path, page=page_no, row=r0, col=c0),
                             rowspan=r1 - r0, colspan=c1 - c0))
    return Table(rows, Location(file=path, page=page_no))


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
        small = all(ln.size <= body - 1 for ln in lines[start:end])
        # a table; or only its header lines at the foot of a page; or only its last row (with
        # numbers) at the top of the next page
        if (len(tab) >= 2 and (values >= 1 or small)) or (small and values >= 2):
            regions.append((start, end))
            i = end
        else:
            i = last_tab + 1
    return regions


def _table_from_unruled(lines: list[_Line], path: str, page_no: int,
                        inherited: tuple[list[_Line], float] | None = None
                        ) -> tuple[Table, tuple[list[_Line], float]]:
    """Rebuild a grid from aligned text: value columns come from the header lines above each
    group of rows (for the rest of a table on a new page: the header lines of the part on the
    previous page, ``inherited``); a column with nothing printed in a row gives a blank cell.
    Returns the table and what a continuation needs: its last header lines and label zone."""
    values = [s for ln in lines for s in ln.segs if s.is_value]
    size = median(s.size for ln in lines for s in ln.segs)
    x_split = _label_zone(lines, values, size)  # left of it: row labels
    anchors = _value_columns(values, size, inherited, x_split)
    header_run: list[_Line] = []
    last_run: list[_Line] = list(inherited[0]) if inherited else []
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
            last_run = header_run
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
    split = x_split if not inherited or inherited[1] == float("-inf") else min(x_split, inherited[1])
    return Table(rows, Location(file=path, page=page_no)), (last_run, split)


def _label_zone(lines: list[_Line], values: list[_Seg], size: float) -> float:
    """Where the row labels end: left of the first printed number, unless no row has a label
    (Table 4), or a header line shows value-column headers further left (a column blank in
    every row)."""
    if not values:  # header lines only
        return float("-inf")
    first = min(s.x0 for s in values)
    labelled = [ln for ln in lines if any(s.is_value for s in ln.segs)
                and any(not s.is_value and s.x1 <= first for s in ln.segs)]
    if not labelled:
        return float("-inf")
    split = first - 0.5 * size
    for ln in lines:
        if any(s.is_value for s in ln.segs):
            break
        left = [s for s in ln.segs if s.xc < split]
        if len(left) >= 2:
            split = min(split, left[1].x0 - 0.5 * size)
    return split


def _value_columns(values: list[_Seg], size: float, inherited: tuple[list[_Line], float] | None,
                   x_split: float) -> list[float]:
    """Value columns for rows printed before any header line of this part of the table (the
    rest of a table from the previous page): the columns of the headers printed on the previous
    page when the numbers line up with them, else the clusters of the numbers' centres."""
    centres = sorted(s.xc for s in values)
    clusters: list[list[float]] = []
    for x in centres:
        if clusters and x - clusters[-1][-1] < size:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    found = [sum(c) / len(c) for c in clusters]
    if inherited and inherited[0]:
        lines, split = inherited
        if split != float("-inf"):  # the label zone as the part on the previous page had it
            x_split = min(x_split, split)
        columns = _anchors_from_headers(lines, size, x_split)
        if columns and all(min(abs(a - x) for a in columns) < size for x in found):
            return columns
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
        page_no = page.number + 1
        grids = _ruled_grids(page)
        spans = _page_spans(page)
        inside, outside = _split_spans(spans, grids)
        tables = []
        for g, cell_chars in zip(grids, inside):
            if any(cell_chars):  # a frame with no text in it is not a table
                t = _table_from_grid(g, cell_chars, name, page_no)
                t._bbox = g.bbox  # type: ignore[attr-defined]
                tables.append(t)
        lines = _lines(outside)
        n = sum(len(s.text) for ln in lines for s in ln.segs) + sum(len(c.text) for t in tables for c in t.cells())
        chars += n
        if n < 20 and _full_page_image(page):
            image_pages.append(page.number + 1)
        page_tables.append(tables)
        page_lines.append(lines)
    if chars == 0 or (chars < 50 and image_pages):
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
    headers: tuple[list[_Line], float] | None = None  # of the last table without rules
    pending_full = False  # last block is a paragraph whose last line is full
    for p, lines in enumerate(page_lines):
        page_no = p + 1
        lines = [ln for i, ln in enumerate(lines) if (p, i) not in drop]
        items: list[tuple[float, object]] = []
        regions = _unruled_regions(lines, body)
        if not regions:
            headers = None
        taken = set()
        for a, b in regions:
            table, headers = _table_from_unruled(lines[a:b], name, page_no, headers)
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
