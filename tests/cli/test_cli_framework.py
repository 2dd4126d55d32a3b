"""The CLI framework speaks Chinese, survives pipes, and reports a busy port (issue 16 items 3, 4, 5)."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongkai.cli import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()
ENGLISH = ("Show this message", "Missing option", "Invalid value", "No such command", "Usage:", "Options",
           "Arguments", "Try '", "<list[", "[default:", "[required]", "Input should be", "Error")


def _run(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "80", "TERMINAL_WIDTH": "80"})


def _assert_chinese(text: str) -> None:
    for phrase in ENGLISH:
        assert phrase not in text, f"English framework text {phrase!r} in:\n{text}"


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["register", "--help"], ["register", "add", "--help"],
                                  ["template", "--help"], ["rollup", "--help"]])
def test_help_is_chinese_and_not_cut(args):
    res = _run(*args)
    assert res.exit_code == 0, res.output
    assert "用法：" in res.output
    assert "显示本帮助后退出" in res.output
    _assert_chinese(res.output)
    cut = [ln for ln in res.output.splitlines() if re.search(r"…\s*│\s*$", ln)]
    assert not cut, f"help text cut off: {cut}"


@pytest.mark.parametrize("args, expected", [
    (["template"], "缺少选项 '--year'"),
    (["template", "--year", "abc"], "的值无效：应为整数"),
    (["check", "--format", "x", "examples"], "不是以下之一"),
    (["nosuch"], "没有命令 'nosuch'"),
    (["chek"], "是不是想用 'check'"),
    (["check", "--format"], "需要一个值"),
    (["serve", "--workers", "99"], "不能大于 32"),
])
def test_usage_errors_are_chinese(args, expected):
    res = _run(*args)
    assert res.exit_code == 2
    assert expected in res.output, res.output
    _assert_chinese(res.output)


def test_busy_port_is_reported_in_chinese_before_start(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        proc = subprocess.run([sys.executable, "-m", "gongkai", "serve", "--port", str(port), "--database-url",
                               f"sqlite:///{tmp_path / 'g.db'}", "--admin-password", "Passw0rd-long"],
                              capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2
    assert "端口已被占用" in proc.stderr and str(port) in proc.stderr
    assert "已启动" not in proc.stdout
    assert "address already in use" not in proc.stderr.lower()


def test_piped_error_message_is_one_line(tmp_path):
    """A long message on a pipe is not hard-wrapped at 80 columns."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "gongkai", "serve", "--port", str(port), "--database-url",
                               f"sqlite:///{tmp_path / 'g.db'}"], capture_output=True, text=True, env=env,
                              timeout=120, stdin=subprocess.DEVNULL)
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "--port" in lines[0], proc.stderr


@pytest.mark.parametrize("args", [["template", "--year", "2025", "-o", "{missing}/t.xlsx"],
                                  ["render", str(ROOT / "examples" / "report-2021.yaml"), "-o", "{missing}/r.html"]])
def test_output_folder_is_never_created(tmp_path, args):
    missing = tmp_path / "nonexistent" / "dir"
    res = _run(*[a.replace("{missing}", str(missing)) for a in args])
    assert res.exit_code == 2
    assert "输出文件夹" in res.output and "不存在" in res.output
    assert not missing.parent.exists()


def test_parse_csv_file_has_a_bom_for_excel(tmp_path):
    out = tmp_path / "fields.csv"
    res = _run("parse", str(ROOT / "examples" / "reports" / "004_ccaddad691bcdd6a.txt"), "-f", "csv", "-o", str(out))
    assert res.exit_code == 0, res.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "t3.new.natural" in data.decode("utf-8-sig").splitlines()[0]


def test_parse_output_folder_must_exist(tmp_path):
    res = _run("parse", str(ROOT / "examples" / "reports" / "004_ccaddad691bcdd6a.txt"), "-o",
               str(tmp_path / "no" / "x.json"))
    assert res.exit_code == 2 and "输出文件夹" in res.output
