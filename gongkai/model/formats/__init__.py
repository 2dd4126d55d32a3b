"""The national report formats (全国统一格式), each one declarative :class:`Format` object.

    from gongkai.model import formats
    fmt = formats.for_year(2023)          # the format that applies to a report year
    fmt = formats.get(report.format)      # by its ``meta.format`` id; unknown → UnknownFormat

``for_year`` picks, among the formats whose years cover the year, the one that starts latest
(a new national format supersedes an open-ended one without editing it). An unknown format is
an error, never a silent fallback. :func:`register` adds a format (a new State Council
revision is one new module here plus one line in ``_BUILTIN``).
"""
from __future__ import annotations

from ...errors import GongkaiError
from . import national2019, national2021, pre2019
from .base import Block, Blanks, Column, Equation, Format, Row, Variant

_BUILTIN = (national2019.FORMAT, national2021.FORMAT, pre2019.FORMAT)
_REGISTRY: dict[str, Format] = {}
_version = 0
_listeners: list = []


class UnknownFormat(GongkaiError, KeyError):
    """A ``meta.format`` or report year no national format covers."""

    code = "FORMAT_UNKNOWN"

    def __str__(self) -> str:  # KeyError would quote the message
        return self.message


def register(fmt: Format) -> Format:
    """Add (or replace) a format; returns it."""
    global _version
    _REGISTRY[fmt.id] = fmt
    _version += 1
    for fn in _listeners:
        fn()
    return fmt


def unregister(fmt_id: str) -> None:
    global _version
    _REGISTRY.pop(fmt_id, None)
    _version += 1
    for fn in _listeners:
        fn()


def on_change(fn) -> None:
    """Call ``fn()`` whenever a format is registered or removed (indexes built from the formats
    clear their caches)."""
    _listeners.append(fn)


def version() -> int:
    """Changes whenever a format is registered or removed (for caches keyed on the registry)."""
    return _version


for _f in _BUILTIN:
    register(_f)


def all_formats() -> tuple[Format, ...]:
    return tuple(_REGISTRY.values())


def table_formats() -> tuple[Format, ...]:
    """Formats with national Tables 2–4."""
    return tuple(f for f in _REGISTRY.values() if f.has_tables)


def ids() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def table_ids() -> tuple[str, ...]:
    return tuple(f.id for f in table_formats())


def known(fmt_id: str | None) -> bool:
    return fmt_id in _REGISTRY


def has_tables(fmt_id: str | None) -> bool:
    """True for a known format with national tables (not ``pre2019``, not None/unknown)."""
    f = _REGISTRY.get(fmt_id or "")
    return f is not None and f.has_tables


def get(fmt_id: str | None) -> Format:
    """The format with this ``meta.format`` id (raises :class:`UnknownFormat`)."""
    f = _REGISTRY.get(fmt_id or "")
    if f is None:
        raise UnknownFormat(f"未知的表格格式“{fmt_id}”：应为 {'、'.join(_REGISTRY)} 之一")
    return f


def find(fmt_id: str | None) -> Format | None:
    """The format with this id, or None."""
    return _REGISTRY.get(fmt_id or "")


def for_year(year: int) -> Format:
    """The format that applies to a report year (raises :class:`UnknownFormat` when none does)."""
    cands = [f for f in _REGISTRY.values() if f.covers(year)]
    if not cands:
        raise UnknownFormat(f"没有适用于{year}年度报告的表格格式")
    return max(cands, key=lambda f: f.first_year if f.first_year is not None else -1)


def table_format_for(year: int) -> Format:
    """The table format for a year; years before the first national tables get the first one
    (the register counts a case closed in 2018 in the 2019 format's rows)."""
    f = for_year(year)
    if f.has_tables:
        return f
    return min(table_formats(), key=lambda t: t.first_year or 0)


def by_telltales(counts: dict[str, int]) -> str | None:
    """The format whose tell-tale labels were seen most (``counts``: format id → hits); ties go to
    the earlier format, None when no tell-tale was seen."""
    cands = sorted((f for f in table_formats() if f.id in counts), key=lambda f: f.first_year or 0)
    best = max(cands, key=lambda f: counts[f.id], default=None)
    return best.id if best is not None and counts[best.id] > 0 else None


def latest() -> Format:
    """The newest format with tables (the default for a blank form)."""
    return max(table_formats(), key=lambda f: f.first_year or 0)


def others(fmt: Format) -> tuple[Format, ...]:
    """The other formats with tables (for mixed-format detection)."""
    return tuple(f for f in table_formats() if f.id != fmt.id)


__all__ = ["Block", "Blanks", "Column", "Equation", "Format", "Row", "Variant", "UnknownFormat", "register",
           "unregister", "all_formats", "table_formats", "ids", "table_ids", "known", "has_tables", "get", "find",
           "for_year", "table_format_for", "by_telltales", "latest", "others", "version", "on_change"]
