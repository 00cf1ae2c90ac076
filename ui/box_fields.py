"""Editors of the kinds only a declared box has (app/boxes.py): a date, a percentage, a choice of
printed options, a tick-list, a money table; and the read-only 上年 value of a box carried so.
Each edits its model path through the session, as every field does."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex,
                            QRegularExpression, Qt)
from PySide6.QtGui import QBrush, QColor, QRegularExpressionValidator
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QSizePolicy,
                               QVBoxLayout, QWidget)

from app.boxes import (PRIOR, Carry, MoneyColumn, MoneyRow, MoneyTable, carry_of, cell_amount,
                       exact_amount, format_box_amount, key_of,
                       options_of, rate)
from app.templates import FieldKind, FieldSpec
from ui.money import InvalidAmount, MoneyDelegate, as_amount
from ui.record_list import TableView
from ui.session import Bound, DocumentSession, affects

_Index = QModelIndex | QPersistentModelIndex
_GREY = QBrush(QColor("#666666"))
_COMPUTED = QBrush(QColor("#f2f2f2"))


class ChoiceField(QComboBox, Bound):
    """One of the printed options (or none)."""

    def __init__(self, session: DocumentSession, path: str, spec: FieldSpec,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.path = session, path
        self.addItem(self.tr("（未选）"), "")
        for option in options_of(spec).options:
            self.addItem(option, option)
        self.activated.connect(self._chosen)
        self.bind()

    def _chosen(self, index: int) -> None:
        self.session.set_value(self.path, self.itemData(index) or None)

    def reload(self) -> None:
        index = self.findData(self.session.value(self.path) or "")
        self.setCurrentIndex(max(index, 0))


class TicksField(QWidget, Bound):
    """A printed tick-list as check boxes, in the printed order; a list where one item at most
    is ticked unticks the others."""

    def __init__(self, session: DocumentSession, path: str, spec: FieldSpec,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.path = session, path
        box = options_of(spec)
        self.single = box.single
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[QCheckBox] = []
        for option in box.options:
            check = QCheckBox(option, self)
            check.clicked.connect(lambda checked, o=option: self._clicked(o, checked))
            layout.addWidget(check)
            self.boxes.append(check)
        layout.addStretch(1)
        self.bind()

    def _clicked(self, option: str, checked: bool) -> None:
        ticked = [] if self.single else list(self.session.value(self.path) or [])
        if checked and option not in ticked:
            ticked.append(option)
        elif not checked and option in ticked:
            ticked.remove(option)
        order = [b.text() for b in self.boxes]
        self.session.set_value(self.path, sorted(ticked, key=order.index) or None)

    def reload(self) -> None:
        ticked = self.session.value(self.path) or []
        for check in self.boxes:
            check.setChecked(check.text() in ticked)


class NumberField(QWidget, Bound):
    """A percentage (or any plain number) with its unit after it; kept as Decimal."""

    def __init__(self, session: DocumentSession, path: str, suffix: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.path = session, path
        self.edit = QLineEdit(self)
        self.edit.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"^-?\d{0,9}(\.\d{0,2})?$"), self.edit))
        self.edit.setMaximumWidth(120)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.edit.textEdited.connect(self._edited)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(QLabel(suffix, self))
        layout.addStretch(1)
        self.bind()

    def _edited(self, text: str) -> None:
        if text in ("-", ".", "-.") or text.endswith("."):
            return  # on its way to a number
        try:
            self.session.set_value(self.path, Decimal(text) if text else None)
        except InvalidOperation:  # pragma: no cover - the validator admits only numbers
            pass

    def reload(self) -> None:
        value = self.session.value(self.path)
        shown = "" if value is None else format(value, "f")
        try:
            same = Decimal(self.edit.text()) == value if self.edit.text() else value is None
        except InvalidOperation:
            same = False
        if not same:
            self.edit.setText(shown)


class PriorNote(QLabel, Bound):
    """上年：last year's value of a box carried so, read-only under its editor."""

    def __init__(self, session: DocumentSession, path: str, spec: FieldSpec,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.path, self.spec = session, path, spec
        self.setWordWrap(True)
        self.setStyleSheet("color: #666")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bind()

    def reload(self) -> None:
        value = self.session.value(self.path)
        self.setVisible(value is not None)
        if value is None:
            return
        if isinstance(value, list):
            text = "；".join(value)
        elif isinstance(value, dict):  # a money table: each cell by its printed labels
            table = options_of(self.spec).table
            text = "；".join(
                f"{_label(table.row(r), r)} {_label(table.column(c), c)} {format_box_amount(a)}"
                for r, cells in value.items() for c, a in cells.items()) if table else ""
        elif isinstance(value, Decimal):
            text = format_box_amount(value)
        else:
            text = str(value)
        self.setText(self.tr("上年：") + text)


def _label(part: MoneyRow | MoneyColumn | None, key: str) -> str:
    return part.label.rstrip("：:") if part is not None else key


class MoneyTableModel(QAbstractTableModel):
    """A declared money table: a row per declared row, a column per declared column; computed
    (rate) columns grey and read-only. An edit sets one cell's path through the session."""

    def __init__(self, session: DocumentSession, path: str, table: MoneyTable) -> None:
        super().__init__()
        self.session, self.path, self.table = session, path, table
        session.changed.connect(self._on_changed)

    def _on_changed(self, changed: str) -> None:
        # The table itself, what holds it, or one of its cells (an undo reports the cell).
        if affects(changed, self.path) or changed.startswith(self.path + "."):
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))

    def cell_path(self, row: int, column: int) -> str:
        return f"{self.path}.{self.table.rows[row].key}.{self.table.columns[column].key}"

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.table.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.table.columns[section].label
        return self.table.rows[section].label

    def _value(self) -> Any:
        return self.session.value(self.path)

    def amount(self, row: int, column: int) -> Decimal | None:
        return cell_amount(self._value(), self.table.rows[row].key,
                           self.table.columns[column].key)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.table.rows[index.row()], self.table.columns[index.column()]
        computed = column.rate_of is not None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if computed:
                assert column.rate_of is not None
                top, bottom = column.rate_of
                found = rate(self._value(), (row.key, top), (row.key, bottom))
                return "" if found is None else f"{found}%"
            amount = self.amount(index.row(), index.column())
            if role == Qt.ItemDataRole.EditRole:
                return amount
            return format_box_amount(amount)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if computed and role == Qt.ItemDataRole.ForegroundRole:
            return _GREY
        if computed and role == Qt.ItemDataRole.BackgroundRole:
            return _COMPUTED
        if computed and role == Qt.ItemDataRole.ToolTipRole:
            assert column.rate_of is not None
            names = [c.label if c is not None else "" for c in map(self.table.column,
                                                                      column.rate_of)]
            return self.tr("自动计算：%1 ÷ %2").replace("%1", names[0]).replace("%2", names[1])
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and self.table.columns[index.column()].rate_of is None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        try:
            amount = as_amount(value)
        except InvalidAmount:
            return False
        old = self.amount(index.row(), index.column())
        if amount is not None and old is not None and amount == old.quantize(Decimal("0.01")):
            return False  # the editor shows cents: leaving it unchanged keeps every decimal
        column = self.table.columns[index.column()]
        row = self.table.rows[index.row()]
        self.session.set_value(self.cell_path(index.row(), index.column()),
                               None if amount is None else exact_amount(amount),
                               self.tr("修改%1%2").replace("%1", row.label.rstrip("：:"))
                               .replace("%2", column.label))
        return True


class MoneyTableEditor(QWidget):
    """The money table under its label, with its unit."""

    def __init__(self, session: DocumentSession, path: str, spec: FieldSpec,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = options_of(spec)
        assert box.table is not None
        self.model = MoneyTableModel(session, path, box.table)
        self.model.setParent(self)
        self.view = TableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(MoneyDelegate(self.view))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # As tall as its rows: a money table has a few declared rows, never a scroll bar.
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        height = (self.view.horizontalHeader().sizeHint().height()
                  + self.view.verticalHeader().length() + 2 * self.view.frameWidth() + 2)
        self.view.setFixedHeight(height)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if box.unit:
            layout.addWidget(QLabel(self.tr("单位：%1").replace("%1", box.unit), self))
        layout.addWidget(self.view)


def box_editor(session: DocumentSession, spec: FieldSpec, path: str,
               parent: QWidget | None = None) -> QWidget | None:
    """The editor of a box kind ``ui.fields`` does not know (None: one of its own)."""
    kind = spec.kind
    if kind is FieldKind.CHOICE:
        return ChoiceField(session, path, spec, parent)
    if kind is FieldKind.TICKS:
        return TicksField(session, path, spec, parent)
    if kind is FieldKind.PERCENT:
        return NumberField(session, path, "%", parent)
    if kind is FieldKind.MONEY_TABLE:
        return MoneyTableEditor(session, path, spec, parent)
    return None


def with_prior(session: DocumentSession, spec: FieldSpec, path: str, editor: QWidget,
               parent: QWidget | None = None) -> QWidget:
    """The editor, and under it the box's 上年 value when it was carried so (none: as is)."""
    key = key_of(spec)
    if key is None or carry_of(spec) is not Carry.PRIOR:
        return editor
    prior_path = path[:len(path) - len(key)] + PRIOR + key
    holder = QWidget(parent)
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    editor.setParent(holder)
    layout.addWidget(editor)
    layout.addWidget(PriorNote(session, prior_path, spec, holder))
    return holder
