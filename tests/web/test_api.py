"""REST API: tokens, applications, events, due list, year report, report check, OpenAPI."""
from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from .conftest import as_user

TODAY = dt.date.today()


def _token(web_env, username: str) -> dict[str, str]:
    c, csrf = as_user(web_env, username)
    r = c.post("/api/tokens", json={"name": "脚本"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201, r.text
    token = r.json()["token"]
    assert token.startswith("gk_")
    return {"Authorization": f"Bearer {token}"}


def _new_app(c: TestClient, headers, **kw) -> dict:
    data = {"applicant_kind": "commercial", "applicant_name": "接口测试有限公司", "received_on": TODAY.isoformat(),
            "channel": "internet", "request": "申请公开某项目批复"}
    data.update(kw)
    r = c.post("/api/applications", json=data, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


def test_token_flow_and_answer_changes_year_report(web_env):
    officer = _token(web_env, "officer")
    approver = _token(web_env, "approver")
    c = TestClient(web_env.app)
    before = c.get(f"/api/year-report?year={TODAY.year}", headers=officer).json()["flat"]
    app = _new_app(c, officer)
    assert app["state"] == "processing" and app["next_due_kind"] == "answer"
    assert app["applicant"]["name"] == "接口测试有限公司"  # officer of the body sees personal data
    assert "answered" not in app["allowed_events"]  # an officer's view: answering is for approvers
    assert "supplement_requested" in app["allowed_events"]
    # the officer may not answer (approver's task); the approver may
    r = c.post(f"/api/applications/{app['id']}/events", json={"kind": "answered", "outcome": "granted"},
               headers=officer)
    assert r.status_code == 403
    r = c.post(f"/api/applications/{app['id']}/events", json={"kind": "answered", "outcome": "granted"},
               headers=approver)
    assert r.status_code == 201, r.text
    assert r.json()["application"]["state"] == "answered"
    after = c.get(f"/api/year-report?year={TODAY.year}", headers=officer).json()
    assert after["flat"]["t3.new.commercial"] == before["t3.new.commercial"] + 1
    assert after["flat"]["t3.granted.commercial"] == before["t3.granted.commercial"] + 1
    assert after["flat"]["t3.total.total"] == before["t3.total.total"] + 1
    # a second answer is refused by the register's guards, with a Chinese message
    r = c.post(f"/api/applications/{app['id']}/events", json={"kind": "answered", "outcome": "partial"},
               headers=approver)
    assert r.status_code == 409 and "不能再登记" in r.json()["detail"]


def test_list_get_due_and_filters(web_env):
    officer = _token(web_env, "officer")
    c = TestClient(web_env.app)
    # received six weeks ago and never answered: overdue, so on the due list whatever today is
    old = TODAY - dt.timedelta(days=42)
    a = _new_app(c, officer, applicant_kind="legal", applicant_name="某律师事务所", received_on=old.isoformat())
    r = c.get("/api/applications?kind=legal&state=open", headers=officer)
    assert r.status_code == 200
    ids = [i["id"] for i in r.json()["items"]]
    assert a["id"] in ids
    assert all(i["applicant_kind"] == "legal" for i in r.json()["items"])
    one = c.get(f"/api/applications/{a['id']}", headers=officer).json()
    assert one["timeline"][0]["label"] == "收到申请"
    due = c.get("/api/due?within=0", headers=officer).json()
    item = next(i for i in due["items"] if i["application_id"] == a["id"])
    assert item["overdue"] is True and item["due_kind"] == "answer"
    overdue = c.get("/api/applications?state=overdue", headers=officer).json()
    assert a["id"] in [i["id"] for i in overdue["items"]]


def test_supplement_request_then_extension_refused_while_waiting(web_env):
    officer = _token(web_env, "officer")
    approver = _token(web_env, "approver")
    c = TestClient(web_env.app)
    a = _new_app(c, officer)
    r = c.post(f"/api/applications/{a['id']}/events", json={"kind": "supplement_requested", "note": "请补充文号",
                                                                "until": (TODAY + dt.timedelta(days=20)).isoformat()},
               headers=officer)
    assert r.status_code == 201
    assert r.json()["application"]["state"] == "awaiting_supplement"
    r = c.post(f"/api/applications/{a['id']}/events", json={"kind": "extension_approved"}, headers=approver)
    assert r.status_code == 409 and "补正" in r.json()["detail"]


def test_bad_input_is_chinese(web_env):
    officer = _token(web_env, "officer")
    c = TestClient(web_env.app)
    r = c.post("/api/applications", json={"applicant_kind": "alien", "applicant_name": "x",
                                          "received_on": TODAY.isoformat(), "channel": "internet"}, headers=officer)
    assert r.status_code == 400 and "申请人类型" in r.json()["detail"]
    r = c.post("/api/applications", json={"applicant_kind": "natural"}, headers=officer)
    assert r.status_code == 422 and "输入有误" in r.json()["detail"]


def test_check_upload_api(web_env, shared_dir):
    token = _token(web_env, "supervisor")
    c = TestClient(web_env.app)
    seed = shared_dir / "seeds" / "004_ccaddad691bcdd6a.txt"
    r = c.post("/api/check", files=[("files", (seed.name, seed.read_bytes(), "text/plain"))], headers=token)
    assert r.status_code == 200, r.text
    f = r.json()["files"][0]
    codes = {x["code"] for x in f["findings"] if x["severity"] == "error"}
    assert {"T3_OUTCOME_TOTAL", "T3_COLUMN_BALANCE"} & codes
    assert f["year"] == 2020


def test_openapi_and_token_revocation(web_env):
    headers = _token(web_env, "viewer")
    c = TestClient(web_env.app)
    spec = c.get("/api/openapi.json", headers=headers).json()
    assert "/api/applications" in spec["paths"] and "/api/year-report" in spec["paths"]
    tokens = c.get("/api/tokens", headers=headers).json()
    assert tokens and "token" not in tokens[0]
    mine = tokens[0]["id"]
    assert c.delete(f"/api/tokens/{mine}", headers=headers).status_code == 200
    assert c.get("/api/me", headers=headers).status_code == 401
    assert c.get("/api/me", headers={"Authorization": "Bearer gk_wrong"}).status_code == 401


def test_pages_render_for_each_role(web_env):
    for user in ("admin", "officer", "approver", "supervisor", "viewer", "district"):
        c, _ = as_user(web_env, user)
        for path in ("/", "/cases", "/check", "/reports", "/account"):
            r = c.get(path)
            assert r.status_code == 200, (user, path, r.text[:300])
        assert ("操作日志" in c.get("/").text) == (user in ("admin", "supervisor"))


def test_check_page_sample_and_excel_download(web_env):
    import io
    import re

    from openpyxl import load_workbook

    c, csrf = as_user(web_env, "supervisor")
    page = c.get("/check").text
    assert "004_ccaddad691bcdd6a.txt" in page  # bundled example reports
    r = c.post("/check/sample", data={"csrf_token": csrf, "name": "004_ccaddad691bcdd6a.txt"})
    assert r.status_code == 200
    assert 'class="num cell-error' in r.text and 'data-field="t3.total.total"' in r.text
    link = re.search(r'href="(/check/[^"]+/findings\.xlsx)"', r.text).group(1)
    x = c.get(link)
    assert x.status_code == 200
    ws = load_workbook(io.BytesIO(x.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("文件", "机关", "年度", "级别", "代码")
    assert any(row[4] == "T3_OUTCOME_TOTAL" and row[3] == "错误" for row in rows[1:])
    # another user cannot fetch this result
    other, _ = as_user(web_env, "viewer")
    assert other.get(link).status_code == 404


def test_dashboard_cache_sees_changes_made_outside_the_web(web_env):
    import re

    from gongkai.register import service

    c, _ = as_user(web_env, "officer")

    def new_total() -> int:
        html = c.get("/").text
        return int(re.search(r'data-field="t3\.new\.total"[^>]*>(\d+)<', html).group(1))

    before = new_total()
    assert new_total() == before  # served from the cache
    with web_env.register.transaction() as s:  # e.g. the CLI or another worker
        a = service.add_applicant(s, "natural", "外部登记", actor="cli")
        service.add_application(s, body_id=web_env.bodies["city"], applicant_id=a.id, received_on=TODAY,
                                channel="in_person", actor="cli")
    assert new_total() == before + 1
