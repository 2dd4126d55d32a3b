"""Demo data (演示数据): two bodies (a city office and a district below it), a year of applications
recorded through the register's service functions (so every event passes the procedure's guards
and every deadline is real), Table 2 counts, review cases, a draft report, two drafts awaiting the
approver (待审批) and demo users."""
from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from ..register import service
from ..register.calendar import default_calendar
from ..register.errors import RegisterError
from ..register.events import EventInput, outcome_rows_for, replay
from ..register.models import Application, Body, Event
from . import auth
from .audit import audit
from .models import EventDraft, ReportDraft, WebUser

DEMO_DIR = Path(__file__).resolve().parent / "demo"
PARENT = "示例市人民政府办公室"
CHILD = "示例市东城区人民政府办公室"
ACTOR = "demo"

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚"]
ORGS = {
    "commercial": ["示例建设工程有限公司", "东城商贸有限公司", "江南科技股份有限公司"],
    "research": ["示例大学公共管理学院", "城市发展研究院"],
    "nonprofit": ["示例市环保志愿者协会", "社区公益服务中心"],
    "legal": ["示例律师事务所", "明理律师事务所"],
    "other_org": ["某小区业主委员会", "东城区某村民委员会"],
}
TOPICS = [
    "2025年度本市老旧小区改造项目清单及资金安排", "某路段道路拓宽工程的规划许可文件", "本区义务教育学校划片范围的决定",
    "某地块国有土地上房屋征收补偿方案", "2026年度财政预算执行情况", "某企业环境影响评价批复文件",
    "本市最低生活保障标准调整的通知", "某菜市场改造项目招标文件", "城市公共停车场收费标准的制定依据",
    "某河道综合整治工程验收材料", "本区2025年行政处罚决定书目录", "人才公寓申请条件及分配结果",
]
# outcome weights for answers (granted most often, as in published reports)
OUTCOME_WEIGHTS = {"granted": 40, "partial": 8, "denied.third_party": 3, "denied.process_info": 3,
                   "denied.internal_affairs": 1, "denied.query_matter": 2, "unable.not_held": 18,
                   "unable.needs_creation": 3, "rejected.petition": 3, "rejected.repeat": 2,
                   "rejected.publication": 1, "other.other": 2}


@dataclass
class DemoUser:
    username: str
    password: str
    role: str
    body: str


def _name(rng: random.Random, kind: str) -> str:
    if kind == "natural":
        return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", rng.choice(GIVEN)])
    return rng.choice(ORGS[kind])


def _kind(rng: random.Random) -> str:
    return rng.choices(["natural", "commercial", "research", "nonprofit", "legal", "other_org"],
                       [70, 12, 3, 3, 8, 4])[0]


def _outcome(rng: random.Random, day: dt.date) -> str:
    rows = set(outcome_rows_for(day))
    choices = [(k, w) for k, w in OUTCOME_WEIGHTS.items() if k in rows] or [(r, 1) for r in rows]
    k = rng.choices([c for c, _ in choices], [w for _, w in choices])[0]
    return k


def _one_case(s, rng: random.Random, body_id: int, received: dt.date, today: dt.date, n: int) -> None:
    cal = default_calendar()
    kind = _kind(rng)
    name = _name(rng, kind)
    applicant = service.find_applicant(s, kind, name) or service.add_applicant(
        s, kind, name, contact=f"1380000{rng.randint(1000, 9999)}", actor=ACTOR)
    app = service.add_application(s, body_id=body_id, applicant_id=applicant.id, received_on=received,
                                  channel=rng.choice(["internet", "internet", "in_person", "registered_post"]),
                                  request=f"申请公开{rng.choice(TOPICS)}", requested_form="电子邮件",
                                  ref_no=f"YSQ-{received.year}-{body_id:02d}{n:04d}", actor=ACTOR)

    def ev(kind: str, k: int, **kw) -> dt.date | None:
        day = cal.add_workdays(last[0], k)
        if day > today:
            return None
        service.record_event(s, app.id, kind, day, actor=ACTOR, **kw)
        last[0] = day
        return day

    last = [received]
    path = rng.random()
    if path < 0.10:  # unclear: ask for a supplement
        if ev("supplement_requested", rng.randint(2, 6), until=cal.add_workdays(last[0], 15), note="请补充所需信息的名称或文号") is None:
            return
        if rng.random() < 0.25:
            ev("supplement_missed", 16)
            return
        if ev("supplement_received", rng.randint(3, 10)) is None:
            return
    elif path < 0.17:  # third party
        if ev("consultation_sent", rng.randint(2, 6), party="third_party") is None:
            return
        if ev("consultation_answered", rng.randint(3, 14), party="third_party") is None:
            return
    elif path < 0.21:
        if ev("extension_approved", rng.randint(15, 19), note="需调取档案，经批准延长答复期限") is None:
            return
    elif path < 0.23:
        if ev("withdrawn", rng.randint(1, 5), note="申请人书面撤回") is None:
            return
        return
    # most cases are answered in 5–18 working days; a few recent ones are still open / overdue
    if cal.workdays_between(received, today) <= 30 and rng.random() < 0.3:
        return  # some recent cases still open: a few due soon, a few overdue by some days
    k = rng.randint(5, 18)
    day = cal.add_workdays(last[0], k)
    if day > today:
        return
    outcome = _outcome(rng, day)
    try:
        ev("answered", k, outcome=outcome, note="已按申请人要求的方式答复")
    except RegisterError:
        ev("answered", k, outcome="granted", note="已按申请人要求的方式答复")


def _applications(s, rng: random.Random, body_id: int, count: int, today: dt.date) -> None:
    cal = default_calendar()
    start = dt.date(today.year - 1, 12, 1)
    span = (today - start).days
    days = sorted(start + dt.timedelta(rng.randint(0, span)) for _ in range(count))
    for i, d in enumerate(days):
        while not cal.is_workday(d):
            d += dt.timedelta(1)
        if d > today:
            d = today
        _one_case(s, rng, body_id, d, today, i + 1)


def load_demo(reg, today: dt.date | None = None, seed: int = 2026) -> list[DemoUser]:
    """Create the demo bodies, cases and users (once: a second call only resets the demo passwords)."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    users: list[DemoUser] = []
    with reg.transaction() as s:
        parent = s.scalar(select(Body).where(Body.name == PARENT))
        fresh = parent is None
        if fresh:
            parent = service.add_body(s, PARENT, level="municipal", actor=ACTOR)
            child = service.add_body(s, CHILD, level="county", parent_id=parent.id, actor=ACTOR)
        else:
            child = s.scalar(select(Body).where(Body.name == CHILD))
    if fresh:
        with reg.transaction() as s:
            _applications(s, rng, parent.id, 140, today)
        with reg.transaction() as s:
            _applications(s, rng, child.id, 45, today)
        with reg.transaction() as s:
            _extras(s, rng, parent.id, child.id, today)
        with reg.transaction() as s:
            _pending_drafts(s, parent.id, today)
    with reg.transaction() as s:
        for username, role, body in (("jingban", "officer", parent), ("shenpi", "approver", parent),
                                     ("jiandu", "supervisor", parent), ("chakan", "viewer", parent),
                                     ("dongcheng", "officer", child)):
            password = "Demo-" + secrets.token_urlsafe(6)
            u = s.scalar(select(WebUser).where(WebUser.username == username))
            if u is None:
                auth.create_user(s, username, password, role, body.id, _DISPLAY[username])
            else:
                u.password_hash = auth.hash_password(password)
            users.append(DemoUser(username, password, role, body.name))
    if fresh:
        with reg.transaction() as s:
            _assignments(s, parent.id)
    return users


def _assignments(s, body_id: int) -> None:
    """Every other open case of the city office goes to the demo officer as 承办人 (我承办的)."""
    from .models_workplace import Assignment

    officer = s.scalar(select(WebUser).where(WebUser.username == "jingban"))
    ids = s.scalars(select(Application.id).where(Application.body_id == body_id, Application.closed_on.is_(None))
                    .order_by(Application.id)).all()
    for aid in ids[::2]:
        s.add(Assignment(application_id=aid, user_id=officer.id, assigned_by=ACTOR))


_DISPLAY = {"jingban": "王经办", "shenpi": "李审批", "jiandu": "赵监督", "chakan": "孙查看", "dongcheng": "周东城"}


def _extras(s, rng: random.Random, parent_id: int, child_id: int, today: dt.date) -> None:
    year = today.year
    values = {"t2.rules.issued": 2, "t2.rules.repealed": 0, "t2.rules.in_force": 35,
              "t2.normative.issued": 18, "t2.normative.repealed": 4, "t2.normative.in_force": 126,
              "t2.licensing.decisions": 5231, "t2.penalty.decisions": 742, "t2.coercion.decisions": 15,
              "t2.fees.amount": 0}
    fields = set(service.proactive_fields(year))
    for body_id in (parent_id, child_id):
        for fid, v in values.items():
            if fid in fields:
                service.set_proactive_count(s, body_id, year, fid, v if body_id == parent_id else v // 3,
                                            actor=ACTOR)
    cal = default_calendar()
    for grp, filed, outcome in (("review", 40, "upheld"), ("review", 90, "corrected"), ("review", 150, None),
                                ("suit_direct", 60, "upheld")):
        filed_on = cal.add_workdays(dt.date(year, 1, 1), filed)
        if filed_on > today:
            continue
        case = service.add_review_case(s, body_id=parent_id, group=grp, filed_on=filed_on, actor=ACTOR)
        decided = cal.add_workdays(filed_on, 40)
        if outcome and decided <= today:
            service.decide_review_case(s, case.id, outcome, decided, actor=ACTOR)
    s.add(ReportDraft(body_id=parent_id, year=year, updated_by=ACTOR, sections={
        "1": f"{year}年，示例市人民政府办公室坚持以人民为中心的发展思想，认真贯彻落实《中华人民共和国政府信息公开条例》，"
             "持续深化政务公开，不断提升政府信息公开工作质量。\n（一）主动公开。全年通过政府网站主动公开政府信息一千余条。\n"
             "（二）依申请公开。严格按照法定程序和时限办理政府信息公开申请。",
        "2": "主动公开政府信息情况见下表。",
        "3": "收到和处理政府信息公开申请情况见下表。",
        "4": "政府信息公开行政复议、行政诉讼情况见下表。",
        "5": "一是政策解读的形式还不够丰富；二是依申请公开答复的规范性有待提高。下一步将加强培训，完善答复文书模板。",
        "6": "本年度未收取信息处理费。",
    }))


DEMO_DRAFTS = (  # what the demo officer has drafted for the approver (拟办，待审批)
    ("answered", "granted", "经查，您申请的信息属于本机关公开范围，现予以公开，详见附件。"),
    ("extension_approved", None, "所需信息涉及多个部门，需协调调取档案，拟延长答复期限20个工作日。"),
)


def _pending_drafts(s, body_id: int, today: dt.date) -> None:
    """A pending answer and a pending extension on open cases, each allowed by the procedure today."""
    todo = list(DEMO_DRAFTS)
    apps = s.scalars(select(Application).where(Application.body_id == body_id, Application.closed_on.is_(None))
                     .order_by(Application.received_on.desc(), Application.id.desc()))
    for app in apps:
        if not todo:
            break
        kind, outcome, note = todo[0]
        events = s.scalars(select(Event).where(Event.application_id == app.id).order_by(Event.id)).all()
        try:
            replay(app.received_on, events, check_last=EventInput(kind, today, outcome=outcome, note=note))
        except RegisterError:
            continue
        draft = EventDraft(application_id=app.id, body_id=body_id, kind=kind, on=today, outcome=outcome, note=note,
                           status="pending", drafted_by="jingban")
        s.add(draft)
        s.flush()
        audit(s, "jingban", "event_draft.submitted", "web_event_draft", draft.id,
              {"application_id": app.id, "kind": kind, "on": today, "outcome": outcome, "demo": True})
        todo.pop(0)


SAMPLE_SUFFIXES = (".txt", ".html", ".htm", ".md", ".pdf", ".docx")


def sample_reports(extra_dirs: list[str] | None = None) -> dict[str, Path]:
    """Example reports for the checker (示例报告): the bundled ones plus those in ``extra_dirs``."""
    out: dict[str, Path] = {}
    for d in [DEMO_DIR, *[Path(x) for x in (extra_dirs or [])]]:
        if d.is_dir():
            for p in sorted(d.iterdir()):
                if p.suffix.lower() in SAMPLE_SUFFIXES and p.is_file():
                    out.setdefault(p.name, p)
    return out


def shared_seeds_dir() -> Path | None:
    """The test seeds of a source checkout (``tests/data/seeds``), when there is one (development machines)."""
    p = Path(__file__).resolve().parents[2] / "tests" / "data" / "seeds"
    return p if p.is_dir() else None
