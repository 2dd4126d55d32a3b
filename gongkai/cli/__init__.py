"""Command line (命令行): ``gongkai parse|check|eval|template|render|register|serve``.

The CLI holds no domain logic: each sub-module wires a few commands onto the core.
"""
from __future__ import annotations

import typer

from . import zh

zh.install()  # the framework's own messages in Chinese, before any command is built

from . import check_cmd, docs_cmd, register_cmd, render_cmd, rollup_cmd, serve_cmd  # noqa: E402

app = typer.Typer(
    help="gongkai（公开）：政府信息公开工作年度报告的读取、核对、生成与依申请公开登记。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

for _module in (docs_cmd, check_cmd, rollup_cmd, render_cmd, register_cmd, serve_cmd):
    _module.install(app)


def main() -> None:  # console-script entry point
    app()
