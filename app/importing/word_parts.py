"""What a Word document is read into (its sections of paragraphs and tables, a table as its
grid of merged cells), and a table that goes on after a page break joined back into one: our
export cuts a table where the PDF's page ends and opens the next piece with the header rows
(``w:tblHeader``) and each label cut by the break written again; a table typed across two
pages repeats its header rows."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from app.importing.cells import shown


@dataclass
class WordCell:
    row: int  # 0-based in its (joined) table
    column: int
    last_row: int
    last_column: int
    text: str
    place: tuple[int, int, int]  # Word's 表N, its row, the cell's place in the row (1-based)


@dataclass
class WordTable:
    number: int  # the first Word table it is made of, counted from 1
    columns: int
    cells: list[WordCell] = field(default_factory=list)
    rows: list[tuple[int, int]] = field(default_factory=list)  # per row: (表N, Word row)
    header_rows: int = 0  # the leading rows marked w:tblHeader
    headers: list[list[str]] = field(default_factory=list)  # their texts, per row

    def last_row_cells(self) -> dict[int, WordCell]:
        """Column → the cell covering the table's last row."""
        last = len(self.rows) - 1
        return {c: cell for cell in self.cells if cell.row <= last <= cell.last_row
                for c in range(cell.column, cell.last_column + 1)}


@dataclass
class WordParagraph:
    text: str
    page_break: bool = False


@dataclass
class WordSection:
    items: list[WordTable | WordParagraph] = field(default_factory=list)

    def paragraphs(self) -> list[str]:
        return [i.text for i in self.items if isinstance(i, WordParagraph)]

    def first_words(self) -> str:
        return next((shown(i.text, 20) for i in self.items
                     if isinstance(i, WordParagraph) and i.text.strip()), "")


def join_continued(section: WordSection) -> None:
    """When the table just read goes on from the table before it (only empty paragraphs
    between, the same header rows marked ``w:tblHeader``), join the two."""
    items = section.items
    table = items[-1]
    assert isinstance(table, WordTable)
    between = []
    for item in reversed(items[:-1]):
        if isinstance(item, WordTable):
            break
        between.append(item)
    index = len(items) - 2 - len(between)
    if index < 0 or any(isinstance(p, WordParagraph) and p.text.strip() for p in between):
        return
    first = items[index]
    assert isinstance(first, WordTable)
    if first.columns != table.columns or len(table.rows) <= table.header_rows:
        return
    # Our export puts nothing but the page break between two pieces of a table (a table of
    # its own is followed by an empty paragraph first); a table typed across two pages goes on
    # with its header rows (w:tblHeader) again.
    cut = len(between) == 1 and isinstance(between[0], WordParagraph) and between[0].page_break
    if not (cut and first.header_rows == table.header_rows) and not (
            table.header_rows and first.header_rows == table.header_rows
            and first.headers == table.headers):
        return
    head, start = table.header_rows, len(first.rows)
    covering = first.last_row_cells()
    header_cells = {(c.row, c.column): c for c in first.cells if c.row < head}
    for cell in table.cells:
        if cell.row < head:
            if cell.last_row >= head:  # a label beside the table, reaching into its body
                mine = header_cells.get((cell.row, cell.column))
                if mine is not None:
                    mine.last_row = max(mine.last_row, start + cell.last_row - head)
            continue
        shifted = dataclasses.replace(cell, row=start + cell.row - head,
                                      last_row=start + cell.last_row - head)
        above = covering.get(cell.column)
        if cell.row == head and above is not None and above.column == cell.column \
                and above.last_column == cell.last_column and above.text == cell.text:
            above.last_row = shifted.last_row  # the cell cut by the page break, written again
            continue
        first.cells.append(shifted)
    first.rows.extend(table.rows[head:])
    del items[index + 1:]
