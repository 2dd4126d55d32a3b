"""The supervisor's collection desk (年报报送与汇总): each body sends its annual report for the year
(uploaded by the body or by the supervisor), it is checked at once, the supervisor returns it with
a reason (退回) or accepts it (通过); the body re-submits. The desk lists every subordinate body
with its status — 未报送 / 已报送 / 有错误待修改 / 已退回 / 已通过 —, compares key figures and makes
the roll-up workbook with :mod:`gongkai.rollup` (the same as ``gongkai rollup``).

Publishing annual reports by 31 January: Art. 49 and 50 of the Regulations on the Disclosure of
Government Information (国务院令第711号); the supervisor's summary: 国办公开办函〔2021〕30号."""
from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..register.errors import InvalidInput
from .audit import audit
from .checking import CheckedFile, check_bytes, safe_name
from .models import WebUser, utcnow
from .models_workplace import Submission

STATUSES: dict[str, str] = {"none": "未报送", "submitted": "已报送", "errors": "有错误待修改", "returned": "已退回",
                            "accepted": "已通过"}
STATUS_CSS = {"none": "", "submitted": "warn", "errors": "err", "returned": "err", "accepted": "ok"}
FIGURES: dict[str, str] = {  # key figure → column title (对比表)
    "applications": "本年新收申请", "carried_over": "上年结转", "granted": "予以公开占比", "partial": "部分公开占比",
    "denied": "不予公开占比", "review_corrected": "复议被纠错", "suit_corrected": "诉讼被纠错", "carry_forward": "结转下年",
}


def _num(flat: dict, fid: str):
    v = flat.get(fid)
    return v if isinstance(v, (int, float)) else None


def key_figures(cf: CheckedFile) -> dict:
    """The comparison figures of a checked report (blank cells stay None: a blank is not a zero)."""
    if cf.report is None:
        return {}
    flat = cf.report.flat()
    total = _num(flat, "t3.total.total")

    def share(*ids):
        parts = [_num(flat, f"t3.{i}.total") for i in ids]
        if not total or any(p is None for p in parts):
            return None
        return round(100 * sum(parts) / total, 1)

    denied = [fid.split(".")[1] + "." + fid.split(".")[2] for fid in flat
              if fid.startswith("t3.denied.") and fid.endswith(".total")]
    corrected = [_num(flat, "t4.suit_direct.corrected"), _num(flat, "t4.suit_after_review.corrected")]
    return {"applications": _num(flat, "t3.new.total"), "carried_over": _num(flat, "t3.carried_over.total"),
            "granted": share("granted"), "partial": share("partial"),
            "denied": share(*denied) if denied else share("denied"),
            "review_corrected": _num(flat, "t4.review.corrected"),
            "suit_corrected": None if None in corrected else sum(corrected),
            "carry_forward": _num(flat, "t3.carry_forward.total")}


def submit(db: Session, *, body_id: int, year: int, filename: str, data: bytes, actor: str) -> Submission:
    """Check the file and record the submission: 有错误待修改 when the check finds errors, otherwise 已报送."""
    if not 2008 <= year <= dt.date.today().year:
        raise InvalidInput(f"报告年度 {year} 不在允许的范围内（2008—{dt.date.today().year}）")
    name = safe_name(filename)
    cf = check_bytes(name, data)
    errors = cf.counts["error"] + (1 if cf.error else 0)
    row = Submission(body_id=body_id, year=year, status="errors" if errors else "submitted", filename=name,
                     data=data, errors=errors, warnings=cf.counts["warning"], figures=key_figures(cf),
                     submitted_by=actor, submitted_at=utcnow(), reason=cf.error)
    if cf.report is not None and cf.report.year not in (None, year):
        row.status, row.errors = "errors", row.errors + 1
        row.reason = f"文件中的报告年度为 {cf.report.year} 年，不是所报送的 {year} 年"
    db.add(row)
    db.flush()
    audit(db, actor, "submission.add", "submission", row.id, {"body_id": body_id, "year": year, "status": row.status})
    return row


def decide(db: Session, row: Submission, *, accept: bool, reason: str, actor: str) -> Submission:
    """The supervisor's decision: 通过, or 退回 with a reason (told to the body's users)."""
    from .assign import notify

    reason = (reason or "").strip()
    if not accept and not reason:
        raise InvalidInput("退回须注明理由")
    if len(reason) > 2000:
        raise InvalidInput("理由过长（最多 2000 字）")
    if row.status in ("returned", "accepted"):
        raise InvalidInput(f"该报送已{STATUSES[row.status]}，不能再处理")
    row.status = "accepted" if accept else "returned"
    row.decided_by, row.decided_at, row.reason = actor, utcnow(), reason or None
    audit(db, actor, "submission.accept" if accept else "submission.return", "submission", row.id,
          {"body_id": row.body_id, "year": row.year, "reason": reason or None})
    users = db.scalars(select(WebUser).where(WebUser.body_id == row.body_id, WebUser.active.is_(True),
                                             WebUser.role.in_(("officer", "approver"))))
    text = (f"{row.year} 年度报告已通过审核。" if accept else f"{row.year} 年度报告被退回：{reason[:200]}")
    for u in users:
        notify(db, u.id, f"submission:{row.id}:{row.status}", "submission", text, f"/collect?year={row.year}")
    return row


def latest(db: Session, body_ids: list[int], year: int) -> dict[int, Submission]:
    """The newest submission of each body for the year."""
    out: dict[int, Submission] = {}
    if not body_ids:
        return out
    for row in db.scalars(select(Submission).where(Submission.body_id.in_(body_ids), Submission.year == year)
                          .order_by(Submission.id)):
        out[row.body_id] = row
    return out


def history(db: Session, body_id: int) -> list[Submission]:
    return list(db.scalars(select(Submission).where(Submission.body_id == body_id).order_by(Submission.id.desc())))


@dataclass
class DeskRow:
    body_id: int
    name: str
    level: str
    submission: Submission | None

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else "none"


def rollup_workbook(rows: list[Submission], year: int, names: dict[int, str]) -> bytes:
    """The roll-up workbook (汇总.xlsx) of the given submissions, made by :mod:`gongkai.rollup`."""
    from ..rollup import rollup
    from ..rollup.workbook import write_workbook

    with tempfile.TemporaryDirectory(prefix="gongkai-rollup-") as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        for row in rows:
            stem = safe_name(names.get(row.body_id, str(row.body_id)))
            (folder / f"{row.id:05d}-{stem}{Path(row.filename).suffix.lower() or '.txt'}").write_bytes(row.data or b"")
        out = Path(tmp) / "汇总.xlsx"
        write_workbook(rollup([folder], year=year), out)
        return out.read_bytes()
