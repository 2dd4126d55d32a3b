"""Holiday arrangements entered by an administrator (节假日安排录入), stored in the register database so
that every web worker and the CLI see them.

The State Council publishes each year's arrangement (国务院办公厅关于××年部分节假日安排的通知) late in
the preceding year; until a year is known the calendar estimates it (see :mod:`.calendar`) and every
date that runs through it is marked 估算. Entering the arrangement here recomputes the stored due
dates of every open application, so the estimates become exact.

Service functions (stable):

- ``set_year_arrangement(session, year, holidays, workdays, *, source=None, actor) -> CalendarYear``
- ``year_arrangements(session) -> list[CalendarYear]`` (the one in force per year)
- ``calendar_for(session, base=None) -> WorkCalendar`` (library + files + database)
"""
from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import audit
from .calendar import FIXED_HOLIDAYS, WorkCalendar, YearArrangement, _parse_day, default_calendar
from .errors import CalendarError
from .models import CalendarYear

_cache: dict[tuple, WorkCalendar] = {}


def _parse_list(values, year: int, what: str) -> list[dt.date]:
    if isinstance(values, str):
        values = [v for v in values.replace("，", ",").replace("\n", ",").split(",") if v.strip()]
    out: list[dt.date] = []
    for v in values or []:
        out += _parse_day(v, year, what)
    return sorted(set(out))


def validate(year: int, holidays, workdays) -> tuple[list[dt.date], list[dt.date]]:
    """Checked holiday and make-up working days of ``year`` (CalendarError, Chinese, naming the date).

    - every date lies in ``year``; none is both a holiday and a working day;
    - a make-up working day (调休上班) is a Saturday or Sunday;
    - the fixed-date statutory holidays (《全国年节及纪念日放假办法》 Art. 2: 1 January, 1–2 May,
      1–3 October) are holidays.
    """
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise CalendarError(f"年份“{year}”无效") from None
    if not 2000 <= year <= 2100:
        raise CalendarError(f"年份 {year} 超出范围（2000—2100）")
    hol = _parse_list(holidays, year, f"{year}年放假日期")
    work = _parse_list(workdays, year, f"{year}年调休上班日期")
    both = set(hol) & set(work)
    if both:
        raise CalendarError(f"{min(both).isoformat()} 同时列为放假日和调休上班日")
    for d in work:
        if d.weekday() < 5:
            raise CalendarError(f"调休上班日 {d.isoformat()} 不是周六或周日（调休上班日应是周末）")
    missing = [dt.date(year, m, d) for m, d in FIXED_HOLIDAYS if dt.date(year, m, d) not in hol]
    if missing:
        raise CalendarError("放假日期缺少法定节假日：" + "、".join(d.isoformat() for d in missing)
                            + "（《全国年节及纪念日放假办法》第二条）")
    return hol, work


def set_year_arrangement(session: Session, year: int, holidays, workdays, *, source: str | None = None,
                         actor: str) -> CalendarYear:
    """Enter (or re-enter) a year's arrangement; audited; recomputes the due dates of open applications."""
    actor = audit.check_actor(actor)
    hol, work = validate(year, holidays, workdays)
    row = CalendarYear(year=int(year), holidays=json.dumps([d.isoformat() for d in hol]),
                       workdays=json.dumps([d.isoformat() for d in work]), source=(source or "").strip() or None,
                       actor=actor)
    session.add(row)
    session.flush()
    from .service import refresh_deadlines

    n = refresh_deadlines(session)
    audit.log(session, actor, "calendar.set", "calendar", row.id,
              {"year": int(year), "holidays": len(hol), "workdays": len(work), "source": row.source,
               "recomputed": n})
    return row


def year_arrangements(session: Session) -> list[CalendarYear]:
    """The arrangement in force for each year entered (the newest entry of the year), by year."""
    newest = select(func.max(CalendarYear.id)).group_by(CalendarYear.year)
    return list(session.execute(select(CalendarYear).where(CalendarYear.id.in_(newest))
                                .order_by(CalendarYear.year)).scalars())


def _arrangement(row: CalendarYear) -> YearArrangement:
    return YearArrangement(row.year, frozenset(dt.date.fromisoformat(d) for d in json.loads(row.holidays)),
                           frozenset(dt.date.fromisoformat(d) for d in json.loads(row.workdays)),
                           f"登记册数据库（{row.source or row.actor}）")


def calendar_for(session: Session, base: WorkCalendar | None = None) -> WorkCalendar:
    """The working-day calendar of this register: ``base`` (default: library + files) plus the
    arrangements entered in the database."""
    base = base or default_calendar()
    ids = tuple(session.execute(select(func.max(CalendarYear.id)).group_by(CalendarYear.year)).scalars())
    if not ids:
        return base
    key = (id(base), tuple(sorted(ids)))
    cal = _cache.get(key)
    if cal is None:
        if len(_cache) > 32:
            _cache.clear()
        cal = base.with_years(_arrangement(r) for r in year_arrangements(session))
        _cache[key] = cal
    return cal
