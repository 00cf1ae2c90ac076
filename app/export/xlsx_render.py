"""Excel rendering of a ``PrintLayout`` with openpyxl: one sheet per part that names a sheet.

Every text cell is stored as text (data type "s", quote prefix), so "=0%", "+5" or "@x" never
become formulas; amounts are numbers with two decimals.
"""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.export.layout import (Align, Cell, Paragraph, Part, PrintLayout, Style, Table,
                               grid_positions)
from app.export.textwidth import char_width, wrapped_lines

# Characters a line of the sheet holds at 五号 across the printable A4 width (fit to width).
_PAGE_CHARS = {False: 96, True: 140}
_LINE_HEIGHT = {False: 14.5, True: 12.5}  # points per line: 五号 / 小五
_MAX_ROW_HEIGHT = 409  # Excel's limit
_FORMULA_START = ("=", "+", "-", "@")

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
    workbook.remove(workbook.active)
    parts = [p for p in layout.parts if p.sheet]
    for part, name in zip(parts, sheet_names([p.sheet for p in parts])):
        _render_sheet(workbook.create_sheet(name), part)
    if not parts:
        workbook.create_sheet("空")
    workbook.save(str(path))


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


def text_cell(ws: Worksheet, row: int, column: int, text: str):
    cell = ws.cell(row=row, column=column)
    cell.value = text
    cell.data_type = "s"  # never a formula, whatever the text starts with
    if text.startswith(_FORMULA_START):
        cell.quotePrefix = True  # and Excel keeps it text when the officer edits the cell
    return cell


def _render_sheet(ws: Worksheet, part: Part) -> None:
    columns = len(part.columns)
    page_chars = _PAGE_CHARS[part.landscape]
    scale = sum(part.columns)
    widths = [page_chars * w / scale for w in part.columns]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = round(width + 0.7, 1)
    row = 1
    for block in part.blocks:
        if isinstance(block, Paragraph):
            row = _paragraph(ws, block, row, columns, sum(widths))
        elif isinstance(block, Table):
            row = _table(ws, block, row, columns, widths) + 1
    _print_setup(ws, part)


def _paragraph(ws: Worksheet, block: Paragraph, row: int, columns: int, width: float) -> int:
    cell = text_cell(ws, row, 1, block.text)
    font = _FONTS.get(block.style, _BODY_FONT)
    cell.font = font
    centered = block.style in (Style.TITLE, Style.SUBTITLE) or block.align is Align.CENTER
    cell.alignment = _ALIGNMENTS[("center" if centered else "left", "center")]
    if columns > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    lines = wrapped_lines(block.text, width * 10.5 / font.size)
    ws.row_dimensions[row].height = min(_MAX_ROW_HEIGHT, lines * font.size * 1.45 + 4)
    return row + 1


def _table(ws: Worksheet, block: Table, first_row: int, columns: int,
           widths: list[float]) -> int:
    font, bold = (_SMALL_FONT, _SMALL_BOLD_FONT) if block.small else (_BODY_FONT, _BOLD_FONT)
    line_height = _LINE_HEIGHT[block.small]
    char_scale = 10.5 / font.size
    block = split_tall_rows(block, columns, [w * char_scale - 1 for w in widths],
                            int((_MAX_ROW_HEIGHT - 4) // line_height))
    heights = [1] * len(block.rows)
    for r, c, cell in grid_positions(block, columns):
        row, column = first_row + r, c + 1
        if cell.amount is not None:
            target = ws.cell(row=row, column=column, value=Decimal(cell.amount))
            target.number_format = "0.00"
        else:
            target = text_cell(ws, row, column, cell.text)
        target.font = bold if cell.bold else font
        lines = wrapped_lines(cell.text, sum(widths[c:c + cell.colspan]) * char_scale - 1)
        # A paragraph starts at the top of its cell (a reader's font may need fewer lines than
        # estimated); labels and short values stay centred.
        vertical = "top" if lines > 2 and cell.align is Align.LEFT else "center"
        target.alignment = _ALIGNMENTS[(_H_ALIGN[cell.align], vertical)]
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(start_row=row, start_column=column,
                           end_row=row + cell.rowspan - 1, end_column=column + cell.colspan - 1)
        per_row = -(-lines // cell.rowspan)  # a merged cell shares its lines among its rows
        for dr in range(cell.rowspan):
            heights[r + dr] = max(heights[r + dr], per_row)
    last_row = first_row + len(block.rows) - 1
    for r, lines in enumerate(heights):
        ws.row_dimensions[first_row + r].height = min(_MAX_ROW_HEIGHT,
                                                      lines * line_height + 4)
    # Borders on every grid position, covered ones included, so merged cells are outlined.
    for cells in ws.iter_rows(min_row=first_row, max_row=last_row, max_col=columns):
        for cell in cells:
            cell.border = _BORDER
    return last_row + 1


def split_tall_rows(block: Table, columns: int, widths: list[float], max_lines: int) -> Table:
    """Spread a row taller than Excel allows (409 pt) over several rows.

    Its long texts are cut at line ends into consecutive cells; its other cells, and the
    labels spanning it from above, grow to cover the new rows. So a 2,000-character 主要职能
    prints whole instead of being clipped.
    """
    positions: dict[int, list[tuple[int, Cell]]] = {}
    for r, c, cell in grid_positions(block, columns):
        positions.setdefault(r, []).append((c, cell))
    rows: list[list[Cell]] = []
    # (output row, index in that row, last output row it covers) of every multi-row cell
    spans: list[list[int]] = []
    for r, row in enumerate(block.rows):
        needed = {id(cell): wrapped_lines(cell.text, sum(widths[c:c + cell.colspan]))
                  for c, cell in positions.get(r, [])}
        pieces = -(-max(needed.values(), default=1) // max_lines)
        long_cells = {id(cell) for c, cell in positions.get(r, [])
                      if needed[id(cell)] > max_lines and cell.rowspan == 1}
        if pieces <= 1 or r < block.header_rows or not long_cells:
            _append(rows, spans, row)
            continue
        here = len(rows)
        for span in spans:  # labels spanning this row from above grow with it
            if span[0] < here <= span[2]:
                out_row, index = span[0], span[1]
                cell = rows[out_row][index]
                rows[out_row][index] = _grown(cell, pieces - 1)
                span[2] += pieces - 1
        chunks = {id(cell): _chunks(cell.text, sum(widths[c:c + cell.colspan]), max_lines)
                  for c, cell in positions[r] if id(cell) in long_cells}
        for piece in range(pieces):
            new_row = []
            for cell in row:
                if id(cell) in chunks:
                    parts = chunks[id(cell)]
                    new_row.append(Cell(parts[piece] if piece < len(parts) else "",
                                        colspan=cell.colspan, bold=cell.bold, align=cell.align))
                elif piece == 0:
                    new_row.append(_grown(cell, pieces - 1))
            _append(rows, spans, new_row)
    return Table(rows, header_rows=block.header_rows, small=block.small)


def _grown(cell: Cell, extra: int) -> Cell:
    return Cell(cell.text, rowspan=cell.rowspan + extra, colspan=cell.colspan, bold=cell.bold,
                align=cell.align, amount=cell.amount)


def _append(rows: list[list[Cell]], spans: list[list[int]], row: list[Cell]) -> None:
    here = len(rows)
    rows.append(list(row))
    spans.extend([here, i, here + cell.rowspan - 1] for i, cell in enumerate(row)
                 if cell.rowspan > 1)


def _chunks(text: str, width: float, max_lines: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``max_lines`` wrapped lines (one pass)."""
    pieces: list[str] = []
    start, lines, used = 0, 1, 0.0
    for i, ch in enumerate(text):
        if ch == "\n":
            lines, used = lines + 1, 0.0
        else:
            w = char_width(ch)
            if used + w > width:
                lines, used = lines + 1, float(w)
            else:
                used += w
        if lines > max_lines:
            pieces.append(text[start:i])
            start, lines, used = i, 1, (0.0 if ch == "\n" else float(char_width(ch)))
    pieces.append(text[start:])
    return pieces


def _print_setup(ws: Worksheet, part: Part) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if part.landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # without it fitToWidth is ignored
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.8
    if part.title_rows:
        ws.print_title_rows = f"1:{part.title_rows}"
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.sheet_view.showGridLines = False
