"""Shared CLI helpers: consoles and a clean exit with a Chinese message (never a traceback).

When a stream is not a terminal (a pipe, a file, CI logs) its console does not hard-wrap: a finding, a code or
a path stays on one line, so ``gongkai check … | grep CODE`` finds it.
"""
from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console


def _console(stderr: bool) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    tty = bool(getattr(stream, "isatty", lambda: False)())
    return Console(stderr=stderr, soft_wrap=not tty)


console = _console(stderr=False)
err_console = _console(stderr=True)


def check_output_path(path: Path) -> None:
    """Refuse an output path whose folder does not exist (never create folders silently; 输出文件夹不存在)."""
    parent = Path(path).expanduser().resolve().parent
    if not parent.is_dir():
        fail(f"{path}：输出文件夹 {parent} 不存在，请先创建它或换一个位置")


def fail(message: str, code: int = 2) -> "typer.Exit":
    """Print ``message`` in red on stderr and exit with ``code``."""
    err_console.print(f"[red]错误：[/red]{message}", highlight=False)
    raise typer.Exit(code)
