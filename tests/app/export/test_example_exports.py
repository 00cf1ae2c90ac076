"""Every example exports in all three formats, and reading the files back finds every budget
line, amount and indicator, exactly and in the document's order, with merged 一级/二级 cells."""
from __future__ import annotations

from decimal import Decimal

import pytest

from app.export.blocks import amount_text
from app.export.layout import merged_runs
from app.model import IndicatorRow, TargetDocument
from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES
from tests.readback import docx_rows, docx_vertical_merges, in_order, xlsx_cells

VALUE_FIELDS = ("name", "half_year_target", "full_year_target", "target", "basis", "definition")


def _indicator_texts(rows: list[IndicatorRow]) -> list[str]:
    return [r.get(f) for r in rows for f in VALUE_FIELDS if r.get(f)]


def _all_indicator_texts(document: TargetDocument) -> list[str]:
    rows = [r for t in document.department.indicator_tables for r in t.rows]
    return _indicator_texts(rows + [r for p in document.projects for r in p.indicators])


def _money_texts(document: TargetDocument) -> list[str]:
    """The amounts as texts (the 收支预决算 lines are in no format: the printed 自评报告 states
    them in the officer's sentences only)."""
    funds = document.department.funds
    texts = [amount_text(funds.total), amount_text(funds.appropriation)]
    texts += [amount_text(line.amount) for line in funds.income]
    for expense in (funds.basic_expense, funds.project_expense):
        texts += [amount_text(expense.half_year), amount_text(expense.full_year)]
    for item in funds.expense_items:
        texts += [item.name, amount_text(item.half_year), amount_text(item.full_year)]
    texts += [amount_text(p.budget_amount) for p in document.projects]
    return [t for t in texts if t]


def _multi_row_groups(document: TargetDocument) -> int:
    tables = [t.rows for t in document.department.indicator_tables]
    tables += [p.indicators for p in document.projects]
    count = 0
    for rows in tables:
        level1 = [(r.level1,) for r in rows]
        level2 = [(r.level1, r.level2) for r in rows]
        count += sum(1 for span in merged_runs(level1) + merged_runs(level2) if span > 1)
    return count


def _xlsx_texts(cells) -> list[str]:
    texts = []
    for cell in cells:
        if isinstance(cell.value, (int, float)):
            texts.append(f"{Decimal(str(cell.value)):.2f}")
        else:
            texts.append(str(cell.value))
    return texts


@pytest.mark.parametrize("name", sorted(EXAMPLE_FILES))
def test_docx_holds_every_indicator_and_amount_in_order(name, exported):
    document = load_document(EXAMPLE_FILES[name])
    cells = [text for row in docx_rows(exported[name]["docx"]) for text in row]
    assert not in_order(_all_indicator_texts(document), cells)
    missing_money = [t for t in _money_texts(document) if t not in cells]
    assert not missing_money
    assert docx_vertical_merges(exported[name]["docx"]) >= _multi_row_groups(document)


@pytest.mark.parametrize("name", sorted(EXAMPLE_FILES))
def test_xlsx_holds_every_indicator_and_amount_as_text_and_numbers(name, exported):
    document = load_document(EXAMPLE_FILES[name])
    sheets = xlsx_cells(exported[name]["xlsx"])
    cells = [cell for sheet in sheets.values() for cell in sheet]
    texts = _xlsx_texts(cells)
    assert not in_order(_all_indicator_texts(document), texts)
    assert not [t for t in _money_texts(document) if t not in texts]
    assert all(c.data_type in ("s", "n") for c in cells)
    assert all(isinstance(c.value, str) for c in cells if c.data_type == "s")


@pytest.mark.parametrize("name", sorted(EXAMPLE_FILES))
def test_xlsx_merges_groups_and_is_set_up_for_a4(name, exported):
    from openpyxl import load_workbook

    document = load_document(EXAMPLE_FILES[name])
    workbook = load_workbook(str(exported[name]["xlsx"]))
    vertical = sum(1 for ws in workbook.worksheets for r in ws.merged_cells.ranges
                   if r.max_row > r.min_row)
    assert vertical >= _multi_row_groups(document)
    for ws in workbook.worksheets:
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1


# The PDF: tests/app/export/test_pdf_pages.py and test_truth.py read its text layer exactly.
