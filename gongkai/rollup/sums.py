"""Summing Tables 2–4 over many reports (汇总表二、表三、表四) and checking the sums (汇总核对).

A blank is not a zero: each summed cell counts the reports that gave a number and, separately,
those that left it blank, wrote ``/`` or text, or did not print the row. The sum holds only the
numbers; a cell with any report missing is *incomplete* and the output marks it.

The check (汇总核对) runs the table rules on the sums of the *consistent* reports — those without
an error-level Table 3/4 finding — where a summed cell counts as a number only when every one of
those reports gave a number there: sums of balanced tables must balance.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..check_output import CheckResult
from ..model import Finding, Report, Value
from ..model import fields as F
from ..model import formats

# The codes of the accounting equations of every format (表格勾稽关系规则).
TABLE_CODES = frozenset(e.code for f in formats.table_formats() for e in f.equations)
MISSING_KINDS = ("blank", "na", "text", "absent")
MISSING_LABELS = {"blank": "空白", "na": "填“/”", "text": "填文字", "absent": "未列出该行"}
OTHER_SINGLE_LABEL = "（六）其他处理（未分项填报的报告）"


@dataclass
class CellSum:
    """One summed cell (汇总单元格): the sum of the numbers and who gave none."""

    field: str
    total: int | float | None = None  # None: no report gave a number
    numbers: int = 0
    missing: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in MISSING_KINDS})  # kind -> files

    @property
    def missing_count(self) -> int:
        return sum(len(v) for v in self.missing.values())

    @property
    def complete(self) -> bool:
        return self.missing_count == 0

    def add(self, v: Value | None, file: str) -> None:
        if v is None:
            self.missing["absent"].append(file)
        elif v.kind == "number":
            self.numbers += 1
            self.total = _tidy((self.total or 0) + v.value)
        else:
            self.missing[v.kind if v.kind in MISSING_KINDS else "text"].append(file)

    def describe_missing(self) -> str:
        """``2份报告未填数字：空白1份（a.txt）、填“/”1份（b.txt）``; empty when complete."""
        if self.complete:
            return ""
        parts = []
        for kind in MISSING_KINDS:
            files = self.missing[kind]
            if files:
                shown = "、".join(files[:5]) + (f"等{len(files)}个文件" if len(files) > 5 else "")
                parts.append(f"{MISSING_LABELS[kind]}{len(files)}份（{shown}）")
        return f"{self.missing_count}份报告未填数字，未计入合计：" + "、".join(parts)

    def to_dict(self) -> dict:
        return {"sum": self.total, "reports_with_number": self.numbers,
                **{k: len(v) for k, v in self.missing.items()},
                "complete": self.complete}


@dataclass
class TableSums:
    """Tables 2–4 of one format summed over the reports of one year (汇总表)."""

    format: str
    year: int | None
    files: list[str]
    cells: dict[str, CellSum]
    single_other_files: list[str] = field(default_factory=list)  # 2021 reports with one （六） row
    consistent: list[str] = field(default_factory=list)  # files counted in the check
    check: list[Finding] = field(default_factory=list)  # 汇总核对
    unchecked: list[str] = field(default_factory=list)  # summed cells blank in the check (some report gave no number)

    @property
    def fields(self) -> list[str]:
        return list(self.cells)

    def incomplete(self) -> list[CellSum]:
        return [c for c in self.cells.values() if not c.complete]

    def to_dict(self) -> dict:
        return {"format": self.format, "year": self.year, "reports": len(self.files), "files": self.files,
                "single_other_files": self.single_other_files, "consistent_reports": self.consistent,
                "cells": {k: c.to_dict() for k, c in self.cells.items()},
                "check": [f.to_dict() for f in self.check], "unchecked_cells": self.unchecked}


def _tidy(x: int | float) -> int | float:
    if isinstance(x, float):
        x = round(x, 6)
        if x.is_integer():
            return int(x)
    return x


def sum_fields(fmt: str, any_single_other: bool) -> list[str]:
    """Field ids of the summed tables: the format's own, plus, for a roll-up of a format with the
    ``single_other`` variant (2021) and reports that printed （六）其他处理 as one row, that row
    (``t3.other.*``) before （七）总计."""
    f = formats.get(fmt)
    ids = list(f.table_fields())
    v = f.variant("single_other")
    if v is not None and any_single_other:
        at = ids.index("t3.total.natural")
        ids[at:at] = [f"t3.{v.row.id}.{c}" for c in v.row.columns]
    return ids


def sum_tables(fmt: str, year: int | None, reports: list[Report], results: list[CheckResult]) -> TableSums:
    """Sum the reports (all of format ``fmt``) cell by cell and check the sums of the consistent ones."""
    files = [r.file for r in results]
    single = [res.file for rep, res in zip(reports, results) if rep.single_other]
    ids = sum_fields(fmt, bool(single))
    cells = {fid: CellSum(fid) for fid in ids}
    for rep, res in zip(reports, results):
        for fid in ids:
            cells[fid].add(rep.get(fid), res.file)
    out = TableSums(fmt, year, files, cells, single)
    consistent = [(rep, res) for rep, res in zip(reports, results)
                  if not any(f.severity == "error" and f.code in TABLE_CODES for f in res.findings)]
    out.consistent = [res.file for _, res in consistent]
    if consistent:
        out.check, out.unchecked = check_sums(fmt, year, [rep for rep, _ in consistent])
    return out


def _number(rep: Report, fid: str) -> int | float | None:
    """A report's number for ``fid``; for a 2021 report split into （六）1–3, ``t3.other.*`` is
    their sum (None when one of them is not a number)."""
    table, row, col = F.split_field(fid)
    f = formats.find(rep.format)
    v = f.variant("single_other") if f is not None else None
    if table == "t3" and v is not None and row == v.row.id and not rep.single_other:
        parts = [rep.number(f"t3.{r}.{col}") for r in f.collapsed(v.name)]
        return None if None in parts else sum(parts)
    return rep.number(fid)


def check_sums(fmt: str, year: int | None, reports: list[Report]) -> tuple[list[Finding], list[str]]:
    """汇总核对: the table rules on the sums of ``reports``; a cell some report gave no number for
    is blank (the rules cannot check it). Returns the findings and the blank (unchecked) cells."""
    from ..rules import check

    single = formats.get(fmt).variant("single_other") is not None and any(r.single_other for r in reports)
    ids = F.table_fields(fmt, single)
    values: dict[str, Value] = {}
    for fid in ids:
        nums = [_number(r, fid) for r in reports]
        if None in nums:
            values[fid] = Value(fid, "", "blank", None)
        else:
            s = _tidy(sum(nums))
            values[fid] = Value(fid, str(s), "number", s)
    syn = Report(source="汇总", agency="汇总", year=year, format=fmt, values=values, single_other=single)
    unchecked = [fid for fid, v in values.items() if v.kind == "blank"]
    return check(syn, codes=set(TABLE_CODES)), unchecked
