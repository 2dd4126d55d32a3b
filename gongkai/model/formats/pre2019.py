"""Reports written before the 2019 regulation (旧条例格式): recognised, but with no national
Table 2–4 catalogue (each body printed its own 指标名称/计量单位 statistics table)."""
from __future__ import annotations

from .base import Format

FORMAT = Format(
    id="pre2019",
    name="旧条例格式（无全国统一表格）",
    short_name="旧条例格式",
    first_year=None,
    last_year=2018,
    markers=("指标名称", "计量单位", "同意公开", "同意部分公开", "收费及减免", "概述"),
)
