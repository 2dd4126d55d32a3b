"""Information-processing fees (信息处理费), 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号).

Two ways, never both for one application, each progressive (超额累进):

- 按件计收: same applicant, calendar month, cumulative count of applications — 1–10 free;
  11–30 at 100 yuan each; from 31 on, in steps of 10, each step 100 yuan per application more
  than the one before (31–40 at 200, 41–50 at 300, …).
- 按量计收: per application, pages — 1–30 free; 31–100 at 10 yuan a page; 101–200 at 20;
  201 and above at 40.

Amounts are whole yuan (int).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .errors import InvalidInput

FREE_APPLICATIONS = 10
FREE_PAGES = 30
PAGE_BANDS: tuple[tuple[int, int | None, int], ...] = ((31, 100, 10), (101, 200, 20), (201, None, 40))


def price_of_application(n: int) -> int:
    """Charge for the ``n``-th application of an applicant in a calendar month (第n件的收费标准)."""
    if n < 1:
        raise InvalidInput(f"申请件数应为正整数，收到 {n}")
    if n <= FREE_APPLICATIONS:
        return 0
    if n <= 30:
        return 100
    return 200 + 100 * ((n - 31) // 10)


def fee_by_count(count: int) -> int:
    """按件计收: total for ``count`` applications of one applicant in one calendar month."""
    if count < 0:
        raise InvalidInput(f"申请件数不能为负数，收到 {count}")
    return sum(price_of_application(n) for n in range(1, count + 1))


def fee_by_pages(pages: int) -> int:
    """按量计收: charge for one application of ``pages`` pages (or equivalent units)."""
    if pages < 0:
        raise InvalidInput(f"页数不能为负数，收到 {pages}")
    total = 0
    for lo, hi, price in PAGE_BANDS:
        if pages < lo:
            break
        top = pages if hi is None else min(pages, hi)
        total += (top - lo + 1) * price
    return total


def month_count(session: Session, applicant_id: int, on: dt.date, body_id: int | None = None) -> int:
    """Applications of an applicant received in the calendar month of ``on`` up to and including ``on``
    (以本机关为限 when ``body_id`` is given)."""
    from .models import Application

    first = on.replace(day=1)
    q = select(func.count()).select_from(Application).where(
        Application.applicant_id == applicant_id, Application.received_on >= first,
        Application.received_on <= on)
    if body_id is not None:
        q = q.where(Application.body_id == body_id)
    return int(session.execute(q).scalar_one())


def fee_for_application(session: Session, application_id: int, *, pages: int | None = None) -> dict:
    """Both possible charges for one application: per application (its rank among the applicant's
    applications to the body that month) and, when ``pages`` is given, per volume."""
    from .models import Application

    app = session.get(Application, application_id)
    if app is None:
        raise InvalidInput(f"没有编号为 {application_id} 的申请")
    same_month = select(Application.id).where(
        Application.applicant_id == app.applicant_id, Application.body_id == app.body_id,
        Application.received_on >= app.received_on.replace(day=1),
        Application.received_on <= app.received_on).order_by(Application.received_on, Application.id)
    ids = list(session.execute(same_month).scalars())
    rank = ids.index(app.id) + 1
    out = {"rank_in_month": rank, "by_count": price_of_application(rank)}
    if pages is not None:
        out["by_pages"] = fee_by_pages(pages)
    return out


def expected_fee(basis: str, quantity: int) -> int:
    """The fee of one application by 109号: ``by_count`` — the price of the ``quantity``-th application of the
    applicant that month (按件计收); ``by_pages`` — ``quantity`` pages (按量计收)."""
    if basis == "by_count":
        return price_of_application(quantity)
    if basis == "by_pages":
        return fee_by_pages(quantity)
    raise InvalidInput(f"计费方式“{basis}”无效；可用：by_count（按件计收）、by_pages（按量计收）")


def fee_check(session: Session, app, ev) -> list[str]:
    """Warnings (Chinese) for a fee notice whose basis, count or amount disagrees with 国办函〔2020〕109号."""
    out: list[str] = []
    basis, qty, amount = ev.fee_basis, ev.fee_quantity, ev.amount
    if basis is None:
        if amount is not None:
            out.append("收费通知未注明计费方式（按件或按量）和件数、页数，无法按国办函〔2020〕109号核对金额")
        return out
    if qty is None:
        out.append("收费通知未注明件数或页数，无法按国办函〔2020〕109号核对金额")
        return out
    if basis == "by_count":
        rank = fee_for_application(session, app.id)["rank_in_month"]
        if rank != qty:
            out.append(f"登记册中该申请是申请人当月向本机关提出的第{rank}件，收费通知写的是第{qty}件")
    expected = expected_fee(basis, qty)
    if expected == 0:
        out.append(f"按国办函〔2020〕109号，{'当月第' + str(qty) + '件' if basis == 'by_count' else str(qty) + '页'}不收费")
    if amount is not None and amount != expected:
        out.append(f"收费金额{amount}元与国办函〔2020〕109号计算的{expected}元不一致")
    return out
