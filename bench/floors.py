"""Floors: the plainest code of each library writing the same cells as our exports.

Each floor takes the same ``PrintLayout`` our renderers take and writes its texts and cells
with the library's most direct API, nothing of ours in between:

- docx: ``Document()``, a paragraph per paragraph, and per table ``add_table`` (style
  "Table Grid") with ``add_row().cells[i].text = …`` for every cell, at its grid column;
- xlsx: openpyxl ``ws.cell(row, column, text)`` for every grid position of a table (a
  merged cell's text at its first position, the positions it covers empty, as a python-docx
  row has a cell in every column), each with one shared border, font and alignment;
- pdf: ``QTextDocument.setHtml`` of plain ``<p>`` and ``<table>`` markup of the same texts
  (a merged cell is a ``<td>`` with its ``rowspan``/``colspan``), printed to a ``QPdfWriter``
  (A4, 300 dpi, each part on a new page).

and one floor reading (``docx_read_floor``): python-docx ``Document(path)`` and the text of
every cell of every table, ``row.cells`` of each row (a merged cell once per grid position it
covers, as python-docx gives it), the Word import's floor.

What the floors leave out (merged cells, fonts per style, repeated headers, page planning,
signature layout, the PDF's text-layer fix) is what our exports add; a ratio to the floor
therefore says how much that costs, measured in the same run on the same content.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Iterator

from app.export.layout import (Cell, Paragraph, Part, PrintLayout, SignatureBlock, Table,
                               TableOfContents, grid_positions)


def _texts(part: Part, layout: PrintLayout) -> Iterator[str | tuple[Table, int]]:
    """The part's content in order: paragraph texts, and tables with their column count."""
    for block in part.blocks:
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            yield block, len(part.columns)
        elif isinstance(block, SignatureBlock):
            yield from block.lines
            yield block.seal
        elif isinstance(block, TableOfContents):
            yield block.title
            yield from (h.text for h in layout.headings())


def _grid_rows(table: Table, columns: int) -> list[list[tuple[int, Cell]]]:
    """Per row, (grid column, cell) of the cells that start there."""
    rows: list[list[tuple[int, Cell]]] = [[] for _ in table.rows]
    for r, c, cell in grid_positions(table, columns):
        rows[r].append((c, cell))
    return rows


def docx_floor(layout: PrintLayout, path: Path) -> None:
    from docx import Document

    document = Document()
    for part in layout.printed_parts():
        for item in _texts(part, layout):
            if isinstance(item, str):
                document.add_paragraph(item)
                continue
            block, columns = item
            table = document.add_table(rows=0, cols=columns)
            table.style = "Table Grid"
            for row in _grid_rows(block, columns):
                cells = table.add_row().cells
                for c, cell in row:
                    cells[c].text = cell.text
    document.save(str(path))


def xlsx_floor(layout: PrintLayout, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = Font(name="宋体", size=10.5)
    alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for n, part in enumerate((p for p in layout.parts if p.sheet), start=1):
        ws = workbook.create_sheet(f"表{n}")
        row = 1
        for item in _texts(part, layout):
            if isinstance(item, str):
                ws.cell(row, 1, item).font = font
                row += 1
                continue
            block, columns = item
            for cells in _grid_rows(block, columns):
                texts = dict(cells)
                for c in range(columns):
                    cell = texts.get(c)
                    target = ws.cell(row, c + 1, cell.text if cell is not None else None)
                    target.border, target.font, target.alignment = border, font, alignment
                row += 1
    workbook.save(str(path))


def floor_html(layout: PrintLayout) -> str:
    """Plain HTML of the printed parts: paragraphs and bordered tables, a part per page."""
    out: list[str] = []
    for n, part in enumerate(layout.printed_parts()):
        if n:
            out.append('<p style="page-break-before: always"></p>')
        for item in _texts(part, layout):
            if isinstance(item, str):
                out.append(f"<p>{_html(item)}</p>")
                continue
            block, columns = item
            out.append('<table border="1" cellspacing="0" cellpadding="3" width="100%">')
            for cells in _grid_rows(block, columns):
                out.append("<tr>" + "".join(_td(cell) for _, cell in cells) + "</tr>")
            out.append("</table>")
    return "\n".join(out)


def _td(cell: Cell) -> str:
    spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
        f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")
    return f"<td{spans}>{_html(cell.text)}</td>"


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br/>")


def pdf_floor(layout: PrintLayout, path: Path) -> None:
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    from app.export.pdf import FAMILIES, ensure_gui_application

    ensure_gui_application()
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, QMarginsF(20, 18, 20, 14),
                                     QPageLayout.Unit.Millimeter))
    document = QTextDocument()
    font = QFont()
    font.setFamilies(FAMILIES["song"])
    font.setPointSizeF(10.5)
    document.setDefaultFont(font)
    document.setHtml(floor_html(layout))
    document.print_(writer)


def docx_read_floor(path: Path) -> int:
    """Every table cell's text of a Word file, read with python-docx; the characters read."""
    from docx import Document

    characters = 0
    for table in Document(str(path)).tables:
        for row in table.rows:
            for cell in row.cells:
                characters += len(cell.text)
    return characters
