"""The report model (年度报告数据模型): what a report says, cell by cell, and where it says it.

A :class:`Report` is produced by ``gongkai.ingest`` (from a published document), by
``gongkai.register`` (from the case register) and by ``gongkai.render.load`` (from a data
file). Rules read it, renderers write it. Every value keeps what was written, its kind and
its :class:`Location`, so a finding can point at the very cell.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from . import fields as F

ValueKind = Literal["number", "blank", "na", "text"]
Severity = Literal["error", "warning", "notice"]
SEVERITIES: tuple[str, ...] = ("error", "warning", "notice")


@dataclass(unsafe_hash=True, slots=True)
class Location:
    """Where something came from: file plus whatever the source format knows.

    Treat it as immutable (it is hashable). Not ``frozen``: readers build one per cell, and a
    frozen dataclass costs six times as much to construct.

    ``page`` is 1-based (PDF); ``table`` is the 1-based index of the table in the document;
    ``row``/``col`` are 0-based indexes in that table's grid; ``line`` is 1-based (text files).
    ``start``/``end`` are 0-based character offsets of the value in the paragraph (the line of a
    text file) it was read from, when a table was read out of running text (flattened tables).
    """

    file: str | None = None
    page: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    line: int | None = None
    start: int | None = None
    end: int | None = None

    def describe(self) -> str:
        """Chinese description, e.g. ``a.pdf 第3页 表2 第5行第2列``."""
        parts = [self.file or ""]
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.table is not None:
            parts.append(f"表格{self.table}")
        if self.row is not None:
            parts.append(f"第{self.row + 1}行" + (f"第{self.col + 1}列" if self.col is not None else ""))
        elif self.col is not None:
            parts.append(f"第{self.col + 1}列")
        if self.line is not None:
            parts.append(f"第{self.line}行(文本)")
        if self.start is not None:
            parts.append(f"第{self.start + 1}字起")
        return " ".join(p for p in parts if p)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass
class Value:
    """One cell of a report table (单元格).

    ``raw`` is the cell text as written (``None`` when the report has no such cell);
    ``kind`` is number / blank / na (``/``, ``—``…) / text (anything not valid for the cell);
    ``value`` is what the flat export holds: a number (amounts in 万元), ``None``, ``"/"`` or
    the text as written. ``unit`` is the unit written for an amount (``万元``, ``元``) or None.
    ``header_unit`` is the unit the column header printed for an amount (``（万）``), if any.
    """

    field: str
    raw: str | None
    kind: ValueKind
    value: int | float | str | None
    location: Location | None = None
    unit: str | None = None
    header_unit: str | None = None

    @property
    def number(self) -> int | float | None:
        """The numeric value, or None for blank / na / text."""
        return self.value if self.kind == "number" else None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"field": self.field, "raw": self.raw, "kind": self.kind, "value": self.value}
        if self.unit:
            d["unit"] = self.unit
        if self.header_unit:
            d["header_unit"] = self.header_unit
        if self.location:
            d["location"] = self.location.to_dict()
        return d


@dataclass
class Paragraph:
    text: str
    location: Location | None = None


@dataclass
class Section:
    """One of the six sections (一…六). ``number`` is 1..6; ``heading`` as written."""

    number: int
    heading: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    location: Location | None = None

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


SECTION_TITLES: dict[int, str] = {
    1: "总体情况",
    2: "主动公开政府信息情况",
    3: "收到和处理政府信息公开申请情况",
    4: "政府信息公开行政复议、行政诉讼情况",
    5: "存在的主要问题及改进情况",
    6: "其他需要报告的事项",
}
SECTION_NUMERALS = "一二三四五六"


@dataclass
class Finding:
    """A problem found in a report (检查结果): stable ``code``, ``severity``, Chinese ``message``,
    the field ids it concerns and where it is."""

    code: str
    severity: Severity
    message: str
    fields: list[str] = field(default_factory=list)
    location: Location | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "fields": list(self.fields),
            "location": self.location.to_dict() if self.location else None,
        }


@dataclass
class Report:
    """A whole annual report: metadata, table values keyed by field id, narrative sections.

    ``values`` holds only cells the report printed (or, for register-made reports, computed);
    ``single_other`` marks a 2021 report that printed （六）其他处理 as one row.
    ``notes`` are problems met while reading (findings with codes such as ``PARSE_*``).
    """

    source: str | None = None
    agency: str | None = None
    year: int | None = None
    format: str | None = None
    values: dict[str, Value] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)  # all narrative text, in order
    title: str | None = None
    single_other: bool = False
    mixed_formats: list[str] = field(default_factory=list)  # labels of the other format seen in tables
    notes: list[Finding] = field(default_factory=list)
    meta_locations: dict[str, Location] = field(default_factory=dict)
    date: str | None = None  # 成文日期 as printed at the end, e.g. ``2026年1月20日`` (optional)

    # -------------------------------------------------------------- access
    def get(self, field_id: str) -> Value | None:
        return self.values.get(field_id)

    def number(self, field_id: str) -> int | float | None:
        v = self.values.get(field_id)
        return v.number if v else None

    def section(self, number: int) -> Section | None:
        for s in self.sections:
            if s.number == number:
                return s
        return None

    def field_ids(self) -> tuple[str, ...]:
        """The field ids of this report's own format (the keys of its flat export)."""
        return F.all_fields(self.format or "", self.single_other)

    @property
    def text(self) -> str:
        """All narrative text (paragraphs outside the tables)."""
        return "\n".join(p.text for p in self.paragraphs)

    # -------------------------------------------------------------- export
    def flat(self) -> dict[str, Any]:
        """The flat export of fields.md: ``{field id: value}`` for every field of the format."""
        out: dict[str, Any] = {"meta.agency": self.agency, "meta.year": self.year, "meta.format": self.format}
        for fid in F.table_fields(self.format or "", self.single_other):
            v = self.values.get(fid)
            out[fid] = v.value if v else None
        return out

    def to_dict(self) -> dict[str, Any]:
        """Full JSON form: metadata, every value with its raw text, kind and location, sections."""
        return {
            "source": self.source,
            "agency": self.agency,
            "year": self.year,
            "format": self.format,
            "title": self.title,
            "date": self.date,
            "single_other": self.single_other,
            "values": {k: v.to_dict() for k, v in self.values.items()},
            "sections": [
                {"number": s.number, "heading": s.heading, "text": s.text,
                 "location": s.location.to_dict() if s.location else None}
                for s in self.sections
            ],
            "notes": [n.to_dict() for n in self.notes],
        }
