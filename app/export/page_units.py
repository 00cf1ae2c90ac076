"""What the page plan is made of: fonts and the text engine it measures with, the units it
places one after another (a line, a table row, a header, a signature), and what is drawn.

Shared by ``app.export.paginate`` (which places the units) and ``app.export.page_drawing``
(which turns placed units into drawing operations). No Qt here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeGuard, TypeVar

from app.export.layout import Align, Cell, Style


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
class ParagraphStyle:
    font: Font
    align: Align = Align.LEFT
    indent: float = 0.0  # first-line indent, points
    spacing: float = 1.0
    before: float = 0.0  # points
    after: float = 0.0
    keep_with_next: bool = False
    split_lines: bool = False  # BODY/PLAIN: each line of the text is a paragraph of its own


PARAGRAPH_STYLES = {
    Style.TITLE: ParagraphStyle(Font("hei", 18), Align.CENTER, after=8, keep_with_next=True),
    Style.SUBTITLE: ParagraphStyle(Font("fangsong", 14), Align.CENTER, after=6,
                                    keep_with_next=True),
    Style.HEADING1: ParagraphStyle(Font("hei", 14), before=8, after=4, keep_with_next=True),
    Style.HEADING2: ParagraphStyle(Font("kai", 14, True), before=6, after=3,
                                    keep_with_next=True),
    Style.HEADING3: ParagraphStyle(Font("fangsong", 12, True), indent=24, before=4,
                                    keep_with_next=True),
    Style.BODY: ParagraphStyle(Font("fangsong", 12), indent=24, spacing=1.5,
                                split_lines=True),
    Style.PLAIN: ParagraphStyle(Font("fangsong", 12), spacing=1.5, split_lines=True),
    # 1.25 lines: seed 002's 目录, its 绩效目标表 entries included, holds on one page.
    Style.TOC: ParagraphStyle(Font("fangsong", 12), spacing=1.25),
}
# The printed page, shared by the PDF and the Word file (which follows the PDF's plan).
PAGE_MARGINS_MM = (20.0, 18.0, 20.0, 14.0)  # left, top, right, bottom
FOOTER_MM = 8.0  # "第 N 页 共 M 页" under the body, inside the bottom margin's band
TABLE_FONT = Font("song", 10.5)
SMALL_TABLE_FONT = Font("song", 9)
SIGNATURE_FONT = Font("fangsong", 12)
CELL_PAD_X = 4.0  # points
CELL_PAD_Y = 2.5
TABLE_AFTER = 6.0
SIGNATURE_ROWS = 2  # a form's last rows that keep with its signature block


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
    part: int = 0  # index among the layout's printed parts
    # Where the page begins in its part's blocks: (block, paragraph line or table row) of its
    # first unit, or None when it goes on with a paragraph or a row cut by the break. Word
    # breaks its pages at the same places (app.export.docx_pages).
    start: tuple[int, int] | None = None


def text_height(box: TextBox, first: int = 0, last: int | None = None) -> float:
    return sum(box.heights[first:last])


# --- units: what the paginator places one after the other ----------------------------------

@dataclass(eq=False)
class Unit:
    height: float  # what is drawn
    keep_with_next: bool = False
    before: float = 0.0  # space above, dropped at the top of a page
    after: float = 0.0  # space below, not drawn
    break_before: bool = False
    anchor: str = ""
    grow: float = 0.0  # extra height so a label merged over a row fits on its page
    # (block index in the part, line of a paragraph or row of a table) when the unit begins
    # that paragraph or row; None for a later line or the rest of a row cut by a page break
    origin: tuple[int, int] | None = None

    @property
    def extent(self) -> float:
        return self.height + self.grow + self.after


@dataclass(eq=False)
class LineUnit(Unit):
    box: TextBox = field(kw_only=True)
    first: int = 0
    last: int = 0
    x: float = 0.0


@dataclass(eq=False)
class TocEntry(Unit):
    box: TextBox = field(kw_only=True)
    x: float = 0.0
    target: str = ""


@dataclass(eq=False)
class SignatureUnit(Unit):
    lines: list[TextBox] = field(default_factory=list)
    seal: TextBox | None = None
    gap: float = 0.0


@dataclass(eq=False)  # one per cell: compared (``in plan.spans``) by identity, not field by field
class CellPlan:
    row: int
    column: int
    cell: Cell
    x: float
    width: float
    box: TextBox


@dataclass(eq=False)
class TablePlan:
    header_rows: int
    header_height: float
    row_heights: list[float]
    anchors: dict[int, list[CellPlan]]  # row → cells that start there
    spans: list[CellPlan]  # body cells spanning several rows, drawn per page
    pad_x: float
    pad_y: float


@dataclass(eq=False)
class RowUnit(Unit):
    table: TablePlan = field(kw_only=True)
    row: int = 0
    lines: dict[int, tuple[int, int]] | None = None  # column → lines, for a piece of a tall row


@dataclass(eq=False)
class HeaderUnit(Unit):
    table: TablePlan = field(kw_only=True)
    keep_with_next: bool = True


_U = TypeVar("_U", bound=Unit)


@dataclass
class Placed(Generic[_U]):
    unit: _U
    y: float


def holds_row(placed: Placed[Unit]) -> TypeGuard[Placed[RowUnit]]:
    return isinstance(placed.unit, RowUnit)



@dataclass(eq=False)
class PageBreakUnit(Unit):
    """A forced break after the unit before it (目录 stands on its own page)."""


def header_part(plan: TablePlan, span: CellPlan) -> float:
    """What of a merged cell's height the header rows give it on every page (绩效指标)."""
    return sum(plan.row_heights[span.row:plan.header_rows])
