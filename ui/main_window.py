"""The main window: it only assembles menus, tabs and docks, and routes file actions."""
from __future__ import annotations

import logging
import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, cast

import shiboken6
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (QFileDialog, QLabel, QMainWindow, QMessageBox, QStackedWidget,
                               QTabWidget, QWidget)

from app import filelock, recovery
from app.checks import Location
from app.errors import DocumentLoadError, DocumentSaveError, os_reason
from app.export.filenames import safe_filename
from app.filelock import DocumentLock, DocumentLocked
from app.fsnames import name_limit
from app.model import TargetDocument
from app.projectfile import FileStamp, read_document
from app.templates import FieldKind
from app.templates import get_template
from ui import dialogs
from ui.autosave import Autosaver
from ui.screen_fit import fit_to_screen, keep_on_screen
from ui.session import DocumentSession
from ui.start_page import NewDocumentDialog, StartPage
from ui.tab_keys import step_tabs
from ui.tabs.base import EditorTab
from ui.window_actions import build_actions

if TYPE_CHECKING:
    from ui.checks_dock import ChecksDock

log = logging.getLogger(__name__)

MAX_RECENT = 10
FILE_FILTER = "绩效填报文档 (*.jixiao)"


def build_tabs(session: DocumentSession, parent: QWidget) -> list[EditorTab]:
    """One tab per template section; 资金 and 绩效指标 have their own editors; then 项目."""
    from ui.tabs.fields_tab import FieldsTab
    from ui.tabs.funds_tab import FundsTab
    from ui.tabs.indicators_tab import IndicatorsTab

    tabs: list[EditorTab] = []
    for section in session.template.sections:
        kinds = {spec.kind for spec in section.fields}
        if FieldKind.FUNDS in kinds:
            tab: EditorTab = FundsTab(session, parent)
        elif FieldKind.INDICATORS in kinds:
            tab = IndicatorsTab(session, parent)
        else:
            tab = FieldsTab(session, section, parent)
        tab.section_key = section.key
        tab.title = section.title
        tabs.append(tab)
    if session.template.has_projects:
        from ui.tabs.projects_tab import ProjectsTab

        tab = ProjectsTab(session, parent)
        tab.section_key = "projects"
        tabs.append(tab)
    return tabs


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.session: DocumentSession | None = None
        self.window_id = uuid.uuid4().hex[:8]
        self.settings = QSettings("jixiao", "jixiao")
        self.tabs = QTabWidget(self)
        self.start_page = StartPage(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.start_page)
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)
        self.checks_dock: ChecksDock | None = None
        self.status_counts = QLabel(self)
        self.status_counts.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.status_counts)
        self.window_actions = build_actions(self)
        self.recent_menu = self.window_actions.recent_menu
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.start_page.new_requested.connect(self.new_document)
        self.start_page.open_requested.connect(self.open_dialog)
        self.start_page.file_chosen.connect(self.open_path)
        self.start_page.example_chosen.connect(self.open_example)
        self.start_page.set_recent(self.recent_files())
        self.autosaver = Autosaver(self.autosave, self)
        self.setAcceptDrops(True)
        self._place_on_screen()
        self._update_title()
        self._enable_document_actions()

    def _place_on_screen(self) -> None:
        """The remembered size and place, kept inside this screen; at first start, 1280×800
        or as much of the screen as there is."""
        geometry = self.settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            fit_to_screen(self, QSize(1280, 800))
        else:
            keep_on_screen(self)

    # -- documents -----------------------------------------------------------------------
    def set_document(self, document: TargetDocument, path: Path | None,
                     modified: bool = False, *, stamp: FileStamp | None = None,
                     lock: DocumentLock | None = None, read_only: bool = False) -> None:
        self._close_session()
        session = DocumentSession(document, path, self, stamp=stamp, lock=lock,
                                  read_only=read_only)
        self.session = session
        self._clear_tabs()
        for tab in build_tabs(session, self.tabs):
            self.tabs.addTab(tab, tab.title)
        # Bound methods, not lambdas: Qt drops them with this window (a stack being destroyed
        # still signals, after the window is gone).
        session.undo_stack.cleanChanged.connect(self._clean_changed)
        session.changed.connect(self._on_changed)
        session.undo_stack.indexChanged.connect(self._index_changed)
        if modified:
            session.undo_stack.resetClean()
        self._follow_undo_stack(session)
        self._attach_checks(session)
        self.stack.setCurrentWidget(self.tabs)
        self._update_title()
        self._enable_document_actions()

    def _follow_undo_stack(self, session: DocumentSession) -> None:
        stack = session.undo_stack
        actions = self.window_actions
        for action, can, changed in ((actions.undo, stack.canUndo, stack.canUndoChanged),
                                     (actions.redo, stack.canRedo, stack.canRedoChanged)):
            action.setEnabled(can())
            changed.connect(action.setEnabled)

    def _clear_tabs(self) -> None:
        """Delete the last document's editors: QTabWidget.clear() only hides them."""
        while self.tabs.count():
            tab = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if tab is not None:  # there is one: count() said so
                tab.deleteLater()

    def _enable_document_actions(self) -> None:
        for action in self.window_actions.document_actions():
            action.setEnabled(self.session is not None)
        if self.session is not None:
            stack = self.session.undo_stack
            self.window_actions.undo.setEnabled(stack.canUndo())
            self.window_actions.redo.setEnabled(stack.canRedo())

    def _attach_checks(self, session: DocumentSession) -> None:
        from PySide6.QtCore import Qt

        from ui.checks_dock import ChecksDock

        if self.checks_dock is not None:
            self.removeDockWidget(self.checks_dock)
            self.checks_dock.deleteLater()
        self.checks_dock = ChecksDock(session, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.checks_dock)
        # The editor keeps most of a 768-pixel screen; the officer can drag the panel taller.
        self.resizeDocks([self.checks_dock], [170], Qt.Orientation.Vertical)
        self.checks_dock.counts_changed.connect(self._show_counts)
        self.checks_dock.jump_requested.connect(self.jump_to)
        self.checks_dock.recheck_now()

    def _close_session(self) -> None:
        self.autosaver.cancel()
        if self.session is not None:
            self.session.release_lock()
            self.session.deleteLater()
        self.session = None

    def _clean_changed(self, _clean: bool) -> None:
        self._update_title()

    def _index_changed(self, _index: int) -> None:
        self._edited()

    def _edited(self) -> None:
        # The stack also reports its own destruction (clear): nothing to save then.
        if (self.session is not None and shiboken6.isValid(self.session.undo_stack)
                and self.session.modified):
            self.autosaver.edited()

    def _on_changed(self, path: str) -> None:
        if path in ("unit_name", ""):
            self._update_title()

    def _show_counts(self, errors: int, warnings: int) -> None:
        self.status_counts.setText(self.tr("审核：%1 个错误，%2 个警告")
                                   .replace("%1", str(errors)).replace("%2", str(warnings)))

    def _update_title(self) -> None:
        if self.session is None or not shiboken6.isValid(self.session.undo_stack):
            self.setWindowTitle(self.tr("绩效填报"))
            return
        name = self.session.path.name if self.session.path else self.tr("未命名.jixiao")
        unit = self.session.document.unit_name or self.tr("（未填单位名称）")
        read_only = self.tr("（只读）") if self.session.read_only else ""
        self.setWindowTitle(f"{unit} — {name}{read_only}{'*' if self.session.modified else ''}")

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
        folder = self.settings.value("files/folder", "")
        name, _ = QFileDialog.getOpenFileName(self, self.tr("打开文档"), str(folder),
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
        self._add_to_library(path)
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
        self._add_to_library(path)
        return True

    def _add_to_library(self, path: Path) -> None:
        """The document's indicators go into the 指标库: copied here, stored on a worker thread;
        a failure is logged, never shown (ui/library_access.py)."""
        from ui.library_access import add_document

        if self.session is not None:
            add_document(self.session.document, self.session.template, path)

    def import_excel(self) -> bool:
        """文件 → 导入Excel…: a workbook read into a new, untitled document (ui/import_dialog)."""
        from ui.import_dialog import import_excel

        return import_excel(self)

    def _lock(self, path: Path) -> tuple[DocumentLock | None, bool] | None:
        """Lock ``path`` for this window; if it is open elsewhere, offer to open it read-only
        (saved only under another name). None: the officer chose not to open it."""
        try:
            return filelock.acquire(path), False
        except DocumentLocked as exc:
            choice = dialogs.choose(self, self.tr("文档已在别处打开"), str(exc),
                                    [self.tr("以只读方式打开"), self.tr("取消")])
            return (None, True) if choice == 0 else None

    def save(self) -> bool:
        if self.session is None:
            return False
        if self.session.path is None or self.session.read_only:
            return self.save_as()
        return self._save_to(self.session.path)

    def save_as(self) -> bool:
        if self.session is None:
            return False
        folder = Path(str(self.settings.value("files/folder", "")))
        stem = f"{self.session.document.unit_name or '未命名'}_{self.session.document.year}"
        suggested = self.session.path or folder / safe_filename(
            stem, "jixiao", name_limit(folder if folder.is_dir() else None))
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

    # -- recent files --------------------------------------------------------------------
    def recent_files(self) -> list[Path]:
        value = self.settings.value("files/recent", []) or []
        paths = [value] if isinstance(value, str) else list(cast("list[str]", value))
        return [Path(p) for p in paths if Path(p).is_absolute() and Path(p).is_file()]

    def _remember(self, path: Path) -> None:
        path = Path(os.path.abspath(path))
        paths = [str(path)] + [str(p) for p in self.recent_files() if p != path]
        self.settings.setValue("files/recent", paths[:MAX_RECENT])
        self.settings.setValue("files/folder", str(path.parent))
        self.start_page.set_recent(self.recent_files())

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.recent_files():
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))

    # -- other actions -------------------------------------------------------------------
    def check_now(self) -> None:
        """审核: check the whole document now and show the panel (it may have been closed)."""
        if self.checks_dock is not None:
            self.checks_dock.show()
            self.checks_dock.raise_()
            self.checks_dock.recheck_now()

    def next_tab(self) -> None:
        step_tabs(self.tabs, 1)  # inner tabs around the keyboard first (ui/tab_keys.py)

    def previous_tab(self) -> None:
        step_tabs(self.tabs, -1)

    def undo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.undo()

    def redo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.redo()

    def export(self) -> None:
        if self.session is not None:
            from ui.export_dialog import ExportDialog

            ExportDialog(self.session, self).exec()

    def carry_forward(self) -> None:
        """文件 → 结转: next year's document, this year's 绩效监控表 or 自评表, opened as a new untitled
        document; the current one is left as it is (saved first if the officer wants)."""
        if self.session is None:
            return
        from app.carry import (CarryError, carry_to_monitoring, carry_to_next_year,
                               carry_to_self_evaluation, monitoring_template,
                               self_evaluation_template)
        from ui.carry_dialog import MONITORING, NEXT_YEAR, CarryDialog

        document, template = self.session.document, self.session.template
        dialog = CarryDialog(document, template, self)
        if dialog.exec() != CarryDialog.DialogCode.Accepted:
            return
        choice = dialog.choice()
        try:
            if choice.to == NEXT_YEAR:
                carried = carry_to_next_year(document, template, keep_money=choice.keep_money,
                                             keep_half_year=choice.keep_half_year)
            elif choice.to == MONITORING:
                target = monitoring_template(template, choice.template_id or None)
                carried = carry_to_monitoring(document, template, target)
            else:
                target = self_evaluation_template(template, choice.template_id or None)
                carried = carry_to_self_evaluation(document, template, target)
        except CarryError as exc:
            dialogs.warning(self, self.tr("无法结转"), str(exc))
            return
        if not self.maybe_save():
            return
        self.set_document(carried, None, modified=True)
        self.statusBar().showMessage(
            self.tr("已结转为新文档（%1年度），尚未保存；原文档未改动。")
            .replace("%1", str(carried.year or "")), 10000)

    def print_preview(self) -> None:
        if self.session is not None:
            from ui.print_preview import print_preview

            print_preview(self.session, self)

    def print_document(self) -> None:
        if self.session is not None:
            from ui.print_preview import print_document

            print_document(self.session, self)

    def about(self) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("jixiao")
        except PackageNotFoundError:
            number = "—"
        QMessageBox.about(self, self.tr("关于绩效填报"),
                          self.tr("绩效填报 %1\n部门预算绩效文档的离线填报、审核与导出。")
                          .replace("%1", number))

    def jump_to(self, location: Location) -> None:
        for index in range(self.tabs.count()):
            tab = self.tabs.widget(index)
            if getattr(tab, "section_key", None) == location.section:
                self.tabs.setCurrentIndex(index)
                if isinstance(tab, EditorTab):
                    tab.focus_location(location)
                return
        for index in range(self.tabs.count()):  # a field shown on another tab than its section
            tab = self.tabs.widget(index)
            if isinstance(tab, EditorTab) and tab.focus_location(location):
                self.tabs.setCurrentIndex(index)
                return

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.toLocalFile().lower().endswith(".jixiao") for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.toLocalFile().lower().endswith(".jixiao"):
                self.open_path(Path(url.toLocalFile()))
                break

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        if self.session is not None:
            recovery.discard(self._recovery_key())
        self._close_session()
        event.accept()
