"""文件 → 导入Excel或Word…: pick a workbook or a Word document (.docx; .doc and .wps through
LibreOffice), pick its form (guessed from the workbook), and open what
was read as a new, untitled document; a workbook that cannot be read shows every problem with
its sheet and cell, and nothing changes. The reading is the core's (app.importing), on a worker
thread while a progress dialog offers 取消: the window keeps answering."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QThread
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QLabel,
                               QProgressDialog, QVBoxLayout, QWidget)

from app.importing import (ImportCancelled, WorkbookImportError, guess_from, import_data,
                           importable_templates, read_file)
from app.templates import get_template
from ui import dialogs
from ui.recent_files import remember_folder, start_folder

if TYPE_CHECKING:
    from ui.main_window import MainWindow

FILE_FILTER = ("Excel 或 Word 文件 (*.xlsx *.xlsm *.docx *.docm *.doc *.wps);;"
               "Excel 工作簿 (*.xlsx *.xlsm);;Word 文档 (*.docx *.docm *.doc *.wps);;所有文件 (*)")


class ImportDialog(QDialog):
    """Which form the workbook is: the templates that can be imported, the guess first chosen."""

    def __init__(self, path: Path, guess: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("导入Excel或Word"))
        self.form = QComboBox(self)
        for template in importable_templates():
            self.form.addItem(template.title, template.id)
        found = self.form.findData(guess) if guess else -1
        if found >= 0:
            self.form.setCurrentIndex(found)
        workbook = QLabel(self.tr("文件：%1").replace("%1", path.name), self)
        workbook.setTextFormat(Qt.TextFormat.PlainText)
        hint = QLabel(self.tr("按文件中的标题和表头，它是下面这种表；如不是，请改选：") if found >= 0
                      else self.tr("看不出文件是哪种表，请选择："), self)
        note = QLabel(self.tr("导入生成一个新的未命名文档，所选文件本身不会被改动。"), self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("导入"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (workbook, hint, self.form, note, buttons):
            layout.addWidget(widget)

    def template_id(self) -> str:
        return self.form.currentData() or ""


Result = TypeVar("Result")


class ImportWorker(QThread, Generic[Result]):
    """One step of the import (reading the workbook, reading it as a form) on its own thread;
    ``result`` or ``error`` once it has ended. ``cancel`` is asked by the reading as it goes."""

    def __init__(self, job: Callable[[Callable[[], bool]], Result]) -> None:
        super().__init__(QCoreApplication.instance())
        self.job = job
        self.result: Result | None = None
        self.error: Exception | None = None
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def cancelled(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        try:
            self.result = self.job(self.cancelled)
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, raised there
            self.error = exc


def run_cancellable(window: QWidget, text: str, job: Callable[[Callable[[], bool]], Result]
                    ) -> Result | None:
    """``job`` on a worker thread under a progress dialog with 取消; its result, None when
    cancelled; what it raised is raised here."""
    worker: ImportWorker[Result] = ImportWorker(job)
    progress = QProgressDialog(text, window.tr("取消"), 0, 0, window)
    progress.setWindowTitle(window.tr("导入Excel或Word"))
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)  # a small workbook is read before the dialog would show
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    progress.canceled.connect(worker.cancel)
    loop = QEventLoop()
    worker.finished.connect(loop.quit)
    worker.start()
    if not worker.isFinished():
        loop.exec()
    worker.wait()
    progress.canceled.disconnect(worker.cancel)
    progress.close()
    progress.deleteLater()
    worker.deleteLater()
    if worker.cancelled() or isinstance(worker.error, ImportCancelled):
        return None
    if worker.error is not None:
        raise worker.error
    return worker.result


def import_excel(window: "MainWindow") -> bool:
    """The whole 导入Excel或Word… step for ``window``; True when a document was opened."""
    folder = str(start_folder(window.settings))
    name, _ = QFileDialog.getOpenFileName(window, window.tr("导入 Excel 或 Word 文件"), folder,
                                          window.tr(FILE_FILTER))
    if not name:
        return False
    path = Path(name)
    remember_folder(window.settings, path.parent)
    reading = window.tr("正在读取“%1”…").replace("%1", path.name)
    try:
        # read once: for the guess, then for the import
        workbook = run_cancellable(window, reading, lambda cancelled: read_file(path, cancelled))
        if workbook is None:
            return _cancelled(window)
        guess = guess_from(workbook)
        dialog = ImportDialog(path, guess, window)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.template_id():
            return False
        template = get_template(dialog.template_id())
        result = run_cancellable(window, reading,
                                 lambda _: import_data(workbook, template, path))
        if result is None:
            return _cancelled(window)
    except WorkbookImportError as exc:
        dialogs.show_list(window, window.tr("无法导入"),
                          window.tr("“%1”有 %2 处问题，没有导入任何内容。请在 Excel 或 Word 中改正后重新导入：")
                          .replace("%1", path.name).replace("%2", str(len(exc.problems))),
                          exc.lines())
        return False
    if not window.maybe_save():
        return False
    window.set_document(result.document, None, modified=True)
    window.statusBar().showMessage(
        window.tr("已从“%1”导入为新文档（%2），尚未保存。").replace("%1", path.name)
        .replace("%2", template.title), 10000)
    if result.warnings:
        dialogs.show_list(window, window.tr("导入完成，请核对"),
                          window.tr("已导入。以下 %1 处请核对：").replace("%1", str(len(result.warnings))),
                          [str(w) for w in result.warnings], dialogs.Icon.Information)
    return True


def _cancelled(window: "MainWindow") -> bool:
    window.statusBar().showMessage(window.tr("已取消导入，没有导入任何内容。"), 10000)
    return False
