"""``gongkai serve``: migrations, first administrator, demo data, address printed, the site answers."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_demo_starts_and_logs_in(tmp_path):
    port = _free_port()
    env = dict(os.environ, GONGKAI_ADMIN_USER="chief", GONGKAI_ADMIN_PASSWORD="Chief-pass-1")
    proc = subprocess.Popen([sys.executable, "-c", "from gongkai.cli import main; main()", "serve", "--port", str(port), "--demo"],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            stdin=subprocess.DEVNULL)
    lines: list[str] = []
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "网站已启动" in line:
                break
        out = "".join(lines)
        assert f"http://127.0.0.1:{port}/" in out, out
        assert "已创建系统管理员 chief" in out
        demo = dict(re.findall(r"^\s+(jingban|shenpi|jiandu|chakan|dongcheng)\s+(\S+)", out, re.M))
        assert set(demo) == {"jingban", "shenpi", "jiandu", "chakan", "dongcheng"}
        assert (tmp_path / "gongkai.db").exists()  # default database in the current folder
        base = f"http://127.0.0.1:{port}"
        for _ in range(50):
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        with httpx.Client(base_url=base, timeout=10) as c:
            token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)
            r = c.post("/login", data={"username": "jingban", "password": demo["jingban"], "csrf_token": token})
            assert r.status_code == 303
            page = c.get("/").text
            assert "示例市人民政府办公室" in page and "表三" in page
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_serve_two_workers_share_sessions(tmp_path):
    port = _free_port()
    env = dict(os.environ, GONGKAI_ADMIN_USER="boss", GONGKAI_ADMIN_PASSWORD="Boss-pass-12")
    env.pop("GONGKAI_SECRET_KEY", None)
    db = tmp_path / "w.db"
    proc = subprocess.Popen([sys.executable, "-c", "from gongkai.cli import main; main()", "serve", "--port", str(port),
                             "--workers", "2", "--database-url", f"sqlite:///{db}"],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            stdin=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        with httpx.Client(base_url=base, timeout=10) as c:
            token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)
            r = c.post("/login", data={"username": "boss", "password": "Boss-pass-12", "csrf_token": token})
            assert r.status_code == 303
            # whichever worker answers, the session (in the database, one signing key) is valid
            for _ in range(8):
                r = c.get("/admin/users")
                assert r.status_code == 200 and "boss" in r.text
    finally:
        proc.terminate()
        proc.wait(timeout=15)
