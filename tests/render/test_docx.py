"""The DOCX: page layout, fonts, and the exact merged cells of the national tables."""
from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gongkai.model import fields as F
from gongkai.render import load, write
from gongkai.render.sample import random_report

from .conftest import EXAMPLES


def _spans(table) -> dict[tuple[int, int], tuple[int, int, str]]:
    """Merged cells of a python-docx table: top-left (row, col) → (rowspan, colspan, text)."""
    seen: dict[int, list[tuple[int, int]]] = {}
    cells = {}
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            seen.setdefault(id(cell._tc), []).append((r, c))
            cells[id(cell._tc)] = cell
    out = {}
    for key, slots in seen.items():
        rows = {r for r, _ in slots}
        cols = {c for _, c in slots}
        assert len(slots) == len(rows) * len(cols), "a merged cell that is not a rectangle"
        out[(min(rows), min(cols))] = (len(rows), len(cols), cells[key].text)
    return out


@pytest.fixture(scope="module")
def doc21(tmp_path_factory):
    path = tmp_path_factory.mktemp("d") / "r.docx"
    write(load(str(EXAMPLES / "report-2021.yaml")), path)
    return docx.Document(str(path))


@pytest.fixture(scope="module")
def doc19(tmp_path_factory):
    path = tmp_path_factory.mktemp("d") / "r.docx"
    write(load(str(EXAMPLES / "report-2019.json")), path)
    return docx.Document(str(path))


def test_page_layout(doc21):
    s = doc21.sections[0]
    def near(a, b):
        return abs(a - b) < Mm(0.1)

    assert near(s.page_width, Mm(210)) and near(s.page_height, Mm(297))
    assert near(s.top_margin, Mm(37)) and near(s.left_margin, Mm(28))
    assert abs((s.page_width - s.left_margin - s.right_margin) - Mm(156)) < Mm(0.1)
    assert abs((s.page_height - s.top_margin - s.bottom_margin) - Mm(225)) < Mm(0.1)


def _east_asia(run) -> str:
    return run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_fonts(doc21):
    normal = doc21.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    paras = doc21.paragraphs
    title = paras[0]
    assert title.text == "2025年示例市交通运输局政府信息公开工作年度报告"
    assert title.alignment == 1  # centred
    assert _east_asia(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    h1 = next(p for p in paras if p.text == "一、总体情况")
    assert _east_asia(h1.runs[0]) == "黑体"
    h2 = next(p for p in paras if p.text.startswith("（一）主动公开"))
    assert _east_asia(h2.runs[0]) == "楷体_GB2312" and h2.runs[0].text == "（一）主动公开。"
    assert _east_asia(h2.runs[1]) == "仿宋_GB2312"
    # body name and date at the end, right-aligned
    assert [p.text for p in paras[-2:]] == ["示例市交通运输局", "2026年1月20日"]
    assert all(p.alignment == 2 for p in paras[-2:])
    # fallbacks in the font table
    ft = next(r.target_part for r in doc21.part.rels.values() if r.reltype.endswith("/fontTable")).blob.decode()
    assert 'w:name="方正小标宋简体"' in ft and 'w:val="宋体"' in ft


def test_page_numbers(doc21):
    s = doc21.sections[0]
    assert doc21.settings.odd_and_even_pages_header_footer
    for footer in (s.footer, s.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml and "— " in xml and " —" in xml
        run = footer.paragraphs[0].runs[0]
        assert _east_asia(run) == "宋体" and run.font.size == Pt(14)


def test_three_tables_full_borders(doc21, doc19):
    for d in (doc21, doc19):
        assert len(d.tables) == 3
        for t in d.tables:
            borders = t._tbl.tblPr.find(qn("w:tblBorders"))
            assert {b.tag.split("}")[1] for b in borders} == {"top", "left", "bottom", "right", "insideH", "insideV"}
            assert all(b.get(qn("w:val")) == "single" for b in borders)


def test_table3_header_and_row_labels_2021(doc21):
    t = doc21.tables[1]
    assert (len(t.rows), len(t.columns)) == (3 + 25, 10)
    sp = _spans(t)
    assert sp[(0, 0)] == (3, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    assert sp[(0, 3)] == (1, 7, "申请人情况")
    assert sp[(1, 3)] == (2, 1, "自然人")
    assert sp[(1, 4)] == (1, 5, "法人或其他组织")
    assert sp[(1, 9)] == (2, 1, "总计")
    assert [sp[(2, c)][2] for c in range(4, 9)] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert sp[(3, 0)] == (1, 3, "一、本年新收政府信息公开申请数量")
    assert sp[(4, 0)] == (1, 3, "二、上年结转政府信息公开申请数量")
    assert sp[(5, 0)] == (22, 1, "三、本年度办理结果")  # （一）…（七）: 2 + 8 + 3 + 5 + 3 + 1 rows
    assert sp[(5, 1)][:2] == (1, 2) and sp[(5, 1)][2] == "（一）予以公开"
    assert sp[(7, 1)] == (8, 1, "（三）不予公开")
    assert sp[(15, 1)] == (3, 1, "（四）无法提供")
    assert sp[(18, 1)] == (5, 1, "（五）不予处理")
    assert sp[(23, 1)] == (3, 1, "（六）其他处理")
    assert sp[(26, 1)] == (1, 2, "（七）总计")
    assert sp[(27, 0)] == (1, 3, "四、结转下年度继续办理")
    sub = [sp[(r, 2)][2] for r in range(7, 26)]
    expected = [row.label for row in F.T3_ROWS["2021"] if row.group in ("denied", "unable", "rejected", "other")]
    assert sub == expected
    # values in place: 一、本年新收 row
    assert [sp[(3, c)][2] for c in range(3, 10)] == ["30", "4", "0", "0", "1", "0", "35"]


def test_table3_2019_and_single_other(doc19, tmp_path):
    t = doc19.tables[1]
    assert (len(t.rows), len(t.columns)) == (3 + 23, 10)
    sp = _spans(t)
    assert sp[(5, 0)] == (20, 1, "三、本年度办理结果")
    assert sp[(23, 1)] == (1, 2, "（六）其他处理")
    r = load(str(EXAMPLES / "report-2021.yaml"))
    flat = {k: v for k, v in r.flat().items() if not k.startswith("t3.other.")}
    flat.update({f"t3.other.{c}": 0 for c in F.T3_COLUMN_IDS})
    from gongkai.render import from_data

    single = from_data(flat)
    assert single.single_other
    write(single, tmp_path / "s.docx")
    sp = _spans(docx.Document(str(tmp_path / "s.docx")).tables[1])
    assert sp[(23, 1)] == (1, 2, "（六）其他处理") and sp[(5, 0)] == (20, 1, "三、本年度办理结果")


def test_table4_header(doc21):
    t = doc21.tables[2]
    assert (len(t.rows), len(t.columns)) == (4, 15)
    sp = _spans(t)
    assert sp[(0, 0)] == (1, 5, "行政复议") and sp[(0, 5)] == (1, 10, "行政诉讼")
    assert [sp[(1, c)] for c in range(5)] == [(2, 1, x) for x in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")]
    assert sp[(1, 5)] == (1, 5, "未经复议直接起诉") and sp[(1, 10)] == (1, 5, "复议后起诉")
    assert [sp[(3, c)][2] for c in range(15)] == ["2", "1", "0", "0", "3", "1", "0", "0", "1", "2"] + ["0"] * 5


@pytest.mark.parametrize("fmt, blocks", [
    ("2019", ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项", "第二十条第（九）项"]),
    ("2021", ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]),
])
def test_table2_blocks(fmt, blocks, tmp_path):
    import random

    r = random_report(random.Random(5), fmt, blanks=False)
    write(r, tmp_path / "r.docx")
    t = docx.Document(str(tmp_path / "r.docx")).tables[0]
    sp = _spans(t)
    headings = [v[2] for (row, col), v in sorted(sp.items()) if v[1] == 4]
    assert headings == blocks
    labels = [v[2] for (row, col), v in sorted(sp.items()) if col == 0 and v[1] == 1 and v[2] != "信息内容"]
    assert labels == [row.label for b in F.T2_BLOCKS[fmt] for row in b.rows]
    assert len(t.columns) == 4


def test_text_is_escaped_and_kept(tmp_path):
    from gongkai.render import from_data

    r = from_data({"meta.agency": "某局", "meta.year": 2024, "sections": {"五": "A&B <测试> **加粗** 100%"}})
    write(r, tmp_path / "r.docx")
    d = docx.Document(str(tmp_path / "r.docx"))
    p = next(p for p in d.paragraphs if "A&B" in p.text)
    assert p.text == "A&B <测试> 加粗 100%"
    assert any(run.bold and run.text == "加粗" for run in p.runs)
