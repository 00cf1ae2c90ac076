"""A throwaway form of every box kind, registered from a temporary package, edited in the window
as an officer would: new document, every box typed, ticked, chosen; a money table cell typed;
the 审核 panel's findings follow; save and reopen give the same boxes; undo takes an edit back."""
from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from app.checks import run_checks
from app.projectfile import load_document
from tests.declared_form import TEMPLATE_ID, throwaway  # noqa: F401 - the fixture
from tests.ui.test_main_window import type_into
from ui.box_fields import ChoiceField, MoneyTableEditor, NumberField, TicksField
from ui.main_window import MainWindow
from ui.start_page import NewDocumentDialog
from ui.tabs.fields_tab import FieldsTab


@pytest.fixture
def window(qtbot, monkeypatch, throwaway):
    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:3]}")

    monkeypatch.setattr(QMessageBox, "question", unexpected)
    monkeypatch.setattr(QMessageBox, "warning", unexpected)
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    monkeypatch.setattr(NewDocumentDialog, "exec",
                        lambda self: NewDocumentDialog.DialogCode.Accepted)
    monkeypatch.setattr(NewDocumentDialog, "choice",
                        lambda self: (TEMPLATE_ID, "黄石市文化和旅游局", 2019))
    win.new_document()
    yield win
    if win.session is not None:
        win.session.release_lock()
        win.session.undo_stack.setClean()
    win.close()
    for timer in win.findChildren(QTimer):  # the template goes: no 审核 may run on its document
        timer.stop()


def _basic(window: MainWindow) -> FieldsTab:
    return next(window.tabs.widget(i) for i in range(window.tabs.count())
                if isinstance(window.tabs.widget(i), FieldsTab))


def test_every_box_is_edited_in_the_window_and_saved(window, qtbot, monkeypatch, tmp_path):
    session = window.session
    tab = _basic(window)
    window.tabs.setCurrentWidget(tab)
    editors = tab.editors
    type_into(editors["boxes.note"], "备注")
    type_into(editors["boxes.summary"].edit, "上半年按计划推进。")
    type_into(editors["boxes.filed"], "2019年7月10日")
    percent = editors["boxes.share"]
    assert isinstance(percent, NumberField)
    percent.edit.setFocus()
    QTest.keyClicks(percent.edit, "12.5")
    nature = editors["boxes.nature"]
    assert isinstance(nature, ChoiceField)
    nature.setFocus()
    QTest.keyClick(nature, Qt.Key.Key_Down)
    QTest.keyClick(nature, Qt.Key.Key_Down)
    types = editors["boxes.types"]
    assert isinstance(types, TicksField)
    qtbot.mouseClick(types.boxes[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(types.boxes[2], Qt.MouseButton.LeftButton)
    source = editors["boxes.source"]
    qtbot.mouseClick(source.boxes[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(source.boxes[1], Qt.MouseButton.LeftButton)  # one at most: the first goes
    funds = editors["boxes.funds"]
    assert isinstance(funds, MoneyTableEditor)
    view, model = funds.view, funds.model
    for row, column, text in ((0, 0, "220"), (0, 1, "87.57"), (1, 0, "200")):
        index = model.index(row, column)
        view.setCurrentIndex(index)
        view.edit(index)
        cell = view.indexWidget(index)
        cell.selectAll()
        QTest.keyClicks(cell, text)
        QTest.keyClick(cell, Qt.Key.Key_Return)
        QApplication.processEvents()  # the delegate commits a Return queued
    assert model.data(model.index(0, 2)) == "39.80%"  # the computed 执行率, not stored
    assert not model.flags(model.index(0, 2)) & Qt.ItemFlag.ItemIsEditable

    boxes = session.document.boxes
    assert boxes["note"] == "备注" and boxes["summary"] == "上半年按计划推进。"
    assert boxes["filed"] == "2019年7月10日" and boxes["share"] == Decimal("12.5")
    assert boxes["nature"] == "延续项目"
    assert boxes["types"] == ["常年性项目", "一次性项目"] and boxes["source"] == ["省直专项"]
    assert boxes["funds"] == {"total": {"initial": Decimal("220.00"), "h1": Decimal("87.57")},
                              "general": {"initial": Decimal("200.00")}}

    # The 审核 follows the declarations: the 其中 lines do not add up to the total yet.
    codes = {f.code for f in session.checks.findings()}
    assert "BOX_PARTS_MISMATCH" in codes and "BOX_RATE_LOW" in codes
    assert codes == {f.code for f in run_checks(session.document)}
    index = model.index(2, 0)
    view.setCurrentIndex(index)
    view.edit(index)
    QTest.keyClicks(view.indexWidget(index), "20")
    QTest.keyClick(view.indexWidget(index), Qt.Key.Key_Return)
    QApplication.processEvents()
    assert "BOX_PARTS_MISMATCH" not in {f.code for f in session.checks.findings()}

    session.undo_stack.undo()
    assert "other" not in boxes["funds"]
    assert model.data(model.index(2, 0)) == ""
    session.undo_stack.redo()
    assert model.data(model.index(2, 0)) == "20.00"

    target = tmp_path / "监控.jixiao"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert window.save_as()
    assert load_document(target).boxes == session.document.boxes
    QApplication.processEvents()



def _funds_editor(qtbot, template):
    from app.boxes import box_specs
    from ui.session import DocumentSession

    session = DocumentSession(template.new_document("黄石市文化和旅游局", 2019))
    spec = box_specs(template, project=False)["funds"]
    editor = MoneyTableEditor(session, "boxes.funds", spec)
    qtbot.addWidget(editor)
    return session, spec, editor


def test_a_money_table_repaints_when_a_cell_changes_elsewhere(qtbot, throwaway):
    """Undo (or any change not typed in the table) reaches the view: its model reports it."""
    session, _, editor = _funds_editor(qtbot, throwaway)
    model = editor.model
    session.set_value("boxes.funds.total.initial", Decimal("220"))
    with qtbot.waitSignal(model.dataChanged, timeout=1000):
        session.undo_stack.undo()
    with qtbot.waitSignal(model.dataChanged, timeout=1000):
        session.undo_stack.redo()
    assert model.data(model.index(0, 0)) == "220.00"


def test_last_year_s_value_of_a_money_table_reads_as_the_form_prints_it(qtbot, throwaway):
    from ui.box_fields import PriorNote

    session, spec, _ = _funds_editor(qtbot, throwaway)
    session.document.boxes["prior_funds"] = {"total": {"initial": Decimal("220.00")}}
    note = PriorNote(session, "boxes.prior_funds", spec)
    qtbot.addWidget(note)
    assert note.text() == "上年：年度资金总额 年初预算数 220.00"
