"""The personal 待办 page, 承办人 assignment, in-app notifications, the daily e-mail digest through
a local SMTP server (aiosmtpd) with per-user opt-out, and the audit log in Chinese.

Deadlines: Art. 33 of the Regulations on the Disclosure of Government Information (国务院令第711号),
20 working days to answer; 补正 Art. 30."""
from __future__ import annotations

import datetime as dt
import io
import re
import socket

import pytest
from openpyxl import load_workbook

from gongkai.register import service
from gongkai.web.digest import SmtpSettings, send_digests
from gongkai.web.models_workplace import UserPrefs

from .conftest import as_user, make_env

TODAY = dt.date.today()


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return make_env(f"sqlite:///{tmp_path_factory.mktemp('work') / 'work.db'}")


def _case(env, name="周九", received=TODAY, ref=None) -> int:
    with env.register.transaction() as s:
        a = service.add_applicant(s, "natural", name, actor="test")
        return service.add_application(s, body_id=env.bodies["city"], applicant_id=a.id, received_on=received,
                                       channel="internet", request="申请公开某文件", ref_no=ref, actor="test").id


def _user_id(env, username) -> int:
    from gongkai.web.models import WebUser

    with env.register.session() as s:
        return s.query(WebUser).filter_by(username=username).one().id


def _overdue_received() -> dt.date:
    return TODAY - dt.timedelta(days=60)


def test_assignment_by_approver_shows_in_my_cases_and_notifies(env):
    case_id = _case(env, ref="派-001")
    approver, acsrf = as_user(env, "approver")
    officer_id = _user_id(env, "officer")
    r = approver.post(f"/cases/{case_id}/assign", data={"csrf_token": acsrf, "user_id": officer_id},
                      follow_redirects=False)
    assert r.status_code == 303
    officer, ocsrf = as_user(env, "officer")
    assert "派-001" in officer.get("/cases?assignee=me").text
    page = officer.get("/notifications").text
    assert "您被指定为申请 派-001 的承办人" in page
    assert re.search(r'id="nav-notifications"[^>]*>通知 <span class="count"', officer.get("/todo").text)
    # an officer may not reassign; a county user may not see it at all
    assert officer.post(f"/cases/{case_id}/assign", data={"csrf_token": ocsrf, "user_id": ""},
                        follow_redirects=False).status_code == 403
    county, ccsrf = as_user(env, "county")
    assert county.post(f"/cases/{case_id}/assign", data={"csrf_token": ccsrf, "user_id": officer_id},
                       follow_redirects=False).status_code == 404
    # only people of the case's body can be the 承办人
    r = approver.post(f"/cases/{case_id}/assign", data={"csrf_token": acsrf, "user_id": _user_id(env, "county")},
                      follow_redirects=False)
    assert "承办人须为该机关在职的经办人或审批人" in approver.get(r.headers["location"]).text
    # reassignment is audited with names, in Chinese
    approver.post(f"/cases/{case_id}/assign", data={"csrf_token": acsrf, "user_id": _user_id(env, "approver")})
    admin, _ = as_user(env, "admin")
    log = admin.get("/audit?case=派-001").text
    assert "分配承办人" in log and "原承办人：officer" in log and f'<a href="/cases/{case_id}">申请 派-001</a>' in log


def test_todo_lists_overdue_and_returned_drafts(env):
    overdue = _case(env, received=_overdue_received(), ref="待办-逾期")
    fresh = _case(env, ref="待办-退回")
    officer, ocsrf = as_user(env, "officer")
    r = officer.post(f"/cases/{fresh}/drafts", data={"csrf_token": ocsrf, "kind": "answered", "on": TODAY.isoformat(),
                                                     "outcome": "granted", "note": "拟予公开"}, follow_redirects=False)
    assert r.status_code == 303
    approver, acsrf = as_user(env, "approver")
    todo = approver.get("/todo").text
    assert re.search(r'id="list-approve".*待办-退回', todo, re.S)
    from gongkai.web.models import EventDraft

    with env.register.session() as s:
        draft_id = s.query(EventDraft).filter_by(application_id=fresh).one().id
    r = approver.post(f"/approvals/{draft_id}/return", data={"csrf_token": acsrf, "reason": "请补充公开的具体文件名称"},
                      follow_redirects=False)
    assert r.status_code == 303, r.text[:300]
    todo = officer.get("/todo").text
    assert re.search(r'id="list-returned".*待办-退回.*请补充公开的具体文件名称', todo, re.S)
    assert re.search(r'id="list-overdue".*待办-逾期', todo, re.S)
    assert int(re.search(r'id="todo-n-overdue">(\d+)<', todo).group(1)) >= 1
    notes = officer.get("/notifications").text
    assert "被退回：请补充公开的具体文件名称" in notes
    assert "待办-逾期 的答复期限" in notes and "已逾期" in notes  # today's reminder, once
    officer.get("/todo")
    assert officer.get("/notifications").text.count("待办-逾期 的答复期限") == 1
    # re-drafting removes it from the returned list
    officer.post(f"/cases/{fresh}/drafts", data={"csrf_token": ocsrf, "kind": "answered", "on": TODAY.isoformat(),
                                                 "outcome": "granted", "note": "拟予公开《某文件》"})
    assert "待办-退回" not in officer.get("/todo").text.split('id="todo-returned"')[-1].split("</section>")[0] \
        or 'id="list-returned"' not in officer.get("/todo").text
    assert overdue


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append((envelope.rcpt_tos, envelope.original_content or envelope.content))
        return "250 OK"


@pytest.fixture()
def smtp_server():
    from aiosmtpd.controller import Controller

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, SmtpSettings(host="127.0.0.1", port=port, sender="gongkai@test.local")
    finally:
        controller.stop()


def test_daily_digest_by_email_with_opt_out(env, smtp_server):
    inbox, smtp = smtp_server
    _case(env, received=_overdue_received(), ref="摘要-逾期")
    officer, ocsrf = as_user(env, "officer")
    r = officer.post("/notifications/settings", data={"csrf_token": ocsrf, "email": "officer@example.gov.cn",
                                                      "digest": "on"}, follow_redirects=False)
    assert r.status_code == 303
    approver, acsrf = as_user(env, "approver")
    # no "digest" box ticked: opted out
    approver.post("/notifications/settings", data={"csrf_token": acsrf, "email": "approver@example.gov.cn"})
    bad = officer.post("/notifications/settings", data={"csrf_token": ocsrf, "email": "不是邮箱"}, follow_redirects=False)
    assert "格式不正确" in officer.get(bad.headers["location"]).text
    with env.register.session() as s:
        assert s.get(UserPrefs, _user_id(env, "approver")).digest is False
        result = send_digests(s, smtp, TODAY, base_url="http://gongkai.test")
    assert result.sent == ["officer"] and not result.failed
    assert len(inbox.messages) == 1
    rcpt, content = inbox.messages[0]
    assert rcpt == ["officer@example.gov.cn"]
    import email
    from email import policy

    msg = email.message_from_bytes(content, policy=policy.default)
    body = msg.get_content()
    assert "摘要-逾期" in body and "【已逾期】" in body and "http://gongkai.test/cases/" in body
    assert "退订" in body
    assert "待办摘要" in msg["Subject"]
    # once a day
    with env.register.session() as s:
        again = send_digests(s, smtp, TODAY, base_url="http://gongkai.test")
    assert again.sent == [] and len(inbox.messages) == 1


def test_digest_reports_an_unreachable_server(env):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here
    officer, ocsrf = as_user(env, "officer")
    officer.post("/notifications/settings", data={"csrf_token": ocsrf, "email": "o@example.gov.cn", "digest": "on"})
    _case(env, received=_overdue_received(), ref="摘要-失败")
    with env.register.session() as s:
        s.query(UserPrefs).update({"last_digest": None})
        s.commit()
        result = send_digests(s, SmtpSettings(host="127.0.0.1", port=port, timeout=3), TODAY)
    assert result.failed and "无法连接邮件服务器" in result.failed[0]


def test_audit_log_in_chinese_filterable_and_exportable(env):
    case_id = _case(env, ref="审计-001")
    approver, acsrf = as_user(env, "approver")
    approver.post(f"/cases/{case_id}/events", data={"csrf_token": acsrf, "kind": "answered", "on": TODAY.isoformat(),
                                                     "outcome": "denied.law_prohibited"})
    admin, _ = as_user(env, "admin")
    html = admin.get("/audit?case=审计-001").text
    assert "办理：答复" in html and "登记申请" in html
    assert "event.answered" not in html and "denied.law_prohibited" not in html
    assert "其他法律行政法规禁止公开" in html  # the outcome's label
    assert f'<a href="/cases/{case_id}">申请 审计-001</a>' in html
    by_actor = admin.get("/audit?actor=approver&kind=event.").text.split('id="audit-list"')[1]
    assert "办理：答复" in by_actor and "登记申请" not in by_actor
    assert "approver" in by_actor
    future = (TODAY + dt.timedelta(days=2)).isoformat()
    assert "暂无记录" in admin.get(f"/audit?date_from={future}").text
    assert "不是有效日期" in admin.get("/audit?date_from=2026-02-31").text
    r = admin.get("/audit/export.xlsx?case=审计-001")
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("时间（北京时间）", "姓名", "用户名", "操作", "对象", "内容")
    assert {row[3] for row in rows[1:]} >= {"登记申请", "办理：答复"}
    # the case timeline: Chinese outcome without the code, the actor's 姓名
    page = approver.get(f"/cases/{case_id}").text
    timeline = page.split('id="timeline"')[1].split("</ol>")[0]
    assert "其他法律行政法规禁止公开" in timeline and "law_prohibited" not in timeline
    # officers cannot read the log
    officer, _ = as_user(env, "officer")
    assert officer.get("/audit").status_code == 403
