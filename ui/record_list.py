"""Lists of the document edited as small tables: numbered duties, titled paragraphs, schedules,
a stage's fund lines, the evaluation team.

A cell edit is a SetValueCommand; adding, removing and moving rows are list commands
(ui/list_commands.py); each is one undo step.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

from PySide6.QtCore import (QAbstractTableModel, QCoreApplication, QEvent, QModelIndex, QObject,
                            QPersistentModelIndex, Qt, QTimer)
from PySide6.QtGui import QAction, QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QApplication,
                               QHBoxLayout, QHeaderView, QMenu, QPlainTextEdit, QPushButton,
                               QStyledItemDelegate, QTableView, QVBoxLayout, QWidget)

from pydantic import BaseModel, ValidationError

from app.numbering import numbered
from app.validation_messages import first_problems
from ui.edit_menu import CELL_OPS, ROW_OPS, EditOp, edit_context_menu, edit_op_for_key, show_menu
from ui.list_commands import insert_item, move_item, remove_items
from ui.money import RIGHT, InvalidAmount, MoneyDelegate, as_amount, format_money
from ui.session import DocumentSession, affects
from ui.table_clipboard import chosen, clear_block, copy_block, cut_block, editable, paste_block

Index = QModelIndex | QPersistentModelIndex
# Line breaks as a text box may hold them (a pasted "\r\n", Qt's paragraph separators).
LINE_BREAKS = "\r\n\u2028\u2029"
_TOP_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
# The keys that switch pages (the window's tabs, or the tab widget around a table).
_CTRL, _SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
_PAGE_KEYS = {(Qt.Key.Key_Tab, _CTRL), (Qt.Key.Key_Backtab, _CTRL | _SHIFT),
              (Qt.Key.Key_Tab, _CTRL | _SHIFT), (Qt.Key.Key_PageDown, _CTRL),
              (Qt.Key.Key_PageUp, _CTRL)}


def is_page_key(event: QKeyEvent) -> bool:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return (Qt.Key(event.key()), modifiers) in _PAGE_KEYS


class TableView(QTableView):
    """A table that lets the page keys through (Qt's tables move the cursor on Ctrl+Tab and
    Ctrl+PgDown, so a tab widget around them never switched), with the 编辑 operations
    (ui/edit_menu.py) on its keys and its right-click menu: the cell ones through the model,
    the row ones as the widget around it offers them (a ``RowOwner``: a list editor, 资金),
    which may also take a cell one, as 资金 takes 粘贴. (Asked through the parents, not kept
    as callbacks on the view: closures over widgets kept on a wrapper crashed the collector.)"""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.menu_extras: list[QAction] = []  # shown after 插入行 in the right-click menu

    def _owner(self, op: EditOp) -> Any:
        widget = self.parentWidget()
        while widget is not None:
            handles = getattr(widget, "handles_edit", None)
            if handles is not None:
                return widget if handles(self, op) else None
            widget = widget.parentWidget()
        return None

    def can_edit(self, op: EditOp) -> bool:
        owner = self._owner(op)
        if owner is not None:
            return bool(owner.can_edit_in(self, op))
        cells = chosen(self)
        if op is EditOp.COPY:
            return bool(cells)
        if op is EditOp.PASTE:
            return bool(QApplication.clipboard().text()) and any(editable(i) for i in cells)
        return op in (EditOp.CUT, EditOp.CLEAR) and any(editable(i) for i in cells)

    def do_edit(self, op: EditOp) -> object:
        owner = self._owner(op)
        if owner is not None:
            return owner.do_edit_in(self, op)
        cell_ops = {EditOp.CUT: cut_block, EditOp.COPY: copy_block, EditOp.PASTE: paste_block,
                    EditOp.CLEAR: clear_block}
        return cell_ops[op](self) if op in cell_ops else None

    def offers(self, op: EditOp) -> bool:
        return op in CELL_OPS or self._owner(op) is not None

    def context_menu(self) -> QMenu:
        return edit_context_menu(self, self, self.menu_extras)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        show_menu(self.context_menu(), event.globalPos())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and is_page_key(event):
            event.ignore()  # the window's shortcut, if any, takes it
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        op = edit_op_for_key(event)
        if is_page_key(event):
            event.ignore()  # on to the parents: the tab widget switches
        elif op is not None and self.offers(op) \
                and self.state() != QAbstractItemView.State.EditingState:
            if self.can_edit(op):
                self.do_edit(op)
            event.accept()
        else:
            super().keyPressEvent(event)

    def start_editing(self, index: QModelIndex) -> None:
        """Open the editor of ``index`` with the keyboard in it, after 添加 or 插入行: text
        typed right after the button lands in the new row, not on the button. A cell that
        takes no typing gives way to the row's first one that does."""
        if not index.isValid():
            return
        model = index.model()
        editable = [model.index(index.row(), c) for c in range(index.column(), model.columnCount())
                    if model.flags(model.index(index.row(), c)) & Qt.ItemFlag.ItemIsEditable]
        index = editable[0] if editable else index
        if self.currentIndex() != index:
            self.setCurrentIndex(index)
        self.scrollTo(index)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edit(index)


class ListTableModel(QAbstractTableModel):
    """Rows = the items of the list at ``path``; one column per field (None: the item is the
    text itself); ``money`` fields hold Decimal. ``numbering`` ("（一）", "1. ") labels the rows
    as the printed form numbers them."""

    def __init__(self, session: DocumentSession, path: str, fields: Sequence[str | None],
                 headers: Sequence[str], money: frozenset[str] = frozenset(),
                 numbering: str = "") -> None:
        super().__init__()  # the editor showing it adopts it: it lives as long as its view
        self.session, self.path = session, path
        self.fields, self.headers, self.money = tuple(fields), tuple(headers), money
        self.numbering = numbering
        self.last_error = ""
        session.changed.connect(self._on_changed)

    def items(self) -> list[Any]:
        try:
            return list(self.session.value(self.path) or [])
        except (AttributeError, IndexError, TypeError):
            return []  # the part that holds the list is absent (no self-evaluation, say)

    def cell_path(self, row: int, column: int) -> str:
        field = self.fields[column]
        return f"{self.path}[{row}]" + (f".{field}" if field else "")

    def _on_changed(self, changed: str) -> None:
        if affects(changed, self.path):
            self.beginResetModel()  # the list itself (or what holds it) was replaced
            self.endResetModel()
        elif changed.startswith(self.path + "["):
            row = int(changed[len(self.path) + 1:].split("]", 1)[0])
            if row < self.rowCount():
                self.dataChanged.emit(self.index(row, 0),
                                      self.index(row, self.columnCount() - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items())

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.fields)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return numbered(section + 1, self.numbering).strip() if self.numbering else str(section + 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        field = self.fields[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            # Money right-aligned; long paragraphs make tall rows, whose first lines show on top.
            return RIGHT if field in self.money else _TOP_LEFT
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        value = self.session.value(self.cell_path(index.row(), index.column()))
        if role == Qt.ItemDataRole.DisplayRole and field in self.money:
            return format_money(value)
        return value

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if self.fields[index.column()] in self.money:
            try:
                value = as_amount(value)
            except InvalidAmount as error:
                self.last_error = str(error)
                return False
        else:
            value = "" if value is None else str(value)
        problem = self._refused(index.row(), self.fields[index.column()], value)
        if problem:
            self.last_error = problem
            return False
        self.session.set_value(self.cell_path(index.row(), index.column()), value, self.tr("修改"))
        return True

    def _refused(self, row: int, field: str | None, value: Any) -> str:
        """Why the model would refuse the value (a 权重 over 100, say), before it is pushed."""
        items = self.items()
        item = items[row] if 0 <= row < len(items) else None
        if field is None or not isinstance(item, BaseModel):
            return ""
        try:
            type(item).model_validate({**item.model_dump(), field: value})
        except ValidationError as error:
            return first_problems(error)[0]
        return ""


def without_trailing_breaks(text: str) -> str:
    """The text as typed but for line breaks at its end (an Enter too many is never saved)."""
    return text.rstrip(LINE_BREAKS)


class TextDelegate(QStyledItemDelegate):
    """Multi-line editing for paragraphs: Enter finishes the cell, as in every table;
    Shift+Enter or Alt+Enter (as in Excel) inserts a line break."""

    def createEditor(self, parent, option, index):
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        return editor

    def setEditorData(self, editor, index):
        editor.setPlainText(index.data(Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor, model, index):
        model.setData(index, without_trailing_breaks(editor.toPlainText()),
                      Qt.ItemDataRole.EditRole)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if isinstance(editor, QPlainTextEdit) and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & (Qt.KeyboardModifier.ShiftModifier
                                    | Qt.KeyboardModifier.AltModifier):
                editor.insertPlainText("\n")
            else:
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.SubmitModelCache)
            return True
        return super().eventFilter(editor, event)


class ListEditor(QWidget):
    """A table over a ListTableModel with 添加 / 删除 (and 上移 / 下移 when ``movable``).

    ``available`` says whether the list can take rows now (a self-evaluation table has nowhere
    to put them in a document without one)."""

    def __init__(self, model: ListTableModel, factory: Callable[[], Any], movable: bool,
                 add_label: str, parent: QWidget | None = None,
                 available: Callable[[], bool] = lambda: True) -> None:
        super().__init__(parent)
        self.model, self.factory, self._available = model, factory, available
        if model.parent() is None:
            model.setParent(self)
        self.view = TableView(self)
        self.view.setModel(model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton(add_label, self)
        self.remove_button = QPushButton(self.tr("删除"), self)
        self.up_button = QPushButton(self.tr("上移"), self)
        self.down_button = QPushButton(self.tr("下移"), self)
        self.up_button.setVisible(movable)
        self.down_button.setVisible(movable)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_rows)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(1))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        self.view.selectionModel().currentChanged.connect(self._update_buttons)
        model.modelReset.connect(self._update_buttons)
        self._update_buttons()
        self.movable = movable

    # -- the row operations of the 编辑 menus (ui/edit_menu.py) ---------------------------

    def handles_edit(self, view: QTableView, op: EditOp) -> bool:
        return op in (EditOp.INSERT, EditOp.REMOVE) or (self.movable and op in ROW_OPS)

    def can_edit_in(self, view: QTableView, op: EditOp) -> bool:
        row, count = self.view.currentIndex().row(), self.model.rowCount()
        return {EditOp.INSERT: self._available(), EditOp.REMOVE: 0 <= row < count,
                EditOp.UP: 0 < row < count, EditOp.DOWN: 0 <= row < count - 1}.get(op, False)

    def do_edit_in(self, view: QTableView, op: EditOp) -> object:
        if op is EditOp.INSERT:
            self.add_row()
        elif op is EditOp.REMOVE:
            self.remove_rows()
        elif op in (EditOp.UP, EditOp.DOWN):
            self.move_row(-1 if op is EditOp.UP else 1)
        return None

    @property
    def session(self) -> DocumentSession:
        return self.model.session

    def _update_buttons(self) -> None:
        row, count = self.view.currentIndex().row(), self.model.rowCount()
        self.add_button.setEnabled(self._available())
        self.remove_button.setEnabled(0 <= row < count)
        self.up_button.setEnabled(0 < row < count)
        self.down_button.setEnabled(0 <= row < count - 1)

    def select_row(self, row: int, column: int = 0) -> None:
        self.view.setCurrentIndex(self.model.index(row, max(column, 0)))

    def add_row(self) -> None:
        if not self._available():
            return
        current = self.view.currentIndex()
        row = current.row() + 1 if current.isValid() else self.model.rowCount()
        insert_item(self.session, self.model.path, row, self.factory)
        self.view.start_editing(self.model.index(row, 0))

    def remove_rows(self) -> None:
        rows = {index.row() for index in self.view.selectionModel().selectedIndexes()}
        if not rows and self.view.currentIndex().isValid():
            rows = {self.view.currentIndex().row()}
        if rows:
            remove_items(self.session, self.model.path, sorted(rows))

    def move_row(self, offset: int) -> None:
        current = self.view.currentIndex()
        if current.isValid():
            self.select_row(move_item(self.session, self.model.path, current.row(), offset),
                            current.column())


def paragraph_list_editor(session: DocumentSession, path: str,
                          columns: Sequence[tuple[str | None, str]], factory: Callable[[], Any],
                          numbering: str = "", parent: QWidget | None = None) -> ListEditor:
    """A list of paragraphs (duties, titled items, goals): wrapped text, rows fit their text,
    multi-line editing."""
    model = ListTableModel(session, path, [f for f, _ in columns], [h for _, h in columns],
                           numbering=numbering)
    editor = ListEditor(model, factory, True, QCoreApplication.translate("ListEditor", "添加"),
                        parent)
    view = editor.view
    view.setItemDelegate(TextDelegate(view))
    view.setWordWrap(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Qt fits a row to the column widths of the moment it arrives (a default width, for rows
    # loaded before the table is shown) and never again: refit whenever a column's width
    # changes, so a row's height depends on its text and the width alone. Once the resize is
    # done: during it, the rows would still be measured against the old widths.
    refit = QTimer(view)
    refit.setSingleShot(True)
    refit.timeout.connect(view.resizeRowsToContents)
    view.horizontalHeader().sectionResized.connect(lambda *_: refit.start(0))
    view.setMinimumHeight(160)
    return editor
