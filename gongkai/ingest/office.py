"""Legacy office formats (旧版 Word / WPS 文档): .doc, .wps, .rtf, .odt → :class:`Document`.

The file is converted to DOCX with LibreOffice in headless mode (``soffice --headless
--convert-to docx``) using a private user profile and a time limit, then read with
:func:`gongkai.ingest.docx.read_docx_bytes`. Without LibreOffice a :class:`ReadError` with code
``LIBREOFFICE_MISSING`` says how to install it.
"""
from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from .docx import CFB_MAGIC, _cfb_kind, _sniff, read_docx_bytes
from .document import Document, ReadError
from .html import is_mhtml, read_bytes, read_html

#: Seconds allowed for one conversion (a first start that creates the profile is slow).
TIMEOUT = int(os.environ.get("GONGKAI_SOFFICE_TIMEOUT", "180"))
OFFICE_SUFFIXES = (".doc", ".wps", ".rtf", ".odt", ".dot", ".wpt", ".docm", ".dotx", ".fodt", ".sxw")
_lock = threading.Lock()  # one conversion at a time per process: the profile is shared
_profile_dir: str | None = None


def find_soffice() -> str | None:
    """Path of the LibreOffice program, or None (``GONGKAI_SOFFICE`` overrides)."""
    env = os.environ.get("GONGKAI_SOFFICE")
    if env:
        return env if Path(env).exists() or shutil.which(env) else None
    for name in ("soffice", "libreoffice", "localc"):
        found = shutil.which(name)
        if found and name != "localc":
            return found
    for candidate in ("/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
                      "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if Path(candidate).exists():
            return candidate
    return None


def _profile() -> str:
    """A private LibreOffice profile for this process (so conversions never clash with a
    desktop LibreOffice or with other processes)."""
    global _profile_dir
    if _profile_dir is None or not Path(_profile_dir).exists():
        _profile_dir = tempfile.mkdtemp(prefix=f"gongkai-lo-{os.getpid()}-")
        atexit.register(shutil.rmtree, _profile_dir, True)
    return _profile_dir


def convert_to_docx(path: Path, soffice: str | None = None, timeout: int | None = None) -> bytes:
    """Convert an office document to DOCX bytes with LibreOffice (格式转换)."""
    soffice = soffice or find_soffice()
    if not soffice:
        raise ReadError(str(path), "LIBREOFFICE_MISSING",
                        f"读取 {path.name} 需要 LibreOffice 把 DOC/WPS 等旧版格式转换为 DOCX，但本机未安装 LibreOffice。"
                        "请安装后重试：Debian/Ubuntu 执行 `sudo apt-get install libreoffice-writer`，"
                        "其他系统请从 https://www.libreoffice.org 下载安装；或用 Word/WPS 将文件另存为 DOCX。")
    timeout = timeout or TIMEOUT
    with _lock, tempfile.TemporaryDirectory(prefix="gongkai-conv-") as tmp:
        # Copy under a plain ASCII name: LibreOffice stumbles on some names and we want a known output.
        src = Path(tmp) / ("input" + (path.suffix.lower() or ".doc"))
        shutil.copyfile(path, src)
        outdir = Path(tmp) / "out"
        outdir.mkdir()
        cmd = [soffice, f"-env:UserInstallation={Path(_profile()).as_uri()}", "--headless", "--invisible",
               "--nologo", "--nodefault", "--norestore", "--nolockcheck",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir), str(src)]
        env = dict(os.environ, HOME=tmp) if not os.environ.get("HOME") else None
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                    start_new_session=True)
        except OSError as e:
            raise ReadError(str(path), "LIBREOFFICE_MISSING",
                            f"无法启动 LibreOffice（{soffice}）来转换 {path.name}：{e}。"
                            "请确认已安装：Debian/Ubuntu 执行 `sudo apt-get install libreoffice-writer`。") from None
        try:
            _out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                proc.kill()
            proc.communicate()
            raise ReadError(str(path), "FILE_CORRUPT",
                            f"用 LibreOffice 转换 {path.name} 超过 {timeout} 秒仍未完成，已中止；文件可能损坏或加密。") from None
        out = outdir / "input.docx"
        if not out.exists() or out.stat().st_size == 0:
            detail = (err or b"").decode("utf-8", "replace").strip().splitlines()
            raise ReadError(str(path), "FILE_CORRUPT",
                            f"LibreOffice 无法转换 {path.name}（文件可能损坏、加密或不是文字处理文档）"
                            + (f"：{detail[-1][:200]}" if detail else "。"))
        return out.read_bytes()


def read_office(path: Path, kind: str | None = None) -> Document:
    """Read a .doc/.wps/.rtf/.odt file (旧版 Word/WPS 文档) via LibreOffice → DOCX."""
    path = Path(path)
    data = read_bytes(path, "DOC/WPS")
    if data.startswith(CFB_MAGIC) and _cfb_kind(data) == "encrypted":
        raise ReadError(str(path), "FILE_ENCRYPTED",
                        f"文件 {path.name} 是加密（设置了打开密码）的文档，无法读取；请去除密码后另存为 DOCX 再试。")
    what = _sniff(data)
    if what == "网页（HTML）" or is_mhtml(data):
        # Portals often serve a web page (or a Word "single file web page") named .doc.
        return _as_kind(read_html(path), kind or "doc")
    if what in ("PDF 文件", "PNG 图片", "JPEG 图片", "GIF 图片"):
        raise ReadError(str(path), "FILE_TYPE", f"文件 {path.name} 不是 Word/WPS 文档，其内容是{what}；请检查文件扩展名。")
    if data.startswith(b"PK\x03\x04"):
        # Already a DOCX (or ODT) saved under an old extension: read DOCX directly when possible.
        try:
            return _as_kind(read_docx_bytes(path, data), kind or "doc")
        except ReadError as e:
            if e.code != "FILE_TYPE":
                raise
    docx = convert_to_docx(path)
    return _as_kind(read_docx_bytes(path, docx), kind or "doc")


def _as_kind(doc: Document, kind: str) -> Document:
    doc.kind = kind
    return doc
