"""The checker for many files (多文件检查): a summary table first, Chinese rule titles with the code
beside them, Tables 2–4 drawn with the cells marked, a notice for checks skipped on blank cells,
results stored in the database so that any worker serves the page and the download (also with
``gongkai serve --workers 2``), kept for the configured time, reopened by the uploader and the
supervisors of the uploader's body."""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import socket
import subprocess
import sys
import time

import httpx
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from gongkai.web import Settings, create_app
from gongkai.web.models_workplace import CheckResult

from ..conftest import SEEDS
from .conftest import as_user, csrf_of


def _upload(c: TestClient, csrf: str, paths) -> str:
    files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in paths]
    files.append(("files", ("不是年报.txt", "这只是一段文字，没有表格。".encode(), "text/plain")))
    r = c.post("/check", data={"csrf_token": csrf}, files=files)
    assert r.status_code == 200, r.text[:500]
    return r.text


def test_summary_titles_tables_and_stored_result(web_env):
    seeds = sorted(SEEDS.glob("*.txt"))[:3]
    c, csrf = as_user(web_env, "officer")
    html = _upload(c, csrf, seeds)
    summary = html.split('id="summary-table"')[1].split("</table>")[0]
    assert summary.count("<tr>") == 1 + 4  # header + one row per file
    assert "不是年报.txt" in summary and all(p.name in summary for p in seeds)
    assert html.index('id="check-summary"') < html.index('class="card checked-file"')  # summary first
    assert re.search(r'<strong class="rule-title">[^<]*[\u4e00-\u9fff][^<]*</strong> <span class="code small">[A-Z0-9_]+'
                     r'</span>', html)
    assert 'data-field="t2.' in html and 'data-field="t3.' in html and 'data-field="t4.' in html
    result_id = re.search(r'href="/check/([\w-]+)/findings.xlsx"', html).group(1)
    with web_env.register.session() as s:
        assert s.get(CheckResult, result_id).files == 4
    # another worker (a second app over the same database, the same signing key) serves it
    other = create_app(Settings(database_url=web_env.register.url, secret_key="test-secret-key", migrate=False))
    c2 = TestClient(other)
    c2.cookies.update(c.cookies)
    r = c2.get(f"/check/{result_id}/findings.xlsx")
    assert r.status_code == 200
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert {row[0] for row in rows[1:]} >= {seeds[0].name, "不是年报.txt"}
    assert "检查汇总（4 个文件）" in c2.get(f"/check/{result_id}").text
    # the supervisor of the uploader's body may reopen it; an unrelated county may not
    sup, _ = as_user(web_env, "supervisor")
    assert sup.get(f"/check/{result_id}").status_code == 200
    county, _ = as_user(web_env, "county")
    r = county.get(f"/check/{result_id}")
    assert r.status_code == 404 and "无权查看" in r.text


def test_blank_cells_give_a_skipped_checks_notice(web_env, tmp_path):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    text = seed.read_text(encoding="utf-8")
    # blank the cells of row 一、本年新收政府信息公开申请数量 (one cell a line, tab-indented)
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "本年新收政府信息公开申请数量" in line)
    blanked = lines[:start + 1] + [re.sub(r"^\t\d+$", "\t", line) for line in lines[start + 1:start + 8]] \
        + lines[start + 8:]
    f = tmp_path / "blank.txt"
    f.write_text("\n".join(blanked), encoding="utf-8")
    c, csrf = as_user(web_env, "officer")
    html = _upload(c, csrf, [f])
    assert "未能检查" in html.split('id="summary-table"')[1].split("</table>")[0]
    assert "因相关单元格空白未能进行" in html


def test_results_expire_after_the_retention_time(web_env, monkeypatch):
    c, csrf = as_user(web_env, "officer")
    html = _upload(c, csrf, sorted(SEEDS.glob("*.txt"))[:1])
    result_id = re.search(r'href="/check/([\w-]+)/findings.xlsx"', html).group(1)
    monkeypatch.setenv("GONGKAI_CHECK_RETENTION_HOURS", "1")
    with web_env.register.session() as s:
        s.get(CheckResult, result_id).created_at -= dt.timedelta(hours=2)
        s.commit()
    r = c.get(f"/check/{result_id}/findings.xlsx")
    assert r.status_code == 404 and "检查结果已过期（保留 1 小时）" in r.text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_two_workers_serve_the_download_on_fresh_connections(tmp_path):
    port = _free_port()
    env = dict(os.environ, GONGKAI_ADMIN_USER="boss", GONGKAI_ADMIN_PASSWORD="Boss-pass-12")
    env.pop("GONGKAI_SECRET_KEY", None)
    proc = subprocess.Popen([sys.executable, "-c", "from gongkai.cli import main; main()", "serve", "--port",
                             str(port), "--workers", "2", "--database-url", f"sqlite:///{tmp_path / 'w.db'}"],
                            cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        with httpx.Client(base_url=base, timeout=30) as c:
            token = csrf_of(c.get("/login").text)
            assert c.post("/login", data={"username": "boss", "password": "Boss-pass-12",
                                          "csrf_token": token}).status_code == 303
            token = csrf_of(c.get("/check").text)
            seeds = sorted(SEEDS.glob("*.txt"))[:2]
            r = c.post("/check", data={"csrf_token": token},
                       files=[("files", (p.name, p.read_bytes(), "text/plain")) for p in seeds])
            result_id = re.search(r'href="/check/([\w-]+)/findings.xlsx"', r.text).group(1)
            cookies = dict(c.cookies)
        statuses = []
        for _ in range(10):  # a fresh connection each time: either worker may answer
            with httpx.Client(base_url=base, timeout=30, cookies=cookies) as fresh:
                statuses.append(fresh.get(f"/check/{result_id}/findings.xlsx").status_code)
        assert statuses == [200] * 10
    finally:
        proc.terminate()
        proc.wait(timeout=15)
