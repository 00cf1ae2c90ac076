"""The picker's results: library entries as a read-only table (三级指标, 指标值, 一级, 二级, 年度,
来源). ``set_entries`` replaces them all, as each search does."""
from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.library import LibraryEntry
from app.library.entries import FRAMEWORK
from ui.dialogs import plain_tooltip

_Index = QModelIndex | QPersistentModelIndex

NAME, TARGET, LEVEL1, LEVEL2, YEAR, SOURCE = range(6)
HEADERS = ("三级指标", "指标值", "一级指标", "二级指标", "年度", "来源")
# Roles as plain ints: the view asks data() for every role of every visible cell at each
# paint, and comparing an int with a Qt enum member costs a conversion each time.
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value


class LibraryResultsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[LibraryEntry] = []

    def set_entries(self, entries: Sequence[LibraryEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> LibraryEntry:
        return self._entries[row]

    def entries(self) -> list[LibraryEntry]:
        return list(self._entries)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        role = int(role)
        if role not in (_DISPLAY, _TOOLTIP, _ALIGNMENT) or not index.isValid():
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == _DISPLAY:
            return self.text(entry, column)
        if role == _TOOLTIP and column in (NAME, LEVEL2, SOURCE):
            text = entry.source if column == SOURCE else self.text(entry, column)
            return plain_tooltip(text)
        if role == _ALIGNMENT and column == YEAR:
            return Qt.AlignmentFlag.AlignCenter
        return None

    @staticmethod
    def text(entry: LibraryEntry, column: int) -> str:
        if column == NAME:
            return entry.name
        if column == TARGET:
            return entry.target
        if column == LEVEL1:
            return entry.level1
        if column == LEVEL2:
            return entry.level2
        if column == YEAR:
            return str(entry.year) if entry.year is not None else ""
        label = entry.source_label or entry.source
        return f"框架：{label}" if entry.source_kind == FRAMEWORK else label

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.tr(HEADERS[section]) if 0 <= section < len(HEADERS) else None
        return str(section + 1)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
