"""Focus follows the action: after 添加 / 插入行 the new row's first cell is being edited, so
what is typed next lands there; Enter finishes a list cell as it does a table cell, Shift+Enter
or Alt+Enter breaks the line, and no line break at the end of a cell is ever saved."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (QApplication, QLineEdit, QPlainTextEdit, QPushButton,
                               QWidget)

from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES
from ui.record_list import ListEditor, paragraph_list_editor
from ui.session import DocumentSession
from ui.tabs.funds_tab import FundsTab
from ui.tabs.indicators_tab import IndicatorEditor
from ui.tabs.projects_tab import ProjectsTab

FUNCTIONS = "department.functions"


def _session(key: str = "jiangsu") -> DocumentSession:
    return DocumentSession(load_document(EXAMPLE_FILES[key]))


def _show_active(qtbot, widget: QWidget) -> None:
    widget.resize(1000, 600)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def _type(qtbot, text: str) -> None:
    """Keys to whatever has the keyboard, as the officer types them."""
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClicks(focus, text)


def _key(key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None
    QTest.keyClick(focus, key, modifier)
    QApplication.processEvents()


@pytest.fixture
def duties(qtbot) -> tuple[DocumentSession, ListEditor]:
    session = _session()
    editor = paragraph_list_editor(session, FUNCTIONS, ((None, "主要职能"),), str, "（一）")
    qtbot.addWidget(editor)
    _show_active(qtbot, editor)
    return session, editor


def test_typing_right_after_add_lands_in_the_new_duty(qtbot, duties):
    session, editor = duties
    count = len(session.document.department.functions)
    editor.view.setCurrentIndex(editor.model.index(count - 1, 0))
    QTest.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.view.state() == editor.view.State.EditingState
    assert isinstance(QApplication.focusWidget(), QPlainTextEdit)
    _type(qtbot, "new duty")
    _key(Qt.Key.Key_Return)
    assert session.document.department.functions[count] == "new duty"
    assert editor.view.state() != editor.view.State.EditingState, "Enter did not finish the cell"


@pytest.mark.parametrize("modifier", [Qt.KeyboardModifier.ShiftModifier,
                                      Qt.KeyboardModifier.AltModifier])
def test_shift_or_alt_enter_breaks_the_line_and_enter_finishes(qtbot, duties, modifier):
    session, editor = duties
    editor.view.setCurrentIndex(editor.model.index(0, 0))
    editor.view.setFocus()
    editor.view.edit(editor.model.index(0, 0))
    box = QApplication.focusWidget()
    assert isinstance(box, QPlainTextEdit)
    box.selectAll()
    _type(qtbot, "one")
    _key(Qt.Key.Key_Return, modifier)
    _type(qtbot, "two")
    _key(Qt.Key.Key_Return, modifier)  # a break too many, at the end
    _key(Qt.Key.Key_Return)
    assert session.document.department.functions[0] == "one\ntwo"


def test_a_trailing_line_break_is_not_saved_but_inner_text_is_exact(qtbot, duties):
    session, editor = duties
    index = editor.model.index(0, 0)
    editor.view.setFocus()
    editor.view.edit(index)
    box = QApplication.focusWidget()
    assert isinstance(box, QPlainTextEdit)
    box.setPlainText("  甲 ＝ 乙\n\n丙  \r\n\n")  # as pasted from another program
    _key(Qt.Key.Key_Return)
    assert session.document.department.functions[0] == "  甲 ＝ 乙\n\n丙  "


def test_typing_right_after_insert_row_lands_in_the_indicator_row(qtbot):
    session = _session()
    rows_path = "department.indicator_tables[0].rows"
    editor = IndicatorEditor(session, rows_path, session.template.indicator_tables[0])
    qtbot.addWidget(editor)
    _show_active(qtbot, editor)
    editor.view.select_cell(0, 2)
    QTest.mouseClick(editor.buttons["insert"], Qt.MouseButton.LeftButton)
    assert editor.view.state() == editor.view.State.EditingState
    _type(qtbot, "typed after insert")
    _key(Qt.Key.Key_Return)
    assert session.value(rows_path)[1].name == "typed after insert"


def test_typing_right_after_adding_an_expense_item_lands_in_its_name(qtbot):
    session = _session()
    tab = FundsTab(session)
    qtbot.addWidget(tab)
    _show_active(qtbot, tab)
    count = len(session.document.department.funds.expense_items)
    QTest.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert tab.expense_view.state() == tab.expense_view.State.EditingState
    _type(qtbot, "new item")
    _key(Qt.Key.Key_Return)
    items = session.document.department.funds.expense_items
    assert len(items) == count + 1 and "new item" in [item.name for item in items]


def test_typing_right_after_adding_a_project_lands_in_its_name(qtbot):
    session = _session("guizhou")
    tab = ProjectsTab(session)
    qtbot.addWidget(tab)
    _show_active(qtbot, tab)
    tab.list.setCurrentIndex(tab.model.index(0))
    add = next(b for b in tab.findChildren(QPushButton)
               if b.text() == "添加" and not tab.editor_tabs.isAncestorOf(b))
    QTest.mouseClick(add, Qt.MouseButton.LeftButton)
    focus = QApplication.focusWidget()
    name = tab.editors["projects[1].name"]
    assert isinstance(focus, (QLineEdit, QPlainTextEdit)) and (focus is name
                                                               or name.isAncestorOf(focus))
    _type(qtbot, "new project")
    assert session.document.projects[1].name == "new project"
