"""What our Excel export tells its own import about rows that are not rows of the document: a
header written again after a page break, the next piece of a long text cut into rows, a cell
written again below a page break. The importer reads these marks to give back the document's
own rows and texts (app/importing/grid.py).

The marks are hidden defined names of the sheet, never cells: the form holds the form and
nothing else, whoever unhides, copies or loads it. A name refers to the cells it marks, so
Excel moves it with them when rows are inserted or deleted; hidden, it is not listed in
Excel's Name Manager, and systems that read the form's cells never see it.

- ``jixiao.header_rows``: whole rows that repeat their table's header (``'表'!$30:$31``);
- ``jixiao.text_pieces``: cells going on with the text of the cell above (``'表'!$C$46:$C$48``);
- ``jixiao.cells_again``: cells that are the cell above again (``'表'!$A$32:$B$32``).

A long list of areas goes on in ``….2``, ``….3`` … (Excel refuses a name over 8,192 characters).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from openpyxl.utils import column_index_from_string, get_column_letter, quote_sheetname

HEADER_ROWS = "jixiao.header_rows"
TEXT_PIECES = "jixiao.text_pieces"
CELLS_AGAIN = "jixiao.cells_again"
_NAME = re.compile(rf"^({re.escape(HEADER_ROWS)}|{re.escape(TEXT_PIECES)}|"
                   rf"{re.escape(CELLS_AGAIN)})(?:\.\d+)?$")
_MAX_FORMULA = 8000
_AREA = re.compile(r"^(?:'((?:[^']|'')*)'|([^'!]+))!(.+)$")
_ROWS = re.compile(r"^\$?(\d{1,7}):\$?(\d{1,7})$")
_CELLS = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?$")
MAX_MARKED = 100_000  # positions read from one sheet's names (a hostile file stops there)


@dataclass(frozen=True)
class RowMark:
    header: bool = False  # a header row written again after a page break
    pieces: frozenset[int] = frozenset()  # 1-based columns continuing the text above
    repeats: frozenset[int] = frozenset()  # 1-based columns repeating the cell above


def mark_names(sheet: str, marks: dict[int, RowMark]) -> list[tuple[str, str]]:
    """The (name, refers-to) pairs holding a sheet's row marks; none for a sheet without."""
    quoted = quote_sheetname(sheet)
    if not quoted.startswith("'"):  # always quoted: the reader then needs one sheet syntax
        quoted = f"'{quoted}'"
    header = [row for row, mark in marks.items() if mark.header]
    areas = {
        HEADER_ROWS: [f"{quoted}!${a}:${b}" for a, b in _runs(header)],
        TEXT_PIECES: _column_runs(quoted, marks, lambda m: m.pieces),
        CELLS_AGAIN: _row_runs(quoted, marks, lambda m: m.repeats),
    }
    names: list[tuple[str, str]] = []
    for name, found in areas.items():
        for n, formula in enumerate(_formulas(found), start=1):
            names.append((name if n == 1 else f"{name}.{n}", formula))
    return names


def read_marks(names: Iterable[tuple[str, str]], sheet: str) -> dict[int, RowMark]:
    """The row marks a sheet's names hold; areas on another sheet or no longer valid
    (``#REF!`` after the officer deleted the rows) are left out."""
    header: set[int] = set()
    pieces: dict[int, set[int]] = {}
    repeats: dict[int, set[int]] = {}
    budget = MAX_MARKED
    for name, formula in names:
        kind = _NAME.match(name)
        if kind is None:
            continue
        for area in _areas(formula):
            parsed = _AREA.match(area)
            if parsed is None:
                continue
            quoted, plain, reference = parsed.groups()
            if (plain if quoted is None else quoted.replace("''", "'")) != sheet:
                continue
            if kind.group(1) == HEADER_ROWS:
                rows = _ROWS.match(reference)
                if rows is not None:
                    low, high = sorted(map(int, rows.groups()))
                    budget -= high - low + 1
                    if budget < 0:
                        break
                    header.update(range(low, high + 1))
                continue
            cells = _CELLS.match(reference)
            if cells is None:
                continue
            first, top, last, bottom = cells.groups()
            c1, c2 = sorted((column_index_from_string(first),
                             column_index_from_string(last or first)))
            r1, r2 = sorted((int(top), int(bottom or top)))
            budget -= (c2 - c1 + 1) * (r2 - r1 + 1)
            if budget < 0:
                break
            target = pieces if kind.group(1) == TEXT_PIECES else repeats
            for row in range(r1, r2 + 1):
                target.setdefault(row, set()).update(range(c1, c2 + 1))
    marks = {row: RowMark(header=True) for row in header}
    for row in (pieces.keys() | repeats.keys()) - header:
        marks[row] = RowMark(pieces=frozenset(pieces.get(row, ())),
                             repeats=frozenset(repeats.get(row, ())))
    return marks


def _runs(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive numbers as (first, last) runs: 5, 6, 7, 9 → (5, 7), (9, 9)."""
    runs: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _column_runs(quoted: str, marks: dict[int, RowMark], columns_of) -> list[str]:
    """A text's pieces run down one column: one area per run of rows."""
    by_column: dict[int, list[int]] = {}
    for row, mark in marks.items():
        for column in columns_of(mark):
            by_column.setdefault(column, []).append(row)
    return [_cells(quoted, column, top, column, bottom)
            for column in sorted(by_column) for top, bottom in _runs(by_column[column])]


def _row_runs(quoted: str, marks: dict[int, RowMark], columns_of) -> list[str]:
    """Cells written again lie side by side in the row below a break: one area per run."""
    return [_cells(quoted, first, row, last, row)
            for row in sorted(marks) for first, last in _runs(columns_of(marks[row]))]


def _cells(quoted: str, first: int, top: int, last: int, bottom: int) -> str:
    start = f"${get_column_letter(first)}${top}"
    if (first, top) == (last, bottom):
        return f"{quoted}!{start}"
    return f"{quoted}!{start}:${get_column_letter(last)}${bottom}"


def _formulas(areas: list[str]) -> list[str]:
    """Areas joined by commas into formulas no longer than Excel takes."""
    formulas: list[str] = []
    for area in areas:
        if formulas and len(formulas[-1]) + 1 + len(area) <= _MAX_FORMULA:
            formulas[-1] += "," + area
        else:
            formulas.append(area)
    return formulas


def _areas(formula: str) -> list[str]:
    """A union's areas, split at the commas outside quoted sheet names."""
    areas: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in formula:
        if ch == "'":
            quoted = not quoted
        if ch == "," and not quoted:
            areas.append("".join(current))
            current = []
        else:
            current.append(ch)
    areas.append("".join(current))
    return [a.strip() for a in areas if a.strip()]
