"""Log-in, log-out, health check, own account and API tokens (登录、退出、个人账户、接口令牌)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import auth
from .audit import audit
from .deps import Ctx, client_ip, get_ctx, get_db
from .models import ApiToken
from .ui import cookie_secure, page, redirect

router = APIRouter()


def _safe_next(nxt: str | None) -> str:
    if not nxt or not nxt.startswith("/") or nxt.startswith("//") or "\\" in nxt:
        return "/"
    return nxt


@router.get("/healthz", include_in_schema=False)
def healthz() -> JSONResponse:
    return JSONResponse({"status": "ok"})


def _login_page(request: Request, nxt: str, error: str | None = None, username: str = "", status: int = 200):
    s = request.app.state.settings
    token, cookie = auth.login_csrf_pair(s.secret_key)
    resp = page(request, "login.html", None, status_code=status, next=_safe_next(nxt), error=error,
                username=username, csrf_token=token)
    resp.set_cookie(auth.LOGIN_CSRF_COOKIE, cookie, httponly=True, samesite="lax", secure=cookie_secure(request),
                    max_age=3600)
    return resp


@router.get("/login", include_in_schema=False)
def login_form(request: Request, next: str = "/"):
    return _login_page(request, next)


@router.post("/login", include_in_schema=False)
def login(request: Request, username: str = Form(""), password: str = Form(""), csrf_token: str = Form(""),
          next: str = Form("/"), db: Session = Depends(get_db)):
    s = request.app.state.settings
    if not auth.login_csrf_ok(s.secret_key, csrf_token, request.cookies.get(auth.LOGIN_CSRF_COOKIE)):
        return _login_page(request, next, "登录表单已过期，请重新输入。", username, status=403)
    try:
        user = auth.authenticate(db, username, password, client_ip(request), attempts=s.lockout_attempts,
                                 minutes=s.lockout_minutes)
    except auth.LoginError as e:
        db.commit()  # keep the failure count
        audit(db, username[:64] or "?", "login_failed", "web_user", None, {"ip": client_ip(request)})
        db.commit()
        return _login_page(request, next, e.message, username, status=401)
    cookie, _row = auth.start_session(db, user, s.secret_key, s.session_hours)
    audit(db, user.username, "login", "web_user", user.id, {"ip": client_ip(request)})
    db.commit()
    resp = redirect(request, _safe_next(next))
    resp.set_cookie(auth.SESSION_COOKIE, cookie, httponly=True, samesite="lax", secure=cookie_secure(request),
                    max_age=s.session_hours * 3600, path="/")
    resp.delete_cookie(auth.LOGIN_CSRF_COOKIE)
    return resp


@router.post("/logout", include_in_schema=False)
def logout(request: Request, ctx: Ctx = Depends(get_ctx)):
    s = request.app.state.settings
    auth.end_session(ctx.db, request.cookies.get(auth.SESSION_COOKIE), s.secret_key)
    audit(ctx.db, ctx.actor, "logout", "web_user", ctx.user.id)
    ctx.db.commit()
    resp = redirect(request, "/login", "您已安全退出。")
    resp.delete_cookie(auth.SESSION_COOKIE, path="/")
    return resp


@router.get("/account", include_in_schema=False)
def account(request: Request, ctx: Ctx = Depends(get_ctx)):
    tokens = ctx.db.scalars(select(ApiToken).where(ApiToken.user_id == ctx.user.id, ApiToken.revoked.is_(False))
                            .order_by(ApiToken.id.desc())).all()
    return page(request, "account.html", ctx, tokens=tokens, new_token=None)


@router.post("/account/password", include_in_schema=False)
def change_password(request: Request, old: str = Form(""), new: str = Form(""), new2: str = Form(""),
                    ctx: Ctx = Depends(get_ctx)):
    if not auth.verify_password(ctx.user.password_hash, old):
        return redirect(request, "/account", "原密码不正确。", "error")
    if new != new2:
        return redirect(request, "/account", "两次输入的新密码不一致。", "error")
    weak = auth.check_password_strength(new)
    if weak:
        return redirect(request, "/account", weak, "error")
    ctx.user.password_hash = auth.hash_password(new)
    audit(ctx.db, ctx.actor, "password_changed", "web_user", ctx.user.id)
    ctx.db.commit()
    return redirect(request, "/account", "密码已修改。")


@router.post("/account/tokens", include_in_schema=False)
def new_token(request: Request, name: str = Form(""), ctx: Ctx = Depends(get_ctx)):
    plain, row = auth.create_api_token(ctx.db, ctx.user, name)
    audit(ctx.db, ctx.actor, "api_token_created", "web_api_token", row.id, {"name": row.name})
    ctx.db.commit()
    tokens = ctx.db.scalars(select(ApiToken).where(ApiToken.user_id == ctx.user.id, ApiToken.revoked.is_(False))
                            .order_by(ApiToken.id.desc())).all()
    return page(request, "account.html", ctx, tokens=tokens, new_token=plain)


@router.post("/account/tokens/{token_id}/revoke", include_in_schema=False)
def revoke_token(request: Request, token_id: int, ctx: Ctx = Depends(get_ctx)):
    row = ctx.db.get(ApiToken, token_id)
    if row is None or row.user_id != ctx.user.id:
        return redirect(request, "/account", "未找到该令牌。", "error")
    row.revoked = True
    audit(ctx.db, ctx.actor, "api_token_revoked", "web_api_token", row.id)
    ctx.db.commit()
    return redirect(request, "/account", f"令牌“{row.name}”已作废。")
