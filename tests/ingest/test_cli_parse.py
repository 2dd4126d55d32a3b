"""``gongkai parse`` and ``gongkai eval`` through the Typer app."""
from __future__ import annotations

import csv
import io
import json
import shutil

from typer.testing import CliRunner

from gongkai.cli import app
from tests.conftest import TRUTH, seed_files, truth_for_seed
from tests.ingest.textreport import Spec, build

runner = CliRunner()
SEEDS = seed_files()


def test_parse_json_one_file():
    res = runner.invoke(app, ["parse", str(SEEDS[0])])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["agency"] == "慈溪市经济和信息化局" and data["format"] == "2019"
    assert data["values"]["t2.procurement.amount"]["raw"] == "638.11万元"
    assert data["values"]["t2.procurement.amount"]["location"]["line"] > 0
    assert [s["number"] for s in data["sections"]] == [1, 2, 3, 4, 5, 6]


def test_parse_flat_equals_truth():
    res = runner.invoke(app, ["parse", "--format", "flat", str(SEEDS[4])])
    assert res.exit_code == 0
    assert json.loads(res.stdout) == json.loads(truth_for_seed(SEEDS[4]).read_text(encoding="utf-8"))


def test_parse_flat_several_files_keyed_by_path():
    res = runner.invoke(app, ["parse", "-f", "flat", str(SEEDS[0]), str(SEEDS[1])])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert list(data) == [str(SEEDS[0]), str(SEEDS[1])]
    assert data[str(SEEDS[1])]["meta.agency"] == "慈溪市人民政府"


def test_parse_csv_one_row_per_file(tmp_path):
    text, _ = build(Spec(fmt="2021", year=2022))
    p = tmp_path / "r2021.txt"
    p.write_text(text, encoding="utf-8")
    res = runner.invoke(app, ["parse", "-f", "csv", str(SEEDS[0]), str(p)])
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [r["file"] for r in rows] == [str(SEEDS[0]), str(p)]
    assert rows[0]["t2.procurement.amount"] == "638.11" and rows[1]["t2.procurement.amount"] == ""
    assert rows[1]["meta.format"] == "2021" and rows[1]["t2.rules.issued"] != ""


def test_parse_unreadable_file_exit_2_others_still_processed(tmp_path):
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    res = runner.invoke(app, ["parse", "-f", "flat", str(tmp_path / "无此文件.txt"), str(empty), str(SEEDS[2])])
    assert res.exit_code == 2
    assert "无此文件.txt" in res.stderr and "不存在" in res.stderr
    assert "空.txt" in res.stderr and "FILE_EMPTY" in res.stderr
    assert "Traceback" not in res.stderr + res.stdout
    data = json.loads(res.stdout)
    assert list(data) == [str(SEEDS[2])]


def test_parse_output_file(tmp_path):
    out = tmp_path / "out.json"
    res = runner.invoke(app, ["parse", "-f", "flat", "-o", str(out), str(SEEDS[3])])
    assert res.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["meta.agency"] == "淄博市工业和信息化局"


def test_eval_seeds_all_exact():
    res = runner.invoke(app, ["eval", str(SEEDS[0].parent), str(TRUTH)])
    assert res.exit_code == 0, res.output
    assert "100.00%" in res.stdout and "5/5" in res.stdout


def test_eval_json_reports_differences(tmp_path):
    reports, truths = tmp_path / "reports", tmp_path / "truth"
    reports.mkdir()
    truths.mkdir()
    shutil.copy(SEEDS[0], reports / "a.txt")
    shutil.copy(SEEDS[1], reports / "b.txt")
    (reports / "c.txt").write_text("无答案", encoding="utf-8")
    truth = json.loads(truth_for_seed(SEEDS[0]).read_text(encoding="utf-8"))
    truth["t2.normative.made"] = 4
    truth["t2.rules.made"] = 0.0000001  # within the 1e-6 tolerance of 0
    (truths / "a.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    shutil.copy(truth_for_seed(SEEDS[1]), truths / "seed-b.json")
    res = runner.invoke(app, ["eval", str(reports), str(truths), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["total"] == 402 and data["correct"] == 401
    a = data["reports"][0]
    assert a["diffs"] == [{"field": "t2.normative.made", "got": 3, "expected": 4}]
    assert data["unmatched"] == [str(reports / "c.txt")]
    res = runner.invoke(app, ["eval", str(reports), str(truths)])
    assert "t2.normative.made" in res.stdout and "99.75%" in res.stdout


def test_eval_missing_truth_dir(tmp_path):
    res = runner.invoke(app, ["eval", str(SEEDS[0].parent), str(tmp_path / "nope")])
    assert res.exit_code == 2 and "不存在" in res.stderr


def test_parse_folder_reads_known_files_sorted(tmp_path):
    """A folder is expanded like ``gongkai check`` does (gongkai.ingest.expand_paths)."""
    from gongkai.ingest import expand_paths

    sub = tmp_path / "sub"
    sub.mkdir()
    shutil.copy(SEEDS[1], sub / "b.txt")
    shutil.copy(SEEDS[0], tmp_path / "a.TXT")
    (tmp_path / "notes.xyz").write_text("不是报告", encoding="utf-8")
    assert expand_paths([tmp_path]) == [tmp_path / "a.TXT", sub / "b.txt"]
    odd = tmp_path / "notes.xyz"
    assert expand_paths([odd, sub]) == [odd, sub / "b.txt"]  # a file named explicitly is kept
    res = runner.invoke(app, ["parse", "-f", "flat", str(tmp_path)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert list(data) == [str(tmp_path / "a.TXT"), str(sub / "b.txt")]
    assert data[str(sub / "b.txt")]["meta.agency"] == "慈溪市人民政府"
    empty = tmp_path / "empty"
    empty.mkdir()
    res = runner.invoke(app, ["parse", str(empty)])
    assert res.exit_code == 2 and "没有可读取" in res.output


def test_check_path_carries_the_report(tmp_path):
    from gongkai.check_output import check_path

    ok = check_path(SEEDS[0])
    assert ok.ok and ok.report is not None and ok.report.agency == ok.agency == "慈溪市经济和信息化局"
    assert "report" not in ok.to_dict()
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04" + b"\0" * 40)
    res = check_path(bad)
    assert not res.ok and res.report is None and res.error_code == "FILE_TRUNCATED"
