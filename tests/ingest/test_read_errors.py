"""Unreadable input gives a ReadError with a stable code and a Chinese reason naming the file —
through the public entry points (``gongkai.parse``, ``gongkai.ingest.read_document``) and
through the format readers themselves (which know the precise cause)."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import gongkai
from gongkai.ingest import read_document
from gongkai.ingest.document import ReadError
from gongkai.ingest.docx import read_docx
from gongkai.ingest.html import read_html
from gongkai.ingest.markdown import read_markdown
from tests.ingest.generate import random_flat, write_docx

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde" + b"\0" * 64
CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _encrypted_docx(path: Path) -> Path:
    """What Word writes for a password-protected .docx: an OLE compound file holding the
    EncryptionInfo and EncryptedPackage streams (directory names are UTF-16LE)."""
    body = bytearray(CFB + b"\x00" * 504)
    for name in ("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"):
        entry = name.encode("utf-16-le") + b"\x00\x00"
        body += entry + b"\x00" * (128 - len(entry))
    body += b"\x5a" * 4096
    path.write_bytes(bytes(body))
    return path


def _reason_ok(err: ReadError, name: str) -> None:
    assert name in err.reason, err.reason
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.reason), err.reason
    assert "Traceback" not in err.reason


def _expect(path: Path, codes: set[str]) -> ReadError:
    with pytest.raises(ReadError) as e:
        gongkai.parse(path)
    assert e.value.code in codes, (e.value.code, e.value.reason)
    _reason_ok(e.value, path.name)
    return e.value


@pytest.mark.parametrize("name", ["empty.docx", "empty.html", "empty.md", "empty.doc"])
def test_empty_files(tmp_path: Path, name: str):
    p = tmp_path / name
    p.write_bytes(b"")
    _expect(p, {"FILE_EMPTY"})
    reader = {"docx": read_docx, "html": read_html, "md": read_markdown}.get(name.split(".")[1])
    if reader:
        with pytest.raises(ReadError) as e:
            reader(p)
        assert e.value.code == "FILE_EMPTY"
        _reason_ok(e.value, name)


def test_truncated_docx(tmp_path: Path):
    full = write_docx(random_flat("2021", 1), tmp_path / "full.docx").read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(full[: len(full) // 2])
    # The DOCX reader knows the cause: the end of the ZIP package is missing.
    with pytest.raises(ReadError) as e:
        read_docx(cut)
    assert e.value.code == "FILE_TRUNCATED"
    _reason_ok(e.value, "cut.docx")
    assert "不完整" in e.value.reason
    # The public entry point passes the reader's precise code on.
    err = _expect(cut, {"FILE_TRUNCATED"})
    assert "不完整" in err.reason


def test_corrupt_docx_member(tmp_path: Path):
    src = write_docx(random_flat("2019", 2), tmp_path / "ok.docx")
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 3]  # cut XML: not well-formed
            zout.writestr(item, data)
    with pytest.raises(ReadError) as e:
        read_docx(bad)
    assert e.value.code == "FILE_CORRUPT"
    _reason_ok(e.value, "bad.docx")
    _expect(bad, {"FILE_CORRUPT"})


def test_wrong_content_for_extension(tmp_path: Path):
    png = tmp_path / "picture.docx"
    png.write_bytes(PNG)
    with pytest.raises(ReadError) as e:
        read_docx(png)
    assert e.value.code == "FILE_TYPE" and "PNG" in e.value.reason
    _reason_ok(e.value, "picture.docx")
    err = _expect(png, {"FILE_TYPE"})
    assert "PNG" in err.reason
    xlsx = tmp_path / "sheet.docx"
    with zipfile.ZipFile(xlsx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ReadError) as e:
        read_docx(xlsx)
    assert e.value.code == "FILE_TYPE" and "Excel" in e.value.reason
    # Binary content under .html / .md names.
    for name, reader in (("page.html", read_html), ("notes.md", read_markdown)):
        p = tmp_path / name
        p.write_bytes(PNG)
        with pytest.raises(ReadError) as e:
            reader(p)
        assert e.value.code == "FILE_TYPE"
        _reason_ok(e.value, name)


def test_encrypted_docx(tmp_path: Path):
    p = _encrypted_docx(tmp_path / "secret.docx")
    with pytest.raises(ReadError) as e:
        read_docx(p)
    assert e.value.code == "FILE_ENCRYPTED" and "加密" in e.value.reason
    _reason_ok(e.value, "secret.docx")
    err = _expect(p, {"FILE_ENCRYPTED"})
    assert "加密" in err.reason


def test_html_page_without_report(tmp_path: Path):
    p = tmp_path / "news.html"
    p.write_text("<html><head><meta charset='utf-8'><title>新闻</title></head><body>"
                 "<div class='nav'><a href='/'>首页</a></div><h1>某某市召开全体会议</h1>"
                 "<p>会议研究部署了下一阶段重点工作。</p>"
                 "<table><tr><td>姓名</td><td>职务</td></tr><tr><td>张三</td><td>主任</td></tr></table>"
                 "</body></html>", encoding="utf-8")
    _expect(p, {"FILE_NOT_REPORT"})


def test_missing_file(tmp_path: Path):
    with pytest.raises(ReadError) as e:
        read_document(tmp_path / "nowhere.docx")
    assert e.value.code == "FILE_MISSING"
    with pytest.raises(ReadError) as e:
        read_docx(tmp_path / "nowhere.docx")
    assert e.value.code == "FILE_MISSING"


def test_web_archive_named_doc_is_read(tmp_path: Path):
    """A Word "single file web page" (MHTML) under a .doc name: no magic bytes decide it, so
    the .doc reader gets it and reads the page inside — no LibreOffice needed."""
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    from tests.ingest.generate import report_html

    flat = random_flat("2021", 5)
    archive = MIMEMultipart("related")
    archive.attach(MIMEText(report_html(flat), "html", "utf-8"))
    p = tmp_path / "report.doc"
    p.write_bytes(archive.as_bytes())
    assert read_document(p).kind == "doc"
    report = gongkai.parse(p)
    assert report.year == flat["meta.year"]
    got = report.flat()
    assert all(got.get(k) == v for k, v in flat.items() if k.startswith("t2.")), "Table 2 read wrongly"
