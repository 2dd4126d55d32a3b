"""Personal data rule (个人信息): an annual report must not disclose an applicant's name,
ID-card number or mobile number. The office's own contact details and the names of officials
are not personal data of an applicant and are not reported."""
from __future__ import annotations

import re
from typing import Iterator

from ..model import Finding, Report
from ._common import error
from ._text import narrative, norm, quote
from .base import rule

# Common surnames (常见姓氏), without those that are also frequent function words after
# 申请人 (于, 向, 对, 以, 时, 应…), to keep 申请人于同日提出 from reading as a name.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵钱严覃武戴莫孔"
    "汤温康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹欧耿兰焦俞左柳甘祝宁尚符舒阮柯纪梅童凌毕季裴霍涂苗谷"
    "盛曲翁冉骆蓝游辛靳管柴蒙鲍喻祁蒲滕屈饶解牟艾尤穆农卓古吉缪简项芦麦褚娄窦戚岑费卜冷晏席卫米柏瞿桂佟"
    "臧闵苟邬卞姬仇栾隋刁荣巫寇桑郎甄丛仲虞敖巩佘麻苑迟邝"
)
_ROLE = r"(?:公民|申请人|市民|村民|居民|当事人|来信人|来访人|信访人|投诉人|举报人)"
NAME = re.compile(_ROLE + r"[:：]?([" + SURNAMES + r"][\u4e00-\u9fa5]{1,2}?)"
                  r"(?=申请|提出|提交|向|要求|就|反映|来信|来电|来访|诉|等\d|等人|的申请|通过|以|因|对|于|称|在|不服)")
_MASKS = set("某*＊×xX○〇") | {"先生", "女士", "同志", "师傅"}
ID_CARD = re.compile(r"(?<![0-9A-Za-z])([1-8]\d{5})(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
                     r"(?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)-?(\d{4})-?(\d{4})(?!\d)")
_OFFICE_CONTACT = re.compile(r"联系电话|咨询电话|办公电话|服务电话|热线|传真|监督电话|投诉电话|举报电话|联系方式|联系人|"
                             r"地址|邮编|邮政编码|邮箱|电子信箱|受理机构|办公室")
_APPLICANT = re.compile(_ROLE)


# Words that start with a surname character but are not names (当事人陈述…, 申请人任何…).
_NOT_NAMES = {"陈述", "任何", "许可", "程序", "曾经", "周边", "高度", "马上", "江苏", "何时", "金额", "林业", "董事",
              "申请", "提出", "余额", "石油", "黄金", "叶片", "常态", "左右", "严格", "庞大", "雷同", "方面"}


def _masked(name: str) -> bool:
    return any(m in name for m in _MASKS) or name[1:2] in ("小", "老") or name[:2] in _NOT_NAMES


@rule("PERSONAL_DATA", "报告中出现申请人个人信息（姓名、身份证号、手机号）")
def personal_data(report: Report) -> Iterator[Finding]:
    """Names of natural-person applicants, 18-digit ID numbers and mobile numbers (个人信息)."""
    seen: set[str] = set()
    for p, _sec in narrative(report):
        text = norm(p.text)
        for m in NAME.finditer(text):
            name = m.group(1)
            if _masked(name) or name in seen:
                continue
            seen.add(name)
            yield error("PERSONAL_DATA",
                        f"正文“{quote(text, m.start(), m.end())}”写出了申请人姓名“{name}”，"
                        f"年度报告不得公开申请人个人信息，请隐去（如写作“{name[0]}某某”）", [], p.location)
        for m in ID_CARD.finditer(text):
            if m.group(0) in seen:
                continue
            seen.add(m.group(0))
            masked = m.group(0)[:6] + "********" + m.group(0)[-4:]
            yield error("PERSONAL_DATA", f"正文出现身份证号码“{masked}”，年度报告不得公开个人身份信息，请删除",
                        [], p.location)
        for m in MOBILE.finditer(text):
            number = "".join(m.groups())
            if number in seen:
                continue
            window = text[max(0, m.start() - 30):m.start()]
            if _OFFICE_CONTACT.search(window) and not _APPLICANT.search(window):
                continue  # the office's own contact number
            seen.add(number)
            yield error("PERSONAL_DATA",
                        f"正文出现手机号码“{number[:3]}****{number[-4:]}”，如属申请人等个人的号码，"
                        "年度报告不得公开，请删除", [], p.location)
