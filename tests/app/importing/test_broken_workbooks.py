"""Broken workbooks: each gets a Chinese message naming its sheet and cell, exit code 2 from
the CLI, no output file, and the workbook itself is left exactly as it was."""
from __future__ import annotations

import os

import pytest

from app import cli
from app.importing import WorkbookImportError, import_workbook
from app.templates import get_template
from tests.app.importing.broken import BROKEN, Broken


def test_there_are_at_least_twenty_ways_to_break_a_workbook():
    assert len(BROKEN) >= 20
    assert len({case.name for case in BROKEN}) == len(BROKEN)


@pytest.mark.parametrize("case", BROKEN, ids=[case.name for case in BROKEN])
def test_a_broken_workbook_is_refused_with_its_cell(case: Broken, tmp_path, capsys):
    source, message = case.make(tmp_path)
    before = (source.read_bytes(), os.stat(source).st_mtime_ns)
    with pytest.raises(WorkbookImportError) as refused:
        import_workbook(source, get_template(case.template))
    assert any(message in line for line in refused.value.lines()), refused.value.lines()
    output = tmp_path / "导入.jixiao"
    capsys.readouterr()
    assert cli.main(["import", str(source), "--template", case.template, "-o", str(output)]) == 2
    error = capsys.readouterr().err
    assert message in error and "未生成文件" in error, error
    assert not output.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [source.name]  # no temporary file left
    assert (source.read_bytes(), os.stat(source).st_mtime_ns) == before
