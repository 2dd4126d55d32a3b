"""Stable field ids (字段编号) of the annual report tables — a public contract.

Grammar: ``t<table>.<row>.<column>``; a row id may contain a dot
(``t3.denied.state_secret.natural``). See ``docs/domain/fields.md``. Never rename an id.

A thin facade over :mod:`gongkai.model.formats`, where each national format (2019 试行格式,
2021 新版格式) is defined once: these names keep working for existing callers; new code asks
the format object (``formats.get(report.format)``).
"""
from __future__ import annotations

from functools import lru_cache

from . import formats as _formats
from .formats import common as _C
from .formats.base import Block, Column, Row  # noqa: F401  (public names of this module)
from .formats.national2019 import FORMAT as _F2019
from .formats.national2021 import FORMAT as _F2021

FORMATS = _formats.ids()
TABLE_FORMATS = _formats.table_ids()
META_FIELDS = ("meta.agency", "meta.year", "meta.format")

# --------------------------------------------------------------------------- Table 2

T2_COLUMN_LABELS: dict[str, str] = dict(_C.T2_COLUMN_LABELS)
T2_COLUMN_LABELS_2021 = dict(_F2021.t2_column_labels)
T2_BLOCKS: dict[str, tuple[Block, ...]] = {f.id: f.t2_blocks for f in _formats.table_formats()}

# Fields holding money amounts, exported in 万元.
AMOUNT_FIELDS = frozenset().union(*(f.amount_fields for f in _formats.table_formats()))
# Fields holding signed differences (本年增/减): a sign is legal there.
SIGNED_FIELDS = frozenset().union(*(f.signed_fields for f in _formats.table_formats()))

# --------------------------------------------------------------------------- Table 3

T3_COLUMNS: tuple[Column, ...] = _C.T3_COLUMNS
T3_COLUMN_IDS = _C.T3_COLUMN_IDS
T3_APPLICANT_COLUMNS = _C.T3_APPLICANT_COLUMNS
T3_ORG_COLUMNS = T3_COLUMN_IDS[1:6]
T3_COLUMN_LABELS = {c.id: c.label for c in T3_COLUMNS}
_RESULTS = _C.RESULTS

T3_ROWS: dict[str, tuple[Row, ...]] = {f.id: f.t3_rows for f in _formats.table_formats()}
# The 2021 （六）其他处理 sub-rows; a report printing （六） as one row keeps ``other`` (fields.md).
T3_OTHER_ROWS_2021 = _F2021.collapsed("single_other")


def _fmt(fmt: str | None) -> _formats.Format:
    """The format object; an unknown or table-less id reads as the earliest table format (as before)."""
    f = _formats.find(fmt)
    return f if f is not None and f.has_tables else _F2019


def outcome_rows(fmt: str, single_other: bool = False) -> tuple[str, ...]:
    """Row ids of Table 3 that （七）总计 sums (办理结果的各项)."""
    return _fmt(fmt).outcome_rows(single_other)


# --------------------------------------------------------------------------- Table 4

T4_GROUPS: tuple[Column, ...] = _C.T4_GROUPS
T4_COLUMNS: tuple[Column, ...] = _C.T4_COLUMNS
T4_GROUP_IDS = tuple(g.id for g in T4_GROUPS)
T4_COLUMN_IDS = tuple(c.id for c in T4_COLUMNS)

# --------------------------------------------------------------------------- catalogue


def table_fields(fmt: str | None, single_other: bool = False) -> tuple[str, ...]:
    """All table field ids of a format, in printed order (Table 2, 3, 4).

    ``single_other`` gives the variant whose （六）其他处理 is one row (it happens in 2021 reports).
    ``pre2019`` reports have no national tables: the tuple is empty.
    """
    f = _formats.find(fmt)
    return f.table_fields(single_other) if f is not None else ()


def all_fields(fmt: str, single_other: bool = False) -> tuple[str, ...]:
    """Metadata plus table fields of a format: the keys of its flat export."""
    return META_FIELDS + table_fields(fmt, single_other)


@lru_cache(maxsize=8)
def _label_index(version: int) -> dict[str, str]:
    idx: dict[str, str] = {}
    for f in _formats.table_formats():
        for block in f.t2_blocks:
            for row in block.rows:
                for c in row.columns:
                    idx.setdefault(f"t2.{row.id}.{c}", f"{row.label}·{f.t2_column_labels[c]}")
        for row in f.t3_rows + tuple(v.row for v in f.variants) + (_C.OTHER_SINGLE,):
            prefix = f"{row.group_label}·" if row.group in f.t3_groups else ""
            for c in row.columns:
                idx.setdefault(f"t3.{row.id}.{c}", f"{prefix}{row.label}·{T3_COLUMN_LABELS[c]}")
        for g in f.t4_groups:
            for c in f.t4_columns:
                idx[f"t4.{g.id}.{c.id}"] = f"{g.label}·{c.label}"
    idx.update({"meta.agency": "机关名称", "meta.year": "报告年度", "meta.format": "表格格式"})
    return idx


def field_label(field_id: str) -> str:
    """Chinese description of a field id for messages, e.g. ``（四）无法提供·1.本机关不掌握相关政府信息·自然人``."""
    return _label_index(_formats.version()).get(field_id, field_id)


def is_known_field(field_id: str) -> bool:
    return field_id in _label_index(_formats.version())


def split_field(field_id: str) -> tuple[str, str, str]:
    """``t3.denied.state_secret.natural`` → (``t3``, ``denied.state_secret``, ``natural``)."""
    table, rest = field_id.split(".", 1)
    row, col = rest.rsplit(".", 1)
    return table, row, col


def default_format(year: int | None) -> str | None:
    """The national format that applies to a report year (2019 for 2019–2020, 2021 from 2021)."""
    if year is None:
        return None
    return _formats.for_year(year).id
