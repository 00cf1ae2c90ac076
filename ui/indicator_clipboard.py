"""Copy, paste, cut and clear on the indicator table, as tab-separated text (app/tsv.py, as
Excel and WPS put it on the clipboard). Every change is one command on the undo stack."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from app import tsv
from ui import dialogs
from ui.row_commands import PasteCommand, PasteTooWide, SetCellsCommand

if TYPE_CHECKING:
    from ui.indicator_view import IndicatorTableView


def _tr(text: str) -> str:
    return QCoreApplication.translate("IndicatorTableView", text)


def copy_cells(view: IndicatorTableView) -> str:
    """The selected cells as tab-separated text (their bounding block) on the clipboard."""
    chosen = view.chosen_cells()
    if not chosen:
        return ""
    model = view.indicator_model()
    top, bottom = min(r for r, _ in chosen), max(r for r, _ in chosen)
    left, right = min(c for _, c in chosen), max(c for _, c in chosen)
    cells = set(chosen)
    grid = [[model.text(r, c) if (r, c) in cells else "" for c in range(left, right + 1)]
            for r in range(top, bottom + 1)]
    text = tsv.format(grid)
    QApplication.clipboard().setText(text)
    return text


def paste_cells(view: IndicatorTableView) -> bool:
    """Paste the clipboard from the top-left cell of the selection (a whole row: its first
    column), adding rows as needed, as one undo step; a single copied value fills every
    selected cell. A block wider than the columns from there on is refused with a message,
    the document unchanged. True when something was pasted."""
    grid = tsv.parse(QApplication.clipboard().text())
    model = view.indicator_model()
    chosen = view.chosen_cells()
    if not grid:
        return False
    editable = model.editable_fields()
    if len(grid) == 1 and len(grid[0]) == 1 and len(chosen) > 1:
        cells = [(r, model.field(c), model.spec.entered(model.field(c), grid[0][0]))
                 for r, c in chosen if editable[c]]
        model.session.undo_stack.push(SetCellsCommand(
            model.session, model.rows_path, cells, _tr("粘贴"), model.merge_fields()))
        return True
    top, left = (min(r for r, _ in chosen), min(c for _, c in chosen)) if chosen else (
        model.rowCount(), 0)
    # Read-only columns (上年) take no pasted values: the block goes to the editable ones.
    columns = [k for k, f in enumerate(editable) if f]
    start = next((n for n, k in enumerate(columns) if k >= left), len(columns))
    # Pasted targets take the form's operators as typed ones do (a block too wide is
    # refused below, whatever its cells).
    fields = [editable[k] or "" for k in columns][start:]
    grid = [[model.spec.entered(fields[j], text) if j < len(fields) else text
             for j, text in enumerate(line)] for line in grid]
    try:
        command = PasteCommand(model.session, model.rows_path,
                               [editable[k] or "" for k in columns], top, start, grid,
                               model.merge_fields())
    except PasteTooWide as refused:
        dialogs.warning(view, _tr("无法粘贴"), _tr(
            "复制的内容有 {0} 列，从“{1}”列起只能放下 {2} 列。请从更靠左的列开始粘贴，"
            "或少复制几列。未做任何修改。").format(
                refused.copied, model.columns[left].label, refused.fitting))
        return False
    model.session.undo_stack.push(command)
    pasted = columns[start:start + tsv.width(grid)]
    view.select_block(top, pasted[0], top + len(grid) - 1, pasted[-1])
    return True


def clear_cells(view: IndicatorTableView, cells: list[tuple[int, int]] | None = None,
                text: str = "") -> bool:
    """Empty the editable ``cells`` (the selected ones by default) as one undo step; True when
    one held text."""
    model = view.indicator_model()
    editable = model.editable_fields()
    chosen = view.selected_cells() if cells is None else cells
    changes = [(r, model.field(c), "") for r, c in chosen if editable[c] and model.text(r, c)]
    if changes:
        model.session.undo_stack.push(SetCellsCommand(
            model.session, model.rows_path, changes, text or _tr("清除内容"),
            model.merge_fields()))
    return bool(changes)


def cut_cells(view: IndicatorTableView) -> bool:
    """Copy the chosen cells, then empty the editable ones as one undo step (剪切)."""
    if not copy_cells(view):
        return False
    return clear_cells(view, view.chosen_cells(), _tr("剪切"))
