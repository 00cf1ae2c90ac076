"""Drawing operations of placed units: the cells and lines of a page, and merged labels drawn
again on each page their rows reach. No Qt here: ``app.export.pdf`` paints the operations."""
from __future__ import annotations

from typing import Iterator

from app.export.page_units import (CellPlan, HeaderUnit, LineUnit, Page, Placed, RectOp,
                                   RowUnit, SignatureUnit, TablePlan, TextOp, TocEntry, Unit,
                                   holds_row, text_height)


def draw(placed: Placed[Unit], page: Page) -> Iterator[TextOp | RectOp]:
    unit, y = placed.unit, placed.y
    if isinstance(unit, LineUnit):
        yield TextOp(unit.box, unit.first, unit.last, unit.x, y)
    elif isinstance(unit, TocEntry):
        yield TextOp(unit.box, 0, len(unit.box.heights), unit.x, y)
        page.toc.append((unit.target, page.width * 0.88, y, page.width * 0.12))
    elif isinstance(unit, SignatureUnit):
        yield from _draw_signature(unit, y, page.width)
    elif isinstance(unit, HeaderUnit):
        yield from _draw_header(unit.table, y)
    elif isinstance(unit, RowUnit):
        yield from _draw_row(unit, y)


def _draw_header(plan: TablePlan, y: float) -> Iterator[TextOp | RectOp]:
    tops = [y]
    for h in plan.row_heights[:plan.header_rows]:
        tops.append(tops[-1] + h)
    for r in range(plan.header_rows):
        for cell in plan.anchors.get(r, []):
            if cell in plan.spans:
                continue  # reaches into the body: drawn per page by span_ops
            end = min(r + cell.cell.rowspan, plan.header_rows)
            yield from _cell_ops(cell, plan, tops[r], tops[end] - tops[r])


def _draw_row(unit: RowUnit, y: float) -> Iterator[TextOp | RectOp]:
    plan = unit.table
    assert plan is not None
    height = unit.height + unit.grow
    cells = [cell for cell in plan.anchors.get(unit.row, []) if cell not in plan.spans]
    lines = unit.lines
    if lines is None:
        for cell in cells:
            yield from _cell_ops(cell, plan, y, height)
        return
    for cell in cells:
        yield RectOp(cell.x, y, cell.width, height)

    def order(cell: CellPlan) -> int:
        # A text continued from the last page comes first, one going on to the next page
        # last: the page's text then reads on from the page before (for a reader or a search).
        first, last = lines.get(cell.column, (0, 0))
        return 0 if first > 0 else (2 if last < len(cell.box.heights) else 1)

    for cell in sorted(cells, key=order):
        first, last = lines.get(cell.column, (0, 0))
        if last > first:
            yield TextOp(cell.box, first, last, cell.x + plan.pad_x, y + plan.pad_y)


def span_ops(placed_units: list[Placed[Unit]], progress: dict[int, int]
              ) -> dict[int, list[TextOp | RectOp]]:
    """Merged cells, once per page over the rows of theirs this page holds, keyed by the
    placement they are drawn before: a group continuing from the previous page is labelled
    again; a label too long for its rows here flows on over the next page."""
    by_table: dict[int, list[Placed[RowUnit]]] = {}
    headers: dict[int, Placed[Unit]] = {}
    for placed in placed_units:
        if holds_row(placed) and placed.unit.table is not None:
            by_table.setdefault(id(placed.unit.table), []).append(placed)
        elif isinstance(placed.unit, HeaderUnit) and placed.unit.table is not None:
            headers[id(placed.unit.table)] = placed
    result: dict[int, list[TextOp | RectOp]] = {}
    for key_table, rows in by_table.items():
        plan = rows[0].unit.table
        for span in plan.spans:
            end = span.row + span.cell.rowspan
            covered = [p for p in rows if span.row <= p.unit.row < end]
            if not covered:
                continue
            top = covered[0].y
            if span.row < plan.header_rows and key_table in headers:
                top = headers[key_table].y + sum(plan.row_heights[:span.row])
            bottom = covered[-1].y + covered[-1].unit.height + covered[-1].unit.grow
            ops = list(_label_ops(span, plan, top, bottom - top, progress))
            # Before its first row here (a label continued from the last page: before the
            # table's first row on this one), so a row's text going on over the page break
            # is the last text of the page and goes on at the head of the next.
            key = id(rows[0]) if span.row < rows[0].unit.row else id(covered[0])
            result.setdefault(key, []).extend(ops)
    return result


def _label_ops(cell: CellPlan, plan: TablePlan, y: float, height: float,
               progress: dict[int, int]) -> Iterator[TextOp | RectOp]:
    lines = len(cell.box.heights)
    done = progress.get(id(cell), 0)
    room = height - 2 * plan.pad_y + 0.5
    if done in (0, lines) and text_height(cell.box) <= room:
        progress[id(cell)] = lines
        yield from _cell_ops(cell, plan, y, height)
        return
    yield RectOp(cell.x, y, cell.width, height)
    start = 0 if done == lines else done
    last, used = start, 0.0
    while last < lines and used + cell.box.heights[last] <= room:
        used += cell.box.heights[last]
        last += 1
    if last > start and done != lines:
        yield TextOp(cell.box, start, last, cell.x + plan.pad_x, y + plan.pad_y)
        progress[id(cell)] = last


def _cell_ops(cell: CellPlan, plan: TablePlan, y: float, height: float
              ) -> Iterator[TextOp | RectOp]:
    yield RectOp(cell.x, y, cell.width, height)
    lines = len(cell.box.heights)
    text = text_height(cell.box)
    room = height - 2 * plan.pad_y
    if text > room + 0.5:  # clipped rather than drawn over the next row
        last, used = 0, 0.0
        while last < lines and used + cell.box.heights[last] <= room + 0.5:
            used += cell.box.heights[last]
            last += 1
        yield TextOp(cell.box, 0, max(last, 1), cell.x + plan.pad_x, y + plan.pad_y)
        return
    yield TextOp(cell.box, 0, lines, cell.x + plan.pad_x, y + (height - text) / 2)


def _draw_signature(unit: SignatureUnit, y: float, width: float) -> Iterator[TextOp]:
    top = y + unit.height - sum(unit.gap + text_height(b) for b in unit.lines)
    line_y = top
    for box in unit.lines:
        line_y += unit.gap
        yield TextOp(box, 0, len(box.heights), 0.0, line_y)
        line_y += text_height(box)
    assert unit.seal is not None
    middle = top + (line_y - top) / 2 - text_height(unit.seal) / 2
    yield TextOp(unit.seal, 0, len(unit.seal.heights), width * 0.65, middle)
