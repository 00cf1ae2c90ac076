"""Copy, paste, cut and clear on a plain table (the lists, 资金, the money boxes) through its
model's ``setData``, as tab-separated text (app/tsv.py). A paste or a clear of several cells is
one undo step; a block that does not fit from the chosen cell is refused, nothing changed."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from app import tsv
from ui import dialogs


def _tr(text: str) -> str:
    return QCoreApplication.translate("TableClipboard", text)


def chosen(view: QAbstractItemView) -> list[QModelIndex]:
    """The selected cells, or the current one when none is selected, top to bottom."""
    indexes = list(view.selectionModel().selectedIndexes()) if view.selectionModel() else []
    current = view.currentIndex()
    if not indexes and current.isValid():
        indexes = [current]
    return sorted(indexes, key=lambda i: (i.row(), i.column()))


def editable(index: QModelIndex) -> bool:
    return bool(index.flags() & Qt.ItemFlag.ItemIsEditable)


def _text(index: QModelIndex) -> str:
    value = index.data(Qt.ItemDataRole.DisplayRole)
    return "" if value is None else str(value)


@contextmanager
def _one_step(view: QAbstractItemView, text: str) -> Iterator[None]:
    session = getattr(view.model(), "session", None)
    stack = session.undo_stack if session is not None else None
    if stack is not None:
        stack.beginMacro(text)
    try:
        yield
    finally:
        if stack is not None:
            stack.endMacro()


def copy_block(view: QAbstractItemView) -> str:
    """The chosen cells as tab-separated text (their bounding block) on the clipboard."""
    cells = chosen(view)
    if not cells:
        return ""
    rows = range(min(i.row() for i in cells), max(i.row() for i in cells) + 1)
    columns = range(min(i.column() for i in cells), max(i.column() for i in cells) + 1)
    picked = {(i.row(), i.column()) for i in cells}
    model = view.model()
    text = tsv.format([[_text(model.index(r, c)) if (r, c) in picked else "" for c in columns]
                       for r in rows])
    QApplication.clipboard().setText(text)
    return text


def _set(view: QAbstractItemView, changes: list[tuple[QModelIndex, str]], what: str) -> bool:
    """Set the cells as one undo step; say what the model refused (a bad amount, say)."""
    model = view.model()
    refused = 0
    with _one_step(view, what):
        for index, text in changes:
            if _text(index) != text and not model.setData(index, text, Qt.ItemDataRole.EditRole):
                refused += 1
    if refused:
        reason = str(getattr(model, "last_error", "") or "")
        dialogs.warning(view, _tr("部分内容未能填入"), _tr(
            "有 {0} 个单元格的内容不符合要求，未能填入。{1}").format(refused, reason))
    return len(changes) > refused


def paste_block(view: QAbstractItemView) -> bool:
    """The clipboard from the top-left chosen cell on; one copied value fills every chosen
    cell. True when something was pasted."""
    grid = tsv.parse(QApplication.clipboard().text())
    cells = chosen(view)
    if not grid or not cells:
        return False
    model = view.model()
    if len(grid) == 1 and len(grid[0]) == 1 and len(cells) > 1:
        return _set(view, [(i, grid[0][0]) for i in cells if editable(i)], _tr("粘贴"))
    top, left = cells[0].row(), min(i.column() for i in cells)
    width = tsv.width(grid)
    if top + len(grid) > model.rowCount() or left + width > model.columnCount():
        dialogs.warning(view, _tr("无法粘贴"), _tr(
            "复制的内容有 {0} 行 {1} 列，从所选单元格起放不下（这里还有 {2} 行 {3} 列）。"
            "请先添加行，或从更靠上、靠左的单元格开始粘贴。未做任何修改。").format(
                len(grid), width, model.rowCount() - top, model.columnCount() - left))
        return False
    changes = [(model.index(top + r, left + c), text) for r, line in enumerate(grid)
               for c, text in enumerate(line)]
    return _set(view, [(i, text) for i, text in changes if editable(i)], _tr("粘贴"))


def clear_block(view: QAbstractItemView, what: str = "") -> bool:
    """Empty the chosen cells that can be edited, as one undo step."""
    changes = [(i, "") for i in chosen(view) if editable(i) and _text(i)]
    return bool(changes) and _set(view, changes, what or _tr("清除内容"))


def cut_block(view: QAbstractItemView) -> bool:
    return bool(copy_block(view)) and clear_block(view, _tr("剪切"))
