"""Browser tests (Playwright on Debian's Chromium) of the workplace: search by applicant, the 待办
page after a returned draft, the phone layout of the case list and 待审批 (asserted by element
geometry at 390 px), the keyboard-reachable menu, progress on long operations, the print view,
and an axe-core accessibility check (axe-core shipped by the axe-playwright-python package).
Screenshots at 1440 and 390 px go to test-artifacts/web-*.png."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from gongkai.register.models import Applicant, Application
from gongkai.web.demo import load_demo

from .conftest import CHROMIUM_ARGS, Server, make_env

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = tmp_path_factory.mktemp("webwork") / "ui.db"
    env = make_env(f"sqlite:///{db}")
    users = {u.username: u.password for u in load_demo(env.register)}
    with Server(env.app) as server:
        yield server, users, env


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


def _login(browser, server, username, password, width=1440):
    ctx = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN", accept_downloads=True)
    page = ctx.new_page()
    page.goto(server.url + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(server.url + "/")
    return page


def _inside(page, locator, width=390) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width and box["width"] > 0


def _axe(page) -> list[str]:
    """Serious and critical axe-core violations on the page (axe-core from the installed package)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")]


def test_search_by_applicant_and_sort(browser, demo, artifacts_dir):
    server, users, env = demo
    with env.register.session() as s:
        name, ref = s.execute(select(Applicant.name, Application.ref_no).join(Application)
                              .where(Application.ref_no.is_not(None), Applicant.kind == "natural")
                              .order_by(Application.id)).first()
    page = _login(browser, server, "jingban", users["jingban"])
    page.goto(server.url + "/cases")
    page.fill("input[name=who]", name)
    page.click("#case-filters button[type=submit]")
    page.wait_for_load_state()
    assert ref in page.inner_text("#case-list")
    assert all(name in t for t in page.locator("#case-list tbody td.col-applicant").all_inner_texts())
    page.screenshot(path=str(artifacts_dir / "web-search-1440.png"), full_page=True)
    page.goto(server.url + "/cases")
    page.click("#case-list thead a:has-text('下一期限')")
    page.wait_for_load_state()
    assert "sort=due" in page.url
    assert page.locator("#case-list th[aria-sort=ascending]").count() == 1


def test_todo_after_returned_draft(browser, demo, artifacts_dir):
    server, users, _ = demo
    approver = _login(browser, server, "shenpi", users["shenpi"])
    approver.goto(server.url + "/approvals")
    row = approver.locator("#pending-drafts tbody tr").first
    ref = row.locator("td").first.locator("a").inner_text().strip()
    row.locator("textarea[name=reason], input[name=reason]").fill("答复依据不充分，请补充文号")
    row.locator("button", has_text="退回").click()
    approver.wait_for_load_state()
    assert "已退回" in approver.inner_text(".flash")
    officer = _login(browser, server, "jingban", users["jingban"])
    assert officer.locator("#nav-notifications .count").count() == 1  # the return is a notification
    officer.goto(server.url + "/todo")
    returned = officer.locator("#list-returned")
    assert ref in returned.inner_text() and "答复依据不充分，请补充文号" in returned.inner_text()
    assert int(officer.inner_text("#todo-n-returned")) >= 1
    officer.screenshot(path=str(artifacts_dir / "web-todo-1440.png"), full_page=True)
    phone = _login(browser, server, "jingban", users["jingban"], width=390)
    phone.goto(server.url + "/todo")
    phone.screenshot(path=str(artifacts_dir / "web-todo-390.png"), full_page=True)
    assert _inside(phone, phone.locator("#list-returned tbody tr td").first)
    officer.goto(server.url + "/notifications")
    assert "被退回" in officer.inner_text("#notifications")


def test_phone_layout_keeps_deadlines_and_approve_button_visible(browser, demo, artifacts_dir):
    server, users, _ = demo
    phone = _login(browser, server, "shenpi", users["shenpi"], width=390)
    phone.goto(server.url + "/cases?state=open")
    phone.screenshot(path=str(artifacts_dir / "web-cases-390.png"), full_page=False)
    first = phone.locator("#case-list tbody tr").first
    assert _inside(phone, first.locator("td.col-due")), first.locator("td.col-due").bounding_box()
    assert _inside(phone, first.locator("td.col-days"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.goto(server.url + "/approvals")
    phone.screenshot(path=str(artifacts_dir / "web-approvals-390.png"), full_page=True)
    approve = phone.locator("#pending-drafts button", has_text="批准").first
    assert _inside(phone, approve), approve.bounding_box()
    assert _inside(phone, phone.locator("#pending-drafts button", has_text="退回").first)
    wide = _login(browser, server, "shenpi", users["shenpi"])
    wide.goto(server.url + "/cases?state=open")
    wide.screenshot(path=str(artifacts_dir / "web-cases-1440.png"), full_page=False)
    wide.goto(server.url + "/approvals")
    wide.screenshot(path=str(artifacts_dir / "web-approvals-1440.png"), full_page=True)


def test_menu_reachable_by_keyboard(browser, demo):
    server, users, _ = demo
    phone = _login(browser, server, "jingban", users["jingban"], width=390)
    assert not phone.locator(".mainnav").is_visible()
    for _ in range(6):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.id") == "navtoggle":
            break
    assert phone.evaluate("document.activeElement.id") == "navtoggle"
    phone.keyboard.press("Space")
    assert phone.locator(".mainnav").is_visible()
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.getAttribute('href')") == "/"


def test_progress_on_upload_and_print_view(browser, demo, artifacts_dir, tmp_path):
    server, users, _ = demo
    page = _login(browser, server, "jingban", users["jingban"])
    page.goto(server.url + "/check")
    f = tmp_path / "r.txt"
    f.write_text("某某局2025年政府信息公开工作年度报告\n一、总体情况\n", encoding="utf-8")
    page.set_input_files("#check-form input[type=file]", str(f))
    state = page.evaluate("""() => { const form = document.getElementById('check-form');
        const btn = form.querySelector('button[type=submit]');
        form.requestSubmit(btn);
        return [btn.disabled, !!form.querySelector('.busy-note'), form.getAttribute('aria-busy')]; }""")
    assert state == [True, True, "true"]
    page.wait_for_load_state()
    page.goto(server.url + "/cases?state=closed")
    page.locator("#case-list tbody a").first.click()
    page.wait_for_load_state()
    page.click("#print-view")
    page.wait_for_load_state()
    assert "政府信息公开申请办理审批单" in page.inner_text("#print-sheet")
    page.emulate_media(media="print")
    assert not page.locator(".topbar").is_visible()
    assert not page.locator("button[data-print]").is_visible()
    page.screenshot(path=str(artifacts_dir / "web-case-print.png"), full_page=True)


def test_accessibility_no_serious_violations(browser, demo):
    server, users, _ = demo
    problems = {}
    for user, width in (("shenpi", 1440), ("jingban", 390)):
        page = _login(browser, server, user, users[user], width=width)
        for path in ("/", "/cases", "/todo", "/approvals", "/notifications", "/check", "/reports"):
            page.goto(server.url + path)
            found = _axe(page)
            if found:
                problems[f"{user}@{width}{path}"] = found
    admin = _login(browser, server, "jiandu", users["jiandu"])
    admin.goto(server.url + "/audit")
    if _axe(admin):
        problems["/audit"] = _axe(admin)
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())
