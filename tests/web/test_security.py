"""Security: anonymous access, roles, body isolation, CSRF, uploads, escaping, lock-out, cookies."""
from __future__ import annotations

import datetime as dt
import re

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount

from .conftest import PASSWORD, as_user, csrf_of

PUBLIC = {"/login", "/healthz"}
PARAMS = {"fmt": "docx", "result_id": "abc"}


def _concrete(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: PARAMS.get(m.group(1), "1"), path)


def _new_case(web_env, username="officer", request_text="申请公开某文件", received=None) -> int:
    c, csrf = as_user(web_env, username)
    body = web_env.bodies[{"officer": "city", "district": "district", "county": "county"}[username]]
    r = c.post("/cases/new", data={"csrf_token": csrf, "body_id": body, "kind": "natural", "name": "张三",
                                   "id_document": "110101199001011234", "contact": "13900000000",
                                   "received_on": (received or dt.date.today()).isoformat(), "channel": "in_person",
                                   "request_text": request_text}, follow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    return int(r.headers["location"].rsplit("/", 1)[1])


def test_every_route_refuses_anonymous(web_env):
    anon = TestClient(web_env.app)
    checked = 0
    for route in web_env.app.routes:
        if isinstance(route, Mount):
            assert route.path == "/static"
            continue
        assert isinstance(route, APIRoute), route
        if route.path in PUBLIC:
            continue
        for method in route.methods:
            r = anon.request(method, _concrete(route.path), follow_redirects=False)
            checked += 1
            if route.path.startswith("/api"):
                assert r.status_code == 401, (method, route.path, r.status_code)
                assert "登录" in r.json()["detail"]
            else:
                assert r.status_code == 303, (method, route.path, r.status_code)
                assert r.headers["location"].startswith("/login")
    assert checked >= 30
    assert anon.get("/healthz").status_code == 200
    assert anon.get("/static/app.css").status_code == 200


def test_viewer_cannot_change_anything(web_env):
    case_id = _new_case(web_env)
    c, csrf = as_user(web_env, "viewer")
    assert c.get(f"/cases/{case_id}").status_code == 200
    city = web_env.bodies["city"]
    posts = {
        "/cases/new": {"body_id": city, "kind": "natural", "name": "x", "received_on": dt.date.today().isoformat(),
                       "channel": "internet", "request_text": "x"},
        f"/cases/{case_id}/events": {"kind": "supplement_requested", "note": "x"},
        "/admin/users": {"username": "evil", "password": "Evil-12345", "role": "admin"},
        "/admin/bodies": {"name": "坏机关"},
        f"/reports/{city}/{dt.date.today().year}": {"section_1": "篡改"},
    }
    for path, data in posts.items():
        r = c.post(path, data={"csrf_token": csrf, **data}, follow_redirects=False)
        assert r.status_code == 403, (path, r.status_code)
        assert "权限" in r.text or "只有" in r.text
    r = c.post("/api/applications", json={"applicant_kind": "natural", "applicant_name": "x", "channel": "internet",
                                          "received_on": dt.date.today().isoformat()},
               headers={"X-CSRF-Token": csrf})
    assert r.status_code == 403
    r = c.post(f"/api/applications/{case_id}/events", json={"kind": "withdrawn"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 403
    # the case is unchanged
    assert "办理中" in c.get(f"/cases/{case_id}").text


def test_other_bodies_cases_are_invisible(web_env):
    city_case = _new_case(web_env, "officer", "市本级的申请")
    district_case = _new_case(web_env, "district", "西区的申请")
    county, _ = as_user(web_env, "county")
    assert county.get(f"/cases/{city_case}").status_code == 404
    assert county.get(f"/api/applications/{city_case}").status_code == 404
    assert "市本级的申请" not in county.get("/cases").text
    assert county.get(f"/cases?body={web_env.bodies['city']}").status_code == 404
    district, _ = as_user(web_env, "district")
    assert district.get(f"/cases/{city_case}").status_code == 404
    assert district.get(f"/cases/{district_case}").status_code == 200
    # the city's supervisor sees the subtree (city and district) …
    sup, _ = as_user(web_env, "supervisor")
    assert sup.get(f"/cases/{district_case}").status_code == 200
    assert sup.get(f"/cases/{city_case}").status_code == 200
    # … but not the applicants' personal data
    page = sup.get(f"/cases/{city_case}").text
    assert "110101199001011234" not in page and "13900000000" not in page
    assert "applicant" not in sup.get(f"/api/applications/{city_case}").json()
    viewer, _ = as_user(web_env, "viewer")
    assert "110101199001011234" not in viewer.get(f"/cases/{city_case}").text
    officer, _ = as_user(web_env, "officer")
    assert "110101199001011234" in officer.get(f"/cases/{city_case}").text


def test_forms_without_csrf_are_refused(web_env):
    case_id = _new_case(web_env)
    c, csrf = as_user(web_env, "officer")
    for token in (None, "wrong-token"):
        data = {"kind": "supplement_requested", "note": "x"}
        if token:
            data["csrf_token"] = token
        r = c.post(f"/cases/{case_id}/events", data=data, follow_redirects=False)
        assert r.status_code == 403 and "CSRF" in r.text
    r = c.post("/api/tokens", json={"name": "x"})  # cookie without X-CSRF-Token
    assert r.status_code == 403
    r = c.post("/logout", follow_redirects=False)
    assert r.status_code == 403
    # the login form has its own token
    anon = TestClient(web_env.app)
    r = anon.post("/login", data={"username": "officer", "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 403


def test_upload_limits_and_types(web_env):
    c, csrf = as_user(web_env, "supervisor")
    big = b"a" * (2 * 1024 * 1024 + 200_000)  # test settings: 2 MB
    r = c.post("/check", data={"csrf_token": csrf}, files=[("files", ("big.txt", big, "text/plain"))])
    assert r.status_code == 413 and "上传内容过大" in r.text
    r = c.post("/api/check", files=[("files", ("big.txt", big, "text/plain"))], headers={"X-CSRF-Token": csrf})
    assert r.status_code == 413 and "过大" in r.json()["detail"]
    r = c.post("/check", data={"csrf_token": csrf}, files=[("files", ("virus.exe", b"MZ\x90\x00", "application/x-msdownload"))])
    assert r.status_code == 400 and "类型不受支持" in r.text and "virus.exe" in r.text
    r = c.post("/check", data={"csrf_token": csrf}, files=[("files", ("fake.pdf", b"hello, not a pdf", "application/pdf"))])
    assert r.status_code == 400 and "不符" in r.text


SCRIPT = "<script>alert('x')</script>"


def test_script_in_report_and_case_is_escaped(web_env, shared_dir):
    c, csrf = as_user(web_env, "officer")
    seed = (shared_dir / "seeds" / "004_ccaddad691bcdd6a.txt").read_text("utf-8")
    lines = seed.splitlines()
    lines[0] = lines[0].replace("眉山市经济和信息化局", f"眉山市经济和信息化局{SCRIPT}")
    at = lines.index("一、总体情况") if "一、总体情况" in lines else 1
    lines.insert(at + 1, f"{SCRIPT}本年度工作稳步推进。")
    r = c.post("/check", data={"csrf_token": csrf},
               files=[("files", (f"x{SCRIPT}.txt", "\n".join(lines).encode("utf-8"), "text/plain"))])
    assert r.status_code == 200
    assert "checked-file" in r.text and "flash-error" not in r.text.split("checked-file", 1)[1][:400]
    assert "<script>alert" not in r.text
    assert "&lt;script&gt;" in r.text  # the narrative as read, shown as text
    case_id = _new_case(web_env, "officer", request_text=f"{SCRIPT}请公开")
    page = c.get(f"/cases/{case_id}").text
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<script>alert" not in c.get("/cases").text


def test_lockout_after_five_failures(web_env):
    anon = TestClient(web_env.app)
    for i in range(5):
        token = csrf_of(anon.get("/login").text)
        r = anon.post("/login", data={"username": "lockme", "password": "wrong", "csrf_token": token})
        assert r.status_code == 401
    token = csrf_of(anon.get("/login").text)
    r = anon.post("/login", data={"username": "lockme", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 401 and "锁定" in r.text


def test_cookie_flags_and_logout(web_env):
    c = TestClient(web_env.app)
    token = csrf_of(c.get("/login").text)
    r = c.post("/login", data={"username": "officer", "password": PASSWORD, "csrf_token": token},
               follow_redirects=False)
    cookie = [h for h in r.headers.get_list("set-cookie") if h.startswith("gongkai_session=")][0].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    csrf = csrf_of(c.get("/account").text)
    r = c.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303
    # the old cookie no longer works, even if replayed
    c2 = TestClient(web_env.app)
    c2.cookies.set("gongkai_session", [v for k, v in c.cookies.items() if k == "gongkai_session"][0]
                   if "gongkai_session" in c.cookies else "x")
    assert c2.get("/", follow_redirects=False).status_code == 303
    https = TestClient(web_env.app, base_url="https://testserver")
    token = csrf_of(https.get("/login").text)
    r = https.post("/login", data={"username": "officer", "password": PASSWORD, "csrf_token": token},
                   follow_redirects=False)
    cookie = [h for h in r.headers.get_list("set-cookie") if h.startswith("gongkai_session=")][0].lower()
    assert "secure" in cookie


def test_security_headers(web_env):
    c, _ = as_user(web_env, "viewer")
    r = c.get("/")
    assert r.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in r.headers["content-security-policy"]
