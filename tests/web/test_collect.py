"""The supervisor's collection desk (年报报送): a body sends its report, it is checked at once, the
supervisor returns it with a reason, the body re-submits, the supervisor accepts; the comparison
table and the roll-up workbook (the same as ``gongkai rollup``)."""
from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from gongkai.web.checking import check_bytes

from ..conftest import SEEDS
from .conftest import as_user, make_env


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return make_env(f"sqlite:///{tmp_path_factory.mktemp('collect') / 'c.db'}")


@pytest.fixture(scope="module")
def clean_seed():
    """A seed report without errors, and its year."""
    for p in sorted(SEEDS.glob("*.txt")):
        cf = check_bytes(p.name, p.read_bytes())
        if cf.report and cf.report.year and not cf.counts["error"] and not cf.error:
            return p, cf
    pytest.fail("no seed without errors")


def _status(html: str, body_id: int) -> str:
    row = html.split(f'id="body-{body_id}"')[1].split("</tr>")[0]
    return re.search(r'desk-status">([^<]+)<', row).group(1)


def _submit(c, csrf, body_id, year, path):
    return c.post("/collect/submit", data={"csrf_token": csrf, "body_id": body_id, "year": year},
                  files={"file": (path.name, path.read_bytes(), "text/plain")}, follow_redirects=False)


def test_submit_return_resubmit_accept_compare_and_rollup(env, clean_seed):
    path, cf = clean_seed
    year = cf.report.year
    district = env.bodies["district"]
    sup, scsrf = as_user(env, "supervisor")
    assert _status(sup.get(f"/collect?year={year}").text, district) == "未报送"
    off, ocsrf = as_user(env, "district")
    assert _submit(off, ocsrf, district, year, path).status_code == 303
    html = sup.get(f"/collect?year={year}").text
    assert _status(html, district) == "已报送"
    sub_id = int(re.search(r'/collect/submissions/(\d+)/decide', html).group(1))
    # the comparison table: key figures from the report
    comparison = html.split('id="comparison"')[1].split("</table>")[0]
    assert f">{cf.report.flat()['t3.new.total']}<" in comparison.replace(" ", "")
    # returning needs a reason; then the body is told and sees it in its history
    r = sup.post(f"/collect/submissions/{sub_id}/decide", data={"csrf_token": scsrf, "action": "return"})
    assert "退回须注明理由" in r.text
    sup.post(f"/collect/submissions/{sub_id}/decide", data={"csrf_token": scsrf, "action": "return",
                                                          "reason": "第五部分过于简略，请充实"})
    assert _status(sup.get(f"/collect?year={year}").text, district) == "已退回"
    own = off.get(f"/collect?year={year}").text
    assert "第五部分过于简略，请充实" in own.split('id="history"')[1]
    assert "被退回：第五部分过于简略，请充实" in off.get("/notifications").text
    # re-submit and accept
    _submit(off, ocsrf, district, year, path)
    html = sup.get(f"/collect?year={year}").text
    assert _status(html, district) == "已报送"
    new_id = max(int(x) for x in re.findall(r'/collect/submissions/(\d+)/decide', html))
    sup.post(f"/collect/submissions/{new_id}/decide", data={"csrf_token": scsrf, "action": "accept"})
    assert _status(sup.get(f"/collect?year={year}").text, district) == "已通过"
    assert off.get(f"/collect?year={year}").text.split('id="history"')[1].count("<tr>") == 3  # header + 2
    # the roll-up workbook, made by gongkai.rollup
    r = sup.post("/collect/rollup.xlsx", data={"csrf_token": scsrf, "year": year})
    assert r.status_code == 200 and "spreadsheetml" in r.headers["content-type"]
    wb = load_workbook(io.BytesIO(r.content))
    from gongkai.rollup import rollup
    from gongkai.rollup.workbook import write_workbook

    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        out = write_workbook(rollup([path], year=year), Path(tmp) / "cli.xlsx")
        assert wb.sheetnames == load_workbook(out).sheetnames


def test_errors_status_and_permissions(env, tmp_path):
    district, county = env.bodies["district"], env.bodies["county"]
    bad = tmp_path / "bad.txt"
    bad.write_text("这不是年度报告。", encoding="utf-8")
    off, ocsrf = as_user(env, "district")
    r = _submit(off, ocsrf, district, 2024, bad)
    assert "请修改后重新报送" in off.get(r.headers["location"]).text
    sup, _ = as_user(env, "supervisor")
    assert _status(sup.get("/collect?year=2024").text, district) == "有错误待修改"
    # a body cannot send for another body; the county's supervisor-less officer sees no desk
    assert _submit(off, ocsrf, county, 2024, bad).status_code == 403
    county_user, ccsrf = as_user(env, "county")
    html = county_user.get("/collect?year=2024").text
    assert 'id="desk"' not in html and 'id="own-submissions"' in html
    sub = re.search(r'/collect/submissions/(\d+)/file', sup.get("/collect?year=2024").text).group(1)
    assert county_user.get(f"/collect/submissions/{sub}/file").status_code == 404
