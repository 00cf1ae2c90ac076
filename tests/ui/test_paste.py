"""Pastes land where the officer aimed (issue #10): a whole row chosen by its header, a click on
a merged group cell beside a row, the error cells of 审核 marked in the table."""
from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from app import tsv
from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES
from ui.session import DocumentSession
from ui.tabs.indicators_tab import IndicatorEditor

DECISION = "department.indicator_tables[0].rows"
PASTED = ["决策", "计划制定", "粘贴的三级指标", "＝50%", "＝100%"]


@pytest.fixture
def session() -> DocumentSession:
    return DocumentSession(load_document(EXAMPLE_FILES["jiangsu"]))


@pytest.fixture
def editor(qtbot, session) -> IndicatorEditor:
    widget = IndicatorEditor(session, DECISION, session.template.indicator_tables[0])
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _texts(editor: IndicatorEditor, row: int) -> list[str]:
    return [editor.model.text(row, c) for c in range(editor.model.columnCount())]


def test_a_whole_row_chosen_by_its_header_pastes_from_column_one(qtbot, editor):
    view = editor.view
    first = _texts(editor, 0)
    view.setCurrentIndex(editor.model.index(0, 2))  # the last-used column: 三级指标
    header = view.verticalHeader()
    y = header.sectionViewportPosition(1) + header.sectionSize(1) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, y))
    assert {r for r, _ in view.selected_cells()} == {1}
    QApplication.clipboard().setText("\t".join(PASTED) + "\r\n")
    assert view.paste()
    assert _texts(editor, 1) == PASTED
    assert _texts(editor, 0) == first


def test_a_click_on_a_merged_group_cell_chooses_the_row_under_the_pointer(qtbot, editor):
    view = editor.view
    first = _texts(editor, 0)
    assert view.is_group_cell(2, 0)  # 决策 spans rows 1–3 and more
    x = view.columnViewportPosition(0) + view.columnWidth(0) // 2
    y = view.rowViewportPosition(2) + view.rowHeight(2) // 2
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    assert (view.currentIndex().row(), view.currentIndex().column()) == (2, 0)
    QApplication.clipboard().setText("\t".join(PASTED) + "\r\n")
    assert view.paste()
    assert _texts(editor, 2) == PASTED
    assert _texts(editor, 0) == first


def test_an_empty_value_that_is_an_error_is_marked_in_the_table(qtbot, editor, session):
    model = editor.model
    value = model.column_of("full_year_target")
    session.set_value(f"{DECISION}[0].full_year_target", "")
    editor.model._errors.recheck_now()
    message = model.error_at(0, value)
    assert message, "the 审核's 错误 on an empty 指标值 is not shown in its cell"
    assert model.data(model.index(0, value), Qt.ItemDataRole.BackgroundRole) is not None


def test_expense_items_paste_reads_quoted_cells_like_the_indicator_tables():
    from ui.funds_model import parse_pasted_items

    text = '"会议费\n（含培训）"\t1.50\t3\r\n"三公"经费\t\t8\r\n\r\n他说"好"\t2\r\n'
    lines = parse_pasted_items(text)
    assert [(line.name, line.half_year, line.full_year) for line in lines] == [
        ("会议费\n（含培训）", Decimal("1.50"), Decimal("3.00")),
        ('"三公"经费', None, Decimal("8.00")),
        ('他说"好"', None, Decimal("2.00"))]
    assert [[line.name] for line in lines] == [row[:1] for row in tsv.parse(text) if any(row)]


def test_pasted_targets_take_the_forms_operators(qtbot, editor, session):
    view = editor.view
    view.setCurrentIndex(editor.model.index(0, 2))
    QApplication.clipboard().setText("新指标\t>=50%\t=100%\r\n")
    assert view.paste()
    assert _texts(editor, 0)[2:] == ["新指标", "≥50%", "＝100%"]
    view.select_block(1, 3, 2, 4)  # one value into several cells
    QApplication.clipboard().setText("<=5天")
    assert view.paste()
    assert [editor.model.text(r, c) for r in (1, 2) for c in (3, 4)] == ["≤5天"] * 4
