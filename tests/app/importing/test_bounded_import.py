"""A bounded import: workbooks built to exhaust memory or time are refused at once, in a child
process whose peak memory is measured; each count has its limit, named in the message."""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.importing import WorkbookImportError, read_file
from app.importing import workbook as workbook_module
from app.importing.package import PackageLimits
from tests.app.importing import bombs
from tests.app.importing.broken import SHEET, handmade

MEMORY_MB = 300
_CHILD = ("import sys\nfrom jixiao.cli import main\nsys.exit(main(sys.argv[1:]))\n")


def _limit_address_space() -> None:
    # A regression should fail here with MemoryError (exit 3), not take the machine's memory.
    resource.setrlimit(resource.RLIMIT_AS, (3 * 1024 ** 3, 3 * 1024 ** 3))


def run_import(path: Path, *extra: str) -> tuple[int, str, int]:
    """``jixiao-cli import`` in a child process: its exit code, stderr and peak memory (MB)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    process = subprocess.Popen(
        [sys.executable, "-c", _CHILD, "import", str(path), "-o", str(path.with_suffix(".jixiao")),
         *extra], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
        preexec_fn=_limit_address_space, cwd=Path(__file__).parents[3])
    assert process.stderr is not None
    deadline = time.monotonic() + 60  # a hang guard, not a speed test
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            process.kill()
            os.wait4(process.pid, 0)
            pytest.fail(f"the import of {path.name} did not end within 60 s")
        time.sleep(0.05)
    error = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, error, usage.ru_maxrss // 1024


@pytest.mark.parametrize("build, message", [
    (bombs.huge_merge, f"表“{SHEET}”第1行H列：合并单元格H1:XFD1048576等合计覆盖的单元格超过 400,000 个"),
    (bombs.empty_styled_cells, "xl/worksheets/sheet1.xml”解压后超过 32 MB 的导入上限"),
    (bombs.empty_shared_strings, "xl/sharedStrings.xml”解压后超过 32 MB 的导入上限"),
], ids=["one merged range H1:XFD1048576", "12 million empty styled cells",
        "25 million empty shared strings"])
def test_a_workbook_bomb_is_refused_within_the_memory_bound(build, message, tmp_path):
    path = build(tmp_path)
    assert path.stat().st_size < 400_000
    code, error, peak = run_import(path, "--template", "jiangsu-dept-target")
    assert code == 2 and message in error, error
    assert peak < MEMORY_MB, f"{peak} MB"


def test_a_sheet_of_random_texts_is_refused_within_the_memory_bound(tmp_path):
    path = bombs.random_texts(tmp_path)
    for extra in ((), ("--template", "jiangsu-dept-target")):
        code, error, peak = run_import(path, *extra)
        assert code == 2 and ("找不到“单位名称”" in error or "看出是哪种表" in error), error
        assert peak < MEMORY_MB, f"{peak} MB"


# -- each count against its limit (set low here, so that a small workbook passes it) ----------
def _rows(cells: str, count: int) -> str:
    return "".join(f'<row r="{r}">{cells}</row>' for r in range(1, count + 1))


@pytest.mark.parametrize("limit, value, rows, shared, message", [
    ("MAX_CELL_ELEMENTS", 100, _rows('<c s="0"/>' * 20, 10), [],
     f"表“{SHEET}”：单元格（含空的带格式单元格）超过 100 个的导入上限"),
    ("MAX_CELLS", 50, _rows('<c t="inlineStr"><is><t>字</t></is></c>' * 10, 10), [],
     f"表“{SHEET}”：有内容的单元格超过 50 个的导入上限"),
    ("MAX_SHARED_STRINGS", 10, _rows("", 1), ["a"] * 11, "共享文字超过 10 条的导入上限"),
    ("MAX_SHARED_CHARACTERS", 100, _rows("", 1), ["字" * 60, "字" * 60],
     "共享文字合计超过 100 字的导入上限"),
    ("MAX_MERGED_AREA", 1000, _rows("", 1) + "</sheetData><mergeCells><mergeCell ref=\"A2:J50\"/>"
     "<mergeCell ref=\"A60:J200\"/></mergeCells><sheetData>", [],
     f"表“{SHEET}”第60行A列：合并单元格A60:J200等合计覆盖的单元格超过 1,000 个的导入上限"),
], ids=["cells stored", "cells with a value", "shared strings", "shared characters",
        "merged area"])
def test_each_count_is_refused_past_its_limit(limit, value, rows, shared, message, tmp_path,
                                              monkeypatch):
    path = handmade(tmp_path / "计数.xlsx", [(SHEET, rows)], shared=shared)
    read_file(path)  # within the usual limits
    monkeypatch.setattr(workbook_module, limit, value)
    with pytest.raises(WorkbookImportError) as refused:
        read_file(path)
    assert message in str(refused.value)


def test_styles_are_counted(tmp_path, monkeypatch):
    path = bombs.random_texts(tmp_path, rows=2, columns=2)
    monkeypatch.setattr(workbook_module, "MAX_STYLES", 1)
    with pytest.raises(WorkbookImportError, match="单元格样式超过 1 个的导入上限"):
        read_file(path)


@pytest.mark.parametrize("limits, message", [
    (PackageLimits(elements=500), "XML 元素超过 500 个的导入上限"),
    (PackageLimits(part_bytes=10_000), "xl/worksheets/sheet1.xml”解压后超过 0 MB 的导入上限"),
    (PackageLimits(total_bytes=10_000), "解压后超过 0 MB 的导入上限"),
    (PackageLimits(ratio=1, ratio_from=100_000), "xl/worksheets/sheet1.xml”的压缩比异常（超过 1 倍）"),
    (PackageLimits(entries=3), "压缩包中的文件过多"),
], ids=["elements", "one part", "all parts", "ratio", "entries"])
def test_the_package_limits(limits, message, tmp_path, monkeypatch):
    path = bombs.random_texts(tmp_path, rows=300, columns=20)
    read_file(path)
    monkeypatch.setattr(workbook_module, "LIMITS", limits)
    with pytest.raises(WorkbookImportError) as refused:
        read_file(path)
    assert message in str(refused.value)


def test_the_declared_size_is_not_trusted(tmp_path, monkeypatch):
    """A zip that says its sheet is small: what comes out is what counts (here it stops at the
    size said, and the check of its contents finds the rest missing)."""
    import zipfile

    path = bombs.random_texts(tmp_path, rows=300, columns=20)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size > 10_000
    # the central directory's uncompressed size of the sheet, rewritten as 100 bytes
    name_at = data.find(b"xl/worksheets/sheet1.xml", data.find(b"PK\x01\x02"))
    entry = data.rfind(b"PK\x01\x02", 0, name_at)
    data[entry + 24:entry + 28] = (100).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    monkeypatch.setattr(workbook_module, "LIMITS", PackageLimits(part_bytes=10_000))
    with pytest.raises(WorkbookImportError) as refused:
        read_file(path)
    assert "解压后超过" in str(refused.value) or "已损坏" in str(refused.value)


def test_a_merged_cell_at_the_sheets_last_cell_is_left_out(tmp_path):
    """A one-cell merged range at XFD1048576 (found by the fuzz campaign): it once grew the
    sheet to a million rows of 16,384 columns, searched by every block of the form."""
    from app.projectfile import load_document
    from tests.app.importing.broken import patch
    from tests.app.importing.roundtrip import export_xlsx
    from tests.conftest import EXAMPLE_FILES

    path = export_xlsx(load_document(EXAMPLE_FILES["national-project-eval"]), tmp_path / "合并.xlsx")
    patch(path, "xl/worksheets/sheet1.xml", b"<mergeCell ", b'<mergeCell ref="XFD1048576"/><mergeCell ')
    # read as another form, so that every block searches the whole sheet for its label
    code, error, peak = run_import(path, "--template", "sichuan-project-eval")
    assert code == 2 and "这个工作簿是“全国 · 项目支出绩效自评表" in error, error
    assert peak < MEMORY_MB
