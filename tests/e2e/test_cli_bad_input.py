"""Every bad input exits 2 with its own Chinese reason, never 3 (程序内部错误): an unreadable
workbook says why before any guess of its form, a pipe or a device is refused at once, the
output may not be the input, arguments that are not UTF-8 are said."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from app import cli
from app.importing import WorkbookImportError, read_file
from tests.app.importing.broken import BROKEN, exported, handmade
from tests.conftest import EXAMPLE_FILES, ROOT

GUESS = "看出是哪种表"


def run_cli(capsys, *args) -> tuple[int, str]:
    capsys.readouterr()
    code = cli.main([str(a) for a in args])
    error = capsys.readouterr().err
    assert "Traceback" not in error and "程序内部错误" not in error, error
    return code, error


def test_a_missing_workbook_is_said_to_be_missing(tmp_path, capsys):
    code, error = run_cli(capsys, "import", tmp_path / "不存在.xlsx", "-o", tmp_path / "a")
    assert code == 2 and "文件不存在" in error and GUESS not in error, error


UNREADABLE = [case for case in BROKEN if case.name in {
    "an empty file", "a .xls renamed .xlsx", "a password-protected workbook",
    "a zip that is not a workbook", "a Word document renamed", "an OpenDocument spreadsheet",
    "a text file renamed", "a truncated file", "a corrupt deflate stream", "XML declared GBK",
    "an entity declared after a long comment", "duplicate sheets", "a huge sheet",
    "superscript digits in a row number"}]


@pytest.mark.parametrize("case", UNREADABLE, ids=[c.name for c in UNREADABLE])
def test_without_a_template_a_file_that_cannot_be_read_says_why(case, tmp_path, capsys):
    source, message = case.make(tmp_path)
    with pytest.raises(WorkbookImportError) as unreadable:
        read_file(source)
    code, error = run_cli(capsys, "import", source, "-o", tmp_path / "导入")
    assert code == 2 and unreadable.value.problems[0].message in error, error
    assert message in error and GUESS not in error


def test_import_will_not_replace_its_own_input(tmp_path, capsys):
    source = exported(tmp_path, "表.jixiao")  # a workbook named like a document
    before = source.read_bytes()
    code, error = run_cli(capsys, "import", source, "-o", source, "--force")
    assert code == 2 and "不能覆盖作为输入的工作簿" in error, error
    assert source.read_bytes() == before
    link = tmp_path / "链接.jixiao"
    link.symlink_to(source)
    code, error = run_cli(capsys, "import", source, "-o", link, "--force")
    assert code == 2 and "不能覆盖作为输入的工作簿" in error
    assert source.read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
@pytest.mark.parametrize("command", ["import", "show", "validate"])
def test_a_named_pipe_as_input_is_refused_at_once(command, tmp_path):
    pipe = tmp_path / "管道.xlsx"
    os.mkfifo(pipe)
    args = [command, str(pipe)] + (["-o", str(tmp_path / "a")] if command == "import" else [])
    # A child process: if the refusal regressed, the open would wait for a writer for ever.
    result = subprocess.run([sys.executable, "-m", "jixiao", *args], capture_output=True,
                            text=True, encoding="utf-8", cwd=ROOT, timeout=60)
    assert result.returncode == 2, result.stderr
    assert "不是普通文件（是管道、设备或其他特殊文件）" in result.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this system")
@pytest.mark.parametrize("command", ["import", "show", "validate"])
def test_a_device_as_input_is_refused(command, tmp_path, capsys):
    args = [command, "/dev/zero"] + (["-o", tmp_path / "a"] if command == "import" else [])
    code, error = run_cli(capsys, *args)
    assert code == 2 and "不是普通文件" in error, error


@pytest.mark.parametrize("args, message", [
    (["library", "search", "\udcff\udcfe"], "关键词“\\udcff\\udcfe”含有无法识别的字符编码"),
    (["library", "search", "满意度", "--level1", "产出\udcff"], "一级指标“产出\\udcff”含有无法识别"),
    (["library", "add", "{folder}/\udcff.jixiao"], "含有无法识别的字符编码（不是 UTF-8），请把文件"),
    (["library", "add", "{folder}"], "\ufffd.jixiao”的文件名含有无法识别的字符编码（不是 UTF-8），未加入"),
], ids=["search words", "--level1", "add a file", "add a folder holding it"])
def test_library_arguments_that_are_not_utf8_are_said(args, message, tmp_path, capsys):
    if os.name == "nt":
        pytest.skip("Windows passes arguments as UTF-16: no invalid bytes")
    target = tmp_path / os.fsdecode(b"\xff.jixiao")
    shutil.copy(EXAMPLE_FILES["jiangsu"], target)
    args = [a.replace("{folder}", str(tmp_path)) for a in args]
    code, error = run_cli(capsys, *args)
    assert code == 2 and message in error, error


@pytest.mark.parametrize("rows", [
    '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2" s="²" customFormat="1">'
    '<c r="A2" s="³" t="s"><v>1</v></c></row>',
    '<row r="1" spans="¹:³"><c r="A1" t="s"><v>0</v></c></row>',
], ids=["row and cell styles", "row spans"])
def test_superscript_digits_in_attributes_are_no_internal_error(rows, tmp_path, capsys):
    path = handmade(tmp_path / "上标.xlsx", [("绩效目标表", rows)],
                    shared=["苏州市市级部门整体预算绩效目标表", "单位名称"])
    code, _ = run_cli(capsys, "import", path, "--template", "jiangsu-dept-target", "-o",
                      tmp_path / "a")
    assert code == 2


@pytest.mark.parametrize("kind, value", [("e", "#REF!"), ("b", "1")], ids=["#REF!", "TRUE"])
def test_hebei_self_evaluation_budget_cells_with_an_error_or_a_logical_value(kind, value, tmp_path,
                                                                             capsys):
    """The 自评数据 sheet with a 年初预算 row typed under the form, holding #REF! or TRUE."""
    from openpyxl import load_workbook

    from app.projectfile import load_document
    from tests.app.importing.broken import patch
    from tests.app.importing.roundtrip import export_xlsx

    path = export_xlsx(load_document(EXAMPLE_FILES["hebei-eval"]), tmp_path / "自评.xlsx")
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    row = sheet.max_row + 1
    sheet.cell(row=row, column=1, value="年初预算")
    sheet.cell(row=row, column=2, value=True if kind == "b" else 0)
    workbook.save(path)
    if kind == "e":
        patch(path, "xl/worksheets/sheet1.xml", f'<c r="B{row}" t="n"><v>0</v></c>'.encode(),
              f'<c r="B{row}" t="e"><v>{value}</v></c>'.encode())
    code, _ = run_cli(capsys, "import", path, "--template", "hebei-self-eval", "-o",
                      tmp_path / "a")
    assert code in (0, 2)
