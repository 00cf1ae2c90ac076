"""Old Word files, converted to .docx through LibreOffice so the Word import reads them: a Word
97–2003 document (.doc) or a WPS 文字 file (.wps), both OLE compound files, told by their content
(a ``WordDocument`` stream; an OLE file named .doc/.dot/.wps without one is tried too). An
encrypted .docx is an OLE file as well (an ``EncryptedPackage`` stream): it is left to the
Word reader's refusal, never converted.

LibreOffice runs headless on a copy of the bytes already read, in a temporary folder with its
own profile (the user's LibreOffice settings and any open LibreOffice are never touched), and is
killed with everything it started after ``TIME_LIMIT`` seconds or at the editor's 取消. Without
LibreOffice the refusal says what to install, or to save the file as .docx in Word or WPS.
``JIXIAO_SOFFICE`` names the LibreOffice program when it is not found on its own.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from app.importing.package import PackageCancelled
from app.importing.problems import ImportProblem, WorkbookImportError

SOFFICE_ENV = "JIXIAO_SOFFICE"
TIME_LIMIT = 60.0  # seconds; a .doc of a few forms converts in a few
MAX_DOCX_BYTES = 64 * 1024 * 1024
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A directory entry's name is UTF-16 padded with NULs: the name and its terminator.
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le") + b"\x00\x00"
_WORD_STREAM = "WordDocument".encode("utf-16-le") + b"\x00\x00"
OLD_WORD_SUFFIXES = (".doc", ".dot", ".wps", ".wpt")
_POLL = 0.1  # seconds between looks at the process and at 取消
# LibreOffice and what it starts in a group of their own, killed together.
_NEW_GROUP = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)

_SAVE_AS = "或在 Word 或 WPS 中打开它，“另存为” Word 文档（.docx）后再导入"


def is_old_word(data: bytes, path: Path | None) -> bool:
    """Whether the bytes are a Word 97–2003 or WPS file to convert (not an encrypted .docx)."""
    if not data.startswith(_OLE_SIGNATURE) or _ENCRYPTED in data:
        return False
    named = path is not None and path.suffix.lower() in OLD_WORD_SUFFIXES
    return _WORD_STREAM in data or named


def find_soffice() -> str | None:
    """The LibreOffice program: ``JIXIAO_SOFFICE`` when set (None if it names no file), else
    the one on PATH or in LibreOffice's usual install folder."""
    named = os.environ.get(SOFFICE_ENV)
    if named is not None:
        return named if Path(named).is_file() else None
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    for candidate in _usual_places():
        if candidate.is_file():
            return str(candidate)
    return None


def _usual_places() -> list[Path]:
    if sys.platform == "win32":
        return [Path(os.environ.get(v, d)) / "LibreOffice" / "program" / "soffice.exe"
                for v, d in (("ProgramFiles", r"C:\Program Files"),
                             ("ProgramFiles(x86)", r"C:\Program Files (x86)"))]
    if sys.platform == "darwin":
        return [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    return [Path("/opt/libreoffice/program/soffice")]


def _fail(message: str, path: Path | None) -> WorkbookImportError:
    return WorkbookImportError([ImportProblem(message)], path)


def convert_old_word(data: bytes, path: Path | None = None,
                     cancelled: Callable[[], bool] | None = None) -> bytes:
    """The .docx LibreOffice makes of an old Word file's bytes; raises ``WorkbookImportError``
    (no LibreOffice, it failed, it took too long) or ``PackageCancelled``."""
    soffice = find_soffice()
    if soffice is None:
        raise _fail("这是旧版 Word 文件（.doc）或 WPS 文字文件（.wps），需要 LibreOffice 转换后才能导入："
                    "请安装 LibreOffice（免费，https://zh-cn.libreoffice.org），" + _SAVE_AS, path)
    suffix = path.suffix.lower() if path is not None and \
        path.suffix.lower() in OLD_WORD_SUFFIXES else ".doc"
    with tempfile.TemporaryDirectory(prefix="jixiao-convert-") as folder:
        work = Path(folder)
        source = work / f"source{suffix}"  # a plain name: the user's own is never passed on
        source.write_bytes(data)
        out = work / "out"
        command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                   "--convert-to", "docx", "--outdir", str(out), str(source)]
        _run(command, work, path, cancelled)
        target = out / "source.docx"
        if not target.is_file() or target.stat().st_size == 0:
            raise _fail("LibreOffice 无法转换这个旧版 Word 文件（.doc/.wps）：文件可能已损坏或设置了打开密码；"
                        "请" + _SAVE_AS.removeprefix("或"), path)
        if target.stat().st_size > MAX_DOCX_BYTES:
            raise _fail(f"转换后的 Word 文档超过 {MAX_DOCX_BYTES // 1024 // 1024} MB 的导入上限，"
                        "不像一份绩效表", path)
        return target.read_bytes()


def _run(command: list[str], work: Path, path: Path | None,
         cancelled: Callable[[], bool] | None) -> None:
    """LibreOffice run to its end, or killed (with what it started) at the time limit or 取消."""
    with open(work / "log.txt", "wb") as log:
        try:
            process = subprocess.Popen(command, cwd=work, stdin=subprocess.DEVNULL, stdout=log,
                                       stderr=subprocess.STDOUT,
                                       start_new_session=sys.platform != "win32",
                                       creationflags=_NEW_GROUP)
        except OSError as exc:
            raise _fail(f"无法启动 LibreOffice（{exc.strerror or exc}）；" + _SAVE_AS.removeprefix("或"),
                        path) from None
        deadline = time.monotonic() + TIME_LIMIT
        try:
            while True:
                try:
                    process.wait(_POLL)
                    return
                except subprocess.TimeoutExpired:
                    pass
                if cancelled is not None and cancelled():
                    raise PackageCancelled()
                if time.monotonic() > deadline:
                    raise _fail(f"LibreOffice 转换旧版 Word 文件超过 {TIME_LIMIT:.0f} 秒仍未完成，已停止；"
                                "请" + _SAVE_AS.removeprefix("或"), path)
        finally:
            _kill(process)


def _kill(process: subprocess.Popen[bytes]) -> None:
    """The process and everything it started (soffice starts soffice.bin), ended or not."""
    if sys.platform == "win32":
        if process.poll() is None:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)],
                           capture_output=True, check=False)
    else:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    if process.poll() is None:
        process.kill()
    process.wait()
