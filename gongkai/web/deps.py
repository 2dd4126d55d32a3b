"""Request dependencies (请求依赖): database session, who is asking, CSRF, permissions, body scope."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import AsyncIterator

from fastapi import Depends, HTTPException, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..register.models import Body
from . import auth
from .models import WebUser
from .queries import data_version

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class LoginRequired(Exception):
    """No valid session or token: pages redirect to the login page, the API answers 401."""


class Forbidden(HTTPException):
    def __init__(self, message: str = "您没有进行此操作的权限。"):
        super().__init__(403, message)


class NotVisible(HTTPException):
    def __init__(self, message: str = "未找到该记录，或您无权查看。"):
        super().__init__(404, message)


class CSRFError(HTTPException):
    def __init__(self) -> None:
        super().__init__(403, "表单已过期或缺少安全令牌（CSRF），请刷新页面后重试。")


async def get_db(request: Request) -> AsyncIterator[Session]:
    """A session for the request (creating one does no I/O; async so it costs no thread hop)."""
    db = request.app.state.register.session()
    try:
        yield db
    finally:
        db.close()


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def principal_for(request: Request, db: Session) -> auth.Principal:
    """Who is asking: an API token (``Authorization: Bearer``) or the session cookie."""
    s = request.app.state.settings
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = auth.load_api_token(db, header[7:].strip())
        if user is None:
            raise LoginRequired()
        if db.dirty:
            db.commit()  # last_used
        return auth.Principal(user, None, via_token=True)
    found = auth.load_session(db, request.cookies.get(auth.SESSION_COOKIE), s.secret_key, s.session_hours)
    if found is None:
        raise LoginRequired()
    return auth.Principal(found[0], found[1])


@dataclass(frozen=True, slots=True)
class BodyInfo:
    """A body as pages show it (a plain snapshot, safe to keep between requests)."""

    id: int
    name: str
    level: str
    parent_id: int | None


@dataclass
class Ctx:
    """Everything a handler needs: the database session, the principal and the body scope."""

    db: Session
    principal: auth.Principal
    request: Request
    _bodies: dict[int, BodyInfo] | None = field(default=None, repr=False)
    _version: int | None = field(default=None, repr=False)

    @property
    def user(self) -> WebUser:
        return self.principal.user

    @property
    def role(self) -> str:
        return self.principal.user.role

    @property
    def actor(self) -> str:
        return self.user.username

    # ------------------------------------------------------------ bodies
    @property
    def version(self) -> int:
        """The register's change counter (:func:`queries.data_version`), asked once per request."""
        if self._version is None:
            self._version = data_version(self.db)
        return self._version

    @property
    def bodies(self) -> dict[int, BodyInfo]:
        """All bodies (机关), kept by the process between requests while the register is unchanged
        (adding a body writes the audit log, which moves :attr:`version`)."""
        if self._bodies is None:
            state = self.request.app.state
            cached = getattr(state, "bodies_cache", None)
            version = self.version
            if cached is None or cached[0] != version:
                rows = self.db.execute(select(Body.id, Body.name, Body.level, Body.parent_id).order_by(Body.id))
                cached = (version, {r.id: BodyInfo(r.id, r.name, r.level, r.parent_id) for r in rows})
                state.bodies_cache = cached
            self._bodies = cached[1]
        return self._bodies

    def subtree(self, body_id: int) -> list[int]:
        children: dict[int | None, list[int]] = {}
        for b in self.bodies.values():
            children.setdefault(b.parent_id, []).append(b.id)
        out, todo = [], [body_id]
        while todo:
            bid = todo.pop()
            if bid in out:
                continue
            out.append(bid)
            todo.extend(children.get(bid, []))
        return sorted(out)

    @property
    def visible_body_ids(self) -> list[int]:
        """Bodies whose cases this user may see: administrators all; supervisors their body's
        subtree (本级及下级); everyone else their own body."""
        u = self.user
        if u.role == "admin" and u.body_id is None:
            return sorted(self.bodies)
        if u.body_id is None:
            return []
        if u.role in ("supervisor", "admin"):
            return self.subtree(u.body_id)
        return [u.body_id]

    def can_see_body(self, body_id: int) -> bool:
        return body_id in self.visible_body_ids

    def can_see_personal(self, body_id: int) -> bool:
        """Applicants' personal data (申请人个人信息): officer/approver/administrator of that body."""
        u = self.user
        if u.role == "admin":
            return u.body_id is None or body_id in self.subtree(u.body_id)
        return u.role in ("officer", "approver") and u.body_id == body_id

    def can_act(self, body_id: int, *roles: str) -> bool:
        """May change cases of ``body_id`` in one of ``roles`` (administrators always may)."""
        u = self.user
        if u.role == "admin":
            return self.can_see_body(body_id)
        return u.role in roles and u.body_id == body_id

    def require(self, *roles: str) -> None:
        if self.user.role not in roles and self.user.role != "admin":
            raise Forbidden()


async def verify_csrf(request: Request, principal: auth.Principal) -> None:
    """Every state-changing request made with the session cookie carries the session's CSRF token."""
    if request.method in SAFE_METHODS or principal.via_token:
        return
    given = request.headers.get("x-csrf-token")
    if not given:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form(max_part_size=4 * 1024 * 1024)
            value = form.get("csrf_token")
            given = value if isinstance(value, str) else None
    if not auth.csrf_ok(principal.csrf_token, given):
        raise CSRFError()


async def get_ctx(request: Request) -> AsyncIterator[Ctx]:
    """The request's database session, principal and CSRF check in one dependency: every page
    and API call asks for it, so it avoids FastAPI's per-dependency overhead and a thread hop
    (the session lookup is one indexed query)."""
    db = request.app.state.register.session()
    try:
        principal = principal_for(request, db)
        await verify_csrf(request, principal)
        yield Ctx(db, principal, request)
    finally:
        db.close()
