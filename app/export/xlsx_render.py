"""Excel rendering of a ``PrintLayout`` with openpyxl: one sheet per part that names a sheet.

Every text cell is stored as text (data type "s", quote prefix), so "=0%", "+5" or "@x" never
become formulas; amounts are numbers with two decimals.
"""
from __future__ import annotations


import math
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Callable

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from app.export.layout import (Align, Cell, Continuation, Paragraph, Part, PrintLayout,
                               SignatureBlock, Style, Table, grid_positions)
from app.export.text_pieces import text_pieces
from app.export.textwidth import wrapped_lines
from app.export.xlsx_bytes import workbook_bytes
from app.export.xlsx_cells import CellStyles, merge
from app.export.xlsx_marks import RowMark, mark_names
from app.export.xlsx_pages import Segment, TablePlan, Unit, paginate

# Characters a line of the sheet holds at 五号 across the printable A4 width (fit to width).
_PAGE_CHARS = {False: 96, True: 140}
_LINE_HEIGHT = {False: 14.5, True: 12.5}  # points per line: 五号 / 小五
_MAX_ROW_HEIGHT = 409  # Excel's limit
_FORMULA_START = ("=", "+", "-", "@")
_A4 = (595.3, 841.9)  # points
_MARGIN_SIDE, _MARGIN_TOP = 0.6, 0.8  # inches, as openpyxl's page margins take them
# A column of width w (in characters of the default font, Calibri 11: 7 px) prints 7w px.
_POINTS_PER_WIDTH_UNIT = 5.25
_HEIGHT_MARGIN = 0.92
# The tallest row a text gets before it is cut: Excel's limit, less the margin a reader's wider
# font may need (the pages' own safety margin).
_SPLIT_HEIGHT = _MAX_ROW_HEIGHT * 0.92
_SIGNATURE_GAP, _SIGNATURE_ROW = 14.0, 24.0
_SIGNATURE_FONT = Font(name="宋体", size=12)

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONTS = {
    Style.TITLE: Font(name="黑体", size=16),
    Style.SUBTITLE: Font(name="仿宋", size=12),
    Style.HEADING1: Font(name="黑体", size=12),
    Style.HEADING2: Font(name="黑体", size=11),
    Style.HEADING3: Font(name="宋体", size=11, bold=True),
}
_BODY_FONT = Font(name="宋体", size=10.5)
_BOLD_FONT = Font(name="宋体", size=10.5, bold=True)
_SMALL_FONT = Font(name="宋体", size=9)
_SMALL_BOLD_FONT = Font(name="宋体", size=9, bold=True)
_H_ALIGN = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right"}
_ALIGNMENTS = {(h, v): Alignment(horizontal=h, vertical=v, wrap_text=True)
               for h in ("left", "center", "right", "justify") for v in ("center", "top")}
_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def render_xlsx(layout: PrintLayout, path: Path) -> None:
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the empty sheet a new workbook starts with
    styles = CellStyles(workbook)
    parts = [p for p in layout.parts if p.sheet]
    for part, name in zip(parts, sheet_names([p.sheet for p in parts])):
        _render_sheet(workbook.create_sheet(name), part, styles)
    if not parts:
        workbook.create_sheet("空")
    # Zipped in memory, written in one go: a zip left half-written on a full disk would report
    # the error again, in English, whenever it is collected.
    path.write_bytes(workbook_bytes(workbook))


def sheet_names(wanted: list[str]) -> list[str]:
    """Valid (≤ 31 characters, none of []:*?/\\), unique sheet names, in order."""
    result: list[str] = []
    seen: set[str] = set()
    for name in wanted:
        base = _INVALID_SHEET_CHARS.sub("_", name).strip("'") or "表"
        candidate, n = base[:31], 2
        while candidate.lower() in seen:
            suffix = f"({n})"
            candidate, n = base[:31 - len(suffix)] + suffix, n + 1
        seen.add(candidate.lower())
        result.append(candidate)
    return result


def text_cell(ws: Worksheet, row: int, column: int, text: str, styles: CellStyles, font,
              alignment=None, border=None):
    cell = ws.cell(row=row, column=column)
    assert isinstance(cell, SheetCell)  # an anchor, never a cell a merge covers
    # As ``cell.value = text`` checks and cuts it, but always text: never a formula (or an
    # error code), whatever it starts with.
    cell._value = cell.check_string(text)  # type: ignore[attr-defined]  # the stubs omit the slot
    cell.data_type = "s"
    # With a quote prefix Excel keeps it text when the officer edits the cell.
    styles.apply(cell, font, alignment, border, quote_prefix=text.startswith(_FORMULA_START))
    return cell


def _render_sheet(ws: Worksheet, part: Part, styles: CellStyles) -> None:
    columns = len(part.columns)
    page_chars = _PAGE_CHARS[part.landscape]
    scale = sum(part.columns)
    widths = [page_chars * w / scale for w in part.columns]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = round(width + 0.7, 1)
    units = sheet_units(part, widths)
    print_scale = _print_scale([ws.column_dimensions[get_column_letter(i)].width
                                for i in range(1, columns + 1)], part.landscape)
    row = 1
    marks: dict[int, RowMark] = {}
    for placed in paginate(units, page_capacity(part.landscape, print_scale)):
        item = placed.item
        if isinstance(item, Paragraph):
            row = _paragraph(ws, item, row, columns, sum(widths), styles)
        elif isinstance(item, Segment):
            marks.update(_row_marks(item, row, columns))
            row = _table(ws, item, row, columns, widths, styles)
        elif isinstance(item, SignatureBlock):
            row = _signature(ws, item, row, part.columns, styles)
        elif isinstance(item, Spacer):
            ws.row_dimensions[row].height = item.height
            row += 1
        if placed.break_after:
            ws.row_breaks.append(Break(id=row - 1))  # the page ends after this row
    _write_marks(ws, marks)
    _print_setup(ws, part)


def _row_marks(segment: Segment, first_row: int, columns: int) -> dict[int, RowMark]:
    """Which sheet rows of a table segment are not document rows, or continue the row above:
    the header written again after a page break, pieces of a long text, cells cut by a break."""
    marks = {first_row + r: RowMark(header=True) for r in range(segment.repeated_header)}
    pieces: dict[int, set[int]] = {}
    repeats: dict[int, set[int]] = {}
    for r, c, cell in grid_positions(segment.table, columns):
        if r >= segment.repeated_header and cell.continues is not Continuation.NONE:
            target = pieces if cell.continues is Continuation.PIECE else repeats
            target.setdefault(first_row + r, set()).add(c + 1)
    for row in pieces.keys() | repeats.keys():
        marks[row] = RowMark(pieces=frozenset(pieces.get(row, ())),
                             repeats=frozenset(repeats.get(row, ())))
    return marks


def _write_marks(ws: Worksheet, marks: dict[int, RowMark]) -> None:
    """The rows' marks as hidden names of the sheet (app/export/xlsx_marks.py), in no cell."""
    for name, formula in mark_names(ws.title, marks):
        ws.defined_names.add(DefinedName(name, attr_text=formula, hidden=True))


@dataclass(frozen=True)
class Spacer:
    """The empty row after a table."""

    height: float = 8.0


def sheet_units(part: Part, widths: list[float]) -> list[Unit]:
    """What the sheet prints, in order, with the heights the pages are planned from."""
    units: list[Unit] = []
    blocks = [b for b in part.blocks if isinstance(b, (Paragraph, Table, SignatureBlock))]
    for position, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            units.append(Unit(block, _paragraph_height(block, sum(widths))))
        elif isinstance(block, Table):
            units.append(Unit(block, plan=_table_plan(block, len(part.columns), widths)))
            following = blocks[position + 1] if position + 1 < len(blocks) else None
            if not isinstance(following, SignatureBlock):
                units.append(Unit(Spacer(), Spacer().height))
        else:
            units.append(Unit(block, _SIGNATURE_GAP + _SIGNATURE_ROW * len(block.lines)))
    return units


def _table_plan(block: Table, columns: int, widths: list[float], split: bool = True
                ) -> TablePlan:
    """The table's rows and heights; with ``split``, a text taller than a row can be
    (Excel's limit is 409 pt) is cut at sentence ends into several rows."""
    line_height = _LINE_HEIGHT[block.small]
    if split:
        block = split_tall_rows(block, columns, _text_widths(block, widths),
                                int((_SPLIT_HEIGHT - 4) // line_height), padding=1)
    return TablePlan(block, columns, _cell_lines(block, widths), line_height, _MAX_ROW_HEIGHT)


def _text_widths(block: Table, widths: list[float]) -> list[float]:
    """Column widths in characters of the table's font (widths are in 五号 characters)."""
    font = _SMALL_FONT if block.small else _BODY_FONT
    return [w * 10.5 / font.size for w in widths]


def _cell_lines(block: Table, widths: list[float]) -> Callable[[int, Cell], int]:
    """Lines a cell of the table takes (``textwidth.wrap`` counts them), by its column."""
    text_widths = _text_widths(block, widths)
    return lambda c, cell: wrapped_lines(cell.text, cell_width(text_widths, c, cell.colspan,
                                                                padding=1))


def _print_scale(column_widths: list[float], landscape: bool) -> int:
    """The largest scale (%) a reader prints the sheet at: fit to one page wide, never above
    100%. Excel measures column widths in Calibri 11 digits (7 px); a reader with a wider
    default font prints smaller, so its pages end below the breaks planned here, never past
    them."""
    width, _ = _printable(landscape)
    points = sum(column_widths) * _POINTS_PER_WIDTH_UNIT
    return max(10, min(100, math.ceil(100 * width / points)))


def _printable(landscape: bool) -> tuple[float, float]:
    """Width and height (points) inside the margins of an A4 page."""
    width, height = (_A4[1], _A4[0]) if landscape else _A4
    return width - 2 * _MARGIN_SIDE * 72, height - 2 * _MARGIN_TOP * 72


def page_capacity(landscape: bool, print_scale: int) -> float:
    """Points of sheet rows one printed page holds, less a safety margin for the readers'
    own rounding (row heights are ours, so this is all that varies)."""
    return _printable(landscape)[1] * 100 / print_scale * _HEIGHT_MARGIN


def _paragraph_height(block: Paragraph, width: float) -> float:
    font = _FONTS.get(block.style, _BODY_FONT)
    lines = wrapped_lines(block.text, width * 10.5 / font.size)
    return min(_MAX_ROW_HEIGHT, lines * font.size * 1.45 + 4)


def _paragraph(ws: Worksheet, block: Paragraph, row: int, columns: int, width: float,
               styles: CellStyles) -> int:
    centered = block.style in (Style.TITLE, Style.SUBTITLE) or block.align is Align.CENTER
    text_cell(ws, row, 1, block.text, styles, _FONTS.get(block.style, _BODY_FONT),
              _ALIGNMENTS[("center" if centered else "left", "center")])
    if columns > 1:
        merge(ws, row, 1, row, columns)
    ws.row_dimensions[row].height = _paragraph_height(block, width)
    return row + 1


def _number_format(amount: Decimal) -> str:
    """Two decimals, as the forms print amounts; more when the amount holds more (a 元 figure
    in a 万元 box), so the sheet shows what the document holds, never rounded away."""
    exponent = amount.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) else 2
    return "0." + "0" * max(2, places)


def _fits_a_double(amount: Decimal) -> bool:
    """Excel and LibreOffice keep 15 significant digits: 99999999999999.99 would print as
    …98 (or …00), so such an amount is written as its exact text instead."""
    return len(amount.as_tuple().digits) <= 15


def _table(ws: Worksheet, segment: Segment, first_row: int, columns: int,
           widths: list[float], styles: CellStyles) -> int:
    """Write a table's page (already split and cut for it); returns the row after it."""
    block = segment.table
    font, bold = (_SMALL_FONT, _SMALL_BOLD_FONT) if block.small else (_BODY_FONT, _BOLD_FONT)
    lines = _cell_lines(block, widths)
    anchors = list(grid_positions(block, columns))
    for r, c, cell in anchors:
        row, column = first_row + r, c + 1
        # A paragraph starts at the top of its cell (a reader's font may need fewer lines than
        # estimated); labels and short values stay centred.
        vertical = "top" if lines(c, cell) > 2 and cell.align is Align.LEFT else "center"
        alignment = _ALIGNMENTS[(_H_ALIGN[cell.align], vertical)]
        if cell.amount is not None and _fits_a_double(Decimal(cell.amount)):
            amount = Decimal(cell.amount)
            target = ws.cell(row=row, column=column, value=amount)
            styles.apply(target, bold if cell.bold else font, alignment, _BORDER,
                         _number_format(amount))
        else:  # text, or an amount of more digits than a spreadsheet number keeps exactly
            text_cell(ws, row, column, cell.text, styles, bold if cell.bold else font,
                      alignment, _BORDER)
        if cell.rowspan > 1 or cell.colspan > 1:
            merge(ws, row, column, row + cell.rowspan - 1, column + cell.colspan - 1)
    for r, height in enumerate(segment.heights):
        ws.row_dimensions[first_row + r].height = height
    last_row = first_row + len(block.rows) - 1
    # Borders on every grid position, covered ones included, so merged cells are outlined.
    written = {(first_row + r, c + 1) for r, c, _ in anchors}
    cells = ws._cells
    for row in range(first_row, last_row + 1):
        for column in range(1, columns + 1):
            if (row, column) not in written:
                covered = cells.get((row, column)) or ws.cell(row=row, column=column)
                styles.apply(covered, border=_BORDER)
    return last_row + 1


def _signature(ws: Worksheet, block: SignatureBlock, row: int,
               columns: tuple[float, ...], styles: CellStyles) -> int:
    """签字盖章 under the form, as on the PDF: the lines on the left, （盖章） on the right."""
    left = signature_columns(columns)
    ws.row_dimensions[row].height = _SIGNATURE_GAP
    first = row + 1
    for i, line in enumerate(block.lines):
        text_cell(ws, first + i, 1, line, styles, _SIGNATURE_FONT,
                  _ALIGNMENTS[("left", "center")])
        if left > 1:
            merge(ws, first + i, 1, first + i, left)
        ws.row_dimensions[first + i].height = _SIGNATURE_ROW
    last = first + len(block.lines) - 1
    if left < len(columns):
        text_cell(ws, first, left + 1, block.seal, styles, _SIGNATURE_FONT,
                  _ALIGNMENTS[("center", "center")])
        if last > first or len(columns) > left + 1:
            merge(ws, first, left + 1, last, len(columns))
    else:  # a one-column sheet: the seal under the lines
        last += 1
        text_cell(ws, last, 1, block.seal, styles, _SIGNATURE_FONT)
        ws.row_dimensions[last].height = _SIGNATURE_ROW
    return last + 1


def signature_columns(columns: tuple[float, ...]) -> int:
    """How many columns the signature lines take: about the left two thirds, as on the PDF."""
    total, used = sum(columns), 0.0
    for count, width in enumerate(columns, start=1):
        used += width
        if used >= total * 0.6:
            return max(1, min(count, len(columns) - 1)) if len(columns) > 1 else 1
    return len(columns)


def split_tall_rows(block: Table, columns: int, widths: list[float], max_lines: int,
                    padding: float = 0.0) -> Table:
    """Spread a row taller than Excel allows (409 pt) over several rows.

    Its long texts are cut at sentence ends (app/export/text_pieces.py) into consecutive
    cells; its other cells, and the labels spanning it from above, grow to cover the new rows.
    So a 5,000-character 主要职能 prints whole instead of being clipped. The number of new rows
    is the number of pieces actually cut (``textwidth.wrap`` is the one line counter), and the
    pieces of a text joined give the text back, character for character.
    """
    positions: dict[int, list[tuple[int, Cell]]] = {}
    for r, c, cell in grid_positions(block, columns):
        positions.setdefault(r, []).append((c, cell))
    rows: list[list[Cell]] = []
    # (output row, index in that row, last output row it covers) of every multi-row cell
    spans: list[list[int]] = []
    for r, row in enumerate(block.rows):
        chunks: dict[int, list[str]] = {}
        if r >= block.header_rows:
            for c, cell in positions.get(r, []):
                width = cell_width(widths, c, cell.colspan, padding)
                if cell.rowspan == 1 and wrapped_lines(cell.text, width) > max_lines:
                    chunks[id(cell)] = text_pieces(cell.text, width, max_lines)
        pieces = max(map(len, chunks.values()), default=1)
        if pieces <= 1:
            _append(rows, spans, row)
            continue
        here = len(rows)
        for span in spans:  # labels spanning this row from above grow with it
            if span[0] < here <= span[2]:
                out_row, index = span[0], span[1]
                cell = rows[out_row][index]
                rows[out_row][index] = _grown(cell, pieces - 1)
                span[2] += pieces - 1
        for piece in range(pieces):
            new_row = []
            for cell in row:
                if id(cell) in chunks:
                    parts = chunks[id(cell)]
                    new_row.append(Cell(parts[piece] if piece < len(parts) else "",
                                        colspan=cell.colspan, bold=cell.bold, align=cell.align,
                                        continues=Continuation.PIECE if piece
                                        else Continuation.NONE))
                elif piece == 0:
                    new_row.append(_grown(cell, pieces - 1))
            _append(rows, spans, new_row)
    return Table(rows, header_rows=block.header_rows, small=block.small)


def cell_width(widths: list[float], column: int, colspan: int, padding: float = 0.0) -> float:
    """The text width of a cell spanning ``colspan`` columns from ``column``."""
    return sum(widths[column:column + colspan]) - padding


def _grown(cell: Cell, extra: int) -> Cell:
    return Cell(cell.text, rowspan=cell.rowspan + extra, colspan=cell.colspan, bold=cell.bold,
                align=cell.align, amount=cell.amount, continues=cell.continues)


def _append(rows: list[list[Cell]], spans: list[list[int]], row: list[Cell]) -> None:
    here = len(rows)
    rows.append(list(row))
    spans.extend([here, i, here + cell.rowspan - 1] for i, cell in enumerate(row)
                 if cell.rowspan > 1)


def _print_setup(ws: Worksheet, part: Part) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if part.landscape else "portrait"
    assert ws.sheet_properties.pageSetUpPr is not None  # a new sheet has its properties
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # without it fitToWidth is ignored
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the breaks make
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = _MARGIN_SIDE
    ws.page_margins.top = ws.page_margins.bottom = _MARGIN_TOP
    assert ws.oddFooter is not None  # a new sheet has its footer's parts
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.sheet_view.showGridLines = False
