"""Pages of a ``PrintLayout``: where every line, row and label of each part lands on A4.

The PDF and the print preview are drawn from this plan, so a page break is decided here, not
by a text engine: a table row is never cut inside a text line (a row taller than a page breaks
between lines), a table's header rows start every page it continues on, a label merged over
several rows is drawn again on each page its rows reach, headings keep with what follows, a
paragraph leaves no single line behind, and a signature block stays with its form.

No Qt here: the text engine is behind ``Measure`` (lines and their heights for a text at a
width), which ``app.export.pdf`` implements with Qt's ``QTextLayout``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from app.export.layout import (TOC_INDENT, Align, Cell, PageBreak, Paragraph, Part, PrintLayout,
                               SignatureBlock, Style, Table, TableOfContents, contents_level,
                               grid_positions, title_text)
from app.export.page_drawing import draw, span_ops
from app.export.page_units import (CELL_PAD_X, CELL_PAD_Y, PARAGRAPH_STYLES, SIGNATURE_FONT,
                                   SIGNATURE_ROWS, SMALL_TABLE_FONT, TABLE_AFTER, TABLE_FONT,
                                   CellPlan, Font, HeaderUnit, LineUnit, Measure, Page,
                                   PageBreakUnit, Placed,
                                   RectOp, RowUnit, SignatureUnit, TablePlan, TextBox, TextOp,
                                   TocEntry, Unit, header_part, holds_row, text_height)

__all__ = ["Font", "Measure", "Page", "PagePlan", "RectOp", "TextOp", "plan_pages"]


# --- building the units --------------------------------------------------------------------

class _Builder:
    def __init__(self, measure: Measure, width: float, height: float):
        self.m = measure
        self.width = width
        self.height = height
        self.units: list[Unit] = []
        self.block = 0  # index of the block being built, for each unit's origin

    def pt(self, value: float) -> float:
        return self.m.points(value)

    def paragraph(self, block: Paragraph, break_before: bool) -> None:
        style = PARAGRAPH_STYLES[block.style]
        align = block.align or style.align
        text = (title_text(block.text, self.width / self.pt(style.font.size))
                if block.style is Style.TITLE else block.text)
        texts = text.split("\n") if style.split_lines else [text]
        for n, text in enumerate(texts):
            box = self.m.text(text, style.font, self.width, align, self.pt(style.indent),
                              style.spacing)
            count = len(box.heights)
            for i in range(count):
                unit = LineUnit(box.heights[i], box=box, first=i, last=i + 1)
                if i == 0:
                    unit.origin = (self.block, n)
                    unit.before = self.pt(style.before)
                    unit.break_before = break_before and n == 0
                    unit.anchor = block.anchor if n == 0 else ""
                if i == count - 1:
                    unit.after = self.pt(style.after)
                # No line alone at the foot or the head of a page; headings keep with the next.
                unit.keep_with_next = (style.keep_with_next or i == 0 and count > 1
                                       or i == count - 2)
                self.units.append(unit)

    def table(self, block: Table, part: Part, break_before: bool) -> None:
        plan = _plan_table(block, part, self.width, self.m)
        rows = [RowUnit(plan.row_heights[r], table=plan, row=r, origin=(self.block, r))
                for r in range(plan.header_rows, len(plan.row_heights))]
        if rows:
            rows[0].break_before = break_before
            rows[-1].after = self.pt(TABLE_AFTER)
        self.units.extend(rows)

    def toc(self, block: TableOfContents, headings: Sequence[Paragraph],
            break_before: bool) -> None:
        self.paragraph(Paragraph(block.title, Style.TITLE), break_before)
        style = PARAGRAPH_STYLES[Style.TOC]
        number_width = self.width * 0.12
        for heading in headings:
            level = contents_level(heading)
            if level is None:
                continue
            x = self.pt(TOC_INDENT * level)
            box = self.m.text(heading.text, style.font, self.width - number_width - x,
                              Align.LEFT, 0.0, style.spacing)
            self.units.append(TocEntry(text_height(box), box=box, x=x, target=heading.anchor))
        self.units.append(PageBreakUnit(0.0))

    def signature(self, block: SignatureBlock, break_before: bool) -> None:
        gap = self.pt(14)
        lines = [self.m.text(line, SIGNATURE_FONT, self.width * 0.65) for line in block.lines]
        seal = self.m.text(block.seal, SIGNATURE_FONT, self.width * 0.35, Align.CENTER)
        height = self.pt(18) + sum(gap + text_height(b) for b in lines)
        # Never a page of its own, nor with the form's last row alone: the last rows of its
        # table keep with it (the rows Word keeps with it too, app.export.docx_xml).
        kept = self.units[-1:]
        last = kept[0] if kept else None
        if isinstance(last, RowUnit):
            kept = [u for u in self.units[-SIGNATURE_ROWS:]
                    if isinstance(u, RowUnit) and u.table is last.table]
        for unit in kept:
            unit.keep_with_next = True
        self.units.append(SignatureUnit(height, break_before=break_before, lines=lines,
                                     seal=seal, gap=gap, origin=(self.block, 0)))


def _plan_table(block: Table, part: Part, width: float, m: Measure) -> TablePlan:
    columns = len(part.columns)
    scale = sum(part.columns)
    xs = [0.0]
    for w in part.columns:
        xs.append(xs[-1] + width * w / scale)
    pad_x, pad_y = m.points(CELL_PAD_X), m.points(CELL_PAD_Y)
    font, bold = ((SMALL_TABLE_FONT, Font("song", 9, True)) if block.small
                  else (TABLE_FONT, Font("song", 10.5, True)))
    rows = len(block.rows)
    anchors: dict[int, list[CellPlan]] = {}
    spans: list[CellPlan] = []
    heights = [0.0] * rows
    tall: list[CellPlan] = []
    for r, c, cell in grid_positions(block, columns):
        cell_width = xs[c + cell.colspan] - xs[c]
        header = r < block.header_rows
        cell_font = bold if cell.bold or header else font
        box = m.text(cell.text, cell_font, max(cell_width - 2 * pad_x, 1.0), cell.align)
        if cell.amount is not None and len(box.heights) > 1:
            box = _amount_on_one_line(cell, cell_font, cell_width - 2 * pad_x, m) or box
        plan = CellPlan(r, c, cell, xs[c], cell_width, box)
        anchors.setdefault(r, []).append(plan)
        span = min(cell.rowspan, rows - r)
        if span == 1:
            heights[r] = max(heights[r], text_height(box) + 2 * pad_y)
        else:
            tall.append(plan)
            if r + span > block.header_rows:  # over body rows (a header's too: 绩效指标)
                spans.append(plan)
    for r in range(rows):
        heights[r] = max(heights[r], m.points(TABLE_FONT.size) * 1.3 + 2 * pad_y)
    for plan in tall:  # a merged cell taller than its rows stretches the last of them
        end = min(plan.row + plan.cell.rowspan, rows)
        need = text_height(plan.box) + 2 * pad_y - sum(heights[plan.row:end])
        if need > 0:
            heights[end - 1] += need
    header_height = sum(heights[:block.header_rows])
    return TablePlan(block.header_rows, header_height, heights, anchors, spans, pad_x, pad_y)


def _amount_on_one_line(cell: Cell, font: Font, width: float, m: Measure) -> TextBox | None:
    """An amount too wide for its column prints smaller rather than broken over two lines
    (down to 6 pt; past that it wraps)."""
    size = font.size
    while size > 6:
        size = max(6.0, size - 0.5)
        box = m.text(cell.text, Font(font.family, size, font.bold), max(width, 1.0), cell.align)
        if len(box.heights) == 1:
            return box
    return None


def _split_row(unit: RowUnit, room: float, page: float) -> tuple[RowUnit, RowUnit] | None:
    """Cut a row between lines: the piece that fits in ``room`` and the rest, or None when
    not even a line fits. Only the row's longest text runs on over the break; another that
    does not fit here starts in the rest whole (unless it too is longer than a ``page``), so
    no short text is broken and each page's text reads on. Cells that are done print empty."""
    plan = unit.table
    assert plan is not None
    cells = [c for c in plan.anchors.get(unit.row, []) if c not in plan.spans]
    ranges = unit.lines or {c.column: (0, len(c.box.heights)) for c in cells}
    space = room - 2 * plan.pad_y
    longest = max(cells, key=lambda c: text_height(c.box, *ranges.get(c.column, (0, 0))),
                  default=None)
    piece: dict[int, tuple[int, int]] = {}
    rest: dict[int, tuple[int, int]] = {}
    used_most = left_most = 0.0

    def fitting(c: CellPlan, start: int, end: int) -> tuple[int, float]:
        cut, used = start, 0.0
        while cut < end and used + c.box.heights[cut] <= space:
            used += c.box.heights[cut]
            cut += 1
        return cut, used

    # A piece in the middle of the longest text (begun before, going on after) holds it alone.
    middle = False
    if longest is not None:
        start, end = ranges.get(longest.column, (0, 0))
        middle = start > 0 and fitting(longest, start, end)[0] < end
    for c in cells:
        start, end = ranges.get(c.column, (0, 0))
        cut, used = fitting(c, start, end)
        # (A text begun on an earlier page goes on: put off, it would leave a page out.)
        if c is not longest and start == 0 and (middle or start < cut < end) \
                and text_height(c.box, start, end) <= page - 2 * plan.pad_y:
            cut, used = start, 0.0
        piece[c.column], rest[c.column] = (start, cut), (cut, end)
        used_most = max(used_most, used)
        left_most = max(left_most, text_height(c.box, cut, end))
    if used_most <= 0 or left_most <= 0:
        return None
    first = RowUnit(used_most + 2 * plan.pad_y, table=plan, row=unit.row, lines=piece,
                 break_before=unit.break_before, origin=unit.origin)
    minimum = plan.pad_y * 2 + 1.0
    second = RowUnit(max(left_most + 2 * plan.pad_y, minimum), table=plan, row=unit.row,
                  lines=rest, keep_with_next=unit.keep_with_next, after=unit.after)
    return first, second


def _units(part: Part, headings: Sequence[Paragraph], measure: Measure, width: float,
           height: float) -> list[Unit]:
    builder = _Builder(measure, width, height)
    break_next = False
    for index, block in enumerate(part.blocks):
        builder.block = index
        if isinstance(block, PageBreak):
            break_next = bool(builder.units)
            continue
        if isinstance(block, Paragraph):
            builder.paragraph(block, break_next)
        elif isinstance(block, Table):
            if builder.units and isinstance(builder.units[-1], RowUnit) and not break_next:
                builder.units[-1].after = 0.0  # tables one after the other make one form
            builder.table(block, part, break_next)
        elif isinstance(block, TableOfContents):
            builder.toc(block, headings, break_next)
        elif isinstance(block, SignatureBlock):
            builder.signature(block, break_next)
        break_next = False
    return builder.units


# --- filling pages -------------------------------------------------------------------------

class _Pages:
    def __init__(self, height: float):
        self.height = height
        self.pages: list[list[Placed[Unit]]] = [[]]

    @property
    def current(self) -> list[Placed[Unit]]:
        return self.pages[-1]

    @property
    def y(self) -> float:
        if not self.current:
            return 0.0
        last = self.current[-1]
        return last.y + last.unit.extent

    def new_page(self) -> None:
        self.pages.append([])

    def place(self, unit: Unit) -> None:
        self.current.append(Placed(unit, self.y + (unit.before if self.current else 0.0)))


def _rows_here(pages: _Pages, plan: TablePlan) -> list[Placed[RowUnit]]:
    return [p for p in pages.current if holds_row(p) and p.unit.table is plan]


def _fill(units: list[Unit], height: float) -> _Pages:
    pages = _Pages(height)
    queue = list(units)
    i = 0
    while i < len(queue):
        unit = queue[i]
        if isinstance(unit, PageBreakUnit):
            if pages.current:
                pages.new_page()
            i += 1
            continue
        if unit.break_before and pages.current:
            pages.new_page()
        header = 0.0
        if isinstance(unit, RowUnit) and unit.table is not None:
            if unit.table.header_rows and not _rows_here(pages, unit.table):
                header = unit.table.header_height
            unit.grow = _tail_growth(pages, unit)
        before = unit.before if pages.current else 0.0
        room = height - pages.y - before - header
        if unit.extent <= room:
            _place(pages, unit, header)
            i += 1
            continue
        # A tall row breaks between lines rather than leave much of the page empty.
        if isinstance(unit, RowUnit) and (unit.extent > height / 3 or not pages.current) \
                and (not pages.current or _labels_fit(pages, unit, room)):
            page = height - (unit.table.header_height if unit.table else 0.0)
            pieces = _split_row(unit, room - unit.grow, page)
            if pieces is not None:
                pieces[0].grow = unit.grow
                _place(pages, pieces[0], header)
                queue[i] = pieces[1]
                queue[i:i] = _close_page(pages)
                pages.new_page()
                continue
        if not pages.current:
            _place(pages, unit, header)  # taller than a page and not divisible: clipped
            i += 1
            continue
        # It does not fit: what must keep with it goes along to the next page, unless that is
        # everything on this page.
        start = len(pages.current)
        while start > 0 and pages.current[start - 1].unit.keep_with_next:
            start -= 1
        moved: list[Unit] = []
        if start > 0:
            moved = [p.unit for p in pages.current[start:] if not isinstance(p.unit, HeaderUnit)]
            del pages.current[start:]
        moved = _close_page(pages) + moved
        pages.new_page()
        queue[i:i] = moved
    _close_page(pages)
    return pages


def _labels_fit(pages: _Pages, unit: RowUnit, room: float) -> bool:
    """Whether a piece of ``unit`` filling ``room`` leaves its merged labels room on this page
    (else the row goes to the next page whole, rather than a label breaking off mid-text)."""
    plan = unit.table
    assert plan is not None
    here = _rows_here(pages, plan)
    for span in plan.spans:
        if span.row <= unit.row < span.row + span.cell.rowspan:
            covered = sum(p.unit.height + p.unit.grow for p in here if p.unit.row >= span.row)
            if text_height(span.box) + 2 * plan.pad_y > covered + room + header_part(plan, span):
                return False
    return True


def _place(pages: _Pages, unit: Unit, header: float) -> None:
    if header and isinstance(unit, RowUnit):
        pages.place(HeaderUnit(header, table=unit.table))
    pages.place(unit)


def _tail_growth(pages: _Pages, unit: RowUnit) -> float:
    """A group that began on an earlier page ends with this row: its label is drawn again
    over the rows it has here, which must be tall enough for it."""
    plan = unit.table
    assert plan is not None
    here = _rows_here(pages, plan)
    first_row = here[0].unit.row if here else unit.row
    need = 0.0
    for span in plan.spans:
        if span.row < first_row and span.row + span.cell.rowspan - 1 == unit.row:
            covered = sum(p.unit.height + p.unit.grow for p in here) + unit.height \
                + header_part(plan, span)
            need = max(need, text_height(span.box) + 2 * plan.pad_y - covered)
    return need


def _close_page(pages: _Pages) -> list[Unit]:
    """A group continuing on the next page is labelled on this one over the rows it has here.
    When its label does not fit beside them, the last row grows if the page has room; else
    the group's rows go to the next page (returned, to be placed again), unless nothing else
    would be left here, and then the label flows on over the next page."""
    rows = [p for p in pages.current if isinstance(p.unit, RowUnit)]
    if not rows or rows[-1] is not pages.current[-1]:
        return []
    last = rows[-1].unit
    assert isinstance(last, RowUnit) and last.table is not None
    plan = last.table
    here = _rows_here(pages, plan)
    need, worst = 0.0, None
    for span in plan.spans:
        if span.row <= last.row < span.row + span.cell.rowspan - 1:
            covered = sum(p.unit.height + p.unit.grow for p in here if p.unit.row >= span.row) \
                + header_part(plan, span)
            deficit = text_height(span.box) + 2 * plan.pad_y - covered
            if deficit > need:
                need, worst = deficit, span
    if worst is None:
        return []
    room = max(0.0, pages.height - pages.y)
    if need <= room:
        last.grow += need
        return []
    start = next(i for i, p in enumerate(pages.current)
                 if isinstance(p.unit, RowUnit) and p.unit.table is plan
                 and p.unit.row >= worst.row)
    keep = start
    if keep and isinstance(pages.current[keep - 1].unit, HeaderUnit):
        keep -= 1
    if keep == 0:
        last.grow += room
        return []
    moved = [p.unit for p in pages.current[start:]]
    del pages.current[keep:]
    for unit in moved:
        unit.grow = 0.0
    return moved


# --- the plan ------------------------------------------------------------------------------

@dataclass
class PagePlan:
    pages: list[Page]
    anchors: dict[str, int]  # heading anchor → page number (1-based, whole document)


def plan_pages(layout: PrintLayout, measure: Measure,
               page_sizes: dict[bool, tuple[float, float]]) -> PagePlan:
    """Paginate every printed part; ``page_sizes[landscape]`` is the body's (width, height)."""
    pages: list[Page] = []
    anchors: dict[str, int] = {}
    headings = layout.headings()
    for part_index, part in enumerate(layout.printed_parts()):
        width, height = page_sizes[part.landscape]
        units = _units(part, headings, measure, width, height)
        progress: dict[int, int] = {}  # merged label → lines drawn so far (flowing labels)
        for placed_units in _fill(units, height).pages:
            first = next((p.unit for p in placed_units if not isinstance(p.unit, HeaderUnit)),
                         None)
            page = Page(width, height, part.landscape, part=part_index,
                        start=first.origin if first is not None else None)
            labels = span_ops(placed_units, progress)
            for placed in placed_units:
                if placed.unit.anchor:
                    anchors.setdefault(placed.unit.anchor, len(pages) + 1)
                page.ops.extend(labels.pop(id(placed), ()))
                page.ops.extend(draw(placed, page))
            pages.append(page)
    return PagePlan(pages, anchors)


