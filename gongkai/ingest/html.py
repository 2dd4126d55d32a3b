"""HTML reader (网页读取): a report page as saved from a government portal → :class:`Document`.

Handles what portals produce: GBK/GB2312/GB18030 or UTF-8 pages (BOM, ``<meta charset>`` or
detection with charset-normalizer), tables with ``rowspan``/``colspan`` (kept on the cell, spanned
cells are not repeated), nested markup and ``<br>`` inside cells, ``&nbsp;`` cells, page chrome
and layout tables wrapping the report, MHTML web archives (Word's "single file web page").

Page chrome is dropped: script/style, hidden elements, menus/headers/footers/breadcrumbs/share
bars (by tag or id/class name, unless they hold report content) and lines made only of links.
Layout tables (a table whose cells hold other tables or long running text, a one-cell frame, a
menu of links) are flattened: their content is read as if it were the page body, so the report's
data tables and paragraphs come out in reading order.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..model import Location
from .document import Cell, Document, ReadError, Table, TextBlock

# Elements whose content is never shown.
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object",
    "embed", "svg", "canvas", "select", "option", "button", "input", "textarea", "map", "area",
    "-comment", "!doctype",
})
# Elements that start a new paragraph.
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "h1", "h2", "h3",
    "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "form", "fieldset",
    "center", "address", "figure", "figcaption", "hr", "body", "html", "caption", "tr", "td", "th",
    "thead", "tbody", "tfoot", "table",
})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", re.I)
# Chinese legacy encodings: decode them all as GB18030 (a superset of GBK and GB2312).
_GB_ALIASES = {"gb2312", "gbk", "gb18030", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "hz-gb-2312", "gb_2312"}
# A cell longer than this is running text, not a table cell of a report (layout table).
LAYOUT_CELL_CHARS = 300
# A table of one cell is a frame around text unless its text is this short.
SHORT_CELL_CHARS = 60


# ----------------------------------------------------------------------------- bytes → str

def read_bytes(path: Path, kind: str) -> bytes:
    """The file's bytes; ReadError FILE_MISSING / FILE_EMPTY in Chinese for the user."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(str(path), "FILE_MISSING", f"找不到文件 {path}。") from None
    except IsADirectoryError:
        raise ReadError(str(path), "FILE_TYPE", f"{path} 是一个文件夹，不是{kind}文件。") from None
    except OSError as e:
        raise ReadError(str(path), "FILE_CORRUPT", f"无法读取文件 {path}：{e.strerror or e}。") from None
    if not data.strip(b" \t\r\n\x00"):
        raise ReadError(str(path), "FILE_EMPTY", f"文件 {path.name} 是空文件，没有任何内容。")
    return data


def _norm_encoding(name: str) -> str | None:
    name = name.strip().lower()
    if name in _GB_ALIASES:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes) -> str:
    """Decode page bytes: BOM, then ``<meta charset>``/XML declaration, then UTF-8, then
    charset-normalizer (Chinese pages are mostly GB18030 when not UTF-8)."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace")
    head = data[:4096]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    declared = _norm_encoding(m.group(1).decode("ascii", "ignore")) if m else None
    candidates = [declared] if declared else []
    candidates += ["utf-8", "gb18030"] if declared != "utf-8" else ["gb18030"]
    # Try the declared encoding strictly; pages often lie, so fall back to UTF-8 / GB18030.
    for enc in candidates:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best)
    return data.decode(declared or "gb18030", errors="replace")


def is_mhtml(data: bytes) -> bool:
    """A MIME web archive (.mht, also Word "single file web page" saved as .doc)."""
    head = data[:2048].lstrip().lower()
    return head.startswith((b"mime-version:", b"from:", b"content-type: multipart/related")) and b"multipart/related" in head


def mhtml_to_html(data: bytes) -> str:
    """The HTML part of a MIME web archive (MHTML), decoded."""
    import email
    from email import policy

    msg = email.message_from_bytes(data, policy=policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            enc = _norm_encoding(charset) if charset else None
            if enc:
                try:
                    return payload.decode(enc)
                except (UnicodeDecodeError, LookupError):
                    pass
            return decode_html(payload)
    return ""


# ----------------------------------------------------------------------------- text helpers

def _squash(text: str) -> str:
    """Collapse runs of white space (HTML rendering rules) and strip."""
    if "\u200b" in text or "\ufeff" in text:
        text = text.replace("\u200b", "").replace("\ufeff", "")
    return " ".join(text.split())


_WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_WIDE_BREAK = re.compile(f"(?<=[{_WIDE}])[ \\t]*[\\r\\n][ \\t\\r\\n]*(?=[{_WIDE}])")
_SOURCE_BREAK = re.compile(r"[\r\n]+")


def source_text(text: str, pre: bool = False) -> str:
    """A text node as rendered: a line break in the HTML source is white space (dropped between
    two Chinese characters, as browsers do), except inside ``<pre>``."""
    if pre or ("\n" not in text and "\r" not in text):
        return text
    return _SOURCE_BREAK.sub(" ", _WIDE_BREAK.sub("", text))


def _lines(parts: list[str]) -> str:
    """Join collected text pieces (``\\n`` marks line breaks) into clean lines."""
    text = "".join(parts)
    if "\n" not in text.strip():  # one line (block elements only wrap it)
        return _squash(text)
    lines = [_squash(x) for x in text.split("\n")]
    return "\n".join(x for x in lines if x)


def _children(node: LexborNode):
    """Direct children, text and comment nodes included."""
    return node.iter(include_text=True)


def _tag(node: LexborNode) -> str:
    return node.tag or ""


def _cell_text(node: LexborNode, out: list[str], pre: bool = False) -> None:
    """Text of a cell's content: block elements and ``<br>`` become line breaks."""
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            text = child.text_content or ""
            out.append(text if pre or ("\n" not in text and "\r" not in text) else source_text(text))
        elif tag == "br":
            out.append("\n")
        elif tag in SKIP_TAGS:
            continue
        elif tag in BLOCK_TAGS:
            out.append("\n")
            _cell_text(child, out, pre or tag == "pre")
            out.append("\n")
        elif tag == "img":
            alt = child.attributes.get("alt")
            if alt:
                out.append(alt)
        else:
            _cell_text(child, out, pre)


# ----------------------------------------------------------------------------- tables

_SECTIONS = ("thead", "tbody")
_CELL_TAGS = ("td", "th")


def _table_rows(table: LexborNode) -> list[LexborNode]:
    """The ``<tr>`` of this table (through thead/tbody/tfoot), not of nested tables."""
    rows: list[LexborNode] = []
    foot: list[LexborNode] = []  # <tfoot> prints last wherever it is written
    for child in table.iter(include_text=False):
        tag = child.tag
        if tag == "tr":
            rows.append(child)
        elif tag in _SECTIONS:
            rows += [r for r in child.iter(include_text=False) if r.tag == "tr"]
        elif tag == "tfoot":
            foot += [r for r in child.iter(include_text=False) if r.tag == "tr"]
    return rows + foot


def _grid(table: LexborNode) -> list[list[LexborNode]]:
    """The table's cells (``<td>``/``<th>``), one list per row."""
    return [[c for c in tr.iter(include_text=False) if c.tag in _CELL_TAGS] for tr in _table_rows(table)]


def _raw_texts(grid: list[list[LexborNode]]) -> list[list[str]]:
    """Each cell's text nodes joined by ``\x00`` (one C call per cell)."""
    return [[td.text(deep=True, separator="\x00") for td in row] for row in grid]


_SPAN_VALUE = re.compile(r"\s*(\d+)")


def _span(attrs: dict, name: str) -> int:
    raw = attrs.get(name)
    if not raw:
        return 1
    if not raw.isdigit():
        m = _SPAN_VALUE.match(raw)
        if not m:
            return 1
        raw = m.group(1)
    return max(1, min(int(raw), 1000))


class TableFlags:
    """What each table of a page holds (by ``mem_id``), found once per page by tag name — far
    cheaper than a selector over each table: ``special`` an element the cell walk treats
    specially, ``linked`` a link, ``nesting`` another table."""

    __slots__ = ("special", "linked", "nesting")

    def __init__(self, tree: LexborHTMLParser):
        self.special = self._holders(tree, _SPECIAL_TAGS)
        self.linked = self._holders(tree, ("a",))
        self.nesting = self._holders(tree, ("table",))

    @staticmethod
    def _holders(tree: LexborHTMLParser, tags) -> set[int]:
        out: set[int] = set()
        for tag in tags:
            for node in tree.tags(tag):
                parent = node.parent
                while parent is not None:
                    if parent.tag == "table":
                        out.add(parent.mem_id)
                    parent = parent.parent
        return out


def is_layout_table(table: LexborNode, grid: list[list[LexborNode]], raws: list[list[str]],
                    flags: TableFlags) -> bool:
    """A table used for page layout (版式表格): a cell holds other tables or long running text,
    the table is a menu (links only), or a single cell holding more than a short label (a lone
    short cell such as ``第二十条第（一）项`` is kept: portals cut tables into such pieces).
    Its content is read as page flow. ``grid`` and ``raws`` are the table's cells and their
    texts (:func:`_grid`, :func:`_raw_texts`), ``flags`` the page's :class:`TableFlags`."""
    cells = [c for row in grid for c in row]
    texts = [t for row in raws for t in row]
    mem = table.mem_id
    nesting = mem in flags.nesting
    if not cells:
        return True
    if len(cells) == 1:
        return nesting or len(_squash(texts[0].replace("\x00", ""))) > SHORT_CELL_CHARS
    if mem in flags.linked and _is_navigation(cells):  # no link: not a menu
        return True
    if nesting:
        # Tables inside cells: a layout table when it is small or the inner tables hold much of
        # the content; a big data table with a small table in one cell stays a data table.
        if len(cells) <= 12:
            return True
        inner = sum(len(_squash(t.text(deep=True))) for t in table.css("table")[1:])
        if inner * 10 >= 3 * len(_squash(table.text(deep=True))):
            return True
    return any(len(t) > LAYOUT_CELL_CHARS and len(_squash(t.replace("\x00", ""))) > LAYOUT_CELL_CHARS
               for t in texts)


def _is_navigation(cells: list[LexborNode]) -> bool:
    """A menu laid out as a table: every non-empty cell is nothing but links."""
    linked = 0
    for c in cells:
        text = _squash(c.text(deep=True, separator=" "))
        if not text:
            continue
        links = " ".join(_squash(a.text(deep=True, separator=" ")) for a in c.css("a"))
        if _squash(links) != text:
            return False
        linked += 1
    return linked > 0


# Elements the cell walk treats specially (replaced by alt text, kept verbatim, skipped) and that
# change a cell's text: skipped elements that never hold text (meta, input, …) and comments are
# left out (lexbor's text() ignores both).
_TEXTLESS = frozenset({"meta", "link", "input", "embed", "area", "head"})
_SPECIAL_TAGS = ("img", "pre") + tuple(sorted(t for t in SKIP_TAGS if t[0].isalpha() and t not in _TEXTLESS))


def read_table(file: str | None, index: int, simple: bool, grid: list[list[LexborNode]],
               raws: list[list[str]]) -> Table:
    """A data table as printed: one list of cells per ``<tr>``; ``rowspan``/``colspan`` kept.

    Each cell's location carries its column in the expanded grid (spans taken into account).
    In a ``simple`` table (no element the walk treats specially, see :class:`TableFlags`) a cell
    holding at most one text node — most cells: a number, a blank — is read from its raw text:
    line breaks can only surround its text. Other cells are walked node by node.
    """
    rows: list[list[Cell]] = []
    covered: dict[int, int] = {}  # grid column -> last row covered by a rowspan from above
    for r, (tds, texts) in enumerate(zip(grid, raws)):
        row: list[Cell] = []
        col = 0
        for td, raw in zip(tds, texts):
            if covered and covered.get(col, -1) >= r:
                while covered.get(col, -1) >= r:
                    col += 1
            if simple and (not raw or raw.isdigit()):
                text = raw  # the most common cells: a blank, a count
            elif simple and "\x00" not in raw:
                text = _squash(raw) if ("\n" not in raw and "\r" not in raw) else _squash(source_text(raw))
            else:
                parts: list[str] = []
                _cell_text(td, parts)
                text = _lines(parts)
            attrs = td.attributes
            rs = _span(attrs, "rowspan") if "rowspan" in attrs else 1
            cs = _span(attrs, "colspan") if "colspan" in attrs else 1
            row.append(Cell(text, Location(file, None, index, r, col), rs, cs))
            if rs > 1:
                last = r + rs - 1
                for c in range(col, col + cs):
                    if covered.get(c, -1) < last:
                        covered[c] = last
            col += cs
        rows.append(row)
    # Drop trailing empty rows (portals pad tables) but keep blank cells inside data rows.
    while rows and not rows[-1]:
        rows.pop()
    return Table(rows, Location(file=file, table=index))


# ----------------------------------------------------------------------------- page flow

_CHROME = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|menus|footer|foot|bottom|topbar|top|header|breadcrumbs?|crumbs?|"
    r"position|location|sidebar|side|share|fenxiang|copyright|toolbar|friendlink|links|search|login|dh|daohang)"
    r"(?:$|[-_\s\d])", re.I)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside"})
_CHROME_CONTAINERS = frozenset({"div", "ul", "ol", "dl", "section", "table", "form", "center"})
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _is_chrome(node: LexborNode, flags: TableFlags) -> bool:
    """Page chrome (页面框架): menus, headers, footers, breadcrumbs, share bars — recognised by tag
    or by id/class names — unless it holds report content (a data table, 报告 in its text, or
    long running text)."""
    tag = _tag(node)
    if tag not in _CHROME_TAGS:
        if tag not in _CHROME_CONTAINERS:
            return False
        attrs = node.attributes
        names = " ".join(v for k, v in attrs.items() if k in ("id", "class") and v)
        if not names or not _CHROME.search(names):
            return False
    for t in node.css("table"):
        grid = _grid(t)
        if not is_layout_table(t, grid, _raw_texts(grid), flags):
            return False
    text = _squash(node.text(deep=True, separator=" "))
    if not ("报告" in text or "年报" in text or len(_CJK.findall(text)) > 200):
        return True
    # Mentions the report: still chrome when it is mostly links (breadcrumbs, "related reports").
    linked = sum(len(_squash(a.text(deep=True, separator=" "))) for a in node.css("a"))
    return len(text) < 300 and linked * 2 >= len(text.replace(" ", ""))


# A breadcrumb line (当前位置：首页 > 政务公开 > …) is never report text.
_BREADCRUMB = re.compile(r"^(?:当前位置|您的位置|你的位置|您现在的位置|您当前的位置|你现在的位置|所在位置|当前所在位置)\s*[:：]")


class _Flow:
    """Walks the page in reading order, collecting paragraphs and data tables.

    Text is buffered as (text, inside a link) pieces; a line made only of link text is a menu
    entry, not part of the report, and is dropped."""

    def __init__(self, file: str, flags: TableFlags):
        self.file = file
        self.flags = flags  # what each table of the page holds
        self.blocks: list[TextBlock | Table] = []
        self.buf: list[tuple[str, bool]] = []
        self.link = 0
        self.pre = 0
        self.heading = 0  # inside h1–h6: a linked title is still a title

    def flush(self) -> None:
        if not self.buf:
            return
        line: list[str] = []
        plain = False
        for text, linked in self.buf + [("\n", False)]:
            pieces = text.split("\n")
            for k, piece in enumerate(pieces):
                if k > 0:
                    self._emit("".join(line), plain)
                    line, plain = [], False
                line.append(piece)
                if (not linked or self.heading) and piece.strip(" \t\r\n\f\u00a0\u3000|｜>›»/·-"):
                    plain = True
        self.buf = []

    def _emit(self, raw: str, plain: bool) -> None:
        text = _squash(raw)
        if text and plain and not (len(text) < 120 and _BREADCRUMB.match(text)):
            self.blocks.append(TextBlock(text, Location(self.file)))

    def walk(self, node: LexborNode) -> None:
        for child in _children(node):
            tag = _tag(child)
            if tag == "-text":
                self.buf.append((source_text(child.text_content or "", self.pre > 0), self.link > 0))
            elif tag == "br":
                self.buf.append(("\n", False))
            elif tag in SKIP_TAGS:
                continue
            elif _is_chrome(child, self.flags):
                self.flush()
            elif tag == "table":
                self.flush()
                self.table(child)
            elif tag in BLOCK_TAGS:
                self.flush()
                self.pre += tag == "pre"
                heading = tag in _HEADINGS
                self.heading += heading
                self.walk(child)
                self.flush()
                self.pre -= tag == "pre"
                self.heading -= heading
            elif tag == "a":
                self.link += 1
                self.walk(child)
                self.link -= 1
            else:
                self.walk(child)

    def table(self, node: LexborNode) -> None:
        caption = next((c for c in _children(node) if _tag(c) == "caption"), None)
        if caption is not None:
            self.walk(caption)
            self.flush()
        grid = _grid(node)
        raws = _raw_texts(grid)
        if is_layout_table(node, grid, raws, self.flags):
            for row in grid:
                for td in row:
                    self.walk(td)
                    self.flush()
            return
        index = sum(1 for b in self.blocks if isinstance(b, Table)) + 1
        table = read_table(self.file, index, node.mem_id not in self.flags.special, grid, raws)
        if any(c.text for c in table.cells()):
            self.blocks.append(table)


# The selector below needs "none" or the attribute name hidden in the page (in the usual cases;
# plain substring tests: lower() or a case-blind pattern over a Chinese page costs as much as
# the selector itself).
_HIDDEN_WORDS = ("idden", "IDDEN")
_HIDDEN = ('[hidden], [style*="display:none"], [style*="display: none"], [style*="DISPLAY: none"], '
           '[style*="visibility:hidden"], [style*="visibility: hidden"]')


def html_blocks(text: str, file: str) -> list[TextBlock | Table]:
    """Paragraphs and data tables of an HTML string (also used for HTML inside Markdown)."""
    tree = LexborHTMLParser(text)
    root = tree.body or tree.root
    # The selector is costly: skip it when the page cannot match it (no "none", no "hidden").
    if root is not None and ("none" in text or any(w in text for w in _HIDDEN_WORDS)):
        # Content the page hides is not part of what readers see.
        for node in root.css(_HIDDEN):
            node.decompose()
    if root is None:
        return []
    flow = _Flow(file, TableFlags(tree))
    flow.walk(root)
    flow.flush()
    return flow.blocks


def read_html(path: Path) -> Document:
    """Read an HTML page (网页) into a :class:`Document`: paragraphs and data tables in order."""
    path = Path(path)
    data = read_bytes(path, "HTML")
    head = data[:16].lstrip()
    if head.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff")):
        raise ReadError(str(path), "FILE_TYPE",
                        f"文件 {path.name} 的内容不是网页（HTML），而是二进制文件（如 Word、PDF 或图片），请检查文件扩展名。")
    text = mhtml_to_html(data) if is_mhtml(data) else decode_html(data)
    blocks = html_blocks(text, path.name)
    if not blocks:
        raise ReadError(str(path), "FILE_NOT_REPORT", f"网页 {path.name} 中没有任何正文文字或表格，不是年度报告。")
    return Document(str(path), "html", blocks)
