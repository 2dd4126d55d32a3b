"""Round trip: flat map → generated HTML/DOCX (national layout) → ``gongkai.parse`` → same flat map.

Covers both formats, blank cells, ``/`` cells, merged cells, portal chrome around an HTML report
and Table 3 split in two (as after a page break)."""
from __future__ import annotations

from pathlib import Path

import pytest

import gongkai
from gongkai.model import fields as F
from tests.ingest.generate import random_flat, report_html, write_docx, write_html, write_markdown


def _diff(expected: dict, got: dict) -> list:
    keys = sorted(set(expected) | set(got))
    return [(k, expected.get(k, "<absent>"), got.get(k, "<absent>")) for k in keys
            if expected.get(k, "<absent>") != got.get(k, "<absent>")]


def _with_edges(fmt: str, seed: int) -> dict:
    """A random map with every edge case present at least once."""
    flat = random_flat(fmt, seed, blank_rate=0.3, na_rate=0.05)
    flat["t3.new.research"] = None
    flat["t3.carry_forward.total"] = None
    flat["t3.granted.legal"] = "/"
    flat["t4.suit_direct.pending"] = "/"
    flat["t2.rules." + ("made" if fmt == "2019" else "issued")] = None
    amount = "t2.procurement.amount" if fmt == "2019" else "t2.fees.amount"
    flat[amount] = 12.35
    return flat


CASES = [
    ("html", {}),
    ("html", {"chrome": True, "encoding": "gb18030"}),
    ("html", {"split_table3": "denied.third_party"}),
    ("html", {"word": True, "encoding": "gbk"}),
    ("docx", {}),
    ("docx", {"split_table3": "unable.not_held"}),
    ("docx", {"split_table3": "rejected.repeat"}),  # cut inside the （五） group
]


@pytest.mark.parametrize("fmt", F.TABLE_FORMATS)
@pytest.mark.parametrize("kind,options", CASES, ids=[f"{k}-{'-'.join(o) or 'plain'}" for k, o in CASES])
def test_round_trip(tmp_path: Path, fmt: str, kind: str, options: dict):
    for seed in range(3):
        flat = _with_edges(fmt, seed)
        path = tmp_path / f"r{seed}.{kind}"
        (write_html if kind == "html" else write_docx)(flat, path, **options)
        report = gongkai.parse(path)
        assert _diff(flat, report.flat()) == [], (kind, options, seed)
        assert report.format == fmt


@pytest.mark.parametrize("fmt", F.TABLE_FORMATS)
@pytest.mark.parametrize("split", [None, "unable.not_held"])
def test_markdown_round_trip(tmp_path: Path, fmt: str, split: str | None):
    """Converter-style Markdown: spans flattened onto the grid (a spanned cell written once)."""
    for seed in range(3):
        flat = _with_edges(fmt, seed)
        path = write_markdown(flat, tmp_path / f"r{seed}.md", split_table3=split)
        assert _diff(flat, gongkai.parse(path).flat()) == [], (seed, split)


@pytest.mark.parametrize("fmt", F.TABLE_FORMATS)
def test_markdown_grid_tables_round_trip(tmp_path: Path, fmt: str):
    """pandoc-style grid tables keep the spans: no blank-cell ambiguity."""
    for seed, split in ((0, None), (1, "rejected.repeat")):
        flat = _with_edges(fmt, seed)
        path = write_markdown(flat, tmp_path / f"g{seed}.md", grid=True, split_table3=split)
        assert _diff(flat, gongkai.parse(path).flat()) == [], (seed, split)


def test_markdown_blank_before_spanned_value(tmp_path: Path):
    """``| 政府集中采购 |  | 12.35 |  |``: the header row ``| 信息内容 | 采购项目数量 | 采购总金额 |  |``
    shows the last position is filler, so the blank is projects and 12.35 the amount."""
    for fmt, blank in (("2019", "t2.procurement.projects"), ("2019", "t2.fees.prev_items")):
        flat = _with_edges(fmt, 0)
        flat[blank] = None
        path = write_markdown(flat, tmp_path / "r.md")
        assert _diff(flat, gongkai.parse(path).flat()) == [], blank


def test_generator_contract():
    flat = random_flat("2021", 7)
    assert set(flat) == set(F.all_fields("2021"))
    assert random_flat("2021", 7) == flat  # deterministic per seed
    assert random_flat("2021", 8) != flat
    flat19 = random_flat("2019", 7, blank_rate=0.0, na_rate=0.0)
    assert set(flat19) == set(F.all_fields("2019"))
    # Table 3 adds up (blank counts as zero) so rule checks on generated reports are meaningful.
    for c in F.T3_COLUMN_IDS:
        total = sum(flat19[f"t3.{r}.{c}"] for r in F.outcome_rows("2019"))
        assert flat19[f"t3.total.{c}"] == total
        assert flat19[f"t3.new.{c}"] + flat19[f"t3.carried_over.{c}"] == total + flat19[f"t3.carry_forward.{c}"]
    html = report_html(flat)
    assert 'rowspan="3" colspan="3"' in html and "本年制<br />发件数" in html
