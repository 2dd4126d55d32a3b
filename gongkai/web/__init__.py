"""The web application (网站): ``create_app(settings)`` → FastAPI app; ``gongkai serve`` runs it."""
from .settings import Settings


def create_app(settings: Settings | None = None, **kwargs):
    from .app import create_app as _create

    return _create(settings, **kwargs)


__all__ = ["create_app", "Settings"]
