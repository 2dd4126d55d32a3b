"""Draft, then approve (拟办 → 审批): an officer drafts an extension or an answer, the approver of the
same body approves (the event is recorded, Table 3 changes) or returns it with a reason."""
from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient

from gongkai.register import audit
from gongkai.web.models import EventDraft

from .conftest import as_user

TODAY = dt.date.today()


def _new_case(web_env, officer="officer", request_text="申请公开某项目的批复") -> int:
    c, csrf = as_user(web_env, officer)
    body = web_env.bodies[{"officer": "city", "county": "county"}[officer]]
    r = c.post("/cases/new", data={"csrf_token": csrf, "body_id": body, "kind": "natural", "name": "李四",
                                   "received_on": TODAY.isoformat(), "channel": "internet",
                                   "request_text": request_text}, follow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    return int(r.headers["location"].rsplit("/", 1)[1])


def _draft(c, csrf, case_id, kind="answered", **data):
    form = {"csrf_token": csrf, "kind": kind, "on": TODAY.isoformat(), **data}
    return c.post(f"/cases/{case_id}/drafts", data=form, follow_redirects=False)


def _drafts(web_env, case_id) -> list[EventDraft]:
    with web_env.register.session() as s:
        return list(s.query(EventDraft).filter_by(application_id=case_id).order_by(EventDraft.id))


def _audit_actions(web_env, draft_id) -> list[str]:
    with web_env.register.session() as s:
        return [e.action for e in audit.entries(s, entity="web_event_draft", entity_id=draft_id)]


def _flash(c: TestClient, url: str) -> str:
    m = re.search(r'<div class="flash flash-(\w+)" role="status">([^<]*)</div>', c.get(url).text)
    return f"{m.group(1)}:{m.group(2)}" if m else ""


def _t3(c: TestClient, field: str) -> int:
    return c.get(f"/api/year-report?year={TODAY.year}").json()["flat"][field]


def test_officer_drafts_answer_and_approver_approves(web_env):
    case_id = _new_case(web_env)
    officer, ocsrf = as_user(web_env, "officer")
    page = officer.get(f"/cases/{case_id}").text
    assert 'id="draft-form-answered"' in page and "提交审批" in page
    assert "登记答复" not in page  # the officer no longer sees a dead end
    # recording directly is still the approver's
    r = officer.post(f"/cases/{case_id}/events", data={"csrf_token": ocsrf, "kind": "answered", "outcome": "granted"},
                     follow_redirects=False)
    assert r.status_code == 403
    before = _t3(officer, "t3.granted.natural")

    r = _draft(officer, ocsrf, case_id, outcome="granted", note="经查，予以公开，随函附件。")
    assert r.status_code == 303
    assert "已提交审批" in _flash(officer, r.headers["location"])
    page = officer.get(f"/cases/{case_id}").text
    assert "待审批" in page and "经查，予以公开，随函附件。" in page
    assert 'id="draft-form-answered"' not in page and "/approve" not in page  # no approve button for officers
    # one pending draft per case and kind; what was typed comes back with the reason
    r = _draft(officer, ocsrf, case_id, outcome="partial", note="第二份草稿的内容")
    assert r.status_code == 400 and "已有待审批的“答复”" in r.text
    [d] = _drafts(web_env, case_id)
    assert d.status == "pending" and d.outcome == "granted" and d.drafted_by == "officer"

    approver, acsrf = as_user(web_env, "approver")
    assert int(re.search(r'id="stat-approvals">(\d+)<', approver.get("/").text).group(1)) >= 1
    listing = approver.get("/approvals").text
    assert f'id="pending-{d.id}"' in listing and "经查，予以公开" in listing
    assert f"/approvals/{d.id}/approve" in approver.get(f"/cases/{case_id}").text
    r = approver.post(f"/approvals/{d.id}/approve", data={"csrf_token": acsrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/approvals"
    assert "已批准并登记：答复" in _flash(approver, "/approvals")

    [d] = _drafts(web_env, case_id)
    assert d.status == "approved" and d.decided_by == "approver" and d.decided_at and d.event_id
    page = approver.get(f"/cases/{case_id}").text
    assert "已答复" in page and "已批准" in page
    api = approver.get(f"/api/applications/{case_id}").json()
    answer = [t for t in api["timeline"] if t["kind"] == "answered"]
    assert answer and answer[0]["actor"] == "approver"  # recorded in the approver's name
    assert _t3(officer, "t3.granted.natural") == before + 1
    assert _audit_actions(web_env, d.id) == ["event_draft.submitted", "event_draft.approved"]
    # decided drafts are not approved twice
    r = approver.post(f"/approvals/{d.id}/approve", data={"csrf_token": acsrf, "back": "case"},
                      follow_redirects=False)
    assert r.headers["location"] == f"/cases/{case_id}"
    assert "不能再批准" in _flash(approver, r.headers["location"])
    assert len([e for e in approver.get(f"/api/applications/{case_id}").json()["timeline"]
                if e["kind"] == "answered"]) == 1


def test_return_with_reason_then_redraft(web_env):
    case_id = _new_case(web_env)
    officer, ocsrf = as_user(web_env, "officer")
    approver, acsrf = as_user(web_env, "approver")
    assert _draft(officer, ocsrf, case_id, kind="extension_approved", note="需调取档案").status_code == 303
    [d] = _drafts(web_env, case_id)
    # a reason is required
    r = approver.post(f"/approvals/{d.id}/return", data={"csrf_token": acsrf, "reason": "  ", "back": "case"},
                      follow_redirects=False)
    assert "退回须注明理由" in _flash(approver, r.headers["location"])
    assert _drafts(web_env, case_id)[0].status == "pending"
    r = approver.post(f"/approvals/{d.id}/return", data={"csrf_token": acsrf, "reason": "请写明需调取哪一年度的档案",
                                                         "back": "case"}, follow_redirects=False)
    assert r.status_code == 303 and "已退回" in _flash(approver, r.headers["location"])
    [d] = _drafts(web_env, case_id)
    assert d.status == "returned" and d.return_reason == "请写明需调取哪一年度的档案" and d.decided_by == "approver"

    page = officer.get(f"/cases/{case_id}").text
    assert "已退回" in page and "请写明需调取哪一年度的档案" in page
    assert 'id="draft-form-extension_approved"' in page and ">需调取档案</textarea>" in page  # refilled
    assert "延长答复期限" in officer.get("/approvals").text  # in the recently returned list
    assert _draft(officer, ocsrf, case_id, kind="extension_approved", note="需调取2019年度档案").status_code == 303
    old, new = _drafts(web_env, case_id)
    assert old.status == "returned" and new.status == "pending"  # the returned one is kept
    r = approver.post(f"/approvals/{new.id}/approve", data={"csrf_token": acsrf}, follow_redirects=False)
    assert "已批准并登记：延长答复期限" in _flash(approver, r.headers["location"])
    timeline = approver.get(f"/api/applications/{case_id}").json()["timeline"]
    assert [t["detail"] for t in timeline if t["kind"] == "extension_approved"] == ["需调取2019年度档案"]
    assert _audit_actions(web_env, old.id) == ["event_draft.submitted", "event_draft.returned"]


def test_other_bodies_drafts_are_invisible(web_env):
    case_id = _new_case(web_env)
    officer, ocsrf = as_user(web_env, "officer")
    assert _draft(officer, ocsrf, case_id, outcome="granted", note="另一机关不应看到的答复").status_code == 303
    [d] = _drafts(web_env, case_id)
    other, csrf = as_user(web_env, "county_approver")
    assert "另一机关不应看到的答复" not in other.get("/approvals").text
    r = other.post(f"/approvals/{d.id}/approve", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 404
    r = other.post(f"/approvals/{d.id}/return", data={"csrf_token": csrf, "reason": "x"}, follow_redirects=False)
    assert r.status_code == 404
    assert other.get(f"/api/drafts/{d.id}").status_code == 404
    assert d.id not in [i["id"] for i in other.get("/api/drafts").json()["items"]]
    # another body's officer cannot draft on this case either
    county, ccsrf = as_user(web_env, "county")
    assert _draft(county, ccsrf, case_id, outcome="granted").status_code == 404
    assert _drafts(web_env, case_id)[0].status == "pending"


def test_viewer_supervisor_and_officer_cannot_approve(web_env):
    case_id = _new_case(web_env)
    officer, ocsrf = as_user(web_env, "officer")
    assert _draft(officer, ocsrf, case_id, outcome="granted").status_code == 303
    [d] = _drafts(web_env, case_id)
    for who in ("viewer", "supervisor"):
        c, csrf = as_user(web_env, who)
        assert "/drafts" not in c.get(f"/cases/{case_id}").text  # no draft form
        assert _draft(c, csrf, case_id, kind="extension_approved", note="x").status_code == 403
        assert c.get("/approvals").status_code == 403
        assert c.get("/api/drafts").status_code == 403
        for action, data in (("approve", {}), ("return", {"reason": "x"})):
            r = c.post(f"/approvals/{d.id}/{action}", data={"csrf_token": csrf, **data}, follow_redirects=False)
            assert r.status_code == 403 and "审批人" in r.text, (who, action)
    # the officer who drafted it cannot approve it either, and approvers do not draft
    r = officer.post(f"/approvals/{d.id}/approve", data={"csrf_token": ocsrf}, follow_redirects=False)
    assert r.status_code == 403
    approver, acsrf = as_user(web_env, "approver")
    assert _draft(approver, acsrf, case_id, kind="extension_approved", note="x").status_code == 403
    assert [x.status for x in _drafts(web_env, case_id)] == ["pending"]


def test_csrf_is_required(web_env):
    case_id = _new_case(web_env)
    officer, ocsrf = as_user(web_env, "officer")
    for token in (None, "wrong-token"):
        data = {"kind": "answered", "outcome": "granted", **({"csrf_token": token} if token else {})}
        r = officer.post(f"/cases/{case_id}/drafts", data=data, follow_redirects=False)
        assert r.status_code == 403 and "CSRF" in r.text
    assert _drafts(web_env, case_id) == []
    assert _draft(officer, ocsrf, case_id, outcome="granted").status_code == 303
    [d] = _drafts(web_env, case_id)
    approver, _ = as_user(web_env, "approver")
    r = approver.post(f"/approvals/{d.id}/approve", data={"csrf_token": "wrong"}, follow_redirects=False)
    assert r.status_code == 403 and "CSRF" in r.text
    r = approver.post(f"/approvals/{d.id}/return", data={"reason": "x"}, follow_redirects=False)
    assert r.status_code == 403 and "CSRF" in r.text
    r = approver.post(f"/api/drafts/{d.id}/approve")  # session cookie without X-CSRF-Token
    assert r.status_code == 403
    assert _drafts(web_env, case_id)[0].status == "pending"


def test_approval_the_procedure_no_longer_allows_stays_pending(web_env):
    case_id = _new_case(web_env)
    officer, ocsrf = as_user(web_env, "officer")
    approver, acsrf = as_user(web_env, "approver")
    assert _draft(officer, ocsrf, case_id, kind="extension_approved", note="需征求第三方意见").status_code == 303
    assert _draft(officer, ocsrf, case_id, outcome="granted", note="予以公开").status_code == 303
    ext, ans = _drafts(web_env, case_id)
    # meanwhile the approver extends directly: the drafted extension is no longer allowed
    r = approver.post(f"/cases/{case_id}/events", data={"csrf_token": acsrf, "kind": "extension_approved",
                                                         "note": "直接批准延期"}, follow_redirects=False)
    assert r.status_code == 303
    r = approver.post(f"/approvals/{ext.id}/approve", data={"csrf_token": acsrf, "back": "case"},
                      follow_redirects=False)
    assert "未能批准：答复期限只能延长一次" in _flash(approver, r.headers["location"])
    ext = _drafts(web_env, case_id)[0]
    assert ext.status == "pending" and "只能延长一次" in ext.last_error and ext.event_id is None
    assert "只能延长一次" in officer.get(f"/cases/{case_id}").text  # the officer sees why
    assert _audit_actions(web_env, ext.id) == ["event_draft.submitted", "event_draft.approve_refused"]
    # then the case is closed (withdrawn): the drafted answer cannot be approved, but can be returned
    r = officer.post(f"/cases/{case_id}/events", data={"csrf_token": ocsrf, "kind": "withdrawn"},
                     follow_redirects=False)
    assert r.status_code == 303
    assert "该申请已结案，不能再批准" in approver.get(f"/cases/{case_id}").text
    r = approver.post(f"/approvals/{ans.id}/approve", data={"csrf_token": acsrf}, follow_redirects=False)
    flash = _flash(approver, r.headers["location"])
    assert flash.startswith("error:") and "结案" in flash
    [ext, ans] = _drafts(web_env, case_id)
    assert ans.status == "pending" and "结案" in ans.last_error
    assert approver.get(f"/api/applications/{case_id}").json()["state"] == "withdrawn"
    r = approver.post(f"/approvals/{ans.id}/return", data={"csrf_token": acsrf, "reason": "申请人已撤回"},
                      follow_redirects=False)
    assert "已退回" in _flash(approver, r.headers["location"])


def test_draft_refused_by_the_procedure_keeps_what_was_typed(web_env):
    case_id = _new_case(web_env)
    officer, ocsrf = as_user(web_env, "officer")
    r = _draft(officer, ocsrf, case_id, outcome="other.no_correction", note="这段答复内容不应丢失")
    assert r.status_code == 400
    assert "只能用于正在等待补正的申请" in r.text and ">这段答复内容不应丢失</textarea>" in r.text
    r = _draft(officer, ocsrf, case_id, kind="withdrawn")
    assert r.status_code == 400 and "需要提交审批" in r.text
    assert _drafts(web_env, case_id) == []


def _token(web_env, username: str) -> dict[str, str]:
    c, csrf = as_user(web_env, username)
    r = c.post("/api/tokens", json={"name": "审批脚本"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def test_api_draft_approve_and_return(web_env):
    officer, approver, viewer = (_token(web_env, u) for u in ("officer", "approver", "viewer"))
    county_approver = _token(web_env, "county_approver")
    c = TestClient(web_env.app)
    r = c.post("/api/applications", json={"applicant_kind": "legal", "applicant_name": "接口律师事务所",
                                          "received_on": TODAY.isoformat(), "channel": "internet",
                                          "request": "申请公开某批复"}, headers=officer)
    assert r.status_code == 201, r.text
    app = r.json()
    assert "answered" in app["draftable_events"] and "answered" not in app["allowed_events"]
    before = c.get(f"/api/year-report?year={TODAY.year}", headers=officer).json()["flat"]["t3.partial.legal"]

    r = c.post(f"/api/applications/{app['id']}/drafts", json={"kind": "answered", "outcome": "partial",
                                                              "note": "部分公开"}, headers=officer)
    assert r.status_code == 201, r.text
    draft = r.json()
    assert draft["status"] == "pending" and draft["can_approve"] is False
    r = c.post(f"/api/applications/{app['id']}/drafts", json={"kind": "answered", "outcome": "granted"},
               headers=officer)
    assert r.status_code == 409 and "已有待审批" in r.json()["detail"]
    r = c.post(f"/api/applications/{app['id']}/drafts", json={"kind": "answered", "outcome": "granted"},
               headers=viewer)
    assert r.status_code == 403
    assert c.get("/api/drafts", headers=viewer).status_code == 403

    items = c.get("/api/drafts", headers=approver).json()["items"]
    mine = [i for i in items if i["id"] == draft["id"]]
    assert mine and mine[0]["can_approve"] is True and mine[0]["note"] == "部分公开"
    assert draft["id"] not in [i["id"] for i in c.get("/api/drafts", headers=county_approver).json()["items"]]
    assert c.post(f"/api/drafts/{draft['id']}/approve", headers=county_approver).status_code == 404
    assert c.post(f"/api/drafts/{draft['id']}/approve", headers=officer).status_code == 403
    r = c.post(f"/api/drafts/{draft['id']}/return", json={"reason": " "}, headers=approver)
    assert r.status_code == 400 and "理由" in r.json()["detail"]

    r = c.post(f"/api/drafts/{draft['id']}/approve", headers=approver)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["draft"]["status"] == "approved" and body["draft"]["decided_by"] == "approver"
    assert body["application"]["state"] == "answered" and body["application"]["outcome"] == "partial"
    after = c.get(f"/api/year-report?year={TODAY.year}", headers=officer).json()["flat"]["t3.partial.legal"]
    assert after == before + 1
    r = c.post(f"/api/drafts/{draft['id']}/approve", headers=approver)
    assert r.status_code == 409 and "已批准" in r.json()["detail"]
    r = c.post(f"/api/drafts/{draft['id']}/return", json={"reason": "晚了"}, headers=approver)
    assert r.status_code == 409

    # a returned draft over the API, and a refused approval keeps it pending with the reason
    app2 = c.post("/api/applications", json={"applicant_kind": "natural", "applicant_name": "王五",
                                             "received_on": TODAY.isoformat(), "channel": "internet"},
                  headers=officer).json()
    d2 = c.post(f"/api/applications/{app2['id']}/drafts", json={"kind": "extension_approved", "note": "理由"},
                headers=officer).json()
    r = c.post(f"/api/drafts/{d2['id']}/return", json={"reason": "理由不充分"}, headers=approver)
    assert r.status_code == 200 and r.json()["status"] == "returned" and r.json()["return_reason"] == "理由不充分"
    d3 = c.post(f"/api/applications/{app2['id']}/drafts", json={"kind": "extension_approved", "note": "理由二"},
                headers=officer).json()
    assert c.post(f"/api/applications/{app2['id']}/events", json={"kind": "withdrawn"},
                  headers=officer).status_code == 201
    r = c.post(f"/api/drafts/{d3['id']}/approve", headers=approver)
    assert r.status_code == 409 and "结案" in r.json()["detail"]
    assert r.json()["draft"]["status"] == "pending" and "结案" in r.json()["draft"]["last_error"]
    statuses = [d["status"] for d in c.get(f"/api/applications/{app2['id']}", headers=officer).json()["drafts"]]
    assert statuses == ["pending", "returned"]  # newest first; nothing lost


def test_database_allows_one_pending_draft_per_case_and_kind(web_env):
    import pytest
    from sqlalchemy.exc import IntegrityError

    case_id = _new_case(web_env)
    body = web_env.bodies["city"]
    row = dict(application_id=case_id, body_id=body, kind="answered", on=TODAY, drafted_by="officer")
    with web_env.register.session() as s:
        s.add_all([EventDraft(**row, status="returned"), EventDraft(**row, status="returned"),
                   EventDraft(**row, status="pending")])
        s.commit()  # returned ones are kept side by side with the pending one
        s.add(EventDraft(**row, status="pending"))
        with pytest.raises(IntegrityError):
            s.commit()
