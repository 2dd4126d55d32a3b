"""PDF writer (生成 PDF): the DOCX converted by LibreOffice (``soffice --headless --convert-to pdf``).

Why LibreOffice and not WeasyPrint (HTML → PDF):

* one layout: the PDF is the very DOCX an office would print — same margins, merged table cells,
  page numbers ``— 1 —`` on odd/even sides, repeated Table 3 header rows on a new page; a second
  layout in CSS paged media would drift from it;
* LibreOffice is already a dependency of gongkai (``gongkai.ingest`` converts DOC/WPS with it), is a
  Debian package, and embeds subsets of the fonts it uses; WeasyPrint would add Pango/cairo
  wheels and still need the same CJK fonts.

The cost is speed (~1–2 s a file, most of it start-up): :func:`docx_to_pdf_many` converts many
files in one soffice run. A private profile directory is used for every run (no clash with a user's
LibreOffice or with parallel runs) and a timeout bounds it.

Fonts: the DOCX names the GB fonts (仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋简体), which a Linux server
does not have. A private fontconfig file (``FONTCONFIG_FILE``) maps them to free fonts that exist:
Noto Serif CJK SC for 宋/仿宋/小标宋 (bold for 小标宋), Noto Sans CJK SC for 黑体, AR PL UKai (if
installed) for 楷体. Debian packages the PDF path needs: ``libreoffice-writer`` (or
``libreoffice-core`` + ``libreoffice-writer-nogui``), ``fonts-noto-cjk``; optional
``fonts-arphic-ukai`` for a true 楷体; ``poppler-utils`` for the PNG previews in the tests.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..model.report import Report

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
KAI = "AR PL UKai CN"
_ALIASES = {
    "仿宋_GB2312": [SERIF], "仿宋": [SERIF], "FangSong": [SERIF], "FangSong_GB2312": [SERIF],
    "宋体": [SERIF], "SimSun": [SERIF], "方正小标宋简体": [SERIF],
    "黑体": [SANS], "SimHei": [SANS],
    "楷体_GB2312": [KAI, SERIF], "楷体": [KAI, SERIF], "KaiTi": [KAI, SERIF], "KaiTi_GB2312": [KAI, SERIF],
}


class PdfError(Exception):
    """The PDF could not be made; ``reason`` is Chinese."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def fontconfig_text() -> str:
    parts = ['<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">', "<fontconfig>",
             '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>']
    for name, prefer in _ALIASES.items():
        fams = "".join(f"<family>{f}</family>" for f in prefer)
        parts.append(f'  <alias binding="strong"><family>{name}</family><prefer>{fams}</prefer></alias>')
    # 小标宋 is a heavy face: use the bold serif for it
    parts.append('  <match target="pattern"><test name="family"><string>方正小标宋简体</string></test>'
                 '<edit name="weight" mode="assign" binding="strong"><const>bold</const></edit></match>')
    parts.append("</fontconfig>")
    return "\n".join(parts) + "\n"


def _env(workdir: Path) -> dict[str, str]:
    conf = workdir / "fonts.conf"
    conf.write_text(fontconfig_text(), encoding="utf-8")
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(conf)
    env["HOME"] = str(workdir)
    env.pop("DISPLAY", None)
    return env


def docx_to_pdf_many(docx_paths: list[Path], outdir: Path, timeout: float | None = None) -> list[Path]:
    """Convert DOCX files to PDF in one LibreOffice run; returns the PDF paths (same stems)."""
    return soffice_convert(docx_paths, outdir, "pdf", "pdf:writer_pdf_Export", timeout)


def soffice_convert(docx_paths: list[Path], outdir: Path, ext: str, target: str,
                    timeout: float | None = None) -> list[Path]:
    """Convert files with LibreOffice in one run (``--convert-to target``); returns ``outdir/stem.ext``."""
    exe = soffice_path()
    if exe is None:
        raise PdfError("未找到 LibreOffice（soffice）：生成 PDF 需要安装 libreoffice-writer 和 fonts-noto-cjk")
    if not docx_paths:
        return []
    outdir.mkdir(parents=True, exist_ok=True)
    timeout = timeout or 60 + 5 * len(docx_paths)
    with tempfile.TemporaryDirectory(prefix="gongkai-lo-") as tmp:
        work = Path(tmp)
        profile = (work / "profile").as_uri()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
               "--convert-to", target, "--outdir", str(outdir)] + [str(p) for p in docx_paths]
        try:
            proc = subprocess.run(cmd, env=_env(work), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice 转换 PDF 超时（{timeout:.0f} 秒）") from None
    outs = [outdir / (Path(p).stem + "." + ext) for p in docx_paths]
    missing = [o for o in outs if not o.exists()]
    if missing:
        detail = (proc.stderr or proc.stdout or b"").decode("utf-8", "replace").strip()[-300:]
        raise PdfError(f"LibreOffice 未能生成 {missing[0].name}（退出码 {proc.returncode}）{('：' + detail) if detail else ''}")
    return outs


def write_pdf(report: Report, out: str | Path) -> None:
    """Render the report to DOCX in a temporary folder and convert it to PDF at ``out``."""
    from .docx import write_docx

    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="gongkai-pdf-") as tmp:
        src = Path(tmp) / (out.stem or "report")
        src = src.with_suffix(".docx")
        write_docx(report, src)
        pdf = docx_to_pdf_many([src], Path(tmp) / "out")[0]
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(pdf), out)


def font_report(pdf_path: str | Path) -> list[dict]:
    """Fonts used by a PDF (PyMuPDF): name, type and whether the font program is embedded."""
    import pymupdf

    seen: dict[str, dict] = {}
    with pymupdf.open(str(pdf_path)) as doc:
        for page in doc:
            for xref, ext, ftype, basefont, *_ in page.get_fonts(full=True):
                seen.setdefault(basefont, {"name": basefont, "type": ftype, "embedded": ext not in ("", "n/a"),
                                           "xref": xref})
    return list(seen.values())
