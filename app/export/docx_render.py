"""Word rendering of a ``PrintLayout`` with python-docx.

Tables are built straight in WordprocessingML, one ``w:tc`` per anchor cell with its
``gridSpan``/``vMerge``: no ``Table.cell()`` (quadratic) and no ``merge()`` (which would
concatenate texts), so a 100-project document stays fast.
"""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

from app.export.docx_fonts import (TABLE_SMALL_STYLE, TABLE_STYLE, setup_styles, style_name)
from app.export.layout import (Align, Paragraph, Part, PageBreak, PrintLayout, SignatureBlock,
                               Style, Table, TableOfContents, grid_positions)

A4_WIDTH, A4_HEIGHT = Cm(21.0), Cm(29.7)
MARGIN_TOP, MARGIN_SIDE = Cm(2.54), Cm(2.2)
# A row holding more text than this may be taller than a page: let it break there.
_CANT_SPLIT_LIMIT = 400

_ALIGN = {Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT, Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
          Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT}


def render_docx(layout: PrintLayout, path: Path) -> None:
    document = Document()
    setup_styles(document)
    _settings_update_fields(document)
    headings = layout.headings()
    for index, part in enumerate(layout.printed_parts()):
        section = document.sections[0] if index == 0 else document.add_section()
        _page_setup(section, part.landscape)
        usable = section.page_width - 2 * MARGIN_SIDE
        blocks = list(part.blocks)
        while blocks and isinstance(blocks[-1], PageBreak):
            blocks.pop()  # the next part starts a new page already
        for position, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                _paragraph(document, block)
            elif isinstance(block, Table):
                joined = position + 1 < len(blocks) and isinstance(blocks[position + 1], Table)
                _table(document, block, part, usable, joined)
            elif isinstance(block, PageBreak):
                document.add_page_break()
            elif isinstance(block, TableOfContents):
                _table_of_contents(document, block, headings,
                                   last=position == len(blocks) - 1)
            elif isinstance(block, SignatureBlock):
                _signature(document, block, usable)
    _page_number_footer(document.sections[0])
    document.save(str(path))


def _page_setup(section, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (A4_HEIGHT, A4_WIDTH) if landscape else (A4_WIDTH, A4_HEIGHT))
    section.top_margin = section.bottom_margin = MARGIN_TOP
    section.left_margin = section.right_margin = MARGIN_SIDE


def _style_id(document, style: Style) -> str:
    return document.styles[style_name(style)].style_id


def _paragraph(document, block: Paragraph) -> None:
    style_id = _style_id(document, block.style)
    # Each line of a narrative is its own paragraph (its own first-line indent), as typed.
    for line in block.text.split("\n") if block.style in (Style.BODY, Style.PLAIN) else [
            block.text]:
        paragraph = document.add_paragraph()
        paragraph._p.style = style_id
        if line:
            paragraph.add_run(line)
        if block.align is not None:
            paragraph.alignment = _ALIGN[block.align]


def _table(document, block: Table, part: Part, usable_width: int, joined: bool = False
           ) -> None:
    columns = len(part.columns)
    table = document.add_table(rows=0, cols=columns)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    scale = sum(part.columns)
    widths = [int(usable_width * w / scale) for w in part.columns]
    for column, width in zip(table.columns, widths):
        column.width = width
    # Style ids set straight on w:pStyle: python-docx's by-name lookup scans every style and
    # made a 100-project export take seconds.
    text_style = document.styles[TABLE_SMALL_STYLE if block.small else TABLE_STYLE].style_id

    tbl = table._tbl
    rows = [tbl.add_tr() for _ in block.rows]
    # Grid positions covered by a vertical span continue that span's cell (vMerge="continue").
    continued: dict[tuple[int, int], tuple[int, int]] = {}
    anchors: dict[tuple[int, int], object] = {}
    for r, c, cell in grid_positions(block, columns):
        anchors[(r, c)] = cell
        for dr in range(1, cell.rowspan):
            continued[(r + dr, c)] = (cell.colspan, 0)
    for r, tr in enumerate(rows):
        row_text = 0
        for c in range(columns):
            if (r, c) in anchors:
                cell = anchors[(r, c)]
                tc = tr.add_tc()
                tc.width = sum(widths[c:c + cell.colspan])
                if cell.colspan > 1:
                    tc.grid_span = cell.colspan
                if cell.rowspan > 1:
                    tc.vMerge = "restart"
                _write_cell(_Cell(tc, table), cell, text_style)
                row_text += len(cell.text)
            elif (r, c) in continued:
                colspan, _ = continued[(r, c)]
                tc = tr.add_tc()
                tc.width = sum(widths[c:c + colspan])
                if colspan > 1:
                    tc.grid_span = colspan
                tc.vMerge = "continue"
        trpr = tr.get_or_add_trPr()
        if r < block.header_rows:
            trpr.append(_flag("w:tblHeader"))
        if row_text < _CANT_SPLIT_LIMIT:
            trpr.append(_flag("w:cantSplit"))
    after = document.add_paragraph()
    after._p.style = _style_id(document, Style.PLAIN)
    if joined:  # the next table goes on the same form: a hairline, not a blank line
        fmt = after.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing = Pt(1)
        fmt.keep_with_next = True


def _signature(document, block: SignatureBlock, usable_width: int) -> None:
    """签字盖章 under the form, as on the PDF: the lines on the left, （盖章） on the right.

    A borderless one-row table that never splits, kept (keep-with-next) with the last rows of
    the form before it, so it never stands on a page of its own."""
    _keep_with_next(document.element.body)
    widths = [int(usable_width * 0.65), usable_width - int(usable_width * 0.65)]
    table = document.add_table(rows=0, cols=2)
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    tr = table._tbl.add_tr()
    tr.get_or_add_trPr().append(_flag("w:cantSplit"))
    plain = _style_id(document, Style.PLAIN)
    lines_cell, seal_cell = (_Cell(tr.add_tc(), table), _Cell(tr.add_tc(), table))
    for target, width in zip((lines_cell, seal_cell), widths):
        target.width = width
    for i, line in enumerate(block.lines):
        paragraph = lines_cell.paragraphs[0] if i == 0 else lines_cell.add_paragraph()
        paragraph._p.style = plain
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run(line)
    seal = seal_cell.paragraphs[0]
    seal._p.style = plain
    seal.alignment = WD_ALIGN_PARAGRAPH.CENTER
    seal.add_run(block.seal)
    seal_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    # A tiny paragraph after the table (Word needs one): it can never push a page of its own.
    closing = document.add_paragraph()
    closing._p.style = plain
    closing.paragraph_format.space_before = closing.paragraph_format.space_after = Pt(0)
    closing.paragraph_format.line_spacing = Pt(1)
    closing.add_run().font.size = Pt(1)


def _keep_with_next(body, rows: int = 2) -> None:
    """Keep what the body ends with (the last rows of a table and the empty paragraph after
    it, or the last two paragraphs) with what comes next."""
    paragraphs = 0
    for child in reversed(body):
        if child.tag == qn("w:p") and paragraphs < 2:
            _keep_paragraph(child)
            paragraphs += 1
        elif child.tag == qn("w:tbl"):
            for tr in child.findall(qn("w:tr"))[-rows:]:
                trpr = tr.get_or_add_trPr()
                if trpr.find(qn("w:cantSplit")) is None:
                    trpr.append(_flag("w:cantSplit"))
                for p in tr.iter(qn("w:p")):
                    _keep_paragraph(p)
            return
        elif child.tag != qn("w:sectPr"):
            return


def _keep_paragraph(p) -> None:
    ppr = p.get_or_add_pPr()
    ppr.keepNext_val = True


def _write_cell(target: _Cell, cell, style_id: str) -> None:
    target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = target.paragraphs[0]
    paragraph._p.style = style_id
    paragraph.alignment = _ALIGN[cell.align]
    if cell.text:
        run = paragraph.add_run(cell.text)  # tabs and line breaks become w:tab / w:br
        if cell.bold:
            run.bold = True


def _flag(tag: str):
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    return element


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
