"""Look at it: DOCX → PDF → PNG for one report of each format (kept in test-artifacts/), fonts
embedded, A4 pages, page numbers, text where it should be.

Each test works in its own temporary folder and copies its files into test-artifacts/ at the end
(safe under pytest-xdist)."""
from __future__ import annotations

import shutil
import subprocess

import pymupdf
import pytest

from gongkai.render import load, render
from gongkai.render.pdf import font_report

from .conftest import EXAMPLES

SOURCES = {"2021": EXAMPLES / "report-2021.yaml", "2019": EXAMPLES / "report-2019.json"}


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_pdf_looks_right(fmt, tmp_path, artifacts_dir):
    pdf = tmp_path / f"render-example-{fmt}.pdf"
    render(load(SOURCES[fmt]), pdf, auto_text=True)

    fonts = font_report(pdf)
    assert fonts and all(f["embedded"] for f in fonts), fonts
    assert any("CJK" in f["name"] for f in fonts)  # the Chinese text uses a CJK font, embedded
    with pymupdf.open(str(pdf)) as doc:
        assert 2 <= doc.page_count <= 6
        for page in doc:
            assert abs(page.rect.width - 595.3) < 2 and abs(page.rect.height - 841.9) < 2  # A4
        text = doc[0].get_text()
        assert "政府信息公开工作年度报告" in text.replace("\n", "") and "一、总体情况" in text
        assert "— 1 —" in text
        assert "— 2 —" in doc[1].get_text()
        last = "".join(doc[doc.page_count - 1].get_text().split())
        assert "2026年1月20日" in last or "2021年1月25日" in last
        # the title sits in the top part of the first page, centred on the text block
        block = next(b for b in doc[0].get_text("blocks") if "政府信息公开" in b[4])
        x0, y0, x1, _ = block[:4]
        assert y0 < 250 and abs((x0 + x1) / 2 - 595.3 * (28 + 78) / 210) < 40

    assert shutil.which("pdftoppm"), "pdftoppm (poppler-utils) is needed for the PNG previews"
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(tmp_path / f"render-example-{fmt}")],
                   check=True, timeout=120)
    pngs = sorted(tmp_path.glob(f"render-example-{fmt}-*.png"))
    assert len(pngs) >= 2
    assert all(p.stat().st_size > 10_000 for p in pngs)  # not blank pages
    for old in artifacts_dir.glob(f"render-example-{fmt}*"):
        old.unlink()
    for f in [pdf, *pngs]:
        shutil.copy(f, artifacts_dir / f.name)
