"""How the indicator table's cells are drawn and edited: a merged group cell drawn in the part
of it on screen, and a combo box for the target's operators and the template's choices."""
from __future__ import annotations

import re
from typing import Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (QComboBox, QStyle, QStyledItemDelegate, QStyleOptionViewItem,
                               QWidget)

from ui.grouped_table import GroupedTableView

TARGET_PREFIXES = ("＝", "≥", "≤")
# An operator already typed at the start of a value, replaced when another one is picked.
_LEADING_OPERATOR = re.compile(r"^(＞＝|＜＝|>=|<=|==|[＝=≥≤≧≦＞＜><])")
_NOT_SELECTED = ~(QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_HasFocus)


class CellDelegate(QStyledItemDelegate):
    """Draws a merged group cell in the part of it that is on screen, so its label shows while
    its top is scrolled off; without the selection colours, as the view marks the selected
    rows' strips of it (Qt would colour the whole group for its first row)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        view = option.widget
        if isinstance(view, GroupedTableView) and view.is_group_cell(index.row(),
                                                                     index.column()):
            option = QStyleOptionViewItem(option)
            option.rect = option.rect.intersected(view.viewport().rect())
            option.state &= _NOT_SELECTED
        super().paint(painter, option, index)


class ChoiceDelegate(CellDelegate):
    """An editable combo box offering ``items``; whatever is typed is kept exactly (no
    auto-completion). Picking one of ``prefixes`` puts it before the typed value ("≥" on
    "90%" gives "≥90%"); picking a word replaces the value."""

    def __init__(self, items: Sequence[str], prefixes: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items, self.prefixes = tuple(items), tuple(prefixes)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(True)
        # Inline completion would turn "有效" into "有效提升"; Qt takes None, its stubs do not.
        combo.setCompleter(None)  # type: ignore[arg-type]
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setMaxVisibleItems(16)
        combo.addItems(list(self.items))
        combo.setProperty("typed", "")
        line = combo.lineEdit()
        assert line is not None  # an editable combo has one
        line.textEdited.connect(lambda text: combo.setProperty("typed", text))
        combo.activated.connect(lambda i: self._picked(combo, i))
        return combo

    def _picked(self, combo: QComboBox, i: int) -> None:
        item = combo.itemText(i)
        typed = str(combo.property("typed") or "")
        text = item + _LEADING_OPERATOR.sub("", typed) if item in self.prefixes else item
        combo.setEditText(text)
        combo.setProperty("typed", text)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        editor.setCurrentIndex(-1)
        editor.setEditText(text)
        line = editor.lineEdit()
        assert line is not None  # an editable combo has one
        line.selectAll()  # typing replaces the value, as in a plain cell
        editor.setProperty("typed", text)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,
                             index: QModelIndex | QPersistentModelIndex) -> None:
        # Wide enough for the longest word, one line high even over a tall merged cell.
        hint = editor.sizeHint()
        rect = QRect(option.rect)
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        rect.setWidth(max(rect.width(), hint.width(),
                          editor.fontMetrics().horizontalAdvance(text) + 48))
        rect.setHeight(min(rect.height(), max(hint.height(), 24)))
        editor.setGeometry(rect)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
