"""What the import decides where a workbook is not wrong but not ours either: code lists
matched by name, entries outside them kept with a warning, numbers typed into text cells,
formulas with their results, the floating-point noise of a formula, the template guessed."""
from __future__ import annotations

import os
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app import cli
from app.importing import guess_template, import_workbook
from app.importing.cells import _shortest
from app.projectfile import load_document
from app.templates import get_template
from tests.app.importing.broken import (JIANGSU, edit, exported, find, handmade, patch,
                                        right_of)
from tests.app.importing.published import write_suzhou_workbook
from tests.app.importing.roundtrip import export_xlsx
from tests.conftest import EXAMPLE_FILES


def test_an_unknown_level1_is_kept_as_typed_with_a_warning(tmp_path, capsys):
    path = exported(tmp_path)
    cell = edit(path, lambda ws: setattr(find(ws, "履职"), "value", "履行职责") or find(ws, "履行职责"))
    result = import_workbook(path, get_template(JIANGSU))
    assert result.document.department.table("duty").rows[0].level1 == "履行职责"
    assert [str(w) for w in result.warnings] == [
        f"表“绩效目标表”第{cell.row}行{cell.column_letter}列：一级指标“履行职责”不在本模板的可选项"
        "（履职）中，已按原文导入，请核对"]
    output = tmp_path / "导入.jixiao"
    assert cli.main(["import", str(path), "--template", JIANGSU, "-o", str(output)]) == 0
    captured = capsys.readouterr()
    assert "注意：" in captured.err and "履行职责" in captured.err
    assert load_document(output).department.table("duty").rows[0].level1 == "履行职责"


def test_a_code_list_entry_typed_another_way_is_the_entry(tmp_path):
    path = exported(tmp_path)
    edit(path, lambda ws: setattr(find(ws, "履职"), "value", "履 职"))
    edit(path, lambda ws: setattr(find(ws, "效益指标"), "value", "效益\n指标"))
    result = import_workbook(path, get_template(JIANGSU))
    assert result.warnings == []
    assert result.document.department.table("duty").rows[0].level1 == "履职"
    assert result.document.department.table("benefit").rows[0].level1 == "效益指标"


def test_numbers_typed_into_text_cells_read_as_their_digits(tmp_path):
    path = exported(tmp_path)

    def numbers(ws):
        find(ws, "＝100%").value = 0.95
        percent = find(ws, "＝100%")
        percent.value, percent.number_format = 0.5, "0%"
        find(ws, "≤10%").value = 10
    edit(path, numbers)
    rows = import_workbook(path, get_template(JIANGSU)).document.department.table(
        "decision_process").rows
    values = [row.get("half_year_target") for row in rows] + [row.get("full_year_target")
                                                              for row in rows]
    assert "0.95" in values and "50%" in values and "10" in values


def test_a_formula_with_its_stored_result_is_read_as_the_result(tmp_path):
    path = exported(tmp_path)
    edit(path, lambda ws: setattr(right_of(ws, "资金总额"), "value", 100))
    # As Excel saves a formula: its text and the result it last computed, noise included.
    patch(path, "xl/worksheets/sheet1.xml", b't="n"><v>100</v>',
          b't="n"><f>SUM(F9:F15)</f><v>100.00000000000001</v>')
    document = import_workbook(path, get_template(JIANGSU)).document
    assert document.department.funds.total == Decimal("100.00")


@pytest.mark.parametrize("stored, amount", [
    ("68.4", "68.4"), ("68.40000000000001", "68.4"), ("0.30000000000000004", "0.3"),
    ("21274.97", "21274.97"), ("1E+2", "100.0"), ("0", "0.0"), ("9999999999999.99",
                                                                 "9999999999999.99")])
def test_a_stored_double_is_the_amount_it_stands_for(stored, amount):
    assert _shortest(float(stored)) == Decimal(amount)


def test_a_double_with_more_than_two_decimals_is_not_rounded_away():
    assert _shortest(float("12.345")) == Decimal("12.345")
    assert _shortest(float("0.001")) == Decimal("0.001")


def test_amounts_typed_as_text_with_separators_and_full_width_digits(tmp_path):
    path = exported(tmp_path)
    edit(path, lambda ws: setattr(right_of(ws, "资金总额"), "value", "1,234.50"))
    edit(path, lambda ws: setattr(right_of(ws, "小计"), "value", "１２.５"))
    funds = import_workbook(path, get_template(JIANGSU)).document.department.funds
    assert funds.total == Decimal("1234.50") and funds.appropriation == Decimal("12.50")


@pytest.mark.parametrize("name", sorted(EXAMPLE_FILES))
def test_the_template_is_guessed_from_the_workbook(name, tmp_path):
    example = load_document(EXAMPLE_FILES[name])
    if get_template(example.template).excel_import is None:
        pytest.skip("no Excel import declared")
    assert guess_template(export_xlsx(example, tmp_path / "导出.xlsx")) == example.template


def test_a_workbook_in_the_published_layout_is_guessed_too(tmp_path):
    path = write_suzhou_workbook(load_document(EXAMPLE_FILES["jiangsu"]), tmp_path / "苏州.xlsx")
    assert guess_template(path) == JIANGSU


def test_nothing_is_guessed_from_a_workbook_of_something_else(tmp_path):
    path = handmade(tmp_path / "名单.xlsx", [("名单", '<row r="1"><c r="A1" t="inlineStr"><is>'
                                                    '<t>姓名</t></is></c></row>')])
    assert guess_template(path) is None
    assert guess_template(tmp_path / "不存在.xlsx") is None


def test_the_command_line_imports_once_and_keeps_an_existing_file(tmp_path, capsys):
    source = export_xlsx(load_document(EXAMPLE_FILES["guizhou"]), tmp_path / "贵州.xlsx")
    before = (source.read_bytes(), os.stat(source).st_mtime_ns)
    output = tmp_path / "导入"
    assert cli.main(["import", str(source), "-o", str(output)]) == 0  # the template guessed
    assert "已导入" in capsys.readouterr().out
    written = tmp_path / "导入.jixiao"
    document = load_document(written)
    assert document.template == "guizhou-dept-target" and len(document.projects) == 13
    assert cli.main(["import", str(source), "-o", str(written)]) == 2
    assert "已存在" in capsys.readouterr().err
    assert cli.main(["import", str(source), "-o", str(written), "--force"]) == 0
    assert (source.read_bytes(), os.stat(source).st_mtime_ns) == before


def test_the_command_line_names_an_unknown_template(tmp_path, capsys):
    source = exported(tmp_path)
    assert cli.main(["import", str(source), "--template", "shanghai", "-o",
                     str(tmp_path / "x.jixiao")]) == 2
    error = capsys.readouterr().err
    assert "未知的模板“shanghai”" in error and JIANGSU in error
    assert not (tmp_path / "x.jixiao").exists()


def test_a_workbook_no_template_recognises_asks_for_one(tmp_path, capsys):
    path = handmade(tmp_path / "名单.xlsx", [("名单", '<row r="1"><c r="A1" t="inlineStr"><is>'
                                                    '<t>姓名</t></is></c></row>')])
    assert cli.main(["import", str(path), "-o", str(tmp_path / "x.jixiao")]) == 2
    assert "请用 --template 指定" in capsys.readouterr().err


def test_an_openpyxl_reader_sees_the_marks_only_as_hidden_names(tmp_path):
    """The export's row marks are hidden names of the sheet: no column holds them."""
    from app.export.xlsx_marks import HEADER_ROWS

    example = load_document(EXAMPLE_FILES["jiangsu"])
    sheet = load_workbook(export_xlsx(example, tmp_path / "x.xlsx")).worksheets[0]
    assert not [letter for letter, d in sheet.column_dimensions.items() if d.hidden]
    names = list(sheet.defined_names.values())
    assert HEADER_ROWS in [n.name for n in names] and all(n.hidden for n in names)
    assert sheet.max_column == 6  # the form's six columns, nothing right of them


def test_a_text_formula_whose_result_is_empty_is_an_empty_text(tmp_path):
    path = handmade(tmp_path / "公式.xlsx", [("绩效目标表", (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>苏州市市级部门整体预算绩效目标表</t></is></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>单位名称</t></is></c>'
        '<c r="B3" t="str"><f>IF(C3="","",C3)</f><v></v></c></row>'))])
    from app.importing import WorkbookImportError

    with pytest.raises(WorkbookImportError) as refused:  # the rest of the form is missing
        import_workbook(path, get_template(JIANGSU))
    assert not any("第3行B列" in line for line in refused.value.lines())


def test_an_empty_cell_written_again_after_a_page_break_is_the_cell_above(tmp_path):
    """Our export writes a merged cell cut by a page break again below the repeated header (the
    name ``jixiao.cells_again``); an empty one leaves nothing in the file, and is still the cell above (a 河北 stage
    without a label once read as two stages)."""
    from openpyxl import Workbook
    from openpyxl.workbook.defined_name import DefinedName

    from app.export.xlsx_marks import RowMark, mark_names
    from app.importing import read_file
    from app.importing.grid import Grid

    workbook = Workbook()
    sheet = workbook.active
    sheet.merge_cells("A1:A2")
    for row, values in ((1, (None, "收入", "甲")), (2, (None, "支出", "乙")),
                        (3, ("阶段", "收支", "项目")), (4, (None, "支出", "丙"))):
        for column, value in enumerate(values, 1):
            if value is not None:
                sheet.cell(row=row, column=column, value=value)
    marks = {3: RowMark(header=True), 4: RowMark(repeats=frozenset({1}))}
    for name, formula in mark_names(sheet.title, marks):
        sheet.defined_names.add(DefinedName(name, attr_text=formula, hidden=True))
    path = tmp_path / "续表.xlsx"
    workbook.save(path)
    grid = Grid(read_file(path).sheets[0])
    assert grid.rows == [1, 2, 4]
    assert grid.at(4, 1) is grid.at(1, 1) and grid.at(1, 1).last_row == 4


def test_an_ascii_operator_in_a_target_reads_as_the_forms(tmp_path):
    path = exported(tmp_path)

    def ascii_operators(ws):
        find(ws, "≤10%").value = ">= 10%以上"
        equal = find(ws, "＝100%")
        equal.value, equal.data_type = "=100%", "s"  # text, as Excel keeps "'=100%"
    edit(path, ascii_operators)
    rows = import_workbook(path, get_template(JIANGSU)).document.department.table(
        "decision_process").rows
    values = [row.get(column) for row in rows
              for column in ("half_year_target", "full_year_target")]
    assert "≥ 10%以上" in values and "＝100%" in values
    assert not any(value.startswith((">", "<", "=")) for value in values)
