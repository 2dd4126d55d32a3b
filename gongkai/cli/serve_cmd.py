"""``gongkai serve``: run the web application (网站) with uvicorn."""
from __future__ import annotations

import os
import secrets
import sys
from typing import Optional

import typer

from .common import console, fail


def install(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="监听地址"),
        port: int = typer.Option(8000, "--port", help="监听端口"),
        database_url: Optional[str] = typer.Option(None, "--database-url",
                                                   help="数据库地址（默认当前目录的 gongkai.db；或环境变量 GONGKAI_DATABASE_URL）"),
        demo: bool = typer.Option(False, "--demo", help="载入演示机关、一年的演示申请和各角色演示用户"),
        admin_user: Optional[str] = typer.Option(None, "--admin-user", envvar="GONGKAI_ADMIN_USER",
                                                 help="首个系统管理员的用户名（或环境变量 GONGKAI_ADMIN_USER）"),
        admin_password: Optional[str] = typer.Option(None, "--admin-password", envvar="GONGKAI_ADMIN_PASSWORD",
                                                     help="首个系统管理员的密码（或环境变量 GONGKAI_ADMIN_PASSWORD）"),
        secure_cookies: Optional[bool] = typer.Option(None, "--secure-cookies/--no-secure-cookies",
                                                      help="Cookie 加 Secure 标志（默认：按 https 访问时自动加）"),
        max_upload_mb: float = typer.Option(20.0, "--max-upload-mb", help="上传文件大小上限（MB）"),
        workers: int = typer.Option(1, "--workers", min=1, max=32, help="工作进程数（多核服务器可设为核数）"),
    ) -> None:
        """启动政府信息公开工作平台网站（依申请公开登记、期限提醒、年报检查与编制）。"""
        from sqlalchemy import select

        from ..register.db import default_url, open_register
        from ..register.errors import RegisterError
        from ..web import Settings, auth
        from ..web.models import WebUser

        url = database_url or default_url()
        busy = port_in_use(host, port)
        if busy:
            fail(f"无法在 {host}:{port} 启动网站：{busy}。请停止占用该端口的程序，或用 --port 换一个端口。")
        try:
            reg = open_register(url)
        except Exception as e:  # unreachable server, bad URL, …
            fail(f"无法打开数据库 {url}：{e}")
        with reg.transaction() as s:
            has_admin = s.scalar(select(WebUser.id).where(WebUser.role == "admin").limit(1)) is not None
        if not has_admin:
            name = (admin_user or "").strip()
            password = admin_password or ""
            interactive = sys.stdin is not None and sys.stdin.isatty()
            if not name:
                name = typer.prompt("首个系统管理员用户名", default="admin") if interactive else "admin"
            generated = False
            if not password:
                if interactive:
                    password = typer.prompt("管理员密码（至少 8 位，含字母和数字）", hide_input=True,
                                            confirmation_prompt=True)
                else:
                    password = "Admin-" + secrets.token_urlsafe(9)
                    generated = True
            weak = auth.check_password_strength(password)
            if weak:
                fail(f"管理员密码不符合要求：{weak}")
            with reg.transaction() as s:
                try:
                    auth.create_user(s, name, password, "admin", None, "系统管理员")
                except ValueError as e:
                    fail(str(e))
            console.print(f"已创建系统管理员 [bold]{name}[/bold]" +
                          (f"，初始密码：[bold]{password}[/bold]（请登录后立即修改）" if generated else ""), highlight=False)
        if demo:
            from ..web.demo import load_demo

            console.print("正在载入演示数据……", highlight=False)
            try:
                users = load_demo(reg)
            except RegisterError as e:
                fail(f"演示数据载入失败：{e.message}")
            console.print("演示用户（密码每次启动重新生成）：", highlight=False)
            for u in users:
                console.print(f"  {u.username:<10} {u.password:<16} {auth_role(u.role)} · {u.body}", highlight=False)
        settings = Settings(database_url=url, max_upload_mb=max_upload_mb, migrate=False)
        if demo:
            from ..web.demo import shared_seeds_dir

            seeds = shared_seeds_dir()
            if seeds is not None:
                settings.sample_dirs.append(str(seeds))
        if secure_cookies is not None:
            settings.secure_cookies = secure_cookies
        if not os.environ.get("GONGKAI_SECRET_KEY"):
            console.print("提示：未设置环境变量 GONGKAI_SECRET_KEY，本次使用随机密钥，重启后需重新登录。", style="dim",
                          highlight=False)
            os.environ["GONGKAI_SECRET_KEY"] = settings.secret_key  # the same key in every worker
        import uvicorn

        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        if workers > 1:
            reg.dispose()
            os.environ.update({"GONGKAI_DATABASE_URL": url, "GONGKAI_MAX_UPLOAD_MB": str(max_upload_mb),
                               "GONGKAI_SAMPLE_DIRS": os.pathsep.join(settings.sample_dirs)})
            if secure_cookies is not None:
                os.environ["GONGKAI_SECURE_COOKIES"] = "1" if secure_cookies else "0"
            console.print(f"gongkai 网站已启动：[bold]http://{shown}:{port}/[/bold]（{workers} 个工作进程，按 Ctrl+C 停止）",
                          highlight=False)
            uvicorn.run("gongkai.web.app:app_from_env", factory=True, workers=workers, host=host, port=port,
                        log_level="warning", proxy_headers=True)
            checkpoint_on_exit(url)
            return
        from ..web.app import create_app

        application = create_app(settings, register=reg)
        console.print(f"gongkai 网站已启动：[bold]http://{shown}:{port}/[/bold]（按 Ctrl+C 停止）", highlight=False)
        uvicorn.run(application, host=host, port=port, log_level="warning", proxy_headers=True)
        reg.dispose()
        checkpoint_on_exit(url)
        console.print("网站已停止。", highlight=False)


def auth_role(role: str) -> str:
    from ..web.models import ROLES

    return ROLES.get(role, role)


def port_in_use(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (端口被占用), or None when it is free.

    Checked before start-up so that a busy port is reported in Chinese instead of uvicorn's English error
    after the "started" line.
    """
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except socket.gaierror:
            return "无法识别这个地址"
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                return "端口已被占用"
            if e.errno == errno.EACCES:
                return "没有权限使用该端口（1024 以下的端口需要管理员权限）"
            if e.errno == errno.EADDRNOTAVAIL:
                return "本机没有这个地址"
            return f"无法监听（{e.strerror or e}）"
    return None


def checkpoint_on_exit(url: str) -> None:
    """Fold a SQLite write-ahead log back into the database file on shutdown (退出时合并日志).

    The last connection to close removes ``gongkai.db-wal`` and ``-shm``; a checkpoint first makes sure
    nothing is left in them. Other databases need nothing.
    """
    if not url.startswith("sqlite"):
        return
    import sqlalchemy as sa

    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except sa.exc.SQLAlchemyError:  # the database is gone or locked: nothing to fold
        pass
    finally:
        engine.dispose()
