"""文件 → 导入Excel或Word… as an officer uses it: the file, the form (guessed), the new document; a
broken workbook shows its problems and changes nothing."""
from __future__ import annotations

import os

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from app.export import build_layout
from app.export.docx_render import render_docx
from app.projectfile import load_document
from tests.app.importing.broken import edit, exported, find, right_of
from tests.app.importing.published import write_suzhou_workbook
from tests.app.importing.roundtrip import canonical, export_xlsx
from tests.conftest import EXAMPLE_FILES
from tests.ui.test_main_window import window  # noqa: F401 - the fixture
from ui import dialogs
from ui.import_dialog import ImportDialog


def import_action(window):
    file_menu = window.menuBar().actions()[0].menu()
    return next(a for a in file_menu.actions() if a.text() == "导入Excel或Word…")


@pytest.fixture
def choose(monkeypatch):
    """Answer the file dialog with a workbook and the form dialog as the officer would; records
    what each dialog showed."""
    seen: dict = {"lists": []}

    def setup(path, template_id=None, accept=True):
        monkeypatch.setattr(QFileDialog, "getOpenFileName",
                            lambda *a, **k: (str(path) if path else "", ""))

        def exec_(dialog: ImportDialog) -> int:
            seen["guess"] = dialog.template_id()
            if template_id:
                dialog.form.setCurrentIndex(dialog.form.findData(template_id))
            return QDialog.DialogCode.Accepted if accept else QDialog.DialogCode.Rejected

        monkeypatch.setattr(ImportDialog, "exec", exec_)
        monkeypatch.setattr(dialogs, "show_list",
                            lambda parent, title, text, lines, icon=None:
                            seen["lists"].append((title, text, list(lines))))
        # The imported document is new and unsaved: closing the window at the end discards it.
        monkeypatch.setattr(QMessageBox, "question",
                            lambda *a, **k: QMessageBox.StandardButton.Discard)
        return seen
    return setup


def test_import_opens_the_workbook_as_a_new_untitled_document(window, choose, tmp_path):
    example = load_document(EXAMPLE_FILES["guizhou"])
    source = export_xlsx(example, tmp_path / "六盘水.xlsx")
    before = (source.read_bytes(), os.stat(source).st_mtime_ns)
    seen = choose(source)
    action = import_action(window)
    assert action.isEnabled()  # on the start page too
    action.trigger()
    assert seen["guess"] == "guizhou-dept-target"  # the form guessed from the workbook
    session = window.session
    assert session is not None and session.path is None and session.modified
    assert session.document.template == "guizhou-dept-target"
    assert session.document.projects == canonical(example).projects
    assert "六盘水.xlsx" in window.statusBar().currentMessage()
    assert window.windowTitle().startswith(f"{example.unit_name} — 未命名.jixiao")
    assert seen["lists"] == []
    assert (source.read_bytes(), os.stat(source).st_mtime_ns) == before


def test_a_workbook_in_the_published_layout_opens_as_the_example(window, choose, tmp_path):
    example = load_document(EXAMPLE_FILES["jiangsu"])
    seen = choose(write_suzhou_workbook(example, tmp_path / "苏州.xlsx"))
    import_action(window).trigger()
    assert seen["guess"] == "jiangsu-dept-target"
    assert window.session.document == canonical(example)


def test_a_broken_workbook_lists_its_problems_and_changes_nothing(window, choose, tmp_path):
    window.open_example(EXAMPLE_FILES["hunan-dept-target"])
    opened = window.session.document
    source = exported(tmp_path)
    cell = edit(source, lambda ws: setattr(right_of(ws, "资金总额"), "value", "12,3a")
                or right_of(ws, "资金总额"))
    seen = choose(source, "jiangsu-dept-target")
    import_action(window).trigger()
    (title, text, lines), = seen["lists"]
    assert title == "无法导入" and "没有导入任何内容" in text
    assert lines == [f"表“绩效目标表”第{cell.row}行{cell.column_letter}列：金额“12,3a”不是数字"]
    assert window.session.document is opened  # the open document is left as it was


def test_warnings_are_shown_after_the_document_opens(window, choose, tmp_path):
    source = exported(tmp_path)
    edit(source, lambda ws: setattr(find(ws, "履职"), "value", "履行职责"))
    seen = choose(source)
    import_action(window).trigger()
    assert window.session.document.department.table("duty").rows[0].level1 == "履行职责"
    (title, _, lines), = seen["lists"]
    assert title == "导入完成，请核对" and "履行职责" in lines[0]


def test_cancelling_either_dialog_imports_nothing(window, choose, tmp_path):
    choose(None)
    import_action(window).trigger()
    assert window.session is None
    choose(exported(tmp_path), accept=False)
    import_action(window).trigger()
    assert window.session is None


def test_a_file_that_is_no_workbook_is_said_before_the_form_is_asked(window, choose, tmp_path):
    source = tmp_path / "旧表.xlsx"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    seen = choose(source)
    import_action(window).trigger()
    assert "guess" not in seen  # the form was not asked for
    (title, _, lines), = seen["lists"]
    assert title == "无法导入" and "旧版 Excel 文件" in lines[0]
    assert window.session is None


def test_the_problem_list_shows_each_line_as_plain_text(qtbot):
    box = dialogs.MessageList(None, "无法导入", "<b>不是粗体</b>", ["表“A”第1行B列：<i>x</i>", "第二条"])
    qtbot.addWidget(box)
    assert box.list.toPlainText() == "• 表“A”第1行B列：<i>x</i>\n• 第二条"
    head = next(label for label in box.findChildren(dialogs.QLabel) if label.text())
    assert head.textFormat() == dialogs.Qt.TextFormat.PlainText


def test_the_workbook_is_read_on_a_worker_thread_and_cancel_stops_it(window, choose, tmp_path,
                                                                     monkeypatch, qtbot):
    import threading
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressDialog

    import ui.import_dialog as import_dialog
    from app.importing import ImportCancelled

    seen = choose(exported(tmp_path))
    reading: dict = {}

    def slow_read(path, cancelled):
        reading["thread"] = threading.current_thread()
        deadline = time.monotonic() + 30  # a hang guard only: 取消 ends it
        while time.monotonic() < deadline:
            if cancelled():
                reading["cancelled"] = True
                raise ImportCancelled()
            time.sleep(0.01)
        raise AssertionError("取消 did not reach the reading")

    def press_cancel():
        progress = window.findChild(QProgressDialog)
        if progress is None or not progress.isVisible():
            QTimer.singleShot(50, press_cancel)
            return
        reading["dialog"] = (progress.labelText(), progress.windowModality())
        cancel = next(b for b in progress.findChildren(import_dialog.QWidget)
                      if getattr(b, "text", lambda: "")() == "取消")
        cancel.click()

    monkeypatch.setattr(import_dialog, "read_file", slow_read)
    QTimer.singleShot(50, press_cancel)
    import_action(window).trigger()
    assert reading["thread"] is not threading.main_thread()
    assert reading.get("cancelled") and "正在读取“导出.xlsx”" in reading["dialog"][0]
    assert "guess" not in seen and seen["lists"] == []  # no form asked, no problem listed
    assert window.session is None
    assert "已取消导入" in window.statusBar().currentMessage()


def test_a_workbook_bomb_is_refused_in_the_window(window, choose, tmp_path):
    from tests.app.importing.bombs import huge_merge

    seen = choose(huge_merge(tmp_path))
    import_action(window).trigger()
    (title, _, lines), = seen["lists"]
    assert title == "无法导入" and "超过 400,000 个的导入上限" in lines[0]
    assert window.session is None


def test_a_word_file_is_imported_through_the_same_command(window, choose, tmp_path, monkeypatch):
    example = load_document(EXAMPLE_FILES["sichuan-project-eval"])
    source = tmp_path / "四川.docx"
    render_docx(build_layout(example), source)
    before = (source.read_bytes(), os.stat(source).st_mtime_ns)
    filters = []
    seen = choose(source)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (filters.append(a[3]), (str(source), ""))[1])
    import_action(window).trigger()
    assert filters[0].split(";;")[0] == "Excel 或 Word 文件 (*.xlsx *.xlsm *.docx *.docm *.doc *.wps)"
    assert seen["guess"] == "sichuan-project-eval"
    assert seen["lists"] == []
    assert window.session.document == canonical(example)
    assert "四川.docx" in window.statusBar().currentMessage()
    assert (source.read_bytes(), os.stat(source).st_mtime_ns) == before
