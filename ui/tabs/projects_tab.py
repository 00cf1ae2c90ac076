"""项目: the list of projects beside the selected project's own sections."""
from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import (QHBoxLayout, QListView, QMenu, QMessageBox, QPushButton,
                               QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget)

from app.checks import Location
from app.model import Project
from app.templates import FieldKind
from ui import dialogs
from ui.edit_menu import ROW_OPS, EditOp, edit_context_menu, edit_op_for_key, show_menu
from ui.list_commands import ListCommand, move_item, remove_items
from ui.session import DocumentSession
from ui.tabs.base import EditorTab
from ui.tabs.fields_tab import focus_editor, section_form

if TYPE_CHECKING:
    from ui.tabs.indicators_tab import IndicatorEditor

Index = QModelIndex | QPersistentModelIndex


def new_project(session: DocumentSession) -> Project:
    """A new project with the template's defaults (its indicator skeleton, units)."""
    maker = session.template.new_project
    return maker("", session.document.year) if maker else Project()


class ProjectListModel(QAbstractListModel):
    def __init__(self, session: DocumentSession) -> None:
        super().__init__()
        self.session = session
        session.changed.connect(self._changed)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.session.document.projects)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            project = self.session.document.projects[index.row()]
            return f"{index.row() + 1}. {project.name or '（未命名项目）'}"
        return None

    def _changed(self, path: str) -> None:
        if path in ("", "projects"):
            self.beginResetModel()
            self.endResetModel()
        elif path.startswith("projects[") and path.endswith("].name"):
            row = int(path[9:].split("]", 1)[0])
            self.dataChanged.emit(self.index(row), self.index(row))


class ProjectList(QListView):
    """The projects, with 插入行/删除行/上移/下移 on their keys and right-click menu (a project
    is added, removed or moved as with the buttons beside it)."""

    def __init__(self, tab: ProjectsTab) -> None:
        super().__init__(tab)
        self.tab = tab

    def can_edit(self, op: EditOp) -> bool:
        row, count = self.tab.current(), len(self.tab.session.document.projects)
        return {EditOp.INSERT: True, EditOp.REMOVE: row >= 0, EditOp.UP: row > 0,
                EditOp.DOWN: 0 <= row < count - 1}.get(op, False)

    def do_edit(self, op: EditOp) -> object:
        tab = self.tab
        actions = {EditOp.INSERT: tab.add, EditOp.REMOVE: tab.remove,
                   EditOp.UP: lambda: tab.move_project(-1), EditOp.DOWN: lambda: tab.move_project(1)}
        return actions[op]() if op in actions else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        op = edit_op_for_key(event)
        if op in ROW_OPS:
            if self.can_edit(op):
                self.do_edit(op)
        else:
            super().keyPressEvent(event)

    def context_menu(self) -> QMenu:
        return edit_context_menu(self, self)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        show_menu(self.context_menu(), event.globalPos())


class ProjectsTab(EditorTab):
    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = self.tr("项目")
        self.model = ProjectListModel(session)
        self.list = ProjectList(self)
        self.list.setModel(self.model)
        self.list.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("添加"), self.add), (self.tr("复制"), self.duplicate),
                           (self.tr("删除"), self.remove),
                           (self.tr("上移"), lambda: self.move_project(-1)),
                           (self.tr("下移"), lambda: self.move_project(1))):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list)
        left_layout.addLayout(buttons)
        self.editor_tabs = QTabWidget(self)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(self.editor_tabs)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.editors: dict[str, QWidget] = {}
        self.indicator_editor: IndicatorEditor | None = None
        self.shown: int | None = None
        if session.document.projects:
            self.list.setCurrentIndex(self.model.index(0))

    def current(self) -> int:
        index = self.list.currentIndex()
        return index.row() if index.isValid() else -1

    def refresh(self, path: str) -> None:
        if path in ("", "projects"):
            self._show_current(force=True)

    def _show_current(self, force: bool = False) -> None:
        row = self.current()
        if row == self.shown and not force:
            return
        self.shown = row
        for i in range(self.editor_tabs.count()):  # the old editors stop following the session
            if (old := self.editor_tabs.widget(i)) is not None:
                old.deleteLater()
        self.editor_tabs.clear()
        self.editors, self.indicator_editor = {}, None
        if not 0 <= row < len(self.session.document.projects):
            return
        prefix = f"projects[{row}]."
        for section in self.session.template.project_sections:
            if any(f.kind is FieldKind.INDICATORS for f in section.fields):
                from ui.tabs.indicators_tab import IndicatorEditor

                spec = self.session.template.project_indicators
                assert spec is not None  # a template with a project indicator tab declares it
                self.indicator_editor = IndicatorEditor(self.session, f"projects[{row}].indicators",
                                                        spec)
                self.editor_tabs.addTab(self.indicator_editor, section.title)
                continue
            scroll = QScrollArea(self.editor_tabs)
            scroll.setWidgetResizable(True)
            form, editors = section_form(self.session, section, prefix, scroll)
            scroll.setWidget(form)
            self.editors.update(editors)
            self.editor_tabs.addTab(scroll, section.title)

    def add(self) -> None:
        at = self.current() + 1 if self.current() >= 0 else len(self.session.document.projects)
        projects = list(self.session.document.projects)
        projects.insert(at, new_project(self.session))
        self.session.undo_stack.push(ListCommand(self.session, "projects", projects, "添加项目"))
        self.list.setCurrentIndex(self.model.index(at))
        self.focus_first_field()

    def focus_first_field(self) -> None:
        """The keyboard in the shown project's first field (its name), as after 添加: the
        name typed next goes there."""
        for i in range(self.editor_tabs.count()):
            page = self.editor_tabs.widget(i)
            if isinstance(page, QScrollArea) and self.editors:
                first = next(iter(self.editors))
                self.editor_tabs.setCurrentIndex(i)
                focus_editor({first: self.editors[first]}, first, page)
                return

    def duplicate(self) -> None:
        row = self.current()
        if row < 0:
            return
        projects = list(self.session.document.projects)
        twin = copy.deepcopy(projects[row])
        twin.name = f"{twin.name}（副本）"
        projects.insert(row + 1, twin)
        self.session.undo_stack.push(ListCommand(self.session, "projects", projects, "复制项目"))
        self.list.setCurrentIndex(self.model.index(row + 1))

    def remove(self) -> None:
        row = self.current()
        if row < 0:
            return
        name = self.session.document.projects[row].name or self.tr("（未命名项目）")
        answer = dialogs.question(self, self.tr("删除项目"),
                                  self.tr("确定删除项目“%1”吗？可以用“撤销”恢复。")
                                  .replace("%1", name))
        if answer == QMessageBox.StandardButton.Yes:
            remove_items(self.session, "projects", [row])

    def move_project(self, offset: int) -> None:
        row = self.current()
        if row >= 0:
            target = move_item(self.session, "projects", row, offset)
            self.list.setCurrentIndex(self.model.index(target))

    def focus_location(self, location: Location) -> bool:
        if location.project is None:
            return False
        self.list.setCurrentIndex(self.model.index(location.project))
        if location.table and self.indicator_editor is not None and location.row is not None:
            self.editor_tabs.setCurrentWidget(self.indicator_editor)
            self.indicator_editor.select(location.row, location.column)
            return True
        for i in range(self.editor_tabs.count()):
            page = self.editor_tabs.widget(i)
            scroll = page if isinstance(page, QScrollArea) else None
            if scroll is not None and focus_editor(
                    {p: e for p, e in self.editors.items() if scroll.isAncestorOf(e)},
                    location.path, scroll):
                self.editor_tabs.setCurrentIndex(i)
                return True
        return True

