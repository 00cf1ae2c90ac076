"""Exporting onto a disk that is full (a file size limit for the process: every write past it
fails, as on a full disk): a Chinese message, exit 2, no English traceback after it, no file
under the final name and no leftover temporary file."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLE_FILES
from tests.e2e.test_cli import ROOT

LIMIT = 16 * 1024  # bytes any file of the process may reach; every export is larger


def _limited() -> None:
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails (EFBIG) instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="file size limits are POSIX only")
@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_an_export_that_cannot_be_written_whole_fails_in_chinese_only(tmp_path, fmt):
    out = tmp_path / "导出"
    result = subprocess.run(
        [sys.executable, "-m", "jixiao", "export", str(EXAMPLE_FILES["guizhou"]), "-o", str(out),
         "--format", fmt, "--force"], capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
        timeout=120, preexec_fn=_limited)
    # Before: docx and xlsx printed ZipFile.__del__'s traceback after the message; the PDF was
    # cut off at the limit and reported as exported (Qt ignores a failed write).
    assert result.returncode == 2, result.stdout + result.stderr
    assert "文件过大" in result.stderr
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr
    assert list(out.iterdir()) == []
