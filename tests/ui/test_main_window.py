"""The window as an officer uses it: create, type, paste, undo, save, reopen, export, recover."""
from __future__ import annotations

from decimal import Decimal

import pytest

from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from app import recovery
from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES
from ui.main_window import MainWindow
from ui.start_page import NewDocumentDialog
from ui.tabs.fields_tab import FieldsTab
from ui.tabs.funds_tab import FundsTab
from ui.tabs.indicators_tab import IndicatorsTab


@pytest.fixture
def window(qtbot, monkeypatch):
    # A test never waits on a modal box: unexpected questions fail loudly.
    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:3]}")

    monkeypatch.setattr(QMessageBox, "question", unexpected)
    monkeypatch.setattr(QMessageBox, "warning", unexpected)
    monkeypatch.setattr(QMessageBox, "exec", unexpected)
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    yield win
    # A window a test left open (unsaved work refuses to close) must not keep its file locked.
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.session is not None:
            widget.session.release_lock()


def tab_of(window: MainWindow, kind):
    for i in range(window.tabs.count()):
        if isinstance(window.tabs.widget(i), kind):
            return window.tabs.widget(i)
    raise AssertionError(kind)


def type_into(widget, text: str) -> None:
    """Typing as an input method commits Chinese (keyClicks cannot send it offscreen)."""
    from PySide6.QtGui import QInputMethodEvent

    widget.setFocus()
    QApplication.sendEvent(widget, QInputMethodEvent("", []))
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def new_jiangsu(window: MainWindow, monkeypatch) -> None:
    monkeypatch.setattr(NewDocumentDialog, "exec", lambda self: NewDocumentDialog.DialogCode.Accepted)
    monkeypatch.setattr(NewDocumentDialog, "choice",
                        lambda self: ("jiangsu-dept-target", "", 2025))
    window.new_document()


def test_create_type_paste_undo_save_reopen(window, qtbot, monkeypatch, tmp_path):
    new_jiangsu(window, monkeypatch)
    session = window.session
    assert window.windowTitle().startswith("（未填单位名称） — 未命名.jixiao")

    overview = tab_of(window, FieldsTab)
    unit_field = overview.editors["unit_name"]
    type_into(unit_field, "苏州市测试局")
    assert session.document.unit_name == "苏州市测试局"
    assert window.windowTitle() == "苏州市测试局 — 未命名.jixiao*"
    goals = next(window.tabs.widget(i) for i in range(window.tabs.count())
                 if getattr(window.tabs.widget(i), "section_key", "") == "goals")
    type_into(goals.editors["department.annual_goal"].edit, "完成年度目标＝100%")
    assert session.document.department.annual_goal == "完成年度目标＝100%"

    funds = tab_of(window, FundsTab)
    model = funds.expense_model
    row = model.item_row(0)
    assert model.setData(model.index(row, 0), "会议费")
    assert model.setData(model.index(row, 2), Decimal("21.60"))
    assert session.document.department.funds.items_sum() == Decimal("21.60")

    indicators = tab_of(window, IndicatorsTab).editors["duty"]
    rows_before = indicators.model.rowCount()
    for i in range(10):  # ten indicators typed, one by one
        indicators.view.select_cell(indicators.model.rowCount() - 1, 0)
        indicators.view.insert_rows()
        new_row = indicators.model.rowCount() - 1
        name_column = indicators.model.column_of("name")
        assert indicators.model.setData(indicators.model.index(new_row, name_column),
                                        f"键入指标{i}")
    assert indicators.model.rowCount() == rows_before + 10
    tsv = "\n".join(f"履职\t职责{i}\t重点{i}\t粘贴指标{i}\t＝{i}个\t＝{i * 2}个" for i in range(10))
    indicators.view.select_cell(indicators.model.rowCount() - 1, 0)
    indicators.view.insert_rows()  # an empty row at the end, where the paste starts
    indicators.view.select_cell(indicators.model.rowCount() - 1, 0)
    steps = session.undo_stack.count()
    QApplication.clipboard().setText(tsv + "\n")  # Excel ends a copied block with a newline
    indicators.view.paste()
    assert session.undo_stack.count() == steps + 1  # the whole paste is one step
    names = [r.name for r in session.document.department.table("duty").rows]
    assert "粘贴指标9" in names and "键入指标9" in names

    session.undo_stack.undo()
    assert "粘贴指标9" not in [r.name for r in session.document.department.table("duty").rows]
    session.undo_stack.redo()
    assert "粘贴指标9" in [r.name for r in session.document.department.table("duty").rows]

    target = tmp_path / "苏州测试.jixiao"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert window.save_as()
    assert window.windowTitle() == "苏州市测试局 — 苏州测试.jixiao"
    saved = load_document(target)

    window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.open_path(target)
    document = again.session.document
    assert document == saved
    assert document.unit_name == "苏州市测试局"
    assert document.department.annual_goal == "完成年度目标＝100%"
    assert document.department.funds.expense_items[0].full_year == Decimal("21.60")
    duty = [r.name for r in document.department.table("duty").rows]
    assert all(f"键入指标{i}" in duty and f"粘贴指标{i}" in duty for i in range(10))
    assert target in again.recent_files()


def test_closing_with_unsaved_work_asks(window, monkeypatch):
    window.open_path(EXAMPLE_FILES["hebei-text"], ask=False)
    window.session.set_value("unit_name", "改名")
    asked = []

    def answer(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    assert not window.close()
    assert asked and "未保存" in asked[0]
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    assert window.close()


@pytest.mark.parametrize("name", sorted(EXAMPLE_FILES))
def test_every_example_opens_with_its_tabs(window, name):
    assert window.open_path(EXAMPLE_FILES[name], ask=False)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles and window.session.template.sections[0].title == titles[0]
    if window.session.template.has_projects:
        assert titles[-1] == "项目"
    assert "审核" in window.status_counts.text()


def test_autosave_then_recover_in_a_new_window(window, qtbot, monkeypatch):
    window.open_path(EXAMPLE_FILES["jiangsu"], ask=False)
    window.session.set_value("department.annual_goal", "崩溃前输入的内容")
    window.autosave()
    assert recovery.pending()
    # the process dies here: nothing else runs (its lock is stale), the next start offers the
    # work back
    window.session.release_lock()
    fresh = MainWindow()
    qtbot.addWidget(fresh)
    asked = []

    def yes(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    fresh.offer_recovery()
    assert asked and asked[0].startswith("发现 ") and "的未保存内容" in asked[0]
    assert fresh.session.document.department.annual_goal == "崩溃前输入的内容"
    assert fresh.session.path == EXAMPLE_FILES["jiangsu"]
    assert fresh.session.modified and fresh.windowTitle().endswith("*")


def test_recovery_files_go_after_save(window, monkeypatch, tmp_path):
    copy = tmp_path / "a.jixiao"
    copy.write_bytes(EXAMPLE_FILES["guizhou"].read_bytes())
    window.open_path(copy, ask=False)
    window.session.set_value("unit_name", "改名")
    window.autosave()
    assert recovery.pending()
    assert window.save()
    assert recovery.pending() == []


def test_double_click_on_a_finding_jumps_to_the_cell(window, qtbot):
    from app.checks import run_checks

    window.open_path(EXAMPLE_FILES["jiangsu"], ask=False)
    finding = run_checks(window.session.document)[0]  # 满意度 printed without an indicator
    window.checks_dock.jump_requested.emit(finding.location)
    current = window.tabs.currentWidget()
    assert isinstance(current, IndicatorsTab)
    editor = current.editors[finding.location.table]
    assert editor.view.currentIndex().row() == finding.location.row


def test_application_icon_and_about_with_version(window, monkeypatch):
    from ui.main import app_icon

    assert not app_icon().isNull()
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window.about()
    assert shown and "绩效填报 0." in shown[0]


def test_new_document_dialog_proposes_the_templates_year(qtbot):
    from app.templates import get_template

    dialog = NewDocumentDialog()
    qtbot.addWidget(dialog)
    for index in range(dialog.template.count()):
        dialog.template.setCurrentIndex(index)
        template = get_template(dialog.template.currentData())
        assert dialog.year.value() == template.default_year()


def test_keyboard_shortcuts_of_the_file_and_edit_menus(window):
    from PySide6.QtGui import QKeySequence

    shortcuts = {action.text(): action.shortcut() for menu in window.menuBar().findChildren(
        type(window.recent_menu)) for action in menu.actions()}
    expected = {"新建…": QKeySequence.StandardKey.New, "打开…": QKeySequence.StandardKey.Open,
                "保存": QKeySequence.StandardKey.Save, "打印…": QKeySequence.StandardKey.Print,
                "撤销": QKeySequence.StandardKey.Undo}
    for text, key in expected.items():
        assert shortcuts[text] == QKeySequence(key), text
    assert shortcuts["另存为…"] == QKeySequence("Ctrl+Shift+S")
    assert shortcuts["重做"] == QKeySequence("Ctrl+Y")
