"""Plain-text reader (文本读取): reports copied out of Word or saved by a web crawler.

Two table layouts are known:

* **tab layout** — one cell per line, each cell line starts with a tab; rows are separated by
  an empty line; a cell's text may continue on the following lines that do not start with a
  tab (``本年新`` / ``制作数量``); an empty cell is a line holding only a tab;
* **pipe layout** — every cell is a line ending in `` |`` and nothing marks the row ends
  (the table is returned with ``rows_known=False``); tab-indented cells copied without the
  empty lines between rows are read the same way;
* Markdown pipe rows (``| a | b |``) found in crawler text, and lines of tab-separated cells
  (``规章<TAB>0<TAB>0<TAB>1``, one row per line), are rows of a table.

Every other non-empty line is a paragraph. Crawler files (``标题: …`` header lines up to a
``==== 正文 ====`` rule) keep only the title from their header. Encodings: UTF-8 (with or
without BOM), otherwise GB18030/GBK or whatever charset-normalizer finds.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..model import Location
from .document import Cell, Document, ReadError, Table, TextBlock
from .labels import is_value, nfkc

_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])")
_CRAWLER_RULE = re.compile(r"^=+\s*正文\s*=+\s*$")
_CRAWLER_FIELD = re.compile(r"^([^:：\s]{1,8})\s*[:：]\s*(.*)$")
_BAD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")
_MD_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MD_SEP = re.compile(r"^\s*\|(?:\s*:?-{2,}:?\s*\|)+\s*$")
_PIPE_CELL = re.compile(r"^(.*?)\s*\|\s*$")


def decode_text(data: bytes, path: str) -> str:
    """Bytes → text: UTF-8, else GB18030 (a superset of GBK), else charset-normalizer's guess.

    Raises ``ReadError(FILE_TYPE)`` for binary data that is no text at all."""
    name = Path(path).name
    if not data.strip():
        raise ReadError(path, "FILE_EMPTY", f"文件“{name}”是空的，没有可读取的内容。")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(path, "FILE_TYPE", f"文件“{name}”不是文本文件（含二进制内容），无法按文本读取。")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = None
    if text is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise ReadError(path, "FILE_TYPE", f"文件“{name}”不是可识别编码的文本文件，无法读取。")
        text = str(best)
    bad = len(_BAD_CHARS.findall(text))
    if bad > max(8, len(text) // 50):
        raise ReadError(path, "FILE_TYPE", f"文件“{name}”不是文本文件（含大量控制字符），无法按文本读取。")
    return text


def read_text(path: Path) -> Document:
    """Read a ``.txt`` report into a :class:`Document`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(str(path), "FILE_MISSING", f"文件“{path}”不存在。") from None
    except OSError as e:
        raise ReadError(str(path), "FILE_CORRUPT", f"文件“{path.name}”无法打开：{e.strerror or e}。") from None
    return text_to_document(decode_text(data, str(path)), str(path))


def _is_pipe(line: str) -> bool:
    s = line.strip()
    return s == "|" or (s.endswith("|") and not s.startswith("|"))


def text_to_document(text: str, path: str, kind: str = "text") -> Document:
    """Split text into paragraphs and tables (both layouts); locations carry line numbers."""
    name = Path(path).name
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    doc = Document(path=path, kind=kind)
    start = _skip_crawler_header(lines, doc, name)

    table: Table | None = None
    mode: str | None = None  # "tab" | "pipe"
    row: list[Cell] = []
    prev_cell_line = False  # the previous line was a cell (or its continuation)
    pipe_prefix: list[str] = []
    tables = 0

    def close_table() -> None:
        nonlocal table, mode, row
        if table is not None:
            if row:
                table.rows.append(row)
            if mode == "tab" and len(table.rows) == 1 and len(table.rows[0]) > 8:
                table.rows_known = False  # cells copied without the empty lines between rows
                for c in table.rows[0]:
                    c.location = Location(file=name, table=c.location.table, line=c.location.line)
            if any(c.text.strip() for c in table.cells()):
                doc.blocks.append(table)
        table, mode, row = None, None, []

    def new_table(m: str, line_no: int) -> None:
        nonlocal table, mode, tables
        close_table()
        tables += 1
        table = Table(rows=[], location=Location(file=name, table=tables, line=line_no), rows_known=(m != "pipe"))
        mode = m

    for i in range(start, len(lines)):
        line = lines[i]
        ln = i + 1
        if "\t" in line.strip("\t \r") and line.strip():
            # one row per line, cells separated by tabs
            if mode != "tsv":
                new_table("tsv", ln)
            parts = line.rstrip().split("\t")
            table.rows.append([Cell(p.strip(), Location(name, None, tables, len(table.rows), k, ln))
                               for k, p in enumerate(parts)])
            prev_cell_line = False
            continue
        if line.startswith("\t") or (line.startswith(" ") and line.lstrip(" ").startswith("\t")):
            line = line.lstrip(" ")
            if mode != "tab":
                new_table("tab", ln)
            cell_text = line.lstrip("\t").rstrip()
            row.append(Cell(cell_text, Location(name, None, tables, len(table.rows), len(row), ln)))
            prev_cell_line = True
            continue
        if _MD_ROW.match(line) and line.count("|") >= 3:
            if mode != "md":
                new_table("md", ln)
            if not _MD_SEP.match(line):
                parts = line.strip()[1:-1].split("|")
                table.rows.append([Cell(p.strip(), Location(name, None, tables, len(table.rows), k, ln))
                                   for k, p in enumerate(parts)])
            prev_cell_line = False
            continue
        if _is_pipe(line):
            if mode != "pipe":
                new_table("pipe", ln)
                row = []
            m = _PIPE_CELL.match(line.strip())
            cell_text = "\n".join(pipe_prefix + [m.group(1).strip()]) if pipe_prefix else m.group(1).strip()
            pipe_prefix = []
            row.append(Cell(cell_text, Location(name, None, tables, None, None, ln)))
            prev_cell_line = True
            continue
        if not line.strip():
            if mode == "tab" and row:
                table.rows.append(row)
                row = []
            prev_cell_line = False
            continue
        stripped = line.strip()
        if mode == "tab" and prev_cell_line and row and _continues(row[-1].text, line):
            row[-1].text = f"{row[-1].text}\n{stripped}" if row[-1].text else stripped
            continue
        if mode == "pipe" and _continues(None, line) and i + 1 < len(lines) and _is_pipe(lines[i + 1]):
            pipe_prefix.append(stripped)
            continue
        close_table()
        prev_cell_line = False
        doc.blocks.append(TextBlock(stripped, Location(name, line=ln)))
    close_table()
    return doc


def _continues(prev_text: str | None, line: str) -> bool:
    """Whether a non-tab line continues the previous cell (``本年新`` / ``制作数量``).
    ``prev_text`` None: no previous cell to look at (pipe layout, text before a cell)."""
    if prev_text is not None and (not prev_text.strip() or is_value(prev_text)):
        return False
    if line[:1].isspace() or _HEADING.match(line):
        return False
    s = nfkc(line)
    return 0 < len(s) <= 30 and not s.endswith(("。", ";", "；"))


def _skip_crawler_header(lines: list[str], doc: Document, name: str) -> int:
    """A crawler header (``标题: …`` … ``==== 正文 ====``): keep the title, skip the rest."""
    for i, line in enumerate(lines[:30]):
        if _CRAWLER_RULE.match(line.strip()):
            fields = {}
            for j in range(i):
                m = _CRAWLER_FIELD.match(lines[j].strip())
                if m:
                    fields.setdefault(m.group(1), (m.group(2).strip(), j + 1))
            if "标题" not in fields:
                return 0
            title, ln = fields["标题"]
            if title:
                doc.blocks.append(TextBlock(title, Location(file=name, line=ln)))
            return i + 1
    return 0
