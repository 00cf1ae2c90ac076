"""Word rendering of a ``PrintLayout`` with python-docx.

The document, its styles, sections, paragraphs, footer and table of contents go through
python-docx; the tables (and the signature block) are written as WordprocessingML text by
``app.export.docx_xml``, one ``w:tc`` per anchor cell with its ``gridSpan``/``vMerge``: no
``Table.cell()`` (quadratic), no ``merge()`` (which would concatenate texts), and none of
python-docx's element-by-element object layer, which took most of a large export's time.
"""
from __future__ import annotations

import io

from pathlib import Path
from typing import AbstractSet, Callable

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from app.export.docx_fonts import (TABLE_SMALL_STYLE, TABLE_STYLE, setup_styles, style_name)
from app.export.docx_pages import WORD_SLACK_MM, WordPages, plan_word_pages, split_table
from app.export.docx_xml import (append_to_body, keep_with_next, page_break_xml,
                                 paragraph_xml, signature_xml, table_xml)
from app.export.layout import (TOC_INDENT, Align, Paragraph, Part, PageBreak, PrintLayout,
                               SignatureBlock, Style, Table, TableOfContents, contents_level,
                               title_text)
from app.export.page_units import (FOOTER_MM, PAGE_MARGINS_MM, PARAGRAPH_STYLES,
                                   SIGNATURE_ROWS)

A4_WIDTH, A4_HEIGHT = Cm(21.0), Cm(29.7)
# The PDF's page (the plan Word follows), its body a little taller: the footer sits lower.
MARGIN_SIDE, MARGIN_TOP = Mm(PAGE_MARGINS_MM[0]), Mm(PAGE_MARGINS_MM[1] - WORD_SLACK_MM / 2)
MARGIN_BOTTOM = Mm(PAGE_MARGINS_MM[3] + FOOTER_MM - WORD_SLACK_MM / 2)
FOOTER_DISTANCE = Mm(5)
TITLE_SIZE = PARAGRAPH_STYLES[Style.TITLE].font.size

_ALIGN = {Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT, Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
          Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT}


class _StyleIds:
    """Style ids looked up once: python-docx's lookup by name scans every style each time."""

    def __init__(self, document) -> None:
        styles = document.styles
        self.paragraph = {style: styles[style_name(style)].style_id for style in Style}
        self.table_text = {False: styles[TABLE_STYLE].style_id,
                           True: styles[TABLE_SMALL_STYLE].style_id}
        self.grid = styles["Table Grid"].style_id


def render_docx(layout: PrintLayout, path: Path) -> None:
    document = Document()
    setup_styles(document)
    ids = _StyleIds(document)
    headings = layout.headings()
    pages = plan_word_pages(layout)
    for index, part in enumerate(layout.printed_parts()):
        section = document.sections[0] if index == 0 else document.add_section()
        _page_setup(section, part.landscape)
        assert section.page_width is not None  # set by _page_setup
        usable = section.page_width - 2 * MARGIN_SIDE
        blocks = list(part.blocks)
        while blocks and isinstance(blocks[-1], PageBreak):
            blocks.pop()  # the next part starts a new page already
        for position, block in enumerate(blocks):
            def begins_page(item: int, block_index: int = position, part_index: int = index
                            ) -> bool:
                return pages.begins_page(part_index, block_index, item)

            if isinstance(block, Paragraph):
                _paragraph(document, block, ids, usable / Pt(TITLE_SIZE), begins_page)
            elif isinstance(block, Table):
                joined = position + 1 < len(blocks) and isinstance(blocks[position + 1], Table)
                breaks = {r for r in range(len(block.rows)) if begins_page(r)}
                _table(document, block, part, usable, ids, joined, breaks)
            elif isinstance(block, PageBreak):
                document.add_page_break()
            elif isinstance(block, TableOfContents):
                _table_of_contents(document, block, headings, pages, usable,
                                   last=position == len(blocks) - 1)
            elif isinstance(block, SignatureBlock):
                _signature(document, block, usable, ids)
    _page_number_footer(document.sections[0])
    # Zipped in memory, written in one go: a zip left half-written on a full disk would report
    # the error again, in English, whenever it is collected.
    zipped = io.BytesIO()
    document.save(zipped)
    path.write_bytes(zipped.getvalue())


def _page_setup(section, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (A4_HEIGHT, A4_WIDTH) if landscape else (A4_WIDTH, A4_HEIGHT))
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin = section.right_margin = MARGIN_SIDE
    section.footer_distance = FOOTER_DISTANCE


def _paragraph(document, block: Paragraph, ids: _StyleIds, line_em: float,
               begins_page: Callable[[int], bool]) -> None:
    style_id = ids.paragraph[block.style]
    text = title_text(block.text, line_em) if block.style is Style.TITLE else block.text
    # Each line of a narrative is its own paragraph (its own first-line indent), as typed.
    for n, line in enumerate(text.split("\n") if block.style in (Style.BODY, Style.PLAIN)
                             else [text]):
        paragraph = document.add_paragraph()
        paragraph._p.style = style_id
        if line:
            paragraph.add_run(line)
        if block.align is not None:
            paragraph.alignment = _ALIGN[block.align]
        if begins_page(n):
            paragraph.paragraph_format.page_break_before = True


def _table(document, block: Table, part: Part, usable_width: int, ids: _StyleIds,
           joined: bool = False, breaks: AbstractSet[int] = frozenset()) -> None:
    scale = sum(part.columns)
    widths = [int(usable_width * w / scale) for w in part.columns]
    columns = len(part.columns)
    plain = ids.paragraph[Style.PLAIN]
    xml = []
    if block.header_rows < len(block.rows) and block.header_rows in breaks:
        xml.append(page_break_xml(plain))  # the table begins a page: it starts there whole
    for n, piece in enumerate(split_table(block, columns, breaks)):
        if n:
            xml.append(page_break_xml(plain))  # where the PDF's page ends, Word's does
        xml.append(table_xml(piece, columns, widths, ids.table_text[block.small], ids.grid))
    # The paragraph after the table; when the next table goes on the same form, a hairline
    # rather than a blank line.
    xml.append(paragraph_xml(plain, hairline=joined))
    append_to_body(document.element.body, "".join(xml))


def _signature(document, block: SignatureBlock, usable_width: int, ids: _StyleIds) -> None:
    """签字盖章 under the form, as on the PDF: the lines on the left, （盖章） on the right,
    kept (keep-with-next) with the last rows of the form before it, so it never stands on a
    page of its own."""
    body = document.element.body
    keep_with_next(body, SIGNATURE_ROWS)
    widths = [int(usable_width * 0.65), usable_width - int(usable_width * 0.65)]
    append_to_body(body, signature_xml(block, widths, ids.paragraph[Style.PLAIN]))


def _field_char(paragraph, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(element)


def _field_start(paragraph, instruction: str) -> None:
    _field_char(paragraph, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    _field_char(paragraph, "separate")


def _field(paragraph, instruction: str, result: str = "") -> None:
    """A complex field (PAGE, NUMPAGES) with a cached result shown before updating."""
    _field_start(paragraph, instruction)
    paragraph.add_run(result)
    _field_char(paragraph, "end")


def _page_number_footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # One small line, as on the PDF: it stays inside the bottom margin, never raising the body.
    paragraph.paragraph_format.line_spacing = 1.0
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.add_run("第 ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" 页 共 ")
    _field(paragraph, "NUMPAGES", "1")
    paragraph.add_run(" 页")
    for run in paragraph.runs:
        run.font.size = Pt(9)


def _table_of_contents(document, block: TableOfContents, headings: list[Paragraph],
                       pages: WordPages, usable_width: int, last: bool) -> None:
    """目录 as text: each entry with the page the plan puts its heading on, after a dotted
    leader. No TOC field: Word would ask to update it on every opening, and its page numbers
    are known here (Word's pages break where the PDF's do)."""
    document.add_paragraph(block.title, style=style_name(Style.TITLE))
    for heading in headings:
        level = contents_level(heading)
        if level is None:
            continue
        paragraph = document.add_paragraph(style=style_name(Style.TOC))
        paragraph.paragraph_format.left_indent = Pt(TOC_INDENT * level)
        paragraph.paragraph_format.tab_stops.add_tab_stop(
            usable_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        page = pages.anchors.get(heading.anchor)
        paragraph.add_run(heading.text if page is None else f"{heading.text}\t{page}")
    if not last:
        document.add_page_break()
