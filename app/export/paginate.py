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

from dataclasses import dataclass, field
from typing import Iterator, Protocol, Sequence

from app.export.layout import (Align, Cell, PageBreak, Paragraph, Part, PrintLayout,
                               SignatureBlock, Style, Table, TableOfContents, grid_positions)


@dataclass(frozen=True)
class Font:
    family: str  # "song" | "fangsong" | "hei" | "kai"
    size: float  # points
    bold: bool = False


class TextBox(Protocol):
    heights: list[float]  # advance of each laid-out line, in device units


class Measure(Protocol):
    def text(self, text: str, font: Font, width: float, align: Align = Align.LEFT,
             indent: float = 0.0, spacing: float = 1.0) -> TextBox: ...

    def points(self, pt: float) -> float:
        """Device units of a length in points."""


@dataclass(frozen=True)
class _ParagraphStyle:
    font: Font
    align: Align = Align.LEFT
    indent: float = 0.0  # first-line indent, points
    spacing: float = 1.0
    before: float = 0.0  # points
    after: float = 0.0
    keep_with_next: bool = False
    split_lines: bool = False  # BODY/PLAIN: each line of the text is a paragraph of its own


PARAGRAPH_STYLES = {
    Style.TITLE: _ParagraphStyle(Font("hei", 18), Align.CENTER, after=8, keep_with_next=True),
    Style.SUBTITLE: _ParagraphStyle(Font("fangsong", 14), Align.CENTER, after=6,
                                    keep_with_next=True),
    Style.HEADING1: _ParagraphStyle(Font("hei", 14), before=8, after=4, keep_with_next=True),
    Style.HEADING2: _ParagraphStyle(Font("kai", 14, True), before=6, after=3,
                                    keep_with_next=True),
    Style.HEADING3: _ParagraphStyle(Font("fangsong", 12, True), indent=24, before=4,
                                    keep_with_next=True),
    Style.BODY: _ParagraphStyle(Font("fangsong", 12), indent=24, spacing=1.5,
                                split_lines=True),
    Style.PLAIN: _ParagraphStyle(Font("fangsong", 12), spacing=1.5, split_lines=True),
    Style.TOC: _ParagraphStyle(Font("fangsong", 12), spacing=1.5),
}
TABLE_FONT = Font("song", 10.5)
SMALL_TABLE_FONT = Font("song", 9)
SIGNATURE_FONT = Font("fangsong", 12)
CELL_PAD_X = 4.0  # points
CELL_PAD_Y = 2.5
TABLE_AFTER = 6.0


# --- what is drawn -------------------------------------------------------------------------

@dataclass
class TextOp:
    box: TextBox
    first: int  # lines [first, last) of the box
    last: int
    x: float
    y: float


@dataclass
class RectOp:
    x: float
    y: float
    width: float
    height: float


@dataclass
class Page:
    width: float
    height: float  # the body's height (the footer lies below it)
    landscape: bool
    ops: list[TextOp | RectOp] = field(default_factory=list)
    toc: list[tuple[str, float, float, float]] = field(default_factory=list)  # (anchor, x, y, w)


def text_height(box: TextBox, first: int = 0, last: int | None = None) -> float:
    return sum(box.heights[first:last])


# --- units: what the paginator places one after the other ----------------------------------

@dataclass(eq=False)
class _Unit:
    height: float  # what is drawn
    keep_with_next: bool = False
    before: float = 0.0  # space above, dropped at the top of a page
    after: float = 0.0  # space below, not drawn
    break_before: bool = False
    anchor: str = ""
    grow: float = 0.0  # extra height so a label merged over a row fits on its page

    @property
    def extent(self) -> float:
        return self.height + self.grow + self.after


@dataclass(eq=False)
class _Lines(_Unit):
    box: TextBox | None = None
    first: int = 0
    last: int = 0
    x: float = 0.0


@dataclass(eq=False)
class _TocEntry(_Unit):
    box: TextBox | None = None
    x: float = 0.0
    target: str = ""


@dataclass(eq=False)
class _Signature(_Unit):
    lines: list[TextBox] = field(default_factory=list)
    seal: TextBox | None = None
    gap: float = 0.0


@dataclass
class _CellPlan:
    row: int
    column: int
    cell: Cell
    x: float
    width: float
    box: TextBox


@dataclass(eq=False)
class _TablePlan:
    header_rows: int
    header_height: float
    row_heights: list[float]
    anchors: dict[int, list[_CellPlan]]  # row → cells that start there
    spans: list[_CellPlan]  # body cells spanning several rows, drawn per page
    pad_x: float
    pad_y: float


@dataclass(eq=False)
class _Row(_Unit):
    table: _TablePlan | None = None
    row: int = 0
    lines: dict[int, tuple[int, int]] | None = None  # column → lines, for a piece of a tall row


@dataclass(eq=False)
class _Header(_Unit):
    table: _TablePlan | None = None
    keep_with_next: bool = True


@dataclass
class _Placed:
    unit: _Unit
    y: float


# --- building the units --------------------------------------------------------------------

class _Builder:
    def __init__(self, measure: Measure, width: float, height: float):
        self.m = measure
        self.width = width
        self.height = height
        self.units: list[_Unit] = []

    def pt(self, value: float) -> float:
        return self.m.points(value)

    def paragraph(self, block: Paragraph, break_before: bool) -> None:
        style = PARAGRAPH_STYLES[block.style]
        align = block.align or style.align
        texts = block.text.split("\n") if style.split_lines else [block.text]
        for n, text in enumerate(texts):
            box = self.m.text(text, style.font, self.width, align, self.pt(style.indent),
                              style.spacing)
            count = len(box.heights)
            for i in range(count):
                unit = _Lines(box.heights[i], box=box, first=i, last=i + 1)
                if i == 0:
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
        rows = [_Row(plan.row_heights[r], table=plan, row=r)
                for r in range(plan.header_rows, len(plan.row_heights))]
        if rows:
            rows[0].break_before = break_before
            rows[-1].after = self.pt(TABLE_AFTER)
        self.units.extend(rows)

    def toc(self, block: TableOfContents, headings: Sequence[Paragraph],
            break_before: bool) -> None:
        self.paragraph(Paragraph(block.title, Style.TITLE), break_before)
        font = PARAGRAPH_STYLES[Style.TOC].font
        number_width = self.width * 0.12
        for heading in headings:
            if heading.style not in (Style.HEADING1, Style.HEADING2):
                continue
            x = self.pt(24) if heading.style is Style.HEADING2 else 0.0
            box = self.m.text(heading.text, font, self.width - number_width - x, Align.LEFT,
                              0.0, 1.5)
            self.units.append(_TocEntry(text_height(box), box=box, x=x, target=heading.anchor))
        self.units.append(PageBreakUnit(0.0))

    def signature(self, block: SignatureBlock, break_before: bool) -> None:
        gap = self.pt(14)
        lines = [self.m.text(line, SIGNATURE_FONT, self.width * 0.65) for line in block.lines]
        seal = self.m.text(block.seal, SIGNATURE_FONT, self.width * 0.35, Align.CENTER)
        height = self.pt(18) + sum(gap + text_height(b) for b in lines)
        if self.units:
            self.units[-1].keep_with_next = True  # never a page of its own
        self.units.append(_Signature(height, break_before=break_before, lines=lines,
                                     seal=seal, gap=gap))


@dataclass(eq=False)
class PageBreakUnit(_Unit):
    """A forced break after the unit before it (目录 stands on its own page)."""


def _plan_table(block: Table, part: Part, width: float, m: Measure) -> _TablePlan:
    columns = len(part.columns)
    scale = sum(part.columns)
    xs = [0.0]
    for w in part.columns:
        xs.append(xs[-1] + width * w / scale)
    pad_x, pad_y = m.points(CELL_PAD_X), m.points(CELL_PAD_Y)
    font, bold = ((SMALL_TABLE_FONT, Font("song", 9, True)) if block.small
                  else (TABLE_FONT, Font("song", 10.5, True)))
    rows = len(block.rows)
    anchors: dict[int, list[_CellPlan]] = {}
    spans: list[_CellPlan] = []
    heights = [0.0] * rows
    tall: list[_CellPlan] = []
    for r, c, cell in grid_positions(block, columns):
        cell_width = xs[c + cell.colspan] - xs[c]
        header = r < block.header_rows
        box = m.text(cell.text, bold if cell.bold or header else font,
                     max(cell_width - 2 * pad_x, 1.0), cell.align)
        plan = _CellPlan(r, c, cell, xs[c], cell_width, box)
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
    return _TablePlan(block.header_rows, header_height, heights, anchors, spans, pad_x, pad_y)


def _split_row(unit: _Row, room: float) -> tuple[_Row, _Row] | None:
    """Cut a row between lines: the piece that fits in ``room`` and the rest, or None when
    not even a line fits. Cells that are done print empty in the rest."""
    plan = unit.table
    assert plan is not None
    cells = [c for c in plan.anchors.get(unit.row, []) if c not in plan.spans]
    ranges = unit.lines or {c.column: (0, len(c.box.heights)) for c in cells}
    space = room - 2 * plan.pad_y
    piece: dict[int, tuple[int, int]] = {}
    rest: dict[int, tuple[int, int]] = {}
    used_most = left_most = 0.0
    for c in cells:
        start, end = ranges.get(c.column, (0, 0))
        cut, used = start, 0.0
        while cut < end and used + c.box.heights[cut] <= space:
            used += c.box.heights[cut]
            cut += 1
        piece[c.column], rest[c.column] = (start, cut), (cut, end)
        used_most = max(used_most, used)
        left_most = max(left_most, text_height(c.box, cut, end))
    if used_most <= 0 or left_most <= 0:
        return None
    first = _Row(used_most + 2 * plan.pad_y, table=plan, row=unit.row, lines=piece,
                 break_before=unit.break_before)
    minimum = plan.pad_y * 2 + 1.0
    second = _Row(max(left_most + 2 * plan.pad_y, minimum), table=plan, row=unit.row,
                  lines=rest, keep_with_next=unit.keep_with_next, after=unit.after)
    return first, second


def _units(part: Part, headings: Sequence[Paragraph], measure: Measure, width: float,
           height: float) -> list[_Unit]:
    builder = _Builder(measure, width, height)
    break_next = False
    for block in part.blocks:
        if isinstance(block, PageBreak):
            break_next = bool(builder.units)
            continue
        if isinstance(block, Paragraph):
            builder.paragraph(block, break_next)
        elif isinstance(block, Table):
            if builder.units and isinstance(builder.units[-1], _Row) and not break_next:
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
        self.pages: list[list[_Placed]] = [[]]

    @property
    def current(self) -> list[_Placed]:
        return self.pages[-1]

    @property
    def y(self) -> float:
        if not self.current:
            return 0.0
        last = self.current[-1]
        return last.y + last.unit.extent

    def new_page(self) -> None:
        self.pages.append([])

    def place(self, unit: _Unit) -> None:
        self.current.append(_Placed(unit, self.y + (unit.before if self.current else 0.0)))


def _rows_here(pages: _Pages, plan: _TablePlan) -> list[_Placed]:
    return [p for p in pages.current if isinstance(p.unit, _Row) and p.unit.table is plan]


def _fill(units: list[_Unit], height: float) -> _Pages:
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
        if isinstance(unit, _Row) and unit.table is not None:
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
        if isinstance(unit, _Row) and (unit.extent > height / 3 or not pages.current):
            pieces = _split_row(unit, room - unit.grow)
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
        moved: list[_Unit] = []
        if start > 0:
            moved = [p.unit for p in pages.current[start:] if not isinstance(p.unit, _Header)]
            del pages.current[start:]
        moved = _close_page(pages) + moved
        pages.new_page()
        queue[i:i] = moved
    _close_page(pages)
    return pages


def _place(pages: _Pages, unit: _Unit, header: float) -> None:
    if header and isinstance(unit, _Row):
        pages.place(_Header(header, table=unit.table))
    pages.place(unit)


def _tail_growth(pages: _Pages, unit: _Row) -> float:
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
                + _header_part(plan, span)
            need = max(need, text_height(span.box) + 2 * plan.pad_y - covered)
    return need


def _header_part(plan: _TablePlan, span: _CellPlan) -> float:
    """What of a merged cell's height the header rows give it on every page (绩效指标)."""
    return sum(plan.row_heights[span.row:plan.header_rows])


def _close_page(pages: _Pages) -> list[_Unit]:
    """A group continuing on the next page is labelled on this one over the rows it has here.
    When its label does not fit beside them, the last row grows if the page has room; else
    the group's rows go to the next page (returned, to be placed again), unless nothing else
    would be left here, and then the label flows on over the next page."""
    rows = [p for p in pages.current if isinstance(p.unit, _Row)]
    if not rows or rows[-1] is not pages.current[-1]:
        return []
    last = rows[-1].unit
    assert isinstance(last, _Row) and last.table is not None
    plan = last.table
    here = _rows_here(pages, plan)
    need, worst = 0.0, None
    for span in plan.spans:
        if span.row <= last.row < span.row + span.cell.rowspan - 1:
            covered = sum(p.unit.height + p.unit.grow for p in here if p.unit.row >= span.row) \
                + _header_part(plan, span)
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
                 if isinstance(p.unit, _Row) and p.unit.table is plan
                 and p.unit.row >= worst.row)
    keep = start
    if keep and isinstance(pages.current[keep - 1].unit, _Header):
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
    for part in layout.printed_parts():
        width, height = page_sizes[part.landscape]
        units = _units(part, headings, measure, width, height)
        progress: dict[int, int] = {}  # merged label → lines drawn so far (flowing labels)
        for placed_units in _fill(units, height).pages:
            page = Page(width, height, part.landscape)
            labels = _span_ops(placed_units, progress)
            for placed in placed_units:
                if placed.unit.anchor:
                    anchors.setdefault(placed.unit.anchor, len(pages) + 1)
                page.ops.extend(labels.pop(id(placed), ()))
                page.ops.extend(_draw(placed, page))
            pages.append(page)
    return PagePlan(pages, anchors)


def _draw(placed: _Placed, page: Page) -> Iterator[TextOp | RectOp]:
    unit, y = placed.unit, placed.y
    if isinstance(unit, _Lines):
        yield TextOp(unit.box, unit.first, unit.last, unit.x, y)
    elif isinstance(unit, _TocEntry):
        yield TextOp(unit.box, 0, len(unit.box.heights), unit.x, y)
        page.toc.append((unit.target, page.width * 0.88, y, page.width * 0.12))
    elif isinstance(unit, _Signature):
        yield from _draw_signature(unit, y, page.width)
    elif isinstance(unit, _Header):
        yield from _draw_header(unit.table, y)
    elif isinstance(unit, _Row):
        yield from _draw_row(unit, y)


def _draw_header(plan: _TablePlan, y: float) -> Iterator[TextOp | RectOp]:
    tops = [y]
    for h in plan.row_heights[:plan.header_rows]:
        tops.append(tops[-1] + h)
    for r in range(plan.header_rows):
        for cell in plan.anchors.get(r, []):
            if cell in plan.spans:
                continue  # reaches into the body: drawn per page by _span_ops
            end = min(r + cell.cell.rowspan, plan.header_rows)
            yield from _cell_ops(cell, plan, tops[r], tops[end] - tops[r])


def _draw_row(unit: _Row, y: float) -> Iterator[TextOp | RectOp]:
    plan = unit.table
    assert plan is not None
    height = unit.height + unit.grow
    cells = [cell for cell in plan.anchors.get(unit.row, []) if cell not in plan.spans]
    if unit.lines is None:
        for cell in cells:
            yield from _cell_ops(cell, plan, y, height)
        return
    for cell in cells:
        yield RectOp(cell.x, y, cell.width, height)

    def order(cell: _CellPlan) -> int:
        # A text continued from the last page comes first, one going on to the next page
        # last: the page's text then reads on from the page before (for a reader or a search).
        first, last = unit.lines.get(cell.column, (0, 0))
        return 0 if first > 0 else (2 if last < len(cell.box.heights) else 1)

    for cell in sorted(cells, key=order):
        first, last = unit.lines.get(cell.column, (0, 0))
        if last > first:
            yield TextOp(cell.box, first, last, cell.x + plan.pad_x, y + plan.pad_y)


def _span_ops(placed_units: list[_Placed], progress: dict[int, int]
              ) -> dict[int, list[TextOp | RectOp]]:
    """Merged cells, once per page over the rows of theirs this page holds, keyed by the
    placement they are drawn before: a group continuing from the previous page is labelled
    again; a label too long for its rows here flows on over the next page."""
    by_table: dict[int, list[_Placed]] = {}
    headers: dict[int, _Placed] = {}
    for placed in placed_units:
        if isinstance(placed.unit, _Row) and placed.unit.table is not None:
            by_table.setdefault(id(placed.unit.table), []).append(placed)
        elif isinstance(placed.unit, _Header) and placed.unit.table is not None:
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


def _label_ops(cell: _CellPlan, plan: _TablePlan, y: float, height: float,
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


def _cell_ops(cell: _CellPlan, plan: _TablePlan, y: float, height: float
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


def _draw_signature(unit: _Signature, y: float, width: float) -> Iterator[TextOp]:
    top = y + unit.height - sum(unit.gap + text_height(b) for b in unit.lines)
    line_y = top
    for box in unit.lines:
        line_y += unit.gap
        yield TextOp(box, 0, len(box.heights), 0.0, line_y)
        line_y += text_height(box)
    assert unit.seal is not None
    middle = top + (line_y - top) / 2 - text_height(unit.seal) / 2
    yield TextOp(unit.seal, 0, len(unit.seal.heights), width * 0.65, middle)
