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


def test_year_report_with_tables_2_and_4_entered_in_the_browser(browser, demo, artifacts_dir, tmp_path):
    import datetime as dt
    import zipfile

    server, users, _ = demo
    year = dt.date.today().year - 1
    page = _login(browser, server, "jingban", users["jingban"])
    page.goto(server.url + f"/reports?year={year}")
    assert "表二（主动公开政府信息情况）尚未填写" in page.inner_text("#live-findings")
    # Table 2 typed into the page
    for fid, value in (("t2.rules.issued", "1"), ("t2.rules.repealed", "0"), ("t2.rules.in_force", "12"),
                       ("t2.normative.issued", "4"), ("t2.normative.repealed", "1"), ("t2.normative.in_force", "30"),
                       ("t2.licensing.decisions", "2512"), ("t2.penalty.decisions", "87"),
                       ("t2.coercion.decisions", "3"), ("t2.fees.amount", "0")):
        page.fill(f'input[name="{fid}"]', value)
    for n in range(1, 7):
        page.fill(f"#section_{n}", f"浏览器编制的第{n}部分正文。")
    assert page.locator("#unsaved-note").is_visible()
    page.wait_for_timeout(1500)
    assert "尚未填写" not in page.inner_text("#live-findings")
    page.click("#save-report")
    page.wait_for_load_state()
    assert "年度报告已保存" in page.inner_text(".flash")
    # Table 4: a review case entered in the page
    page.select_option("#review-form select[name=group]", "review")
    page.fill("#review-form input[name=filed_on]", f"{year}-04-08")
    page.fill("#review-form input[name=case_no]", f"复字〔{year}〕8号")
    page.select_option("#review-form select[name=outcome]", "corrected")
    page.fill("#review-form input[name=decided_on]", f"{year}-06-30")
    page.click("#review-form button[type=submit]")
    page.wait_for_load_state()
    assert "复议诉讼案件已登记" in page.inner_text(".flash")
    assert page.locator('#table4 td[data-field="t4.review.corrected"]').inner_text().strip() == "1"
    page.screenshot(path=str(artifacts_dir / "web-report-builder-1440.png"), full_page=True)
    # the download is what is on screen, unsaved edits included
    page.fill("#section_5", "下载前刚刚输入、尚未保存的第五部分。")
    with page.expect_download() as dl:
        page.click("#download-docx")
    out = tmp_path / "report.docx"
    dl.value.save_as(out)
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "下载前刚刚输入、尚未保存的第五部分" in xml and "2512" in xml
    phone = _login(browser, server, "jingban", users["jingban"], width=390)
    phone.goto(server.url + f"/reports?year={year}")
    phone.screenshot(path=str(artifacts_dir / "web-report-builder-390.png"), full_page=False)


def test_supervisor_returns_and_body_resubmits(browser, demo, artifacts_dir):
    from gongkai.web.checking import check_bytes

    from ..conftest import SEEDS

    server, users, _ = demo
    seed, year = None, None
    for p in sorted(SEEDS.glob("*.txt")):
        cf = check_bytes(p.name, p.read_bytes())
        if cf.report and cf.report.year and not cf.counts["error"] and not cf.error:
            seed, year = p, cf.report.year
            break
    body = _login(browser, server, "dongcheng", users["dongcheng"])
    body.goto(server.url + f"/collect?year={year}")
    body.fill("#submit-form input[name=year]", str(year))
    body.set_input_files("#submit-form input[name=file]", str(seed))
    body.click("#submit-form button[type=submit]")
    body.wait_for_load_state()
    assert "已报送" in body.inner_text(".flash")
    sup = _login(browser, server, "jiandu", users["jiandu"])
    sup.goto(server.url + f"/collect?year={year}")
    row = sup.locator("#desk tbody tr").filter(has_text="东城")
    assert row.locator(".desk-status").inner_text() == "已报送"
    row.locator("input[name=reason]").fill("请补充第六部分的收费情况说明")
    row.locator("button", has_text="退回").click()
    sup.wait_for_load_state()
    assert sup.locator("#desk tbody tr").filter(has_text="东城").locator(".desk-status").inner_text() == "已退回"
    body.goto(server.url + f"/collect?year={year}")
    assert "请补充第六部分的收费情况说明" in body.inner_text("#history")
    body.set_input_files("#submit-form input[name=file]", str(seed))
    body.fill("#submit-form input[name=year]", str(year))
    body.click("#submit-form button[type=submit]")
    body.wait_for_load_state()
    sup.goto(server.url + f"/collect?year={year}")
    assert sup.locator("#desk tbody tr").filter(has_text="东城").locator(".desk-status").inner_text() == "已报送"
    assert sup.locator("#comparison tbody tr").filter(has_text="东城").count() == 1
    sup.screenshot(path=str(artifacts_dir / "web-collect-1440.png"), full_page=True)
    with sup.expect_download() as dl:
        sup.click("#rollup-form button[type=submit]")
    assert dl.value.suggested_filename.endswith(".xlsx")
    phone = _login(browser, server, "jiandu", users["jiandu"], width=390)
    phone.goto(server.url + f"/collect?year={year}")
    phone.screenshot(path=str(artifacts_dir / "web-collect-390.png"), full_page=True)
    assert _inside(phone, phone.locator("#desk button", has_text="通过").first)
    assert not _axe(sup), _axe(sup)


def test_checker_summary_for_several_files(browser, demo, artifacts_dir):
    from ..conftest import SEEDS

    server, users, _ = demo
    page = _login(browser, server, "jiandu", users["jiandu"])
    page.goto(server.url + "/check")
    seeds = [str(p) for p in sorted(SEEDS.glob("*.txt"))[:4]]
    page.set_input_files("#check-form input[type=file]", seeds)
    page.click("#check-form button[type=submit]")
    page.wait_for_selector("#summary-table")
    assert page.locator("#summary-table tbody tr").count() == 4
    box_summary = page.locator("#check-summary").bounding_box()
    box_first = page.locator(".checked-file").first.bounding_box()
    assert box_summary["y"] < box_first["y"]
    page.screenshot(path=str(artifacts_dir / "web-check-summary-1440.png"), full_page=False)
    locate = page.locator("button.locate").first
    if locate.count():
        locate.click()
        assert page.locator("td.cell-target").count() >= 1
    assert not _axe(page), _axe(page)
    phone = _login(browser, server, "jiandu", users["jiandu"], width=390)
    phone.goto(page.url if "/check/" in page.url else server.url + page.locator("#result-link").get_attribute("href"))
    phone.screenshot(path=str(artifacts_dir / "web-check-summary-390.png"), full_page=False)
