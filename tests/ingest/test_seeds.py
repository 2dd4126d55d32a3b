"""The seed reports and the real corpus parse to their hand-checked truth files."""
from __future__ import annotations

import json

import pytest

from gongkai.ingest import parse
from gongkai.ingest.evaluate import compare_flat
from tests.conftest import CORPUS, TRUTH, seed_files, truth_for_seed

SEEDS = seed_files()


def test_there_are_five_seeds():
    assert len(SEEDS) == 5


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_parses_to_its_truth_exactly(path):
    truth = json.loads(truth_for_seed(path).read_text(encoding="utf-8"))
    report = parse(path)
    assert report.flat() == truth


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_sections_and_paragraphs(path):
    report = parse(path)
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert all(s.heading for s in report.sections)
    assert report.section(1).paragraphs, "section 1 is narrative"
    assert report.section(6).text.strip()
    assert report.paragraphs and all(p.location and p.location.line for p in report.paragraphs)
    # every table value carries the line it came from
    assert all(v.location and v.location.line for v in report.values.values())


def test_seed_002_names_no_body_and_keeps_text_values():
    report = parse(SEEDS[2])
    assert report.agency is None and report.year == 2019
    assert report.get("t2.fees.prev_items").kind == "text"
    assert report.get("t2.penalty.prev_items").kind == "na"
    assert report.section(5).heading.strip() == "五、政务公开的成效及下一步工作打算"


def test_seed_004_agency_from_first_paragraph():
    report = parse(SEEDS[4])
    assert report.agency == "眉山市经济和信息化局"
    assert report.meta_locations["meta.agency"].line == 1


CORPUS_TRUTHS = sorted(p for p in (CORPUS / "reports").iterdir() if (TRUTH / f"{p.stem}.json").exists())


# Cells the corpus README calls undecidable from the text alone (glued Table 2 cells of 018.txt
# that no identity links: ``20+1737`` is 20 / +17 / 37 or 20 / +1 / 737 or 20 / +173 / 7, …).
UNDECIDABLE = {
    "018.txt": {"t2.licensing.delta", "t2.licensing.decisions", "t2.other_services.delta",
                "t2.other_services.decisions", "t2.penalty.delta", "t2.penalty.decisions",
                "t2.procurement.projects", "t2.procurement.amount"},
}


@pytest.mark.parametrize("path", CORPUS_TRUTHS, ids=lambda p: p.name)
def test_corpus_report_matches_truth(path):
    truth = json.loads((TRUTH / f"{path.stem}.json").read_text(encoding="utf-8"))
    report = parse(path)
    total, correct, diffs = compare_flat(report.flat(), truth)
    undecidable = UNDECIDABLE.get(path.name, set())
    # exact, except the undecidable cells: unknown (not a wrong number), each named by an ambiguity notice
    assert {d.field for d in diffs} == undecidable
    assert all(d.got is None and d.field not in report.values for d in diffs)
    named = {f for n in report.notes if n.code == "PARSE_SPLIT_AMBIGUOUS" for f in n.fields}
    assert named == undecidable
    assert correct == total - len(undecidable)


def test_018_ambiguity_notice_lists_the_candidates():
    report = parse(CORPUS / "reports" / "018.txt")
    notes = {tuple(n.fields): n.message for n in report.notes if n.code == "PARSE_SPLIT_AMBIGUOUS"}
    msg = notes[("t2.licensing.delta", "t2.licensing.decisions")]
    assert "20、+17、37" in msg and "20、+1、737" in msg and "20、+173、7" in msg
    # what every candidate agrees on is read: the 上一年项目数量 before the sign
    assert report.get("t2.licensing.prev_items").value == 20
    # Tables 3 and 4 split uniquely
    assert report.get("t3.new.natural").value == 1 and report.get("t3.rejected.repeat.total").value == 1


def test_017_glued_cells_keep_their_offsets_and_the_real_error_is_found():
    from gongkai.rules import check

    path = CORPUS / "reports" / "017.txt"
    report = parse(path)
    assert report.format == "2021"
    v = report.get("t3.unable.not_held.total")
    assert v.value == 5 and v.location.start is not None
    line = path.read_text(encoding="utf-8").splitlines()[v.location.line - 1]
    assert line[v.location.start:v.location.end] == "5"
    assert line[v.location.start - 6:v.location.start] == "300002"
    codes = {f.code for f in check(report)}
    assert "T3_OUTCOME_TOTAL" in codes


def test_015_is_an_old_style_report():
    report = parse(CORPUS / "reports" / "015.txt")
    assert report.format == "pre2019"
    assert report.year == 2018
    assert report.agency == "平潭综合实验区"
    assert report.values == {}
    assert set(report.flat()) == {"meta.agency", "meta.year", "meta.format"}


def test_005_recovers_lost_labels_and_says_so():
    report = parse(CORPUS / "reports" / "005.md")
    assert report.format == "2021" and report.year == 2024
    flat = report.flat()
    # the narrative states: 34 new, 2 carried over, 9 granted, 10 unable, 14 other, 1 carried forward
    assert flat["t3.new.total"] == 34 and flat["t3.carried_over.total"] == 2
    assert flat["t3.granted.total"] == 9
    assert sum(flat[f"t3.unable.{r}.total"] for r in ("not_held", "needs_creation", "unclear")) == 10
    assert sum(flat[f"t3.other.{r}.total"] for r in ("no_correction", "unpaid_fee", "other")) == 14
    assert flat["t3.total.natural"] == 33 and flat["t3.carry_forward.natural"] == 1
    assert flat["t4.review.upheld"] == 1 and flat["t4.review.total"] == 1
    assert flat["t2.licensing.decisions"] == 97
    recovered = [n for n in report.notes if n.code == "PARSE_ROW_RECOVERED"]
    assert recovered and all("按位置认定" in n.message for n in recovered)
