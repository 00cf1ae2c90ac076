"""文件 → 关闭 (Ctrl+W) back to the start page; where the open, save and import dialogs start."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app import filelock, recovery
from tests.conftest import EXAMPLE_FILES
from tests.ui.test_main_window import new_jiangsu, window  # noqa: F401 - the fixture


@pytest.fixture
def opened(window, tmp_path):  # noqa: F811 - the fixture above
    path = tmp_path / "苏州.jixiao"
    shutil.copy(EXAMPLE_FILES["jiangsu"], path)
    assert window.open_path(path, ask=False)
    return path


def test_close_is_ctrl_w_in_the_file_menu_and_greyed_without_a_document(window):  # noqa: F811
    close = window.window_actions.close
    assert close.text() == "关闭" and close.shortcut() == QKeySequence("Ctrl+W")
    assert close in window.menuBar().actions()[0].menu().actions()
    assert not close.isEnabled()
    window.open_path(EXAMPLE_FILES["hebei-text"], ask=False)
    assert close.isEnabled()


def test_ctrl_w_goes_back_to_the_start_page_and_lets_the_file_go(window, opened,  # noqa: F811
                                                                  qtbot):
    assert filelock.owner_of(opened) is not None
    qtbot.keyClick(window.tabs.currentWidget(), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.session is None
    assert window.stack.currentWidget() is window.start_page
    assert window.tabs.count() == 0 and window.checks_dock is None
    assert window.windowTitle() == "绩效填报" and window.status_counts.text() == ""
    assert filelock.owner_of(opened) is None  # another window may open it now
    assert not window.window_actions.close.isEnabled()
    assert not window.window_actions.save.isEnabled()
    assert window.start_page.recent[1].item(0).data(Qt.ItemDataRole.UserRole) == str(opened)


def test_closing_unsaved_work_asks_and_cancel_keeps_it(window, opened, monkeypatch):  # noqa: F811
    window.session.set_value("unit_name", "改名")
    window.autosave()
    assert recovery.pending()
    asked = []

    def cancel(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", cancel)
    assert not window.close_document()
    assert asked and "未保存" in asked[0]
    assert window.session is not None and window.session.document.unit_name == "改名"

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    assert window.close_document()
    assert window.session is None and not recovery.pending()
    assert filelock.owner_of(opened) is None


def test_closing_saves_when_asked(window, opened, monkeypatch):  # noqa: F811
    window.session.set_value("unit_name", "保存后关闭")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    assert window.close_document()
    assert window.open_path(opened, ask=False)
    assert window.session.document.unit_name == "保存后关闭"


# -- where the dialogs start ----------------------------------------------------------------

@pytest.fixture
def documents(tmp_path, monkeypatch):
    """The user's 文档 folder, somewhere the test owns; the working folder is another one."""
    folder = tmp_path / "文档"
    folder.mkdir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda location: str(
        folder if location == QStandardPaths.StandardLocation.DocumentsLocation else tmp_path))
    working = tmp_path / "checkout"
    working.mkdir()
    monkeypatch.chdir(working)
    return folder


@pytest.fixture
def starts(monkeypatch):
    """The folder each file dialog was opened in (the dialog then cancelled)."""
    seen: list[Path] = []

    def remember(start: str) -> None:
        path = Path(start)
        seen.append(path if path.suffix not in (".jixiao", ".xlsx") else path.parent)

    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, caption, start, *a, **k: (remember(start), ("", ""))[1])
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda parent, caption, start, *a, **k: (remember(start), ("", ""))[1])
    return seen


def test_a_new_documents_save_dialog_starts_in_documents_not_the_working_folder(
        window, monkeypatch, documents, starts):  # noqa: F811
    new_jiangsu(window, monkeypatch)
    assert not window.save_as()
    assert starts == [documents]
    assert Path(os.getcwd()) != documents


def test_open_and_import_start_in_documents_at_first(window, documents, starts):  # noqa: F811
    window.open_dialog()
    window.import_excel()
    assert starts == [documents, documents]


def test_dialogs_start_in_the_last_folder_used(window, monkeypatch, documents, starts,  # noqa: F811
                                               tmp_path):
    elsewhere = tmp_path / "二〇二五"
    elsewhere.mkdir()
    shutil.copy(EXAMPLE_FILES["jiangsu"], elsewhere / "苏州.jixiao")
    assert window.open_path(elsewhere / "苏州.jixiao", ask=False)
    window.open_dialog()
    window.import_excel()
    new_jiangsu(window, monkeypatch)
    window.save_as()
    assert starts == [elsewhere, elsewhere, elsewhere]


def test_a_remembered_folder_that_is_gone_falls_back_to_documents(window, monkeypatch,  # noqa: F811
                                                                  documents, starts, tmp_path):
    gone = tmp_path / "已删除"
    gone.mkdir()
    shutil.copy(EXAMPLE_FILES["jiangsu"], gone / "苏州.jixiao")
    assert window.open_path(gone / "苏州.jixiao", ask=False)
    window.close_document()
    shutil.rmtree(gone)
    window.open_dialog()
    assert starts == [documents]


def test_the_export_folder_of_a_new_document_is_documents_and_browse_starts_there(
        window, monkeypatch, documents, tmp_path):  # noqa: F811
    from ui.export_dialog import FOLDER_KEY, ExportDialog, _settings

    new_jiangsu(window, monkeypatch)
    _settings().setValue(FOLDER_KEY, str(tmp_path / "已删除的导出文件夹"))  # gone since
    dialog = ExportDialog(window.session, window)
    assert dialog.folder() == documents
    seen = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        lambda parent, caption, start, *a, **k: seen.append(start) or "")
    dialog.browse()
    assert seen == [str(documents)]
    dialog.close()
