"""A format-neutral print layout: what a template puts on paper, in order.

A template's layout builder turns a document into a ``PrintLayout``; the Word, Excel and HTML
(→ PDF) renderers draw the same blocks, so the three files always hold the same content in the
same order. Tables are HTML-like: each row lists its anchor cells, and a cell spans
``rowspan`` × ``colspan`` grid positions of its part's column grid.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Hashable, Iterator, Sequence, Union

from app.export.textwidth import display_width


class Style(str, Enum):
    TITLE = "title"  # 小二 黑体, centred
    SUBTITLE = "subtitle"  # 三号 仿宋, centred ("2024年度")
    HEADING1 = "heading1"  # 一、 黑体 三号
    HEADING2 = "heading2"  # （一） 楷体/黑体 四号
    HEADING3 = "heading3"  # 1、 仿宋 bold
    BODY = "body"  # 仿宋 四号, first-line indent
    PLAIN = "plain"  # 仿宋 四号, no indent (cover lines, "编制单位：…")
    TOC = "toc"  # a table-of-contents entry


class Align(str, Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: Style = Style.BODY
    align: Align | None = None  # None: the style's alignment
    anchor: str = ""  # a heading's id, for the table of contents


class Continuation(str, Enum):
    """How a cell of a spread-out table goes on from the cell above it in its column (Excel:
    a long text cut into rows, a table cut by a page break); the importer joins them again."""

    NONE = ""
    PIECE = "piece"  # the next piece of the text above: the two are one text
    REPEAT = "repeat"  # the cell above written again after a page break: the same cell


@dataclass(frozen=True)
class Cell:
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    bold: bool = False
    align: Align = Align.LEFT
    amount: Decimal | None = None  # money cells: Excel stores the number, not the text
    continues: Continuation = Continuation.NONE


@dataclass
class Table:
    rows: list[list[Cell]]
    header_rows: int = 0  # repeated at the top of every printed page
    small: bool = False  # 小五 instead of 五号, for wide tables


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class TableOfContents:
    """目录: filled by the renderer from the headings that carry an anchor."""

    title: str = "目录"


@dataclass(frozen=True)
class SignatureBlock:
    """签字盖章: printed after a form in the PDF (the copy that is signed and stamped)."""

    lines: tuple[str, ...] = ("单位负责人（签字）：", "经办人：", "联系电话：", "日期：")
    seal: str = "（盖章）"


_YEAR = re.compile(r"\d{4}\s*年")


def title_text(text: str, line_em: float) -> str:
    """A title too long for one line (``line_em`` characters of its size) breaks before its
    year, as the seeds print "{单位名称}" over "2023年绩效文本": a line-breaking engine would cut
    it anywhere, inside 绩效 too. Word, WPS, LibreOffice and Qt all honour a line break, so the
    break is written into the text; a title without a year, or whose year part does not fit on
    a line either, is left to wrap."""
    if "\n" in text or display_width(text) / 2 <= line_em:
        return text
    year = _YEAR.search(text)
    if year is None or year.start() == 0 or display_width(text[year.start():]) / 2 > line_em:
        return text
    return f"{text[:year.start()]}\n{text[year.start():]}"


TOC_INDENT = 24.0  # points per level of a 目录 entry


def contents_level(heading: Paragraph) -> int | None:
    """A heading's level in the 目录 (0 part and chapter headings, 1 what they hold: （一）…
    and each project's 绩效目标表, as seed 002 lists them), or None when it is not listed."""
    if not heading.anchor:
        return None
    return {Style.HEADING1: 0, Style.HEADING2: 1, Style.SUBTITLE: 1}.get(heading.style)


Block = Union[Paragraph, Table, PageBreak, TableOfContents, SignatureBlock]


@dataclass
class Part:
    """One printed form or chapter: a Word section, an Excel sheet (when ``sheet`` is set)."""

    blocks: Sequence[Block]
    columns: tuple[float, ...] = (1.0,)  # relative column widths of the part's tables
    landscape: bool = False
    sheet: str = ""  # Excel sheet name; "" keeps the part out of the workbook
    title_rows: int = 0  # Excel: rows repeated at the top of each printed page
    excel_only: bool = False  # a data sheet (e.g. 自评数据) that Word and PDF leave out

    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))


@dataclass
class PrintLayout:
    form_name: str  # 表名 in the file name: "{单位名称}_{年度}年{表名}.docx"
    parts: list[Part] = field(default_factory=list)

    def printed_parts(self) -> list[Part]:
        """The parts of the Word and PDF files (all but Excel-only data sheets)."""
        return [part for part in self.parts if not part.excel_only]

    def headings(self) -> list[Paragraph]:
        """The printed headings that carry an anchor: the table of contents' entries."""
        return [b for part in self.printed_parts() for b in part.blocks
                if isinstance(b, Paragraph) and b.anchor]


def grid_positions(table: Table, columns: int) -> Iterator[tuple[int, int, Cell]]:
    """(row, column, cell) of every anchor cell, skipping grid positions covered by spans."""
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in covered:
                c += 1
            if c + cell.colspan > columns:
                raise ValueError(f"row {r} overflows the {columns}-column grid")
            yield r, c, cell
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    covered.add((r + dr, c + dc))
            c += cell.colspan


def merged_runs(values: Sequence[Hashable]) -> list[int]:
    """Vertical merge of equal neighbours: for each row, the span it starts (0 if covered).

    ["决策", "决策", "过程"] → [2, 0, 1]. Empty values merge too, as the printed forms do for
    a group whose label was left blank.
    """
    spans = [0] * len(values)
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            spans[start] = i - start
            start = i
    return spans
