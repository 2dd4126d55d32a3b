"""Working days (工作日): Monday–Friday except public holidays, plus the weekend days that the
State Council's yearly arrangement (国务院办公厅关于部分节假日安排的通知) turns into working
days (调休上班).

The years come from the ``chinesecalendar`` package (import name ``chinese_calendar``; 1.11.0, the
newest release, knows 2004–2026), from arrangements an administrator enters into the register
database (:mod:`gongkai.register.holidays`), and from local calendar files. A year none of them
knows is **estimated** (估算): Monday–Friday minus the fixed-date statutory holidays of
《全国年节及纪念日放假办法》 (as amended by State Council Decree 798, in force 2025-01-01:
元旦 1 January, 劳动节 1–2 May, 国庆节 1–3 October). Lunar holidays and 调休 are not guessed; every
date that runs through an estimated year is marked 估算 by the callers (:meth:`WorkCalendar.estimated`)
and recomputed once the arrangement is entered. A local calendar file can add (or correct) a year's
official arrangement::

    # calendar-2027.yaml  (JSON works too)
    year: 2027
    holidays: [2027-01-01, 2027-02-05..2027-02-11]   # 放假日期（可写区间 起..止）
    workdays: [2027-02-14]                             # 调休上班的周末

A file may also hold several years: ``years: [{year: …, holidays: …, workdays: …}, …]``.
Files named in env ``GONGKAI_CALENDAR`` (separated by ``os.pathsep``) are loaded by
:func:`default_calendar`.
"""
from __future__ import annotations

import bisect
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import chinese_calendar

from .errors import CalendarError

ENV_CALENDAR = "GONGKAI_CALENDAR"


@dataclass
class YearArrangement:
    """One year's official arrangement: holiday dates and make-up working days (调休)."""

    year: int
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    source: str = ""


def _parse_day(text, year: int, where: str) -> list[dt.date]:
    if isinstance(text, dt.date):
        days = [text]
    else:
        s = str(text).strip()
        try:
            if ".." in s:
                a, b = (dt.date.fromisoformat(x.strip()) for x in s.split("..", 1))
                if b < a:
                    raise ValueError
                days = [a + dt.timedelta(n) for n in range((b - a).days + 1)]
            else:
                days = [dt.date.fromisoformat(s)]
        except ValueError:
            raise CalendarError(f"{where}：“{s}”不是日期（应写作 2027-01-01 或 2027-02-05..2027-02-11）") from None
    for d in days:
        if d.year != year:
            raise CalendarError(f"{where}：日期 {d.isoformat()} 不属于 {year} 年")
    return days


def parse_arrangements(data, source: str = "") -> list[YearArrangement]:
    """Year arrangements from the loaded content of a calendar file (see module docstring)."""
    items = data.get("years") if isinstance(data, dict) and "years" in data else [data]
    if not isinstance(items, list):
        raise CalendarError(f"{source}：日历文件格式不对，应为 year/holidays/workdays 或 years 列表")
    out = []
    for i, item in enumerate(items, 1):
        where = f"{source} 第{i}个年度" if len(items) > 1 else source
        if not isinstance(item, dict) or "year" not in item:
            raise CalendarError(f"{where}：缺少 year（年度）")
        try:
            year = int(item["year"])
        except (TypeError, ValueError):
            raise CalendarError(f"{where}：year“{item['year']}”不是年份") from None
        hol: list[dt.date] = []
        work: list[dt.date] = []
        for key, bucket in (("holidays", hol), ("workdays", work)):
            values = item.get(key) or []
            if not isinstance(values, list):
                raise CalendarError(f"{where}：{key} 应为日期列表")
            for v in values:
                bucket += _parse_day(v, year, f"{where} {key}")
        both = set(hol) & set(work)
        if both:
            d = min(both).isoformat()
            raise CalendarError(f"{where}：{d} 同时列为放假日和调休上班日")
        out.append(YearArrangement(year, frozenset(hol), frozenset(work), source))
    return out


def read_calendar_file(path: str | Path) -> list[YearArrangement]:
    """Read a local calendar file (YAML or JSON)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as e:
        raise CalendarError(f"无法读取日历文件 {p}：{e.strerror or e}") from None
    try:
        if p.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            import yaml

            data = yaml.load(text, Loader=yaml.BaseLoader)  # dates stay text: checked by _parse_day
    except Exception as e:  # yaml/json syntax errors
        raise CalendarError(f"日历文件 {p} 格式错误：{e}") from None
    return parse_arrangements(data, str(p))


@dataclass
class WorkCalendar:
    """A working-day calendar: ``chinese_calendar`` plus local year arrangements."""

    local: dict[int, YearArrangement] = field(default_factory=dict)
    _years: dict[int, list[int]] = field(default_factory=dict, repr=False)

    # -------------------------------------------------------------- configuration
    def add(self, arrangement: YearArrangement) -> None:
        self.local[arrangement.year] = arrangement
        self._years.pop(arrangement.year, None)

    def with_years(self, arrangements) -> WorkCalendar:
        """A copy with further year arrangements (those win over the library and this calendar's files)."""
        cal = WorkCalendar(dict(self.local))
        for a in arrangements:
            cal.add(a)
        return cal

    def load(self, path: str | Path) -> list[int]:
        """Add the years of a local calendar file; returns the years added."""
        arrangements = read_calendar_file(path)
        for a in arrangements:
            self.add(a)
        return [a.year for a in arrangements]

    def knows(self, year: int) -> bool:
        """The year's official arrangement is known (not estimated)."""
        if year in self.local:
            return True
        try:
            chinese_calendar.is_workday(dt.date(year, 6, 1))
            return True
        except NotImplementedError:
            return False

    def estimated(self, start: dt.date, end: dt.date | None) -> bool:
        """A period from ``start`` to ``end`` runs through a year whose arrangement is estimated (估算)."""
        if end is None:
            return False
        lo, hi = sorted((start.year, end.year))
        return any(not self.knows(y) for y in range(lo, hi + 1))

    def require(self, day: dt.date) -> None:
        """Refuse a date whose year the calendar does not know (CalendarError)."""
        if not self.knows(day.year):
            raise CalendarError(
                f"工作日日历中没有 {day.year} 年的节假日安排（{day.isoformat()}），无法计算期限；"
                f"请在国务院办公厅公布当年节假日安排后升级 chinesecalendar，或用本地日历文件补充 {day.year} 年的安排"
            )

    # -------------------------------------------------------------- queries
    def is_workday(self, day: dt.date) -> bool:
        """工作日: True for a working day (including 调休 weekend working days)."""
        arr = self.local.get(day.year)
        if arr is not None:
            return day in arr.workdays or (day.weekday() < 5 and day not in arr.holidays)
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            return estimated_workday(day)

    def _year(self, year: int) -> list[int]:
        days = self._years.get(year)
        if days is None:
            d, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
            days = []
            while d <= end:
                if self.is_workday(d):
                    days.append(d.toordinal())
                d += dt.timedelta(1)
            self._years[year] = days
        return days

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``start`` (periods start the day after the event)."""
        if n <= 0:
            return start
        year = start.year
        days = self._year(year)
        i = bisect.bisect_right(days, start.toordinal())
        while True:
            left = len(days) - i
            if n <= left:
                return dt.date.fromordinal(days[i + n - 1])
            n -= left
            year += 1
            days = self._year(year)
            i = 0

    def next_workdays(self, start: dt.date):
        """Iterate the working days after ``start``, in order (unbounded; unknown years estimated)."""
        year = start.year
        days = self._year(year)
        i = bisect.bisect_right(days, start.toordinal())
        while True:
            for o in days[i:]:
                yield dt.date.fromordinal(o)
            year += 1
            days = self._year(year)
            i = 0

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days ``d`` with ``start < d <= end`` (negative when ``end`` is before ``start``)."""
        if end < start:
            return -self.workdays_between(end, start)
        total = 0
        for year in range(start.year, end.year + 1):
            days = self._year(year)
            lo = bisect.bisect_right(days, start.toordinal())
            hi = bisect.bisect_right(days, end.toordinal())
            total += hi - lo
        return total


# 《全国年节及纪念日放假办法》 Art. 2 (State Council Decree 798, from 2025): the holidays on fixed solar dates.
FIXED_HOLIDAYS: tuple[tuple[int, int], ...] = ((1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3))


def estimated_workday(day: dt.date) -> bool:
    """估算: a weekday that is not a fixed-date statutory holiday (used for years without an arrangement)."""
    return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS


_default: WorkCalendar | None = None


def default_calendar() -> WorkCalendar:
    """The process-wide calendar (chinesecalendar + files named in env ``GONGKAI_CALENDAR``)."""
    global _default
    if _default is None:
        cal = WorkCalendar()
        for name in filter(None, os.environ.get(ENV_CALENDAR, "").split(os.pathsep)):
            cal.load(name)
        _default = cal
    return _default


def load_calendar_file(path: str | Path) -> list[int]:
    """Add a local calendar file to the process-wide calendar; returns the years it added."""
    return default_calendar().load(path)


def is_workday(day: dt.date) -> bool:
    return default_calendar().is_workday(day)


def add_workdays(start: dt.date, n: int) -> dt.date:
    return default_calendar().add_workdays(start, n)


def workdays_between(start: dt.date, end: dt.date) -> int:
    return default_calendar().workdays_between(start, end)
