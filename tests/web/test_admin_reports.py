"""Administration (users, bodies, audit log) and the annual report builder through the pages."""
from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from .conftest import as_user, login

YEAR = dt.date.today().year


def test_admin_creates_body_and_user_who_can_log_in(web_env):
    c, csrf = as_user(web_env, "admin")
    r = c.post("/admin/bodies", data={"csrf_token": csrf, "name": "测试市北区人民政府", "level": "county",
                                      "parent_id": str(web_env.bodies["city"])}, follow_redirects=True)
    assert "已添加" in r.text and "测试市北区人民政府" in r.text
    from gongkai.register import service

    with web_env.register.transaction() as s:
        body = service.get_body(s, "测试市北区人民政府")
        body_id = body.id
        assert body.parent_id == web_env.bodies["city"]
    r = c.post("/admin/users", data={"csrf_token": csrf, "username": "north", "display_name": "北区经办",
                                     "password": "North-pass-1", "role": "officer", "body_id": str(body_id)},
               follow_redirects=True)
    assert "已创建" in r.text
    # weak passwords and officers without a body are refused, in Chinese
    r = c.post("/admin/users", data={"csrf_token": csrf, "username": "weak", "password": "12345678",
                                     "role": "officer", "body_id": str(body_id)}, follow_redirects=True)
    assert "密码" in r.text and "weak" not in r.text.split("<tbody>")[1]
    r = c.post("/admin/users", data={"csrf_token": csrf, "username": "nobody", "password": "Nobody-pass-1",
                                     "role": "officer", "body_id": ""}, follow_redirects=True)
    assert "必须属于一个机关" in r.text
    north = TestClient(web_env.app)
    login(north, "north", "North-pass-1")
    assert "测试市北区人民政府" in north.get("/").text
    # the city's supervisor now sees the new body's cases too (subtree), the audit log records it all
    audit = c.get("/audit").text
    assert "添加用户" in audit and "添加机关" in audit and "登录" in audit


def test_admin_disables_user_and_their_session_ends(web_env):
    c, csrf = as_user(web_env, "admin")
    victim = TestClient(web_env.app)
    r = c.post("/admin/users", data={"csrf_token": csrf, "username": "temp", "password": "Temp-pass-1",
                                     "role": "viewer", "body_id": str(web_env.bodies["city"])})
    login(victim, "temp", "Temp-pass-1")
    assert victim.get("/", follow_redirects=False).status_code == 200
    import re

    page = c.get("/admin/users").text
    assert "<td>temp</td>" in page, page[-3000:]
    user_id = re.findall(r'action="/admin/users/(\d+)"', page.split("<td>temp</td>", 1)[1])[0]
    r = c.post(f"/admin/users/{user_id}", data={"csrf_token": csrf, "role": "viewer",
                                                "body_id": str(web_env.bodies["city"])}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/admin/users", r.headers
    assert victim.get("/", follow_redirects=False).status_code == 303  # disabled: logged out


def test_report_builder_saves_sections_and_downloads(web_env):
    c, csrf = as_user(web_env, "officer")
    city = web_env.bodies["city"]
    page = c.get(f"/reports?year={YEAR}")
    assert page.status_code == 200 and "表三" in page.text
    sections = {f"section_{n}": f"第{n}部分的内容。" for n in range(1, 7)}
    r = c.post(f"/reports/{city}/{YEAR}", data={"csrf_token": csrf, **sections}, follow_redirects=True)
    assert "已保存" in r.text and "第5部分的内容。" in r.text
    frag = c.post(f"/reports/{city}/{YEAR}/findings", data={"section_1": "", **{f"section_{n}": "x" for n in range(2, 7)}},
                  headers={"X-CSRF-Token": csrf})
    assert frag.status_code == 200 and "错误" in frag.text
    r = c.get(f"/reports/{city}/{YEAR}/download.html?force=1")
    assert r.status_code == 200 and "第5部分的内容。" in r.text
    assert "attachment" in r.headers["content-disposition"]
    r = c.get(f"/reports/{city}/{YEAR}/download.docx?force=1")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    r = c.get(f"/reports/{city}/{YEAR}/download.pdf?force=1")
    assert r.status_code == 200 and r.content[:5] == b"%PDF-"
    # a viewer can read but not save
    v, vcsrf = as_user(web_env, "viewer")
    assert "readonly" in v.get(f"/reports?year={YEAR}").text
    assert v.post(f"/reports/{city}/{YEAR}", data={"csrf_token": vcsrf, **sections}).status_code == 403
