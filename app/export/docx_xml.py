"""WordprocessingML of the Word export's tables, written as text and parsed once per table.

python-docx builds a document element by element through an object layer that looks up every
child's place in the schema as it inserts it; for the ~27,000 table cells of a 100-project
document that took several times as long as the plainest python-docx code. Here each table
(with the paragraph after it) is one string of the very XML python-docx wrote, parsed by
python-docx's own parser (so its element classes still work on the result) and put at the end
of the body. Text is escaped here; characters XML cannot hold raise ``ValueError`` as
python-docx does.
"""
from __future__ import annotations

import re
from typing import Sequence

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu

from app.export.layout import Align, Cell, SignatureBlock, Table, grid_positions
from app.export.page_units import CELL_PAD_X, CELL_PAD_Y

# A row holding more text than this may be taller than a page: let it break there.
CANT_SPLIT_LIMIT = 400

_JC = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right"}
_TBL_LOOK = ('<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
             'w:noHBand="0" w:noVBand="1" w:val="04A0"/>')
# The PDF's cell padding: a cell's text wraps at the width the plan measured.
_CELL_MARGINS = ("<w:tblCellMar>" + "".join(
    f'<w:{side} w:w="{round(pad * 20)}" w:type="dxa"/>'
    for side, pad in (("top", CELL_PAD_Y), ("left", CELL_PAD_X), ("bottom", CELL_PAD_Y),
                      ("right", CELL_PAD_X))) + "</w:tblCellMar>")
_HAIRLINE = '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
_BREAKS = re.compile(r"([\t\r\n])")
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_P, _TBL, _TR = qn("w:p"), qn("w:tbl"), qn("w:tr")
_PPR, _TRPR, _SECTPR = qn("w:pPr"), qn("w:trPr"), qn("w:sectPr")
_PSTYLE, _KEEP_NEXT, _CANT_SPLIT = qn("w:pStyle"), qn("w:keepNext"), qn("w:cantSplit")
_VAL = qn("w:val")


def twips(emu: int) -> int:
    return Emu(emu).twips


def append_to_body(body, xml: str) -> None:
    """Parse ``xml`` (elements of a ``w:body``) and add them at the body's end, before its
    closing ``w:sectPr``."""
    elements = list(parse_xml(f"<w:body {nsdecls('w')}>{xml}</w:body>"))
    last = body[-1] if len(body) else None
    for element in elements:
        if last is not None and last.tag == _SECTPR:
            last.addprevious(element)
        else:
            body.append(element)


def table_xml(block: Table, columns: int, widths: Sequence[int], text_style: str,
              table_style: str) -> str:
    """A form's table (style ``table_style``, centred, fixed column ``widths`` in EMU): one
    ``w:tc`` per anchor cell (``gridSpan``, ``vMerge`` restart) and per grid position a
    vertical span continues (``vMerge``); header rows ``tblHeader``, rows with less than
    ``CANT_SPLIT_LIMIT`` characters ``cantSplit``; cell text in ``text_style``."""
    grid = "".join(f'<w:gridCol w:w="{twips(w)}"/>' for w in widths)
    head = (f'<w:tbl><w:tblPr><w:tblStyle w:val="{escape(table_style)}"/>'
            '<w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>'
            f'<w:tblLayout w:type="fixed"/>{_CELL_MARGINS}{_TBL_LOOK}</w:tblPr>'
            f'<w:tblGrid>{grid}</w:tblGrid>')
    return head + _rows_xml(block, columns, widths, text_style) + "</w:tbl>"


def _rows_xml(block: Table, columns: int, widths: Sequence[int], style_id: str) -> str:
    cell_widths = {(c, span): _tc_width(widths, c, span)
                   for c in range(columns) for span in range(1, columns - c + 1)}
    continued: dict[tuple[int, int], int] = {}  # grid position → colspan of the span above
    anchors: dict[tuple[int, int], Cell] = {}
    for r, c, anchor in grid_positions(block, columns):
        anchors[(r, c)] = anchor
        for dr in range(1, anchor.rowspan):
            continued[(r + dr, c)] = anchor.colspan
    paragraph = f'<w:p><w:pPr><w:pStyle w:val="{escape(style_id)}"/><w:jc w:val="'
    out: list[str] = []
    for r in range(len(block.rows)):
        cells: list[str] = []
        row_text = 0
        for c in range(columns):
            cell = anchors.get((r, c))
            if cell is not None:
                merge = '<w:vMerge w:val="restart"/>' if cell.rowspan > 1 else ""
                run = run_xml(cell.text, cell.bold) if cell.text else ""
                cells.append(f'<w:tc><w:tcPr>{cell_widths[c, cell.colspan]}{merge}'
                             f'<w:vAlign w:val="center"/></w:tcPr>{paragraph}'
                             f'{_JC[cell.align]}"/></w:pPr>{run}</w:p></w:tc>')
                row_text += len(cell.text)
            elif (r, c) in continued:
                cells.append(f"<w:tc><w:tcPr>{cell_widths[c, continued[r, c]]}"
                             "<w:vMerge/></w:tcPr><w:p/></w:tc>")
        flags = ('<w:tblHeader w:val="true"/>' if r < block.header_rows else "") + (
            '<w:cantSplit w:val="true"/>' if row_text < CANT_SPLIT_LIMIT else "")
        out.append(f"<w:tr><w:trPr>{flags}</w:trPr>{''.join(cells)}</w:tr>")
    return "".join(out)


def _tc_width(widths: Sequence[int], column: int, span: int) -> str:
    grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return f'<w:tcW w:type="dxa" w:w="{twips(sum(widths[column:column + span]))}"/>{grid}'


def paragraph_xml(style_id: str, hairline: bool = False) -> str:
    """An empty paragraph; a ``hairline`` one (1 pt, no spacing) keeps with the next."""
    extra = f"<w:keepNext/>{_HAIRLINE}" if hairline else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{escape(style_id)}"/>{extra}</w:pPr></w:p>'


def page_break_xml(style_id: str) -> str:
    """A hairline paragraph that begins a page: Word needs a paragraph between two tables
    (else it joins them), and at the head of the page it takes 1 pt."""
    return (f'<w:p><w:pPr><w:pStyle w:val="{escape(style_id)}"/><w:pageBreakBefore/>'
            f"{_HAIRLINE}</w:pPr></w:p>")


def signature_xml(block: SignatureBlock, widths: Sequence[int], style_id: str) -> str:
    """签字盖章: a borderless one-row table that cannot split, the lines (kept with next) on
    the left, （盖章） centred on the right; then a 1 pt paragraph (Word needs one after a
    table) that can never push a page of its own."""
    style = f'<w:pStyle w:val="{escape(style_id)}"/>'
    lines = "".join(f"<w:p><w:pPr>{style}<w:keepNext/></w:pPr>{run_xml(line)}</w:p>"
                    for line in block.lines)
    seal = f'<w:p><w:pPr>{style}<w:jc w:val="center"/></w:pPr>{run_xml(block.seal)}</w:p>'
    left, right = (twips(w) for w in widths)
    return (f'<w:tbl><w:tblPr><w:tblW w:type="auto" w:w="0"/><w:tblLayout w:type="fixed"/>'
            f'{_TBL_LOOK}</w:tblPr><w:tblGrid><w:gridCol w:w="{left}"/>'
            f'<w:gridCol w:w="{right}"/></w:tblGrid><w:tr><w:trPr>'
            f'<w:cantSplit w:val="true"/></w:trPr><w:tc><w:tcPr>'
            f'<w:tcW w:type="dxa" w:w="{left}"/></w:tcPr>{lines}</w:tc><w:tc><w:tcPr>'
            f'<w:tcW w:type="dxa" w:w="{right}"/><w:vAlign w:val="center"/></w:tcPr>{seal}'
            f"</w:tc></w:tr></w:tbl><w:p><w:pPr>{style}{_HAIRLINE}</w:pPr><w:r><w:rPr>"
            '<w:sz w:val="2"/></w:rPr></w:r></w:p>')


def run_xml(text: str, bold: bool = False) -> str:
    """A run as python-docx's ``add_run(text)`` writes it: tabs become ``w:tab``, line breaks
    ``w:br``, the rest ``w:t`` (space-preserving when it starts or ends with white space)."""
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    if not text and not bold:
        return "<w:r/>"
    if "\t" not in text and "\n" not in text and "\r" not in text:
        return f"<w:r>{props}{_t_xml(text) if text else ''}</w:r>"
    parts = []
    for piece in _BREAKS.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            parts.append(_t_xml(piece))
    return f"<w:r>{props}{''.join(parts)}</w:r>"


def _t_xml(text: str) -> str:
    if _NOT_XML.search(text):
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes "
                         "or control characters")
    if len(text.strip()) < len(text):
        return f'<w:t xml:space="preserve">{escape(text)}</w:t>'
    return f"<w:t>{escape(text)}</w:t>"


def escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    return text


def keep_with_next(body, rows: int = 2) -> None:
    """Keep what the body ends with (the last rows of a table and the empty paragraph after
    it, or the last two paragraphs) with what comes next."""
    paragraphs = 0
    for child in reversed(body):
        if child.tag == _P and paragraphs < 2:
            _keep_paragraph(child)
            paragraphs += 1
        elif child.tag == _TBL:
            for tr in child.findall(_TR)[-rows:]:
                trpr = tr.find(_TRPR)
                if trpr is None:
                    trpr = OxmlElement("w:trPr")
                    tr.insert(0, trpr)
                if trpr.find(_CANT_SPLIT) is None:
                    flag = OxmlElement("w:cantSplit")
                    flag.set(_VAL, "true")
                    trpr.append(flag)
                for p in tr.iter(_P):
                    _keep_paragraph(p)
            return
        elif child.tag != _SECTPR:
            return


def _keep_paragraph(p) -> None:
    """``w:keepNext`` in the paragraph's properties, in its place in the schema (right after
    ``w:pStyle``), as python-docx's ``keep_with_next = True`` puts it."""
    ppr = p.find(_PPR)
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    keep = ppr.find(_KEEP_NEXT)
    if keep is not None:
        keep.attrib.pop(_VAL, None)
        return
    position = 1 if len(ppr) and ppr[0].tag == _PSTYLE else 0
    ppr.insert(position, OxmlElement("w:keepNext"))
