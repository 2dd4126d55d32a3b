"""The intermediate form every reader produces (文档中间表示): paragraphs and table grids in
reading order, each piece carrying its :class:`~gongkai.model.Location`.

Readers (text, HTML, DOCX, PDF, Markdown, DOC/WPS) only turn bytes into a :class:`Document`;
``gongkai.ingest.interpret`` turns a Document into a :class:`~gongkai.model.Report`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Location

@dataclass
class Cell:
    """One table cell as printed. ``text`` keeps inner line breaks as ``\\n``.
    ``rowspan``/``colspan`` are kept when the source knows them; a cell covered by a span is
    not repeated (the grid is as the source printed it, not expanded)."""

    text: str
    location: Location | None = None
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Table:
    """A table: rows of cells. ``rows_known`` is False when the source gives a flat cell
    sequence without row boundaries (the ``cell |`` text layout): then ``rows`` holds a single
    row with every cell in reading order."""

    rows: list[list[Cell]]
    location: Location | None = None
    rows_known: bool = True

    def cells(self):
        for row in self.rows:
            yield from row


@dataclass
class TextBlock:
    """A paragraph (or heading) outside the tables."""

    text: str
    location: Location | None = None


Block = TextBlock | Table


@dataclass
class Document:
    """What a reader got out of one file."""

    path: str
    kind: str  # text | html | docx | pdf | markdown | doc
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def paragraphs(self) -> list[TextBlock]:
        return [b for b in self.blocks if isinstance(b, TextBlock)]


class ReadError(Exception):
    """A file that cannot be read as a report. ``reason`` is a Chinese sentence for the user;
    ``code`` is stable: FILE_EMPTY, FILE_TRUNCATED, FILE_ENCRYPTED, FILE_SCANNED, FILE_TYPE,
    FILE_NOT_REPORT, FILE_MISSING, LIBREOFFICE_MISSING, FILE_CORRUPT."""

    def __init__(self, path: str, code: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.code = code
        self.reason = reason
