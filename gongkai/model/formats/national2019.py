"""The 2019 national format (2019年试行格式, 国办公开办函〔2019〕60号): report years 2019–2020."""
from __future__ import annotations

from . import common as C
from .base import Block, Format, Row


def _rows(cols: tuple[str, ...], rows: list[tuple[str, str]]) -> tuple[Row, ...]:
    return tuple(Row(rid, label, cols) for rid, label in rows)


_ITEMS = ("prev_items", "delta", "decisions")

FORMAT = Format(
    id="2019",
    name="2019年试行格式（国办公开办函〔2019〕60号）",
    short_name="2019年试行格式",
    first_year=2019,
    last_year=2020,
    t2_blocks=(
        Block("第二十条第（一）项", ("made", "published", "public_total"),
              _rows(("made", "published", "public_total"), [("rules", "规章"), ("normative", "规范性文件")])),
        Block("第二十条第（五）项", _ITEMS, _rows(_ITEMS, [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")])),
        Block("第二十条第（六）项", _ITEMS, _rows(_ITEMS, [("penalty", "行政处罚"), ("coercion", "行政强制")])),
        Block("第二十条第（八）项", ("prev_items", "delta"), _rows(("prev_items", "delta"), [("fees", "行政事业性收费")])),
        Block("第二十条第（九）项", ("projects", "amount"), _rows(("projects", "amount"), [("procurement", "政府集中采购")])),
    ),
    t2_column_labels=dict(C.T2_COLUMN_LABELS),
    t3_columns=C.T3_COLUMNS,
    t3_applicant_columns=C.T3_APPLICANT_COLUMNS,
    t3_rows=tuple(C.T3_HEAD + [C.OTHER_SINGLE] + C.T3_TAIL),
    t3_head_rows=C.T3_HEAD_ROWS,
    t3_groups=dict(C.T3_GROUPS),
    variants=(),
    t4_groups=C.T4_GROUPS,
    t4_columns=C.T4_COLUMNS,
    t4_parts=C.T4_PARTS,
    equations=C.EQUATIONS,
    telltales=("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
               "其他对外管理服务事项", "第二十条第(九)项", "政府集中采购", "采购项目数量", "采购总金额"),
    synonyms=(("t2col", "made", "本年制作数量"), ("t2col", "amount", "采购金额")),
    amount_fields=frozenset({"t2.procurement.amount"}),
    signed_fields=frozenset(f"t2.{r}.delta" for r in ("licensing", "other_services", "penalty", "coercion", "fees")),
    unit_in_cell={"t2.procurement.amount": "万元"},  # 采购总金额 has no unit in its header
)
