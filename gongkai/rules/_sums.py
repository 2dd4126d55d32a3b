"""Checking one equation between table cells (勾稽关系核对) when some cells may be blank.

A blank is not a zero, so the outcome of a check is one of:

* ``ok`` — every cell holds a number and the equation holds, or some cells are blank and the
  numbers written already balance (the only consistent reading of the blanks is "none");
* ``error`` — the equation fails with every cell filled in, or it fails whatever non-negative
  numbers the blank cells hold (one side is complete and the other side's written cells
  already exceed it);
* ``unknown`` — blank cells make the check impossible: the rule emits a notice.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ._common import Cells, tidy

Outcome = Literal["ok", "error", "unknown"]


@dataclass
class Balance:
    outcome: Outcome
    left: int | float
    right: int | float


def balance(c: Cells, left: list[str], right: list[str]) -> Balance:
    """Check ``Σ left == Σ right`` over the cells ``c``."""
    lsum, rsum = c.known_sum(left), c.known_sum(right)
    lmiss = [f for f in left if c.num(f) is None]
    rmiss = [f for f in right if c.num(f) is None]
    nonneg = all((c.num(f) or 0) >= 0 for f in left + right)
    if not lmiss and not rmiss:
        return Balance("ok" if tidy(lsum - rsum) == 0 else "error", lsum, rsum)
    if tidy(lsum - rsum) == 0:
        return Balance("ok", lsum, rsum)
    if nonneg and ((not lmiss and rsum > lsum) or (not rmiss and lsum > rsum)):
        return Balance("error", lsum, rsum)
    return Balance("unknown", lsum, rsum)
