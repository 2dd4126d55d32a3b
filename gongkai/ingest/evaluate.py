"""Measuring the reader against hand-checked truth files (读取准确率评测).

A truth file is the expected flat export of a report (``shared/spec/fields.md``). For a report
``<stem>.<ext>`` the truth is ``<stem>.json`` or ``seed-<stem>.json`` in the truth folder.
Numbers are equal within 1e-6; ``null``, ``"/"`` and texts must be equal exactly.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from ..model import Report
from .document import ReadError

TOLERANCE = 1e-6


def values_equal(got: Any, expected: Any, tol: float = TOLERANCE) -> bool:
    """Field equality of the evaluation: numbers within ``tol``, everything else exact."""
    num = (int, float)
    if isinstance(got, bool) or isinstance(expected, bool):
        return got is expected
    if isinstance(got, num) and isinstance(expected, num):
        if isinstance(got, float) and math.isnan(got):
            return False
        return abs(got - expected) <= tol
    return got == expected and type(got) is type(expected)


@dataclass
class FieldDiff:
    field: str
    got: Any
    expected: Any

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "got": self.got, "expected": self.expected}


@dataclass
class ReportScore:
    """One report: how many fields of the union of both exports agree."""

    report: str
    truth: str
    total: int
    correct: int
    diffs: list[FieldDiff] = field(default_factory=list)
    error: str | None = None  # the reader's message when the report could not be read

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"report": self.report, "truth": self.truth, "total": self.total, "correct": self.correct,
                "accuracy": self.accuracy, "error": self.error, "diffs": [d.to_dict() for d in self.diffs]}


@dataclass
class EvalResult:
    reports: list[ReportScore] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # reports without a truth file

    @property
    def total(self) -> int:
        return sum(r.total for r in self.reports)

    @property
    def correct(self) -> int:
        return sum(r.correct for r in self.reports)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def exact_reports(self) -> int:
        return sum(1 for r in self.reports if r.total and r.correct == r.total)

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "correct": self.correct, "accuracy": self.accuracy,
                "reports_exact": self.exact_reports, "reports": [r.to_dict() for r in self.reports],
                "unmatched": self.unmatched}


def compare_flat(got: dict[str, Any], truth: dict[str, Any]) -> tuple[int, int, list[FieldDiff]]:
    """(fields compared, fields equal, differences) over the union of both key sets;
    a key present on one side only is compared with ``<absent>``."""
    absent = "<absent>"
    keys = list(truth) + [k for k in got if k not in truth]
    diffs = []
    for k in keys:
        g = got.get(k, absent) if k in got else absent
        e = truth.get(k, absent) if k in truth else absent
        if not values_equal(g, e):
            diffs.append(FieldDiff(k, g, e))
    return len(keys), len(keys) - len(diffs), diffs


def truth_for(report: Path, truth_dir: Path) -> Path | None:
    """The truth file of a report: ``<stem>.json`` or ``seed-<stem>.json``."""
    for name in (f"{report.stem}.json", f"seed-{report.stem}.json"):
        p = truth_dir / name
        if p.is_file():
            return p
    return None


def report_files(sources: Iterable[Path]) -> list[Path]:
    """Report files from folders (not recursive) and files; a ``.lst``/``.list`` file lists paths."""
    out: list[Path] = []
    for src in sources:
        src = Path(src)
        if src.is_dir():
            out += sorted(p for p in src.iterdir() if p.is_file() and not p.name.startswith(".")
                          and p.suffix.lower() != ".json")
        elif src.suffix.lower() in (".lst", ".list"):
            for line in src.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    p = Path(line)
                    out.append(p if p.is_absolute() else src.parent / p)
        else:
            out.append(src)
    return out


def evaluate(sources: Iterable[Path], truth_dir: Path,
             parse: Callable[[Path], Report] | None = None) -> EvalResult:
    """Parse every report that has a truth file and compare the flat exports."""
    if parse is None:
        from . import parse as _parse

        parse = _parse
    truth_dir = Path(truth_dir)
    result = EvalResult()
    for path in report_files(sources):
        tpath = truth_for(path, truth_dir)
        if tpath is None:
            result.unmatched.append(str(path))
            continue
        truth = json.loads(tpath.read_text(encoding="utf-8"))
        try:
            got = parse(path).flat()
        except ReadError as e:
            result.reports.append(ReportScore(str(path), str(tpath), len(truth), 0,
                                              [FieldDiff(k, None, v) for k, v in truth.items()], e.reason))
            continue
        total, correct, diffs = compare_flat(got, truth)
        result.reports.append(ReportScore(str(path), str(tpath), total, correct, diffs))
    return result
