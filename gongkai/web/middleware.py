"""ASGI middleware: request-size limit (上传大小限制) and security headers."""
from __future__ import annotations

import json


def _too_large_response(limit_mb: float, is_api: bool) -> tuple[int, list, bytes]:
    msg = f"上传内容过大：超过 {limit_mb:g} MB 的上限。请拆分文件或压缩后再上传。"
    if is_api:
        return 413, [(b"content-type", b"application/json; charset=utf-8")], \
            json.dumps({"detail": msg}, ensure_ascii=False).encode()
    page = (f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>上传过大</title>'
            f'<body><h1>上传过大</h1><p>{msg}</p>'
            f'<p><a href="javascript:history.back()">返回</a></p></body></html>')
    return 413, [(b"content-type", b"text/html; charset=utf-8")], page.encode()


class BodyTooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """Refuses request bodies larger than ``limit`` bytes: by Content-Length at once, otherwise
    while the body streams in."""

    def __init__(self, app, limit: int, limit_mb: float):
        self.app = app
        self.limit = limit
        self.limit_mb = limit_mb

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        is_api = scope["path"].startswith("/api")
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        # multipart framing adds a little; allow 64 KiB over the file limit
        limit = self.limit + 65536
        if length is not None and length.isdigit() and int(length) > limit:
            return await self._refuse(send, is_api)
        seen = 0
        started = False

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge()
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(send, is_api)

    async def _refuse(self, send, is_api: bool) -> None:
        status, headers, body = _too_large_response(self.limit_mb, is_api)
        await send({"type": "http.response.start", "status": status,
                    "headers": headers + [(b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
     b"frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
]


class SecurityHeadersMiddleware:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message = dict(message)
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)
