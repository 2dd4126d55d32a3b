"""Round trip: ``parse(render(report)).flat() == report.flat()`` for every output format, over
random valid reports of both formats (hypothesis) and over the seed reports."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.ingest import parse
from gongkai.render import write
from gongkai.render.autotext import with_auto_text
from gongkai.render.pdf import docx_to_pdf_many
from gongkai.render.sample import random_report
from gongkai.rules import check

from ..conftest import seed_files
from .conftest import EXAMPLES, diff, fixed_reports

reports = st.builds(
    random_report,
    st.randoms(use_true_random=False),
    st.sampled_from(["2019", "2021"]),
    st.one_of(st.none(), st.booleans()),
    st.booleans(),
)
FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _round_trip(report, ext: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = write(report, Path(tmp) / f"report.{ext}")
        return diff(report.flat(), parse(out).flat())


@FAST
@given(reports)
def test_generated_reports_are_valid(report):
    """The generator really makes valid reports: no error-level finding, also with --auto-text."""
    errors = [f for f in check(report) if f.severity == "error"]
    assert not errors, [f.message for f in errors]
    errors = [f for f in check(with_auto_text(report)) if f.severity == "error"]
    assert not errors, [f.message for f in errors]


@FAST
@given(reports)
def test_round_trip_html(report):
    assert _round_trip(report, "html") == {}


@FAST
@given(reports)
def test_round_trip_markdown(report):
    assert _round_trip(report, "md") == {}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports)
def test_round_trip_docx(report):
    assert _round_trip(report, "docx") == {}


# ----------------------------------------------------------------------------- PDF (one soffice run)

PDF_COUNT = 16


@pytest.fixture(scope="module")
def pdf_batch(tmp_path_factory):
    """Random reports and seed reports → DOCX → PDF in a single LibreOffice run."""
    tmp = tmp_path_factory.mktemp("pdf")
    items = [(f"random-{i}", r) for i, r in enumerate(fixed_reports(PDF_COUNT, start=1000))]
    items += [(f"seed-{p.stem}", parse(p)) for p in seed_files()]
    docs = []
    for name, r in items:
        docs.append(write(r, tmp / f"{name}.docx"))
    pdfs = docx_to_pdf_many(docs, tmp / "pdf")
    return [(name, r, pdf) for (name, r), pdf in zip(items, pdfs)]


@pytest.mark.libreoffice
def test_round_trip_pdf(pdf_batch):
    failures = {name: d for name, r, pdf in pdf_batch if (d := diff(r.flat(), parse(pdf).flat()))}
    assert not failures
    assert len(pdf_batch) >= PDF_COUNT + 5
    formats = {r.format for _, r, _ in pdf_batch}
    assert formats == {"2019", "2021"}


# ----------------------------------------------------------------------------- seeds


@pytest.mark.parametrize("path", seed_files(), ids=lambda p: p.stem[:3])
@pytest.mark.parametrize("ext", ["docx", "html", "md"])
def test_seed_round_trip(path, ext):
    report = parse(path)
    assert report.format in ("2019", "2021")
    assert _round_trip(report, ext) == {}


def test_fixed_reports_cover_both_formats():
    rs = fixed_reports(4)
    assert {r.format for r in rs} == {"2019", "2021"}
    assert len({tuple(sorted(r.flat().items(), key=str)) for r in rs}) == 4


@pytest.mark.parametrize("ext", ["docx", "html", "md"])
def test_text_survives_round_trip(ext, tmp_path):
    from gongkai.render import load

    r = load(str(EXAMPLES / "report-2021.yaml"))
    back = parse(write(r, tmp_path / f"r.{ext}"))
    assert [s.number for s in back.sections] == [1, 2, 3, 4, 5, 6]
    assert back.title == "2025年示例市交通运输局政府信息公开工作年度报告" and back.date == "2026年1月20日"
    assert [p.text for p in back.section(5).paragraphs] == [p.text for p in r.section(5).paragraphs]
    assert [p.text for p in back.section(1).paragraphs] == [p.text for p in r.section(1).paragraphs]
