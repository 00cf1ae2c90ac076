"""Print-ready HTML of a ``PrintLayout``, one page-sized document per part.

Written for Qt's ``QTextDocument`` (the PDF renderer and the print preview): its HTML subset
supports tables with rowspan/colspan, ``<thead>`` rows repeated on every page, and a few CSS
properties. All user text is escaped; tabs and line breaks are kept.
"""
from __future__ import annotations

from html import escape

from app.export.layout import (Align, Cell, Paragraph, Part, PageBreak,
                               SignatureBlock, Style, Table, TableOfContents, grid_positions)

SONG = "'SimSun', '宋体', 'Noto Serif CJK SC', 'Noto Serif SC', serif"
FANGSONG = "'FangSong', '仿宋', 'Noto Serif CJK SC', 'Noto Serif SC', serif"
HEI = "'SimHei', '黑体', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif"
KAI = "'KaiTi', '楷体', 'Noto Serif CJK SC', serif"

_PARAGRAPH_CSS = {
    Style.TITLE: f"font-family:{HEI}; font-size:18pt; text-align:center; margin-bottom:8pt",
    Style.SUBTITLE: f"font-family:{FANGSONG}; font-size:14pt; text-align:center;"
                    " margin-bottom:6pt",
    Style.HEADING1: f"font-family:{HEI}; font-size:14pt; margin-top:8pt; margin-bottom:4pt",
    Style.HEADING2: f"font-family:{KAI}; font-size:14pt; font-weight:bold; margin-top:6pt;"
                    " margin-bottom:3pt",
    Style.HEADING3: f"font-family:{FANGSONG}; font-size:12pt; font-weight:bold;"
                    " text-indent:24pt; margin-top:4pt",
    Style.BODY: f"font-family:{FANGSONG}; font-size:12pt; text-indent:24pt; line-height:150%",
    Style.PLAIN: f"font-family:{FANGSONG}; font-size:12pt; line-height:150%",
    Style.TOC: f"font-family:{FANGSONG}; font-size:12pt; line-height:150%",
}
_ALIGN = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right"}


def _text(value: str) -> str:
    # Qt keeps tabs and line breaks with pre-wrap; escape() keeps "<&>" literal.
    return escape(value, quote=False)


def part_html(part: Part, headings: list[Paragraph] | None = None,
              toc_pages: dict[str, int] | None = None) -> str:
    """The HTML of one part; ``toc_pages`` fills the table of contents' page numbers."""
    body: list[str] = []
    # Qt gives an empty <div> no block of its own and moves its page-break-after to the next
    # block, so a break is carried as page-break-before on whatever follows; a break that ends
    # the part is dropped (the next part starts a new page anyway).
    break_next = False
    for block in part.blocks:
        if isinstance(block, PageBreak):
            break_next = bool(body)
            continue
        if isinstance(block, Paragraph):
            html = _paragraph(block)
        elif isinstance(block, Table):
            html = _table(block, part)
        elif isinstance(block, TableOfContents):
            html = _toc(block, headings or [], toc_pages or {})
        elif isinstance(block, SignatureBlock):
            html = _signature(block)
        else:  # pragma: no cover - every block kind is handled above
            continue
        if break_next:
            html = html.replace('style="', 'style="page-break-before:always; ', 1)
            break_next = False
        body.append(html)
        if isinstance(block, TableOfContents):
            break_next = True  # 目录 stands on its own page
    return ("<html><head><meta charset='utf-8'></head>"
            f"<body style=\"font-family:{SONG}; font-size:10.5pt\">{''.join(body)}</body></html>")


def _paragraph(block: Paragraph) -> str:
    css = _PARAGRAPH_CSS[block.style]
    if block.align is not None:
        css += f"; text-align:{_ALIGN[block.align]}"
    lines = block.text.split("\n") if block.style in (Style.BODY, Style.PLAIN) else [block.text]
    anchor = f'<a name="{escape(block.anchor)}"></a>' if block.anchor else ""
    return "".join(
        f'<p style="{css}; white-space:pre-wrap">{anchor if i == 0 else ""}'
        f"{_text(line) or '&nbsp;'}</p>"
        for i, line in enumerate(lines))


def _cell(cell: Cell, width: float, header: bool, small: bool) -> str:
    tag = "th" if header else "td"
    spans = ""
    if cell.rowspan > 1:
        spans += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        spans += f' colspan="{cell.colspan}"'
    weight = "bold" if cell.bold or header else "normal"
    size = "9pt" if small else "10.5pt"
    return (f'<{tag}{spans} width="{width:.1f}%" align="{_ALIGN[cell.align]}" valign="middle"'
            f' style="font-weight:{weight}; font-size:{size}; white-space:pre-wrap">'
            f"{_text(cell.text)}</{tag}>")


def _table(block: Table, part: Part) -> str:
    columns = len(part.columns)
    scale = sum(part.columns)
    percent = [100 * w / scale for w in part.columns]
    rows: list[list[str]] = [[] for _ in block.rows]
    for r, c, cell in grid_positions(block, columns):
        rows[r].append(_cell(cell, sum(percent[c:c + cell.colspan]), r < block.header_rows,
                             block.small))
    head = "".join(f"<tr>{''.join(cells)}</tr>" for cells in rows[:block.header_rows])
    body = "".join(f"<tr>{''.join(cells)}</tr>" for cells in rows[block.header_rows:])
    return ('<table border="1" cellspacing="0" cellpadding="3" width="100%"'
            ' style="border-collapse:collapse; border-color:#000; margin-bottom:6pt">'
            + (f"<thead>{head}</thead>" if head else "") + f"<tbody>{body}</tbody></table>")


def _toc(block: TableOfContents, headings: list[Paragraph], pages: dict[str, int]) -> str:
    rows = []
    for heading in headings:
        if heading.style not in (Style.HEADING1, Style.HEADING2):
            continue
        indent = "24pt" if heading.style is Style.HEADING2 else "0pt"
        page = pages.get(heading.anchor, "")
        rows.append(f'<tr><td style="padding-left:{indent}">{_text(heading.text)}</td>'
                    f'<td align="right" width="12%">{page}</td></tr>')
    return (f'<p style="{_PARAGRAPH_CSS[Style.TITLE]}">{_text(block.title)}</p>'
            f'<table width="100%" cellspacing="0" cellpadding="4" style="font-family:{FANGSONG};'
            f' font-size:12pt">{"".join(rows)}</table>')


def _signature(block: SignatureBlock) -> str:
    lines = "".join(f'<p style="font-family:{FANGSONG}; font-size:12pt; margin-top:14pt">'
                    f"{_text(line)}</p>" for line in block.lines)
    return ('<table width="100%" cellspacing="0" cellpadding="0" style="margin-top:18pt">'
            f'<tr><td width="65%">{lines}</td>'
            f'<td width="35%" align="center" valign="middle" style="font-family:{FANGSONG};'
            f' font-size:12pt">{_text(block.seal)}</td></tr></table>')
