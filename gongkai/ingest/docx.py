"""DOCX reader (Word 文档读取): paragraphs and tables in body order → :class:`Document`.

The body XML (``word/document.xml``) is walked directly with lxml — python-docx's cell access
is quadratic and its package loading is slow, and we need the raw ``w:tc`` elements anyway to
keep merged cells as printed: ``w:gridSpan`` becomes ``colspan``, a ``w:vMerge`` continuation is
not a new cell but adds to the ``rowspan`` of the cell that starts the merge. A table whose
cells hold other tables (a layout table) is flattened into paragraphs and its inner tables.
Automatic list numbering (``一、`` ``（一）`` ``1.`` made by Word, not typed) is rendered into
the paragraph text, because section headings and Table 3 row labels often use it.

Unreadable files raise :class:`ReadError`: empty, truncated or corrupt ZIP, encrypted
(an OLE compound file with a .docx name), or another file type under a .docx name.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree

from ..model import Location
from .document import Cell, Document, ReadError, Table, TextBlock
from .html import LAYOUT_CELL_CHARS, SHORT_CELL_CHARS, read_bytes

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = W + "p", W + "tbl", W + "tr", W + "tc", W + "sdt", W + "sdtContent"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_ALT_CHUNK = W + "altChunk"
_TCPR, _VMERGE, _HMERGE, _GRIDSPAN, _WVAL = W + "tcPr", W + "vMerge", W + "hMerge", W + "gridSpan", W + "val"
_R, _T, _TAB, _BR, _CR = W + "r", W + "t", W + "tab", W + "br", W + "cr"
_RENDERED_BREAK, _BR_TYPE = W + "lastRenderedPageBreak", W + "type"
_APP_PAGES = re.compile(rb"<(?:\w+:)?Pages>\s*(\d+)\s*</(?:\w+:)?Pages>")
# Containers whose children are body-level content (paragraphs/tables) to walk through.
_TRANSPARENT = frozenset({W + "customXml", W + "ins", W + "smartTag", W + "moveTo", W + "hyperlink",
                          W + "fldSimple", W + "dir", W + "bdo", _SDT_CONTENT})
# Subtrees never shown as text.
_SKIP = frozenset({W + "del", W + "moveFrom", W + "instrText", W + "delText", W + "rPr", W + "pPr",
                   W + "tblPr", W + "tcPr", W + "trPr", W + "sdtPr", W + "sdtEndPr", W + "tblGrid",
                   W + "footnoteReference", W + "endnoteReference", W + "commentReference",
                   W + "bookmarkStart", W + "bookmarkEnd", W + "proofErr", MC_FALLBACK,
                   W + "sectPr", W + "fldData"})


def _hidden(run) -> bool:
    """A run formatted as hidden text (w:vanish): not printed."""
    rpr = run.find(W + "rPr")
    if rpr is None:
        return False
    v = rpr.find(W + "vanish")
    return v is not None and v.get(W + "val", "true") not in ("0", "false", "off")


def _int(raw: str | None, default: int) -> int:
    try:
        return int(raw) if raw is not None else default
    except ValueError:
        return default


def _val(el, name: str, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(W + name, default)


# ----------------------------------------------------------------------------- file checks

def _sniff(data: bytes) -> str | None:
    """What a file really is, from its first bytes (for wrong-extension messages)."""
    head = data[:16]
    if head.startswith(b"%PDF"):
        return "PDF 文件"
    if head.startswith(b"\x89PNG"):
        return "PNG 图片"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG 图片"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF 图片"
    if head.startswith(b"{\\rtf"):
        return "RTF 文档"
    stripped = data[:512].lstrip().lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<meta", b"<p", b"<div", b"<table")):
        return "网页（HTML）"
    return None


def _cfb_kind(data: bytes) -> str:
    """An OLE compound file (复合文档): encrypted OOXML, legacy Word .doc, WPS, or other."""
    utf16 = lambda s: s.encode("utf-16-le")  # noqa: E731 - directory entry names are UTF-16LE
    if utf16("EncryptionInfo") in data or utf16("EncryptedPackage") in data:
        return "encrypted"
    if utf16("WordDocument") in data:
        return "doc"
    return "other"


def open_package(path: Path, data: bytes) -> zipfile.ZipFile:
    """Open the DOCX ZIP package or raise a ReadError saying what is wrong, in Chinese."""
    name = path.name
    if data.startswith(CFB_MAGIC):
        kind = _cfb_kind(data)
        if kind == "encrypted":
            raise ReadError(str(path), "FILE_ENCRYPTED",
                            f"文件 {name} 是加密（设置了打开密码）的 Word 文档，无法读取；请去除密码后另存为 DOCX 再试。")
        raise ReadError(str(path), "FILE_ENCRYPTED",
                        f"文件 {name} 不是 DOCX 包，而是加密或旧版格式（OLE 复合文档，如 DOC/WPS）；"
                        "请用 Word/WPS 另存为 DOCX，或把扩展名改为 .doc 后重试。")
    if not data.startswith(b"PK"):
        what = _sniff(data)
        raise ReadError(str(path), "FILE_TYPE",
                        f"文件 {name} 不是 Word（DOCX）文档" + (f"，其内容是{what}" if what else "")
                        + "；请检查文件扩展名是否正确。")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        if b"PK\x05\x06" not in data[-65_600:]:
            raise ReadError(str(path), "FILE_TRUNCATED",
                            f"文件 {name} 不完整（ZIP 包结尾缺失，可能下载中断或被截断），无法读取；请重新下载。") from None
        raise ReadError(str(path), "FILE_CORRUPT", f"文件 {name} 已损坏（ZIP 包结构错误），无法读取。") from None
    names = set(zf.namelist())
    if "word/document.xml" not in names:
        main = _main_part(zf)
        if main is None:
            what = ("Excel 表格（XLSX）" if any(n.startswith("xl/") for n in names)
                    else "PowerPoint 演示文稿（PPTX）" if any(n.startswith("ppt/") for n in names)
                    else "OpenDocument 文档" if "content.xml" in names else "其他 ZIP 压缩包")
            raise ReadError(str(path), "FILE_TYPE", f"文件 {name} 不是 Word（DOCX）文档，而是{what}；请检查文件。")
    return zf


def _main_part(zf: zipfile.ZipFile) -> str | None:
    """The main document part named in [Content_Types].xml (usually word/document.xml)."""
    try:
        ct = etree.fromstring(zf.read("[Content_Types].xml"))
    except Exception:
        return None
    for el in ct:
        if (el.get("ContentType") or "").endswith("wordprocessingml.document.main+xml") or \
                (el.get("ContentType") or "").endswith("wordprocessingml.template.main+xml"):
            return (el.get("PartName") or "").lstrip("/") or None
    return None


def _read_part(path: Path, zf: zipfile.ZipFile, part: str) -> bytes | None:
    try:
        return zf.read(part)
    except KeyError:
        return None
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, OSError, ValueError) as e:
        code = "FILE_TRUNCATED" if isinstance(e, EOFError) else "FILE_CORRUPT"
        raise ReadError(str(path), code, f"文件 {path.name} 中的 {part} 已损坏或不完整，无法读取。") from None
    except Exception as e:  # zlib.error and friends
        raise ReadError(str(path), "FILE_CORRUPT", f"文件 {path.name} 中的 {part} 已损坏，无法解压（{type(e).__name__}）。") from None


_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True)


def _parse_xml(path: Path, data: bytes, part: str):
    try:
        return etree.fromstring(data, _XML_PARSER)
    except etree.XMLSyntaxError:
        raise ReadError(str(path), "FILE_CORRUPT", f"文件 {path.name} 的 {part} 不是有效的 XML，文档已损坏。") from None


# ----------------------------------------------------------------------------- list numbering

_CN_DIGITS = "零一二三四五六七八九"


def _chinese_counting(n: int) -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                 (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "taiwaneseCounting",
               "chineseLegalSimplified"):
        return _chinese_counting(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class _Numbering:
    """Renders Word automatic numbering (``w:numPr``) as the printed prefix, e.g. ``一、``."""

    def __init__(self, root):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # abstractNumId -> ilvl -> (fmt, text, start)
        self.num_abstract: dict[str, str] = {}
        self.overrides: dict[tuple[str, int], int] = {}
        self.counters: dict[str, list[int | None]] = {}  # abstractNumId -> last number per level
        self.seen: set[str] = set()
        if root is None:
            return
        for an in root.iter(W + "abstractNum"):
            aid = _val(an, "abstractNumId")
            lv: dict[int, tuple[str, str, int]] = {}
            for lvl in an.iter(W + "lvl"):
                ilvl = _int(_val(lvl, "ilvl"), 0)
                fmt = _val(lvl.find(W + "numFmt"), "val", "decimal") or "decimal"
                text = _val(lvl.find(W + "lvlText"), "val", "") or ""
                start = _int(_val(lvl.find(W + "start"), "val"), 1)
                lv[ilvl] = (fmt, text, start)
            self.levels[aid] = lv
        for num in root.iter(W + "num"):
            nid = _val(num, "numId")
            self.num_abstract[nid] = _val(num.find(W + "abstractNumId"), "val")
            for ov in num.iter(W + "lvlOverride"):
                so = ov.find(W + "startOverride")
                if so is not None:
                    self.overrides[(nid, _int(_val(ov, "ilvl"), 0))] = _int(_val(so, "val"), 1)

    def snapshot(self):
        return {k: list(v) for k, v in self.counters.items()}, set(self.seen)

    def restore(self, state) -> None:
        self.counters, self.seen = state

    def prefix(self, num_id: str | None, ilvl: int) -> str:
        """The printed number of the next paragraph of list ``num_id`` at level ``ilvl``.

        Counters belong to the abstract list (Word continues a list across its instances);
        an instance's ``startOverride`` restarts the level when that instance is first used."""
        if not num_id or num_id == "0" or num_id not in self.num_abstract:
            return ""
        aid = self.num_abstract[num_id]
        levels = self.levels.get(aid, {})
        ilvl = max(0, min(ilvl, 9))
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(aid, [None] * 10)
        if num_id not in self.seen:
            self.seen.add(num_id)
            for (nid, lvl), value in self.overrides.items():
                if nid == num_id and 0 <= lvl < 10:
                    counters[lvl] = value - 1
        fmt, text, start = levels[ilvl]
        counters[ilvl] = start if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = None
        if fmt == "bullet":
            return ""

        def sub(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            if k not in levels:
                return ""
            value = counters[k] if counters[k] is not None else levels[k][2]
            return _format_number(value, levels[k][0])

        return re.sub(r"%(\d)", sub, text)


# ----------------------------------------------------------------------------- body walk

class _Reader:
    """Walks the body. Pages (best effort, 页码): Word records where each page began when it
    last laid the document out (``w:lastRenderedPageBreak``); when the file has no such marks
    (written by another program), explicit breaks are counted instead: page breaks
    (``w:br w:type="page"``), ``w:pageBreakBefore`` and section ends that start a new page."""

    def __init__(self, file: str, numbering: _Numbering, styles_num: dict[str, tuple[str, int]],
                 chunks: dict[str, tuple[str, bytes | None]] | None = None, rendered: bool = False,
                 section_starts: list[str] | None = None):
        self.file = file
        self.chunks = chunks or {}
        self.numbering = numbering
        self.styles_num = styles_num
        self.blocks: list[TextBlock | Table] = []
        self.tables = 0
        self.rendered = rendered  # count Word's rendered page marks (else explicit breaks)
        self.page = 1
        self.breaks = 0
        # How each section starts (w:type of its sectPr, in body order); a section's properties
        # sit in its last paragraph, so a section end looks up how the next one starts.
        self.section_starts = section_starts or []
        self.sections_ended = 0
        self._text_page: int | None = None  # page of the first text of the current paragraph

    def _new_page(self) -> None:
        self.page += 1
        self.breaks += 1

    # ---- paragraphs
    def _runs_text(self, el, out: list[str]) -> None:
        for child in el:
            tag = child.tag
            if tag == _T:
                if child.text:
                    out.append(child.text)
                    if self._text_page is None:
                        self._text_page = self.page
            elif tag == _RENDERED_BREAK:
                if self.rendered:
                    self._new_page()
            elif tag in _SKIP or not isinstance(tag, str):
                continue
            elif tag == _R and _hidden(child):
                continue
            elif tag == _TAB:
                out.append("\t")
            elif tag == _BR:
                out.append("\n")
                if not self.rendered and child.get(_BR_TYPE) == "page":
                    self._new_page()
            elif tag == _CR:
                out.append("\n")
            elif tag == W + "noBreakHyphen":
                out.append("-")
            elif tag == W + "sym":
                try:
                    code = int(_val(child, "char") or "", 16)
                except ValueError:
                    code = 0
                if 0x20 <= code < 0xE000:  # symbol-font glyphs (F0xx) are no text
                    out.append(chr(code))
            elif tag == _P:  # text box paragraph inside a drawing
                out.append("\n")
                self._runs_text(child, out)
                out.append("\n")
            else:
                self._runs_text(child, out)

    def paragraph_text(self, p) -> str:
        out: list[str] = []
        self._text_page = None
        ppr = p.find(W + "pPr")
        section_end = False
        if ppr is not None:
            if not self.rendered:
                before = ppr.find(W + "pageBreakBefore")
                if before is not None and before.get(_WVAL, "true") not in ("0", "false", "off"):
                    self._new_page()
                if ppr.find(W + "sectPr") is not None:
                    self.sections_ended += 1
                    k = self.sections_ended
                    nxt = self.section_starts[k] if k < len(self.section_starts) else "nextPage"
                    section_end = nxt != "continuous"
            num_pr = ppr.find(W + "numPr")
            num_id, ilvl = None, 0
            if num_pr is not None:
                num_id = _val(num_pr.find(W + "numId"), "val")
                ilvl = _int(_val(num_pr.find(W + "ilvl"), "val"), 0)
            else:
                style = _val(ppr.find(W + "pStyle"), "val")
                if style and style in self.styles_num:
                    num_id, ilvl = self.styles_num[style]
            if num_id:
                out.append(self.numbering.prefix(num_id, ilvl))
        self._runs_text(p, out)
        if self._text_page is None:
            self._text_page = self.page
        if section_end:
            self._new_page()  # the next section starts on a new page
        text = "".join(out)
        if "\n" not in text:
            return " ".join(text.split())
        return "\n".join(" ".join(x.split()) for x in text.split("\n")).strip("\n ")

    # ---- body
    def walk(self, parent) -> None:
        for child in parent:
            tag = child.tag
            if tag == _P:
                text = self.paragraph_text(child)
                page = self._text_page
                for line in text.split("\n"):
                    line = line.strip()
                    if line:
                        self.blocks.append(TextBlock(line, Location(self.file, page)))
            elif tag == _TBL:
                self.table(child)
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.walk(content)
            elif tag in _TRANSPARENT:
                self.walk(child)
            elif tag == _ALT_CHUNK:
                self.alt_chunk(child.get(R_ID))

    def alt_chunk(self, rid: str | None) -> None:
        """Imported content (``w:altChunk``: HTML, MHT, DOCX or plain text a web system put into
        the document) read with the matching reader, in place."""
        name, data = self.chunks.get(rid or "", (None, None))
        if not data:
            return
        from .html import decode_html, html_blocks, is_mhtml, mhtml_to_html

        suffix = Path(name).suffix.lower()
        blocks: list[TextBlock | Table] = []
        if data.startswith(b"PK"):
            try:
                blocks = read_docx_bytes(Path(self.file), data).blocks
            except ReadError:
                blocks = []
        elif is_mhtml(data) or suffix in (".htm", ".html", ".xhtml", ".mht", ".mhtml") or b"<html" in data[:2048].lower():
            blocks = html_blocks(mhtml_to_html(data) if is_mhtml(data) else decode_html(data), self.file)
        else:
            text = decode_html(data)
            blocks = [TextBlock(x.strip(), Location(file=self.file)) for x in text.splitlines() if x.strip()]
        for b in blocks:
            if isinstance(b, Table):
                self.tables += 1
                b.location = Location(file=self.file, table=self.tables)
                for row in b.rows:
                    for cell in row:
                        loc = cell.location or Location()
                        cell.location = Location(file=self.file, table=self.tables, row=loc.row, col=loc.col)
            self.blocks.append(b)

    def table(self, tbl) -> None:
        rows = list(self._rows(tbl))
        nested = tbl.findall(".//" + _TBL)
        if nested and self._nested_layout(tbl, rows, nested):
            self._flatten(rows)
            return
        saved = self.numbering.snapshot()
        saved_page = (self.page, self.breaks)
        grid = self._grid(rows, self.tables + 1)
        cells = [c for row in grid for c in row]
        if not nested and _text_layout(cells):
            # A frame around running text: read it as paragraphs (numbering and pages counted once).
            self.numbering.restore(saved)
            self.page, self.breaks = saved_page
            self._flatten(rows)
            return
        if any(c.text for c in cells):
            self.tables += 1
            first = next((c.location.page for c in cells if c.text), saved_page[0])
            self.blocks.append(Table(grid, Location(file=self.file, page=first, table=self.tables)))

    def _flatten(self, rows) -> None:
        """Layout table: its cells are read as page flow (paragraphs + inner tables)."""
        for tr in rows:
            for tc in self._cells(tr):
                if self._vmerge(tc) == "continue":
                    continue
                self.walk(tc)

    def _grid(self, rows, index: int) -> list[list[Cell]]:
        """Rows of cells as printed: ``gridSpan`` → colspan, ``vMerge`` continuations add to the
        rowspan of the cell that starts the merge (they are not cells themselves)."""
        grid: list[list[Cell]] = []
        open_merge: dict[int, Cell] = {}  # grid column -> cell whose vertical merge is running
        for r, tr in enumerate(rows):
            row: list[Cell] = []
            trpr = tr.find(W + "trPr")
            col = _int(_val(trpr.find(W + "gridBefore") if trpr is not None else None, "val"), 0)
            for tc in self._cells(tr):
                tcpr = self._tcpr(tc)
                span, merge = 1, None
                if tcpr is not None:
                    gs = tcpr.find(_GRIDSPAN)
                    if gs is not None:
                        span = max(1, _int(gs.get(_WVAL), 1))
                    merge = self._vmerge(tc, tcpr)
                if merge == "continue" and col in open_merge:
                    open_merge[col].rowspan += 1
                    col += span
                    continue
                if merge == "hcontinue" and row:
                    row[-1].colspan += span
                    col += span
                    continue
                start = self.page
                text, page = self.cell_text(tc)
                cell = Cell(text, Location(self.file, page or start, index, r, col), 1, span)
                row.append(cell)
                for c in range(col, col + span):
                    open_merge.pop(c, None)
                if merge == "restart":
                    open_merge[col] = cell
                col += span
            grid.append(row)
        return grid

    def _nested_layout(self, tbl, rows, nested) -> bool:
        """Tables inside cells make a layout table when the outer table is small or the inner
        tables hold much of its text; a big data table with a small table in one cell is data."""
        if sum(1 for tr in rows for _ in self._cells(tr)) <= 12:
            return True
        inner = sum(len("".join(t.itertext())) for t in nested)
        return inner * 10 >= 3 * len("".join(tbl.itertext()))

    @staticmethod
    def _tcpr(tc):
        for child in tc:  # w:tcPr is the first child when present
            return child if child.tag == _TCPR else None
        return None

    @classmethod
    def _vmerge(cls, tc, tcpr=None) -> str | None:
        tcpr = cls._tcpr(tc) if tcpr is None else tcpr
        if tcpr is None:
            return None
        for el in tcpr:
            if el.tag == _VMERGE:
                return "restart" if el.get(_WVAL) == "restart" else "continue"
            if el.tag == _HMERGE and el.get(_WVAL) != "restart":
                return "hcontinue"
        return None

    @staticmethod
    def _wrapped(parent, tag):
        """Children of ``parent`` with ``tag``, looking through content controls (w:sdt) and
        w:customXml wrappers, which Word may put around table rows and cells."""
        for child in parent:
            if child.tag == tag:
                yield child
            elif child.tag in (_SDT, W + "customXml"):
                content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
                if content is not None:
                    yield from (x for x in content if x.tag == tag)

    def _rows(self, tbl):
        return self._wrapped(tbl, _TR)

    def _cells(self, tr):
        return self._wrapped(tr, _TC)

    def cell_text(self, tc) -> tuple[str, int | None]:
        """The cell's text (one line per paragraph) and the page of its first text."""
        lines: list[str] = []
        self._cell_page: int | None = None
        self._cell_lines(tc, lines)
        return "\n".join(lines), self._cell_page

    def _cell_lines(self, el, lines: list[str]) -> None:
        for child in el:
            if child.tag == _P:
                text = self.paragraph_text(child)
                if self._cell_page is None and text.strip():
                    self._cell_page = self._text_page
                lines += [x.strip() for x in text.split("\n") if x.strip()]
            elif child.tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self._cell_lines(content, lines)
            elif child.tag == _TBL:  # a small table inside a data cell: its text, line by line
                for p in child.iter(_P):
                    lines += [x.strip() for x in self.paragraph_text(p).split("\n") if x.strip()]
            elif child.tag in _TRANSPARENT:
                self._cell_lines(child, lines)


def _text_layout(cells: list[Cell]) -> bool:
    """A frame of one cell around more than a short label, or cells of running text."""
    if len(cells) == 1:
        return len("".join(cells[0].text.split())) > SHORT_CELL_CHARS
    return any(len(c.text) > LAYOUT_CELL_CHARS and len("".join(c.text.split())) > LAYOUT_CELL_CHARS for c in cells)


def _styles_numbering_xml(root) -> dict[str, tuple[str, int]]:
    """Paragraph styles that carry list numbering, from the parsed styles part."""
    out: dict[str, tuple[str, int]] = {}
    if root is None:
        return out
    for st in root.iter(W + "style"):
        ppr = st.find(W + "pPr")
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        if num_pr is not None:
            nid = _val(num_pr.find(W + "numId"), "val")
            if nid:
                out[_val(st, "styleId")] = (nid, _int(_val(num_pr.find(W + "ilvl"), "val"), 0))
    return out


_STYLE_BLOCK = re.compile(rb'<w:style\b[^>]*?w:styleId="([^"]*)"[^>]*?(?:/>|>(.*?)</w:style>)', re.S)
_NUMPR = re.compile(rb"<w:numPr>(.*?)</w:numPr>", re.S)
_NUMID = re.compile(rb'<w:numId w:val="([^"]*)"')
_ILVL = re.compile(rb'<w:ilvl w:val="(\d+)"')
_BASED_ON = re.compile(rb'<w:basedOn w:val="([^"]*)"')


def _styles_numbering(data: bytes | None, used: set[str]) -> dict[str, tuple[str, int]]:
    """Numbered paragraph styles among those the body uses (heading styles numbered 一、二、…),
    following ``basedOn``. Style parts are big (python-docx's template: 350 kB) and only a few
    styles matter, so the used ones are cut out by pattern instead of parsing the whole part."""
    if not data or not used or b"numPr" not in data:
        return {}
    blocks = {m.group(1).decode("utf-8", "replace"): m.group(2) or b"" for m in _STYLE_BLOCK.finditer(data)}
    if not blocks:  # unusual namespace prefix: parse properly
        return {k: v for k, v in _styles_numbering_xml(_safe_xml(data)).items() if k in used}
    out: dict[str, tuple[str, int]] = {}
    for sid in used:
        seen: set[str] = set()
        cur: str | None = sid
        while cur and cur not in seen and cur in blocks:
            seen.add(cur)
            body = blocks[cur]
            m = _NUMPR.search(body)
            if m:
                nid, ilvl = _NUMID.search(m.group(1)), _ILVL.search(m.group(1))
                if nid:
                    out[sid] = (nid.group(1).decode(), int(ilvl.group(1)) if ilvl else 0)
                break
            b = _BASED_ON.search(body)
            cur = b.group(1).decode() if b else None
    return out


def _alt_chunks(path: Path, zf: zipfile.ZipFile, body, main: str) -> dict[str, tuple[str, bytes | None]]:
    """The parts imported by ``w:altChunk`` elements: relationship id → (part name, bytes)."""
    ids = {el.get(R_ID) for el in body.iter(_ALT_CHUNK)} - {None}
    if not ids:
        return {}
    folder, _, base = main.rpartition("/")
    rels = _safe_xml(_read_part(path, zf, f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"))
    out: dict[str, tuple[str, bytes | None]] = {}
    if rels is None:
        return out
    for rel in rels:
        rid, target = rel.get("Id"), rel.get("Target") or ""
        if rid in ids and rel.get("TargetMode") != "External":
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out[rid] = (name, _read_part(path, zf, name))
    return out


def read_docx_bytes(path: Path, data: bytes) -> Document:
    """Read DOCX bytes (``path`` names the file in messages and locations)."""
    zf = open_package(path, data)
    with zf:
        main = "word/document.xml" if "word/document.xml" in zf.namelist() else _main_part(zf)
        xml = _read_part(path, zf, main)
        if xml is None:
            raise ReadError(str(path), "FILE_CORRUPT", f"文件 {path.name} 缺少正文部分（{main}），文档已损坏。")
        root = _parse_xml(path, xml, main)
        body = root.find(W + "body")
        if body is None:
            raise ReadError(str(path), "FILE_CORRUPT", f"文件 {path.name} 的正文（w:body）缺失，文档已损坏。")
        # Numbering is read only when the body can use it (direct numPr or a styled paragraph).
        used_styles = {v for el in body.iter(W + "pStyle") if (v := el.get(W + "val"))}
        direct = body.find(".//" + W + "numPr") is not None
        styles_num: dict[str, tuple[str, int]] = {}
        num_xml = None
        if direct or used_styles:
            num_xml = _read_part(path, zf, "word/numbering.xml")
            if num_xml and used_styles:
                styles_num = _styles_numbering(_read_part(path, zf, "word/styles.xml"), used_styles)
        chunks = _alt_chunks(path, zf, body, main)
        try:
            app = _read_part(path, zf, "docProps/app.xml")
        except ReadError:
            app = None  # the page count is optional: a broken properties part is ignored
    numbering = _Numbering(_safe_xml(num_xml) if (direct or styles_num) else None)
    rendered = body.find(".//" + _RENDERED_BREAK) is not None
    starts = [] if rendered else [_val(sect.find(W + "type"), "val", "nextPage") or "nextPage"
                                  for sect in body.iter(W + "sectPr")]
    reader = _Reader(path.name, numbering, styles_num, chunks, rendered, starts)
    reader.walk(body)
    if not reader.blocks:
        raise ReadError(str(path), "FILE_NOT_REPORT", f"文档 {path.name} 中没有任何文字或表格，不是年度报告（可能是扫描图片）。")
    return Document(str(path), "docx", reader.blocks, pages=_page_count(reader, app))


def _page_count(reader: _Reader, app: bytes | None) -> int | None:
    """Best-effort page count (页数): the pages counted from the break marks, or the count Word
    stored in ``docProps/app.xml`` when larger (that count can be stale: other programs copy a
    template's). None when the file gives neither."""
    m = _APP_PAGES.search(app) if app else None
    stored = int(m.group(1)) if m else None
    counted = reader.page if (reader.rendered or reader.breaks) else None
    if stored is None:
        return counted
    return max(stored, counted or 0) or None


def _safe_xml(data: bytes | None):
    if not data:
        return None
    try:
        return etree.fromstring(data, _XML_PARSER)
    except etree.XMLSyntaxError:
        return None


def read_docx(path: Path) -> Document:
    """Read a Word DOCX file (Word 文档) into a :class:`Document`.

    A legacy Word .doc saved under a .docx name (an OLE file without encryption) is handed to
    the LibreOffice converter instead of failing."""
    path = Path(path)
    data = read_bytes(path, "DOCX")
    if data.startswith(CFB_MAGIC) and _cfb_kind(data) == "doc":
        from .office import read_office

        return read_office(path, kind="doc")
    return read_docx_bytes(path, data)
