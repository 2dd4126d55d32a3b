"""The 2021 national format (2021年新版格式, 国办公开办函〔2021〕30号): report years from 2021.

Table 3's （六）其他处理 has three sub-rows; some reports print it as one row (variant
``single_other``, field ids ``t3.other.*``, see fields.md)."""
from __future__ import annotations

from . import common as C
from .base import Block, Format, Row, Variant


def _rows(cols: tuple[str, ...], rows: list[tuple[str, str]]) -> tuple[Row, ...]:
    return tuple(Row(rid, label, cols) for rid, label in rows)


OTHER_ROWS = (
    C.t3("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other", C.T3_GROUPS["other"]),
    C.t3("other.unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other",
         C.T3_GROUPS["other"]),
    C.t3("other.other", "3.其他", "other", C.T3_GROUPS["other"]),
)

FORMAT = Format(
    id="2021",
    name="2021年新版格式（国办公开办函〔2021〕30号）",
    short_name="2021年新版格式",
    first_year=2021,
    last_year=None,
    t2_blocks=(
        Block("第二十条第（一）项", ("issued", "repealed", "in_force"),
              _rows(("issued", "repealed", "in_force"), [("rules", "规章"), ("normative", "行政规范性文件")])),
        Block("第二十条第（五）项", ("decisions",), _rows(("decisions",), [("licensing", "行政许可")])),
        Block("第二十条第（六）项", ("decisions",), _rows(("decisions",), [("penalty", "行政处罚"), ("coercion", "行政强制")])),
        Block("第二十条第（八）项", ("amount",), _rows(("amount",), [("fees", "行政事业性收费")])),
    ),
    t2_column_labels=dict(C.T2_COLUMN_LABELS, decisions="本年处理决定数量", amount="本年收费金额（单位：万元）"),
    t3_columns=C.T3_COLUMNS,
    t3_applicant_columns=C.T3_APPLICANT_COLUMNS,
    t3_rows=tuple(C.T3_HEAD + list(OTHER_ROWS) + C.T3_TAIL),
    t3_head_rows=C.T3_HEAD_ROWS,
    t3_groups=dict(C.T3_GROUPS),
    variants=(Variant("single_other", "other", C.OTHER_SINGLE),),
    t4_groups=C.T4_GROUPS,
    t4_columns=C.T4_COLUMNS,
    t4_parts=C.T4_PARTS,
    equations=C.EQUATIONS,
    telltales=("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额",
               "逾期未按收费通知要求缴纳费用", "逾期不补正"),
    amount_fields=frozenset({"t2.fees.amount"}),
    signed_fields=frozenset(),
    unit_in_header={"t2.fees.amount": "万元"},  # header: 本年收费金额（单位：万元）
)
