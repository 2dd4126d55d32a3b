"""Random valid reports (随机生成的有效报告) for round-trip tests and benchmarks.

Every table rule holds: outcome rows are drawn per applicant column, （七）总计 is their sum,
四、结转 and 二、上年结转 are drawn and 一、本年新收 derived so that 一 + 二 = （七） + 四, row totals are
row sums, Table 4 totals are group sums. Blanks and ``/`` appear only where the rules allow them
(Table 2 cells; the 总计 cells of Table 3 sub-rows, which many reports leave blank).
"""
from __future__ import annotations

import random

from ..model import fields as F
from ..model import formats
from ..model.report import Report

AGENCIES = ("示例市交通运输局", "某某县人民政府办公室", "示例区市场监督管理局", "某市自然资源和规划局",
            "示例省教育厅", "某某镇人民政府", "示例市生态环境局", "某区卫生健康委员会")
SENTENCES = (
    "本年度坚持以公开为常态、不公开为例外，扎实推进政务公开。",
    "（一）主动公开。通过政府网站主动公开政府信息，及时发布政策文件和解读材料。",
    "（二）依申请公开。严格按照法定程序和时限办理申请。",
    "（三）政府信息管理。动态更新政府信息公开目录。",
    "（四）平台建设。优化政府网站信息公开专栏。",
    "（五）监督保障。将政务公开纳入年度考核，开展业务培训。",
    "公开内容的规范化水平有待提高，将加强培训、完善审核机制。",
    "标点与符号：A&B <测试> “引号” 100% 。",
)


def _count(rng: random.Random, high: int = 6) -> int:
    return rng.choice((0, 0, 0, 0, 1, 2, rng.randint(0, high), rng.randint(0, 60)))


def _t2(rng: random.Random, fmt: str, values: dict, blanks: bool) -> None:
    for fid in F.table_fields(fmt):
        if not fid.startswith("t2."):
            continue
        roll = rng.random()
        if blanks and roll < 0.06:
            continue  # blank
        if blanks and roll < 0.12:
            values[fid] = "/"
        elif fid in F.AMOUNT_FIELDS:
            values[fid] = rng.choice((0, rng.randint(0, 10 ** 6) / 100, rng.randint(0, 5000)))
        elif fid in F.SIGNED_FIELDS:
            values[fid] = rng.randint(-50, 50)
        else:
            values[fid] = rng.choice((0, rng.randint(0, 30), rng.randint(0, 3000)))


def _t3(rng: random.Random, fmt: str, single_other: bool, values: dict, blanks: bool) -> None:
    outcomes = F.outcome_rows(fmt, single_other)
    cols = F.T3_APPLICANT_COLUMNS
    busy = {c: rng.random() < (0.8 if c == "natural" else 0.3) for c in cols}
    per: dict[str, dict[str, int]] = {r: {} for r in outcomes + ("new", "carried_over", "total", "carry_forward")}
    for c in cols:
        total = 0
        for r in outcomes:
            n = _count(rng) if busy[c] else 0
            per[r][c] = n
            total += n
        per["total"][c] = total
        fwd = rng.randint(0, 4) if busy[c] else 0
        carried = rng.randint(0, min(4, total + fwd))
        per["carry_forward"][c] = fwd
        per["carried_over"][c] = carried
        per["new"][c] = total + fwd - carried
    key_rows = ("new", "carried_over", "total", "carry_forward")
    for r, row in per.items():
        for c, n in row.items():
            values[f"t3.{r}.{c}"] = n
        if blanks and r not in key_rows and rng.random() < 0.15:
            continue  # 总计 of a sub-row left blank, as many reports do
        values[f"t3.{r}.total"] = sum(row.values())


def _t4(rng: random.Random, values: dict) -> None:
    for g in F.T4_GROUP_IDS:
        parts = [rng.choice((0, 0, 0, 1, rng.randint(0, 12))) for _ in range(4)]
        for c, n in zip(("upheld", "corrected", "other", "pending"), parts):
            values[f"t4.{g}.{c}"] = n
        values[f"t4.{g}.total"] = sum(parts)


def random_flat(rng: random.Random, fmt: str | None = None, single_other: bool | None = None,
                blanks: bool = True) -> dict:
    """A flat export (plus ``sections``/``date``) of a random valid report."""
    fmt = fmt or rng.choice(F.TABLE_FORMATS)
    f = formats.get(fmt)
    first = f.first_year or 2008
    year = rng.choice(tuple(range(first, f.last_year + 1))) if f.last_year else rng.randint(first, first + 5)
    has_variant = f.variant("single_other") is not None
    if single_other is None:
        single_other = has_variant and rng.random() < 0.15
    values: dict = {"meta.agency": rng.choice(AGENCIES), "meta.year": year, "meta.format": fmt}
    _t2(rng, fmt, values, blanks)
    _t3(rng, fmt, bool(single_other and has_variant), values, blanks)
    _t4(rng, values)
    values["sections"] = {
        "一": "\n\n".join(rng.sample(SENTENCES[:6], rng.randint(1, 6))),
        "五": rng.choice(SENTENCES[6:]),
        "六": rng.choice(("无。", "本年度未收取信息处理费。")),
    }
    values["date"] = f"{year + 1}-01-{rng.randint(10, 28)}"
    return values


def random_report(rng: random.Random, fmt: str | None = None, single_other: bool | None = None,
                  blanks: bool = True) -> Report:
    """A random valid Report (see the module docstring)."""
    from .load import from_data

    return from_data(random_flat(rng, fmt, single_other, blanks), "<随机报告>")

