"""文件 → 导入Excel…: pick a workbook, pick its form (guessed from the workbook), and open what
was read as a new, untitled document; a workbook that cannot be read shows every problem with
its sheet and cell, and nothing changes. The reading is the core's (app.importing)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from contextlib import contextmanager
from typing import Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QApplication, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QLabel,
                               QVBoxLayout, QWidget)

from app.importing import (WorkbookImportError, guess_from, import_data, importable_templates,
                           read_file)
from app.templates import get_template
from ui import dialogs
from ui.recent_files import remember_folder, start_folder

if TYPE_CHECKING:
    from ui.main_window import MainWindow

FILE_FILTER = "Excel 工作簿 (*.xlsx *.xlsm);;所有文件 (*)"


class ImportDialog(QDialog):
    """Which form the workbook is: the templates that can be imported, the guess first chosen."""

    def __init__(self, path: Path, guess: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("导入Excel"))
        self.form = QComboBox(self)
        for template in importable_templates():
            self.form.addItem(template.title, template.id)
        found = self.form.findData(guess) if guess else -1
        if found >= 0:
            self.form.setCurrentIndex(found)
        workbook = QLabel(self.tr("工作簿：%1").replace("%1", path.name), self)
        workbook.setTextFormat(Qt.TextFormat.PlainText)
        hint = QLabel(self.tr("按工作簿的标题和表头，它是下面这种表；如不是，请改选：") if found >= 0
                      else self.tr("看不出工作簿是哪种表，请选择："), self)
        note = QLabel(self.tr("导入生成一个新的未命名文档，工作簿本身不会被改动。"), self)
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


@contextmanager
def _busy() -> Iterator[None]:
    # A workbook of a hundred project sheets takes a few seconds to read.
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def import_excel(window: "MainWindow") -> bool:
    """The whole 导入Excel… step for ``window``; True when a document was opened."""
    folder = str(start_folder(window.settings))
    name, _ = QFileDialog.getOpenFileName(window, window.tr("导入 Excel 工作簿"), folder,
                                          window.tr(FILE_FILTER))
    if not name:
        return False
    path = Path(name)
    remember_folder(window.settings, path.parent)
    try:
        with _busy():
            workbook = read_file(path)  # read once: for the guess, then for the import
        guess = guess_from(workbook)
        dialog = ImportDialog(path, guess, window)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.template_id():
            return False
        template = get_template(dialog.template_id())
        with _busy():
            result = import_data(workbook, template, path)
    except WorkbookImportError as exc:
        dialogs.show_list(window, window.tr("无法导入"),
                          window.tr("“%1”有 %2 处问题，没有导入任何内容。请在 Excel 中改正后重新导入：")
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
