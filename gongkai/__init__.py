"""gongkai（公开）— government information disclosure annual reports: read, check, write, and the
case register behind Table 3.

Python API (the same operations as the CLI)::

    import gongkai
    report = gongkai.parse("报告.pdf")          # -> gongkai.model.Report
    findings = gongkai.check(report)            # -> list[gongkai.model.Finding]
    report.flat()                               # {field id: value}, see shared/spec/fields.md
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Finding, Report

__version__ = "0.1.0"


def parse(path: str | Path) -> "Report":
    """Read a published report (text, HTML, DOCX, PDF, Markdown, DOC/WPS) into a Report.

    Raises :class:`gongkai.ingest.document.ReadError` with a Chinese reason when the file
    cannot be read as an annual report."""
    from .ingest import parse as _parse

    return _parse(path)


def check(report: "Report | str | Path") -> "list[Finding]":
    """Run every rule on a report (or on a file, parsed first); errors first."""
    from .rules import check as _check

    if not hasattr(report, "values"):
        report = parse(report)  # type: ignore[arg-type]
    return _check(report)  # type: ignore[arg-type]


__all__ = ["parse", "check", "__version__"]
