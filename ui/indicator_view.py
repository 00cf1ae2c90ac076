"""The indicator table (绩效指标) as an editable grid: merged 一级/二级 groups, Excel-style keys
(Tab/Enter move, Ctrl+C/Ctrl+V as tab-separated text, Delete), and row actions.

Merged group cells are chosen row by row (ui/grouped_table.py), rows fit their text
(ui/row_fitting.py), cells are edited by ui/cell_delegates.py and the clipboard is
ui/indicator_clipboard.py. Every edit is a command on the session's undo stack; the view only
turns keys into commands.
"""
from __future__ import annotations


from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QApplication,
                               QMessageBox, QWidget)

from app.templates import ColumnKind
from ui import dialogs
from ui.cell_delegates import TARGET_PREFIXES, CellDelegate, ChoiceDelegate
from ui.grouped_table import GroupedTableView
from ui.edit_menu import ROW_OPS, EditOp
from ui.indicator_clipboard import clear_cells, copy_cells, cut_cells, paste_cells
from ui.indicator_model import IndicatorTableModel
from ui.record_list import is_page_key
from ui.row_commands import InsertRowsCommand, MoveRowsCommand, RemoveRowsCommand
from ui.row_fitting import ROW_PADDING, RowFitter


class IndicatorTableView(GroupedTableView):
    """A ``QTableView`` for an ``IndicatorTableModel``; actions for the tab's buttons are
    ``insert_action``, ``remove_action``, ``move_up_action`` and ``move_down_action``."""

    def __init__(self, model: IndicatorTableModel | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spans: list[tuple[int, int, int]] = []
        self._restore: tuple[int, int] | None = None
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setItemDelegate(CellDelegate(self))
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fitter = RowFitter(self)
        self.insert_action = self._action(self.tr("插入行"), self.insert_rows)
        self.remove_action = self._action(self.tr("删除行"), self.remove_selected_rows)
        self.move_up_action = self._action(self.tr("上移"), lambda: self.move_selected_rows(-1))
        self.move_down_action = self._action(self.tr("下移"), lambda: self.move_selected_rows(1))
        self.library_action = self._action(self.tr("从指标库插入…"), self.insert_from_library)
        self.library_action.setToolTip(self.tr(
            "从指标框架和以前的文档中搜索指标，插入到当前行之下"))
        self.menu_extras = [self.library_action]
        if model is not None:
            self.setModel(model)

    def _action(self, text: str, slot) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        return action

    def indicator_model(self) -> IndicatorTableModel:
        model = self.model()
        assert isinstance(model, IndicatorTableModel)
        return model

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if not isinstance(model, IndicatorTableModel):
            return
        model.modelAboutToBeReset.connect(self._remember_current)
        model.modelReset.connect(self._after_reset)
        model.groups_changed.connect(self.apply_spans)
        model.dataChanged.connect(self.fitter.data_changed)
        words = tuple(model.session.template.qualitative_words)
        # The editor of a cell follows its column's declared kind, never the template.
        for k, column in enumerate(model.columns):
            if column.kind is ColumnKind.TARGET:
                self.setItemDelegateForColumn(
                    k, ChoiceDelegate(TARGET_PREFIXES + words, TARGET_PREFIXES, self))
            elif column.choices:
                self.setItemDelegateForColumn(k, ChoiceDelegate(column.choices, (), self))
            elif column.id == "level1" and model.spec.level1_choices:
                self.setItemDelegateForColumn(k, ChoiceDelegate(model.spec.level1_choices, (),
                                                                self))
        # Rows not yet fitted get the height of one line, the usual fitted height.
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 4 + ROW_PADDING)
        self.fitter.set_column_widths([c.chars for c in model.columns])
        self._after_reset()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fitter.share_spare_width()
        self.fitter.fit_visible_rows()

    # -- merged groups ---------------------------------------------------------------------

    def set_merged(self, merged: bool) -> None:
        """Show equal 一级/二级 neighbours merged (editing renames the group), or every cell
        on its own (to change one row's group)."""
        self.indicator_model().merge_groups = merged
        self.apply_spans()

    def apply_spans(self, force: bool = False) -> None:
        model = self.indicator_model()
        spans = model.spans() if model.merge_groups else []
        if spans == self._spans and not force:
            return
        self.set_group_spans(spans)
        self._spans = spans
        self.fitter.refit_rows()

    def _remember_current(self) -> None:
        current = self.currentIndex()
        self._restore = (current.row(), current.column()) if current.isValid() else None

    def _after_reset(self) -> None:
        self.apply_spans(force=True)
        model = self.indicator_model()
        if self._restore is not None and model.rowCount():
            row = min(self._restore[0], model.rowCount() - 1)
            self.setCurrentIndex(model.index(row, self._restore[1]))
        self._restore = None

    # -- row actions -----------------------------------------------------------------------

    def insert_rows(self) -> None:
        """Insert as many rows as are selected, below them, in the group of the row above."""
        model = self.indicator_model()
        rows = self.selected_rows()
        position = rows[-1] + 1 if rows else model.rowCount()
        count = len(rows) or 1
        model.session.undo_stack.push(InsertRowsCommand(
            model.session, model.rows_path, position, count, model.merge_fields()))
        self.select_rows(list(range(position, position + count)), self._first_value_column())
        self.start_editing(self.currentIndex())

    def remove_selected_rows(self) -> bool:
        rows = self.selected_rows()
        if not rows:
            return False
        answer = dialogs.question(
            self, self.tr("删除行"),
            self.tr("确定删除选中的 %1 行指标吗？可以用“撤销”恢复。").replace("%1", str(len(rows))))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        model = self.indicator_model()
        column = max(self.currentIndex().column(), 0)
        model.session.undo_stack.push(RemoveRowsCommand(model.session, model.rows_path, rows))
        self.select_cell(min(rows[0], model.rowCount() - 1), column)
        return True

    def move_selected_rows(self, delta: int) -> None:
        model = self.indicator_model()
        rows = self.selected_rows()
        column = self.currentIndex().column()
        command = MoveRowsCommand(model.session, model.rows_path, rows, delta)
        if not command.moved:
            return
        model.session.undo_stack.push(command)
        self.select_rows(command.new_positions(), column)

    def insert_from_library(self) -> bool:
        """从指标库插入: choose entries in the picker; each goes into its own group, one
        undo step. True when rows were inserted."""
        from ui.library_access import picker_library, rebuild_picker_library
        from ui.library_dialog import LibraryDialog
        from ui.library_insert import insert_into_groups

        model = self.indicator_model()
        rows = self.selected_rows()
        group = ({f: model.rows()[rows[-1]].get(f) for f in model.merge_fields()}
                 if rows else None)
        dialog = LibraryDialog(picker_library(), model.spec, group, self,
                               reopen=rebuild_picker_library)
        try:
            if dialog.exec() != LibraryDialog.DialogCode.Accepted:
                return False
            chosen = dialog.rows()
        finally:
            dialog.deleteLater()
        return insert_into_groups(self, chosen)

    def _first_value_column(self) -> int:
        model = self.indicator_model()
        return next((k for k, c in enumerate(model.columns) if not c.merge), 0)

    # -- clipboard (ui/indicator_clipboard.py) ---------------------------------------------

    def copy_selection(self) -> str:
        return copy_cells(self)

    def paste(self) -> bool:
        return paste_cells(self)

    def clear_selected_cells(self) -> None:
        clear_cells(self)

    def offers(self, op: EditOp) -> bool:
        return True

    def can_edit(self, op: EditOp) -> bool:
        rows = self.selected_rows()
        if op in ROW_OPS:
            return {EditOp.INSERT: True, EditOp.REMOVE: bool(rows),
                    EditOp.UP: bool(rows) and rows[0] > 0,
                    EditOp.DOWN: bool(rows) and rows[-1] < self.model().rowCount() - 1}[op]
        cells = self.chosen_cells()
        editable = self.indicator_model().editable_fields()
        if op is EditOp.COPY:
            return bool(cells)
        if op is EditOp.PASTE:
            return bool(QApplication.clipboard().text())
        # 上年 columns are read-only: nothing there to cut or clear.
        return any(editable[c] for _, c in cells)

    def do_edit(self, op: EditOp) -> object:
        if op is EditOp.INSERT:
            self.insert_rows()
        elif op is EditOp.REMOVE:
            self.remove_selected_rows()
        elif op in (EditOp.UP, EditOp.DOWN):
            self.move_selected_rows(-1 if op is EditOp.UP else 1)
        if op in ROW_OPS:
            return None
        cell_ops = {EditOp.CUT: cut_cells, EditOp.COPY: copy_cells, EditOp.PASTE: paste_cells,
                    EditOp.CLEAR: clear_cells}
        return cell_ops[op](self)

    # -- keys ------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if is_page_key(event):
            event.ignore()  # the window switches tabs; moving the cursor would eat the key
        elif event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and \
                self.state() != QAbstractItemView.State.EditingState:
            if self.selectionModel().selectedRows():
                self.remove_selected_rows()
            else:
                self.clear_selected_cells()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                self.state() != QAbstractItemView.State.EditingState:
            self.move_down()
        else:
            super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        # Enter commits (SubmitModelCache) and, as in Excel, goes on to the cell below.
        enter = hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint if enter else hint)
        if enter:
            self.move_down()

    def moveCursor(self, action: QAbstractItemView.CursorAction,
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        model = self.model()
        current = self.currentIndex()
        # Tab in the last cell adds a row, as in a Word table.
        if (action == QAbstractItemView.CursorAction.MoveNext and isinstance(
                model, IndicatorTableModel) and current.isValid()
                and current.row() == model.rowCount() - 1
                and current.column() == model.columnCount() - 1):
            model.session.undo_stack.push(InsertRowsCommand(
                model.session, model.rows_path, model.rowCount(), 1, model.merge_fields()))
            return model.index(model.rowCount() - 1, self._first_value_column())
        return super().moveCursor(action, modifiers)
