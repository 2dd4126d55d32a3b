"""Browser tests (Playwright driving Debian's Chromium) over a real uvicorn server with demo data.
Screenshots of each main page go to test-artifacts/web-*.png."""
from __future__ import annotations

import datetime as dt
import zipfile

import pytest

from gongkai.web.demo import load_demo

from .conftest import CHROMIUM_ARGS, PASSWORD, Server, make_env

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    db = tmp_path_factory.mktemp("webui") / "ui.db"
    env = make_env(f"sqlite:///{db}")
    users = {u.username: u.password for u in load_demo(env.register)}
    with Server(env.app) as server:
        yield server, users


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


def _login(browser, server, username, password, width=1280):
    ctx = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN", accept_downloads=True)
    page = ctx.new_page()
    page.goto(server.url + "/")
    assert "/login" in page.url
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(server.url + "/")
    return page


def _t3_cell(page, field: str) -> int:
    text = page.locator(f'table.report td[data-field="{field}"]').first.inner_text().strip()
    return int(text or 0)


def test_login_register_answer_and_table3_changes(browser, demo_server, artifacts_dir):
    server, users = demo_server
    page = _login(browser, server, "shenpi", users["shenpi"])
    page.screenshot(path=str(artifacts_dir / "web-dashboard.png"), full_page=True)
    assert page.locator("svg.chart").count() == 2
    before_new = _t3_cell(page, "t3.new.legal")
    before_granted = _t3_cell(page, "t3.granted.legal")

    page.goto(server.url + "/cases/new")
    page.select_option("select[name=kind]", "legal")
    page.fill("input[name=name]", "浏览器测试律师事务所")
    page.fill("input[name=contact]", "010-12345678")
    page.fill("textarea[name=request_text]", "申请公开某项目的环评批复")
    page.screenshot(path=str(artifacts_dir / "web-case-new.png"), full_page=True)
    page.click("button[type=submit].primary")
    page.wait_for_url("**/cases/*")
    assert "申请已登记" in page.inner_text(".flash")
    page.screenshot(path=str(artifacts_dir / "web-case.png"), full_page=True)

    # the answer form says which Table 3 row the answer is counted in
    page.select_option("#answer-outcome", "granted")
    assert "予以公开" in page.inner_text("#answer-row")
    assert "法律服务机构" in page.inner_text("#answer-row")
    page.click("#action-answered button[type=submit]")
    page.wait_for_load_state()
    assert "已登记：答复" in page.inner_text(".flash")
    assert "已答复" in page.inner_text("h1")

    page.goto(server.url + "/")
    assert _t3_cell(page, "t3.new.legal") == before_new + 1
    assert _t3_cell(page, "t3.granted.legal") == before_granted + 1

    page.goto(server.url + "/cases?state=open")
    page.screenshot(path=str(artifacts_dir / "web-cases.png"), full_page=True)
    assert page.locator("#case-list tbody tr").count() > 0


def test_check_seed_004_highlights_table3(browser, demo_server, shared_dir, artifacts_dir):
    server, users = demo_server
    page = _login(browser, server, "jiandu", users["jiandu"])
    # the supervisor's dashboard rolls the district up into the city's Table 3
    assert "含下级机关汇总" in page.inner_text("body")
    page.screenshot(path=str(artifacts_dir / "web-dashboard-supervisor.png"), full_page=True)
    page.goto(server.url + "/check")
    page.set_input_files("input[type=file]", str(shared_dir / "seeds" / "004_ccaddad691bcdd6a.txt"))
    page.click("#check-form button[type=submit]")
    page.wait_for_selector(".checked-file")
    text = page.inner_text(".checked-file")
    assert "T3_OUTCOME_TOTAL" in text or "T3_COLUMN_BALANCE" in text
    bad = page.locator('table.report td.cell-error[data-field^="t3.total."]')
    assert bad.count() >= 1
    bad.first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "web-check.png"), full_page=True)
    with page.expect_download() as dl:
        page.click("text=下载检查结果（Excel）")
    path = dl.value.path()
    assert zipfile.is_zipfile(path)


def test_report_builder_docx(browser, demo_server, artifacts_dir, tmp_path):
    server, users = demo_server
    page = _login(browser, server, "jingban", users["jingban"])
    year = dt.date.today().year
    page.goto(server.url + f"/reports?year={year}")
    page.fill("#section_5", "一是培训不足。二是答复文书需规范。浏览器测试写入。")
    page.wait_for_timeout(1200)  # live findings refresh
    page.click("#report-editor button[type=submit]")
    page.wait_for_load_state()
    assert "已保存" in page.inner_text(".flash")
    assert "浏览器测试写入" in page.input_value("#section_5")
    page.screenshot(path=str(artifacts_dir / "web-reports.png"), full_page=True)
    with page.expect_download() as dl:
        page.click("#download-docx")
    out = tmp_path / "report.docx"
    dl.value.save_as(out)
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "浏览器测试写入" in xml
    assert "示例市人民政府办公室" in xml


def test_admin_pages_and_mobile(browser, demo_server, artifacts_dir):
    server, _ = demo_server
    page = _login(browser, server, "admin", PASSWORD)
    for path, name in (("/admin/users", "web-admin-users.png"), ("/admin/bodies", "web-admin-bodies.png"),
                       ("/audit", "web-audit.png"), ("/account", "web-account.png")):
        page.goto(server.url + path)
        assert page.locator("h1").count() == 1
        page.screenshot(path=str(artifacts_dir / name), full_page=True)
    mobile = _login(browser, server, "admin", PASSWORD, width=390)
    mobile.goto(server.url + "/cases")
    mobile.screenshot(path=str(artifacts_dir / "web-mobile-cases.png"), full_page=False)
    # the menu folds into a button on a narrow screen
    assert mobile.locator(".navbutton").is_visible()


def test_officer_drafts_and_approver_approves(browser, demo_server, artifacts_dir):
    """拟办 → 审批 in the browser: the officer submits an answer for approval on an open case, the
    approver sees it on 待审批 and approves it, and the case's timeline shows the answer."""
    server, users = demo_server
    officer = _login(browser, server, "jingban", users["jingban"])
    officer.goto(server.url + "/cases?state=open")
    links = officer.locator("#case-list tbody a")
    case_url = None
    for i in range(min(links.count(), 20)):
        officer.goto(server.url + "/cases?state=open")
        href = officer.locator("#case-list tbody a").nth(i).get_attribute("href")
        officer.goto(server.url + href)
        if officer.locator("#draft-form-answered").count():
            case_url = server.url + href
            break
    assert case_url, "no open case where the officer may draft an answer"
    officer.fill("#draft-form-answered input[name=note], #draft-form-answered textarea[name=note]", "浏览器拟办答复")
    officer.click("#draft-form-answered button[type=submit]")
    officer.wait_for_load_state()
    assert "已提交审批" in officer.content()
    officer.screenshot(path=str(artifacts_dir / "web-case-draft.png"), full_page=True)

    approver = _login(browser, server, "shenpi", users["shenpi"])
    approver.goto(server.url + "/approvals")
    row = approver.locator("#pending-drafts tbody tr", has_text="浏览器拟办答复")
    assert row.count() == 1
    approver.screenshot(path=str(artifacts_dir / "web-approvals.png"), full_page=True)
    row.locator("button", has_text="批准").click()
    approver.wait_for_load_state()
    assert "已批准并登记" in approver.content()
    approver.goto(case_url)
    assert "答复" in approver.locator("#timeline").inner_text()
    assert approver.locator("h1 .badge").inner_text().strip() == "已答复"
