"""The daily digest by e-mail (每日待办邮件摘要): each user who gave an address and has not opted out
receives one message a day listing his 待办 (see :mod:`workplace`), through the configured SMTP
server. Run it daily (cron) as ``python -m gongkai.web.digest``; administrators can also send it
from the notifications page.

The SMTP server comes from the environment: ``GONGKAI_SMTP_HOST``, ``GONGKAI_SMTP_PORT`` (25),
``GONGKAI_SMTP_FROM``, ``GONGKAI_SMTP_USER`` / ``GONGKAI_SMTP_PASSWORD`` (optional),
``GONGKAI_SMTP_STARTTLS`` (``1`` to upgrade the connection)."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import smtplib
import sys
from dataclasses import dataclass, field
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..register.models import Body
from .models import WebUser
from .models_workplace import UserPrefs
from .workplace import Todo, draft_label, due_label, todo_for


@dataclass
class SmtpSettings:
    """Where the digest is sent from (邮件服务器设置)."""

    host: str = ""
    port: int = 25
    sender: str = "gongkai@localhost"
    user: str = ""
    password: str = ""
    starttls: bool = False
    timeout: float = 15.0

    @property
    def configured(self) -> bool:
        return bool(self.host)

    @classmethod
    def from_env(cls) -> "SmtpSettings":
        env = os.environ.get
        port = env("GONGKAI_SMTP_PORT", "25").strip()
        return cls(host=env("GONGKAI_SMTP_HOST", "").strip(), port=int(port) if port.isdigit() else 25,
                   sender=env("GONGKAI_SMTP_FROM", "").strip() or "gongkai@localhost",
                   user=env("GONGKAI_SMTP_USER", ""), password=env("GONGKAI_SMTP_PASSWORD", ""),
                   starttls=env("GONGKAI_SMTP_STARTTLS", "").strip().lower() in ("1", "true", "yes", "on"))


@dataclass
class DigestResult:
    sent: list[str] = field(default_factory=list)  # usernames
    nothing_to_do: int = 0
    failed: list[str] = field(default_factory=list)  # Chinese messages

    def summary(self) -> str:
        text = f"已发送每日摘要 {len(self.sent)} 封；无待办未发送 {self.nothing_to_do} 人。"
        if self.failed:
            text += "发送失败：" + "；".join(self.failed[:5])
        return text


def _scope(db: Session, user: WebUser) -> tuple[list[int], set[int]]:
    """The bodies whose drafts the user approves and whose applicants' data the user may see."""
    if user.role == "admin":
        ids = list(db.scalars(select(Body.id)))
        if user.body_id is not None:
            from ..register.service import body_and_descendants

            ids = body_and_descendants(db, user.body_id)
        return ids, set(ids)
    if user.body_id is None:
        return [], set()
    own = [user.body_id] if user.role == "approver" else []
    return own, {user.body_id} if user.role in ("officer", "approver") else set()


def digest_text(user: WebUser, todo: Todo, today: dt.date, base_url: str) -> str:
    """The plain-text body of one user's digest (Chinese)."""
    name = user.display_name or user.username
    lines = [f"{name}，您好：", "", f"截至 {today.isoformat()}，您的待办事项如下：", ""]

    def cases(title, rows):
        if rows:
            lines.append(f"【{title}】{len(rows)} 件")
            for r in rows[:30]:
                lines.append(f"  · {r.ref_no or '#' + str(r.id)}  {due_label(r.next_due_kind)} {r.next_due.isoformat()}"
                             f"  {base_url}/cases/{r.id}")
            lines.append("")

    cases("已逾期", todo.overdue)
    cases("今日到期", todo.today)
    cases("3 个工作日内到期", todo.soon)
    for title, rows in (("被退回的拟办", todo.returned), ("待我审批", todo.to_approve)):
        if rows:
            lines.append(f"【{title}】{len(rows)} 件")
            for d, a in rows[:30]:
                lines.append(f"  · {a.ref_no or '#' + str(a.id)}  {draft_label(d.kind)}  {base_url}/cases/{a.id}")
            lines.append("")
    lines += [f"全部待办：{base_url}/todo", f"不想再收到本邮件，可在 {base_url}/notifications 退订。"]
    return "\n".join(lines)


def send_digests(db: Session, smtp: SmtpSettings, today: dt.date, *, base_url: str = "") -> DigestResult:
    """Send today's digest to every active user with an address who has not opted out and has not
    had today's digest yet; users with nothing to do get no message."""
    result = DigestResult()
    rows = db.execute(select(WebUser, UserPrefs).join(UserPrefs, UserPrefs.user_id == WebUser.id)
                      .where(WebUser.active.is_(True), UserPrefs.digest.is_(True), UserPrefs.email != "")
                      .order_by(WebUser.id)).all()
    if not rows:
        return result
    outgoing: list[tuple[UserPrefs, EmailMessage, str]] = []
    for user, prefs in rows:
        if prefs.last_digest == today:
            continue
        approvable, personal = _scope(db, user)
        todo = todo_for(db, user, today, approvable_bodies=approvable, personal_bodies=personal)
        if todo.total == 0:
            result.nothing_to_do += 1
            continue
        msg = EmailMessage()
        msg["Subject"] = f"【政府信息公开】{today.isoformat()} 待办摘要（{todo.total} 项）"
        msg["From"], msg["To"] = smtp.sender, prefs.email
        msg.set_content(digest_text(user, todo, today, base_url))
        outgoing.append((prefs, msg, user.username))
    if not outgoing:
        return result
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout) as server:
            if smtp.starttls:
                server.starttls()
            if smtp.user:
                server.login(smtp.user, smtp.password)
            for prefs, msg, username in outgoing:
                try:
                    server.send_message(msg)
                except smtplib.SMTPException as e:
                    result.failed.append(f"{username}（{prefs.email}）：{e}")
                    continue
                prefs.last_digest = today
                result.sent.append(username)
                db.commit()
    except (OSError, smtplib.SMTPException) as e:
        result.failed.append(f"无法连接邮件服务器 {smtp.host}:{smtp.port}（{e}）")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gongkai.web.digest", description="发送每日待办邮件摘要。")
    parser.add_argument("--database-url", default=os.environ.get("GONGKAI_DATABASE_URL", "sqlite:///gongkai.db"),
                        help="登记册数据库地址")
    parser.add_argument("--base-url", default=os.environ.get("GONGKAI_BASE_URL", ""), help="网站地址（邮件中的链接）")
    args = parser.parse_args(argv)
    smtp = SmtpSettings.from_env()
    if not smtp.configured:
        print("未配置邮件服务器：请设置 GONGKAI_SMTP_HOST。", file=sys.stderr)
        return 2
    from ..register.db import open_register
    from . import models_workplace  # noqa: F401

    reg = open_register(args.database_url, migrate=False)
    with reg.session() as db:
        result = send_digests(db, smtp, dt.date.today(), base_url=args.base_url.rstrip("/"))
    print(result.summary())
    return 1 if result.failed else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
