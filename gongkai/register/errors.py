"""Errors of the register (登记册错误). Every message is Chinese and says what to do."""
from __future__ import annotations


class RegisterError(Exception):
    """Base class: an operation on the register was refused; nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(RegisterError):
    """A body, applicant, application or case that does not exist (记录不存在)."""


class InvalidInput(RegisterError):
    """A value that is not valid (输入不合法): unknown kind, bad date, negative number …"""


class InvalidEvent(RegisterError):
    """An event that the procedure does not allow in the application's state (办理事项不合规)."""


class CalendarError(RegisterError):
    """The working-day calendar does not know the year (日历缺少该年节假日安排)."""


class ImportRejected(RegisterError):
    """An import file with rejected rows (导入被拒绝); ``problems`` lists (row number, reason)."""

    def __init__(self, message: str, problems: list[tuple[int, str]]):
        super().__init__(message)
        self.problems = problems
