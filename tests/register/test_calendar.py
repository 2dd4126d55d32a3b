"""Working days (工作日) with real holiday arrangements, unknown years and local calendar files."""
from __future__ import annotations

import datetime as dt
import json

import chinese_calendar
import pytest

from gongkai.register.calendar import WorkCalendar, read_calendar_file
from gongkai.register.errors import CalendarError

D = dt.date


def naive_add(start: dt.date, n: int) -> dt.date:
    d, k = start, 0
    while k < n:
        d += dt.timedelta(1)
        if chinese_calendar.is_workday(d):
            k += 1
    return d


def test_spring_festival_2025_make_up_days():
    cal = WorkCalendar()
    assert cal.is_workday(D(2025, 1, 26))  # Sunday, 调休上班
    assert cal.is_workday(D(2025, 2, 8))  # Saturday, 调休上班
    assert not cal.is_workday(D(2025, 1, 28)) and not cal.is_workday(D(2025, 2, 4))
    # received Friday 24 January: Sun 26, Mon 27, then 5–8 February (8th a Saturday), Mon 10
    assert cal.add_workdays(D(2025, 1, 24), 7) == D(2025, 2, 10)
    assert cal.add_workdays(D(2025, 1, 24), 20) == D(2025, 2, 27)


def test_national_day_2025_make_up_days():
    cal = WorkCalendar()
    assert cal.is_workday(D(2025, 9, 28)) and cal.is_workday(D(2025, 10, 11))
    assert not any(cal.is_workday(D(2025, 10, d)) for d in range(1, 9))
    assert cal.add_workdays(D(2025, 9, 26), 7) == D(2025, 10, 13)
    assert cal.add_workdays(D(2025, 9, 26), 20) == D(2025, 10, 30)
    assert cal.workdays_between(D(2025, 9, 26), D(2025, 10, 13)) == 7
    assert cal.workdays_between(D(2025, 10, 13), D(2025, 9, 26)) == -7


@pytest.mark.parametrize("start", [D(2024, 12, 20), D(2025, 4, 1), D(2025, 4, 28), D(2025, 12, 10), D(2020, 1, 20)])
@pytest.mark.parametrize("n", [1, 7, 15, 20, 40])
def test_add_workdays_matches_day_by_day_count(start, n):
    cal = WorkCalendar()
    assert cal.add_workdays(start, n) == naive_add(start, n)
    assert cal.workdays_between(start, naive_add(start, n)) == n


def test_unknown_year_is_estimated_not_refused():
    # issue 11 defect 10: a year without an arrangement is estimated (weekdays minus the fixed-date
    # holidays of 《全国年节及纪念日放假办法》 Art. 2), never refused; ``estimated`` says so
    cal = WorkCalendar()
    assert cal.is_workday(D(2031, 3, 3))  # a Monday
    assert not cal.is_workday(D(2031, 1, 1)) and not cal.is_workday(D(2031, 5, 2))
    assert not cal.is_workday(D(2031, 10, 3))
    # 2031-01-05 is a Sunday: 20 weekdays from Mon 6 Jan -> Fri 31 Jan
    assert cal.add_workdays(D(2031, 1, 5), 20) == D(2031, 1, 31)
    assert cal.estimated(D(2026, 12, 20), D(2027, 1, 20)) and not cal.estimated(D(2025, 1, 1), D(2026, 12, 31))
    assert not cal.knows(2031) and cal.knows(2025)


def test_local_calendar_file_adds_a_year(tmp_path):
    f = tmp_path / "cal-2031.yaml"
    f.write_text("year: 2031\nholidays: [2031-01-01, 2031-01-22..2031-01-28]\nworkdays: [2031-01-19]\n",
                 encoding="utf-8")
    cal = WorkCalendar()
    assert cal.load(f) == [2031]
    assert cal.is_workday(D(2031, 1, 19))  # a Sunday made a working day
    assert not cal.is_workday(D(2031, 1, 1)) and not cal.is_workday(D(2031, 1, 24))
    # 2030 is still unknown, 2031 works across its own arrangement
    assert cal.add_workdays(D(2031, 1, 17), 3) == D(2031, 1, 21)  # Sun 19, Mon 20, Tue 21
    assert cal.add_workdays(D(2031, 1, 17), 4) == D(2031, 1, 29)  # then the 22–28 holiday


def test_local_calendar_json_with_several_years(tmp_path):
    f = tmp_path / "cal.json"
    f.write_text(json.dumps({"years": [{"year": 2031, "holidays": ["2031-10-01..2031-10-07"]},
                                       {"year": 2032, "holidays": ["2032-01-01"], "workdays": []}]}), encoding="utf-8")
    arrs = read_calendar_file(f)
    assert [a.year for a in arrs] == [2031, 2032] and len(arrs[0].holidays) == 7


@pytest.mark.parametrize("content, message", [
    ("year: 2031\nholidays: [2032-01-01]\n", "不属于 2031 年"),
    ("year: 2031\nholidays: [2031-13-01]\n", "不是日期"),
    ("holidays: [2031-01-01]\n", "缺少 year"),
    ("year: 2031\nholidays: [2031-01-01]\nworkdays: [2031-01-01]\n", "同时列为放假日和调休上班日"),
    ("year: [unclosed\n", "格式错误"),
])
def test_bad_calendar_file_names_the_file(tmp_path, content, message):
    f = tmp_path / "bad.yaml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(CalendarError, match=message) as e:
        WorkCalendar().load(f)
    assert "bad.yaml" in e.value.message
