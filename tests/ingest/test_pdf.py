"""The PDF reader (PDF 读取): generated reports round-trip to their flat map, the real PDFs of the
corpus reach their truth files, and unreadable PDFs give the right ReadError."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pymupdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gongkai
from gongkai.ingest import read_document
from gongkai.ingest.document import ReadError, Table, TextBlock
from gongkai.ingest.pdf import read_pdf
from tests.conftest import CORPUS, TRUTH
from tests.ingest.generate import random_flat
from tests.ingest.pdfgen import make_encrypted, make_scanned, make_truncated, write_pdf

PAGE_NUMBER = re.compile(r"^\s*[—\-–]\s*\d+\s*[—\-–]\s*$")


def _diff(expected: dict, got: dict) -> list:
    keys = sorted(set(expected) | set(got))
    return [(k, expected.get(k, "<none>"), got.get(k, "<none>")) for k in keys
            if expected.get(k, "<none>") != got.get(k, "<none>")]


@pytest.fixture(scope="module")
def pdf_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pdf")


# ------------------------------------------------------------------ generated reports


CASES = [
    ("2021", 1, True, "unable.not_held"),
    ("2021", 2, True, None),
    ("2021", 3, False, "unable.not_held"),
    ("2021", 4, False, "rejected.repeat"),
    ("2019", 1, True, "unable.not_held"),
    ("2019", 2, True, "denied.third_party"),
    ("2019", 3, False, "unable.not_held"),
    ("2019", 4, False, None),
    ("2021", 5, False, "carry_forward"),  # only the last row goes on to the next page
    ("2019", 5, True, "carry_forward"),
]


@pytest.mark.parametrize("fmt,seed,ruled,split", CASES)
def test_generated_pdf_parses_back_to_its_flat_map(pdf_dir, fmt, seed, ruled, split):
    flat = random_flat(fmt, seed=seed, blank_rate=0.3, na_rate=0.05)
    path = write_pdf(flat, pdf_dir / f"{fmt}-{seed}-{ruled}.pdf", ruled=ruled, split_table3=split)
    assert _diff(flat, gongkai.parse(path).flat()) == []


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fmt=st.sampled_from(["2019", "2021"]), seed=st.integers(0, 10**6), blank=st.floats(0, 0.7),
       ruled=st.booleans(), split=st.sampled_from([None, "granted", "unable.not_held", "rejected.repeat", "total"]))
def test_any_generated_pdf_round_trips(pdf_dir, fmt, seed, blank, ruled, split):
    flat = random_flat(fmt, seed=seed, blank_rate=blank)
    path = write_pdf(flat, pdf_dir / "property.pdf", ruled=ruled, split_table3=split)
    assert _diff(flat, gongkai.parse(path).flat()) == []


def test_blank_cells_stay_blank_cells_in_the_grid(pdf_dir):
    flat = random_flat("2021", seed=11, blank_rate=0.5)
    flat["t3.new.commercial"] = None
    for ruled in (True, False):
        path = write_pdf(flat, pdf_dir / f"blank-{ruled}.pdf", ruled=ruled, split_table3=None)
        doc = read_pdf(path)
        row = next(r for t in doc.tables for r in t.rows if r and "本年新收" in r[0].text)
        # label + 7 columns, the blank one printed as an empty cell in its place
        assert [c.text for c in row[1:]][1] == ""
        assert len(row) == 8
        assert gongkai.parse(path).flat()["t3.new.commercial"] is None


def test_table_split_over_a_page_break_is_two_tables_without_page_furniture_between(pdf_dir):
    flat = random_flat("2021", seed=5)
    path = write_pdf(flat, pdf_dir / "split.pdf", split_table3="unable.not_held")
    doc = read_pdf(path)
    i = next(k for k, b in enumerate(doc.blocks) if isinstance(b, Table) and "申请人情况" in
             " ".join(c.text for c in b.cells()))
    first, second = doc.blocks[i], doc.blocks[i + 1]
    assert isinstance(second, Table), "the continuation must directly follow the first part"
    assert second.location.page == first.location.page + 1
    assert any("本机关不掌握相关政府信息" in c.text for c in second.rows[0])
    texts = [b.text for b in doc.paragraphs]
    assert not any(PAGE_NUMBER.match(t) for t in texts)
    assert not any(t.endswith("政府信息公开工作年度报告") and b.location.page > 1
                   for t, b in zip(texts, doc.paragraphs)), "running header kept"


def test_paragraph_lines_and_cell_labels_are_joined(pdf_dir):
    flat = random_flat("2021", seed=6)
    path = write_pdf(flat, pdf_dir / "joined.pdf")
    doc = read_pdf(path)
    texts = [b.text for b in doc.paragraphs]
    # the title breaks over two lines, the first paragraph over several
    assert texts[0] == f"{flat['meta.year']}年{flat['meta.agency']}政府信息公开工作年度报告"
    assert any(t.startswith(f"{flat['meta.year']}年，{flat['meta.agency']}认真贯彻落实") and t.endswith("工作。")
               for t in texts)
    assert all("\n" not in t for t in texts)
    headers = {c.text for t in doc.tables for c in t.cells()}
    assert {"社会公益组织", "法律服务机构", "结果维持", "尚未审结"} <= headers  # printed 社会\n公益\n组织
    for block in doc.blocks:
        assert block.location.page is not None
        if isinstance(block, Table):
            for c in block.cells():
                assert c.location.table == block.location.table and c.location.row is not None


def test_merged_cells_keep_their_spans(pdf_dir):
    flat = random_flat("2021", seed=7)
    doc = read_pdf(write_pdf(flat, pdf_dir / "spans.pdf", split_table3=None))
    t3 = next(t for t in doc.tables if "申请人情况" in " ".join(c.text for c in t.cells()))
    top = t3.rows[0]
    # the header note spans three rows (and all label columns: one grid column on this page,
    # where no row of the part has separate label columns), 申请人情况 spans the 7 columns
    assert top[0].rowspan == 3 and top[1].colspan == 7
    assert [c.text for c in t3.rows[1]] == ["自然人", "法人或其他组织", "总计"]
    assert (t3.rows[1][0].rowspan, t3.rows[1][1].colspan) == (2, 5)
    results = next(c for t in doc.tables for c in t.cells() if c.text == "三、本年度办理结果")
    assert results.rowspan > 10


# ------------------------------------------------------------------ the corpus


@pytest.mark.parametrize("name", ["001", "002", "003"])
def test_corpus_pdf_reaches_its_truth(name):
    truth = json.loads((TRUTH / f"{name}.json").read_text(encoding="utf-8"))
    got = gongkai.parse(CORPUS / "reports" / f"{name}.pdf").flat()
    assert _diff(truth, got) == []


def test_corpus_001_table3_runs_over_the_page_break():
    doc = read_pdf(CORPUS / "reports" / "001.pdf")
    assert doc.kind == "pdf" and doc.pages == 6
    t3 = [t for t in doc.tables if any("政府信息" in c.text or "法提供" in c.text for c in t.cells())]
    pages = [t.location.page for t in doc.tables]
    assert pages == [3, 4, 4, 5, 5]
    cont = doc.tables[3]
    assert cont.rows[0][1].text == "法提供" and cont.rows[0][2].text == "2.没有现成信息需要另行制作"
    assert t3
    texts = [b.text for b in doc.blocks if isinstance(b, TextBlock)]
    assert "一、总体情况" in texts and not any(PAGE_NUMBER.match(t) or t.startswith("- ") for t in texts)
    # the paragraph cut by the page 1/2 break is one paragraph
    assert any("产业科技" in t and t.startswith("（一）主动公开情况") for t in texts)


def test_corpus_002_white_line_backgrounds_are_not_a_table():
    doc = read_pdf(CORPUS / "reports" / "002.pdf")
    first = doc.tables[0]
    assert first.rows[0][0].text == "第二十条第（一）项"
    assert any(b.text.startswith("（四）政府信息公开平台建设情况") for b in doc.paragraphs)


# ------------------------------------------------------------------ unreadable files


@pytest.fixture(scope="module")
def sample_pdf(pdf_dir) -> Path:
    return write_pdf(random_flat("2021", seed=9), pdf_dir / "sample.pdf")


def _error(path: Path) -> ReadError:
    with pytest.raises(ReadError) as info:
        gongkai.parse(path)
    err = info.value
    assert path.name in err.reason
    return err


def test_scanned_pdf_says_ocr_is_needed(pdf_dir, sample_pdf):
    err = _error(make_scanned(sample_pdf, pdf_dir / "扫描件.pdf"))
    assert err.code == "FILE_SCANNED"
    assert "扫描" in err.reason and "OCR" in err.reason


def test_encrypted_pdf(pdf_dir, sample_pdf):
    path = make_encrypted(sample_pdf, pdf_dir / "encrypted.pdf")
    with pymupdf.open(path) as doc:
        assert doc.needs_pass
    err = _error(path)
    assert err.code == "FILE_ENCRYPTED" and "密码" in err.reason


@pytest.mark.parametrize("keep", [0.3, 0.95])
def test_truncated_pdf(pdf_dir, sample_pdf, keep):
    err = _error(make_truncated(sample_pdf, pdf_dir / f"cut-{keep}.pdf", keep))
    assert err.code == "FILE_TRUNCATED" and "截断" in err.reason


def test_empty_and_broken_pdf(pdf_dir):
    empty = pdf_dir / "empty.pdf"
    empty.write_bytes(b"")
    assert _error(empty).code == "FILE_EMPTY"
    with pytest.raises(ReadError) as info:
        read_pdf(empty)
    assert info.value.code == "FILE_EMPTY"
    broken = pdf_dir / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj <<>> garbage\n%%EOF\n")
    assert _error(broken).code == "FILE_CORRUPT"
    with pytest.raises(ReadError) as info:
        read_document(pdf_dir / "missing.pdf")
    assert info.value.code == "FILE_MISSING"


def test_unruled_tables_keep_blank_columns_in_place(pdf_dir):
    flat = random_flat("2019", seed=12, blank_rate=0.0, na_rate=0.0)
    for c in ("upheld", "corrected", "other"):  # Table 4 starts with three blank cells
        flat[f"t4.review.{c}"] = None
    for r in ("rules", "normative"):  # a Table 2 column blank in every row
        flat[f"t2.{r}.made"] = None
    for c in ("natural", "commercial", "research", "nonprofit", "legal", "other_org", "total"):
        flat[f"t3.partial.{c}"] = None  # a Table 3 row with nothing printed at all
    path = write_pdf(flat, pdf_dir / "unruled-blanks.pdf", ruled=False)
    assert _diff(flat, gongkai.parse(path).flat()) == []


def test_a_pdf_without_tables_is_read_as_text(pdf_dir):
    path = pdf_dir / "letter.pdf"
    with pymupdf.open() as doc:
        page = doc.new_page()
        page.insert_text((72, 100), "Minutes of the meeting", fontsize=14)
        page.insert_text((72, 130), "Nothing in this file is an annual report at all.", fontsize=11)
        doc.save(path)
    doc = read_pdf(path)
    assert doc.tables == [] and [b.text for b in doc.paragraphs][0] == "Minutes of the meeting"


def test_unruled_table_4_split_from_its_header_lines(pdf_dir):
    # these values push Table 4's number row alone onto the next page, away from its headers
    flat = random_flat("2021", seed=172757, blank_rate=0.73, na_rate=0.09)
    path = write_pdf(flat, pdf_dir / "unruled-t4-split.pdf", ruled=False, split_table3="denied.state_secret")
    doc = read_pdf(path)
    t4 = [t for t in doc.tables if any("复议后起诉" in c.text for c in t.cells())]
    assert t4 and doc.tables[-1].location.page == t4[0].location.page + 1, "layout of the case changed"
    assert len(doc.tables[-1].rows[0]) == 15
    assert _diff(flat, gongkai.parse(path).flat()) == []


def test_unruled_table_with_a_single_printed_number(pdf_dir):
    flat = random_flat("2021", seed=279)
    for k in list(flat):
        if k.startswith("t2."):
            flat[k] = None
    flat["t2.fees.amount"] = 298.14
    path = write_pdf(flat, pdf_dir / "unruled-one-number.pdf", ruled=False)
    assert _diff(flat, gongkai.parse(path).flat()) == []


def test_text_printed_twice_for_bold_is_read_once(pdf_dir):
    path = pdf_dir / "fakebold.pdf"
    with pymupdf.open() as doc:
        page = doc.new_page()
        for dx in (0, 0.3):  # fake bold: the heading drawn twice, slightly offset
            page.insert_text((72 + dx, 100), "Section 1 Overview", fontsize=16)
        page.insert_text((72, 130), "Body text of the section.", fontsize=11)
        doc.save(path)
    assert [b.text for b in read_pdf(path).paragraphs][0] == "Section 1 Overview"


def test_rules_drawn_as_thin_filled_bars_make_a_grid(pdf_dir):
    """Word's PDF export draws cell borders as thin filled rectangles, not stroked lines."""
    path = pdf_dir / "bars.pdf"
    xs, ys = [72, 200, 300, 400], [100, 130, 160, 190]
    black = (0, 0, 0)
    with pymupdf.open() as doc:
        page = doc.new_page()
        # a white background box behind the whole table must not add rules
        page.draw_rect(pymupdf.Rect(60, 90, 420, 200), color=None, fill=(1, 1, 1))
        for y in ys:
            page.draw_rect(pymupdf.Rect(xs[0], y - 0.25, xs[-1], y + 0.25), color=None, fill=black)
        for x in xs:  # the rule between columns 2 and 3 stops below the first row: a merged cell
            top = ys[1] if x == 300 else ys[0]
            page.draw_rect(pymupdf.Rect(x - 0.25, top, x + 0.25, ys[-1]), color=None, fill=black)
        texts = {(0, 0): "Item", (0, 1): "Merged head", (1, 0): "Rules", (1, 1): "1",
                 (2, 0): "Orders", (2, 1): "4", (2, 2): "5"}  # (1, 2) is blank
        for (r, c), t in texts.items():
            page.insert_text((xs[c] + 4, ys[r] + 20), t, fontsize=10)
        doc.save(path)
    table = read_pdf(path).tables[0]
    assert [[(c.text, c.colspan) for c in row] for row in table.rows] == [
        [("Item", 1), ("Merged head", 2)],
        [("Rules", 1), ("1", 1), ("", 1)],
        [("Orders", 1), ("4", 1), ("5", 1)],
    ]
