"""A list of items (numbered duties, titled paragraphs, schedules) edited as a table."""
from __future__ import annotations

from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QPlainTextEdit,
                               QPushButton, QStyledItemDelegate, QTableView, QVBoxLayout,
                               QWidget)

from app.export.blocks import numbered
from ui.list_commands import insert_item, move_item, remove_items
from ui.session import DocumentSession, affects

Index = QModelIndex | QPersistentModelIndex


class RecordListModel(QAbstractTableModel):
    """Rows = the items of the list at ``path``; columns = their fields (None: the item is text).

    ``numbering`` ("（一）", "1. ") labels the rows as the printed form numbers them.
    """

    def __init__(self, session: DocumentSession, path: str,
                 columns: Sequence[tuple[str | None, str]], numbering: str = "") -> None:
        super().__init__()
        self.session, self.path, self.columns, self.numbering = session, path, columns, numbering
        session.changed.connect(self._changed)

    def items(self) -> list[Any]:
        return self.session.value(self.path)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items())

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def cell_path(self, row: int, column: int) -> str:
        field = self.columns[column][0]
        return f"{self.path}[{row}]" + (f".{field}" if field else "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            # Long paragraphs make tall rows: their first lines must show at the top.
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.EditRole):
            return None
        return self.session.value(self.cell_path(index.row(), index.column()))

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        self.session.set_value(self.cell_path(index.row(), index.column()), str(value))
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section][1]
        return numbered(section + 1, self.numbering).strip() if self.numbering else section + 1

    def _changed(self, path: str) -> None:
        if affects(path, self.path):
            self.beginResetModel()  # the list itself (or what holds it) was replaced
            self.endResetModel()
        elif path.startswith(self.path + "["):
            row = int(path[len(self.path) + 1:].split("]", 1)[0])
            if row < self.rowCount():
                self.dataChanged.emit(self.index(row, 0),
                                      self.index(row, self.columnCount() - 1))


class _TextDelegate(QStyledItemDelegate):
    """Multi-line editing for paragraphs (Enter inserts a line break, as in Excel's Alt+Enter)."""

    def createEditor(self, parent, option, index):  # type: ignore[no-untyped-def]
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        return editor

    def setEditorData(self, editor, index):  # type: ignore[no-untyped-def]
        editor.setPlainText(index.data(Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor, model, index):  # type: ignore[no-untyped-def]
        model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)


class RecordListEditor(QWidget):
    """The table and its 添加 / 删除 / 上移 / 下移 buttons."""

    def __init__(self, session: DocumentSession, path: str,
                 columns: Sequence[tuple[str | None, str]], factory: Callable[[], Any],
                 numbering: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.path, self.factory = session, path, factory
        self.model = RecordListModel(session, path, columns, numbering)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(_TextDelegate(self.view))
        self.view.setWordWrap(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.setMinimumHeight(160)
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("添加"), self.add), (self.tr("删除"), self.remove),
                           (self.tr("上移"), lambda: self.move(-1)),
                           (self.tr("下移"), lambda: self.move(1))):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)

    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def add(self) -> None:
        row = self.current_row()
        at = row + 1 if row >= 0 else self.model.rowCount()
        insert_item(self.session, self.path, at, self.factory)
        self.view.setCurrentIndex(self.model.index(at, 0))

    def remove(self) -> None:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()}) or (
            [self.current_row()] if self.current_row() >= 0 else [])
        if rows:
            remove_items(self.session, self.path, rows)

    def move(self, offset: int) -> None:
        row = self.current_row()
        if row >= 0:
            target = move_item(self.session, self.path, row, offset)
            self.view.setCurrentIndex(self.model.index(target, 0))
