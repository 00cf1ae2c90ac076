"""The 文件 menu's work on documents, as the main window's base: new, open, close, save, save
as; the file's lock; unsaved work written aside (autosave) and offered back after a crash; the
recent files; and the 指标库 fed with what is opened and saved.

The window itself (ui/main_window.py) shows a document (``set_document``) and the start page
(``show_start_page``); everything here decides which document, from which file, and when.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from app import filelock, recovery
from app.errors import DocumentLoadError, DocumentSaveError, os_reason
from app.filelock import DocumentLock, DocumentLocked
from app.fsnames import name_limit
from app.model import TargetDocument
from app.projectfile import FileStamp, read_document
from app.templates import get_template
from ui import dialogs, recent_files
from ui.autosave import Autosaver
from ui.document_lock import lock_for_opening
from ui.session import DocumentSession
from ui.start_page import NewDocumentDialog

log = logging.getLogger(__name__)

FILE_FILTER = "绩效填报文档 (*.jixiao)"
# The 指标库 takes in an opened document once the window is up: its modules and the copy of the
# indicators stay out of the start-up (ms).
LIBRARY_DELAY = 1500


class FileActions(QMainWindow):
    session: DocumentSession | None
    settings: QSettings
    window_id: str
    autosaver: Autosaver
    _library_pending: tuple[DocumentSession, Path] | None = None

    def set_document(self, document: TargetDocument, path: Path | None,
                     modified: bool = False, *, stamp: FileStamp | None = None,
                     lock: DocumentLock | None = None, read_only: bool = False) -> None:
        raise NotImplementedError  # the window builds the editors

    def show_start_page(self) -> None:
        raise NotImplementedError

    def _update_title(self) -> None:
        raise NotImplementedError

    def _recent_changed(self) -> None:
        raise NotImplementedError  # the start page lists them

    # -- asking -------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """Ask 保存 / 不保存 / 取消 when there is unsaved work; True to go on."""
        if self.session is None or not self.session.modified:
            return True
        answer = dialogs.question(
            self, self.tr("保存修改"), self.tr("“%1”有未保存的修改，是否保存？")
            .replace("%1", self.session.document.unit_name or self.tr("当前文档")),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            recovery.discard(self._recovery_key())
            return True
        return False

    # -- opening and closing ---------------------------------------------------------------
    def new_document(self) -> None:
        if not self.maybe_save():
            return
        dialog = NewDocumentDialog(self)
        if dialog.exec() != NewDocumentDialog.DialogCode.Accepted:
            return
        template_id, unit, year = dialog.choice()
        self.set_document(get_template(template_id).new_document(unit, year), None)

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        name, _ = QFileDialog.getOpenFileName(self, self.tr("打开文档"),
                                              str(recent_files.start_folder(self.settings)),
                                              self.tr(FILE_FILTER))
        if name:
            self.open_path(Path(name), ask=False)

    def open_path(self, path: Path, ask: bool = True) -> bool:
        if ask and not self.maybe_save():
            return False
        # Absolute: the recent list and later saves must not depend on the working folder.
        path = Path(os.path.abspath(path))
        try:
            document, stamp = read_document(path)
        except DocumentLoadError as exc:
            dialogs.warning(self, self.tr("无法打开文档"), str(exc))
            return False
        locked = self._lock(path)
        if locked is None:
            return False
        lock, read_only = locked
        self.set_document(document, path, stamp=stamp, lock=lock, read_only=read_only)
        self._remember(path)
        self._add_to_library_later(path)
        return True

    def open_example(self, path: Path) -> bool:
        """An example opens as an untitled copy: 保存 asks where, the shipped file is kept."""
        if not self.maybe_save():
            return False
        try:
            document, _ = read_document(path)
        except DocumentLoadError as exc:
            dialogs.warning(self, self.tr("无法打开文档"), str(exc))
            return False
        self.set_document(document, None)
        self._add_to_library_later(path)
        return True

    def close_document(self) -> bool:
        """文件 → 关闭: back to the start page, as closing the window would leave the document
        (asked to save; its lock and its autosaved copy let go). False: the officer cancelled."""
        if self.session is None:
            return True
        if not self.maybe_save():
            return False
        recovery.discard(self._recovery_key())
        self._close_session()
        self.show_start_page()
        return True

    def _close_session(self) -> None:
        self.autosaver.cancel()
        if self.session is not None:
            self._library_now()
            self.session.release_lock()
            self.session.deleteLater()
        self.session = None

    def _lock(self, path: Path) -> tuple[DocumentLock | None, bool] | None:
        """Lock ``path`` for this window; if it is open elsewhere, offer to open it read-only
        (saved only under another name) or anyway. None: the officer chose not to open it."""
        return lock_for_opening(self, path)

    # -- saving ---------------------------------------------------------------------------
    def save(self) -> bool:
        if self.session is None:
            return False
        if self.session.path is None or self.session.read_only:
            return self.save_as()
        return self._save_to(self.session.path)

    def save_as(self) -> bool:
        if self.session is None:
            return False
        from app.export.filenames import safe_filename

        document = self.session.document
        if self.session.path is not None:
            suggested = self.session.path
        else:
            folder = recent_files.start_folder(self.settings)
            suggested = folder / safe_filename(f"{document.unit_name or '未命名'}_{document.year}",
                                               "jixiao", name_limit(folder))
        name, _ = QFileDialog.getSaveFileName(self, self.tr("另存为"), str(suggested),
                                              self.tr(FILE_FILTER))
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() != ".jixiao":
            path = path.with_name(path.name + ".jixiao")
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        assert self.session is not None
        session = self.session
        same_file = session.path is not None and path == session.path and not session.read_only
        if same_file and session.changed_on_disk():
            choice = dialogs.choose(
                self, self.tr("文件已被修改"),
                self.tr("“%1”在打开之后已被其他程序或窗口修改（或已删除、移动）。\n"
                        "覆盖：用这里的内容替换，那边的修改将丢失；另存为：保存为另一个文件。")
                .replace("%1", path.name),
                [self.tr("覆盖"), self.tr("另存为…"), self.tr("取消")], default=1)
            if choice == 1:
                return self.save_as()
            if choice != 0:
                return False
        new_lock = session.lock
        if not same_file:
            try:
                new_lock = filelock.acquire(path)
            except DocumentLocked as exc:
                dialogs.warning(self, self.tr("无法保存"), str(exc))
                return False
        old_key = self._recovery_key()
        try:
            session.save(path)
        except DocumentSaveError as exc:
            if new_lock is not session.lock and new_lock is not None:
                new_lock.release()
            dialogs.warning(self, self.tr("保存失败"), str(exc))
            return False
        session.replace_lock(new_lock)
        recovery.discard(old_key)
        recovery.discard(self._recovery_key())
        self._remember(path)
        self._add_to_library(path)
        self._update_title()
        self.statusBar().showMessage(self.tr("已保存：%1").replace("%1", str(path)), 5000)
        return True

    # -- autosave and recovery -----------------------------------------------------------
    def _recovery_key(self) -> str:
        path = self.session.path if self.session else None
        return recovery.recovery_key(path, self.window_id)

    def autosave(self) -> None:
        """Write unsaved work aside (a timer calls this: it must never raise)."""
        if self.session is None or not self.session.modified:
            return
        try:
            recovery.write_recovery(self.session.document, self._recovery_key(),
                                    self.session.path)
        except OSError as exc:
            log.warning("autosave failed", exc_info=True)
            self.statusBar().showMessage(
                self.tr("自动保存失败：%1").replace("%1", os_reason(exc)), 10_000)

    def offer_recovery(self) -> None:
        """At start: "发现 {时间} 的未保存内容…" for each entry a crash left behind."""
        for entry in recovery.pending():
            answer = dialogs.question(
                self, self.tr("恢复未保存的内容"),
                self.tr("发现 %1 的未保存内容，是否恢复？\n选择“否”将丢弃这些内容。")
                .replace("%1", entry.describe()))
            if answer == QMessageBox.StandardButton.Yes:
                locked = self._lock(entry.original) if entry.original else (None, False)
                lock, read_only = locked if locked is not None else (None, True)
                self.set_document(entry.load(), entry.original, modified=True, lock=lock,
                                  read_only=read_only)
                if entry.key != self._recovery_key():
                    assert self.session is not None  # set_document opened it
                    recovery.write_recovery(self.session.document, self._recovery_key(),
                                            entry.original)
                    recovery.discard(entry.key)
                return
            recovery.discard(entry.key)

    # -- recent files ----------------------------------------------------------------------
    def recent_files(self) -> list[Path]:
        return recent_files.recent_files(self.settings)

    def _remember(self, path: Path) -> None:
        recent_files.remember_file(self.settings, path)
        self._recent_changed()

    # -- the 指标库 --------------------------------------------------------------------------
    def _add_to_library_later(self, path: Path) -> None:
        """Opened: the document goes into the 指标库 once the window is up, or when it is
        closed before that; if edited by then, its save adds it instead."""
        if self.session is not None:
            self._library_pending = (self.session, path)
            QTimer.singleShot(LIBRARY_DELAY, self, self._library_now)

    def _library_now(self) -> None:
        pending, self._library_pending = self._library_pending, None
        if pending is not None and pending[0] is self.session and not pending[0].modified:
            self._add_to_library(pending[1])

    def library_pending(self) -> bool:
        """Whether an opened document still waits to go into the 指标库."""
        return self._library_pending is not None

    def _add_to_library(self, path: Path) -> None:
        """The document's indicators go into the 指标库: copied here, stored on a worker thread;
        a failure is logged, never shown (ui/library_access.py)."""
        from ui.library_access import add_document

        self._library_pending = None
        if self.session is not None:
            add_document(self.session.document, self.session.template, path)
