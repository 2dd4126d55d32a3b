"""Parts the national formats share (各版格式相同的部分): Table 3's columns and rows outside
（六）, Table 4, and the accounting equations of Tables 3 and 4.

Sources: 国务院办公厅政府信息与政务公开办公室《关于政府信息公开工作年度报告有关事项的通知》
(国办公开办函〔2019〕60号) and its 2021 revision (国办公开办函〔2021〕30号), whose Table 3 note says
“本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”.
"""
from __future__ import annotations

from .base import Blanks, Column, Equation, Row

T3_COLUMNS: tuple[Column, ...] = (
    Column("natural", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("nonprofit", "社会公益组织"),
    Column("legal", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计"),
)
T3_COLUMN_IDS = tuple(c.id for c in T3_COLUMNS)
T3_APPLICANT_COLUMNS = T3_COLUMN_IDS[:6]
T3_HEAD_ROWS = ("new", "carried_over", "total", "carry_forward")

RESULTS = "三、本年度办理结果"
T3_GROUPS = {"denied": "（三）不予公开", "unable": "（四）无法提供", "rejected": "（五）不予处理",
             "other": "（六）其他处理"}


def t3(rid: str, label: str, group: str | None = None, group_label: str | None = None) -> Row:
    return Row(rid, label, T3_COLUMN_IDS, group, group_label)


def _sub(group: str, rows: list[tuple[str, str]]) -> list[Row]:
    return [t3(f"{group}.{rid}", label, group, T3_GROUPS[group]) for rid, label in rows]


T3_HEAD = [
    t3("new", "一、本年新收政府信息公开申请数量"),
    t3("carried_over", "二、上年结转政府信息公开申请数量"),
    t3("granted", "（一）予以公开", "results", RESULTS),
    t3("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "results", RESULTS),
    *_sub("denied", [("state_secret", "1.属于国家秘密"), ("law_prohibited", "2.其他法律行政法规禁止公开"),
                     ("security_stability", "3.危及“三安全一稳定”"), ("third_party", "4.保护第三方合法权益"),
                     ("internal_affairs", "5.属于三类内部事务信息"), ("process_info", "6.属于四类过程性信息"),
                     ("enforcement_file", "7.属于行政执法案卷"), ("query_matter", "8.属于行政查询事项")]),
    *_sub("unable", [("not_held", "1.本机关不掌握相关政府信息"), ("needs_creation", "2.没有现成信息需要另行制作"),
                     ("unclear", "3.补正后申请内容仍不明确")]),
    *_sub("rejected", [("petition", "1.信访举报投诉类申请"), ("repeat", "2.重复申请"),
                       ("publication", "3.要求提供公开出版物"), ("excessive", "4.无正当理由大量反复申请"),
                       ("confirm_reissue", "5.要求行政机关确认或重新出具已获取信息")]),
]
OTHER_SINGLE = t3("other", "（六）其他处理", "results", RESULTS)
T3_TAIL = [
    t3("total", "（七）总计", "results", RESULTS),
    t3("carry_forward", "四、结转下年度继续办理"),
]

T4_GROUPS: tuple[Column, ...] = (
    Column("review", "行政复议"),
    Column("suit_direct", "行政诉讼·未经复议直接起诉"),
    Column("suit_after_review", "行政诉讼·复议后起诉"),
)
T4_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
T4_PARTS = ("upheld", "corrected", "other", "pending")

# Column labels of Table 2 (both formats' columns; a format overrides what it prints differently).
T2_COLUMN_LABELS: dict[str, str] = {
    "made": "本年新制作数量",
    "published": "本年新公开数量",
    "public_total": "对外公开总数量",
    "prev_items": "上一年项目数量",
    "delta": "本年增/减",
    "decisions": "处理决定数量",
    "projects": "采购项目数量",
    "amount": "采购总金额",
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
}

_NOTE = "国办公开办函〔2019〕60号、〔2021〕30号 表三说明：第一项加第二项之和，等于第三项加第四项之和"
EQUATIONS: tuple[Equation, ...] = (
    Equation("T3_COLUMN_BALANCE", "表三各列：一 + 二 = 三（七）总计 + 四", "t3.columns",
             ("t3.new.{item}", "t3.carried_over.{item}"), ("t3.total.{item}", "t3.carry_forward.{item}"),
             Blanks(), "一 + 二 = （七）总计 + 四", _NOTE),
    Equation("T3_ROW_TOTAL", "表三各行：总计 = 自然人 + 法人或其他组织各列", "t3.rows",
             ("t3.{item}.total",), ("t3.{item}.{applicant}",),
             Blanks(skip_unprinted=True, left_required=T3_HEAD_ROWS), "总计 = 各列之和",
             "表三“总计”列：各类申请人之和（国办公开办函〔2021〕30号 表三）"),
    Equation("T3_OUTCOME_TOTAL", "表三各列：（七）总计 = 各项办理结果之和", "t3.columns",
             ("t3.total.{item}",), ("t3.{outcome}.{item}",),
             Blanks(lenient=("total",)), "（七）总计 = 各项办理结果之和",
             "表三“三、本年度办理结果”（七）总计（国办公开办函〔2021〕30号 表三）"),
    Equation("T4_GROUP_TOTAL", "表四各组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结", "t4.groups",
             ("t4.{item}.total",), ("t4.{item}.{part}",),
             Blanks(), "总计 = 维持 + 纠正 + 其他 + 尚未审结", "表四各组“总计”（国办公开办函〔2021〕30号 表四）"),
)
# Header labels of Table 3 (表三表头) that are not column labels.
T3_HEADS = ("申请人情况", "法人或其他组织")
