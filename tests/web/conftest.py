"""Fixtures of the web tests: an app over a temporary SQLite register with three bodies (a city
office, a district below it, an unrelated county) and a user of every role."""
from __future__ import annotations

import re
import socket
import threading
import time
from dataclasses import dataclass, field

import pytest
from fastapi.testclient import TestClient

from gongkai.register import service
from gongkai.register.db import open_register
from gongkai.web import Settings, auth, create_app

PASSWORD = "Test-pass-123"
USERS = {  # username: (role, body key)
    "admin": ("admin", None),
    "officer": ("officer", "city"),
    "approver": ("approver", "city"),
    "supervisor": ("supervisor", "city"),
    "viewer": ("viewer", "city"),
    "district": ("officer", "district"),
    "county": ("officer", "county"),
    "county_approver": ("approver", "county"),
    "lockme": ("viewer", "city"),
}


@dataclass
class WebEnv:
    app: object
    register: object
    bodies: dict[str, int] = field(default_factory=dict)


def make_env(url: str, register=None, **settings) -> WebEnv:
    reg = register or open_register(url)
    env = WebEnv(None, reg)
    with reg.transaction() as s:
        city = service.add_body(s, "测试市人民政府办公室", level="municipal", actor="test")
        district = service.add_body(s, "测试市西区人民政府", level="county", parent_id=city.id, actor="test")
        county = service.add_body(s, "另一县人民政府", level="county", actor="test")
        env.bodies = {"city": city.id, "district": district.id, "county": county.id}
        for name, (role, body) in USERS.items():
            auth.create_user(s, name, PASSWORD, role, env.bodies.get(body) if body else None, name)
    opts = dict(database_url=url, secret_key="test-secret-key", migrate=False, max_upload_mb=2.0)
    opts.update(settings)
    env.app = create_app(Settings(**opts), register=reg)
    return env


@pytest.fixture(scope="session")
def web_env(tmp_path_factory) -> WebEnv:
    db = tmp_path_factory.mktemp("web") / "web.db"
    return make_env(f"sqlite:///{db}")


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token on the page"
    return m.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in through the form; returns the session's CSRF token."""
    r = client.get("/login")
    r = client.post("/login", data={"username": username, "password": password, "csrf_token": csrf_of(r.text),
                                    "next": "/account"}, follow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    return csrf_of(client.get("/account").text)


@pytest.fixture()
def client(web_env) -> TestClient:
    return TestClient(web_env.app)


def as_user(web_env, username: str) -> tuple[TestClient, str]:
    c = TestClient(web_env.app)
    return c, login(c, username)


# ------------------------------------------------------------------ a real server for the browser


class Server:
    def __init__(self, app):
        import uvicorn

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.thread.start()
        deadline = time.time() + 20
        while not self.server.started:
            if time.time() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(timeout=10)


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
