"""资金 editing and the self-evaluation's tables, driven through the real widgets."""
from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent, QInputMethodEvent, QValidator
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QMainWindow, QMessageBox

from app.checks import Location
from app.checks.money import check_money
from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES
from ui.funds_model import FULL_YEAR, HALF_YEAR, MISMATCH_MARK, MISMATCH_ROLE, NAME, PATH_ROLE
from ui.money import MoneyEdit
from ui.session import DocumentSession
from ui.tabs.evaluation_tables import BudgetStagesEditor, TeamEditor
from ui.tabs.funds_tab import FundsTab


def _session(key: str) -> DocumentSession:
    return DocumentSession(load_document(EXAMPLE_FILES[key]), EXAMPLE_FILES[key])


@pytest.fixture
def suzhou(qtbot) -> FundsTab:
    tab = FundsTab(_session("jiangsu"))
    qtbot.addWidget(tab)
    tab.resize(1100, 800)
    tab.show()
    return tab


def _row(model, label: str) -> int:
    return next(r for r in range(model.rowCount())
                if model.index(r, NAME).data() == label)


def _commit_text(widget, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _type_into_cell(qtbot, view, index, text: str) -> None:
    """As an officer does: open the cell's editor, type, press Enter."""
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    assert isinstance(editor, MoneyEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits on Enter through a queued call


def test_typed_budget_lines_update_the_computed_totals(qtbot, suzhou):
    funds = suzhou.session.document.department.funds
    model, view = suzhou.expense_model, suzhou.expense_view
    basic = model.index(_row(model, "基本支出"), FULL_YEAR)
    _type_into_cell(qtbot, view, basic, "5000.5")
    assert funds.basic_expense.full_year == Decimal("5000.50")
    assert model.index(basic.row(), FULL_YEAR).data() == "5,000.50"
    total_row = _row(model, "基本支出＋项目支出（自动计算）")
    assert model.index(total_row, FULL_YEAR).data().endswith("21,563.64")
    assert "21,563.64" in suzhou.expense_tie.text() and "≠" in suzhou.expense_tie.text()

    income = suzhou.income_model
    general = income.index(_row(income, "一般公共预算资金"), FULL_YEAR)
    _type_into_cell(qtbot, suzhou.income_view, general, "18,600")
    assert funds.income[0].amount == Decimal("18600.00")
    income_sum = income.index(_row(income, "收入合计（自动计算）"), FULL_YEAR)
    assert income_sum.data() == MISMATCH_MARK + "21,283.80"
    assert "收入合计 21,283.80" in suzhou.income_tie.text()
    # Computed totals are the core's and cannot be typed over.
    assert not income.flags(income_sum) & Qt.ItemFlag.ItemIsEditable
    assert income.setData(income_sum, Decimal("1")) is False


def test_a_cent_off_in_one_item_marks_the_mismatch_like_the_checks(qtbot, suzhou):
    session, model = suzhou.session, suzhou.expense_model
    item = model.index(model.item_row(1), FULL_YEAR)
    project = model.index(_row(model, "项目支出"), FULL_YEAR)
    items_sum = model.index(_row(model, "支出明细合计（自动计算，应等于项目支出）"), FULL_YEAR)
    assert not project.data(MISMATCH_ROLE) and not items_sum.data(MISMATCH_ROLE)

    assert model.setData(item, Decimal("3.01"))
    assert session.document.department.funds.expense_items[1].full_year == Decimal("3.01")
    assert project.data(MISMATCH_ROLE) and items_sum.data(MISMATCH_ROLE)
    assert items_sum.data() == MISMATCH_MARK + "16,563.15"
    assert "相差 0.01 万元" in items_sum.data(Qt.ItemDataRole.ToolTipRole)
    codes = {f.code for f in check_money(session.document, session.template.checks)}
    assert codes == {"PROJECT_EXPENSE_MISMATCH"}

    session.undo_stack.undo()
    assert session.document.department.funds.expense_items[1].full_year == Decimal("3.00")
    assert not project.data(MISMATCH_ROLE) and items_sum.data() == "16,563.14"
    session.undo_stack.redo()
    assert items_sum.data(MISMATCH_ROLE)


def test_stated_total_is_edited_and_undone(qtbot, suzhou):
    session = suzhou.session
    edit = suzhou.total_edit
    assert edit.text() == "21,274.97"
    edit.clear()
    qtbot.keyClicks(edit, "21274.98")
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert session.document.department.funds.total == Decimal("21274.98")
    assert "≠" in suzhou.income_tie.text() and "≠" in suzhou.expense_tie.text()
    session.undo_stack.undo()
    assert session.document.department.funds.total == Decimal("21274.97")
    assert edit.text() == "21,274.97" and "＝" in suzhou.income_tie.text()


@pytest.mark.parametrize("typed, kept", [("12.345", "12.34"), ("-1", "1"), ("abc", "")])
def test_money_edit_refuses_what_is_not_an_amount(qtbot, typed, kept):
    edit = MoneyEdit()
    qtbot.addWidget(edit)
    assert edit.validator().validate(typed, len(typed)) == QValidator.State.Invalid
    qtbot.keyClicks(edit, typed)
    assert edit.text() == kept


def test_money_edit_says_why_in_chinese_in_the_status_bar(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    edit = MoneyEdit()
    window.setCentralWidget(edit)
    window.statusBar()  # the editor's main window has one
    with qtbot.waitSignal(edit.inputRefused) as refused:
        qtbot.keyClicks(edit, "a")
    message = "金额只能填写不小于 0 的数字，最多两位小数"
    assert refused.args == [message]
    assert window.statusBar().currentMessage() == message


def test_money_edit_takes_pasted_separators_and_shows_them_at_rest(qtbot):
    edit = MoneyEdit()
    qtbot.addWidget(edit)
    QApplication.clipboard().setText("1,234.5")
    edit.paste()
    assert edit.value() == Decimal("1234.50") and str(edit.value()) == "1234.50"
    edit.clear()
    qtbot.keyClicks(edit, "1,234.5")
    assert edit.value() == Decimal("1234.50")
    edit.setValue(Decimal("1234567.8"))
    assert edit.text() == "1,234,567.80" and edit.alignment() & Qt.AlignmentFlag.AlignRight
    QApplication.sendEvent(edit, QFocusEvent(QEvent.Type.FocusIn))
    assert edit.text() == "1234567.80"
    edit.setValue(None)
    assert edit.value() is None and edit.text() == ""
    with pytest.raises(TypeError):
        edit.setValue(1.5)  # type: ignore[arg-type]


def test_pasting_three_items_from_excel_is_one_undo_step(qtbot, suzhou):
    session, model, view = suzhou.session, suzhou.expense_model, suzhou.expense_view
    items = session.document.department.funds.expense_items
    before = [(i.name, i.full_year) for i in items]
    last = len(items) - 1
    view.setCurrentIndex(model.index(model.item_row(last), NAME))
    steps = session.undo_stack.count()
    QApplication.clipboard().setText("测绘服务\t1,200.00\t2400\r\n档案整理\t0\t35.5\r\n"
                                     "　专项＝经费 \t\t8\r\n")
    QTest.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    items = session.document.department.funds.expense_items
    assert session.undo_stack.count() == steps + 1
    assert [(i.name, i.half_year, i.full_year) for i in items[last:]] == [
        ("测绘服务", Decimal("1200.00"), Decimal("2400.00")),
        ("档案整理", Decimal("0.00"), Decimal("35.50")),
        ("　专项＝经费 ", None, Decimal("8.00"))]
    assert model.index(model.item_row(last + 2), NAME).data() == "　专项＝经费 "
    session.undo_stack.undo()
    items = session.document.department.funds.expense_items
    assert [(i.name, i.full_year) for i in items] == before
    assert model.item_at(model.rowCount() - 2) == len(before) - 1


def test_a_bad_amount_in_the_paste_changes_nothing_and_says_where(qtbot, suzhou, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text: shown.append((title, text)))
    session, view = suzhou.session, suzhou.expense_view
    before = session.document.department.funds.model_dump()
    view.setCurrentIndex(suzhou.expense_model.index(suzhou.expense_model.item_row(0), NAME))
    QApplication.clipboard().setText("甲\t1\t2\n乙\t1.234\t3\n")
    QTest.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert shown and shown[0][0] == "无法粘贴"
    assert "第 2 行" in shown[0][1] and "“1.234”" in shown[0][1]
    assert session.document.department.funds.model_dump() == before
    assert session.undo_stack.count() == 0


def test_items_are_added_moved_and_removed_as_undoable_steps(qtbot, suzhou):
    session, model, view = suzhou.session, suzhou.expense_model, suzhou.expense_view
    items = lambda: session.document.department.funds.expense_items  # noqa: E731
    names = [i.name for i in items()]
    view.setCurrentIndex(model.index(model.item_row(0), FULL_YEAR))
    qtbot.mouseClick(suzhou.down_button, Qt.MouseButton.LeftButton)
    assert [i.name for i in items()[:2]] == [names[1], names[0]]
    assert model.item_at(view.currentIndex().row()) == 1  # the moved item stays selected
    qtbot.mouseClick(suzhou.add_button, Qt.MouseButton.LeftButton)
    assert len(items()) == len(names) + 1 and items()[2].name == ""
    assert model.setData(view.currentIndex(), "新增明细")
    assert items()[2].name == "新增明细"
    qtbot.mouseClick(suzhou.remove_button, Qt.MouseButton.LeftButton)
    assert len(items()) == len(names) and "新增明细" not in [i.name for i in items()]
    for _ in range(4):
        session.undo_stack.undo()
    assert [i.name for i in items()] == names
    assert model.rowCount() == 3 + len(names) + 1


def test_focus_location_selects_the_cell(qtbot, suzhou):
    path = "department.funds.expense_items[3].half_year"
    assert suzhou.focus_location(Location("funds", path))
    assert suzhou.expense_view.currentIndex().data(PATH_ROLE) == path
    assert suzhou.focus_location(Location("funds", "department.funds.income[1].amount"))
    assert suzhou.income_view.currentIndex().data(PATH_ROLE) == "department.funds.income[1].amount"
    assert not suzhou.focus_location(Location("goals", "department.annual_goal"))


def test_guizhou_shows_only_basic_project_and_total(qtbot):
    tab = FundsTab(_session("guizhou"))
    qtbot.addWidget(tab)
    tab.show()
    model = tab.expense_model
    labels = [model.index(r, NAME).data() for r in range(model.rowCount())]
    assert labels == ["基本支出", "项目支出", "基本支出＋项目支出（自动计算）"]
    assert not tab.income_group.isVisible() and not tab.appropriation_edit.isVisible()
    assert tab.expense_view.isColumnHidden(HALF_YEAR)
    assert not tab.expense_view.isColumnHidden(FULL_YEAR)
    assert model.index(1, FULL_YEAR).data() == "38,756.49"
    assert tab.total_edit.value() == Decimal("42169.41")
    assert "42,169.41" in tab.expense_tie.text() and "＝" in tab.expense_tie.text()


@pytest.fixture
def shijiazhuang() -> DocumentSession:
    return _session("hebei-eval")


def test_team_members_are_edited_added_moved_and_undone(qtbot, shijiazhuang):
    session = shijiazhuang
    editor = TeamEditor(session)
    qtbot.addWidget(editor)
    editor.show()
    team = lambda: session.document.self_evaluation.team  # noqa: E731
    before = [m.model_dump() for m in team()]
    model, view = editor.model, editor.view
    assert model.index(0, 1).data() == "李建业"
    assert model.setData(model.index(1, 2), "四级调研员（主持工作）")
    assert team()[1].title == "四级调研员（主持工作）"
    view.setCurrentIndex(model.index(2, 1))
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert [m.name for m in team()[1:3]] == ["王永辉", "张桂桦"]
    assert view.currentIndex().row() == 1
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert len(team()) == 14 and team()[2].role == "组成员" and team()[2].name == ""
    view.setCurrentIndex(model.index(13, 0))
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert len(team()) == 13 and team()[-1].name == "陈晓军"
    role = model.index(3, 0)
    view.edit(role)
    combo = view.indexWidget(role)
    assert isinstance(combo, QComboBox) and combo.currentText() == "副组长"
    combo.setCurrentText("组长")
    view.itemDelegateForColumn(0).setModelData(combo, model, role)
    assert team()[3].role == "组长"
    assert session.undo_stack.count() == 5
    while session.undo_stack.canUndo():
        session.undo_stack.undo()
    assert [m.model_dump() for m in team()] == before
    assert model.rowCount() == 13 and model.index(1, 2).data() == "四级调研员"


def test_budget_stage_figures_and_text_are_edited_and_undone(qtbot, shijiazhuang):
    session = shijiazhuang
    editor = BudgetStagesEditor(session)
    qtbot.addWidget(editor)
    editor.resize(1000, 650)
    editor.show()
    assert [editor.tabs.tabText(i) for i in range(3)] == ["年初预算", "预算调整", "决算"]
    stage = lambda i: session.document.self_evaluation.budget_stages[i]  # noqa: E731
    page = editor.page(2)
    expense = page.lines["expense"].model
    assert expense.index(1, 1).data() == "124,224.24"
    assert expense.setData(expense.index(1, 1), "124,224.25")
    assert stage(2).expense[1].amount == Decimal("124224.25")
    assert expense.setData(expense.index(1, 1), "12.345") is False
    assert "12.345" in expense.last_error

    income = page.lines["income"]
    income.view.setCurrentIndex(income.model.index(3, 0))
    qtbot.mouseClick(income.add_button, Qt.MouseButton.LeftButton)
    assert len(stage(2).income) == 5 and income.model.rowCount() == 5

    original = stage(2).text
    page.text_edit.moveCursor(page.text_edit.textCursor().MoveOperation.End)
    for word in ("（已", "核对）"):  # as a Chinese input method commits them
        _commit_text(page.text_edit, word)
    assert stage(2).text == original + "（已核对）"
    steps = session.undo_stack.count()
    assert steps == 3  # the typed words are one step, not one per character

    session.undo_stack.undo()
    assert stage(2).text == original and page.text_edit.toPlainText() == original
    session.undo_stack.undo()
    assert len(stage(2).income) == 4 and income.model.rowCount() == 4
    session.undo_stack.undo()
    assert stage(2).expense[1].amount == Decimal("124224.24")
    assert expense.index(1, 1).data() == "124,224.24"


def test_no_green_tie_when_one_side_has_nothing_to_compare(qtbot):
    """A new document: no expense amounts and no stated total, so no ＝ in green."""
    from app.templates import get_template

    document = get_template("jiangsu-dept-target").new_document("苏州市测试局", 2025)
    session = DocumentSession(document)
    tab = FundsTab(session)
    qtbot.addWidget(tab)
    tab.show()
    for tie in (tab.income_tie, tab.expense_tie, tab.appropriation_tie):
        assert "＝" not in tie.text() and "≠" not in tie.text(), tie.text()
        assert "#2e7d32" not in tie.styleSheet()  # not the green of a tie that holds
    session.set_value("department.funds.basic_expense.full_year", Decimal("100.00"))
    assert "＝" not in tab.expense_tie.text() and "≠" not in tab.expense_tie.text()
    assert "资金总额" in tab.expense_tie.toolTip()  # what the comparison still lacks
    session.set_value("department.funds.total", Decimal("100.00"))
    assert "＝" in tab.expense_tie.text() and "#2e7d32" in tab.expense_tie.styleSheet()
    session.set_value("department.funds.total", Decimal("90.00"))
    assert "≠" in tab.expense_tie.text()
    assert "≠" in tab.income_tie.text()  # the checks find 收入 0 against 90: shown as they say


_PAGE_KEYS = [(Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier, 1),
              (Qt.Key.Key_Backtab, Qt.KeyboardModifier.ControlModifier
               | Qt.KeyboardModifier.ShiftModifier, -1),
              (Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier, 1),
              (Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier, -1)]


def _page_widgets(session: DocumentSession, name: str, parent):
    """A tab's part and the widget in it that has the focus: the 资金 tables, a list of the
    document, a paragraph."""
    from ui.fields import field_editor

    if name in ("income", "expense"):
        funds = FundsTab(session, parent)
        return funds, funds.income_view if name == "income" else funds.expense_view
    path = "department.functions" if name == "list" else "department.annual_goal"
    spec = next(f for s in session.template.sections for f in s.fields if f.path == path)
    editor = field_editor(session, spec, "", parent)
    return editor, editor.view if name == "list" else editor.edit


@pytest.mark.parametrize("name", ["income", "expense", "list", "text"])
def test_tables_leave_the_page_keys_to_the_window(qtbot, name):
    """Ctrl+Tab, Ctrl+Shift+Tab, Ctrl+PgDown and Ctrl+PgUp switch pages from inside a table:
    the window's shortcut fires, and without one the key goes on to the widgets around it
    (a tab widget switches on Ctrl+Tab) instead of moving the table's cursor."""
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import QWidget

    class Page(QWidget):
        def __init__(self) -> None:
            super().__init__()
            self.keys: list[Qt.Key] = []

        def keyPressEvent(self, event) -> None:  # noqa: ANN001 - what no child took
            self.keys.append(Qt.Key(event.key()))

    session = _session("jiangsu")
    window = QMainWindow()
    qtbot.addWidget(window)
    page = Page()
    part, widget = _page_widgets(session, name, page)
    part.resize(1300, 700)
    window.setCentralWidget(page)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for key, modifiers, _ in _PAGE_KEYS:
        widget.setFocus()
        current = widget.currentIndex() if hasattr(widget, "currentIndex") else None
        QTest.keyClick(widget, key, modifiers)
        assert page.keys[-1:] == [key], (name, key)
        if current is not None:
            assert widget.currentIndex() == current  # the cursor stayed
    fired: list[int] = []
    for step, keys in ((1, ("Ctrl+Tab", "Ctrl+PgDown")), (-1, ("Ctrl+Shift+Tab", "Ctrl+PgUp"))):
        action = QAction(window)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(lambda *_, s=step: fired.append(s))
        window.addAction(action)
    for key, modifiers, step in _PAGE_KEYS:
        widget.setFocus()
        QTest.keyClick(widget, key, modifiers)
        assert fired[-1:] == [step], (name, key)
    if hasattr(widget, "edit"):  # a table: also while a cell is being typed into
        index = widget.model().index(0, widget.model().columnCount() - 1)
        widget.setCurrentIndex(index)
        widget.edit(index)
        cell = QApplication.focusWidget()
        assert cell is not widget
        QTest.keyClick(cell, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
        assert fired[-1:] == [1]


def _select_lines(view, first: int, last: int, current: int) -> None:
    """As the officer selects whole lines by their row headers (clicked, then shift-clicked)."""
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    model = view.model()
    view.setCurrentIndex(model.index(current, NAME))
    selection = QItemSelection(model.index(first, 0), model.index(last, model.columnCount() - 1))
    view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def test_a_paste_starts_at_the_first_selected_line(qtbot, suzhou):
    session, model, view = suzhou.session, suzhou.expense_model, suzhou.expense_view
    names = [i.name for i in session.document.department.funds.expense_items]
    # Lines of items 2..4 selected downwards: the cursor ends on item 4, the paste starts at 2.
    _select_lines(view, model.item_row(2), model.item_row(4), current=model.item_row(4))
    QApplication.clipboard().setText("测绘服务\t1\t2\n档案整理\t3\t4\n")
    QTest.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    items = session.document.department.funds.expense_items
    assert [i.name for i in items] == names[:2] + ["测绘服务", "档案整理"] + names[4:]
    selected = sorted({i.row() for i in view.selectionModel().selectedIndexes()})
    assert selected == [model.item_row(2), model.item_row(3)]  # the pasted lines, on show


def test_a_paste_on_a_line_without_items_goes_nowhere_and_says_where_to_go(qtbot, suzhou,
                                                                          monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text: shown.append((title, text)))
    session, model, view = suzhou.session, suzhou.expense_model, suzhou.expense_view
    before = session.document.department.funds.model_dump()
    _select_lines(view, 0, 0, current=0)  # 基本支出
    QApplication.clipboard().setText("测绘服务\t1\t2\n")
    QTest.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert session.document.department.funds.model_dump() == before
    assert shown and shown[0][0] == "无法粘贴" and "支出明细" in shown[0][1]
    # The 支出明细合计 line stands below the last item: a paste there adds after it.
    count = len(session.document.department.funds.expense_items)
    last = model.rowCount() - 1
    _select_lines(view, last, last, current=last)
    QTest.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    items = session.document.department.funds.expense_items
    assert len(items) == count + 1 and items[-1].name == "测绘服务"
