"""Reading published reports (报告读取): file → :class:`Document` → :class:`Report`.

``read_document(path)`` picks the reader from the file's content (magic bytes, markup) and
then its extension; ``parse(path)`` also interprets the document. Readers are imported lazily,
so a reader that cannot load only breaks its own format. Every failure is a
:class:`~gongkai.ingest.document.ReadError` with a stable code and a Chinese reason.
"""
from __future__ import annotations

import importlib
import re
import zipfile
from pathlib import Path
from typing import Iterable

from ..model import Report
from .document import Cell, Document, ReadError, Table, TextBlock
from .interpret import interpret  # noqa: E402  (the function shadows the submodule name on purpose)

__all__ = ["read_document", "parse", "interpret", "sniff", "expand_paths", "ReadError", "Document", "Table",
           "TextBlock", "Cell", "READERS", "EXTENSIONS"]

# kind → (module, function)
READERS: dict[str, tuple[str, str]] = {
    "text": ("text", "read_text"),
    "html": ("html", "read_html"),
    "docx": ("docx", "read_docx"),
    "pdf": ("pdf", "read_pdf"),
    "markdown": ("markdown", "read_markdown"),
    "office": ("office", "read_office"),
}
EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
    ".md": "markdown", ".markdown": "markdown",
    ".doc": "office", ".wps": "office", ".rtf": "office", ".odt": "office",
}
KIND_NAMES = {"text": "文本", "html": "网页", "docx": "Word（DOCX）", "pdf": "PDF", "markdown": "Markdown",
              "office": "Word/WPS/RTF/ODT"}
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table|div|p)\b",
                         re.I | re.S)


def sniff(path: Path, head: bytes) -> str | None:
    """The reader kind from the first bytes of a file (None: decide by extension)."""
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
                if "word/document.xml" in names or any(n.startswith("word/") for n in names):
                    return "docx"
                if "mimetype" in names or "content.xml" in names:
                    return "office"
        except (zipfile.BadZipFile, OSError):
            return None
        return None
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "office"  # OLE compound file: .doc / .wps
    if head.lstrip().startswith(b"{\\rtf"):
        return "office"
    if _HTML_START.match(head[:4096].lstrip(b"\xef\xbb\xbf")):
        return "html"
    return None


def read_document(path: str | Path) -> Document:
    """Read any supported file into a :class:`Document` (段落与表格)."""
    p = Path(path)
    if not p.exists():
        raise ReadError(str(p), "FILE_MISSING", f"文件“{p}”不存在。")
    if p.is_dir():
        raise ReadError(str(p), "FILE_TYPE", f"“{p}”是一个文件夹，不是报告文件。")
    try:
        with p.open("rb") as fh:
            head = fh.read(8192)
    except OSError as e:
        raise ReadError(str(p), "FILE_CORRUPT", f"文件“{p.name}”无法打开：{e.strerror or e}。") from None
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise ReadError(str(p), "FILE_EMPTY", f"文件“{p.name}”是空的，没有可读取的内容。")
    ext = p.suffix.lower()
    kind = sniff(p, head)
    if kind is None:
        # Nothing conclusive in the content: the extension's reader knows the precise cause
        # (a truncated ZIP, a picture under a .docx name, an MHTML page named .doc, ...).
        kind = EXTENSIONS.get(ext) or "text"  # unknown extension: try text (binary data is refused there)
    module, func = READERS[kind]
    try:
        reader = getattr(importlib.import_module(f"{__name__}.{module}"), func)
    except (ImportError, AttributeError) as e:
        raise ReadError(str(p), "FILE_TYPE",
                        f"文件“{p.name}”是{KIND_NAMES[kind]}格式，但本系统的该格式读取模块不可用（{e}）。") from None
    return reader(p)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """The report files named by ``paths`` (展开文件夹): a file is kept as given (also one with
    an unknown extension: the reader says what is wrong with it); a folder is searched
    recursively for files whose extension a reader knows (:data:`EXTENSIONS`), sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in EXTENSIONS)
        else:
            out.append(p)
    return out


def parse(path: str | Path) -> Report:
    """Read and interpret a published report: ``read_document`` + ``interpret``."""
    return interpret(read_document(path))
