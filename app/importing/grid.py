"""A sheet as the document's rows: merged ranges as one cell each, and our own export's page
furniture undone.

Only the top-left cell of a merged range holds its value; here the range is one ``GridCell``
that every position it covers finds. Our Excel export cuts a long text into consecutive rows of
its column, writes a table's header again after a page break and writes a cell cut by the break
again below it; the sheet's hidden names (app/export/xlsx_marks.py, in no cell) say which rows
and cells those are, so their pieces are joined into one cell and the repeated rows dropped. A
workbook made by hand has no marks: every sheet row is a row.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from app.export.xlsx_marks import RowMark, read_marks
from app.importing.problems import ImportProblem, WorkbookImportError
from app.importing.workbook import MAX_COLUMNS, MAX_ROWS, CellKind, RawCell, SheetData


@dataclass
class GridCell:
    """One cell of the form: a merged range, or a single cell; ``pieces`` are the stored cells
    its text is made of (one, or several when our export cut a long text)."""

    row: int
    column: int
    last_row: int
    last_column: int
    pieces: list[RawCell | None] = field(default_factory=list)

    @property
    def raw(self) -> RawCell | None:
        return self.pieces[0] if self.pieces else None

    @property
    def colspan(self) -> int:
        return self.last_column - self.column + 1

    def is_empty(self) -> bool:
        return all(piece is None or (piece.kind is CellKind.TEXT and piece.value == "")
                   for piece in self.pieces)


class Grid:
    """The cells of one sheet by position, and its rows: ``rows`` lists the sheet rows that
    start a row of the document, in order (continued and repeated rows left out)."""

    def __init__(self, sheet: SheetData, path=None) -> None:
        self.name = sheet.name
        self.sheet = sheet
        self._at: dict[tuple[int, int], GridCell] = {}
        self._anchored: dict[int, list[GridCell]] = {}
        self.bordered = set(sheet.styled)
        cells = dict(sheet.cells)
        # A mark beyond the rows and columns a workbook may use marks nothing that was read.
        marks = {row: RowMark(mark.header, frozenset(c for c in mark.pieces if c <= MAX_COLUMNS),
                              frozenset(c for c in mark.repeats if c <= MAX_COLUMNS))
                 for row, mark in read_marks(sheet.names, sheet.name).items() if row <= MAX_ROWS}
        for r1, c1, r2, c2 in sheet.merges:
            cell = GridCell(r1, c1, r2, c2, [cells.pop((r1, c1), None)])
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    other = self._at.get((r, c))
                    if other is not None:
                        raise WorkbookImportError([ImportProblem(
                            f"合并单元格{_span(other)}与{_span(cell)}重叠（文件已损坏），"
                            "请在 Excel 中取消合并后重新合并", self.name, r, c)], path)
                    self._at[(r, c)] = cell
                    cells.pop((r, c), None)  # a value under a merge is not shown: not read
        for (r, c), raw in cells.items():
            self._at[(r, c)] = GridCell(r, c, r, c, [raw])
        skipped = self._join(marks)
        last = max([r for r, _ in self._at] + [r for r, _ in self.bordered], default=0)
        self.rows = [r for r in range(1, last + 1) if r not in skipped]
        self.width = max([c for _, c in self._at] + [c for _, c in self.bordered], default=0)

    def _join(self, marks: dict[int, RowMark]) -> set[int]:
        """Undo the export's furniture; returns the sheet rows that are not rows of the form."""
        skipped: set[int] = set()
        for row in sorted(marks):
            mark = marks[row]
            if mark.header:
                skipped.add(row)
                for column in range(1, self.width_hint() + 1):
                    cell = self._at.get((row, column))
                    if cell is not None and cell.row == row:
                        self._drop(cell)
                continue
            above = next((r for r in range(row - 1, 0, -1) if r not in skipped), 0)
            joined = False
            for column in sorted(mark.repeats | mark.pieces):
                cell = self._at.get((row, column))
                target = self._at.get((above, column)) if above else None
                if cell is None and column in mark.repeats and target is not None \
                        and target.is_empty():
                    # An empty cell written again holds nothing the file keeps: it is the
                    # position, still the (empty) cell above (a 河北 stage without a label).
                    self._at[(row, column)] = target
                    target.last_row = max(target.last_row, row)
                    continue
                if cell is None or cell.row != row or target is None or target is cell:
                    continue  # the rows were moved or edited since the export: read as they are
                if column in mark.pieces:
                    target.pieces.extend(cell.pieces)
                    joined = True
                self._absorb(target, cell)
            if joined:
                skipped.add(row)  # the row goes on with the document row above it
        return skipped

    def width_hint(self) -> int:
        return max((c for _, c in self._at), default=0)

    def _drop(self, cell: GridCell) -> None:
        for r in range(cell.row, cell.last_row + 1):
            for c in range(cell.column, cell.last_column + 1):
                if self._at.get((r, c)) is cell:
                    del self._at[(r, c)]

    def _absorb(self, target: GridCell, cell: GridCell) -> None:
        for r in range(cell.row, cell.last_row + 1):
            for c in range(cell.column, cell.last_column + 1):
                if self._at.get((r, c)) is cell:
                    self._at[(r, c)] = target
        target.last_row = max(target.last_row, cell.last_row)

    # -- reading -------------------------------------------------------------------------
    def at(self, row: int, column: int) -> GridCell | None:
        """The cell covering a position (a merged range's one cell), or None."""
        return self._at.get((row, column))

    def anchored(self, row: int) -> list[GridCell]:
        """The cells that start in a sheet row, left to right (remembered: every block's search
        passes the rows again)."""
        known = self._anchored.get(row)
        if known is None:
            known = self._anchored[row] = self._anchored_in(row)
        return list(known)

    def _anchored_in(self, row: int) -> list[GridCell]:
        found = []
        seen: set[int] = set()
        for column in range(1, self.width + 1):
            cell = self._at.get((row, column))
            if cell is not None and cell.row == row and id(cell) not in seen:
                seen.add(id(cell))
                found.append(cell)
        return found

    def covering(self, row: int) -> list[GridCell]:
        """Every cell that covers a sheet row, left to right (merged labels from above too)."""
        found = []
        seen: set[int] = set()
        for column in range(1, self.width + 1):
            cell = self._at.get((row, column))
            if cell is not None and id(cell) not in seen:
                seen.add(id(cell))
                found.append(cell)
        return found

    def index_of(self, row: int) -> int:
        """The position in ``rows`` of the document row a sheet row belongs to."""
        low, high = 0, len(self.rows)
        while low < high:
            middle = (low + high) // 2
            if self.rows[middle] <= row:
                low = middle + 1
            else:
                high = middle
        return max(low - 1, 0)

    def occupied(self, row: int, first: int = 1, last: int | None = None) -> bool:
        """Whether a sheet row has anything of a table between two columns: a value, a merged
        cell or a border (an empty row of a table is bordered; the gap after it is not)."""
        last = self.width if last is None else last
        for column in range(first, last + 1):
            cell = self._at.get((row, column))
            if cell is not None and (not cell.is_empty() or cell.row != cell.last_row
                                     or cell.column != cell.last_column):
                return True
            if (row, column) in self.bordered:
                return True
        return False


def _span(cell: GridCell) -> str:
    from openpyxl.utils import get_column_letter

    return (f"{get_column_letter(cell.column)}{cell.row}:"
            f"{get_column_letter(cell.last_column)}{cell.last_row}")
