"""Styled and merged cells for the Excel export, without openpyxl's per-assignment costs.

openpyxl keeps a cell's style as indexes into the workbook's lists of fonts, alignments,
borders and number formats; ``cell.font = font`` hashes the font (a tree of descriptor objects,
in Python) to find its index, every time, and ``merge_cells`` checks the new range against
every existing one and re-derives the edge borders cell by cell. For the ~25,000 cells of a
100-project workbook that was most of the export's time. Here each combination of styles is
looked up once per workbook and its index array copied to each cell that uses it, and merged
ranges are recorded directly: the renderer's ranges never overlap, and every grid position of
a table gets its border afterwards. The file written is the same, byte for byte.
"""
from __future__ import annotations

from openpyxl.cell.cell import MergedCell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE, BUILTIN_FORMATS_REVERSE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet


class CellStyles:
    """Style index arrays of one workbook, made once per combination of style objects.

    The style objects are the renderer's module-level constants, so their identity names
    them. Indexes are taken in the order cells first use them, as openpyxl would.
    """

    def __init__(self, workbook) -> None:
        self.workbook = workbook
        self._arrays: dict[tuple, StyleArray] = {}

    def array(self, font=None, alignment=None, border=None, number_format: str | None = None,
              quote_prefix: bool = False) -> StyleArray:
        key = (id(font), id(alignment), id(border), number_format, quote_prefix)
        array = self._arrays.get(key)
        if array is None:
            wb = self.workbook
            array = StyleArray()
            if number_format is not None:
                array.numFmtId = (BUILTIN_FORMATS_REVERSE[number_format]
                                  if number_format in BUILTIN_FORMATS_REVERSE
                                  else wb._number_formats.add(number_format)
                                  + BUILTIN_FORMATS_MAX_SIZE)
            if font is not None:
                array.fontId = wb._fonts.add(font)
            if alignment is not None:
                array.alignmentId = wb._alignments.add(alignment)
            if border is not None:
                array.borderId = wb._borders.add(border)
            if quote_prefix:
                array.quotePrefix = 1
            self._arrays[key] = array
        return array

    def apply(self, cell, font=None, alignment=None, border=None,
              number_format: str | None = None, quote_prefix: bool = False) -> None:
        """Give ``cell`` exactly these styles (what it had is replaced)."""
        cell._style = StyleArray(self.array(font, alignment, border, number_format,
                                            quote_prefix))


def merge(ws: Worksheet, first_row: int, first_column: int, last_row: int,
          last_column: int) -> None:
    """Merge a range that overlaps no other: its covered cells become ``MergedCell``s, as
    ``ws.merge_cells`` makes them; their borders are the caller's to set."""
    coord = (f"{get_column_letter(first_column)}{first_row}:"
             f"{get_column_letter(last_column)}{last_row}")
    ws.merged_cells.ranges.add(MergedCellRange(ws, coord))
    cells = ws._cells
    for row in range(first_row, last_row + 1):
        for column in range(first_column, last_column + 1):
            if row != first_row or column != first_column:
                cells[row, column] = MergedCell(ws, row, column)
