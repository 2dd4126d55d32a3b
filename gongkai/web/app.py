"""The FastAPI application (网站应用): ``create_app(settings)``."""
from __future__ import annotations

import gc
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..register.db import Register, open_register
from . import models  # noqa: F401  (registers the web tables on Base)
from .checking import ResultStore
from .deps import LoginRequired
from .queries import TTLCache
from .middleware import BodyLimitMiddleware, SecurityHeadersMiddleware
from .settings import Settings
from .sqlite_tuning import tune_sqlite
from .ui import templates

HERE = Path(__file__).resolve().parent


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api")


@asynccontextmanager
async def _lifespan(app: FastAPI):
    """Once the server has started: move everything loaded so far (libraries, templates, the
    calendar) out of the garbage collector's sight. Without it each full collection walks
    millions of long-lived objects and stalls a worker for tens of milliseconds."""
    gc.collect()
    gc.freeze()
    yield


def create_app(settings: Settings | None = None, *, register: Register | None = None) -> FastAPI:
    """The web application over the register at ``settings.database_url`` (migrated when
    ``settings.migrate``), or over an already open ``register``."""
    settings = settings or Settings()
    reg = register or open_register(settings.database_url, migrate=settings.migrate)
    tune_sqlite(reg.engine)
    app = FastAPI(title="gongkai 政府信息公开工作平台", version="0.1.0", docs_url=None, redoc_url=None,
                  openapi_url=None, lifespan=_lifespan)
    app.state.settings = settings
    app.state.register = reg
    app.state.check_results = ResultStore()
    app.state.cache = TTLCache(ttl=settings.dashboard_cache_seconds)
    from .demo import sample_reports

    app.state.samples = sample_reports(settings.sample_dirs)

    app.add_middleware(BodyLimitMiddleware, limit=settings.max_upload_bytes, limit_mb=settings.max_upload_mb)
    app.add_middleware(SecurityHeadersMiddleware)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    from . import api, pages_admin, pages_approvals, pages_auth, pages_cases, pages_check, pages_reports
    from . import pages_collect, pages_records, pages_work

    for module in (pages_auth, pages_cases, pages_work, pages_records, pages_approvals, pages_check, pages_reports,
                   pages_collect, pages_admin, api):
        # routes added flat (not include_router) so that ``app.routes`` lists every route with its path
        app.router.routes.extend(module.router.routes)

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired):
        if _wants_json(request):
            return JSONResponse({"detail": "未登录或登录已过期，请先登录（或提供有效的接口令牌）。"}, status_code=401,
                                headers={"WWW-Authenticate": "Bearer"})
        nxt = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        from urllib.parse import quote

        return RedirectResponse(f"/login?next={quote(nxt)}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else "请求无法处理。"
        if exc.status_code == 404 and detail == "Not Found":
            detail = "页面不存在。"
        if exc.status_code == 405:
            detail = "不支持该请求方式。"
        if _wants_json(request):
            return JSONResponse({"detail": detail}, status_code=exc.status_code)
        return templates.TemplateResponse(request, "error.html", _error_ctx(request, exc.status_code, detail),
                                          status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        problems = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path", "form"))
            problems.append(f"{where or '请求'}：{_zh_error(e)}")
        message = "输入有误：" + "；".join(problems)
        if _wants_json(request):
            return JSONResponse({"detail": message, "errors": problems}, status_code=422)
        return templates.TemplateResponse(request, "error.html", _error_ctx(request, 422, message),
                                          status_code=422)

    return app


def _error_ctx(request: Request, status: int, message: str) -> dict:
    return {"status": status, "message": message, "app_title": request.app.state.settings.title,
            "path": request.url.path, "user": None, "flash": None, "csrf_token": ""}


def _zh_error(e: dict) -> str:
    t = e.get("type", "")
    return {
        "missing": "必填",
        "int_parsing": "应为整数",
        "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
        "date_parsing": "应为日期（YYYY-MM-DD）",
        "literal_error": "取值不在允许范围内",
        "string_too_long": "内容过长",
        "json_invalid": "不是有效的 JSON",
    }.get(t, "格式不正确")


def app_from_env() -> FastAPI:
    """The app configured from the environment (``GONGKAI_DATABASE_URL``, ``GONGKAI_SECRET_KEY``…),
    for ``uvicorn --factory`` and ``gongkai serve --workers N`` (migrations already applied)."""
    return create_app(Settings(migrate=False))
