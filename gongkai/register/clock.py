"""The register's clock (时钟): "today" in China Standard Time (北京时间, UTC+8).

All dates of the procedure (收到申请之日, 答复期限 …) are calendar dates in China (Regulation, Decree
711, Art. 31–33 count days as the office's calendar does); the server may run in UTC, so "today"
is never ``date.today()`` of the process but the date in UTC+8. One injectable clock serves the
whole register: tests (and the ``--today`` options of the CLI) set it with :func:`fixed`::

    with clock.fixed(dt.date(2026, 12, 28)):
        ...
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager

CST = dt.timezone(dt.timedelta(hours=8), "CST")

_source: Callable[[], dt.date] | None = None


def now() -> dt.datetime:
    """The current time in China Standard Time."""
    return dt.datetime.now(CST)


def date_in_china(instant: dt.datetime) -> dt.date:
    """The calendar date in China (UTC+8) of an aware instant."""
    return instant.astimezone(CST).date()


def today() -> dt.date:
    """Today's date in China Standard Time (or the date set with :func:`fixed` / :func:`set_today`)."""
    if _source is not None:
        return _source()
    return date_in_china(dt.datetime.now(dt.timezone.utc))


def set_today(day: dt.date | Callable[[], dt.date] | None) -> None:
    """Set "today" for the whole process (a date or a function returning one); ``None`` restores the real clock."""
    global _source
    if day is None or callable(day):
        _source = day
    else:
        _source = lambda: day  # noqa: E731


@contextmanager
def fixed(day: dt.date) -> Iterator[dt.date]:
    """Within the block "today" is ``day``."""
    global _source
    old = _source
    set_today(day)
    try:
        yield day
    finally:
        _source = old
