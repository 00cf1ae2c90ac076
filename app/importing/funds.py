"""What a form's block for a department's money table (``DepartmentFunds``) reads with: the rows
its label spans (``label_rows``), its cells' texts and amounts (``MoneyRows``), the fund sources
by the model's names (``fund_source_name``) in the model's order (``standard_order``).

The blocks themselves are the forms' (江苏's 部门整体资金 in ``forms/jiangsu_dept_target``, 贵州's
支出预算(本级) in ``forms/guizhou_dept_target``): each province prints its table its own way.
"""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from app.importing.grid import GridCell
from app.importing.labels import match_label, same_choice
from app.importing.problems import CellError
from app.model import FundLine, FundSource

if TYPE_CHECKING:
    from app.importing.reader import SheetReader


def fund_source_name(text: str) -> str:
    """A fund source's name as the model spells it, when ``text`` is one typed another way (a
    line break, full-width brackets); else ``text`` as typed."""
    if text in FundSource._value2member_map_:
        return text
    return next((s.value for s in FundSource if same_choice(text, s.value)), text)


def standard_order(lines: list[FundLine]) -> list[FundLine]:
    """The form prints the 财政拨款 sources first; a document lists the sources in their own
    order (as a new document does): lines named as a source go back to that order, any other
    line follows them as printed."""
    order = {source.value: index for index, source in enumerate(FundSource)}
    return [line for _, line in sorted(
        enumerate(lines), key=lambda item: (0, order[item[1].name], item[0])
        if item[1].name in order else (1, 0, item[0]))]


class MoneyRows:
    """A money table's cells as texts and amounts (a cell that cannot be read is reported and
    reads as nothing), its row labels, and a header label among its rows."""

    def __init__(self, reader: "SheetReader") -> None:
        self.reader = reader

    def text(self, cell: GridCell | None) -> str:
        try:
            return self.reader.text(cell)
        except CellError as error:
            self.reader.refuse(error)
            return ""

    def money(self, cell: GridCell | None) -> Decimal | None:
        try:
            return self.reader.cells.money(self.reader.sheet, cell)
        except CellError as error:
            self.reader.refuse(error)
            return None

    def label(self, row: int, column: int) -> str:
        cell = self.reader.grid.at(row, column)
        text = self.reader.label_text(cell) if cell is not None else None
        return text or ""

    def find_in(self, rows: list[int], label: str, first: int) -> tuple[int, GridCell] | None:
        for row in rows:
            for cell in self.reader.grid.anchored(row):
                text = self.reader.label_text(cell)
                if cell.column >= first and text and match_label(label, text) is not None:
                    return row, cell
        return None


def label_rows(reader: "SheetReader", label: str, required: bool
               ) -> tuple[GridCell, dict[str, str], list[int]] | None:
    """The block label (used), what its placeholders matched ("{unit}") and the rows it spans;
    the reader moves past them."""
    found = reader.find_label(label, required)
    if found is None:
        return None
    cell, groups = found
    rows = [r for r in reader.grid.rows if cell.row <= r <= cell.last_row]
    reader.move_past(cell.last_row)
    return cell, groups, rows
