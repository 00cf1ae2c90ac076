"""A table whose merged group cells (一级/二级 spanning rows) are chosen, marked and drawn row by
row, as a table without merged cells would be.

A click on a merged cell picks the row under the pointer, the selected rows' strips of it are
marked, arrows move cell by cell through it, and a paste goes to the row chosen. Its label is
drawn in the part of it on screen (see ``CellDelegate``), so a tall group stays named while
scrolling.
"""
from __future__ import annotations

from PySide6.QtCore import (QItemSelection, QItemSelectionModel, QModelIndex,
                            QPersistentModelIndex, QPoint, QRect, Qt)
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QWidget

from ui.record_list import TableView

_ARROWS = {QAbstractItemView.CursorAction.MoveUp: (-1, 0),
           QAbstractItemView.CursorAction.MoveDown: (1, 0),
           QAbstractItemView.CursorAction.MoveLeft: (0, -1),
           QAbstractItemView.CursorAction.MoveRight: (0, 1)}


class GroupedTableView(TableView):
    """A ``QTableView`` with merged group cells given by ``set_group_spans``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.covers: dict[tuple[int, int], tuple[int, int]] = {}  # (row, col) → (top, rows)
        self._group_columns: list[int] = []  # columns with merged group cells

    def set_group_spans(self, spans: list[tuple[int, int, int]]) -> None:
        """Merge (row, column, rows) cells; every other cell stands alone."""
        self.clearSpans()
        self.covers.clear()
        for row, column, rowspan in spans:
            self.setSpan(row, column, rowspan, 1)
            for r in range(row, row + rowspan):
                self.covers[r, column] = (row, rowspan)
        self._group_columns = sorted({column for _, column, _ in spans})

    def is_group_cell(self, row: int, column: int) -> bool:
        """Whether the cell is part of a merged group cell (of more than one row)."""
        return (row, column) in self.covers

    def visible_rows(self) -> range:
        first = max(self.rowAt(0), 0)
        last = self.rowAt(self.viewport().height())
        return range(first, (self.model().rowCount() - 1 if last < 0 else last) + 1)

    def _strip(self, row: int, column: int) -> QRect:
        """The part of a merged group cell beside ``row``."""
        return QRect(self.columnViewportPosition(column), self.rowViewportPosition(row),
                     self.columnWidth(column), self.rowHeight(row))

    # -- where a point or a cell is --------------------------------------------------------

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
        if not self.covers:
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
        return super().moveCursor(action, modifiers)

    def move_down(self) -> None:
        """To the cell below; from a merged group cell, to the cell below the group."""
        current = self.currentIndex()
        if current.isValid():
            top, rows = self.covers.get((current.row(), current.column()), (current.row(), 1))
            self.select_cell(top + rows, current.column())

    # -- marking the selected rows' strips -------------------------------------------------

    def selectionChanged(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        super().selectionChanged(selected, deselected)
        if self.covers:
            self.viewport().update()  # the marked strips of group cells

    def currentChanged(self, current: QModelIndex | QPersistentModelIndex,
                       previous: QModelIndex | QPersistentModelIndex) -> None:
        super().currentChanged(current, previous)
        if self.covers:
            self.viewport().update()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if self.covers:
            self.viewport().update()  # a group's label moves with the part of it on screen

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.covers and self.model() is not None:
            painter = QPainter(self.viewport())
            self._mark_group_strips(painter, event.rect())
            painter.end()

    def _mark_group_strips(self, painter: QPainter, area: QRect) -> None:
        """Mark the selected rows' strips of merged group cells in ``area``, and the current
        one's edge."""
        model, selection = self.model(), self.selectionModel()
        colour = self.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
        tint = QColor(colour)
        tint.setAlpha(110)
        current = self.currentIndex()
        columns = [c for c in self._group_columns
                   if self.columnViewportPosition(c) <= area.right()
                   and self.columnViewportPosition(c) + self.columnWidth(c) >= area.left()]
        first, last = self.rowAt(area.top()), self.rowAt(area.bottom())
        visible = self.visible_rows()
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

    def chosen_cells(self) -> list[tuple[int, int]]:
        """The selected cells, or the current one when none is selected."""
        current = self.currentIndex()
        return self.selected_cells() or (
            [(current.row(), current.column())] if current.isValid() else [])

    def selected_rows(self) -> list[int]:
        """Rows with a selected cell, or the current row when nothing is selected."""
        rows = {row for row, _ in self.selected_cells()}
        if not rows and self.currentIndex().isValid():
            rows = {self.currentIndex().row()}
        return sorted(rows)

    def select_cell(self, row: int, column: int) -> None:
        model = self.model()
        if not 0 <= row < model.rowCount():
            return
        index = model.index(row, max(0, min(column, model.columnCount() - 1)))
        # Not setCurrentIndex: that extends the selection while Ctrl or Shift is held.
        self.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def select_rows(self, rows: list[int], column: int = -1) -> None:
        model = self.model()
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
        model = self.model()
        bottom = min(bottom, model.rowCount() - 1)
        right = min(right, model.columnCount() - 1)
        if bottom < top or right < left:
            return
        self.setCurrentIndex(model.index(top, left))
        self.selectionModel().select(QItemSelection(model.index(top, left),
                                                    model.index(bottom, right)),
                                     QItemSelectionModel.SelectionFlag.ClearAndSelect)
