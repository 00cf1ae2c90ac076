"""Undoable edits of a list of indicator rows: insert, remove, move, and paste from Excel/WPS
(the clipboard text itself is read by app.tsv).

Each command works on the session's document list at ``rows_path`` (e.g.
"department.indicator_tables[0].rows" or "projects[2].indicators"), is ONE undo step, and
emits ``session.changed(rows_path)`` so the table models over that list reset.
"""
from __future__ import annotations

from typing import Iterable, Sequence

from PySide6.QtCore import QCoreApplication

from app import tsv
from app.indicator_groups import place_rows
from app.model import IndicatorRow
from app.paths import set_path
from ui.session import DocumentSession, SessionCommand

GROUP_FIELDS = ("level1", "level2")


def _tr(text: str) -> str:
    return QCoreApplication.translate("RowCommands", text)


class RowsCommand(SessionCommand):
    """A structural edit of the row list at ``rows_path``; subclasses change ``self.rows``."""

    def __init__(self, session: DocumentSession, rows_path: str, text: str) -> None:
        super().__init__(text)
        self.session, self.rows_path = session, rows_path

    def _rows(self) -> list[IndicatorRow]:
        return list(self.session.value(self.rows_path))

    def _store(self, rows: list[IndicatorRow]) -> None:
        # Re-assigning the list goes through the model's validation, like a loaded file.
        set_path(self.session.document, self.rows_path, rows)
        self.session.changed.emit(self.rows_path)


def new_row(above: IndicatorRow | None,
            group_fields: Sequence[str] = GROUP_FIELDS) -> IndicatorRow:
    """An empty row in the group of ``above`` (its 一级/二级…), so it joins that group."""
    if above is None:
        return IndicatorRow()
    return IndicatorRow(cells={f: above.get(f) for f in group_fields})


class InsertRowsCommand(RowsCommand):
    """Insert ``count`` empty rows at ``position``; they copy the group of the row above
    (of the row below when inserted at the top). Given ``rows`` (from the indicator library),
    insert those instead."""

    def __init__(self, session: DocumentSession, rows_path: str, position: int, count: int = 1,
                 group_fields: Sequence[str] = GROUP_FIELDS,
                 rows: Sequence[IndicatorRow] = (), text: str = "") -> None:
        super().__init__(session, rows_path, text or _tr("插入行"))
        self.position, self.count, self.group_fields = position, count, tuple(group_fields)
        self.inserted: list[IndicatorRow] = [row.model_copy(deep=True) for row in rows]

    def redo(self) -> None:
        rows = self._rows()
        self.position = max(0, min(self.position, len(rows)))
        if not self.inserted:
            neighbour = rows[self.position - 1] if self.position > 0 else (
                rows[0] if rows else None)
            self.inserted = [new_row(neighbour, self.group_fields) for _ in range(self.count)]
        rows[self.position:self.position] = self.inserted
        self._store(rows)

    def undo(self) -> None:
        rows = self._rows()
        del rows[self.position:self.position + len(self.inserted)]
        self._store(rows)


class PlaceRowsCommand(RowsCommand):
    """Insert ``rows`` (in the table's spelling of their 一级/二级) each into its group, as
    ``app.indicator_groups.place_rows`` says: a group's empty category row is filled, else
    the row goes after the group's last row. One undo step; ``placed`` are the rows' indexes."""

    def __init__(self, session: DocumentSession, rows_path: str, rows: Sequence[IndicatorRow],
                 group_fields: Sequence[str] = GROUP_FIELDS, text: str = "",
                 level1_order: Sequence[str] = ()) -> None:
        super().__init__(session, rows_path, text or _tr("插入行"))
        self.new = [row.model_copy(deep=True) for row in rows]
        self.group_fields, self.level1_order = tuple(group_fields), tuple(level1_order)
        self.before: list[IndicatorRow] = []
        self.after: list[IndicatorRow] | None = None
        self.placed: list[int] = []

    def redo(self) -> None:
        if self.after is None:
            self.before = self._rows()
            placement = place_rows(self.before, self.new, self.group_fields,
                                   self.level1_order)
            self.after, self.placed = placement.rows, placement.placed
        self._store(list(self.after))

    def undo(self) -> None:
        self._store(list(self.before))


class RemoveRowsCommand(RowsCommand):
    """Remove the given rows (any order, not necessarily adjacent)."""

    def __init__(self, session: DocumentSession, rows_path: str, indexes: Iterable[int]) -> None:
        super().__init__(session, rows_path, _tr("删除行"))
        self.indexes = sorted(set(indexes))
        self.removed: list[IndicatorRow] = []

    def redo(self) -> None:
        rows = self._rows()
        self.removed = [rows[i] for i in self.indexes]
        for i in reversed(self.indexes):
            del rows[i]
        self._store(rows)

    def undo(self) -> None:
        rows = self._rows()
        for i, row in zip(self.indexes, self.removed):
            rows.insert(i, row)
        self._store(rows)


def moved_order(count: int, selected: Iterable[int], delta: int) -> list[int]:
    """The new order (old indexes) after moving the selected rows one place up (-1) or
    down (+1); a selected block already at the edge stays, the others still move."""
    order = list(range(count))
    chosen = {i for i in selected if 0 <= i < count}
    positions = sorted(chosen, reverse=delta > 0)
    for i in positions:  # position i still holds row i: only earlier swaps ran
        j = i + delta
        # A selected neighbour at j was blocked itself, so this row stays as well.
        if 0 <= j < count and order[j] not in chosen:
            order[i], order[j] = order[j], order[i]
    return order


class MoveRowsCommand(RowsCommand):
    """Move the selected rows one place up (``delta`` -1) or down (+1) as one step."""

    def __init__(self, session: DocumentSession, rows_path: str, indexes: Iterable[int],
                 delta: int) -> None:
        super().__init__(session, rows_path, _tr("上移") if delta < 0 else _tr("下移"))
        self.indexes, self.delta = sorted(set(indexes)), delta
        self.order: list[int] = moved_order(len(self._rows()), self.indexes, delta)

    @property
    def moved(self) -> bool:
        return self.order != sorted(self.order)

    def new_positions(self) -> list[int]:
        """Where the selected rows are after the move (for keeping them selected)."""
        where = {old: new for new, old in enumerate(self.order)}
        return sorted(where[i] for i in self.indexes if i in where)

    def redo(self) -> None:
        rows = self._rows()
        self._store([rows[i] for i in self.order])

    def undo(self) -> None:
        rows = self._rows()
        restored: list[IndicatorRow] = [rows[0]] * len(rows)
        for new, old in enumerate(self.order):
            restored[old] = rows[new]
        self._store(restored)


class SetCellsCommand(RowsCommand):
    """Set many cells at once, appending rows first when the cells reach past the end;
    the appended rows join the group of the last row. One undo step."""

    def __init__(self, session: DocumentSession, rows_path: str,
                 cells: Sequence[tuple[int, str, str]], text: str = "",
                 group_fields: Sequence[str] = GROUP_FIELDS) -> None:
        super().__init__(session, rows_path, text or _tr("修改单元格"))
        self.cells = list(cells)
        self.group_fields = tuple(group_fields)
        self.old: list[str] = []
        self.appended: list[IndicatorRow] = []
        self.first_new = 0

    def redo(self) -> None:
        rows = self._rows()
        self.first_new = len(rows)
        needed = max((r for r, _, _ in self.cells), default=-1) + 1
        if needed > len(rows) and not self.appended:
            above = rows[-1] if rows else None
            self.appended = [new_row(above, self.group_fields) for _ in range(needed - len(rows))]
        rows.extend(self.appended)
        self.old = [rows[r].get(field) for r, field, _ in self.cells]
        for r, field, value in self.cells:
            rows[r].set(field, value)  # validated: control characters are cleaned
        self._store(rows)

    def undo(self) -> None:
        rows = self._rows()
        for (r, field, _), value in reversed(list(zip(self.cells, self.old))):
            rows[r].set(field, value)
        del rows[self.first_new:]
        self._store(rows)


class PasteTooWide(ValueError):
    """A pasted block with more columns than the table has from the chosen column on."""

    def __init__(self, copied: int, fitting: int) -> None:
        super().__init__(f"{copied} columns pasted, {fitting} fit")
        self.copied, self.fitting = copied, fitting


def paste_cells(grid: Sequence[Sequence[str]], fields: Sequence[str], top: int,
                left: int) -> list[tuple[int, str, str]]:
    """The (row, field, text) cells a pasted grid sets from the cell (top, left). A grid wider
    than the columns from ``left`` on raises PasteTooWide: no cell is shifted or dropped."""
    fitting = max(len(fields) - left, 0)
    if tsv.width(grid) > fitting:
        raise PasteTooWide(tsv.width(grid), fitting)
    return [(top + r, fields[left + c], text)
            for r, line in enumerate(grid) for c, text in enumerate(line)]


class PasteCommand(SetCellsCommand):
    """Paste a grid read from the clipboard (Excel, WPS, Word tables) from the cell (top, left)
    of a table whose columns are ``fields``, adding rows as needed: one undo step. Raises
    PasteTooWide, before anything changes, when the grid does not fit the columns."""

    def __init__(self, session: DocumentSession, rows_path: str, fields: Sequence[str],
                 top: int, left: int, grid: Sequence[Sequence[str]],
                 group_fields: Sequence[str] = GROUP_FIELDS) -> None:
        self.grid = [list(line) for line in grid]
        super().__init__(session, rows_path, paste_cells(self.grid, fields, top, left),
                         _tr("粘贴"), group_fields)
