"""HTML (portal page) and Markdown output: structure, spans, escaping, self-containment."""
from __future__ import annotations

import lxml.html
import pytest

from gongkai.render import from_data, load
from gongkai.render.html import render_html
from gongkai.render.markdown import render_markdown

from .conftest import EXAMPLES


@pytest.fixture(scope="module")
def page():
    return lxml.html.fromstring(render_html(load(str(EXAMPLES / "report-2021.yaml"))))


def test_html_self_contained_and_responsive(page):
    assert not page.xpath("//link | //script | //img | //iframe | //@src")
    assert page.xpath("//meta[@name='viewport']")
    css = "".join(page.xpath("//style/text()"))
    assert "overflow-x:auto" in css and "@media" in css and "url(" not in css
    assert page.xpath("//html/@lang") == ["zh-CN"]
    # every table sits in its own horizontally scrolling box
    assert len(page.xpath("//div[@class='gk-table' and contains(@style, 'overflow-x:auto')]/table")) == 3


def test_html_table3_spans(page):
    t3 = page.xpath("//table[@class='gk-t3']")[0]
    head = t3.xpath("./thead/tr")
    assert len(head) == 3
    note = head[0].xpath("./th")[0]
    assert note.get("rowspan") == "3" and note.get("colspan") == "3" and "勾稽关系" in note.text_content()
    assert head[0].xpath("./th[2]")[0].text_content() == "申请人情况" and head[0].xpath("./th[2]/@colspan") == ["7"]
    assert head[1].xpath("./th[2]/@colspan") == ["5"] and head[1].xpath("./th[1]/@rowspan") == ["2"]
    body = t3.xpath("./tbody/tr")
    assert len(body) == 25
    results = body[2].xpath("./th")[0]
    assert results.text_content() == "三、本年度办理结果" and results.get("rowspan") == "22"
    assert body[2].xpath("./th[@scope='row']") and len(body[2].xpath("./td")) == 7
    denied = body[4].xpath("./th")[0]
    assert denied.text_content() == "（三）不予公开" and denied.get("rowspan") == "8"
    assert [td.text_content() for td in body[0].xpath("./td")] == ["30", "4", "0", "0", "1", "0", "35"]


def test_html_table4_and_table2(page):
    t4 = page.xpath("//table[@class='gk-t4']")[0]
    assert [th.text_content() for th in t4.xpath("./thead/tr[1]/th")] == ["行政复议", "行政诉讼"]
    assert t4.xpath("./thead/tr[1]/th/@colspan") == ["5", "10"]
    assert len(t4.xpath("./tbody/tr/td")) == 15
    t2 = page.xpath("//table[@class='gk-t2']")[0]
    groups = [th.text_content() for th in t2.xpath(".//th[@class='gk-group']")]
    assert groups == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]


def test_html_escapes_text():
    r = from_data({"meta.agency": "某局<b>", "meta.year": 2024,
                   "sections": {"五": "A&B <script>alert(1)</script> **重点**"}, "t3.new.natural": "<i>3</i>"})
    html = render_html(r)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "某局&lt;b&gt;" in html and "&lt;i&gt;3&lt;/i&gt;" in html
    assert "<strong>重点</strong>" in html


def test_markdown_tables_flattened():
    md = render_markdown(load(str(EXAMPLES / "report-2019.json")))
    lines = md.splitlines()
    assert lines[0] == "# 2020年示例县人民政府办公室政府信息公开工作年度报告"
    assert "## 三、收到和处理政府信息公开申请情况" in lines
    t3 = [ln for ln in lines if ln.startswith("| 三、本年度办理结果 |")]
    assert len(t3) == 20  # the spanning label repeated on every result row
    assert "| 三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" in lines
    assert "| 一、本年新收政府信息公开申请数量 | 一、本年新收政府信息公开申请数量 | 一、本年新收政府信息公开申请数量 " \
           "| 10 | 2 | 0 | 0 | 0 | 1 | 13 |" in lines
    assert lines.count("|---|---|---|---|---|---|---|---|---|---|") == 1
    assert "| 政府集中采购 | 42 | 638.11万元 |" in lines  # 2019: the unit written in the cell
    assert "| 其他对外管理服务事项 | 35 | / | 120 |" in lines
    t4_header = next(ln for ln in lines if ln.startswith("| 行政复议 |"))
    assert t4_header.count("行政诉讼") == 10


def test_markdown_escapes_pipes():
    r = from_data({"meta.agency": "某局", "meta.year": 2024, "t3.new.natural": "3|4"})
    md = render_markdown(r)
    assert "3\\|4" in md


def test_html_borders_survive_without_style_block(page):
    """Portal editors often drop <style>: the tables keep borders through style attributes."""
    for cell in page.xpath("//table//th | //table//td"):
        assert "border:1px solid #000" in cell.get("style", "")
