"""Word rendering of a ``PrintLayout`` with python-docx.

The document, its styles, sections, paragraphs, footer and table of contents go through
python-docx; the tables (and the signature block) are written as WordprocessingML text by
``app.export.docx_xml``, one ``w:tc`` per anchor cell with its ``gridSpan``/``vMerge``: no
``Table.cell()`` (quadratic), no ``merge()`` (which would concatenate texts), and none of
python-docx's element-by-element object layer, which took most of a large export's time.
"""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from app.export.docx_fonts import (TABLE_SMALL_STYLE, TABLE_STYLE, setup_styles, style_name)
from app.export.docx_xml import (append_to_body, keep_with_next, paragraph_xml, signature_xml,
                                 table_xml)
from app.export.layout import (Align, Paragraph, Part, PageBreak, PrintLayout, SignatureBlock,
                               Style, Table, TableOfContents)

A4_WIDTH, A4_HEIGHT = Cm(21.0), Cm(29.7)
MARGIN_TOP, MARGIN_SIDE = Cm(2.54), Cm(2.2)

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
    _settings_update_fields(document)
    ids = _StyleIds(document)
    headings = layout.headings()
    for index, part in enumerate(layout.printed_parts()):
        section = document.sections[0] if index == 0 else document.add_section()
        _page_setup(section, part.landscape)
        assert section.page_width is not None  # set by _page_setup
        usable = section.page_width - 2 * MARGIN_SIDE
        blocks = list(part.blocks)
        while blocks and isinstance(blocks[-1], PageBreak):
            blocks.pop()  # the next part starts a new page already
        for position, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                _paragraph(document, block, ids)
            elif isinstance(block, Table):
                joined = position + 1 < len(blocks) and isinstance(blocks[position + 1], Table)
                _table(document, block, part, usable, ids, joined)
            elif isinstance(block, PageBreak):
                document.add_page_break()
            elif isinstance(block, TableOfContents):
                _table_of_contents(document, block, headings,
                                   last=position == len(blocks) - 1)
            elif isinstance(block, SignatureBlock):
                _signature(document, block, usable, ids)
    _page_number_footer(document.sections[0])
    document.save(str(path))


def _page_setup(section, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (A4_HEIGHT, A4_WIDTH) if landscape else (A4_WIDTH, A4_HEIGHT))
    section.top_margin = section.bottom_margin = MARGIN_TOP
    section.left_margin = section.right_margin = MARGIN_SIDE


def _paragraph(document, block: Paragraph, ids: _StyleIds) -> None:
    style_id = ids.paragraph[block.style]
    # Each line of a narrative is its own paragraph (its own first-line indent), as typed.
    for line in block.text.split("\n") if block.style in (Style.BODY, Style.PLAIN) else [
            block.text]:
        paragraph = document.add_paragraph()
        paragraph._p.style = style_id
        if line:
            paragraph.add_run(line)
        if block.align is not None:
            paragraph.alignment = _ALIGN[block.align]


def _table(document, block: Table, part: Part, usable_width: int, ids: _StyleIds,
           joined: bool = False) -> None:
    scale = sum(part.columns)
    widths = [int(usable_width * w / scale) for w in part.columns]
    # The table, and the paragraph after it; when the next table goes on the same form, a
    # hairline rather than a blank line.
    append_to_body(document.element.body,
                   table_xml(block, len(part.columns), widths, ids.table_text[block.small],
                             ids.grid)
                   + paragraph_xml(ids.paragraph[Style.PLAIN], hairline=joined))


def _signature(document, block: SignatureBlock, usable_width: int, ids: _StyleIds) -> None:
    """签字盖章 under the form, as on the PDF: the lines on the left, （盖章） on the right,
    kept (keep-with-next) with the last rows of the form before it, so it never stands on a
    page of its own."""
    body = document.element.body
    keep_with_next(body)
    widths = [int(usable_width * 0.65), usable_width - int(usable_width * 0.65)]
    append_to_body(body, signature_xml(block, widths, ids.paragraph[Style.PLAIN]))


def _settings_update_fields(document) -> None:
    # Word and WPS refresh the table of contents' page numbers when the file is opened.
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


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
    paragraph.add_run("第 ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" 页 共 ")
    _field(paragraph, "NUMPAGES", "1")
    paragraph.add_run(" 页")


def _table_of_contents(document, block: TableOfContents, headings: list[Paragraph],
                       last: bool) -> None:
    document.add_paragraph(block.title, style=style_name(Style.TITLE))
    # The field's cached result lists the headings, so a reader that does not update fields
    # (or a converter) still shows the contents; Word/WPS fill in page numbers on opening.
    entries = [h for h in headings if h.style in (Style.HEADING1, Style.HEADING2)] or [
        Paragraph("")]
    paragraphs = []
    for heading in entries:
        paragraph = document.add_paragraph(style=style_name(Style.TOC))
        if heading.style is Style.HEADING2:
            paragraph.paragraph_format.left_indent = Pt(28)
        paragraphs.append((paragraph, heading.text))
    _field_start(paragraphs[0][0], 'TOC \\o "1-2" \\h \\z \\u')
    for paragraph, text in paragraphs:
        paragraph.add_run(text)
    _field_char(paragraphs[-1][0], "end")
    if not last:
        document.add_page_break()
