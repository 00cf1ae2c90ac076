"""The window around the editors (issue #10): it fits the screen, frees what it closes, has a
toolbar, switches tabs from anywhere, remembers files by absolute path, speaks Chinese."""
from __future__ import annotations

import gc
import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (QApplication, QFileDialog, QLabel, QMessageBox, QPlainTextEdit,
                               QTableView, QTabWidget, QToolButton, QWidget)

from app.filelock import lock_path
from app.templates import all_templates
from tests.conftest import EXAMPLE_FILES
from ui.bootstrap import install_chinese
from ui.main_window import MainWindow
from ui.screen_fit import fitted_size
from ui.start_page import example_files
from ui.tabs.base import EditorTab


@pytest.fixture
def window(qtbot, monkeypatch):
    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:3]}")

    for name in ("question", "warning", "exec"):
        monkeypatch.setattr(QMessageBox, name, unexpected)
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    yield win
    if win.session is not None:
        win.session.release_lock()


def _flush_deletions() -> None:
    for _ in range(3):
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()
    gc.collect()


def _alive(kind: type) -> int:
    return sum(isinstance(w, kind) for w in QApplication.allWidgets())


def _rss_kib() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


# -- the screen ---------------------------------------------------------------------------

def test_fitted_size_keeps_a_1280x800_window_inside_a_1366x768_screen():
    from PySide6.QtCore import QRect

    available = QRect(0, 0, 1366, 728)  # 768 less a 40-pixel task bar
    size = fitted_size(QSize(1280, 800), available)
    assert size.width() == 1280 and size.height() <= 728 - 40
    assert fitted_size(QSize(800, 600), QRect(0, 0, 1920, 1040)) == QSize(800, 600)


def test_first_start_fits_the_available_screen(window):
    available = window.screen().availableGeometry()
    assert window.frameGeometry().height() <= available.height()
    assert window.geometry().height() <= available.height() - 30  # room for the title bar
    assert available.contains(window.geometry())


def test_a_size_remembered_from_a_larger_screen_is_shrunk_on_this_one(qtbot):
    first = MainWindow()
    qtbot.addWidget(first)
    available = first.screen().availableGeometry()
    first.resize(available.width() + 600, available.height() + 500)
    first.move(available.right() - 50, available.bottom() - 50)
    first.close()  # remembers its geometry
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.frameGeometry().height() <= available.height()
    assert again.frameGeometry().width() <= available.width()
    assert available.contains(again.geometry().topLeft())


# -- what the window frees --------------------------------------------------------------

def test_opening_20_documents_in_a_row_frees_the_last_ones_editors(window):
    names = sorted(EXAMPLE_FILES)
    counts, sizes = [], []
    for i in range(20):
        assert window.open_path(EXAMPLE_FILES[names[i % len(names)]], ask=False)
        _flush_deletions()
        counts.append((_alive(EditorTab), len(QApplication.allWidgets())))
        sizes.append(_rss_kib())
    current = [window.tabs.widget(i) for i in range(window.tabs.count())]
    alive = [w for w in QApplication.allWidgets() if isinstance(w, EditorTab)]
    # Only this document's editors are alive (a project's section tabs sit inside its tab).
    assert all(any(t is w or t.isAncestorOf(w) for t in current) for w in alive)
    # The same documents again hold the same widgets: nothing piles up from open to open.
    assert counts[-1] == counts[-1 - len(names)] == counts[-1 - 2 * len(names)]
    # Memory after the 8th open and after the 20th: flat (a leak of editors was ~2 MB a time).
    assert sizes[-1] - sizes[7] < 12_000, sizes


# -- the toolbar ----------------------------------------------------------------------------

def test_toolbar_has_the_everyday_actions_with_chinese_labels_and_icons(window):
    toolbar = window.window_actions.toolbar
    labels = [a.text() for a in toolbar.actions() if not a.isSeparator()]
    assert labels == ["新建…", "打开…", "保存", "撤销", "重做", "审核", "导出…", "打印预览…"]
    for action in toolbar.actions():
        if not action.isSeparator():
            assert not action.icon().pixmap(24, 24).isNull(), action.text()
            button = toolbar.widgetForAction(action)
            assert isinstance(button, QToolButton)
            assert button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextUnderIcon


def test_toolbar_buttons_need_a_document_and_follow_the_undo_stack(window, qtbot):
    actions = window.window_actions
    assert not actions.save.isEnabled() and not actions.check.isEnabled()
    assert actions.new.isEnabled() and actions.open.isEnabled()
    window.open_path(EXAMPLE_FILES["jiangsu"], ask=False)
    assert actions.save.isEnabled() and actions.export.isEnabled()
    assert not actions.undo.isEnabled() and not actions.redo.isEnabled()
    window.session.set_value("unit_name", "改")
    assert actions.undo.isEnabled()
    qtbot.mouseClick(window.window_actions.toolbar.widgetForAction(actions.undo),
                     Qt.MouseButton.LeftButton)
    assert window.session.document.unit_name != "改"
    assert actions.redo.isEnabled() and not actions.undo.isEnabled()


def test_the_check_button_brings_back_a_closed_checks_panel(window, qtbot):
    window.open_path(EXAMPLE_FILES["hebei-text"], ask=False)
    window.checks_dock.close()
    assert not window.checks_dock.isVisible()
    qtbot.mouseClick(window.window_actions.toolbar.widgetForAction(window.window_actions.check),
                     Qt.MouseButton.LeftButton)
    assert window.checks_dock.isVisible()
    assert "审核" in window.status_counts.text()


# -- keys -----------------------------------------------------------------------------------

@pytest.mark.parametrize("keys", [(Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier),
                                  (Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)])
@pytest.mark.parametrize("kind", [QTableView, QPlainTextEdit])
def test_ctrl_tab_switches_tabs_even_from_a_table_or_text_box(window, qtbot, keys, kind):
    window.open_path(EXAMPLE_FILES["jiangsu"], ask=False)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        # Inside inner tabs the key moves them first (tests/ui/test_tab_keys.py).
        focus = next((w for w in window.tabs.currentWidget().findChildren(kind)
                      if w.isVisible() and not any(
                          t.isAncestorOf(w) for t in window.tabs.currentWidget().findChildren(
                              QTabWidget))), None)
        if focus is None:
            continue
        focus.setFocus()
        qtbot.waitUntil(focus.hasFocus)
        QTest.keyClick(focus, *keys)
        assert window.tabs.currentIndex() == (index + 1) % window.tabs.count(), (
            window.tabs.tabText(index), kind.__name__)
    back = window.tabs.currentIndex()
    QTest.keyClick(window.tabs.currentWidget(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == (back - 1) % window.tabs.count()


# -- files ----------------------------------------------------------------------------------

def test_a_file_opened_by_a_relative_path_stays_in_the_recent_list(window, tmp_path,
                                                                   monkeypatch):
    folder = tmp_path / "文档"
    folder.mkdir()
    shutil.copy(EXAMPLE_FILES["guizhou"], folder / "六盘水.jixiao")
    monkeypatch.chdir(folder)
    assert window.open_path(Path("六盘水.jixiao"), ask=False)
    assert window.session.path == folder / "六盘水.jixiao"
    monkeypatch.chdir(tmp_path)  # the working folder changes: the entry must still be found
    assert window.recent_files() == [folder / "六盘水.jixiao"]
    assert window.recent_menu.isEnabled()
    window._fill_recent_menu()
    assert [a.text() for a in window.recent_menu.actions()] == [str(folder / "六盘水.jixiao")]


def test_start_page_names_examples_in_chinese_and_opens_them_as_untitled_copies(window):
    items = window.start_page.examples[1]
    texts = [items.item(i).text() for i in range(items.count())]
    assert len(texts) == len(example_files()) == len(all_templates())  # one per template
    assert any(t.startswith("苏州市自然资源和规划局 2024年 · ") for t in texts), texts
    for text in texts:
        assert not any(c.isascii() and c.isalpha() for c in text), text  # no pinyin file names
    for path in example_files():
        lock_path(path).unlink(missing_ok=True)
    item = next(items.item(i) for i in range(items.count()) if "苏州" in items.item(i).text())
    items.itemActivated.emit(item)
    assert window.session is not None and window.session.path is None
    assert window.session.document.unit_name == "苏州市自然资源和规划局"
    assert not any(lock_path(path).exists() for path in example_files())
    assert window.recent_files() == []


def test_qt_file_dialogs_speak_chinese(qtbot):
    from PySide6.QtCore import QTranslator

    app = QApplication.instance()
    install_chinese(app)
    install_chinese(app)  # again (as after another test removed them): still Chinese
    dialog = QFileDialog(None, "打开文档")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    texts = {label.text() for label in dialog.findChildren(QLabel)}
    assert "查找范围(&L)：" in texts and "文件类型(&T)：" in texts, texts
    box = QMessageBox(QMessageBox.Icon.Question, "标题", "正文",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    try:
        assert {b.text() for b in box.buttons()} == {"是(&Y)", "否(&N)"}
    finally:  # the other tests run with Qt's defaults
        for translator in app.findChildren(QTranslator):
            app.removeTranslator(translator)


def test_every_widget_of_the_window_fits_when_maximised_on_the_screen(window, qtbot):
    """Nothing below the bottom edge: the status bar and the 审核 panel stay on screen."""
    window.open_path(EXAMPLE_FILES["jiangsu"], ask=False)
    window.showMaximized()
    qtbot.waitUntil(lambda: window.isMaximized() or True)
    available = QGuiApplication.primaryScreen().availableGeometry()
    for widget in (window.statusBar(), window.checks_dock, window.window_actions.toolbar):
        bottom = widget.mapToGlobal(widget.rect().bottomLeft()).y()
        assert bottom <= available.bottom() + 1, type(widget).__name__
    assert isinstance(window.centralWidget(), QWidget)


def test_two_recent_files_of_one_name_say_their_folders(qtbot, tmp_path):
    """Last year's and this year's 绩效目标表.jixiao in their own folders: the start page tells
    them apart by folder (every file shows its folder)."""
    from ui.start_page import StartPage

    page = StartPage()
    qtbot.addWidget(page)
    old, new, other = (tmp_path / "2024" / "绩效目标表.jixiao", tmp_path / "2025" / "绩效目标表.jixiao",
                       tmp_path / "2025" / "自评报告.jixiao")
    page.set_recent([new, old, other])
    texts = [page.recent[1].item(i).text() for i in range(3)]
    assert [text.split("\n")[1] for text in texts] == [
        f"绩效目标表.jixiao　文件夹：{new.parent}", f"绩效目标表.jixiao　文件夹：{old.parent}",
        f"自评报告.jixiao　文件夹：{other.parent}"]
