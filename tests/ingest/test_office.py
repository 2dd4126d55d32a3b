"""DOC/WPS/RTF/ODT through LibreOffice: a DOCX made here, converted with soffice, read back."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from gongkai.ingest.document import ReadError
from gongkai.ingest.office import find_soffice, read_office
from tests.ingest.generate import random_flat, title, write_docx

pytestmark = pytest.mark.libreoffice


def _convert(src: Path, fmt: str, outdir: Path) -> Path:
    soffice = find_soffice()
    assert soffice, "LibreOffice (soffice) is needed for these tests: apt-get install libreoffice-writer"
    outdir.mkdir(exist_ok=True)
    subprocess.run([soffice, f"-env:UserInstallation={(outdir / 'profile').as_uri()}", "--headless",
                    "--convert-to", fmt, "--outdir", str(outdir), str(src)],
                   check=True, capture_output=True, timeout=180)
    out = outdir / f"{src.stem}.{fmt.split(':')[0]}"
    assert out.exists()
    return out


def test_doc_round_trip(tmp_path: Path):
    flat = random_flat("2021", 21)
    src = write_docx(flat, tmp_path / "report.docx")
    doc_file = _convert(src, "doc", tmp_path / "out")
    doc = read_office(doc_file)
    assert doc.kind == "doc"
    assert doc.paragraphs[0].text == title(flat)
    assert len(doc.tables) == 3
    t3 = doc.tables[1]
    # Merged cells survive DOC: the 3×3 note cell and the rowspan'd group labels.
    assert (t3.rows[0][0].rowspan, t3.rows[0][0].colspan) == (3, 3)
    new_row = [c.text for c in t3.rows[3]]
    expected = [str(flat[f"t3.new.{c}"]) if flat[f"t3.new.{c}"] is not None else ""
                for c in ("natural", "commercial", "research", "nonprofit", "legal", "other_org", "total")]
    assert new_row == ["一、本年新收政府信息公开申请数量"] + expected
    assert t3.rows[0][0].location.file == "report.doc"
    # And the whole report reads back to the map it was made from.
    import gongkai

    assert gongkai.parse(doc_file).flat() == flat
    # A DOC saved under a .docx name is still read (through the converter).
    renamed = tmp_path / "renamed.docx"
    renamed.write_bytes(doc_file.read_bytes())
    from gongkai.ingest.docx import read_docx

    assert len(read_docx(renamed).tables) == 3


def test_odt_and_rtf(tmp_path: Path):
    flat = random_flat("2019", 22)
    src = write_docx(flat, tmp_path / "report.docx")
    for fmt in ("odt", "rtf"):
        doc = read_office(_convert(src, fmt, tmp_path / fmt))
        assert doc.paragraphs[0].text == title(flat), fmt
        assert len(doc.tables) == 3, fmt


def test_libreoffice_missing(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("GONGKAI_SOFFICE", str(tmp_path / "no-such-soffice"))
    f = tmp_path / "old.doc"
    f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\0" * 600)
    with pytest.raises(ReadError) as e:
        read_office(f)
    assert e.value.code == "LIBREOFFICE_MISSING"
    assert "apt-get install libreoffice-writer" in e.value.reason and "old.doc" in e.value.reason


def test_garbage_doc_is_a_clear_error(tmp_path: Path):
    f = tmp_path / "broken.wps"
    f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00\x17" * 300)
    with pytest.raises(ReadError) as e:
        read_office(f)
    assert e.value.code in ("FILE_CORRUPT", "FILE_NOT_REPORT")
    assert "broken.wps" in e.value.reason


def test_real_sample_through_libreoffice(tmp_path: Path):
    """The real HTML sample converted by LibreOffice to DOCX (its own merge markup) and on to
    DOC reads to the same data as its truth."""
    import json

    import gongkai
    from tests.conftest import CORPUS, TRUTH

    truth = json.loads((TRUTH / "014.json").read_text(encoding="utf-8"))
    docx_file = _convert(CORPUS / "reports" / "014.html", "docx:MS Word 2007 XML", tmp_path / "docx")
    assert gongkai.parse(docx_file).flat() == truth
    doc_file = _convert(docx_file, "doc", tmp_path / "doc")
    assert gongkai.parse(doc_file).flat() == truth
