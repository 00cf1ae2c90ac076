"""编辑 operations shared by every table and list: 剪切/复制/粘贴/清除内容/插入行/删除行/上移/下移.

A table (or the widget that owns a list) says which operations apply now (``can_edit``) and
does them (``do_edit``), each through the undo stack; the same answers grey the 编辑 menu and
the right-click menu, and the keys shown beside them are handled by the table itself
(``edit_op_for_key``), so a text box keeps its own Ctrl+C and Delete.
"""
from __future__ import annotations

import weakref
from enum import Enum
from typing import Iterable, Protocol, runtime_checkable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (QApplication, QLineEdit, QMenu, QMenuBar, QPlainTextEdit,
                               QWidget)


class EditOp(Enum):
    CUT = "剪切"
    COPY = "复制"
    PASTE = "粘贴"
    CLEAR = "清除内容"
    INSERT = "插入行"
    REMOVE = "删除行"
    UP = "上移"
    DOWN = "下移"


CELL_OPS = (EditOp.CUT, EditOp.COPY, EditOp.PASTE, EditOp.CLEAR)
ROW_OPS = (EditOp.INSERT, EditOp.REMOVE, EditOp.UP, EditOp.DOWN)
_CTRL, _ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
_STANDARD = {EditOp.CUT: QKeySequence.StandardKey.Cut, EditOp.COPY: QKeySequence.StandardKey.Copy,
             EditOp.PASTE: QKeySequence.StandardKey.Paste}
# As in Excel and WPS: Ctrl++ inserts, Ctrl+- deletes; Alt+↑/↓ move the row.
_KEYS = {EditOp.CLEAR: "Del", EditOp.INSERT: "Ctrl++", EditOp.REMOVE: "Ctrl+-",
         EditOp.UP: "Alt+Up", EditOp.DOWN: "Alt+Down"}


@runtime_checkable
class Editable(Protocol):
    def can_edit(self, op: EditOp) -> bool: ...

    def do_edit(self, op: EditOp) -> object: ...


def key_text(op: EditOp) -> str:
    if op in (EditOp.UP, EditOp.DOWN):  # Qt's Chinese names the arrows "上方向"
        return "Alt+↑" if op is EditOp.UP else "Alt+↓"
    standard = _STANDARD.get(op)
    sequence = QKeySequence(standard) if standard is not None else QKeySequence(_KEYS[op])
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


def label(op: EditOp) -> str:
    """The menu text with its key after a tab, where menus show keys: "复制\tCtrl+C". The key is
    shown, not bound, so it stays with the widget that has the keyboard."""
    return f"{QCoreApplication.translate('EditMenu', op.value)}\t{key_text(op)}"


def edit_op_for_key(event: QKeyEvent) -> EditOp | None:
    """The operation a key press asks a table for, if any."""
    for op, standard in _STANDARD.items():
        if event.matches(standard):
            return op
    key, modifiers = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if key == Qt.Key.Key_Delete and not modifiers:
        return EditOp.CLEAR
    if modifiers & _CTRL and not modifiers & _ALT:
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            return EditOp.INSERT
        if key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            return EditOp.REMOVE
    if modifiers == _ALT and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
        return EditOp.UP if key == Qt.Key.Key_Up else EditOp.DOWN
    return None


def edit_target(widget: QObject | None) -> Editable | None:
    """The table or list that ``widget`` (the keyboard's widget, say) belongs to."""
    while widget is not None:
        if isinstance(widget, Editable):
            return widget
        widget = widget.parent()
    return None


class TextBoxEditing:
    """The cell operations of a text box with the keyboard (a field, or a cell's editor)."""

    def __init__(self, box: QLineEdit | QPlainTextEdit) -> None:
        self.box = box

    def _selected(self) -> bool:
        box = self.box
        return box.hasSelectedText() if isinstance(box, QLineEdit) \
            else box.textCursor().hasSelection()

    def can_edit(self, op: EditOp) -> bool:
        if op is EditOp.COPY:
            return self._selected()
        if op in (EditOp.CUT, EditOp.CLEAR):
            return self._selected() and not self.box.isReadOnly()
        return op is EditOp.PASTE and not self.box.isReadOnly() \
            and bool(QApplication.clipboard().text())

    def do_edit(self, op: EditOp) -> object:
        box = self.box
        if op is EditOp.CUT:
            box.cut()
        elif op is EditOp.COPY:
            box.copy()
        elif op is EditOp.PASTE:
            box.paste()
        elif op is EditOp.CLEAR:
            if isinstance(box, QLineEdit):
                box.del_()
            else:
                box.textCursor().removeSelectedText()
        return None


class FocusEditing:
    """What the window's 编辑 menu acts on: the text box with the keyboard for the cell
    operations (as its own keys would), else the table or list it belongs to."""

    def __init__(self, focus: QWidget | None) -> None:
        self.box = TextBoxEditing(focus) if isinstance(focus, (QLineEdit, QPlainTextEdit)) \
            else None
        self.table = edit_target(focus)

    def _for(self, op: EditOp) -> Editable | TextBoxEditing | None:
        return self.box if self.box is not None and op in CELL_OPS else self.table

    def can_edit(self, op: EditOp) -> bool:
        target = self._for(op)
        return target is not None and target.can_edit(op)

    def do_edit(self, op: EditOp) -> object:
        target = self._for(op)
        return target.do_edit(op) if target is not None and target.can_edit(op) else None


def add_edit_actions(menu: QMenu, target: Editable | FocusEditing,
                     after_insert: Iterable[QAction] = ()) -> dict[EditOp, QAction]:
    """The eight operations in ``menu``, greyed where ``target`` says they do not apply."""
    actions: dict[EditOp, QAction] = {}
    if menu.actions():
        menu.addSeparator()
    for op in EditOp:
        if op is EditOp.INSERT:
            menu.addSeparator()
        action = menu.addAction(label(op))
        action.setEnabled(target.can_edit(op))
        action.triggered.connect(lambda _=False, op=op: target.do_edit(op))
        actions[op] = action
        if op is EditOp.INSERT:
            menu.addActions(list(after_insert))
        if op is EditOp.REMOVE:
            menu.addSeparator()
    return actions


def edit_context_menu(widget: QWidget, target: Editable,
                      after_insert: Iterable[QAction] = ()) -> QMenu:
    """The right-click menu of a table or list, as it applies now."""
    menu = QMenu(widget)
    menu.setObjectName("edit_context_menu")
    add_edit_actions(menu, target, after_insert)
    return menu


def show_menu(menu: QMenu, position: QPoint) -> None:
    menu.exec(position)
    menu.deleteLater()


class _FocusMemory(QObject):
    """The last widget with the keyboard that was not a menu (held weakly: it may close)."""

    def __init__(self, menu: QMenu) -> None:
        super().__init__(menu)
        self.widget: weakref.ref[QWidget] | None = None
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self.remember)  # a bound slot: dropped with the menu

    def remember(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and not isinstance(new, (QMenuBar, QMenu)):
            self.widget = weakref.ref(new)

    def last(self) -> QWidget | None:
        widget = self.widget() if self.widget is not None else None
        return widget if widget is not None and shiboken6.isValid(widget) else None


def follow_focus(menu: QMenu) -> None:
    """Each time ``menu`` (the window's 编辑) opens, end it with the eight operations for the
    widget that had the keyboard before the menu took it (Alt+E gives it to the menu bar)."""
    keep = len(menu.actions())  # 撤销, 重做
    memory = _FocusMemory(menu)

    def refill() -> None:
        for action in menu.actions()[keep:]:
            menu.removeAction(action)
            action.deleteLater()
        focus = QApplication.focusWidget()
        if focus is None or isinstance(focus, (QMenuBar, QMenu)):
            focus = memory.last()
        add_edit_actions(menu, FocusEditing(focus))

    menu.aboutToShow.connect(refill)
