"""The main window: it only assembles menus, tabs and docks, and routes the menus' actions.

What the 文件 menu does to documents (open, save, close, recovery, recent files) is its base class,
ui/file_actions.py; 结转 is ui/carry_action.py; export and print have their own dialogs.
"""
from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QSettings, QSize, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QMessageBox, QStackedWidget, QWidget

from app import recovery
from app.checks import Location
from app.filelock import DocumentLock
from app.model import TargetDocument
from app.projectfile import FileStamp
from app.templates import FieldKind, Section
from ui.autosave import Autosaver
from ui.file_actions import FileActions
from ui.lazy_tabs import LazyTabs, PlannedTab
from ui.screen_fit import fit_to_screen, keep_on_screen
from ui.session import DocumentSession
from ui.start_page import StartPage
from ui.tab_keys import step_tabs
from ui.tabs.base import EditorTab
from ui.window_actions import build_actions

if TYPE_CHECKING:
    from ui.checks_dock import ChecksDock


def plan_tabs(session: DocumentSession) -> list[PlannedTab]:
    """One tab per template section; 资金 and 绩效指标 have their own editors; then 项目. Each
    is built when first shown (ui/lazy_tabs.py), its module imported then."""
    plans = [PlannedTab(section.key, section.title, _section_editor(session, section))
             for section in session.template.sections]
    if session.template.has_projects:
        def projects(parent: QWidget) -> EditorTab:
            from ui.tabs.projects_tab import ProjectsTab

            return ProjectsTab(session, parent)

        plans.append(PlannedTab("projects", QCoreApplication.translate("ProjectsTab", "项目"),
                                projects))
    return plans


def _section_editor(session: DocumentSession,
                    section: Section) -> Callable[[QWidget], EditorTab]:
    kinds = {spec.kind for spec in section.fields}

    def build(parent: QWidget) -> EditorTab:
        if FieldKind.FUNDS in kinds:
            from ui.tabs.funds_tab import FundsTab

            return FundsTab(session, parent)
        if FieldKind.INDICATORS in kinds:
            from ui.tabs.indicators_tab import IndicatorsTab

            return IndicatorsTab(session, parent)
        from ui.tabs.fields_tab import FieldsTab

        return FieldsTab(session, section, parent)

    return build


class MainWindow(FileActions):
    def __init__(self) -> None:
        super().__init__()
        self.session: DocumentSession | None = None
        self.window_id = uuid.uuid4().hex[:8]
        self.settings = QSettings("jixiao", "jixiao")
        self.tabs = LazyTabs(self)
        self._start_page: StartPage | None = None
        self.stack = QStackedWidget(self)
        self._start_place = QWidget(self.stack)  # where start_page goes when built
        self.stack.addWidget(self._start_place)
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)
        self.checks_dock: ChecksDock | None = None
        self.status_counts = QLabel(self)
        self.status_counts.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.status_counts)
        self.window_actions = build_actions(self)
        self.recent_menu = self.window_actions.recent_menu
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
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

    @property
    def start_page(self) -> StartPage:
        """What the window shows with no document, built when first wanted: a window opened
        on a file never shows it (and it reads every example to name it)."""
        if self._start_page is None:
            page = self._start_page = StartPage(self.stack)
            page.new_requested.connect(self.new_document)
            page.open_requested.connect(self.open_dialog)
            page.file_chosen.connect(self.open_path)
            page.example_chosen.connect(self.open_example)
            page.set_recent(self.recent_files())
            self.stack.insertWidget(0, page)
            self.stack.removeWidget(self._start_place)
            self._start_place.deleteLater()
            if self.session is None:
                self.stack.setCurrentWidget(page)
        return self._start_page

    def _recent_changed(self) -> None:
        if self._start_page is not None:
            self._start_page.set_recent(self.recent_files())

    def showEvent(self, event: QShowEvent) -> None:
        if self.session is None:
            self.stack.setCurrentWidget(self.start_page)
        super().showEvent(event)

    # -- documents -----------------------------------------------------------------------
    def set_document(self, document: TargetDocument, path: Path | None,
                     modified: bool = False, *, stamp: FileStamp | None = None,
                     lock: DocumentLock | None = None, read_only: bool = False) -> None:
        self._close_session()
        session = DocumentSession(document, path, self, stamp=stamp, lock=lock,
                                  read_only=read_only)
        self.session = session
        self.tabs.set_tabs(plan_tabs(session))
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

    def show_start_page(self) -> None:
        """The start page, no document: its editors and its 审核 panel go."""
        self.tabs.clear_tabs()
        if self.checks_dock is not None:
            self.removeDockWidget(self.checks_dock)
            self.checks_dock.deleteLater()
            self.checks_dock = None
        self.status_counts.clear()
        self.stack.setCurrentWidget(self.start_page)
        self._update_title()
        self._enable_document_actions()

    def _enable_document_actions(self) -> None:
        for action in self.window_actions.document_actions():
            action.setEnabled(self.session is not None)
        if self.session is not None:
            stack = self.session.undo_stack
            self.window_actions.undo.setEnabled(stack.canUndo())
            self.window_actions.redo.setEnabled(stack.canRedo())

    def _attach_checks(self, session: DocumentSession) -> None:
        from ui.checks_dock import ChecksDock

        if self.checks_dock is not None:
            self.removeDockWidget(self.checks_dock)
            self.checks_dock.deleteLater()
        self.checks_dock = ChecksDock(session, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.checks_dock)
        # A third of the window, room for 8 findings; the officer can drag it taller.
        self.resizeDocks([self.checks_dock], [self.checks_dock.default_height(self.height())],
                         Qt.Orientation.Vertical)
        self.checks_dock.counts_changed.connect(self._show_counts)
        self.checks_dock.jump_requested.connect(self.jump_to)
        self.checks_dock.recheck_now()

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

    def import_excel(self) -> bool:
        """文件 → 导入Excel或Word…: a workbook or Word document read into a new, untitled document (ui/import_dialog)."""
        from ui.import_dialog import import_excel

        return import_excel(self)

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
        from ui.carry_action import carry_forward

        carry_forward(self)

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
            if self.tabs.section_key(index) == location.section:
                self.tabs.setCurrentIndex(index)
                tab = self.tabs.editor(index)
                if tab is not None:
                    tab.focus_location(location)
                return
        for index in range(self.tabs.count()):  # a field shown on another tab than its section
            tab = self.tabs.editor(index)
            if tab is not None and tab.focus_location(location):
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
