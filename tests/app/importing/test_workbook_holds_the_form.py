"""A workbook we export holds the form and nothing else: no hidden sheet, column or row, no
cell of notes for the import (issue 21). The import's marks live in hidden names, in no cell."""
from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from app.export.xlsx_marks import CELLS_AGAIN, HEADER_ROWS, TEXT_PIECES, RowMark, mark_names, \
    read_marks
from app.projectfile import load_document
from tests.app.importing.roundtrip import export_xlsx
from tests.conftest import EXAMPLE_FILES

# The notes the export once wrote in a hidden last column of every sheet.
_OLD_MARK = re.compile(r"^(?:表头|(?:续写|同上):[A-Z]{1,3}(?:,[A-Z]{1,3})*(?:；.*)?)$")


@pytest.mark.parametrize("name", sorted(EXAMPLE_FILES))
def test_no_sheet_of_an_example_hides_anything(name, tmp_path):
    path = export_xlsx(load_document(EXAMPLE_FILES[name]), tmp_path / "导出.xlsx")
    workbook = load_workbook(path)
    for ws in workbook.worksheets:
        assert ws.sheet_state == "visible", ws.title
        assert not [k for k, d in ws.column_dimensions.items() if d.hidden], ws.title
        assert not [k for k, d in ws.row_dimensions.items() if d.hidden], ws.title
        marks = [c.coordinate for row in ws.iter_rows() for c in row
                 if isinstance(c.value, str) and _OLD_MARK.match(c.value)]
        assert not marks, (ws.title, marks)


def test_the_examples_marks_are_names_of_their_sheets(tmp_path):
    """The 贵州 example's long sheets are cut by page breaks: what the import needs to undo
    them is in names of the sheet, hidden, not in a cell."""
    path = export_xlsx(load_document(EXAMPLE_FILES["guizhou"]), tmp_path / "导出.xlsx")
    workbook = load_workbook(path)
    names = [(ws.title, n) for ws in workbook.worksheets for n in ws.defined_names.values()]
    assert any(n.name == HEADER_ROWS for _, n in names)
    assert all(n.hidden for _, n in names)


def test_marks_come_back_from_their_names_whatever_the_sheet_is_called():
    marks = {5: RowMark(header=True), 6: RowMark(header=True), 9: RowMark(pieces=frozenset({3})),
             10: RowMark(pieces=frozenset({3}), repeats=frozenset({1, 2})),
             40: RowMark(repeats=frozenset({1, 2, 4}))}
    sheet = "项目 'A',1"
    names = mark_names(sheet, marks)
    assert {n for n, _ in names} == {HEADER_ROWS, TEXT_PIECES, CELLS_AGAIN}
    assert read_marks(names, sheet) == marks
    assert read_marks(names, "另一张表") == {}
    # An area Excel no longer finds (its rows deleted) is left out, the others kept.
    broken = [(n, f.replace("$C$9:$C$10", "#REF!")) for n, f in names]
    assert 9 not in read_marks(broken, sheet) and read_marks(broken, sheet)[5].header


def test_a_long_list_of_marks_goes_on_in_more_names_each_short_enough_for_excel():
    marks = {row: RowMark(repeats=frozenset({1})) for row in range(1, 4000, 2)}
    names = mark_names("表", marks)
    assert len(names) > 1 and all(len(f) <= 8192 for _, f in names)
    assert read_marks(names, "表") == marks
