"""``gongkai register …`` (依申请公开登记册): bodies, applications, events, due list, import/export, year report.

Every command takes ``--db URL`` (env ``GONGKAI_DATABASE_URL``, default ``sqlite:///gongkai.db`` in the
current folder; migrations are applied automatically) and, for changes, ``--actor`` (default: the OS
user) for the audit log.
"""
from __future__ import annotations

import datetime as dt
import getpass

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table


from .common import console, err_console, fail

app = typer.Typer(help="依申请公开登记册：登记申请、办理事项、期限提醒、导入导出、生成年度报告表格。",
                  no_args_is_help=True, rich_markup_mode="rich")
body_app = typer.Typer(help="机关管理。", no_args_is_help=True)
review_app = typer.Typer(help="行政复议、行政诉讼案件（表四）。", no_args_is_help=True)
proactive_app = typer.Typer(help="主动公开情况（表二）。", no_args_is_help=True)
app.add_typer(body_app, name="body")
app.add_typer(review_app, name="review")
app.add_typer(proactive_app, name="proactive")

Db = Annotated[Optional[str], typer.Option("--db", envvar="GONGKAI_DATABASE_URL",
                                           help="数据库地址，默认 sqlite:///gongkai.db")]
Actor = Annotated[Optional[str], typer.Option("--actor", help="操作人（写入审计日志），默认为当前系统用户")]
Cal = Annotated[Optional[list[Path]], typer.Option("--calendar", help="本地日历文件（YAML/JSON），补充某年节假日安排")]
Today = Annotated[Optional[str], typer.Option("--today", help="以该日期为“今天”计算（默认今天）")]


def install(root: typer.Typer) -> None:
    root.add_typer(app, name="register")


# --------------------------------------------------------------------------- helpers


def _actor(actor: str | None) -> str:
    if actor:
        return actor
    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no user name in the environment
        return "cli"


def _open(db: str | None, calendar: list[Path] | None = None):
    from ..register import RegisterError, load_calendar_file, open_register

    try:
        for f in calendar or []:
            load_calendar_file(f)
        return open_register(db)
    except RegisterError as e:
        fail(e.message)
    except Exception as e:  # connection / migration problems
        fail(f"无法打开登记册数据库 {db or '（默认）'}：{type(e).__name__}：{str(e).splitlines()[0] if str(e) else ''}")


def _date(value: str | None, what: str) -> dt.date | None:
    from ..register import RegisterError, parse_date

    if value is None:
        return None
    try:
        return parse_date(value, what)
    except RegisterError as e:
        fail(e.message)


def _run(reg, fn):
    """Run ``fn(session)`` in one transaction; a refused operation exits with its Chinese message."""
    from ..register import RegisterError

    try:
        with reg.transaction() as s:
            return fn(s)
    except RegisterError as e:
        fail(e.message)
    finally:
        reg.dispose()



def _today(value: str | None) -> dt.date:
    """``--today``: the day to look from; default today in China Standard Time (the register's clock)."""
    from ..register import clock

    return _date(value, "今天") or clock.today()


# the commands, by sub-area (they decorate ``app`` and its groups on import)
from . import register_cases, register_data, register_admin  # noqa: E402,F401,I001
