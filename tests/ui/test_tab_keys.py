"""Ctrl+Tab / Ctrl+PgDown (and back) move through the inner tabs around the keyboard first,
then on to the window's next tab (the rule is in docs/editor.md)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.conftest import EXAMPLE_FILES
from ui.main_window import MainWindow

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, monkeypatch):
    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:3]}")

    for name in ("question", "warning", "exec"):
        monkeypatch.setattr(QMessageBox, name, unexpected)
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    assert win.open_path(EXAMPLE_FILES["jiangsu"], ask=False)
    yield win
    if win.session is not None:
        win.session.release_lock()


def _press(key: Qt.Key, modifiers) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None
    QTest.keyClick(focus, key, modifiers)


@pytest.mark.parametrize("forward, back", [
    ((Qt.Key.Key_Tab, CTRL), (Qt.Key.Key_Backtab, CTRL | SHIFT)),
    ((Qt.Key.Key_PageDown, CTRL), (Qt.Key.Key_PageUp, CTRL))])
def test_inner_indicator_tabs_come_first_then_the_next_outer_tab(window, qtbot, forward, back):
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    outer = titles.index("绩效指标")
    window.tabs.setCurrentIndex(outer)
    inner = window.tabs.currentWidget().tables
    assert inner.count() >= 2
    inner.setCurrentIndex(0)
    view = inner.currentWidget().view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    for page in range(1, inner.count()):
        _press(*forward)
        assert (window.tabs.currentIndex(), inner.currentIndex()) == (outer, page)
        assert inner.isAncestorOf(QApplication.focusWidget()), "the keyboard left the tables"
    _press(*back)
    assert (window.tabs.currentIndex(), inner.currentIndex()) == (outer, inner.count() - 2)
    _press(*forward)
    _press(*forward)  # past the last inner tab: the window's next tab
    assert window.tabs.currentIndex() == (outer + 1) % window.tabs.count()


def test_back_from_the_first_inner_tab_goes_to_the_previous_outer_tab(window, qtbot):
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    outer = titles.index("绩效指标")
    window.tabs.setCurrentIndex(outer)
    inner = window.tabs.currentWidget().tables
    inner.setCurrentIndex(0)
    inner.currentWidget().view.setFocus()
    qtbot.waitUntil(inner.currentWidget().view.hasFocus)
    _press(Qt.Key.Key_Backtab, CTRL | SHIFT)
    assert window.tabs.currentIndex() == outer - 1 and inner.currentIndex() == 0


def test_outside_inner_tabs_the_window_tabs_move(window, qtbot):
    window.tabs.setCurrentIndex(0)
    window.tabs.tabBar().setFocus()
    qtbot.waitUntil(window.tabs.tabBar().hasFocus)
    _press(Qt.Key.Key_Tab, CTRL)
    assert window.tabs.currentIndex() == 1
