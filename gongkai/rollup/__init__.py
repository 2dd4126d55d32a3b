"""Supervisor roll-up (年度报告汇总): read and check many annual reports at once and sum their tables.

A supervising office (上级主管部门) collects the reports of its departments and lower-level
governments each January. :func:`rollup` parses and checks every file (an unreadable file is
listed with its reason, never aborting the run), sums Tables 2–4 of the chosen year per format
(a blank is not a zero: cells some report left blank are counted, not summed as 0), checks the
sums of the reports whose tables balance, and — given last year's reports — matches agencies
across years and runs the cross-year checks (``check_pair``).

Output: :func:`gongkai.rollup.workbook.write_workbook` (汇总.xlsx) and
:func:`gongkai.rollup.output.to_json`.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..check_output import CheckResult, check_path, exit_code
from ..model import Finding, Report, formats
from .sums import TableSums, sum_tables

__all__ = ["Entry", "Pair", "Rollup", "TableSums", "rollup", "expand", "normalise_agency", "read_and_check"]


@dataclass
class Entry:
    """One file of the roll-up (报告清单的一行): its check result and, when readable, its report."""

    result: CheckResult
    report: Report | None = None
    summed: bool = False  # counted in the sums (year chosen, national table format)

    @property
    def file(self) -> str:
        return self.result.file


@dataclass
class Pair:
    """A cross-year match (跨年核对): this year's report, last year's report of the same agency
    (``previous`` None when none was found) and the ``check_pair`` findings."""

    current: Entry
    previous: Entry | None
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Rollup:
    """The whole roll-up (汇总结果)."""

    entries: list[Entry]
    year: int | None
    sums: dict[str, TableSums] = field(default_factory=dict)  # by format ("2019", "2021")
    pairs: list[Pair] | None = None  # None: no previous reports given
    previous_entries: list[Entry] = field(default_factory=list)

    @property
    def results(self) -> list[CheckResult]:
        return [e.result for e in self.entries]

    @property
    def readable(self) -> list[Entry]:
        return [e for e in self.entries if e.result.ok]

    @property
    def unreadable(self) -> list[Entry]:
        return [e for e in self.entries + self.previous_entries if not e.result.ok]

    @property
    def with_errors(self) -> list[Entry]:
        return [e for e in self.readable if e.result.count("error")]

    def code_counts(self, severities: Iterable[str] = ("error", "warning")) -> list[tuple[str, int]]:
        """Finding codes by number of reports they occur in (most common first)."""
        sev = set(severities)
        c: Counter[str] = Counter()
        for e in self.readable:
            c.update({f.code for f in e.result.findings if f.severity in sev})
        return c.most_common()

    @property
    def exit_code(self) -> int:
        """Like ``gongkai check``: 2 when a file (also of ``--previous``) could not be read, 1 when a
        report has an error-level finding, else 0."""
        return exit_code(self.results + [e.result for e in self.previous_entries])


# ----------------------------------------------------------------------------- reading

def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; directories searched recursively (:func:`gongkai.ingest.expand_paths`)."""
    from ..ingest import expand_paths

    return expand_paths(paths)


def read_and_check(path: str | Path) -> Entry:
    """Parse and check one file; a file that cannot be read gives an entry with its reason."""
    result = check_path(path)
    return Entry(result, result.report)


def _read_all(files: list[Path], progress: Callable[[Path], None] | None) -> list[Entry]:
    out = []
    for f in files:
        if progress:
            progress(f)
        out.append(read_and_check(f))
    return out


# ----------------------------------------------------------------------------- year and pairs

def choose_year(entries: list[Entry]) -> int | None:
    """The roll-up year when none is given: the most common report year (latest on a tie)."""
    years = Counter(e.report.year for e in entries if e.report and e.report.year is not None)
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))


_NAME_DROP = re.compile(r"[\s\u3000·•\.．,，、:：;；\"“”'‘’()（）\[\]【】〔〕<>《》\-—_]+")


def normalise_agency(name: str | None) -> str:
    """An agency name for matching across years (机关名称规范化): NFKC, no spaces or punctuation."""
    if not name:
        return ""
    return _NAME_DROP.sub("", unicodedata.normalize("NFKC", name))


def _pairs(current: list[Entry], previous: list[Entry]) -> Iterator[Pair]:
    from ..rules.crossyear import check_pair

    by_name: dict[str, list[Entry]] = {}
    for e in previous:
        if e.report and normalise_agency(e.report.agency):
            by_name.setdefault(normalise_agency(e.report.agency), []).append(e)
    for e in current:
        if e.report is None:
            continue
        cands = by_name.get(normalise_agency(e.report.agency), []) if e.report.agency else []
        year = e.report.year
        # last year's report if there is one, else the latest earlier one, else any
        earlier = [c for c in cands if c.report.year is not None and year is not None and c.report.year < year]
        prev = (next((c for c in earlier if c.report.year == year - 1), None) if year is not None else None) \
            or max(earlier, key=lambda c: c.report.year, default=None) \
            or (cands[0] if cands and year is None else None)
        if prev is None:
            yield Pair(e, None)
            continue
        found = check_pair(prev.report, e.report)
        e.result.findings += found
        yield Pair(e, prev, found)


# ----------------------------------------------------------------------------- main

def rollup(paths: Iterable[str | Path], previous: Iterable[str | Path] | str | Path | None = None, *,
           year: int | None = None, progress: Callable[[Path], None] | None = None) -> Rollup:
    """Read, check and sum many reports (汇总).

    ``paths``: files and/or directories. ``previous``: last year's reports (a directory, a file or
    a list of them) for the cross-year checks; their findings are added to this year's reports.
    ``year``: the report year to sum (default: the most common year). ``progress`` is called with
    each file before it is read (for a progress bar).
    """
    files = expand(paths)
    prev_files: list[Path] = []
    if previous is not None:
        prev_files = expand([previous] if isinstance(previous, (str, Path)) else previous)
    entries = _read_all(files, progress)
    prev_entries = _read_all(prev_files, progress)
    chosen = year if year is not None else choose_year(entries)
    pairs = list(_pairs(entries, prev_entries)) if previous is not None else None
    out = Rollup(entries, chosen, pairs=pairs, previous_entries=prev_entries)
    by_format: dict[str, list[Entry]] = {}
    for e in entries:
        r = e.report
        if r is not None and r.year == chosen and chosen is not None and formats.has_tables(r.format):
            e.summed = True
            by_format.setdefault(r.format, []).append(e)
    for fmt in sorted(by_format):
        group = by_format[fmt]
        out.sums[fmt] = sum_tables(fmt, chosen, [e.report for e in group], [e.result for e in group])
    return out
