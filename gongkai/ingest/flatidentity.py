"""The accounting identities (勾稽关系) used to cut glued cells (report-format.md).

* a Table 3 row: 总计 = 自然人 + the five 法人或其他组织 columns;
* a Table 4 group: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结;
* Table 3 per column: 一 + 二 = 三（七）总计 + 四, and （七）总计 = Σ of the outcome rows.

The row identities are given as cell indexes (:class:`~gongkai.ingest.flatsplit.Identity`);
the column identities check a set of candidate rows. A blank counts as 0 in a sum; a sum whose
total or any row is missing is not checked.
"""
from __future__ import annotations

from ..model import fields as F
from ..model import formats
from .flatsplit import Identity

_T3_ROW = (Identity(6, (0, 1, 2, 3, 4, 5)),)
_T4_ROW = tuple(Identity(5 * g + 4, tuple(range(5 * g, 5 * g + 4))) for g in range(len(F.T4_GROUP_IDS)))


def row_identities(fids: tuple[str, ...]) -> tuple[Identity, ...]:
    """The identities within one printed row of ``fids``."""
    if fids and fids[0].startswith("t3.") and len(fids) == len(F.T3_COLUMN_IDS):
        return _T3_ROW
    if fids and fids[0].startswith("t4.") and len(fids) == len(F.T4_GROUP_IDS) * len(F.T4_COLUMN_IDS):
        return _T4_ROW
    return ()


def t3_column_holds(rows: dict[str, list[float | None]], fmt: str) -> bool:
    """Whether the column identities of Table 3 hold for the rows given (row id → 7 values)."""
    single_other = "other" in rows and formats.get(fmt).variant("single_other") is not None
    outcomes = F.outcome_rows(fmt, single_other)
    for c in range(len(F.T3_COLUMN_IDS)):
        def v(rid: str) -> float | None:
            vals = rows.get(rid)
            return None if vals is None else (vals[c] or 0)

        new, prev, total, carry = v("new"), v("carried_over"), v("total"), v("carry_forward")
        if None not in (new, prev, total, carry) and abs(new + prev - total - carry) > 1e-6:
            return False
        parts = [v(r) for r in outcomes]
        if total is not None and None not in parts and abs(sum(parts) - total) > 1e-6:
            return False
    return True
