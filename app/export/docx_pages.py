"""Word's pages, as the PDF's page plan has them.

Word lays out its own pages, with the fonts of the computer that opens the file, so a page
break it chooses can fall anywhere: merged 一级/二级 labels were left blank on the page a table
goes on to, and a 目录 needed a field Word asked to update on every opening. Instead the Word
file breaks where the PDF does: the paragraph or row that begins a planned page starts a new
page in Word (``w:pageBreakBefore``), a table is cut there into two tables (the second opening
with the header rows, each merged label written again over its rows on the new page, as the PDF
and Excel print it), and the 目录 prints the plan's page numbers as text. Word's page is a few
millimetres taller than the plan's (``WORD_SLACK_MM``), so a reader's fonts that set a page a
little longer than Qt measured still fit it, and Word adds no break of its own.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import AbstractSet

from app.export.layout import Cell, Continuation, PrintLayout, Table, grid_positions

WORD_SLACK_MM = 6.0  # Word's page body is this much taller than the plan's


@dataclass
class WordPages:
    """Where each printed part's pages begin, and the page of each heading, from the plan."""

    starts: list[set[tuple[int, int]]]  # per printed part: (block, line or row) beginning a page
    anchors: dict[str, int]  # heading anchor → page number

    def begins_page(self, part: int, block: int, item: int) -> bool:
        return part < len(self.starts) and (block, item) in self.starts[part]


def plan_word_pages(layout: PrintLayout) -> WordPages:
    from app.export.pdf import print_plan  # Qt measures the text, as for the PDF

    plan = print_plan(layout)
    starts: list[set[tuple[int, int]]] = [set() for _ in layout.printed_parts()]
    previous = -1
    for page in plan.pages:
        if page.part == previous and page.start is not None:
            starts[page.part].add(page.start)  # the first page of a part is a new section
        previous = page.part
    return WordPages(starts, plan.anchors)


def split_table(table: Table, columns: int, breaks: AbstractSet[int]) -> list[Table]:
    """``table`` cut before each body row in ``breaks``: every piece after the first opens
    with the header rows, and a cell merged over rows on both sides of a cut is written again
    (its text, marked ``REPEAT``) over its rows in the next piece."""
    cuts = sorted(r for r in breaks if table.header_rows < r < len(table.rows))
    if not cuts:
        return [table]
    anchors = list(grid_positions(table, columns))
    head = table.header_rows
    bounds = [0, *cuts, len(table.rows)]
    pieces = []
    for start, end in zip(bounds, bounds[1:]):
        first = start if start == 0 else head  # rows [0, head) come again, then [start, end)
        rows: list[list[tuple[int, Cell]]] = [[] for _ in range(head if start else 0)]
        rows += [[] for _ in range(start, end)]

        def index(r: int) -> int:
            return r if r < first or start == 0 else r - start + head

        for r, c, cell in anchors:
            last = r + cell.rowspan  # rows [r, last) are covered
            if start and r < head:  # a header cell, written again; it may reach into the body
                span = (min(last, head) - r) + max(0, min(end, last) - start)
                rows[r].append((c, replace(cell, rowspan=span)))
            elif r < start < last:  # a group going on from the page before
                rows[index(start)].append(
                    (c, replace(cell, rowspan=min(end, last) - start,
                                continues=Continuation.REPEAT)))
            elif start <= r < end:
                rows[index(r)].append((c, replace(cell, rowspan=min(end, last) - r)))
        pieces.append(Table([[cell for _, cell in sorted(row, key=lambda x: x[0])]
                             for row in rows], header_rows=head, small=table.small))
    return pieces
