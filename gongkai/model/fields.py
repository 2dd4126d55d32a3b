"""Stable field ids (字段编号) of the annual report tables — a public contract.

Grammar: ``t<table>.<row>.<column>``; a row id may contain a dot
(``t3.denied.state_secret.natural``). See ``shared/spec/fields.md``. Never rename an id.

Everything here is plain data: the row and column catalogues of Tables 2–4 for both
national formats (2019 试行 format, 2021 revised format) with their Chinese labels, in the
order the national format prints them.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

FORMATS = ("2019", "2021", "pre2019")
TABLE_FORMATS = ("2019", "2021")
META_FIELDS = ("meta.agency", "meta.year", "meta.format")


@dataclass(frozen=True)
class Row:
    """One printed row of a table: its id, label and the ids of its value columns."""

    id: str
    label: str
    columns: tuple[str, ...]
    group: str | None = None  # parent label, e.g. （三）不予公开 for denied.*
    group_label: str | None = None


@dataclass(frozen=True)
class Column:
    id: str
    label: str


# --------------------------------------------------------------------------- Table 2

T2_COLUMN_LABELS: dict[str, str] = {
    # 2019
    "made": "本年新制作数量",
    "published": "本年新公开数量",
    "public_total": "对外公开总数量",
    "prev_items": "上一年项目数量",
    "delta": "本年增/减",
    "decisions": "处理决定数量",
    "projects": "采购项目数量",
    "amount": "采购总金额",
    # 2021
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
}
T2_COLUMN_LABELS_2021 = dict(T2_COLUMN_LABELS, decisions="本年处理决定数量", amount="本年收费金额（单位：万元）")


@dataclass(frozen=True)
class Block:
    """A Table 2 block, headed by the article item it implements (第二十条第（一）项)."""

    heading: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


def _t2_rows(block_cols: tuple[str, ...], rows: list[tuple[str, str]]) -> tuple[Row, ...]:
    return tuple(Row(rid, label, block_cols) for rid, label in rows)


T2_BLOCKS: dict[str, tuple[Block, ...]] = {
    "2019": (
        Block("第二十条第（一）项", ("made", "published", "public_total"),
              _t2_rows(("made", "published", "public_total"), [("rules", "规章"), ("normative", "规范性文件")])),
        Block("第二十条第（五）项", ("prev_items", "delta", "decisions"),
              _t2_rows(("prev_items", "delta", "decisions"),
                       [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")])),
        Block("第二十条第（六）项", ("prev_items", "delta", "decisions"),
              _t2_rows(("prev_items", "delta", "decisions"), [("penalty", "行政处罚"), ("coercion", "行政强制")])),
        Block("第二十条第（八）项", ("prev_items", "delta"),
              _t2_rows(("prev_items", "delta"), [("fees", "行政事业性收费")])),
        Block("第二十条第（九）项", ("projects", "amount"),
              _t2_rows(("projects", "amount"), [("procurement", "政府集中采购")])),
    ),
    "2021": (
        Block("第二十条第（一）项", ("issued", "repealed", "in_force"),
              _t2_rows(("issued", "repealed", "in_force"), [("rules", "规章"), ("normative", "行政规范性文件")])),
        Block("第二十条第（五）项", ("decisions",), _t2_rows(("decisions",), [("licensing", "行政许可")])),
        Block("第二十条第（六）项", ("decisions",),
              _t2_rows(("decisions",), [("penalty", "行政处罚"), ("coercion", "行政强制")])),
        Block("第二十条第（八）项", ("amount",), _t2_rows(("amount",), [("fees", "行政事业性收费")])),
    ),
}

# Fields holding money amounts, exported in 万元.
AMOUNT_FIELDS = frozenset({"t2.procurement.amount", "t2.fees.amount"})
# Fields holding signed differences (本年增/减): a sign is legal there.
SIGNED_FIELDS = frozenset(f"t2.{r}.delta" for r in ("licensing", "other_services", "penalty", "coercion", "fees"))

# --------------------------------------------------------------------------- Table 3

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
T3_ORG_COLUMNS = T3_COLUMN_IDS[1:6]
T3_COLUMN_LABELS = {c.id: c.label for c in T3_COLUMNS}

_DENIED = "（三）不予公开"
_UNABLE = "（四）无法提供"
_REJECTED = "（五）不予处理"
_OTHER = "（六）其他处理"
_RESULTS = "三、本年度办理结果"


def _t3(rid: str, label: str, group: str | None = None, group_label: str | None = None) -> Row:
    return Row(rid, label, T3_COLUMN_IDS, group, group_label)


_T3_HEAD = [
    _t3("new", "一、本年新收政府信息公开申请数量"),
    _t3("carried_over", "二、上年结转政府信息公开申请数量"),
    _t3("granted", "（一）予以公开", "results", _RESULTS),
    _t3("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "results", _RESULTS),
    _t3("denied.state_secret", "1.属于国家秘密", "denied", _DENIED),
    _t3("denied.law_prohibited", "2.其他法律行政法规禁止公开", "denied", _DENIED),
    _t3("denied.security_stability", "3.危及“三安全一稳定”", "denied", _DENIED),
    _t3("denied.third_party", "4.保护第三方合法权益", "denied", _DENIED),
    _t3("denied.internal_affairs", "5.属于三类内部事务信息", "denied", _DENIED),
    _t3("denied.process_info", "6.属于四类过程性信息", "denied", _DENIED),
    _t3("denied.enforcement_file", "7.属于行政执法案卷", "denied", _DENIED),
    _t3("denied.query_matter", "8.属于行政查询事项", "denied", _DENIED),
    _t3("unable.not_held", "1.本机关不掌握相关政府信息", "unable", _UNABLE),
    _t3("unable.needs_creation", "2.没有现成信息需要另行制作", "unable", _UNABLE),
    _t3("unable.unclear", "3.补正后申请内容仍不明确", "unable", _UNABLE),
    _t3("rejected.petition", "1.信访举报投诉类申请", "rejected", _REJECTED),
    _t3("rejected.repeat", "2.重复申请", "rejected", _REJECTED),
    _t3("rejected.publication", "3.要求提供公开出版物", "rejected", _REJECTED),
    _t3("rejected.excessive", "4.无正当理由大量反复申请", "rejected", _REJECTED),
    _t3("rejected.confirm_reissue", "5.要求行政机关确认或重新出具已获取信息", "rejected", _REJECTED),
]
_T3_OTHER_2019 = [_t3("other", "（六）其他处理", "results", _RESULTS)]
_T3_OTHER_2021 = [
    _t3("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other", _OTHER),
    _t3("other.unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other", _OTHER),
    _t3("other.other", "3.其他", "other", _OTHER),
]
_T3_TAIL = [
    _t3("total", "（七）总计", "results", _RESULTS),
    _t3("carry_forward", "四、结转下年度继续办理"),
]
T3_ROWS: dict[str, tuple[Row, ...]] = {
    "2019": tuple(_T3_HEAD + _T3_OTHER_2019 + _T3_TAIL),
    "2021": tuple(_T3_HEAD + _T3_OTHER_2021 + _T3_TAIL),
}
# Outcome rows (办理结果) summed by （七）总计, per format. A 2021 report that prints （六）
# as a single row keeps ``other`` (see fields.md): use ``outcome_rows(fmt, single_other=True)``.
T3_OTHER_ROWS_2021 = tuple(r.id for r in _T3_OTHER_2021)


def outcome_rows(fmt: str, single_other: bool = False) -> tuple[str, ...]:
    """Row ids of Table 3 that （七）总计 sums (办理结果的各项)."""
    rows = [r.id for r in T3_ROWS["2021" if fmt == "2021" else "2019"]
            if r.id not in ("new", "carried_over", "total", "carry_forward")]
    if fmt == "2021" and single_other:
        rows = [r for r in rows if r not in T3_OTHER_ROWS_2021] + ["other"]
    return tuple(rows)


# --------------------------------------------------------------------------- Table 4

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
T4_GROUP_IDS = tuple(g.id for g in T4_GROUPS)
T4_COLUMN_IDS = tuple(c.id for c in T4_COLUMNS)

# --------------------------------------------------------------------------- catalogue


@lru_cache(maxsize=None)
def table_fields(fmt: str, single_other: bool = False) -> tuple[str, ...]:
    """All table field ids of a format, in printed order (Table 2, 3, 4).

    ``single_other`` gives the 2021 variant whose （六）其他处理 is one row (it happens).
    ``pre2019`` reports have no national tables: the tuple is empty.
    """
    if fmt not in TABLE_FORMATS:
        return ()
    out: list[str] = []
    for block in T2_BLOCKS[fmt]:
        for row in block.rows:
            out += [f"t2.{row.id}.{c}" for c in row.columns]
    rows = list(T3_ROWS[fmt])
    if fmt == "2021" and single_other:
        rows = [r for r in rows if r.id not in T3_OTHER_ROWS_2021]
        rows.insert([r.id for r in rows].index("total"), _T3_OTHER_2019[0])
    for row in rows:
        out += [f"t3.{row.id}.{c}" for c in row.columns]
    for g in T4_GROUP_IDS:
        out += [f"t4.{g}.{c}" for c in T4_COLUMN_IDS]
    return tuple(out)


def all_fields(fmt: str, single_other: bool = False) -> tuple[str, ...]:
    """Metadata plus table fields of a format: the keys of its flat export."""
    return META_FIELDS + table_fields(fmt, single_other)


@lru_cache(maxsize=None)
def _label_index() -> dict[str, str]:
    idx: dict[str, str] = {}
    for fmt in TABLE_FORMATS:
        col_labels = T2_COLUMN_LABELS_2021 if fmt == "2021" else T2_COLUMN_LABELS
        for block in T2_BLOCKS[fmt]:
            for row in block.rows:
                for c in row.columns:
                    idx.setdefault(f"t2.{row.id}.{c}", f"{row.label}·{col_labels[c]}")
        for row in T3_ROWS[fmt] + tuple(_T3_OTHER_2019):
            prefix = f"{row.group_label}·" if row.group in ("denied", "unable", "rejected", "other") else ""
            for c in row.columns:
                idx.setdefault(f"t3.{row.id}.{c}", f"{prefix}{row.label}·{T3_COLUMN_LABELS[c]}")
    for g in T4_GROUPS:
        for c in T4_COLUMNS:
            idx[f"t4.{g.id}.{c.id}"] = f"{g.label}·{c.label}"
    idx.update({"meta.agency": "机关名称", "meta.year": "报告年度", "meta.format": "表格格式"})
    return idx


def field_label(field_id: str) -> str:
    """Chinese description of a field id for messages, e.g. ``（四）无法提供·1.本机关不掌握相关政府信息·自然人``."""
    return _label_index().get(field_id, field_id)


def is_known_field(field_id: str) -> bool:
    return field_id in _label_index()


def split_field(field_id: str) -> tuple[str, str, str]:
    """``t3.denied.state_secret.natural`` → (``t3``, ``denied.state_secret``, ``natural``)."""
    table, rest = field_id.split(".", 1)
    row, col = rest.rsplit(".", 1)
    return table, row, col


def default_format(year: int | None) -> str | None:
    """The national format that applies to a report year (2019 for 2019–2020, 2021 from 2021)."""
    if year is None:
        return None
    if year >= 2021:
        return "2021"
    if year >= 2019:
        return "2019"
    return "pre2019"
