"""``gongkai register …`` commands, end to end on a SQLite file."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from gongkai.cli import app

runner = CliRunner()


@pytest.fixture
def cli(tmp_path):
    url = f"sqlite:///{tmp_path / 'r.db'}"

    def run(*args, ok=True):
        res = runner.invoke(app, ["register", *args, "--db", url] if args[0] not in ("body", "review", "proactive")
                            else ["register", *args, "--db", url])
        if ok:
            assert res.exit_code == 0, res.output
        return res

    return run


def test_a_case_from_receipt_to_report(cli, tmp_path):
    cli("init")
    cli("body", "add", "某区人民政府办公室", "--level", "county")
    out = cli("add", "--body", "某区人民政府办公室", "--received", "2025-09-26", "--channel", "互联网",
              "--kind", "自然人", "--name", "李四", "--request", "某文件", "--ref", "2025-001", "--actor", "经办人甲").output
    assert "答复期限 2025-10-30" in out
    out = cli("event", "2025-001", "consultation_sent", "--on", "2025-09-29", "--party", "third_party").output
    assert "征求意见中" in out
    assert "没有到期" in cli("due", "--within", "5", "--today", "2025-10-13").output
    res = cli("due", "--within", "10", "--today", "2025-10-13").output  # reply due 27 October
    assert "2025-001" in res and "2025-10-27" in res
    cli("event", "1", "consultation_answered", "--on", "2025-10-10", "--party", "third_party")
    cli("event", "1", "answered", "--on", "2025-10-20", "--outcome", "partial")
    out = cli("show", "1", "--today", "2025-10-21").output
    assert "已答复" in out and "部分公开" in out and "收到意见" in out
    data = tmp_path / "data.json"
    cli("report", "--year", "2025", "-o", str(data))
    flat = json.loads(data.read_text(encoding="utf-8"))
    assert flat["meta.agency"] == "某区人民政府办公室" and flat["t3.partial.natural"] == 1
    assert "李四" not in data.read_text(encoding="utf-8")
    out = cli("report", "--year", "2025").output
    assert "表三" in out


def test_refusals_are_chinese_without_traceback(cli):
    cli("body", "add", "某局")
    cli("add", "--body", "某局", "--received", "2025-03-03", "--channel", "fax", "--kind", "natural", "--name", "甲")
    cli("event", "1", "answered", "--on", "2025-03-10", "--outcome", "granted")
    res = cli("event", "1", "answered", "--on", "2025-03-11", "--outcome", "granted", ok=False)
    assert res.exit_code == 2 and "已于2025年3月10日结案" in res.output and "Traceback" not in res.output
    res = cli("add", "--body", "无此机关", "--received", "2025-03-03", "--channel", "fax", "--kind", "natural",
              "--name", "乙", ok=False)
    assert res.exit_code == 2 and "没有机关“无此机关”" in res.output
    res = cli("add", "--body", "某局", "--received", "2025-02-30", "--channel", "fax", "--kind", "natural",
              "--name", "乙", ok=False)
    assert res.exit_code == 2 and "不是有效日期" in res.output


def test_import_rejections_listed_with_line_numbers(cli, tmp_path):
    cli("body", "add", "某局")
    f = tmp_path / "in.csv"
    f.write_text("受理编号,事项,日期,申请人类型,申请人,渠道,办理结果\n"
                 "X1,收到申请,2025-03-03,自然人,甲,互联网,\n"
                 "X1,答复,2025-03-02,,,,granted\n", encoding="utf-8")
    res = cli("import", str(f), "--body", "某局", ok=False)
    assert res.exit_code == 2 and "早于收到申请之日" in res.output and "3" in res.output
    out = cli("export", str(tmp_path / "out.csv")).output
    assert "已导出 0 行" in out
    f.write_text("受理编号,事项,日期,申请人类型,申请人,渠道,办理结果\n"
                 "X1,收到申请,2025-03-03,自然人,甲,互联网,\n"
                 "X1,答复,2025-03-12,,,,granted\n", encoding="utf-8")
    assert "已导入 1 件申请、1 个办理事项" in cli("import", str(f), "--body", "某局").output


def test_fee_command(cli):
    res = runner.invoke(app, ["register", "fee", "--count", "35", "--pages", "250"])
    assert res.exit_code == 0 and "3000 元" in res.output and "4700 元" in res.output
