"""Check results kept in the database (检查结果存储): any worker process serves the result page and
its Excel download; results are kept for a configured time (``GONGKAI_CHECK_RETENTION_HOURS``,
default 72) and can be reopened by the uploader and by the supervisors and administrators of the
uploader's body."""
from __future__ import annotations

import datetime as dt
import os
import secrets

from sqlalchemy import delete
from sqlalchemy.orm import Session

from ..model import Finding, Location, Paragraph, Report, Section, Value
from ..model import fields as F
from ..model import formats
from ..rules import rule_catalogue
from .checking import CheckedFile
from .models import utcnow
from .models_workplace import CheckResult
from .tables import Grid, GridRow, _cell, marked_fields


def retention_hours() -> float:
    raw = os.environ.get("GONGKAI_CHECK_RETENTION_HOURS", "").strip()
    try:
        return max(float(raw), 0.1) if raw else 72.0
    except ValueError:
        return 72.0


def _loc(d: dict | None) -> Location | None:
    return Location(**d) if d else None


def report_from_dict(d: dict) -> Report:
    """The inverse of :meth:`Report.to_dict` (enough to draw the tables and list the sections)."""
    r = Report(source=d.get("source"), agency=d.get("agency"), year=d.get("year"), format=d.get("format"),
               title=d.get("title"), date=d.get("date"), single_other=bool(d.get("single_other")))
    for fid, v in (d.get("values") or {}).items():
        r.values[fid] = Value(fid, v.get("raw"), v.get("kind", "blank"), v.get("value"), _loc(v.get("location")),
                              v.get("unit"), v.get("header_unit"))
    for s in d.get("sections") or []:
        r.sections.append(Section(s["number"], s.get("heading") or "", [Paragraph(s.get("text") or "")],
                                  _loc(s.get("location"))))
    return r


def finding_from_dict(d: dict) -> Finding:
    return Finding(d["code"], d["severity"], d["message"], list(d.get("fields") or []), _loc(d.get("location")))


def _file_dict(cf: CheckedFile) -> dict:
    return {"name": cf.name, "error": cf.error, "seconds": cf.seconds,
            "report": cf.report.to_dict() if cf.report else None,
            "findings": [f.to_dict() for f in cf.findings]}


def _file(d: dict) -> CheckedFile:
    return CheckedFile(d["name"], report_from_dict(d["report"]) if d.get("report") else None,
                       [finding_from_dict(f) for f in d.get("findings") or []], d.get("error"), d.get("seconds", 0.0))


def save(db: Session, user_id: int, body_id: int | None, files: list[CheckedFile]) -> str:
    """Store a check; returns its id (random, unguessable). Expired results are removed."""
    purge(db)
    key = secrets.token_urlsafe(16)[:22]
    db.add(CheckResult(id=key, user_id=user_id, body_id=body_id, created_at=utcnow(), files=len(files),
                       payload={"files": [_file_dict(cf) for cf in files]}))
    return key


def load(db: Session, key: str) -> tuple[CheckResult, list[CheckedFile]] | None:
    row = db.get(CheckResult, key[:32])
    if row is None or row.created_at < utcnow() - dt.timedelta(hours=retention_hours()):
        return None
    return row, [_file(d) for d in (row.payload or {}).get("files", [])]


def purge(db: Session) -> int:
    cutoff = utcnow() - dt.timedelta(hours=retention_hours())
    return db.execute(delete(CheckResult).where(CheckResult.created_at < cutoff)).rowcount or 0


# ------------------------------------------------------------------------------ display helpers

_TITLES: dict[str, str] | None = None


def rule_titles() -> dict[str, str]:
    """Rule code → Chinese title (规则名称), from the rule catalogue."""
    global _TITLES
    if _TITLES is None:
        _TITLES = {r.code: r.title for r in rule_catalogue()}
    return _TITLES


def table2_grid(report: Report, findings: list[Finding] | None = None) -> list[Grid]:
    """表二 主动公开政府信息情况, one grid per block (第二十条第（一）项…), cells marked by findings."""
    fmt = formats.find(report.format)
    if fmt is None or not fmt.has_tables:
        fmt = formats.table_format_for(report.year) if report.year else formats.latest()
    labels = fmt.t2_column_labels or F.T2_COLUMN_LABELS
    marks = marked_fields(findings or [], report)
    grids = []
    for block in fmt.t2_blocks:
        g = Grid(f"表二 主动公开政府信息情况 · {block.heading}", [labels.get(c, c) for c in block.columns])
        for row in block.rows:
            g.rows.append(GridRow(row.label, [_cell(report, f"t2.{row.id}.{c}", marks) for c in row.columns]))
        grids.append(g)
    return grids


def skipped_checks(cf: CheckedFile) -> list[Finding]:
    """Notices of checks that could not be made because cells are blank (空白单元格未能检查)."""
    r = cf.report
    if r is None:
        return []
    out = []
    for f in cf.findings:
        if f.severity != "notice":
            continue
        blank = [fid for fid in f.fields if (v := r.values.get(fid)) is None or v.kind == "blank"]
        if blank or "空白" in f.message or "未填" in f.message:
            out.append(f)
    return out


def status_of(cf: CheckedFile) -> tuple[str, str]:
    """(css, Chinese status) of one checked file for the summary table."""
    if cf.error:
        return "err", "无法读取"
    c = cf.counts
    if c["error"]:
        return "err", "有错误"
    if c["warning"]:
        return "warn", "有警告"
    return "ok", "未发现错误"
