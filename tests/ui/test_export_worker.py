"""Export and print-preview planning on worker threads, as the officer meets them: the same
files as the core writes, progress, 取消 that leaves nothing behind, a window that keeps
answering, errors in Chinese, a dialog that never goes while its thread runs; and dialogs
that fit a 1366×768 laptop screen."""
from __future__ import annotations

import errno
import subprocess
import threading
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt, QThread, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QScreen
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton

import app.export
import app.export.docx_render
import app.export.pdf
import app.export.xlsx_render
import ui.export_worker
import ui.print_preview
from app.export import build_layout, export_document
from app.export.pdf import paint_layout
from app.projectfile import load_document
from bench.documents import large_document
from tests.conftest import EXAMPLE_FILES
from ui.export_dialog import FOLDER_KEY, ExportDialog, _settings
from ui.print_preview import PlanProgress, preview_dialog, print_document, print_preview
from ui.screen_fit import FRAME_ALLOWANCE
from ui.session import DocumentSession

LAPTOP = QRect(0, 0, 1366, 728)  # 1366×768 less a 40-pixel taskbar
EXPORT_TIMEOUT_MS = 120_000


@pytest.fixture(autouse=True)
def _no_remembered_folder():
    _settings().remove(FOLDER_KEY)
    yield
    _settings().remove(FOLDER_KEY)


@pytest.fixture
def boxes(monkeypatch):
    """What ``ui.dialogs`` showed: QMessageBox's static functions, answered Yes."""
    shown = {"questions": [], "warnings": []}

    def question(parent, title, text, *args):
        shown["questions"].append((title, text))
        return QMessageBox.StandardButton.Yes

    def warning(parent, title, text, *args):
        shown["warnings"].append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "warning", warning)
    return shown


@pytest.fixture(scope="module")
def large() -> DocumentSession:
    return DocumentSession(large_document(100))


def example(name: str) -> DocumentSession:
    return DocumentSession(load_document(EXAMPLE_FILES[name]), EXAMPLE_FILES[name])


def export_dialog(qtbot, session: DocumentSession, folder: Path,
                  formats=("docx", "xlsx", "pdf")) -> ExportDialog:
    dialog = ExportDialog(session, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.folder_edit.setText(str(folder))
    for fmt, box in dialog.format_boxes.items():
        box.setChecked(fmt in formats)
    return dialog


def click_export(qtbot, dialog: ExportDialog) -> list[Path]:
    with qtbot.waitSignal(dialog.export_done, timeout=EXPORT_TIMEOUT_MS) as done:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    return done.args[0]


def everything_in(folder: Path) -> list[str]:
    """Every name in the folder, hidden temporary files (.~name.part) included."""
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def no_thread_running() -> bool:
    return not any(t.isRunning() for t in QApplication.instance().findChildren(QThread))


class Ticks:
    """A 20 ms timer on the GUI thread: how often it fired shows the GUI kept running."""

    def __init__(self) -> None:
        self.count = 0
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.count += 1

    def stop(self) -> int:
        self.timer.stop()
        return self.count


# --- the same files as the core writes ------------------------------------------------------

def zip_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        # docProps/core.xml holds the time of writing, nothing else differs between runs
        return {name: archive.read(name) for name in archive.namelist()
                if name != "docProps/core.xml"}


def pdf_words(path: Path) -> str:
    """Every word of every page with its box, as pdftotext reads the text layer."""
    html = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    return html[html.index("<page"):]


@pytest.mark.parametrize("name", sorted(EXAMPLE_FILES))
def test_the_worker_writes_what_the_core_writes(qtbot, tmp_path, boxes, name):
    session = example(name)
    dialog = export_dialog(qtbot, session, tmp_path / "窗口")
    written = click_export(qtbot, dialog)
    direct = export_document(load_document(EXAMPLE_FILES[name]), tmp_path / "直接")

    assert [p.name for p in written] == [p.name for p in direct]
    assert "已导出 3 个文件" in dialog.status.text() and boxes["warnings"] == []
    for ours, theirs in zip(written, direct):
        if ours.suffix == ".pdf":
            assert pdf_words(ours) == pdf_words(theirs)
        else:
            assert zip_members(ours) == zip_members(theirs)
    assert everything_in(tmp_path / "窗口") == sorted(p.name for p in written)


def test_the_worker_exports_a_copy_of_the_document_off_the_gui_thread(qtbot, tmp_path, boxes,
                                                                     monkeypatch):
    session = example("jiangsu")
    seen = []
    original = app.export.build_layout

    def build_layout(document):
        seen.append((document is session.document, document == session.document,
                     threading.current_thread() is threading.main_thread()))
        return original(document)

    monkeypatch.setattr(app.export, "build_layout", build_layout)
    dialog = export_dialog(qtbot, session, tmp_path, ["docx"])
    assert len(click_export(qtbot, dialog)) == 1
    assert seen == [(False, True, False)]  # an equal copy, laid out by the worker


# --- progress -------------------------------------------------------------------------------

def test_each_step_is_shown_with_its_chinese_message(qtbot, tmp_path, boxes):
    dialog = export_dialog(qtbot, example("guizhou"), tmp_path)
    shown = []
    dialog.progress_changed.connect(lambda step, steps, message: shown.append(
        (step, steps, message, dialog.status.text(), dialog.progress.value(),
         dialog.progress.isVisible(), dialog.export_button.isEnabled())))
    written = click_export(qtbot, dialog)

    names = [p.name for p in written]
    assert [s[:3] for s in shown] == [
        (0, 4, "正在排版"), (1, 4, f"正在生成 Word 文件：{names[0]}"),
        (2, 4, f"正在生成 Excel 文件：{names[1]}"), (3, 4, f"正在生成 PDF 文件：{names[2]}"),
        (4, 4, "导出完成")]
    for step, _, message, status, value, visible, export_enabled in shown:
        assert (status, value, visible, export_enabled) == (message, step, True, False)
    assert dialog.progress.isHidden() and dialog.export_button.isEnabled()


# --- 取消 ------------------------------------------------------------------------------------

def test_cancel_while_word_is_written_leaves_no_file(qtbot, tmp_path, boxes, monkeypatch):
    started, pressed = [], threading.Event()
    original = app.export.docx_render.render_docx

    def render_docx(layout, path):
        started.append("docx")
        assert pressed.wait(30)  # hold Word until 取消 is pressed: the cancel lands mid-export
        original(layout, path)

    def render_xlsx(layout, path):
        started.append("xlsx")

    monkeypatch.setattr(app.export.docx_render, "render_docx", render_docx)
    monkeypatch.setattr(app.export.xlsx_render, "render_xlsx", render_xlsx)
    dialog = export_dialog(qtbot, example("jiangsu"), tmp_path / "导出")

    def press_cancel(step, steps, message):
        if step == 1:
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
            assert dialog.status.text() == "正在取消…" and dialog.isVisible()
            pressed.set()

    dialog.progress_changed.connect(press_cancel)
    assert click_export(qtbot, dialog) == []
    assert started == ["docx"]  # Excel never started
    assert everything_in(tmp_path / "导出") == []  # neither Word nor a .part file
    assert "已取消" in dialog.status.text() and dialog.isVisible()
    assert dialog.export_button.isEnabled() and not dialog.open_folder_button.isVisible()
    assert dialog.cancel_button.text() == "取消" and boxes["warnings"] == []
    qtbot.waitUntil(no_thread_running)


def test_cancel_during_a_large_pdf_keeps_the_old_file_whole(qtbot, tmp_path, boxes,
                                                            monkeypatch, large):
    folder = tmp_path / "导出"
    folder.mkdir()
    dialog = export_dialog(qtbot, large, folder, ["pdf"])
    [target] = dialog.planned_paths().values()
    target.write_bytes(b"old")  # the officer agrees to overwrite it, then cancels
    finished_pdfs = []
    original = app.export.pdf.fix_text_layer
    monkeypatch.setattr(app.export.pdf, "fix_text_layer",
                        lambda *args: finished_pdfs.append(1) or original(*args))
    dialog.progress_changed.connect(
        lambda step, steps, message: step == 1 and dialog.cancel_export())

    assert click_export(qtbot, dialog) == []
    assert finished_pdfs == []  # stopped between pages, before the file was complete
    assert everything_in(folder) == [target.name] and target.read_bytes() == b"old"
    assert "文件已存在" in [title for title, _ in boxes["questions"]]


# --- the GUI keeps answering ----------------------------------------------------------------

def test_the_window_keeps_answering_while_a_large_document_is_exported(qtbot, tmp_path, boxes,
                                                                       large):
    dialog = export_dialog(qtbot, large, tmp_path, ["pdf"])
    ticks = Ticks()
    with qtbot.waitSignal(dialog.export_done, timeout=EXPORT_TIMEOUT_MS) as done:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert dialog.exporting  # the click returned while the worker writes
    count = ticks.stop()
    assert len(done.args[0]) == 1 and done.args[0][0].stat().st_size > 100_000
    assert count >= 10  # 500 pages take well over a second; the 20 ms timer kept firing


# --- errors ---------------------------------------------------------------------------------

def test_a_full_disk_is_told_in_chinese(qtbot, tmp_path, boxes, monkeypatch):
    def render_xlsx(layout, path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(app.export.xlsx_render, "render_xlsx", render_xlsx)
    dialog = export_dialog(qtbot, example("jiangsu"), tmp_path)
    assert click_export(qtbot, dialog) == []
    [(title, text)] = boxes["warnings"]
    assert title == "导出失败" and "磁盘空间不足" in text and str(tmp_path) in text
    assert "No space" not in text and "Errno" not in text
    assert dialog.status.text() == "导出失败。" and dialog.export_button.isEnabled()
    assert [name for name in everything_in(tmp_path) if name.endswith(".part")] == []


def test_an_unexpected_error_is_told_in_chinese_not_as_a_traceback(qtbot, tmp_path, boxes,
                                                                   monkeypatch):
    def render_docx(layout, path):
        raise ValueError("All strings must be XML compatible")

    monkeypatch.setattr(app.export.docx_render, "render_docx", render_docx)
    dialog = export_dialog(qtbot, example("jiangsu"), tmp_path)
    assert click_export(qtbot, dialog) == []
    [(title, text)] = boxes["warnings"]
    assert title == "导出失败" and "意外错误" in text and "日志" in text
    assert "XML" not in text and "Traceback" not in text
    assert everything_in(tmp_path) == []


# --- closing during an export ---------------------------------------------------------------

@pytest.mark.parametrize("how", ["Esc", "关闭窗口"])
def test_closing_during_an_export_cancels_and_closes_once_the_thread_ended(
        qtbot, tmp_path, boxes, large, how):
    dialog = export_dialog(qtbot, large, tmp_path, ["pdf"])
    asked_to_close = []

    def close(step, steps, message):
        if step == 1 and not asked_to_close:
            if how == "Esc":
                QTest.keyClick(dialog, Qt.Key.Key_Escape)
            else:
                asked_to_close.append(dialog.close())
            asked_to_close.append(dialog.isVisible())

    dialog.progress_changed.connect(close)
    with qtbot.waitSignal(dialog.finished, timeout=EXPORT_TIMEOUT_MS) as closed:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    # Still there while the worker stops (the window's close was refused meanwhile).
    assert asked_to_close == ([True] if how == "Esc" else [False, True])
    assert closed.args == [QDialog.DialogCode.Rejected.value] and not dialog.isVisible()
    assert not dialog.exporting and everything_in(tmp_path) == []
    assert no_thread_running()  # the thread had ended before the dialog went
    qtbot.waitUntil(lambda: not QApplication.instance().findChildren(QThread))


def test_a_folder_name_too_long_for_the_disk_is_refused_in_chinese(qtbot, tmp_path, boxes):
    dialog = export_dialog(qtbot, example("jiangsu"), tmp_path)
    dialog.folder_edit.setText(str(tmp_path / ("很长的文件夹名称" * 12)))  # 288 bytes
    assert dialog.preview.toPlainText().startswith("无法使用这个文件夹：文件名或路径过长")
    assert not dialog.export_button.isEnabled()
    assert not dialog.export_now()
    [(title, text)] = boxes["warnings"]
    assert title == "导出失败" and "文件名或路径过长" in text
    dialog.folder_edit.setText(str(tmp_path))
    assert dialog.export_button.isEnabled() and "（已存在）" not in dialog.preview.toPlainText()


# --- 打开所在文件夹 ---------------------------------------------------------------------------

def test_open_folder_without_a_file_manager_says_where_the_files_are(qtbot, tmp_path, boxes,
                                                                    monkeypatch):
    urls = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or False)
    folder = tmp_path / "导出"
    dialog = export_dialog(qtbot, example("jiangsu"), folder, ["xlsx"])
    click_export(qtbot, dialog)
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert urls == [QUrl.fromLocalFile(str(folder))]
    assert boxes["warnings"] == [("无法打开文件夹", f"无法打开文件管理器。导出的文件在：\n{folder}")]


# --- print preview: the page plan in a worker -----------------------------------------------

@pytest.fixture
def previews(monkeypatch, qtbot):
    """QPrintPreviewDialog.exec shows the dialog until its pages are painted, then closes it;
    what it showed is recorded."""
    shown = []

    def exec_(dialog):
        dialog.show()
        preview = dialog.findChild(QPrintPreviewWidget)
        qtbot.waitUntil(lambda: preview.pageCount() > 0, timeout=60000)
        shown.append((preview.pageCount(), dialog.size()))
        dialog.close()
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_)
    return shown


@pytest.fixture
def plans(monkeypatch):
    """Where page plans were made: True for the GUI thread."""
    made = []
    for module in (ui.export_worker, app.export.pdf):
        original = module.plan_pages

        def plan_pages(*args, _original=original):
            made.append(threading.current_thread() is threading.main_thread())
            plan = _original(*args)
            made.append(len(plan.pages))
            return plan

        monkeypatch.setattr(module, "plan_pages", plan_pages)
    return made


def test_a_large_preview_is_planned_in_a_worker_with_progress(qtbot, large, previews, plans):
    seen = []

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, PlanProgress) and widget.isVisible():
                seen.append((widget.labelText(), widget.value()))

    ticks = Ticks()
    ticks.timer.timeout.connect(look)
    assert print_preview(large, None) == QDialog.DialogCode.Accepted.value
    count = ticks.stop()

    assert plans[0] is False and len(plans) == 2  # planned once, off the GUI thread
    assert previews[0][0] == plans[1] > 400  # every planned page painted
    assert count >= 10
    assert seen and {label for label, _ in seen} == {"正在排版，请稍候…"}
    values = [value for _, value in seen]
    assert values == sorted(values) and len(set(values)) > 2
    qtbot.waitUntil(no_thread_running)  # the worker's thread ended with the preview


def test_cancelling_the_plan_opens_no_preview(qtbot, large, previews, plans):
    def press_cancel() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, PlanProgress) and widget.isVisible():
                qtbot.mouseClick(widget.findChild(QPushButton), Qt.MouseButton.LeftButton)

    timer = QTimer()
    timer.timeout.connect(press_cancel)
    timer.start(20)
    assert print_preview(large, None) == QDialog.DialogCode.Rejected.value
    timer.stop()
    assert previews == [] and plans == [False]  # stopped before the plan was made
    assert no_thread_running()


def test_printing_from_the_worker_plan_prints_what_the_gui_thread_would(qtbot, tmp_path,
                                                                       monkeypatch, plans):
    session = example("guizhou")
    target = tmp_path / "打印.pdf"

    def accept(dialog):
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(target))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    pages = print_document(session, None)
    assert plans[0] is False and pages == plans[1] > 5

    direct = tmp_path / "直接.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(direct))
    assert paint_layout(build_layout(session.document), printer) == pages
    del printer  # the file is complete once the printer is gone
    assert pdf_words(target) == pdf_words(direct)
    qtbot.waitUntil(no_thread_running)


# --- sizes that fit the screen --------------------------------------------------------------

def fits(size: QSize, available: QRect) -> bool:
    return (size.width() + FRAME_ALLOWANCE.width() <= available.width()
            and size.height() + FRAME_ALLOWANCE.height() <= available.height())


def test_the_preview_fits_the_screen(qtbot, monkeypatch):
    session = example("jiangsu")
    available = QApplication.primaryScreen().availableGeometry()
    dialog = preview_dialog(session, None)
    qtbot.addWidget(dialog)
    assert dialog.height() <= min(0.9 * available.height(), 800)
    assert fits(dialog.size(), available)

    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: LAPTOP)
    laptop = preview_dialog(session, None)
    qtbot.addWidget(laptop)
    assert laptop.height() <= 0.9 * LAPTOP.height() and fits(laptop.size(), LAPTOP)
    assert laptop.width() == ui.print_preview.PREVIEW_SIZE.width()  # room enough across


def test_the_export_dialog_fits_a_laptop_screen_while_it_exports(qtbot, tmp_path):
    folder = tmp_path / ("很长的文件夹名称" * 10) / ("很长的文件夹名称" * 10)
    dialog = export_dialog(qtbot, example("hebei-text"), folder)
    dialog.progress.setVisible(True)
    dialog.status.setText(f"已导出 3 个文件到 {folder}")
    dialog.open_folder_button.setVisible(True)
    dialog.adjustSize()
    assert fits(dialog.sizeHint(), LAPTOP) and fits(dialog.size(), LAPTOP)
    assert fits(dialog.minimumSizeHint(), LAPTOP)
