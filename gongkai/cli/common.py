"""Shared CLI helpers: consoles and a clean exit with a Chinese message (never a traceback)."""
from __future__ import annotations

import typer
from rich.console import Console

console = Console()
err_console = Console(stderr=True)


def fail(message: str, code: int = 2) -> "typer.Exit":
    """Print ``message`` in red on stderr and exit with ``code``."""
    err_console.print(f"[red]错误：[/red]{message}", highlight=False)
    raise typer.Exit(code)
