"""Reading one sheet by a definition's blocks: where a label is, what is right of or below it,
which rows a table has; every value read becomes an assignment to a model path, kept until the
whole workbook is read (nothing is half-imported)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from app.importing.cells import Cells
from app.importing.grid import Grid, GridCell
from app.importing.labels import match_label, normalize, shown_label
from app.importing.problems import CellError, ImportProblem
from app.importing.workbook import CellKind
from app.templates import Template

DOCUMENT = "document."  # a path from a project's sheet that names the document's own field


@dataclass
class Assignment:
    project: int | None  # the project the path is relative to (None: the document)
    path: str  # "department.annual_goal", "indicators", "evaluation.execution" …
    value: object
    where: ImportProblem  # the cell it came from, for a message if the model refuses it


class SheetReader:
    """The state of reading one sheet: the current row (blocks come in the sheet's order), the
    cells already taken, and what was read."""

    def __init__(self, grid: Grid, cells: Cells, template: Template, project: int | None,
                 assignments: list[Assignment], problems: list[ImportProblem],
                 warnings: list[ImportProblem]) -> None:
        self.grid = grid
        self.cells = cells
        self.template = template
        self.project = project
        self.assignments = assignments
        self.problems = problems
        self.warnings = warnings
        self.cursor = 0  # index into grid.rows where the next search starts
        self.used: set[int] = set()
        self.next_anchors: tuple[str, ...] = ()  # the labels of the blocks that follow

    @property
    def sheet(self) -> str:
        return self.grid.name

    # -- what was read -------------------------------------------------------------------
    def where(self, cell: GridCell | None = None, row: int | None = None) -> ImportProblem:
        if cell is not None:
            return ImportProblem("", self.sheet, cell.row, cell.column)
        return ImportProblem("", self.sheet, row)

    def assign(self, path: str, value: object, cell: GridCell | None) -> None:
        project = self.project
        if path.startswith(DOCUMENT):
            path, project = path[len(DOCUMENT):], None
        self.assignments.append(Assignment(project, path, value, self.where(cell)))

    def problem(self, message: str, cell: GridCell | None = None, row: int | None = None) -> None:
        self.problems.append(_located(message, self.where(cell, row)))

    def missing(self, what: str) -> None:
        """A block not found from the current row on: "从第12行起找不到“中长期目标”"."""
        rows = self.grid.rows
        start = rows[self.cursor] if self.cursor < len(rows) else None
        where = f"从第{start}行起" if start is not None and self.cursor > 0 else ""
        self.problem(f"{where}找不到{what}")

    def warn(self, message: str, cell: GridCell | None = None) -> None:
        self.warnings.append(_located(message, self.where(cell)))

    def refuse(self, error: CellError) -> None:
        self.problems.append(error.problem)

    # -- cells ---------------------------------------------------------------------------
    def text(self, cell: GridCell | None) -> str:
        return self.cells.text(self.sheet, cell)

    def label_text(self, cell: GridCell) -> str | None:
        """A cell's text when it can be a label (a short text), else None."""
        raw = cell.raw
        if raw is None or raw.kind is not CellKind.TEXT or len(cell.pieces) > 1:
            return None
        return raw.value

    def use(self, *cells: GridCell | None) -> None:
        self.used.update(id(c) for c in cells if c is not None)

    def move_to(self, row: int) -> None:
        """Go on searching from this sheet row (the blocks of a form come in its order)."""
        self.cursor = max(self.cursor, self.grid.index_of(row))

    def move_past(self, row: int) -> None:
        self.cursor = max(self.cursor, self.grid.index_of(row) + 1)

    def row_after(self, row: int) -> int | None:
        """The next document row after a sheet row."""
        index = self.grid.index_of(row) + 1
        while index < len(self.grid.rows) and self.grid.rows[index] <= row:
            index += 1
        return self.grid.rows[index] if index < len(self.grid.rows) else None

    def right_of(self, cell: GridCell) -> GridCell | None:
        return self.grid.at(cell.row, cell.last_column + 1)

    def beside(self, label: GridCell) -> list[GridCell | None]:
        """The cells right of a label merged over several rows, one per row it spans (a
        block of rows under one label: 部门(单位)绩效目标, 偏差原因分析及改进措施)."""
        return [self.grid.at(row, label.last_column + 1) for row in self.grid.rows
                if label.row <= row <= label.last_row]

    def below(self, cell: GridCell) -> GridCell | None:
        row = self.row_after(cell.last_row)
        return self.grid.at(row, cell.column) if row is not None else None

    # -- searching -----------------------------------------------------------------------
    def rows_from(self, index: int | None = None) -> Iterator[int]:
        for position in range(self.cursor if index is None else index, len(self.grid.rows)):
            yield self.grid.rows[position]

    def find_label(self, label: str, required: bool = True
                   ) -> tuple[GridCell, dict[str, str]] | None:
        """``find`` for a block that starts at a label: the label found is used; a required one
        not found is reported missing ("缺少“…”")."""
        found = self.find(label)
        if found is None:
            if required:
                self.missing(f"“{shown_label(label)}”")
            return None
        self.use(found[0])
        return found

    def find(self, label: str) -> tuple[GridCell, dict[str, str]] | None:
        """The first unused cell from the current row on that reads ``label``."""
        for row in self.rows_from():
            for cell in self.grid.anchored(row):
                if id(cell) in self.used:
                    continue
                text = self.label_text(cell)
                if text is not None:
                    groups = match_label(label, text)
                    if groups is not None:
                        return cell, groups
        return None

    def find_pattern(self, pattern: re.Pattern[str]) -> tuple[GridCell, re.Match[str]] | None:
        for row in self.rows_from():
            for cell in self.grid.anchored(row):
                if id(cell) in self.used or cell.raw is None:
                    continue
                if cell.raw.kind is not CellKind.TEXT:
                    continue
                text = "".join(p.value for p in cell.pieces if p is not None)
                match = pattern.fullmatch(text)
                if match:
                    return cell, match
        return None

    def find_header(self, labels: tuple[str, ...]
                    ) -> tuple[int, dict[str, GridCell]] | None:
        """The first row from the current one holding a table's header (found by its first two
        labels, or its only one); returns the row and the header cell of each label found."""
        for row in self.rows_from():
            cells = [(cell, text) for cell in self.grid.anchored(row)
                     if id(cell) not in self.used
                     for text in (self.label_text(cell),) if text is not None]
            if not all(any(match_label(label, text) is not None for _, text in cells)
                       for label in labels[:2]):
                continue
            found: dict[str, GridCell] = {}
            for label in labels:
                for cell, text in cells:
                    if cell not in found.values() and match_label(label, text) is not None:
                        found[label] = cell
                        break
            return row, found
        return None

    def starts_next_block(self, row: int) -> bool:
        """Whether a sheet row holds a label of a block that follows (a table ends there)."""
        if not self.next_anchors:
            return False
        labels = [self.label_text(c) for c in self.grid.anchored(row)]
        texts = [t for t in labels if t]
        for anchor in self.next_anchors:
            if any(match_label(anchor, text) is not None for text in texts):
                return True
        return False

    def table_rows(self, header_row: int | None, first: int, last: int,
                   label: GridCell | None = None, header: tuple[str, ...] = (),
                   until: tuple[str, ...] = ()) -> Iterator[int]:
        """The document rows of a table below ``header_row`` (or from the current row) within
        columns ``first``–``last``: while ``label`` (a block label beside the table) covers
        them, or else while rows hold anything of a table (a value, a merge, a border), up to
        the next block's label or one of ``until``. A row repeating the header (a workbook
        made from a printout) is skipped."""
        start = self.grid.index_of(header_row) + 1 if header_row is not None else self.cursor
        header_texts = [normalize(h) for h in header]
        for row in self.rows_from(start):
            if header_row is not None and row <= header_row:
                continue
            if label is not None:
                if row > label.last_row:
                    return
            elif not self.grid.occupied(row, first, last):
                return
            cells = [c for c in self.grid.anchored(row) if c.column <= last and c.last_column >= first]
            if label is None and len(cells) == 1 and cells[0].column <= first \
                    and cells[0].last_column >= last and self.grid.at(row, last) is cells[0]:
                return  # a row across the whole table (a note under it) is not one of its rows
            anchored = [self.label_text(c) or "" for c in cells]
            if until and any(match_label(u, t) is not None for u in until for t in anchored):
                return
            if label is None and self.starts_next_block(row):
                return
            if header_texts and [normalize(t) for t in anchored if t] == header_texts:
                continue
            yield row


def _located(message: str, where: ImportProblem) -> ImportProblem:
    return ImportProblem(message, where.sheet, where.row, where.column)
