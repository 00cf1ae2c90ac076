"""Printed pages of an Excel sheet, planned by us rather than by Excel.

A sheet may hold several tables with different header rows (江苏: the unit block, then three
indicator tables), and Excel allows one print-titles range per sheet. So the renderer prints
at an explicit scale, sets every row height itself, and therefore knows where each page ends:
it inserts a manual row break before a page would overflow (with a safety margin), and a page
that continues a table starts with that table's header rows, written again, and with the labels
of merged groups cut at the break written again on both sides. Titles stay with what follows
them and a signature block stays with the last row of its form.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from app.export.layout import Cell, Continuation, Table, grid_positions


@dataclass
class Segment:
    """The rows of a table printed on one page: ``Table`` rows ``start:end`` (and the header
    rows again when ``start`` is past them)."""

    start: int
    end: int
    table: Table  # ready to write: repeated header, cut labels, clipped spans
    heights: list[float]  # of the rows of ``table``, in points
    repeated_header: int = 0  # the first rows of ``table`` repeat the header (page furniture)


class TablePlan:
    """A table's rows and how tall any run of them prints, merged labels cut at its ends."""

    def __init__(self, table: Table, columns: int, cell_lines: Callable[[int, Cell], int],
                 line_height: float, max_height: float) -> None:
        self.table = table
        self.columns = columns
        self.line_height = line_height
        self.max_height = max_height
        self.anchors = list(grid_positions(table, columns))
        self.lines = {id(cell): cell_lines(c, cell) for _, c, cell in self.anchors}
        self.by_row: list[list[tuple[int, Cell]]] = [[] for _ in table.rows]
        for r, c, cell in self.anchors:
            self.by_row[r].append((c, cell))
        # every cell covering a row: (first row, column, cell)
        self.covering: list[list[tuple[int, int, Cell]]] = [[] for _ in table.rows]
        for r, c, cell in self.anchors:
            for dr in range(cell.rowspan):
                if r + dr < len(table.rows):
                    self.covering[r + dr].append((r, c, cell))
        self._heights: dict[tuple[int, int], list[float]] = {}
        self.base = self.heights(0, self.rows)  # each row's height with its spans whole

    @property
    def rows(self) -> int:
        return len(self.table.rows)

    @property
    def header_rows(self) -> int:
        return min(self.table.header_rows, self.rows)

    def heights(self, start: int, end: int) -> list[float]:
        """Row heights (points) of rows ``start:end`` printed together, spans clipped to them."""
        known = self._heights.get((start, end))
        if known is None:  # the paginator asks for the same runs of rows again and again
            known = self._heights[start, end] = self._compute_heights(start, end)
        return list(known)

    def _compute_heights(self, start: int, end: int) -> list[float]:
        lines = [1] * (end - start)
        for r in range(start, end):
            for first, _, cell in self.covering[r]:
                top, bottom = max(first, start), min(first + cell.rowspan, end)
                share = -(-self.lines[id(cell)] // (bottom - top))
                lines[r - start] = max(lines[r - start], share)
        return [min(self.max_height, n * self.line_height + 4) for n in lines]

    def height(self, start: int, end: int) -> float:
        """Points of rows ``start:end`` on one page, with the header rows again if needed."""
        total = sum(self.heights(start, end))
        if start >= self.header_rows > 0:
            total += sum(self.heights(0, self.header_rows))
        return total

    def segment(self, start: int, end: int) -> Segment:
        rows: list[list[tuple[int, Cell]]] = []
        repeat = start >= self.header_rows > 0
        if repeat:
            rows += self._rows(0, self.header_rows)
        rows += self._rows(start, end)
        header = self.header_rows if repeat or start == 0 else 0
        table = Table([[cell for _, cell in sorted(row, key=lambda x: x[0])] for row in rows],
                      header_rows=header, small=self.table.small)
        # Spans are cut at the same rows as in ``table``: its heights are these.
        heights = (self.heights(0, self.header_rows) if repeat else []) + self.heights(start, end)
        return Segment(start, end, table, heights, self.header_rows if repeat else 0)

    def _rows(self, start: int, end: int) -> list[list[tuple[int, Cell]]]:
        rows: list[list[tuple[int, Cell]]] = [[] for _ in range(start, end)]
        for r in range(start, end):
            for first, c, cell in self.covering[r]:
                if first == r or (r == start and first < start):
                    span = min(first + cell.rowspan, end) - r
                    if first < r:  # a cell cut by the page break, written again below it
                        cell = _spanning(cell, span, Continuation.REPEAT)
                    elif span != cell.rowspan:
                        cell = _spanning(cell, span, cell.continues)
                    rows[r - start].append((c, cell))
        return rows


def _spanning(cell: Cell, rowspan: int, continues: Continuation) -> Cell:
    return Cell(cell.text, rowspan=rowspan, colspan=cell.colspan, bold=cell.bold,
                align=cell.align, amount=cell.amount, continues=continues)


@dataclass
class Placed:
    """One thing written on the sheet, and whether a page break follows it."""

    item: object  # a Paragraph, a SignatureBlock or a Segment
    height: float  # points on the page
    break_after: bool = False


@dataclass
class Unit:
    """A sheet item to place: a paragraph (kept with what follows), a table, a signature."""

    item: object
    height: float = 0.0  # paragraphs and signatures
    plan: TablePlan | None = None


def paginate(units: Sequence[Unit], capacity: float) -> list[Placed]:
    """Place the sheet's units on pages of ``capacity`` points (see the module's docstring)."""
    placed: list[Placed] = []
    used = 0.0
    pending: list[Unit] = []  # titles waiting for the first rows they belong to

    def page_break() -> None:
        nonlocal used
        if placed:
            placed[-1].break_after = True
        used = 0.0

    def flush() -> None:
        nonlocal used, pending
        for unit in pending:
            placed.append(Placed(unit.item, unit.height))
            used += unit.height
        pending = []

    for index, unit in enumerate(units):
        if unit.plan is None and not _is_signature(unit):
            pending.append(unit)
            continue
        if unit.plan is None:  # a signature: the last rows before it were kept for it
            if used + sum(u.height for u in pending) + unit.height > capacity and used > 0:
                page_break()
            flush()
            placed.append(Placed(unit.item, unit.height))
            used += unit.height
            continue
        plan = unit.plan
        following = units[index + 1] if index + 1 < len(units) else None
        tail = following.height if following is not None and _is_signature(following) else 0.0
        start = 0
        while start < plan.rows:
            first_end = max(start + 1, plan.header_rows + 1 if start == 0 else start + 1)
            first_end = min(first_end, plan.rows)
            lead = sum(u.height for u in pending)
            need = lead + plan.height(start, first_end)
            if first_end == plan.rows:
                need += tail
            if used > 0 and used + need > capacity:
                page_break()
            flush()
            end = _fill(plan, start, first_end, capacity - used, tail)
            placed.append(Placed(plan.segment(start, end), plan.height(start, end)))
            used += plan.height(start, end)
            if end < plan.rows:
                page_break()
            start = end
    flush()
    return placed


def _fill(plan: TablePlan, start: int, least: int, room: float, tail: float) -> int:
    """The end (exclusive) of the page's segment from ``start``: as many rows as fit, at least
    ``least``; the table's last row only together with the ``tail`` (signature) after it."""
    # Grow on the rows' own heights, then shrink while the exact height (merged labels cut at
    # the page's end need more room) does not fit.
    end, total = least, plan.height(start, least)
    while end < plan.rows:
        extra = plan.base[end]
        if total + extra > room:
            break
        total, end = total + extra, end + 1

    def needed(stop: int) -> float:
        return plan.height(start, stop) + (tail if stop == plan.rows else 0.0)

    while end > least and needed(end) > room:
        end -= 1
    return end


def _is_signature(unit: Unit) -> bool:
    from app.export.layout import SignatureBlock
    return isinstance(unit.item, SignatureBlock)
