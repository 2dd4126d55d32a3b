"""Checking uploaded reports (上传年报检查): type/size screening, parse, rules, Excel export."""
from __future__ import annotations

import io
import re
import secrets
import tempfile
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Finding, Report
from ..model import fields as F

ALLOWED = {
    ".txt": "text", ".text": "text", ".html": "text", ".htm": "text", ".md": "text", ".markdown": "text",
    ".docx": "zip", ".pdf": "pdf", ".doc": "cfb", ".wps": "cfb",
}
ALLOWED_LABEL = "TXT、HTML、Markdown、DOCX、DOC/WPS、PDF"
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "notice": "提示"}


class UploadRefused(Exception):
    """An upload that is not accepted; ``message`` is Chinese and names the file."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def safe_name(name: str) -> str:
    """The file's base name with path parts and odd characters removed (keeps Chinese)."""
    base = re.split(r"[\\/]", name or "")[-1].strip() or "report"
    base = re.sub(r"[\x00-\x1f<>:\"|?*]", "_", base)
    return base[:150]


def screen(name: str, data: bytes, limit: int) -> str:
    """Refuse files of the wrong type or too large (Chinese message); returns the safe name."""
    name = safe_name(name)
    ext = Path(name).suffix.lower()
    if len(data) > limit:
        raise UploadRefused(f"文件“{name}”过大（{len(data) / 1048576:.1f} MB），超过 {limit / 1048576:g} MB 的上限。")
    if ext not in ALLOWED:
        raise UploadRefused(f"文件“{name}”的类型不受支持：只接受 {ALLOWED_LABEL} 格式的年度报告。")
    if not data:
        raise UploadRefused(f"文件“{name}”是空文件。")
    kind = ALLOWED[ext]
    head = data[:8]
    ok = {
        "pdf": data[:1024].lstrip().startswith(b"%PDF"),
        "zip": head.startswith(b"PK\x03\x04"),
        "cfb": head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") or head.startswith(b"PK\x03\x04"),
        "text": b"\x00" not in data[:4096] or data[:2] in (b"\xff\xfe", b"\xfe\xff"),
    }[kind]
    if not ok:
        raise UploadRefused(f"文件“{name}”的内容与扩展名“{ext}”不符，可能不是 {ALLOWED_LABEL} 格式的年度报告。")
    return name


@dataclass
class CheckedFile:
    """One checked upload (已检查的文件)."""

    name: str
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0

    @property
    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "notice": 0}
        for f in self.findings:
            out[f.severity] = out.get(f.severity, 0) + 1
        return out

    def to_dict(self) -> dict:
        r = self.report
        return {
            "file": self.name,
            "error": self.error,
            "agency": r.agency if r else None,
            "year": r.year if r else None,
            "format": r.format if r else None,
            "counts": self.counts,
            "findings": [f.to_dict() for f in self.findings],
            "values": r.flat() if r else None,
        }


def check_bytes(name: str, data: bytes) -> CheckedFile:
    """Parse and check one report given as bytes (the name's extension tells the reader)."""
    import gongkai
    from ..ingest.document import ReadError
    from ..rules import check

    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="gongkai-check-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            report = gongkai.parse(path)
        except ReadError as e:
            msg = e.reason if name in e.reason else f"文件“{name}”无法读取：{e.reason}"
            return CheckedFile(name, error=msg, seconds=time.perf_counter() - t0)
        except Exception as e:  # a reader bug must not become a traceback for the user
            return CheckedFile(name, error=f"文件“{name}”读取失败（{type(e).__name__}）：请确认是年度报告文件。",
                               seconds=time.perf_counter() - t0)
    report.source = name
    try:
        findings = check(report)
    except Exception as e:  # pragma: no cover - a rule bug
        return CheckedFile(name, report, error=f"文件“{name}”检查时出错（{type(e).__name__}）。",
                           seconds=time.perf_counter() - t0)
    for f in findings:  # locations point at the temporary path: show the uploaded name
        if f.location is not None and f.location.file and f.location.file != name:
            from dataclasses import replace

            f.location = replace(f.location, file=name)
    return CheckedFile(name, report, findings, seconds=time.perf_counter() - t0)


def findings_workbook(files: list[CheckedFile]) -> bytes:
    """The findings of the checked files as an Excel workbook (检查结果.xlsx)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "检查结果"
    head = ["文件", "机关", "年度", "级别", "代码", "说明", "涉及单元格", "位置"]
    ws.append(head)
    for c in ws[1]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDE6F0")
    fills = {"error": "FBD5D1", "warning": "FFF1CC"}
    for cf in files:
        r = cf.report
        if cf.error:
            ws.append([cf.name, r.agency if r else "", r.year if r else "", "错误", "FILE", cf.error, "", ""])
            continue
        for f in cf.findings:
            ws.append([cf.name, r.agency or "", r.year or "", SEVERITY_LABELS.get(f.severity, f.severity), f.code,
                       f.message, "；".join(f"{fid}（{F.field_label(fid)}）" for fid in f.fields),
                       f.location.describe() if f.location else ""])
            if f.severity in fills:
                ws.cell(ws.max_row, 4).fill = PatternFill("solid", fgColor=fills[f.severity])
    for col, width in zip("ABCDEFGH", (28, 24, 8, 8, 22, 60, 40, 30)):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        row[5].alignment = Alignment(wrap_text=True, vertical="top")
        row[6].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class ResultStore:
    """Recent check results kept in memory for the Excel download (最近的检查结果), per user."""

    def __init__(self, size: int = 64, ttl: float = 3600.0):
        self.size, self.ttl = size, ttl
        self._items: OrderedDict[str, tuple[float, int, list[CheckedFile]]] = OrderedDict()

    def put(self, user_id: int, files: list[CheckedFile]) -> str:
        key = secrets.token_urlsafe(12)
        self._items[key] = (time.time(), user_id, files)
        while len(self._items) > self.size:
            self._items.popitem(last=False)
        return key

    def get(self, user_id: int, key: str) -> list[CheckedFile] | None:
        item = self._items.get(key)
        if item is None or item[1] != user_id or time.time() - item[0] > self.ttl:
            return None
        return item[2]
