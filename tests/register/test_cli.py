"""``gongkai register …`` commands, end to end on a SQLite file."""
from __future__ import annotations

import datetime as dt

import json

import pytest
from typer.testing import CliRunner

from gongkai.cli import app
from gongkai.register import clock

runner = CliRunner()


@pytest.fixture
def cli(tmp_path):
    from gongkai.cli.common import console

    url = f"sqlite:///{tmp_path / 'r.db'}"
    old = console._width
    console.width = 160  # wide tables: whole cell texts in the output

    def run(*args, ok=True):
        res = runner.invoke(app, ["register", *args, "--db", url] if args[0] not in ("body", "review", "proactive")
                            else ["register", *args, "--db", url])
        if ok:
            assert res.exit_code == 0, res.output
        return res

    yield run
    console._width = old
    import gongkai.register.calendar as calendar_module

    calendar_module._default = None  # --calendar loads into the process-wide calendar: forget it


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


def test_list_log_and_calendar(cli, tmp_path):
    cli("body", "add", "某局")
    cli("add", "--body", "某局", "--received", "2025-03-03", "--channel", "fax", "--kind", "legal", "--name", "某所",
        "--actor", "经办人乙")
    cli("event", "1", "answered", "--on", "2025-03-10", "--outcome", "unable.not_held", "--actor", "经办人乙")
    out = cli("list", "--year", "2025").output
    assert "法律服务机构" in out and "本机关不掌握" in out
    out = cli("log", "--application", "1").output
    assert "经办人乙" in out and "event.answered" in out
    f = tmp_path / "c.yaml"
    f.write_text("year: 2031\nholidays: [2031-01-01]\nworkdays: []\n", encoding="utf-8")
    res = runner.invoke(app, ["register", "calendar", str(f)])
    assert res.exit_code == 0 and "2031年：放假 1 天" in res.output
    f.write_text("year: 2031\nholidays: [2031-02-30]\n", encoding="utf-8")
    res = runner.invoke(app, ["register", "calendar", str(f)])
    assert res.exit_code == 2 and "不是日期" in res.output
    # a receipt after today (China Standard Time, the register's clock) is refused (issue 11 defect 8)
    res = cli("add", "--body", "某局", "--received", "2031-03-03", "--channel", "fax", "--kind", "natural",
              "--name", "丙", ok=False)
    assert res.exit_code == 2 and "晚于今天" in res.output
    # a local calendar file completes a year the library does not know
    f.write_text("year: 2031\nholidays: [2031-01-01]\n", encoding="utf-8")
    with clock.fixed(dt.date(2031, 3, 3)):
        out = cli("add", "--body", "某局", "--received", "2031-03-03", "--channel", "fax", "--kind", "natural",
                  "--name", "丙", "--calendar", str(f)).output
    assert "答复期限 2031-03-31" in out and "估算" not in out


def test_review_and_proactive_commands_reach_the_report(cli, tmp_path):
    cli("body", "add", "某县政府")
    cli("review", "add", "--body", "某县政府", "--group", "review", "--filed", "2025-02-03")
    cli("review", "decide", "1", "--outcome", "corrected", "--on", "2025-05-06")
    cli("proactive", "set", "--body", "某县政府", "--year", "2025", "t2.licensing.decisions", "1234")
    res = cli("proactive", "set", "--body", "某县政府", "--year", "2025", "t2.procurement.amount", "1", ok=False)
    assert res.exit_code == 2 and "不是2025年度" in res.output
    data = tmp_path / "d.json"
    cli("report", "--year", "2025", "--body", "某县政府", "-o", str(data))
    flat = json.loads(data.read_text(encoding="utf-8"))
    assert flat["t4.review.corrected"] == 1 and flat["t4.review.total"] == 1
    assert flat["t2.licensing.decisions"] == 1234 and flat["t2.penalty.decisions"] is None


def test_fee_for_a_registered_application(cli):
    cli("body", "add", "某局")
    for day in range(3, 15):
        cli("add", "--body", "某局", "--received", f"2025-03-{day:02d}", "--channel", "internet", "--kind",
            "commercial", "--name", "某公司", "--id-doc", "统一社会信用代码 91110000")
    out = cli("fee", "--application", "12", "--pages", "101").output
    assert "第 12 件" in out and "按件计收 100 元" in out and "101 页，720 元" in out
