"""The indicator table (绩效指标) as an editable grid: merged 一级/二级 groups, Excel-style keys
(Tab/Enter move, Ctrl+C/Ctrl+V as tab-separated text, Delete), and row actions.

A merged group cell is chosen row by row: a click on it picks the row under the pointer, the
selected rows' strips of it are marked, and a paste goes to that row. Its label is drawn in the
part of it on screen, so a group taller than the view stays named while scrolling.
Every edit is a command on the session's undo stack; the view only turns keys into commands.
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from PySide6.QtCore import (QAbstractItemModel, QEvent, QItemSelection, QItemSelectionModel,
                            QModelIndex, QPersistentModelIndex, QPoint, QRect, Qt, QTimer)
from PySide6.QtGui import (QAction, QColor, QContextMenuEvent, QKeyEvent, QKeySequence,
                           QPainter, QPaintEvent, QPalette, QResizeEvent)
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QApplication, QComboBox,
                               QMenu, QMessageBox, QStyle, QStyledItemDelegate,
                               QStyleOptionViewItem, QTableView, QWidget)

from app import tsv
from app.model import IndicatorRow
from app.templates import ColumnKind
from ui import dialogs
from ui.indicator_model import IndicatorTableModel
from ui.row_commands import (InsertRowsCommand, MoveRowsCommand, PasteCommand, PasteTooWide,
                             RemoveRowsCommand, SetCellsCommand)

TARGET_PREFIXES = ("＝", "≥", "≤")
# Up to this many rows every row is fitted to its text at once; beyond, only visible rows
# are, as they scroll into view (fitting 5,000 wrapped rows takes seconds).
FIT_ALL_ROWS = 300
ROW_PADDING = 6  # pixels: air between wrapped lines of neighbouring rows
# An operator already typed at the start of a value, replaced when another one is picked.
_LEADING_OPERATOR = re.compile(r"^(＞＝|＜＝|>=|<=|==|[＝=≥≤≧≦＞＜><])")
# The window's tab-switching keys: the table lets them through to the window's shortcuts.
_CTRL, _SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
_WINDOW_KEYS = {(Qt.Key.Key_Tab, _CTRL), (Qt.Key.Key_Backtab, _CTRL | _SHIFT),
                (Qt.Key.Key_Tab, _CTRL | _SHIFT), (Qt.Key.Key_PageDown, _CTRL),
                (Qt.Key.Key_PageUp, _CTRL)}
_ARROWS = {QAbstractItemView.CursorAction.MoveUp: (-1, 0),
           QAbstractItemView.CursorAction.MoveDown: (1, 0),
           QAbstractItemView.CursorAction.MoveLeft: (0, -1),
           QAbstractItemView.CursorAction.MoveRight: (0, 1)}
_NOT_SELECTED = ~(QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_HasFocus)


def is_window_key(event: QKeyEvent) -> bool:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return (Qt.Key(event.key()), modifiers) in _WINDOW_KEYS


class CellDelegate(QStyledItemDelegate):
    """Draws a merged group cell in the part of it that is on screen, so its label shows while
    its top is scrolled off; without the selection colours, as the view marks the selected
    rows' strips of it (Qt would colour the whole group for its first row)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        view = option.widget
        if isinstance(view, IndicatorTableView) and view.is_group_cell(index.row(),
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


class IndicatorTableView(QTableView):
    """A ``QTableView`` for an ``IndicatorTableModel``; actions for the tab's buttons are
    ``insert_action``, ``remove_action``, ``move_up_action`` and ``move_down_action``."""

    def __init__(self, model: IndicatorTableModel | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spans: list[tuple[int, int, int]] = []
        self._sized_rows: set[int] = set()
        self._covers: dict[tuple[int, int], tuple[int, int]] = {}  # (row, col) → (top, rows)
        self._group_columns: list[int] = []  # columns with merged group cells
        # (row, column) → the height its text needed when last fitted (a group cell: at its
        # top row), so an edit measures only the cells it changed.
        self._needs: dict[tuple[int, int], int] = {}
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
        # Refit once widths have settled: during sectionResized a stretched column still
        # reports its old width, and dragging a column edge resizes many times.
        self._refit_timer = QTimer(self)
        self._refit_timer.setSingleShot(True)
        self._refit_timer.timeout.connect(self._refit_rows)
        self.horizontalHeader().sectionResized.connect(lambda *_: self._refit_timer.start(0))
        self.verticalScrollBar().valueChanged.connect(self._fit_visible_rows)
        self.insert_action = self._action(self.tr("插入行"), self.insert_rows)
        self.remove_action = self._action(self.tr("删除行"), self.remove_selected_rows)
        self.move_up_action = self._action(self.tr("上移"), lambda: self.move_selected_rows(-1))
        self.move_down_action = self._action(self.tr("下移"), lambda: self.move_selected_rows(1))
        self.library_action = self._action(self.tr("从指标库插入…"), self.insert_from_library)
        self.library_action.setToolTip(self.tr(
            "从指标框架和以前的文档中搜索指标，插入到当前行之下"))
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
        model.dataChanged.connect(self._on_data_changed)
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
        self._set_column_widths()
        self._after_reset()

    def _set_column_widths(self) -> None:
        """Widths in Chinese characters per column; the wordiest column takes the rest."""
        em = self.fontMetrics().horizontalAdvance("国")
        header = self.horizontalHeader()
        chars = [c.chars for c in self.indicator_model().columns]
        self._natural = [max(int(n * em) + 16, header.sectionSizeFromContents(k).width())
                         for k, n in enumerate(chars)]
        self._widest = chars.index(max(chars)) if chars else -1
        self._share_spare_width()

    def _share_spare_width(self) -> None:
        """Every column at its natural width; the wordiest takes what the view has to spare.
        (Qt's Stretch mode would instead squeeze it to a sliver when the columns are wider
        than the view, one character per line; here the table scrolls sideways.)"""
        natural = getattr(self, "_natural", [])
        if not natural or len(natural) != self.model().columnCount():
            return
        spare = max(0, self.viewport().width() - sum(natural))
        for k, width in enumerate(natural):
            self.setColumnWidth(k, width + (spare if k == self._widest else 0))

    # -- merged groups and row heights -----------------------------------------------------

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
        self.clearSpans()
        self._covers.clear()
        for row, column, rowspan in spans:
            self.setSpan(row, column, rowspan, 1)
            for r in range(row, row + rowspan):
                self._covers[r, column] = (row, rowspan)
        self._spans = spans
        self._group_columns = sorted({column for _, column, _ in spans})
        self._refit_rows()

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

    def _refit_rows(self) -> None:
        """Forget fitted heights: a small table refits all rows, a big one the visible ones."""
        self._sized_rows.clear()
        self._needs.clear()
        count = self.model().rowCount() if self.model() is not None else 0
        self._fit_rows(range(count) if count <= FIT_ALL_ROWS else self._visible_rows())

    def _visible_rows(self) -> range:
        first = max(self.rowAt(0), 0)
        last = self.rowAt(self.viewport().height())
        return range(first, (self.model().rowCount() - 1 if last < 0 else last) + 1)

    def _fit_rows(self, rows: Iterable[int], changed: Iterable[int] | None = None) -> None:
        """Fit ``rows`` to their text; with ``changed``, only those columns' texts changed
        since the rows were last fitted (the others' heights are remembered)."""
        model = self.model()
        if model is None or not model.rowCount():
            return
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        columns = None if changed is None else set(changed)
        for row in rows:
            self.setRowHeight(row, self._row_height(row, option, columns))
            self._sized_rows.add(row)

    def _row_height(self, row: int, option: QStyleOptionViewItem,
                    changed: set[int] | None = None) -> int:
        """The row's height for its wrapped text; a merged group cell shares its height
        between its rows (QTableView would give each row the whole cell's height)."""
        model = self.indicator_model()
        height = self.verticalHeader().minimumSectionSize()
        for column in range(model.columnCount()):
            top, rows = self._covers.get((row, column), (row, 1))
            need = None if changed is None or column in changed else self._needs.get(
                (top, column))
            if need is None:
                index = model.index(top, column)
                option.rect = QRect(0, 0, self.columnWidth(column), 1000)
                need = self.itemDelegateForIndex(index).sizeHint(option, index).height()
                self._needs[top, column] = need
            height = max(height, -(-need // rows) + ROW_PADDING)
        return height

    def _on_data_changed(self, first: QModelIndex, last: QModelIndex,
                         roles: Sequence[int] = ()) -> None:
        if roles and not {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole} & set(roles):
            return  # only a mark changed: the text, and so the height, did not
        rows: set[int] = set()
        group = False
        for row in range(first.row(), last.row() + 1):
            for column in range(first.column(), last.column() + 1):
                top, count = self._covers.get((row, column), (row, 1))
                group |= count > 1
                rows.update(range(top, top + count))
        if group:
            self.viewport().update()  # a group cell's text is drawn over all its rows
        self._fit_rows(sorted(rows), range(first.column(), last.column() + 1))

    def _fit_visible_rows(self) -> None:
        """Fit rows scrolled into view; rows growing may push some out, so repeat a little."""
        if self.model() is None:
            return
        for _ in range(4):
            todo = [r for r in self._visible_rows() if r not in self._sized_rows]
            if not todo:
                return
            self._fit_rows(todo)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._share_spare_width()
        self._fit_visible_rows()

    # -- merged group cells, row by row ----------------------------------------------------

    def is_group_cell(self, row: int, column: int) -> bool:
        """Whether the cell is part of a merged group cell (of more than one row)."""
        return (row, column) in self._covers

    def _strip(self, row: int, column: int) -> QRect:
        """The part of a merged group cell beside ``row``."""
        return QRect(self.columnViewportPosition(column), self.rowViewportPosition(row),
                     self.columnWidth(column), self.rowHeight(row))

    def indexAt(self, pos: QPoint) -> QModelIndex:
        # Qt answers a merged cell's first row; the officer pointed at the row beside it.
        index = super().indexAt(pos)
        row, column = self.rowAt(pos.y()), self.columnAt(pos.x())
        if index.isValid() and self.is_group_cell(row, column):
            return self.model().index(row, column)
        return index

    def visualRect(self, index: QModelIndex | QPersistentModelIndex) -> QRect:
        if index.isValid() and self.is_group_cell(index.row(), index.column()):
            return self._strip(index.row(), index.column())
        return super().visualRect(index)

    def setSelection(self, rect: QRect, command: QItemSelectionModel.SelectionFlag) -> None:
        if not self._covers:
            super().setSelection(rect, command)
            return
        # The cells under the rectangle, as in a table without merged cells: Qt would widen
        # the selection to every group it touches.
        ys, xs = (rect.top(), rect.bottom()), (rect.left(), rect.right())
        rows = [self.rowAt(min(ys)), self.rowAt(max(ys))]
        columns = [self.columnAt(min(xs)), self.columnAt(max(xs))]
        if min(rows + columns) < 0:
            return
        model = self.model()
        self.selectionModel().select(
            QItemSelection(model.index(rows[0], min(columns)), model.index(rows[1], max(columns))),
            command)

    def selectionChanged(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        super().selectionChanged(selected, deselected)
        if self._covers:
            self.viewport().update()  # the marked strips of group cells

    def currentChanged(self, current: QModelIndex | QPersistentModelIndex,
                       previous: QModelIndex | QPersistentModelIndex) -> None:
        super().currentChanged(current, previous)
        if self._covers:
            self.viewport().update()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if self._covers:
            self.viewport().update()  # a group's label moves with the part of it on screen

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._covers and self.model() is not None:
            painter = QPainter(self.viewport())
            self._mark_group_strips(painter, event.rect())
            painter.end()

    def _mark_group_strips(self, painter: QPainter, area: QRect) -> None:
        """Mark the selected rows' strips of merged group cells in ``area``, and the current
        one's edge."""
        model, selection = self.indicator_model(), self.selectionModel()
        colour = self.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
        tint = QColor(colour)
        tint.setAlpha(110)
        current = self.currentIndex()
        columns = [c for c in self._group_columns
                   if self.columnViewportPosition(c) <= area.right()
                   and self.columnViewportPosition(c) + self.columnWidth(c) >= area.left()]
        first, last = self.rowAt(area.top()), self.rowAt(area.bottom())
        visible = self._visible_rows()
        rows = range(visible.start if first < 0 else first,
                     visible.stop if last < 0 else min(last + 1, visible.stop))
        for row in rows:
            for column in columns:
                if not self.is_group_cell(row, column):
                    continue
                strip = self._strip(row, column)
                if selection.isSelected(model.index(row, column)):
                    painter.fillRect(strip, tint)
                if (row, column) == (current.row(), current.column()):
                    painter.setPen(colour)
                    painter.drawRect(strip.adjusted(1, 1, -2, -2))

    # -- selection -------------------------------------------------------------------------

    def selected_cells(self) -> list[tuple[int, int]]:
        """Every selected (row, column), those of merged group cells included (Qt's
        selectedIndexes leaves out all but a group's first row)."""
        cells: set[tuple[int, int]] = set()
        selection = self.selectionModel().selection()
        for block in (selection.at(i) for i in range(selection.count())):
            cells.update((row, column) for row in range(block.top(), block.bottom() + 1)
                         for column in range(block.left(), block.right() + 1))
        return sorted(cells)

    def selected_rows(self) -> list[int]:
        """Rows with a selected cell, or the current row when nothing is selected."""
        rows = {row for row, _ in self.selected_cells()}
        if not rows and self.currentIndex().isValid():
            rows = {self.currentIndex().row()}
        return sorted(rows)

    def select_cell(self, row: int, column: int) -> None:
        model = self.indicator_model()
        if not 0 <= row < model.rowCount():
            return
        index = model.index(row, max(0, min(column, model.columnCount() - 1)))
        # Not setCurrentIndex: that extends the selection while Ctrl or Shift is held.
        self.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def select_rows(self, rows: list[int], column: int = -1) -> None:
        model = self.indicator_model()
        rows = [r for r in rows if 0 <= r < model.rowCount()]
        if not rows:
            return
        column = self.currentIndex().column() if column < 0 else column
        self.setCurrentIndex(model.index(rows[0], max(column, 0)))
        selection = QItemSelection()
        for row in rows:
            selection.select(model.index(row, 0), model.index(row, model.columnCount() - 1))
        self.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def select_block(self, top: int, left: int, bottom: int, right: int) -> None:
        model = self.indicator_model()
        bottom = min(bottom, model.rowCount() - 1)
        right = min(right, model.columnCount() - 1)
        if bottom < top or right < left:
            return
        self.setCurrentIndex(model.index(top, left))
        self.selectionModel().select(QItemSelection(model.index(top, left),
                                                    model.index(bottom, right)),
                                     QItemSelectionModel.SelectionFlag.ClearAndSelect)

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

    def insert_library_rows(self, chosen: Sequence[IndicatorRow]) -> bool:
        """Insert rows made from library entries below the selected rows (at the end when
        none is), as one undo step, and select them."""
        if not chosen:
            return False
        model = self.indicator_model()
        rows = self.selected_rows()
        position = rows[-1] + 1 if rows else model.rowCount()
        model.session.undo_stack.push(InsertRowsCommand(
            model.session, model.rows_path, position, len(chosen), model.merge_fields(),
            rows=chosen, text=self.tr("从指标库插入")))
        self.select_rows(list(range(position, position + len(chosen))),
                         self._first_value_column())
        return True

    def _first_value_column(self) -> int:
        model = self.indicator_model()
        return next((k for k, c in enumerate(model.columns) if not c.merge), 0)

    # -- clipboard -------------------------------------------------------------------------

    def _chosen_cells(self) -> list[tuple[int, int]]:
        current = self.currentIndex()
        return self.selected_cells() or (
            [(current.row(), current.column())] if current.isValid() else [])

    def copy_selection(self) -> str:
        """The selected cells as tab-separated text (their bounding block) on the clipboard."""
        chosen = self._chosen_cells()
        if not chosen:
            return ""
        model = self.indicator_model()
        top, bottom = min(r for r, _ in chosen), max(r for r, _ in chosen)
        left, right = min(c for _, c in chosen), max(c for _, c in chosen)
        cells = set(chosen)
        grid = [[model.text(r, c) if (r, c) in cells else "" for c in range(left, right + 1)]
                for r in range(top, bottom + 1)]
        text = tsv.format(grid)
        QApplication.clipboard().setText(text)
        return text

    def paste(self) -> bool:
        """Paste the clipboard from the top-left cell of the selection (a whole row: its first
        column), adding rows as needed, as one undo step; a single copied value fills every
        selected cell. A block wider than the columns from there on is refused with a message,
        the document unchanged. True when something was pasted."""
        grid = tsv.parse(QApplication.clipboard().text())
        model = self.indicator_model()
        chosen = self._chosen_cells()
        if not grid:
            return False
        editable = model.editable_fields()
        if len(grid) == 1 and len(grid[0]) == 1 and len(chosen) > 1:
            cells = [(r, model.field(c), model.spec.entered(model.field(c), grid[0][0]))
                     for r, c in chosen if editable[c]]
            model.session.undo_stack.push(SetCellsCommand(
                model.session, model.rows_path, cells, self.tr("粘贴"), model.merge_fields()))
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
                                   [editable[k] or "" for k in columns], top, start, grid, model.merge_fields())
        except PasteTooWide as refused:
            dialogs.warning(self, self.tr("无法粘贴"), self.tr(
                "复制的内容有 {0} 列，从“{1}”列起只能放下 {2} 列。请从更靠左的列开始粘贴，"
                "或少复制几列。未做任何修改。").format(
                    refused.copied, model.columns[left].label, refused.fitting))
            return False
        model.session.undo_stack.push(command)
        pasted = columns[start:start + tsv.width(grid)]
        self.select_block(top, pasted[0], top + len(grid) - 1, pasted[-1])
        return True

    def clear_selected_cells(self) -> None:
        model = self.indicator_model()
        editable = model.editable_fields()
        cells = [(r, model.field(c), "") for r, c in self.selected_cells()
                 if editable[c] and model.text(r, c)]
        if cells:
            model.session.undo_stack.push(SetCellsCommand(
                model.session, model.rows_path, cells, self.tr("清除内容"), model.merge_fields()))

    # -- keys ------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and is_window_key(event):
            event.ignore()  # not ours: the window's shortcut takes it
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if is_window_key(event):
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
            self._move_down()
        else:
            super().keyPressEvent(event)

    def _move_down(self) -> None:
        """To the cell below; from a merged group cell, to the cell below the group."""
        current = self.currentIndex()
        if current.isValid():
            top, rows = self._covers.get((current.row(), current.column()), (current.row(), 1))
            self.select_cell(top + rows, current.column())

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        # Enter commits (SubmitModelCache) and, as in Excel, goes on to the cell below.
        enter = hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint if enter else hint)
        if enter:
            self._move_down()

    def moveCursor(self, action: QAbstractItemView.CursorAction,
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        model = self.model()
        current = self.currentIndex()
        step = _ARROWS.get(action)
        if step is not None and current.isValid() and model is not None:
            # Arrows move cell by cell through merged group cells too, as clicks choose them.
            row = max(0, min(current.row() + step[0], model.rowCount() - 1))
            column = max(0, min(current.column() + step[1], model.columnCount() - 1))
            if self.is_group_cell(current.row(), current.column()) or \
                    self.is_group_cell(row, column):
                return model.index(row, column)
        # Tab in the last cell adds a row, as in a Word table.
        if (action == QAbstractItemView.CursorAction.MoveNext and isinstance(
                model, IndicatorTableModel) and current.isValid()
                and current.row() == model.rowCount() - 1
                and current.column() == model.columnCount() - 1):
            model.session.undo_stack.push(InsertRowsCommand(
                model.session, model.rows_path, model.rowCount(), 1, model.merge_fields()))
            return model.index(model.rowCount() - 1, self._first_value_column())
        return super().moveCursor(action, modifiers)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        menu.addActions([self.insert_action, self.library_action, self.remove_action])
        menu.addSeparator()
        menu.addActions([self.move_up_action, self.move_down_action])
        menu.exec(event.globalPos())
