"""Supervisor roll-up (汇总): sums, blanks, unreadable files, workbook, JSON, cross-year matching."""
from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import gongkai
from gongkai.cli import app
from gongkai.model import fields as F
from gongkai.rollup import normalise_agency, rollup
from gongkai.rollup.sums import check_sums, sum_tables
from gongkai.rollup.workbook import write_workbook
from tests.conftest import SEEDS, seed_files
from tests.ingest.generate import random_flat, write_markdown
from tests.rules.factory import make_report

runner = CliRunner()


def _flats(fmt: str, year: int, n: int, **kw) -> list[dict]:
    return [random_flat(fmt, seed=i, year=year, agency=f"某某市第{i}局", **kw) for i in range(n)]


def _write(flats: list[dict], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [write_markdown(f, folder / f"r{i}.md") for i, f in enumerate(flats)]


def _expected_sum(flats: list[dict], fid: str):
    nums = [f[fid] for f in flats if isinstance(f.get(fid), (int, float))]
    return round(sum(nums), 6) if nums else None


# ----------------------------------------------------------------------------- seeds

def test_seeds_rollup():
    files = seed_files()
    assert len(files) == 5
    ru = rollup([SEEDS])
    assert len(ru.entries) == 5 and not ru.unreadable
    reports = [gongkai.parse(p) for p in files]
    years = [r.year for r in reports]
    assert ru.year == max(set(years), key=lambda y: (years.count(y), y))
    chosen = [r for r in reports if r.year == ru.year]
    assert set(ru.sums) == {"2019"}
    ts = ru.sums["2019"]
    assert len(ts.files) == len(chosen)
    for fid in ("t3.new.total", "t3.total.natural", "t4.review.total", "t2.procurement.amount"):
        nums = [r.number(fid) for r in chosen if r.number(fid) is not None]
        assert ts.cells[fid].total == pytest.approx(sum(nums))
        assert ts.cells[fid].numbers == len(nums)
    # reports with table errors are left out of the roll-up check, the rest balance
    bad = {e.file for e in ru.entries if e.summed and any(
        f.severity == "error" and f.code.startswith(("T3_", "T4_")) for f in e.result.findings)}
    assert bad and set(ts.consistent) == set(ts.files) - bad
    assert not [f for f in ts.check if f.severity == "error"]
    assert ru.exit_code == (1 if ru.with_errors else 0)


def test_seeds_cli_workbook(tmp_path: Path):
    out = tmp_path / "汇总.xlsx"
    res = runner.invoke(app, ["rollup", str(SEEDS), "-o", str(out)])
    assert res.exit_code == 1, res.output  # the seeds contain error-level findings
    assert "共5份报告" in res.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["报告清单", "问题明细", "汇总表三", "汇总表二", "汇总表四"]
    rows = list(wb["报告清单"].iter_rows(values_only=True))
    assert rows[0][:5] == ("文件", "机关名称", "年度", "格式", "读取情况") and len(rows) == 6
    errors_col = rows[0].index("错误")
    red = [r for r in wb["报告清单"].iter_rows(min_row=2) if r[errors_col].value]
    assert red and all(r[0].fill.fgColor.rgb.endswith("F8D7DA") for r in red)
    n_findings = sum(len(gongkai.check(gongkai.parse(p))) for p in seed_files())
    assert wb["问题明细"].max_row == n_findings + 1


# ----------------------------------------------------------------------------- generated

def test_generated_sums_and_blanks(tmp_path: Path):
    flats = _flats("2021", 2023, 4, blank_rate=0.0, na_rate=0.0)
    flats[0]["t3.granted.natural"] = None  # blank
    flats[1]["t3.granted.natural"] = "/"
    flats[2]["t4.review.upheld"] = None
    files = _write(flats, tmp_path / "in")
    for f, p in zip(flats, files):  # the generator round-trips exactly
        assert gongkai.parse(p).flat() == f
    ru = rollup([tmp_path / "in"])
    assert ru.year == 2023 and set(ru.sums) == {"2021"}
    ts = ru.sums["2021"]
    for fid in F.table_fields("2021"):
        assert ts.cells[fid].total == pytest.approx(_expected_sum(flats, fid)) if _expected_sum(flats, fid) \
            is not None else ts.cells[fid].total is None, fid
    g = ts.cells["t3.granted.natural"]
    assert g.total == sum(f["t3.granted.natural"] for f in flats[2:])  # blank and "/" not counted
    assert g.numbers == 2 and not g.complete
    assert g.missing["blank"] == [str(files[0])] and g.missing["na"] == [str(files[1])]
    assert ts.cells["t4.review.upheld"].missing["blank"] == [str(files[2])]
    assert ts.cells["t3.new.natural"].complete
    # the roll-up check: the blank makes the affected identities uncheckable (notice), never an error
    assert not [f for f in ts.check if f.severity == "error"]
    assert any(f.severity == "notice" and "t3.granted.natural" in f.fields for f in ts.check)
    assert set(ts.unchecked) == {"t3.granted.natural", "t4.review.upheld"}

    out = write_workbook(ru, tmp_path / "汇总.xlsx")
    ws = openpyxl.load_workbook(out)["汇总表三"]
    row = next(r for r in ws.iter_rows() if r[0].value == "（一）予以公开")
    cell = row[1 + F.T3_COLUMN_IDS.index("natural")]
    assert cell.value == g.total and cell.comment is not None
    assert "空白1份" in cell.comment.text and "填“/”1份" in cell.comment.text
    assert "空白：自然人1份" in row[-1].value
    complete = row[1 + F.T3_COLUMN_IDS.index("commercial")]
    assert complete.comment is None and complete.value == _expected_sum(flats, "t3.granted.commercial")
    ws4 = openpyxl.load_workbook(out)["汇总表四"]
    review = next(r for r in ws4.iter_rows() if r[0].value == "行政复议")
    assert review[1].comment is not None and review[1].value == _expected_sum(flats, "t4.review.upheld")
    texts = [r[0].value for r in ws4.iter_rows() if r[0].value]
    assert any("1个单元格在部分报告中未填数字" in t for t in texts)
    assert not any("平衡，未发现问题" in t for t in texts)


def test_all_blank_cell_is_not_zero(tmp_path: Path):
    flats = _flats("2019", 2020, 2, blank_rate=0.0, na_rate=0.0)
    for f in flats:
        f["t3.rejected.excessive.legal"] = None
    _write(flats, tmp_path)
    ts = rollup([tmp_path]).sums["2019"]
    c = ts.cells["t3.rejected.excessive.legal"]
    assert c.total is None and c.numbers == 0 and len(c.missing["blank"]) == 2


def test_consistent_sums_balance_and_inconsistent_left_out(tmp_path: Path):
    flats = _flats("2019", 2020, 3, blank_rate=0.0, na_rate=0.0)
    flats[2]["t3.new.natural"] = flats[2]["t3.new.natural"] + 7  # breaks the column balance
    files = _write(flats, tmp_path)
    ru = rollup(files)
    ts = ru.sums["2019"]
    assert set(ts.consistent) == {str(files[0]), str(files[1])}
    assert ts.check == []  # full numbers, balanced: nothing to say
    assert ts.unchecked == []
    ws = openpyxl.load_workbook(write_workbook(ru, tmp_path / "汇总.xlsx"))["汇总表三"]
    texts = [r[0].value for r in ws.iter_rows() if r[0].value]
    assert "汇总数勾稽关系平衡，未发现问题。" in texts
    assert any("勾稽关系有错误的1份报告" in t for t in texts)
    assert ru.exit_code == 1
    # the check itself can fail: the sums including the broken report do not balance
    found, unchecked = check_sums("2019", 2020, [gongkai.parse(p) for p in files])
    assert unchecked == []
    assert any(f.code == "T3_COLUMN_BALANCE" and f.severity == "error" for f in found)


def test_single_other_2021_reports():
    # move applications from 予以公开 to （六）其他处理 so every table still balances
    split = make_report("2021", 2022, {"t3.other.other.natural": 1, "t3.other.other.total": 1,
                                       "t3.granted.natural": 1, "t3.granted.total": 3})
    single = make_report("2021", 2022, {"t3.other.natural": 2, "t3.other.total": 2,
                                        "t3.granted.natural": 0, "t3.granted.total": 2}, single_other=True)
    from gongkai.check_output import CheckResult
    from gongkai.rules import check
    results = [CheckResult.from_report(n, r, check(r)) for n, r in (("a", split), ("b", single))]
    assert not [f for r in results for f in r.findings if f.severity == "error"]
    ts = sum_tables("2021", 2022, [split, single], results)
    assert ts.single_other_files == ["b"]
    assert ts.cells["t3.other.natural"].total == 2 and ts.cells["t3.other.natural"].missing["absent"] == ["a"]
    assert ts.cells["t3.other.other.natural"].total == 1
    assert ts.cells["t3.other.other.natural"].missing["absent"] == ["b"]
    assert ts.check == []  # （六） merged per report: every identity checkable and balanced


def test_unreadable_files_listed(tmp_path: Path):
    flats = _flats("2021", 2024, 2)
    _write(flats, tmp_path / "in")
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "broken.pdf").write_bytes(b"not a pdf at all")
    ru = rollup([tmp_path / "in", tmp_path / "missing.docx"])
    bad = {Path(e.file).name: e.result for e in ru.unreadable}
    assert set(bad) == {"empty.txt", "broken.pdf", "missing.docx"}
    assert all(r.error_reason for r in bad.values())
    assert len(ru.sums["2021"].files) == 2 and ru.exit_code == 2

    out = tmp_path / "汇总.xlsx"
    res = runner.invoke(app, ["rollup", str(tmp_path / "in"), "-o", str(out)])
    assert res.exit_code == 2
    assert "无法读取" in res.output and "empty.txt" in res.output and "broken.pdf" in res.output
    rows = list(openpyxl.load_workbook(out)["报告清单"].iter_rows(values_only=True))[1:]
    unread = {Path(r[0]).name: r[4] for r in rows if str(r[4]).startswith("无法读取")}
    assert set(unread) == {"empty.txt", "broken.pdf"}


def test_year_option_and_other_years(tmp_path: Path):
    flats = _flats("2021", 2023, 2) + [random_flat("2021", seed=9, year=2024, agency="某某县人民政府")]
    _write(flats, tmp_path)
    ru = rollup([tmp_path])
    assert ru.year == 2023 and len(ru.sums["2021"].files) == 2
    ru = rollup([tmp_path], year=2024)
    assert len(ru.sums["2021"].files) == 1
    assert [e.summed for e in ru.entries].count(True) == 1


def test_json_output(tmp_path: Path):
    flats = _flats("2019", 2019, 2, blank_rate=0.0, na_rate=0.0)
    flats[0]["t3.new.natural"] = None
    _write(flats, tmp_path)
    res = runner.invoke(app, ["rollup", str(tmp_path), "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    data = json.loads(res.stdout)
    assert data["year"] == 2019 and data["summary"]["reports"] == 2
    assert data["summary"]["exit_code"] == res.exit_code
    cell = data["sums"]["2019"]["cells"]["t3.new.natural"]
    assert cell == {"sum": flats[1]["t3.new.natural"], "reports_with_number": 1, "blank": 1, "na": 0, "text": 0,
                    "absent": 0, "complete": False}
    assert data["sums"]["2019"]["cells"]["t3.new.total"]["sum"] == _expected_sum(flats, "t3.new.total")
    assert {r["key_figures"]["本年新收"] for r in data["reports"]} == {f["t3.new.total"] for f in flats}


# ----------------------------------------------------------------------------- cross-year

def _pair_flats(mismatch: bool) -> tuple[dict, dict]:
    prev = random_flat("2021", seed=1, year=2022, agency="某某市交通运输局", blank_rate=0, na_rate=0)
    cur = random_flat("2021", seed=2, year=2023, agency="某某市交通运输局", blank_rate=0, na_rate=0)
    # make cur's 上年结转 equal prev's 结转下年度 and keep cur balanced by adjusting 本年新收
    for c in F.T3_COLUMN_IDS:
        delta = prev[f"t3.carry_forward.{c}"] - cur[f"t3.carried_over.{c}"]
        cur[f"t3.carried_over.{c}"] += delta
        cur[f"t3.new.{c}"] -= delta
    if min(cur[f"t3.new.{c}"] for c in F.T3_COLUMN_IDS) < 0:
        for c in F.T3_COLUMN_IDS:  # keep counts non-negative: raise both sides equally
            cur[f"t3.new.{c}"] += 10 * (6 if c == "total" else 1)
            cur[f"t3.carry_forward.{c}"] += 10 * (6 if c == "total" else 1)
    if mismatch:
        prev["t3.carry_forward.natural"] += 3
        prev["t3.carry_forward.total"] += 3
        prev["t3.carried_over.natural"] += 3
        prev["t3.carried_over.total"] += 3
    for c in ("rules", "normative"):
        cur[f"t2.{c}.in_force"] = prev[f"t2.{c}.in_force"] + cur[f"t2.{c}.issued"] - cur[f"t2.{c}.repealed"]
    return prev, cur


@pytest.mark.parametrize("mismatch", [False, True])
def test_cross_year(tmp_path: Path, mismatch: bool):
    prev, cur = _pair_flats(mismatch)
    other = random_flat("2021", seed=3, year=2023, agency="某某县人民政府", blank_rate=0, na_rate=0)
    _write([prev], tmp_path / "2022")
    _write([cur, other], tmp_path / "2023")
    ru = rollup([tmp_path / "2023"], previous=tmp_path / "2022")
    assert ru.pairs is not None and len(ru.pairs) == 2
    matched = [p for p in ru.pairs if p.previous is not None]
    assert len(matched) == 1 and matched[0].current.result.agency == "某某市交通运输局"
    codes = {(f.code, f.severity) for f in matched[0].findings}
    assert (("CARRY_OVER_MISMATCH", "error") in codes) == mismatch
    assert ("IN_FORCE_MISMATCH", "error") not in codes
    cur_result = matched[0].current.result  # cross-year findings join the report's own findings
    assert any(f.code == "CARRY_OVER_MISMATCH" and f.severity == "error" for f in cur_result.findings) == mismatch
    assert ru.exit_code == (1 if mismatch else 0)

    out = tmp_path / "汇总.xlsx"
    res = runner.invoke(app, ["rollup", str(tmp_path / "2023"), "--previous", str(tmp_path / "2022"),
                              "-o", str(out)])
    assert res.exit_code == (1 if mismatch else 0)
    ws = openpyxl.load_workbook(out)["跨年核对"]
    rows = list(ws.iter_rows(values_only=True))[1:]
    assert any(r[0] == "某某县人民政府" and "没有找到" in r[7] for r in rows)
    mine = [r for r in rows if r[0] == "某某市交通运输局"]
    assert mine and Path(mine[0][3]).parent.name == "2022"
    assert any(r[5] == "CARRY_OVER_MISMATCH" for r in mine) == mismatch


def test_normalise_agency():
    assert normalise_agency(" 某某市 交通运输局 ") == normalise_agency("某某市交通运输局")
    assert normalise_agency("某某市（区）人民政府") == normalise_agency("某某市(区)人民政府")
    assert normalise_agency("某某市交通运输局") != normalise_agency("某某县交通运输局")
    assert normalise_agency(None) == ""


def test_cli_bad_arguments(tmp_path: Path):
    res = runner.invoke(app, ["rollup"])
    assert res.exit_code == 2 and "请指定" in res.output
    res = runner.invoke(app, ["rollup", str(tmp_path / "nope")])
    assert res.exit_code == 2 and "找不到" in res.output
    res = runner.invoke(app, ["rollup", str(tmp_path)])
    assert res.exit_code == 2 and "没有可读取" in res.output
    res = runner.invoke(app, ["rollup", "--help"])
    assert res.exit_code == 0 and "退出码" in res.output


def test_mixed_formats_get_own_sheets(tmp_path: Path):
    flats = [random_flat("2021", seed=1, year=2021, agency="某某市甲局"),
             random_flat("2021", seed=2, year=2021, agency="某某市乙局"),
             random_flat("2019", seed=3, year=2021, agency="某某市丙局")]  # old format used by mistake
    _write(flats, tmp_path / "in")
    seen: list[str] = []
    ru = rollup([tmp_path / "in"], progress=lambda p: seen.append(p.name))
    assert sorted(seen) == ["r0.md", "r1.md", "r2.md"]
    assert {f: len(ts.files) for f, ts in ru.sums.items()} == {"2019": 1, "2021": 2}
    names = openpyxl.load_workbook(write_workbook(ru, tmp_path / "汇总.xlsx")).sheetnames
    assert names == ["报告清单", "问题明细", "汇总表三（2019格式）", "汇总表二（2019格式）", "汇总表四（2019格式）",
                     "汇总表三（2021格式）", "汇总表二（2021格式）", "汇总表四（2021格式）"]


def test_key_figures_keep_blanks():
    from gongkai.rollup.workbook import key_figure

    rep = make_report("2021", 2022, {"t3.new.total": None, "t3.carry_forward.total": "/",
                                     "t4.suit_direct.total": 2, "t4.suit_after_review.total": None})
    assert key_figure(rep, ("t3.new.total",)) is None
    assert key_figure(rep, ("t3.carry_forward.total",)) == "/"
    assert key_figure(rep, ("t3.total.total",)) == rep.number("t3.total.total")
    assert key_figure(rep, ("t4.suit_direct.total", "t4.suit_after_review.total")) == "2＋空白"
    rep = make_report("2021", 2022, {"t4.suit_direct.total": 2, "t4.suit_after_review.total": 3})
    assert key_figure(rep, ("t4.suit_direct.total", "t4.suit_after_review.total")) == 5
