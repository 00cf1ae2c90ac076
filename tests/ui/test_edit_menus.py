"""编辑 and the right-click menus of the tables and lists: 剪切/复制/粘贴/清除内容/插入行/删除行/
上移/下移 with their keys shown, greyed where they do not apply, each one undo step."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES
from ui.edit_menu import EditOp, key_text
from ui.record_list import paragraph_list_editor
from ui.session import DocumentSession
from ui.tabs.funds_tab import FundsTab
from ui.tabs.indicators_tab import IndicatorEditor
from ui.tabs.projects_tab import ProjectsTab

EIGHT = ["剪切", "复制", "粘贴", "清除内容", "插入行", "删除行", "上移", "下移"]
DECISION = "department.indicator_tables[0].rows"


def _session(key: str = "jiangsu") -> DocumentSession:
    return DocumentSession(load_document(EXAMPLE_FILES[key]))


def _shown(qtbot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def context_menu(monkeypatch, view) -> dict[str, tuple[bool, str, object]]:
    """``view``'s right-click menu as it would open now: {label: (enabled, key shown, action)}
    (opened for real by the X server test)."""
    menu = view.context_menu()
    entries = {}
    for action in menu.actions():
        if action.isSeparator():
            continue
        text, _, keys = action.text().partition("\t")
        entries[text] = (action.isEnabled(), keys, action)
    return entries


@pytest.fixture
def indicators(qtbot):
    session = _session()
    editor = IndicatorEditor(session, DECISION, session.template.indicator_tables[0])
    _shown(qtbot, editor)
    editor.view.setFocus()
    yield session, editor.view  # the editor stays alive while the test runs


def test_the_indicator_menu_offers_the_eight_with_keys_and_the_library(monkeypatch, indicators):
    _, view = indicators
    view.select_cell(0, 2)
    menu = context_menu(monkeypatch, view)
    assert [t for t in menu if t in EIGHT] == EIGHT
    assert "从指标库插入…" in menu
    assert menu["复制"][1] == key_text(EditOp.COPY) and menu["插入行"][1] == "Ctrl++"
    assert menu["上移"][0] is False, "上移 on the first row"
    assert all(menu[t][0] for t in ("剪切", "复制", "清除内容", "插入行", "删除行", "下移"))


def test_on_the_last_row_down_is_greyed_and_nothing_chosen_greys_the_cells(monkeypatch,
                                                                           indicators):
    _, view = indicators
    view.select_cell(view.model().rowCount() - 1, 2)
    menu = context_menu(monkeypatch, view)
    assert menu["下移"][0] is False and menu["上移"][0] is True
    view.selectionModel().clear()
    view.setCurrentIndex(view.model().index(-1, -1))
    menu = context_menu(monkeypatch, view)
    assert [menu[t][0] for t in ("剪切", "复制", "清除内容", "删除行", "上移", "下移")] == [False] * 6
    assert menu["插入行"][0] is True


def test_menu_actions_are_undoable_steps(monkeypatch, indicators):
    session, view = indicators
    rows = [r.name for r in session.value(DECISION)]
    view.select_cell(0, 2)
    context_menu(monkeypatch, view)["下移"][2].trigger()
    assert [r.name for r in session.value(DECISION)][:2] == [rows[1], rows[0]]
    view.select_cell(0, 2)
    context_menu(monkeypatch, view)["剪切"][2].trigger()
    assert QApplication.clipboard().text().strip() == rows[1]
    assert session.value(DECISION)[0].name == ""
    view.select_cell(2, 2)
    context_menu(monkeypatch, view)["粘贴"][2].trigger()
    assert session.value(DECISION)[2].name == rows[1]
    for _ in range(3):
        session.undo_stack.undo()
    assert [r.name for r in session.value(DECISION)] == rows


def test_ctrl_x_cuts_and_ctrl_plus_inserts_in_the_indicator_table(qtbot, indicators):
    session, view = indicators
    count, name = view.model().rowCount(), session.value(DECISION)[0].name
    view.select_cell(0, 2)
    QTest.keyClick(view, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert session.value(DECISION)[0].name == "" and QApplication.clipboard().text().strip() == name
    QTest.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert view.model().rowCount() == count + 1


def test_a_carried_tables_last_year_column_cannot_be_cut_or_cleared(monkeypatch, qtbot):
    from app.carry import carry_to_next_year

    document = load_document(EXAMPLE_FILES["jiangsu"])
    session = DocumentSession(carry_to_next_year(document, DocumentSession(document).template))
    editor = IndicatorEditor(session, DECISION, session.template.indicator_tables[0])
    _shown(qtbot, editor)
    model = editor.view.indicator_model()
    prior = next(k for k, c in enumerate(model.columns) if c.read_only)
    editor.view.select_cell(0, prior)
    menu = context_menu(monkeypatch, editor.view)
    assert menu["复制"][0] and not menu["剪切"][0] and not menu["清除内容"][0]


@pytest.fixture
def duties(qtbot):
    session = _session()
    editor = paragraph_list_editor(session, "department.functions", ((None, "主要职能"),), str)
    _shown(qtbot, editor)
    editor.view.setFocus()
    return session, editor


def test_a_list_has_the_same_menu_and_its_paste_is_one_step(monkeypatch, duties):
    session, editor = duties
    before = list(session.document.department.functions)
    editor.view.selectRow(0)
    menu = context_menu(monkeypatch, editor.view)
    assert [t for t in menu if t in EIGHT] == EIGHT
    assert menu["上移"][0] is False and menu["下移"][0] is True
    QApplication.clipboard().setText("甲\r\n乙\r\n")
    menu = context_menu(monkeypatch, editor.view)
    menu["粘贴"][2].trigger()
    assert session.document.department.functions[:2] == ["甲", "乙"]
    session.undo_stack.undo()
    assert session.document.department.functions == before


def test_list_keys_clear_move_and_insert(qtbot, duties):
    session, editor = duties
    before = list(session.document.department.functions)
    editor.view.setCurrentIndex(editor.model.index(0, 0))
    QTest.keyClick(editor.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert session.document.department.functions[1] == before[0]
    QTest.keyClick(editor.view, Qt.Key.Key_Delete)
    assert session.document.department.functions[1] == ""
    QTest.keyClick(editor.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert len(session.document.department.functions) == len(before) - 1


def test_the_expense_table_menu_pastes_items_and_adds_lines(monkeypatch, qtbot):
    session = _session()
    tab = FundsTab(session)
    _shown(qtbot, tab)
    count = len(session.document.department.funds.expense_items)
    tab._select_item(0)
    menu = context_menu(monkeypatch, tab.expense_view)
    assert [t for t in menu if t in EIGHT] == EIGHT
    assert menu["上移"][0] is False and menu["下移"][0] is True and menu["删除行"][0]
    menu["插入行"][2].trigger()
    assert len(session.document.department.funds.expense_items) == count + 1


def test_the_projects_list_menu_moves_and_greys(monkeypatch, qtbot):
    session = _session("guizhou")
    tab = ProjectsTab(session)
    _shown(qtbot, tab)
    names = [p.name for p in session.document.projects]
    tab.list.setCurrentIndex(tab.model.index(0))
    menu = context_menu(monkeypatch, tab.list)
    assert menu["上移"][0] is False and menu["下移"][0] is True
    assert not any(menu[t][0] for t in ("剪切", "复制", "粘贴", "清除内容"))
    menu["下移"][2].trigger()
    assert [p.name for p in session.document.projects][:2] == [names[1], names[0]]


def test_the_window_edit_menu_acts_on_the_table_with_the_keyboard(qtbot, monkeypatch):
    from ui.main_window import MainWindow

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.open_path(EXAMPLE_FILES["jiangsu"], ask=False)
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("编辑"))

    def entries() -> dict[str, tuple[bool, object]]:
        edit_menu.aboutToShow.emit()
        return {a.text().partition("\t")[0]: (a.isEnabled(), a) for a in edit_menu.actions()
                if not a.isSeparator()}

    assert not any(entries()[t][0] for t in EIGHT[:4]), "no table has the keyboard"
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    window.tabs.setCurrentIndex(titles.index("绩效指标"))
    view = next(iter(window.tabs.currentWidget().editors.values())).view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    view.select_cell(1, 2)
    menu = entries()
    assert list(menu)[:2] == ["撤销", "重做"] and [t for t in menu if t in EIGHT] == EIGHT
    assert all(menu[t][0] for t in EIGHT if t != "粘贴" or QApplication.clipboard().text())
    rows = [r.name for r in view.indicator_model().rows()]
    menu["上移"][1].trigger()
    assert [r.name for r in view.indicator_model().rows()][:2] == [rows[1], rows[0]]
    window.session.undo_stack.undo()
    assert [r.name for r in view.indicator_model().rows()] == rows
    window.session.release_lock()
