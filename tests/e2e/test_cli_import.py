"""``jixiao-cli import`` as a user's script runs it: a real process, real files, exit codes."""
from __future__ import annotations

import os
import subprocess
import sys

from app.projectfile import load_document
from tests.app.importing.roundtrip import canonical
from tests.conftest import EXAMPLE_FILES, ROOT


def cli(*args):
    return subprocess.run([sys.executable, "-m", "jixiao", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def test_export_then_import_gives_the_document_back(tmp_path):
    exported = cli("export", EXAMPLE_FILES["jiangsu"], "-o", tmp_path / "导出", "--format", "xlsx")
    assert exported.returncode == 0, exported.stderr
    workbook, = (tmp_path / "导出").glob("*.xlsx")
    before = (workbook.read_bytes(), os.stat(workbook).st_mtime_ns)
    result = cli("import", workbook, "-o", tmp_path / "导入")
    assert result.returncode == 0, result.stderr
    assert "已导入" in result.stdout and result.stderr == ""
    assert load_document(tmp_path / "导入.jixiao") == canonical(load_document(EXAMPLE_FILES["jiangsu"]))
    assert (workbook.read_bytes(), os.stat(workbook).st_mtime_ns) == before


def test_a_workbook_that_cannot_be_imported_exits_2_and_writes_nothing(tmp_path):
    workbook = tmp_path / "旧版.xlsx"
    workbook.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    result = cli("import", workbook, "--template", "jiangsu-dept-target", "-o", tmp_path / "x")
    assert result.returncode == 2
    assert "旧版 Excel 文件" in result.stderr and "未生成文件" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["旧版.xlsx"]
