"""``gongkai render`` and ``gongkai template``: exit codes and Chinese messages."""
from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from gongkai.cli import app
from gongkai.ingest import parse
from gongkai.render import load

from .conftest import EXAMPLES

runner = CliRunner()


def _run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.mark.parametrize("ext", ["docx", "html", "md"])
def test_render_ok(tmp_path, ext):
    out = tmp_path / f"报告.{ext}"
    res = _run("render", str(EXAMPLES / "report-2021.yaml"), "-o", out)
    assert res.exit_code == 0, res.output
    assert "已生成" in res.output and out.exists()
    assert parse(out).flat() == load(str(EXAMPLES / "report-2021.yaml")).flat()


def test_render_format_option(tmp_path):
    out = tmp_path / "报告.out"
    res = _run("render", str(EXAMPLES / "report-2019.json"), "-o", out, "--format", "md")
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith("# 2020年示例县人民政府办公室")


def test_render_refuses_errors_then_force(tmp_path):
    data = json.loads(open(str(EXAMPLES / "report-2019.json"), encoding="utf-8").read())
    data["t3.new.natural"] += 1  # breaks 一 + 二 = （七） + 四 and the row total
    src = tmp_path / "bad.json"
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "r.docx"
    res = _run("render", src, "-o", out)
    assert res.exit_code == 1
    assert "未生成" in res.output and "错误" in res.output and not out.exists()
    res = _run("render", src, "-o", out, "--force")
    assert res.exit_code == 0 and out.exists()
    assert "强制生成" in res.output and "错误" in res.output


@pytest.mark.parametrize("content, needle", [
    ('{"meta.year": 2024, "t3.new.natrual": 1}', "t3.new.natrual"),
    ('{"meta.year": 2024', "JSON 格式错误"),
])
def test_render_bad_input_exit_2(tmp_path, content, needle):
    src = tmp_path / "bad.json"
    src.write_text(content, encoding="utf-8")
    res = _run("render", src, "-o", tmp_path / "r.docx")
    assert res.exit_code == 2
    assert needle in res.output and "Traceback" not in res.output


def test_render_bad_output_and_missing_input(tmp_path):
    res = _run("render", str(EXAMPLES / "report-2021.yaml"), "-o", tmp_path / "r.txt")
    assert res.exit_code == 2 and "输出格式" in res.output
    res = _run("render", tmp_path / "nope.yaml", "-o", tmp_path / "r.docx")
    assert res.exit_code == 2 and "文件不存在" in res.output
    src = tmp_path / "noagency.json"
    src.write_text('{"meta.year": 2024}', encoding="utf-8")
    res = _run("render", src, "-o", tmp_path / "r.docx")
    assert res.exit_code == 2 and "机关名称" in res.output


def test_render_auto_text(tmp_path):
    out = tmp_path / "r.md"
    res = _run("render", str(EXAMPLES / "report-2021.yaml"), "-o", out, "--auto-text")
    assert res.exit_code == 0, res.output
    assert "本年度新收政府信息公开申请35件" in out.read_text(encoding="utf-8")


def test_template_fill_render(tmp_path):
    xlsx = tmp_path / "填报.xlsx"
    res = _run("template", "--year", 2025, "-o", xlsx)
    assert res.exit_code == 0 and xlsx.exists() and "2021 格式" in res.output
    pre = tmp_path / "预填.xlsx"
    assert _run("template", "--year", 2025, "-o", pre, "--from", str(EXAMPLES / "report-2021.yaml")).exit_code == 0
    out = tmp_path / "r.html"
    res = _run("render", pre, "-o", out)
    assert res.exit_code == 0, res.output
    assert parse(out).flat() == load(str(EXAMPLES / "report-2021.yaml")).flat()
    wb = load_workbook(pre)
    wb["表三"]["E12"] = "1O"
    wb.save(pre)
    res = _run("render", pre, "-o", out)
    assert res.exit_code == 2 and "表三 E12" in res.output and "1O" in res.output


def test_template_bad_arguments(tmp_path):
    assert _run("template", "--year", 2017, "-o", tmp_path / "a.xlsx").exit_code == 2
    res = _run("template", "--year", 2025, "-o", tmp_path / "a.xls")
    assert res.exit_code == 2 and ".xlsx" in res.output
    res = _run("template", "--year", 2024, "-o", tmp_path / "a.xlsx", "--from", str(EXAMPLES / "report-2021.yaml"))
    assert res.exit_code == 2 and "不符" in res.output


def test_render_published_report(tmp_path):
    """A published report (here a seed text copy) is re-rendered; its real errors block it."""
    from ..conftest import seed_files

    seed = seed_files()[0]
    out = tmp_path / "r.html"
    res = _run("render", seed, "-o", out)
    assert res.exit_code == 1 and not out.exists()
    res = _run("render", seed, "-o", out, "--force")
    assert res.exit_code == 0 and parse(out).flat() == parse(seed).flat()
