"""Column widths and row heights of a grouped table: rows fit their wrapped text, a merged
group cell sharing its height between its rows; columns at their natural width, the wordiest
one taking what the view has to spare."""
from __future__ import annotations

from typing import Iterable, Sequence

from PySide6.QtCore import QModelIndex, QObject, QRect, Qt, QTimer
from PySide6.QtWidgets import QStyleOptionViewItem

from ui.grouped_table import GroupedTableView

# Up to this many rows every row is fitted to its text at once; beyond, only visible rows
# are, as they scroll into view (fitting 5,000 wrapped rows takes seconds).
FIT_ALL_ROWS = 300
ROW_PADDING = 6  # pixels: air between wrapped lines of neighbouring rows


class RowFitter(QObject):
    """Keeps ``view``'s rows fitted to their text as it scrolls, resizes and is edited."""

    def __init__(self, view: GroupedTableView) -> None:
        super().__init__(view)
        self.view = view
        self._sized_rows: set[int] = set()
        # (row, column) → the height its text needed when last fitted (a group cell: at its
        # top row), so an edit measures only the cells it changed.
        self._needs: dict[tuple[int, int], int] = {}
        self._natural: list[int] = []
        self._widest = -1
        # Refit once widths have settled: during sectionResized a stretched column still
        # reports its old width, and dragging a column edge resizes many times.
        self._refit_timer = QTimer(self)
        self._refit_timer.setSingleShot(True)
        self._refit_timer.timeout.connect(self.refit_rows)
        view.horizontalHeader().sectionResized.connect(lambda *_: self._refit_timer.start(0))
        view.verticalScrollBar().valueChanged.connect(self.fit_visible_rows)

    # -- columns ---------------------------------------------------------------------------

    def set_column_widths(self, chars: Sequence[float]) -> None:
        """Widths in Chinese characters per column; the wordiest column takes the rest."""
        view = self.view
        em = view.fontMetrics().horizontalAdvance("国")
        header = view.horizontalHeader()
        self._natural = [max(int(n * em) + 16, header.sectionSizeFromContents(k).width())
                         for k, n in enumerate(chars)]
        self._widest = list(chars).index(max(chars)) if chars else -1
        self.share_spare_width()

    def share_spare_width(self) -> None:
        """Every column at its natural width; the wordiest takes what the view has to spare.
        (Qt's Stretch mode would instead squeeze it to a sliver when the columns are wider
        than the view, one character per line; here the table scrolls sideways.)"""
        view = self.view
        if not self._natural or len(self._natural) != view.model().columnCount():
            return
        spare = max(0, view.viewport().width() - sum(self._natural))
        for k, width in enumerate(self._natural):
            view.setColumnWidth(k, width + (spare if k == self._widest else 0))

    # -- rows ------------------------------------------------------------------------------

    def refit_rows(self) -> None:
        """Forget fitted heights: a small table refits all rows, a big one the visible ones."""
        self._sized_rows.clear()
        self._needs.clear()
        model = self.view.model()
        count = model.rowCount() if model is not None else 0
        self.fit_rows(range(count) if count <= FIT_ALL_ROWS else self.view.visible_rows())

    def fit_rows(self, rows: Iterable[int], changed: Iterable[int] | None = None) -> None:
        """Fit ``rows`` to their text; with ``changed``, only those columns' texts changed
        since the rows were last fitted (the others' heights are remembered)."""
        view = self.view
        model = view.model()
        if model is None or not model.rowCount():
            return
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        columns = None if changed is None else set(changed)
        for row in rows:
            view.setRowHeight(row, self._row_height(row, option, columns))
            self._sized_rows.add(row)

    def _row_height(self, row: int, option: QStyleOptionViewItem,
                    changed: set[int] | None = None) -> int:
        """The row's height for its wrapped text; a merged group cell shares its height
        between its rows (QTableView would give each row the whole cell's height)."""
        view = self.view
        model = view.model()
        height = view.verticalHeader().minimumSectionSize()
        for column in range(model.columnCount()):
            top, rows = view.covers.get((row, column), (row, 1))
            need = None if changed is None or column in changed else self._needs.get(
                (top, column))
            if need is None:
                index = model.index(top, column)
                option.rect = QRect(0, 0, view.columnWidth(column), 1000)
                need = view.itemDelegateForIndex(index).sizeHint(option, index).height()
                self._needs[top, column] = need
            height = max(height, -(-need // rows) + ROW_PADDING)
        return height

    def data_changed(self, first: QModelIndex, last: QModelIndex,
                     roles: Sequence[int] = ()) -> None:
        if roles and not {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole} & set(roles):
            return  # only a mark changed: the text, and so the height, did not
        rows: set[int] = set()
        group = False
        for row in range(first.row(), last.row() + 1):
            for column in range(first.column(), last.column() + 1):
                top, count = self.view.covers.get((row, column), (row, 1))
                group |= count > 1
                rows.update(range(top, top + count))
        if group:
            self.view.viewport().update()  # a group cell's text is drawn over all its rows
        self.fit_rows(sorted(rows), range(first.column(), last.column() + 1))

    def fit_visible_rows(self) -> None:
        """Fit rows scrolled into view; rows growing may push some out, so repeat a little."""
        if self.view.model() is None:
            return
        for _ in range(4):
            todo = [r for r in self.view.visible_rows() if r not in self._sized_rows]
            if not todo:
                return
            self.fit_rows(todo)
