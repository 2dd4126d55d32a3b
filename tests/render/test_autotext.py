"""--auto-text: generated sentences restate the tables and pass the narrative rules."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.render import from_data, load
from gongkai.render.autotext import applications_text, cases_text, with_auto_text
from gongkai.render.sample import random_flat
from gongkai.rules import check

from .conftest import EXAMPLES

NARRATIVE = {"TEXT_TABLE_MISMATCH", "TEXT_SUM"}


def test_example_sentences():
    r = load(str(EXAMPLES / "report-2021.yaml"))
    assert applications_text(r) == (
        "本年度新收政府信息公开申请35件，上年结转政府信息公开申请2件；办结政府信息公开申请33件，"
        "其中予以公开15件，部分公开3件，不予公开3件，无法提供9件，不予处理2件，其他处理1件；结转下年度继续办理4件。")
    assert cases_text(r) == ("本年度因政府信息公开工作被申请行政复议3件，其中结果维持2件，结果纠正1件；"
                             "被提起行政诉讼2件，均为未经复议直接起诉。")
    out = with_auto_text(r)
    s1 = [p.text for p in out.section(1).paragraphs]
    assert s1[s1.index(next(t for t in s1 if t.startswith("（二）依申请公开"))) + 1] == applications_text(r)
    assert out.section(4).paragraphs[0].text == cases_text(r)
    assert r.section(4).paragraphs == []  # the input is not changed
    again = with_auto_text(out)
    assert [p.text for p in again.section(1).paragraphs] == s1  # not repeated


def test_blank_figures_left_out():
    r = from_data({"meta.agency": "某局", "meta.year": 2024})
    assert applications_text(r) is None and cases_text(r) is None
    assert with_auto_text(r).section(1).paragraphs == []


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False), st.sampled_from(["2019", "2021"]))
def test_generated_text_agrees_with_tables(rng, fmt):
    flat = random_flat(rng, fmt)
    r = with_auto_text(from_data(flat))
    found = [f for f in check(r, NARRATIVE)]
    assert not found, [f.message for f in found]


def test_text_catches_tampered_tables():
    """The generated text is a real statement: change a table figure afterwards and the rule fires."""
    r = with_auto_text(from_data(random_flat(random.Random(3), "2021", blanks=False)))
    r.values["t3.new.total"].value = r.values["t3.new.total"].value + 5
    assert any(f.code == "TEXT_TABLE_MISMATCH" for f in check(r, NARRATIVE))
