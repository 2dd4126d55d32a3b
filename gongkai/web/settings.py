"""Settings of the web application (网站配置)."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field


def _env_bool(name: str, default: bool | None) -> bool | None:
    v = os.environ.get(name)
    if v is None or v == "":
        return default
    return v.strip().lower() in ("1", "true", "yes", "on")


@dataclass
class Settings:
    """How the app runs. ``secure_cookies=None`` sets the Secure flag when the request came over https."""

    database_url: str = field(default_factory=lambda: os.environ.get("GONGKAI_DATABASE_URL") or "sqlite:///gongkai.db")
    secret_key: str = field(default_factory=lambda: os.environ.get("GONGKAI_SECRET_KEY") or secrets.token_urlsafe(32))
    secure_cookies: bool | None = field(default_factory=lambda: _env_bool("GONGKAI_SECURE_COOKIES", None))
    session_hours: int = 12
    max_upload_mb: float = field(default_factory=lambda: float(os.environ.get("GONGKAI_MAX_UPLOAD_MB", "20")))
    lockout_attempts: int = 5
    lockout_minutes: int = 15
    page_size: int = 50
    dashboard_cache_seconds: float = 120.0  # dashboard figures / list counts reused this long at most (0: never);
    # any change to the register (a new audit-log entry) makes them stale at once
    migrate: bool = True  # apply migrations when the app starts (create_app)
    title: str = "公开 · 政府信息公开工作平台"
    sample_dirs: list[str] = field(  # extra folders of example reports for the checker
        default_factory=lambda: [d for d in os.environ.get("GONGKAI_SAMPLE_DIRS", "").split(os.pathsep) if d])

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)
