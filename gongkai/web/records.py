"""Readable records (可读的操作记录): the audit log and case timelines in Chinese — action names,
outcome labels, field names, the case's 受理编号 and the actor's 姓名 instead of codes and logins."""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..register.deadlines import DUE_KINDS
from ..register.events import EVENT_KINDS, PARTIES, STATES, outcome_label
from ..register.models import APPLICANT_KINDS, BODY_LEVELS, CHANNELS
from .models import DRAFT_STATUSES, ROLES, WebUser

ACTIONS: dict[str, str] = {
    "login": "登录", "login_failed": "登录失败", "logout": "退出登录", "password_changed": "修改密码",
    "api_token_created": "创建接口令牌", "api_token_revoked": "作废接口令牌",
    "user_created": "添加用户", "user_updated": "修改用户", "user_unlocked": "解除锁定",
    "body.add": "添加机关", "body.update": "修改机关", "body.retire": "撤销机关",
    "applicant.add": "登记申请人", "applicant.update": "修改申请人信息",
    "application.add": "登记申请", "application.correct": "更正申请", "application.void": "作废申请",
    "review.add": "登记复议／诉讼", "review.decide": "登记复议／诉讼结果", "proactive.set": "填报主动公开数据",
    "event_draft.submitted": "提交审批", "event_draft.approved": "审批通过", "event_draft.returned": "退回拟办",
    "event_draft.approve_refused": "审批未能登记",
    "report_checked": "检查年报", "report_draft.save": "保存年报草稿", "report.download": "下载年报",
    "report.publish": "发布年报", "assigned": "分配承办人", "notify_settings": "修改通知设置",
    "submission.add": "报送年报", "submission.return": "退回报送的年报", "submission.accept": "通过报送的年报",
}
ACTION_GROUPS: dict[str, str] = {  # filter: prefix → label
    "application": "登记申请", "event.": "办理事项", "event_draft.": "拟办与审批", "assigned": "分配承办人",
    "applicant.": "申请人信息", "review.": "复议诉讼", "body.": "机关", "user_": "用户管理",
    "login": "登录与退出", "report": "年度报告", "submission.": "年报报送", "proactive.": "主动公开数据",
}
ENTITIES: dict[str, str] = {
    "application": "申请", "applicant": "申请人", "body": "机关", "web_user": "用户", "web_api_token": "接口令牌",
    "web_event_draft": "拟办事项", "review_case": "复议诉讼案件", "upload": "上传文件", "submission": "年报报送",
}
KEYS: dict[str, str] = {
    "name": "名称", "level": "级别", "parent_id": "上级机关", "kind": "类型", "body_id": "机关",
    "applicant_id": "申请人", "received_on": "收到日期", "channel": "提交方式", "ref_no": "受理编号",
    "event_id": "事项", "on": "日期", "outcome": "办理结果", "party": "征求对象", "until": "期限至",
    "amount": "金额（元）", "state": "状态", "application_id": "申请", "note_chars": "说明字数", "reason": "理由",
    "drafted_by": "拟办人", "from": "原承办人", "to": "新承办人", "username": "用户名", "role": "角色",
    "ip": "IP 地址", "digest": "每日邮件摘要", "email_set": "已填邮箱", "year": "年度", "field": "数据项",
    "old": "原值", "new": "新值", "format": "格式", "files": "文件", "grp": "类别", "case_no": "案号",
    "filed_on": "立案日期", "decided_on": "决定日期", "display_name": "姓名", "active": "启用",
    "password": "密码", "contact": "联系方式", "id_document": "证件号码", "status": "状态",
}
_CODE = re.compile(r"（[a-z0-9_.]+）")


def action_label(action: str) -> str:
    if action in ACTIONS:
        return ACTIONS[action]
    if action.startswith("event."):
        return "办理：" + EVENT_KINDS.get(action[6:], action[6:])
    return action


def no_codes(text: str) -> str:
    """Text without the raw codes in full-width brackets (``予以公开（granted）`` → ``予以公开``)."""
    return _CODE.sub("", text or "")


def _value(key: str, value, people: dict[str, str], bodies: dict[int, str]) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if key == "outcome":
        return outcome_label(str(value))
    if key == "kind":
        return EVENT_KINDS.get(value) or APPLICANT_KINDS.get(value) or DUE_KINDS.get(value) or str(value)
    if key in ("body_id", "parent_id") and isinstance(value, int):
        return bodies.get(value, f"#{value}")
    if key in ("drafted_by", "username", "from", "to"):
        return people.get(str(value), str(value))
    table = {"channel": CHANNELS, "role": ROLES, "level": BODY_LEVELS, "party": PARTIES, "state": STATES,
             "status": DRAFT_STATUSES}.get(key)
    if table:
        return table.get(value, str(value))
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if value == "changed":
        return "已修改"
    return str(value)


def detail_text(detail: str | dict, people: dict[str, str], bodies: dict[int, str]) -> str:
    """An audit entry's detail as Chinese ``名称：值`` pairs (empty values left out)."""
    if isinstance(detail, str):
        try:
            detail = json.loads(detail or "{}")
        except ValueError:
            return detail
    if not isinstance(detail, dict):
        return str(detail)
    parts = []
    for k, v in detail.items():
        if v is None or v == "" or k in ("event_id", "applicant_id", "application_id"):
            continue
        parts.append(f"{KEYS.get(k, k)}：{_value(k, v, people, bodies)}")
    return "；".join(parts)


def display_names(db: Session) -> dict[str, str]:
    """Login name → 姓名 of every user (falls back to the login name)."""
    return {u: (n or u) for u, n in db.execute(select(WebUser.username, WebUser.display_name))}


@dataclass
class Record:
    """One audit entry as shown (操作记录)."""

    id: int
    at: dt.datetime
    actor: str
    actor_name: str
    action: str
    action_label: str
    entity: str
    entity_label: str
    entity_id: int | None
    link: str
    target: str  # 受理编号 of a case, a body's name, …
    detail: str

    def target_html(self) -> Markup:
        if self.link:
            return Markup(f'<a href="{escape(self.link)}">{escape(self.target)}</a>')
        return Markup(escape(self.target))
