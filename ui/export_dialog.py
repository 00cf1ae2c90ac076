"""导出 dialog: choose formats and a folder, see the file names, export with progress and 取消.

The files are written by ``app.export.export_document`` (temporary file, then moved into place)
on a worker thread (``ui.export_worker``), from a copy of the document; the dialog stays modal
meanwhile. It only asks the officer what the core needs to know: which formats, where, whether
to export despite 错误 and whether to overwrite. It never closes while the worker runs.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QDialog, QFileDialog, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
                               QProgressBar, QPushButton, QVBoxLayout, QWidget)

from app.checks import Severity
from app.errors import os_reason
from app.export import ExportError, export_paths
from app.export.formats import FORMAT_NAMES, FORMATS
from ui import dialogs
from ui.export_worker import ExportWorker
from ui.recent_files import documents_folder
from ui.session import DocumentSession

FOLDER_KEY = "export/folder"


def _settings() -> QSettings:
    # The main window names the application; without it, still keep our own settings file.
    if QCoreApplication.organizationName():
        return QSettings()
    return QSettings("jixiao", "jixiao")


class ExportDialog(QDialog):
    """Export the session's document; ``export_now()`` starts it (the 导出 button calls it)."""

    progress_changed = Signal(int, int, str)  # step, steps, Chinese message
    exported = Signal(list)  # the files written
    export_done = Signal(list)  # an export ended: the files written ([] cancelled or failed)

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.exporting = False
        self.written: list[Path] = []
        self._worker: ExportWorker | None = None
        self._closing_result: int | None = None  # closed during an export: close when it stops
        self.setWindowTitle(self.tr("导出"))
        self.setMinimumWidth(620)

        formats_box = QGroupBox(self.tr("导出格式"), self)
        formats_row = QHBoxLayout(formats_box)
        self.format_boxes: dict[str, QCheckBox] = {}
        for fmt in FORMATS:
            box = QCheckBox(f"{FORMAT_NAMES[fmt]}（.{fmt}）", formats_box)
            box.setChecked(True)
            box.toggled.connect(self.update_preview)
            formats_row.addWidget(box)
            self.format_boxes[fmt] = box
        formats_row.addStretch(1)

        folder_row = QHBoxLayout()
        self.folder_edit = QLineEdit(self._initial_folder(), self)
        self.folder_edit.setPlaceholderText(self.tr("选择保存导出文件的文件夹"))
        self.folder_edit.textChanged.connect(self.update_preview)
        self.browse_button = QPushButton(self.tr("浏览…"), self)
        self.browse_button.clicked.connect(self.browse)
        folder_row.addWidget(QLabel(self.tr("保存到："), self))
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)

        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 16)

        self.progress = QProgressBar(self)
        self.progress.setVisible(False)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # shows folders and file names
        self.status.setWordWrap(True)

        buttons = QHBoxLayout()
        self.open_folder_button = QPushButton(self.tr("打开所在文件夹"), self)
        self.open_folder_button.setVisible(False)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.export_button = QPushButton(self.tr("导出"), self)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export_now)
        self.cancel_button = QPushButton(self.tr("取消"), self)
        self.cancel_button.clicked.connect(self._cancel_clicked)
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(formats_box)
        layout.addLayout(folder_row)
        layout.addWidget(QLabel(self.tr("将生成的文件："), self))
        layout.addWidget(self.preview)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.update_preview()

    # --- choosing -------------------------------------------------------------------------

    def _initial_folder(self) -> str:
        remembered = str(_settings().value(FOLDER_KEY, "", str))
        if remembered and Path(remembered).is_absolute() and Path(remembered).is_dir():
            return remembered
        if self.session.path is not None:
            return str(self.session.path.resolve().parent)
        return str(documents_folder())

    def selected_formats(self) -> list[str]:
        return [fmt for fmt, box in self.format_boxes.items() if box.isChecked()]

    def folder(self) -> Path | None:
        text = self.folder_edit.text().strip()
        return Path(text).expanduser() if text else None

    def browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("选择导出文件夹"),
                                                  self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)

    def planned_paths(self) -> dict[str, Path]:
        return export_paths(self.session.document, self.folder() or Path("."),
                            self.selected_formats())

    def update_preview(self) -> None:
        folder = self.folder()
        lines = []
        try:  # the folder is typed: a name too long for the disk is refused by the system
            for path in self.planned_paths().values():
                exists = folder is not None and path.exists()
                lines.append(path.name + (self.tr("（已存在）") if exists else ""))
        except OSError as exc:
            self.preview.setPlainText(self.tr("无法使用这个文件夹：{reason}")
                                      .format(reason=os_reason(exc)))
            self.export_button.setEnabled(False)
            return
        self.preview.setPlainText("\n".join(lines) or self.tr("（请至少选择一种格式）"))
        self.export_button.setEnabled(bool(lines) and folder is not None and not self.exporting)

    # --- exporting ------------------------------------------------------------------------

    def export_now(self) -> bool:
        """Ask what must be asked, then start the export in a worker; returns whether it
        started. ``export_done`` tells when it has ended."""
        formats, folder = self.selected_formats(), self.folder()
        if self.exporting or not formats or folder is None:
            return False
        errors = sum(f.severity is Severity.ERROR for f in self.session.checks.findings())
        if errors and not self._ask(
                self.tr("审核发现错误"),
                self.tr("审核发现 {count} 个错误，财政局可能退回这份材料。\n仍要导出吗？"
                        "（可在“审核”面板中查看并改正）").format(count=errors)):
            return False
        try:
            existing = [p for p in self.planned_paths().values() if p.exists()]
        except OSError as exc:
            dialogs.warning(self, self.tr("导出失败"),
                            self.tr("无法使用文件夹“{folder}”：{reason}")
                            .format(folder=folder, reason=os_reason(exc)))
            return False
        force = False
        if existing:
            names = "\n".join(p.name for p in existing)
            if not self._ask(self.tr("文件已存在"),
                             self.tr("以下文件已存在：\n{names}\n要覆盖吗？").format(names=names)):
                return False
            force = True
        self._start(folder, formats, force)
        return True

    def _ask(self, title: str, text: str) -> bool:
        answer = dialogs.question(self, title, text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _start(self, folder: Path, formats: list[str], force: bool) -> None:
        self.written = []
        worker = ExportWorker(self.session.document, folder, formats, force)
        worker.progressed.connect(self._on_progress)
        worker.finished.connect(self._export_ended)
        self.destroyed.connect(worker.cancel)  # never write on once the dialog is gone
        self._worker = worker
        self._set_exporting(True)
        self.progress.setRange(0, 0)  # busy until the first step is reported
        self.status.setText(self.tr("正在准备导出…"))
        worker.start()

    def _export_ended(self) -> None:
        worker, self._worker = self._worker, None
        if worker is None:
            return
        worker.wait()  # ``finished`` comes just before the thread is gone
        written, cancelled, error = worker.written, worker.cancelled, worker.error
        folder = worker.folder
        worker.deleteLater()
        self._set_exporting(False)
        self.written = written
        if cancelled:
            self.status.setText(self.tr("已取消导出，没有留下文件。"))
        elif error is not None:
            self.status.setText(self.tr("导出失败。"))
            dialogs.warning(self, self.tr("导出失败"), self._failure_text(error))
        else:
            _settings().setValue(FOLDER_KEY, str(folder))
            self.status.setText(self.tr("已导出 {count} 个文件到 {folder}")
                                .format(count=len(written), folder=folder))
            self.exported.emit(list(written))
        self.open_folder_button.setVisible(bool(written))
        if written:
            self.cancel_button.setText(self.tr("关闭"))
        self.export_done.emit(list(written))
        closing, self._closing_result = self._closing_result, None
        if closing is not None and cancelled:
            super().done(closing)

    def _failure_text(self, error: Exception) -> str:
        if isinstance(error, ExportError):
            return str(error)
        if isinstance(error, OSError):
            return self.tr("无法写入导出文件：{reason}。请检查文件夹和磁盘空间后重试。").format(
                reason=os_reason(error))
        return self.tr("导出时遇到意外错误，文件没有导出完成。错误已记录到日志；"
                       "请重试，如仍出错请联系技术支持。")

    def _set_exporting(self, exporting: bool) -> None:
        self.exporting = exporting
        for widget in (*self.format_boxes.values(), self.folder_edit, self.browse_button):
            widget.setEnabled(not exporting)
        self.progress.setVisible(exporting)
        self.open_folder_button.setVisible(False)
        self.cancel_button.setText(self.tr("取消"))
        self.update_preview()

    def _on_progress(self, step: int, steps: int, message: str) -> None:
        if not self.exporting or self._worker is None or self._worker.stop_requested():
            return  # a step reported before 取消 took effect: keep saying 正在取消
        self.progress.setRange(0, steps)
        self.progress.setValue(step)
        self.status.setText(message)
        self.progress_changed.emit(step, steps, message)

    def cancel_export(self) -> None:
        """Ask the export to stop at its next step; ``export_done`` follows once it has."""
        if self._worker is not None:
            self._worker.cancel()
            self.status.setText(self.tr("正在取消…"))

    def _cancel_clicked(self) -> None:
        # 取消 during an export stops the export and keeps the dialog, to say what happened.
        if self.exporting:
            self.cancel_export()
        else:
            self.reject()

    def done(self, result: int) -> None:
        # Esc or closing the window during an export: cancel it, close once it has stopped.
        if self.exporting:
            self._closing_result = result
            self.cancel_export()
            return
        super().done(result)

    def open_folder(self) -> None:
        folder = self.written[0].parent if self.written else self.folder()
        if folder is None:
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            # No file manager (a bare desktop, a locked-down PC): say where the files are.
            dialogs.warning(self, self.tr("无法打开文件夹"),
                            self.tr("无法打开文件管理器。导出的文件在：\n{folder}")
                            .format(folder=folder))
