"""Find anything (查找): search by 受理编号, applicant name / phone / ID number on normalised values
(only for roles that may see personal data), request text; sorting by any column; date-range,
channel and 承办人 filters; every dashboard figure opens a list of exactly that many cases; the
filtered register as an Excel 台账."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from gongkai.register import service

from .conftest import as_user, make_env

TODAY = dt.date.today()


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    e = make_env(f"sqlite:///{tmp_path_factory.mktemp('find') / 'find.db'}")
    city, county = e.bodies["city"], e.bodies["county"]
    with e.register.transaction() as s:
        def case(body, name, received, *, contact=None, id_doc=None, channel="internet", request="申请公开文件",
                 ref=None, answer=None):
            a = service.add_applicant(s, "natural", name, id_document=id_doc, contact=contact, actor="test")
            app = service.add_application(s, body_id=body, applicant_id=a.id, received_on=received, channel=channel,
                                          request=request, ref_no=ref, actor="test")
            if answer:
                service.record_event(s, app.id, "answered", answer, outcome="granted", actor="test")
            return app

        last_year = dt.date(TODAY.year - 1, 12, 20)
        case(city, "张 三", TODAY, contact="138-0013-8000", id_doc="11010519491231002x", ref="市2026-001",
             request="申请公开某道路改造项目的批复")
        case(city, "李四", TODAY - dt.timedelta(days=3), contact="+86 139 0000 1111", channel="in_person",
             ref="市2026-002")
        case(city, "王五", last_year, ref="市2025-099", answer=TODAY - dt.timedelta(days=1) if
             TODAY.year == (TODAY - dt.timedelta(days=1)).year else TODAY)
        case(city, "赵六", last_year, ref="市2025-100", answer=last_year + dt.timedelta(days=5))
        case(county, "张三", TODAY, contact="13800138000", ref="县2026-001")
        case(city, "钱七", TODAY - dt.timedelta(days=45), ref="市-逾期")  # 20 working days passed: overdue
        from gongkai.register.calendar import default_calendar

        cal = default_calendar()
        received = TODAY - dt.timedelta(days=20)
        while cal.workdays_between(cal.add_workdays(received, 20), TODAY) < -3:
            received -= dt.timedelta(days=1)  # answer due in 1–3 working days
        case(city, "孙八", received, ref="市-将到期")
    return e


def _total(c: TestClient, url: str) -> int:
    html = c.get(url).text
    m = re.search(r'id="case-total">(\d+)<', html)
    assert m, html[:2000]
    return int(m.group(1))


def _refs(html: str) -> list[str]:
    return re.findall(r'<a href="/cases/\d+">([^<]+)</a>', html)


def test_search_by_applicant_name_phone_and_id_on_normalised_values(env):
    c, _ = as_user(env, "officer")
    assert _refs(c.get("/cases?who=张三").text) == ["市2026-001"]  # stored "张 三"; the county's 张三 not visible
    assert _refs(c.get("/cases?who=13800138000").text) == ["市2026-001"]  # stored with hyphens
    assert _refs(c.get("/cases?who=139-0000-1111").text) == ["市2026-002"]  # stored with +86 and spaces
    assert _refs(c.get("/cases?who=11010519491231002X").text) == ["市2026-001"]  # ID letter case ignored
    assert _refs(c.get("/cases?q=道路改造").text) == ["市2026-001"]  # request text
    assert _refs(c.get("/cases?q=市2025-099").text) == ["市2025-099"]  # 受理编号
    # the county officer finds only his own body's 张三
    county, _ = as_user(env, "county")
    assert _refs(county.get("/cases?who=张三").text) == ["县2026-001"]


def test_personal_search_refused_for_roles_without_personal_data(env):
    for role in ("supervisor", "viewer"):
        c, _ = as_user(env, role)
        html = c.get("/cases?who=张三").text
        assert "您无权按申请人姓名、电话或证件号码检索" in html
        assert _refs(html) == []
        assert 'name="who"' not in html  # no search box either
        r = c.get("/cases/export.xlsx?who=13800138000")
        ws = load_workbook(io.BytesIO(r.content)).active
        assert ws.max_row == 1  # headers only


def test_sort_by_any_column_and_date_range_and_channel_filters(env):
    c, _ = as_user(env, "officer")
    asc = _refs(c.get("/cases?sort=ref&dir=asc").text)
    assert asc == sorted(asc) and len(asc) == 6
    assert _refs(c.get("/cases?sort=ref&dir=desc").text) == list(reversed(asc))
    for key in ("received", "kind", "applicant", "request", "channel", "state", "outcome", "due", "closed",
                "assignee", "body"):
        assert c.get(f"/cases?sort={key}&dir=desc").status_code == 200
    names = re.findall(r'<td class="hide-sm">([张李王赵][^<]*)</td>', c.get("/cases?sort=applicant").text)
    assert names == sorted(names)
    frm = (TODAY - dt.timedelta(days=5)).isoformat()
    assert _total(c, f"/cases?received_from={frm}&received_to={TODAY.isoformat()}") == 2
    assert _refs(c.get("/cases?channel=in_person").text) == ["市2026-002"]
    html = c.get("/cases?received_from=2026-13-01").text
    assert "收到日期（起）“2026-13-01”不是有效日期" in html


def test_dashboard_figures_open_lists_of_the_same_count(env):
    for user in ("officer", "supervisor", "admin"):
        c, _ = as_user(env, user)
        html = c.get("/").text
        for stat in ("overdue", "due-soon", "open", "received", "closed"):
            m = re.search(rf'<a class="stat[^"]*" href="([^"]+)"><div class="num" id="stat-{stat}">(\d+)<', html)
            assert m, (user, stat)
            href = m.group(1).replace("&amp;", "&")
            assert _total(c, href) == int(m.group(2)), (user, stat, href)
            if user == "officer" and stat in ("overdue", "due-soon"):
                assert int(m.group(2)) == 1, stat


def test_closed_this_year_counts_only_this_years_closings(env):
    c, _ = as_user(env, "officer")
    html = c.get("/").text
    closed = int(re.search(r'id="stat-closed">(\d+)<', html).group(1))
    assert closed == 1  # 王五 (closed this year); 赵六 closed last year is not counted


def test_ledger_export_has_the_filtered_rows_and_office_columns(env):
    c, _ = as_user(env, "officer")
    r = c.get("/cases/export.xlsx?sort=ref")
    assert r.status_code == 200 and "spreadsheetml" in r.headers["content-type"]
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:6] == ("受理编号", "收到日期", "机关", "申请人类型", "申请人", "联系方式")
    assert [row[0] for row in rows[1:]] == ["市-将到期", "市-逾期", "市2025-099", "市2025-100", "市2026-001",
                                            "市2026-002"]
    assert rows[5][4] == "张 三" and rows[5][5] == "138-0013-8000"
    assert _total(c, "/cases?channel=internet") == len(load_workbook(io.BytesIO(
        c.get("/cases/export.xlsx?channel=internet").content)).active["A"]) - 1
    # a supervisor's export carries no personal data
    s, _ = as_user(env, "supervisor")
    ws = load_workbook(io.BytesIO(s.get("/cases/export.xlsx").content)).active
    assert {row[4] for row in ws.iter_rows(min_row=2, values_only=True)} == {"（无权查看）"}


def test_ledger_cells_cannot_run_as_formulas(env):
    c, csrf = as_user(env, "officer")
    r = c.post("/cases/new", data={"csrf_token": csrf, "body_id": env.bodies["city"], "kind": "natural",
                                   "name": "=HYPERLINK(\"http://x\")", "received_on": TODAY.isoformat(),
                                   "channel": "internet", "request_text": "=1+1"}, follow_redirects=False)
    assert r.status_code == 303
    ws = load_workbook(io.BytesIO(c.get("/cases/export.xlsx?q==1%2B1").content)).active
    row = next(ws.iter_rows(min_row=2, values_only=True))
    assert row[7] == "'=1+1" and row[4].startswith("'=")


def test_api_takes_the_same_filters_and_messages(env):
    c, _ = as_user(env, "officer")
    data = c.get("/api/applications?who=13800138000&sort=ref").json()
    assert [i["ref_no"] for i in data["items"]] == ["市2026-001"] and data["items"][0]["applicant_name"] == "张 三"
    r = c.get("/api/applications?received_from=2026-02-30")
    assert r.status_code == 400 and "收到日期（起）“2026-02-30”不是有效日期" in r.json()["detail"]
    s, _ = as_user(env, "supervisor")
    assert s.get("/api/applications?who=张三").json()["note"] == "您无权按申请人姓名、电话或证件号码检索。"
