"""Markdown reader (Markdown 读取): converter output → :class:`Document`.

Converters (pandoc, PDF-to-Markdown tools, portal exports) write tables as pipe tables
(``| a | b |`` with a ``|---|`` separator line), often broken into pieces by blank lines or
text, sometimes as raw ``<table>`` HTML; narrative comes as plain lines, often hard-wrapped.
The reader keeps what is there: each pipe-table piece is a :class:`Table` whose rows are the
cells as written (a row that lost its label keeps fewer cells — the interpreter sorts that out);
each non-table line is a :class:`TextBlock` (Markdown markers such as ``##`` and ``**`` removed).
"""
from __future__ import annotations

import html as _html
import re
from pathlib import Path

from ..model import Location
from .document import Cell, Document, ReadError, Table, TextBlock
from .html import decode_html, html_blocks, read_bytes

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_LIST = re.compile(r"^\s{0,3}(?:[-*+]|>)\s+")
_BR = re.compile(r"<br\s*/?>", re.I)
_EMPH = re.compile(r"(\*\*|__)(.+?)\1")
_TAG = re.compile(r"</?(?:span|font|b|strong|i|em|u|sup|sub|p|div)[^>]*>", re.I)
_SETEXT = re.compile(r"^\s*(=+|-{3,})\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def _split_row(line: str) -> list[str]:
    """Cells of a pipe-table line; ``\\|`` is a literal bar."""
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    cells, cur, i = [], [], 0
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s) and s[i + 1] == "|":
            cur.append("|")
            i += 2
            continue
        if ch == "|":
            cells.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    cells.append("".join(cur))
    return cells


_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_PAD = "\x00"


def parse_grid_table(lines: list[str]) -> list[list[tuple[int, tuple[str, int, int, int]]]] | None:
    """Cells of a grid table, per printed row: (grid column, (text, rowspan, colspan, line offset)).

    Uses docutils' grid-table parser (spans included) after padding double-width (Chinese)
    characters, since converters align borders by display width. None when malformed."""
    from docutils.parsers.rst.tableparser import GridTableParser, TableMarkupError
    from docutils.statemachine import StringList

    indent = min(len(x) - len(x.lstrip()) for x in lines)
    block = StringList([x[indent:].rstrip() for x in lines])
    block.pad_double_width(_PAD)
    try:
        _widths, head, body = GridTableParser().parse(block)
    except (TableMarkupError, IndexError, ValueError):
        return None
    rows = []
    for row in list(head) + list(body):
        out = []
        for col, cell in enumerate(row):
            if cell is None:
                continue  # covered by a span
            morerows, morecols, offset, text_lines = cell
            text = "\n".join(_inline(t.replace(_PAD, "")) for t in text_lines)
            text = "\n".join(x for x in text.split("\n") if x.strip())
            out.append((col, (text, morerows + 1, morecols + 1, offset)))
        rows.append(out)
    return rows


def _inline(text: str) -> str:
    """Markdown inline text → plain text (``<br>`` → line break, emphasis and tags removed)."""
    text = _BR.sub("\n", text)
    text = _TAG.sub("", text)
    text = _EMPH.sub(r"\2", text)
    text = _html.unescape(text)
    text = text.replace("\\*", "*").replace("\\_", "_").replace("\\#", "#")
    return "\n".join(" ".join(x.split()) for x in text.split("\n")).strip()


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.blocks: list[TextBlock | Table] = []
        self.rows: list[list[Cell]] = []
        self.table_line: int | None = None
        self.tables = 0

    def end_table(self) -> None:
        if self.rows:
            self.tables += 1
            for r, row in enumerate(self.rows):
                for c, cell in enumerate(row):
                    cell.location = Location(self.file, None, self.tables, r, c,
                                             cell.location.line if cell.location else None)
            self.blocks.append(Table(self.rows, Location(file=self.file, table=self.tables, line=self.table_line)))
        self.rows = []
        self.table_line = None

    def row(self, line: str, lineno: int) -> None:
        if self.table_line is None:
            self.table_line = lineno
        self.rows.append([Cell(_inline(c), Location(self.file, line=lineno)) for c in _split_row(line)])

    def text(self, text: str, lineno: int) -> None:
        self.end_table()
        text = text.strip()
        if text:
            self.blocks.append(TextBlock(text, Location(self.file, line=lineno)))

    def grid(self, lines: list[str], lineno: int) -> bool:
        """A grid table (``+---+`` borders, pandoc's form for merged or multi-line cells).
        Returns False when the lines are not a well-formed grid table."""
        rows = parse_grid_table(lines)
        if rows is None:
            return False
        self.end_table()
        self.tables += 1
        table_rows: list[list[Cell]] = []
        for r, row in enumerate(rows):
            out = []
            for col, (text, rowspan, colspan, line_offset) in row:
                out.append(Cell(text, Location(self.file, None, self.tables, r, col, lineno + line_offset),
                                rowspan, colspan))
            table_rows.append(out)
        self.blocks.append(Table(table_rows, Location(file=self.file, table=self.tables, line=lineno)))
        return True

    def html(self, fragment: str, lineno: int) -> None:
        self.end_table()
        for b in html_blocks(fragment, self.file):
            if isinstance(b, Table):
                self.tables += 1
                for r, row in enumerate(b.rows):
                    for cell in row:
                        cell.location = Location(file=self.file, table=self.tables, row=r,
                                                 col=cell.location.col if cell.location else None)
                b.location = Location(file=self.file, table=self.tables, line=lineno)
            else:
                b.location = Location(file=self.file, line=lineno)
            self.blocks.append(b)


def markdown_blocks(text: str, file: str) -> list[TextBlock | Table]:
    """Paragraph lines and table pieces of Markdown text, in order."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    b = _Builder(file)
    i = 0
    in_fence = False
    while i < len(lines):
        line, lineno = lines[i], i + 1
        stripped = line.strip()
        if _FENCE.match(line):
            in_fence = not in_fence
            b.end_table()
            i += 1
            continue
        if in_fence:
            b.text(line, lineno)
            i += 1
            continue
        if _GRID_BORDER.match(line):
            j = i + 1
            while j < len(lines) and lines[j].strip()[:1] in ("+", "|"):
                j += 1
            if b.grid(lines[i:j], lineno):
                i = j
                continue
        if stripped.lower().startswith("<table"):
            # Raw HTML table: take everything up to the closing tag.
            j, depth, chunk = i, 0, []
            while j < len(lines):
                chunk.append(lines[j])
                depth += len(re.findall(r"<table\b", lines[j], re.I)) - len(re.findall(r"</table>", lines[j], re.I))
                j += 1
                if depth <= 0:
                    break
            b.html("\n".join(chunk), lineno)
            i = j
            continue
        if _SEPARATOR.match(stripped) and "-" in stripped and ("|" in stripped or b.rows):
            # Separator under a header row: the header row begins a new table piece when the
            # current piece already had rows before it (converters emit one header per piece).
            if len(b.rows) > 1:
                header = b.rows.pop()
                b.end_table()
                b.rows.append(header)
                b.table_line = header[0].location.line if header and header[0].location else lineno
            i += 1
            continue
        if stripped.startswith("|") and len(stripped) > 1:
            b.row(stripped, lineno)
            i += 1
            continue
        if not stripped:
            b.end_table()
            i += 1
            continue
        if _SETEXT.match(stripped) and not b.rows:
            i += 1  # underline of a setext heading: the heading line is already a text block
            continue
        m = _HEADING.match(line)
        if m:
            b.text(_inline(m.group(1)), lineno)
        elif stripped.startswith("<") and re.match(r"<(p|div|h\d|br|span|center)\b", stripped, re.I):
            b.end_table()
            for blk in html_blocks(stripped, file):
                if isinstance(blk, TextBlock):
                    b.text(blk.text, lineno)
        else:
            b.text(_inline(_LIST.sub("", line)), lineno)
        i += 1
    b.end_table()
    return b.blocks


def read_markdown(path: Path) -> Document:
    """Read a Markdown file (Markdown 文件) into a :class:`Document`."""
    path = Path(path)
    data = read_bytes(path, "Markdown")
    if data[:8].startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff")):
        raise ReadError(str(path), "FILE_TYPE",
                        f"文件 {path.name} 的内容不是 Markdown 文本，而是二进制文件（如 Word、PDF 或图片），请检查文件扩展名。")
    text = decode_html(data)
    blocks = markdown_blocks(text, path.name)
    if not blocks:
        raise ReadError(str(path), "FILE_NOT_REPORT", f"文件 {path.name} 中没有任何文字或表格，不是年度报告。")
    return Document(str(path), "markdown", blocks)
