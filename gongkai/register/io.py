"""Import and export of the register (登记册导入导出), CSV (UTF-8, BOM accepted) or XLSX.

One sheet, one line per step, in order: a line whose 事项 is blank or ``收到申请`` adds an
application; any other 事项 (an event kind id or its Chinese name, e.g. ``答复``) records that
event on the application with the same 机关 + 受理编号. Headers may be Chinese or the ids below.

Import checks every line; if any line is refused nothing is imported (one transaction) and
:class:`~gongkai.register.errors.ImportRejected` lists every refused line with its number and the
reason. Export writes the same layout (so an export with personal data can be imported again);
the applicant's name, identity document and contact (个人信息) are written only with
``include_personal=True``.

Review/litigation cases (Table 4) and Table 2 counts travel with it: two more sheets of an XLSX
file, or sibling CSV files (``登记册.csv`` → ``登记册-行政复议诉讼.csv``, ``登记册-主动公开.csv``),
imported in the same transaction — see :mod:`gongkai.register.io_extra`.
"""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import io_extra as X
from . import service as S
from .errors import ImportRejected, InvalidInput, RegisterError
from .events import EVENT_KINDS, PARTIES
from .models import APPLICANT_KINDS, CHANNELS, Applicant, Application, Body, Event

COLUMNS: list[tuple[str, str]] = [
    ("body", "机关"),
    ("ref_no", "受理编号"),
    ("kind", "事项"),
    ("date", "日期"),
    ("applicant_kind", "申请人类型"),
    ("applicant_name", "申请人"),
    ("id_document", "证件"),
    ("contact", "联系方式"),
    ("channel", "渠道"),
    ("request", "申请内容"),
    ("requested_form", "获取方式"),
    ("outcome", "办理结果"),
    ("party", "征求意见对象"),
    ("until", "补正期限"),
    ("amount", "金额"),
    ("note", "备注"),
]
PERSONAL = ("applicant_name", "id_document", "contact")
_BY_HEADER = {label: key for key, label in COLUMNS} | {key: key for key, _ in COLUMNS}
RECEIVED = ("", "received", "收到申请")


@dataclass
class ImportResult:
    applications: int
    events: int
    rows: int
    extra: X.ExtraCounts = field(default_factory=X.ExtraCounts)  # review cases and Table 2 counts


@dataclass
class ExportResult:
    rows: int  # lines of the main sheet (applications and events)
    review_cases: int
    proactive_counts: int
    files: list[Path]  # the files written (a CSV export: the main file and its siblings)


def _cells(ws) -> list[list[str]]:
    out = []
    for row in ws.iter_rows(values_only=True):
        cells = []
        for v in row:
            if v is None:
                cells.append("")
            elif isinstance(v, dt.datetime):
                cells.append(v.date().isoformat())
            elif isinstance(v, dt.date):
                cells.append(v.isoformat())
            elif isinstance(v, float) and v.is_integer():
                cells.append(str(int(v)))
            else:
                cells.append(str(v))
        out.append(cells)
    return out


def _read_csv(path: Path) -> list[list[str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            return [list(r) for r in csv.reader(f)]
    except UnicodeDecodeError:
        raise InvalidInput(f"{path}：不是 UTF-8 编码的 CSV 文件") from None


def _read_rows(path: Path) -> tuple[list[list[str]], list[tuple[str, str, list[list[str]]]]]:
    """The main sheet's rows and the other tables present, ``(where, sheet, rows)``."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            main = _read_csv(path)
            return main, [(f"文件“{sibling.name}”", sheet, _read_csv(sibling))
                          for sheet, sibling in X.sibling_paths(path).items() if sibling.exists()]
        if suffix in (".xlsx", ".xlsm"):
            import openpyxl

            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
            main = next((ws for ws in wb.worksheets if ws.title not in X.SHEETS), None)
            out = _cells(main) if main is not None else []
            extra = [(f"工作表“{ws.title}”", ws.title, _cells(ws)) for ws in wb.worksheets if ws.title in X.SHEETS]
            wb.close()
            return out, extra
    except UnicodeDecodeError:
        raise InvalidInput(f"{path}：不是 UTF-8 编码的 CSV 文件") from None
    except InvalidInput:
        raise
    except OSError as e:
        raise InvalidInput(f"无法读取 {path}：{e.strerror or e}") from None
    except Exception as e:  # openpyxl: broken or not an xlsx file
        raise InvalidInput(f"{path}：无法作为 Excel 文件读取（{type(e).__name__}）") from None
    raise InvalidInput(f"{path}：只支持 .csv 和 .xlsx 文件")


def _kind(value: str) -> str:
    v = value.strip()
    if v in RECEIVED:
        return "received"
    if v in EVENT_KINDS:
        return v
    for k, label in EVENT_KINDS.items():
        if v == label:
            return k
    known = "、".join(EVENT_KINDS.values())
    raise InvalidInput(f"事项“{v}”无效；可用：收到申请、{known}")


def import_file(session: Session, path: str | Path, *, actor: str, default_body: str | int | None = None) -> ImportResult:
    """Import a CSV/XLSX file in one transaction (the caller commits on success).

    Raises :class:`ImportRejected` with ``problems = [(line number, reason), …]`` when any line is
    refused; the caller must then roll back (the CLI and :func:`import_into` do).
    """
    path = Path(path)
    rows, extra = _read_rows(path)
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows and not any(len(r) > 1 for _, _, r in extra):
        raise ImportRejected(f"{path}：文件是空的", [])
    header = [c.strip() for c in rows[0]] if rows else []
    keys = []
    problems: list[tuple[int, str]] = []
    for i, h in enumerate(header):
        key = _BY_HEADER.get(h)
        if key is None and h:
            problems.append((1, f"第{i + 1}列表头“{h}”无法识别"))
        keys.append(key)
    for required in ("ref_no", "date"):
        if rows and required not in keys:
            problems.append((1, f"缺少“{dict(COLUMNS)[required]}”列"))
    if rows and "body" not in keys and default_body is None:
        problems.append((1, "缺少“机关”列（或用 --body 指定机关）"))
    problems += X.check_headers(extra, has_default_body=default_body is not None)
    if problems:
        raise ImportRejected(f"{path}：表头有误，未导入任何数据", problems)
    default_body_id = S.get_body(session, default_body).id if default_body is not None else None
    body_cache: dict[str, int] = {}
    n_apps = n_events = 0
    for lineno, raw in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in raw):
            continue
        rec = {k: (raw[i].strip() if i < len(raw) else "") for i, k in enumerate(keys) if k}
        try:
            bname = rec.get("body", "")
            if bname:
                if bname not in body_cache:
                    body_cache[bname] = S.get_body(session, bname).id
                body_id = body_cache[bname]
            elif default_body_id is not None:
                body_id = default_body_id
            else:
                raise InvalidInput("“机关”为空")
            ref = rec.get("ref_no", "")
            if not ref:
                raise InvalidInput("“受理编号”为空")
            kind = _kind(rec.get("kind", ""))
            on = S.parse_date(rec.get("date", ""), "日期")
            if kind == "received":
                akind = S.applicant_kind(rec.get("applicant_kind", ""))
                name = rec.get("applicant_name", "")
                if not name:
                    raise InvalidInput("“申请人”为空")
                ch = S.channel(rec.get("channel", ""))
                applicant = S.find_applicant(session, akind, name, rec.get("id_document"))
                if applicant is None:
                    applicant = S.add_applicant(session, akind, name, id_document=rec.get("id_document"),
                                                contact=rec.get("contact"), actor=actor)
                S.add_application(session, body_id=body_id, applicant_id=applicant.id, received_on=on, channel=ch,
                                  request=rec.get("request", ""), requested_form=rec.get("requested_form") or None,
                                  ref_no=ref, actor=actor)
                n_apps += 1
            else:
                app = session.execute(select(Application).where(
                    Application.body_id == body_id, Application.ref_no == ref)).scalar_one_or_none()
                if app is None:
                    raise InvalidInput(f"没有受理编号为“{ref}”的申请（须先有“收到申请”行）")
                party = rec.get("party") or None
                if party and party not in PARTIES:
                    party = next((k for k, v in PARTIES.items() if v == party), party)
                S.record_event(session, app.id, kind, on, outcome=rec.get("outcome") or None, party=party,
                               until=rec.get("until") or None, amount=rec.get("amount") or None,
                               note=rec.get("note") or None, actor=actor)
                n_events += 1
        except RegisterError as e:
            problems.append((lineno, e.message))
    extra_counts, extra_problems = X.import_tables(session, extra, actor=actor, default_body_id=default_body_id)
    problems += extra_problems
    if problems:
        raise ImportRejected(f"{path}：{len(problems)}行被拒绝，未导入任何数据", problems)
    return ImportResult(n_apps, n_events, max(len(rows) - 1, 0), extra_counts)


def import_into(register, path: str | Path, *, actor: str, default_body: str | int | None = None) -> ImportResult:
    """Import ``path`` into an open register: all lines or nothing."""
    with register.transaction() as session:
        return import_file(session, path, actor=actor, default_body=default_body)


def export_rows(session: Session, *, body_id: int | None = None, year: int | None = None,
                include_personal: bool = False) -> list[dict[str, str]]:
    """The register as lines of :data:`COLUMNS` (applications received in ``year`` when given)."""
    q = (select(Application, Body.name, Applicant).join(Body, Body.id == Application.body_id)
         .join(Applicant, Applicant.id == Application.applicant_id)
         .order_by(Application.body_id, Application.received_on, Application.id))
    if body_id is not None:
        q = q.where(Application.body_id == body_id)
    if year is not None:
        q = q.where(Application.received_on >= dt.date(year, 1, 1), Application.received_on <= dt.date(year, 12, 31))
    apps = session.execute(q).all()
    ids = [a.id for a, _, _ in apps]
    events: dict[int, list[Event]] = {}
    for i in range(0, len(ids), 500):
        for ev in session.execute(select(Event).where(Event.application_id.in_(ids[i:i + 500]))
                                  .order_by(Event.id)).scalars():
            events.setdefault(ev.application_id, []).append(ev)
    out = []
    for app, body_name, applicant in apps:
        ref = app.ref_no or f"#{app.id}"
        line = {"body": body_name, "ref_no": ref, "kind": "收到申请", "date": app.received_on.isoformat(),
                "applicant_kind": APPLICANT_KINDS[applicant.kind], "channel": CHANNELS[app.channel],
                "request": app.request or "", "requested_form": app.requested_form or ""}
        if include_personal:
            line |= {"applicant_name": applicant.name, "id_document": applicant.id_document or "",
                     "contact": applicant.contact or ""}
        out.append(line)
        for ev in events.get(app.id, []):
            out.append({"body": body_name, "ref_no": ref, "kind": EVENT_KINDS[ev.kind], "date": ev.on.isoformat(),
                        "outcome": ev.outcome or "", "party": PARTIES.get(ev.party or "", ""),
                        "until": ev.until.isoformat() if ev.until else "",
                        "amount": str(ev.amount) if ev.amount is not None else "", "note": ev.note or ""})
    return out


def _write_csv(path: Path, cols: list[tuple[str, str]], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow([label for _, label in cols])
        for r in rows:
            w.writerow([r.get(k, "") for k, _ in cols])


def _add_sheet(wb, title: str, cols: list[tuple[str, str]], rows: list[dict[str, str]], *, first: bool = False):
    from decimal import Decimal

    from openpyxl.styles import Font

    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append([label for _, label in cols])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([(int(v) if v.lstrip("-").isdigit() else Decimal(v)) if k in X.NUMERIC and v else v
                   for k, v in ((k, r.get(k, "")) for k, _ in cols)])
    ws.freeze_panes = "A2"


def export_register(session: Session, path: str | Path, *, body_id: int | None = None, year: int | None = None,
                    include_personal: bool = False) -> ExportResult:
    """Write the whole register: XLSX with three sheets (登记册, 行政复议诉讼, 主动公开), or CSV (UTF-8 with
    BOM, opens in Excel) plus the two sibling CSV files of :func:`io_extra.sibling_paths`.

    ``year``: applications received, review cases filed, Table 2 counts of that year."""
    path = Path(path)
    cols = [(k, label) for k, label in COLUMNS if include_personal or k not in PERSONAL]
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidInput(f"{path}：只支持导出为 .csv 或 .xlsx")
    rows = export_rows(session, body_id=body_id, year=year, include_personal=include_personal)
    tables = X.export_tables(session, body_id=body_id, year=year)
    files = [path]
    if suffix == ".csv":
        _write_csv(path, cols, rows)
        for sheet, sibling in X.sibling_paths(path).items():
            _write_csv(sibling, X.COLUMNS[sheet], tables[sheet])
            files.append(sibling)
    else:
        import openpyxl

        wb = openpyxl.Workbook(write_only=False)
        _add_sheet(wb, "登记册", cols, rows, first=True)
        for sheet, lines in tables.items():
            _add_sheet(wb, sheet, X.COLUMNS[sheet], lines)
        wb.save(path)
    return ExportResult(len(rows), len(tables[X.REVIEW_SHEET]), len(tables[X.PROACTIVE_SHEET]), files)


def export_file(session: Session, path: str | Path, *, body_id: int | None = None, year: int | None = None,
                include_personal: bool = False) -> int:
    """:func:`export_register`; returns the line count of the main sheet."""
    return export_register(session, path, body_id=body_id, year=year, include_personal=include_personal).rows
