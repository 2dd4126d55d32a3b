"""``gongkai check`` / ``gongkai rules`` and the output functions."""
from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from gongkai.check_output import CheckResult, exit_code, findings_to_html, findings_to_markdown
from gongkai.cli import app
from gongkai.model import Finding, Location

from ..conftest import SEEDS

runner = CliRunner()


def seed(prefix):
    return str(sorted(SEEDS.glob(f"{prefix}_*.txt"))[0])


def test_clean_file_exit_0_text():
    res = runner.invoke(app, ["check", seed("003")])
    assert res.exit_code == 0, res.output
    assert "未发现问题" in res.output and "共检查1个文件" in res.output


def test_errors_exit_1_and_text_table():
    res = runner.invoke(app, ["check", seed("001")])
    assert res.exit_code == 1
    assert "T3_COLUMN_BALANCE" in res.output and "错误" in res.output and "516" in res.output


def test_json_shape():
    res = runner.invoke(app, ["check", seed("001"), seed("003"), "--format", "json"])
    assert res.exit_code == 1
    data = json.loads(res.stdout)
    assert [d["agency"] for d in data] == ["慈溪市人民政府", "淄博市工业和信息化局"]
    first = data[0]
    assert first["year"] == 2020 and first["format"] == "2019" and first["file"].endswith(".txt")
    f = first["findings"][0]
    assert set(f) == {"code", "severity", "message", "fields", "location"}
    assert f["code"] == "T3_COLUMN_BALANCE" and f["location"]["file"]
    assert data[1]["findings"] == []


def test_unreadable_file_exit_2_and_others_still_checked(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    res = runner.invoke(app, ["check", str(empty), seed("003"), "-f", "json"])
    assert res.exit_code == 2
    data = json.loads(res.stdout)
    assert set(data[0]) == {"file", "error"} and data[0]["error"]["code"]
    assert data[0]["error"]["message"]
    assert data[1]["findings"] == []
    res = runner.invoke(app, ["check", str(tmp_path / "missing.pdf")])
    assert res.exit_code == 2 and "missing.pdf" in res.output
    assert "Traceback" not in res.output


def test_directory_markdown_and_html_output(tmp_path):
    d = tmp_path / "reports" / "sub"
    d.mkdir(parents=True)
    shutil.copy(seed("002"), d / "a.txt")
    shutil.copy(seed("003"), tmp_path / "reports" / "b.txt")
    (tmp_path / "reports" / "notes.xyz").write_text("ignored", encoding="utf-8")
    out = tmp_path / "r.md"
    res = runner.invoke(app, ["check", str(tmp_path / "reports"), "-f", "markdown", "-o", str(out)])
    assert res.exit_code == 1
    md = out.read_text(encoding="utf-8")
    assert md.count("\n## ") == 2 and "TEXT_SUM" in md and "| 级别 | 代码 | 位置 | 说明 |" in md
    assert "notes.xyz" not in md
    html_out = tmp_path / "r.html"
    res = runner.invoke(app, ["check", str(tmp_path / "reports"), "-f", "html", "-o", str(html_out)])
    page = html_out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "VALUE_INVALID" in page and "<script" not in page


def test_html_and_markdown_escape_report_text():
    evil = CheckResult("x<script>.txt", agency="<b>局</b>", year=2020, format="2019",
                       findings=[Finding("TEXT_SUM", "error", "正文“<script>alert(1)</script>”|合计",
                                         [], Location(file="x.txt", line=3))])
    page = findings_to_html([evil])
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    md = findings_to_markdown([evil])
    assert "<script>" not in md and "\\|合计" in md
    assert exit_code([evil]) == 1 and exit_code([CheckResult("a", error_code="FILE_EMPTY")]) == 2
    assert exit_code([CheckResult("a")]) == 0


def test_rule_catalogue_listing():
    for args in (["check", "--rules"], ["rules"]):
        res = runner.invoke(app, args)
        assert res.exit_code == 0
        for code in ("T3_COLUMN_BALANCE", "T4_GROUP_TOTAL", "PERSONAL_DATA", "CARRY_OVER_MISMATCH"):
            assert code in res.output


def test_no_file_given():
    res = runner.invoke(app, ["check"])
    assert res.exit_code == 2


def test_previous_year_option(tmp_path):
    from ..conftest import CORPUS
    cur, prev = str(CORPUS / "reports" / "003.pdf"), str(CORPUS / "reports" / "002.pdf")
    res = runner.invoke(app, ["check", cur, "--previous", prev, "-f", "json"])
    assert res.exit_code == 0, res.output
    assert all(f["severity"] != "error" for f in json.loads(res.stdout)[0]["findings"])
    # last year's report in the wrong place is reported, not a traceback
    res = runner.invoke(app, ["check", cur, "--previous", str(tmp_path / "none.pdf")])
    assert res.exit_code == 2 and "上年报告" in res.output
    res = runner.invoke(app, ["check", cur, cur, "--previous", prev])
    assert res.exit_code == 2


def test_check_path_for_the_web_app():
    from gongkai.check_output import check_path
    r = check_path(seed("004"))
    assert r.ok and r.agency == "眉山市经济和信息化局" and r.count("error") == 4
    assert r.to_dict()["findings"][0]["code"].startswith("T3_")
