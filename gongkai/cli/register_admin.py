"""``gongkai register`` — keeping the record true (管理): calendar files and holiday arrangements, 更正, 作废,
published years, approvals."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from .common import console, err_console, fail
from .register_cmd import (Actor, Cal, Db, Today, _actor, _date, _open, _run, _today, app, body_app, proactive_app,
                           review_app)


@app.command("calendar")
def calendar_check(file: Annotated[Path, typer.Argument(help="本地日历文件（YAML/JSON）")]) -> None:
    """检查本地日历文件（某年的放假和调休安排），并列出其中的年份。

    使用时在各命令加 --calendar 文件，或设置环境变量 GONGKAI_CALENDAR。"""
    from ..register import RegisterError
    from ..register.calendar import read_calendar_file

    try:
        arrangements = read_calendar_file(file)
    except RegisterError as e:
        fail(e.message)
    for a in arrangements:
        console.print(f"{a.year}年：放假 {len(a.holidays)} 天，调休上班 {len(a.workdays)} 天")
