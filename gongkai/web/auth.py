"""Log-in, sessions, CSRF, API tokens and lock-out (登录、会话、防跨站请求伪造、接口令牌、锁定).

Passwords are argon2 hashes (argon2-cffi). The session cookie carries a random token signed
with itsdangerous; the database keeps only its sha256, so logging out really ends the session.
Every state-changing request made with the cookie must carry the session's CSRF token (form
field ``csrf_token`` or header ``X-CSRF-Token``); requests with ``Authorization: Bearer`` do not
use cookies and need none.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from .models import ROLES, ApiToken, LoginFailure, WebSession, WebUser, utcnow

SESSION_COOKIE = "gongkai_session"
LOGIN_CSRF_COOKIE = "gongkai_login_csrf"
_hasher = PasswordHasher()
# a hash to verify against when the user does not exist, so timing does not tell
_DUMMY_HASH = _hasher.hash("gongkai-dummy-password")


class LoginError(Exception):
    """Log-in refused; ``message`` is Chinese and says nothing about which part was wrong."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def check_password_strength(password: str) -> str | None:
    """A Chinese complaint about a weak password, or None when it is acceptable."""
    if len(password) < 8:
        return "密码至少需要 8 个字符。"
    if password.isdigit() or password.isalpha():
        return "密码需同时包含字母和数字（或符号）。"
    return None


def create_user(db: Session, username: str, password: str, role: str, body_id: int | None = None,
                display_name: str = "") -> WebUser:
    if role not in ROLES:
        raise ValueError(f"未知角色：{role}")
    username = username.strip()
    if not username:
        raise ValueError("用户名不能为空。")
    if db.scalar(select(WebUser).where(WebUser.username == username)) is not None:
        raise ValueError(f"用户名“{username}”已存在。")
    user = WebUser(username=username, password_hash=hash_password(password), role=role, body_id=body_id,
                   display_name=display_name or username, active=True)
    db.add(user)
    db.flush()
    return user


def authenticate(db: Session, username: str, password: str, ip: str = "", *, attempts: int = 5,
                 minutes: int = 15) -> WebUser:
    """The user for these credentials, or :class:`LoginError`. After ``attempts`` failures
    within ``minutes`` the account is locked for ``minutes`` (counted from the last failure)."""
    username = (username or "").strip()
    since = utcnow() - timedelta(minutes=minutes)
    recent = db.scalar(select(func.count()).select_from(LoginFailure)
                       .where(LoginFailure.username == username, LoginFailure.at >= since)) or 0
    if recent >= attempts:
        raise LoginError(f"连续登录失败 {attempts} 次，账户已锁定 {minutes} 分钟，请稍后再试。")
    user = db.scalar(select(WebUser).where(WebUser.username == username))
    ok = verify_password(user.password_hash if user else _DUMMY_HASH, password or "")
    if not ok or user is None or not user.active:
        db.add(LoginFailure(username=username[:64], ip=ip[:64]))
        db.flush()
        left = attempts - recent - 1
        if left <= 0:
            raise LoginError(f"用户名或密码错误。连续失败 {attempts} 次，账户已锁定 {minutes} 分钟。")
        raise LoginError(f"用户名或密码错误（再失败 {left} 次将锁定 {minutes} 分钟）。")
    db.execute(delete(LoginFailure).where((LoginFailure.username == username) | (LoginFailure.at < since)))
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login = utcnow()
    return user


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="gongkai-session")


def start_session(db: Session, user: WebUser, secret: str, hours: int) -> tuple[str, WebSession]:
    """Create a session; returns the signed cookie value and the row."""
    token = secrets.token_urlsafe(32)
    db.execute(delete(WebSession).where(WebSession.expires_at < utcnow()))  # tidy up old sessions
    row = WebSession(id=_sha(token), user_id=user.id, csrf_token=secrets.token_urlsafe(24),
                     expires_at=utcnow() + timedelta(hours=hours))
    db.add(row)
    db.flush()
    return _serializer(secret).dumps(token), row


def load_session(db: Session, cookie: str | None, secret: str, hours: int) -> tuple[WebUser, WebSession] | None:
    if not cookie:
        return None
    try:
        token = _serializer(secret).loads(cookie, max_age=hours * 3600)
    except BadSignature:
        return None
    # one round trip for the session and its user (a page asks this on every request)
    found = db.execute(select(WebSession, WebUser).join(WebUser, WebUser.id == WebSession.user_id)
                       .where(WebSession.id == _sha(token))).first()
    if found is None:
        return None
    row, user = found
    if row.expires_at < utcnow() or not user.active:
        return None
    return user, row


def end_session(db: Session, cookie: str | None, secret: str) -> None:
    if not cookie:
        return
    try:
        token = _serializer(secret).loads(cookie)
    except BadSignature:
        return
    db.execute(delete(WebSession).where(WebSession.id == _sha(token)))


def login_csrf_pair(secret: str) -> tuple[str, str]:
    """A CSRF token for the login form (no session yet): ``(form value, signed cookie value)``."""
    token = secrets.token_urlsafe(24)
    return token, URLSafeTimedSerializer(secret, salt="gongkai-login-csrf").dumps(token)


def login_csrf_ok(secret: str, form_value: str | None, cookie: str | None) -> bool:
    if not form_value or not cookie:
        return False
    try:
        token = URLSafeTimedSerializer(secret, salt="gongkai-login-csrf").loads(cookie, max_age=3600)
    except BadSignature:
        return False
    return hmac.compare_digest(str(token), form_value)


def csrf_ok(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected, given)


# ------------------------------------------------------------------ API tokens
TOKEN_PREFIX = "gk_"


def create_api_token(db: Session, user: WebUser, name: str) -> tuple[str, ApiToken]:
    """A new token for ``user``: returns the plain token (shown once) and the row."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=name.strip()[:100] or "未命名", token_hash=_sha(plain),
                   prefix=plain[:10])
    db.add(row)
    db.flush()
    return plain, row


def load_api_token(db: Session, plain: str) -> WebUser | None:
    row = db.scalar(select(ApiToken).where(ApiToken.token_hash == _sha(plain)))
    if row is None or row.revoked:
        return None
    user = db.get(WebUser, row.user_id)
    if user is None or not user.active:
        return None
    now = utcnow()
    if row.last_used is None or (now - row.last_used).total_seconds() > 60:
        row.last_used = now  # at most once a minute: no write per request
    return user


@dataclass
class Principal:
    """Who is making a request and how (请求者)."""

    user: WebUser
    session: WebSession | None  # None for API tokens
    via_token: bool = False

    @property
    def csrf_token(self) -> str:
        return self.session.csrf_token if self.session else ""
