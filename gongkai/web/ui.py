"""Templates and page helpers (页面模板): Jinja2 environment, flash messages, redirects."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from fastapi.templating import Jinja2Templates
from itsdangerous import BadSignature, URLSafeSerializer

from ..register.models import APPLICANT_KINDS, CHANNELS
from .models import ROLES
from .records import no_codes

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
FLASH_COOKIE = "gongkai_flash"


BEIJING = dt.timezone(dt.timedelta(hours=8), "北京时间")


def _date(value: Any) -> str:
    """Dates as ``2026-01-05``; times (stored in UTC) in Beijing time."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


templates.env.auto_reload = False  # templates ship with the package: no stat() per request
templates.env.filters["d"] = _date
templates.env.filters["nocodes"] = no_codes
templates.env.globals.update(ROLES=ROLES, APPLICANT_KINDS=APPLICANT_KINDS, CHANNELS=CHANNELS)


def _flash_serializer(request: Request) -> URLSafeSerializer:
    return URLSafeSerializer(request.app.state.settings.secret_key, salt="gongkai-flash")


def cookie_secure(request: Request) -> bool:
    s = request.app.state.settings.secure_cookies
    if s is not None:
        return s
    proto = request.headers.get("x-forwarded-proto") or request.url.scheme
    return proto == "https"


def redirect(request: Request, url: str, message: str | None = None, kind: str = "ok") -> RedirectResponse:
    """A 303 redirect carrying a one-time message (提示信息)."""
    resp = RedirectResponse(url, status_code=303)
    if message:
        resp.set_cookie(FLASH_COOKIE, _flash_serializer(request).dumps([kind, message]), httponly=True,
                        samesite="lax", secure=cookie_secure(request), max_age=60)
    return resp


def page(request: Request, template: str, ctx=None, status_code: int = 200, **data: Any):
    """Render a page with the user, the CSRF token and any pending message."""
    flash = None
    raw = request.cookies.get(FLASH_COOKIE)
    if raw:
        try:
            flash = _flash_serializer(request).loads(raw)
        except BadSignature:
            flash = None
    data.setdefault("user", ctx.user if ctx else None)
    data.setdefault("csrf_token", ctx.principal.csrf_token if ctx else "")
    if ctx is not None and "unread" not in data:
        from .workplace import unread_count

        data["unread"] = unread_count(ctx.db, ctx.user.id)
    data["flash"] = flash
    data["app_title"] = request.app.state.settings.title
    data["path"] = request.url.path
    resp = templates.TemplateResponse(request, template, data, status_code=status_code)
    if raw:
        resp.delete_cookie(FLASH_COOKIE)
    return resp


def tojson(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
