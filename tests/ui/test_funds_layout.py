"""资金 on a laptop screen: every line of both tables on show, the tab scrolling instead of the
tables shrinking under a tall 审核 panel."""
from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTableView, QWidget

from app.model import BudgetLine
from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES
from ui.session import DocumentSession
from ui.tabs.funds_tab import MAX_SHOWN_ROWS, FundsTab


def _window(qtbot, session: DocumentSession, panel_height: int) -> tuple[QMainWindow, FundsTab]:
    """A 1366×768 window with the tab in the middle and a 审核 panel below."""
    window = QMainWindow()
    qtbot.addWidget(window)
    tab = FundsTab(session, window)
    window.setCentralWidget(tab)
    dock = QDockWidget("审核", window)
    panel = QWidget(dock)
    panel.setMinimumHeight(panel_height)
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window, tab


def _rows_height(view: QTableView, rows: range) -> int:
    return sum(view.rowHeight(r) for r in rows)


def _all_rows_on_show(view: QTableView) -> None:
    rows = view.model().rowCount()
    assert rows > 0
    assert view.viewport().height() >= _rows_height(view, range(rows)), view.objectName()
    assert view.verticalScrollBar().maximum() == 0


@pytest.mark.parametrize("panel_height", [120, 300])
def test_every_line_of_suzhou_shows_and_the_tab_scrolls(qtbot, panel_height):
    session = DocumentSession(load_document(EXAMPLE_FILES["jiangsu"]))
    _, tab = _window(qtbot, session, panel_height)
    assert tab.income_view.model().rowCount() == 9 and tab.expense_view.model().rowCount() == 33
    _all_rows_on_show(tab.income_view)
    _all_rows_on_show(tab.expense_view)
    scroll = tab.scroll_area.verticalScrollBar()
    assert scroll.maximum() > 0  # the lines do not fit beside the panel: the tab scrolls
    # Scrolled to the end, the expense table's last line and its buttons are on screen.
    scroll.setValue(scroll.maximum())
    bottom = tab.add_button.mapTo(tab.scroll_area.viewport(), tab.add_button.rect().bottomLeft())
    assert 0 <= bottom.y() <= tab.scroll_area.viewport().height()


def test_the_table_follows_its_lines_up_to_a_cap_then_scrolls_inside(qtbot):
    session = DocumentSession(load_document(EXAMPLE_FILES["jiangsu"]))
    _, tab = _window(qtbot, session, 120)
    view = tab.expense_view
    height = view.height()
    tab.add_expense_item()
    assert view.height() == height + view.rowHeight(0)  # one more line, one line taller
    _all_rows_on_show(view)
    session.undo_stack.undo()
    assert view.height() == height
    many = [BudgetLine(name=f"明细{i}", full_year=Decimal(i)) for i in range(60)]
    session.set_value("department.funds.expense_items", many)
    rows = view.model().rowCount()
    assert rows > MAX_SHOWN_ROWS
    shown = view.viewport().height()
    assert _rows_height(view, range(MAX_SHOWN_ROWS)) <= shown
    assert shown < _rows_height(view, range(MAX_SHOWN_ROWS + 1))
    assert view.verticalScrollBar().maximum() > 0  # the rest is reached inside the table
