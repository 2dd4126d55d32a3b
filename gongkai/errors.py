"""The error base class of gongkai (错误基类): every refusal has a stable ``code`` and a Chinese
``message`` for the user, which the CLI and the web app render the same way (:func:`render`).

Readers raise ``ingest.document.ReadError``, data files ``render.load.DataError``, the register
``register.errors.RegisterError``, formats ``model.formats.UnknownFormat`` — all subclasses.
"""
from __future__ import annotations


class GongkaiError(Exception):
    """A refusal with a stable ``code`` (public, like rule codes) and a Chinese ``message``."""

    code = "ERROR"

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message}


def render(err: BaseException) -> str:
    """One line for the user: ``message（code）`` — the same text on the console and on a page."""
    if isinstance(err, GongkaiError):
        return f"{err.message}（{err.code}）"
    return str(err)
