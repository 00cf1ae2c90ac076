"""Chinese fonts that Word, WPS and LibreOffice all honour.

python-docx's ``font.name`` sets only the Latin font, and its default template declares theme
fonts and East Asian language ja-JP, so Chinese would fall back to a Japanese Mincho. Every
style here names its East Asian font explicitly (宋体/仿宋/黑体, the Windows font names), drops
the theme attributes, and declares zh-CN.
"""
from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from app.export.layout import Align, Style
from app.export.page_units import PARAGRAPH_STYLES, SMALL_TABLE_FONT, TABLE_FONT

LATIN = "Times New Roman"
SONG = "宋体"  # tables
FANGSONG = "仿宋"  # narrative
HEI = "黑体"  # headings
KAI = "楷体"

TABLE_STYLE = "JX 表格文字"
TABLE_SMALL_STYLE = "JX 表格小字"

_THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_run_fonts(rpr, east_asia: str, latin: str = LATIN) -> None:
    """Set the fonts of an ``w:rPr`` (style, run or document default)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in _THEME_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


# style → Word style name. Sizes, spacing and indents are the PDF's (``PARAGRAPH_STYLES``): the
# Word file breaks its pages where the PDF's plan does, so its lines must be no taller.
_STYLE_NAMES = {
    Style.TITLE: "Title", Style.SUBTITLE: "Subtitle", Style.HEADING1: "Heading 1",
    Style.HEADING2: "Heading 2", Style.HEADING3: "Heading 3", Style.BODY: "Normal",
    Style.PLAIN: "JX 无缩进", Style.TOC: "JX 目录",
}
_FAMILIES = {"song": SONG, "fangsong": FANGSONG, "hei": HEI, "kai": KAI}
_ALIGNMENTS = {Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT, Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
               Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT}


def style_name(style: Style) -> str:
    return _STYLE_NAMES[style]


def setup_styles(document: DocxDocument) -> None:
    """Document defaults, the paragraph styles of ``Style`` and the two table-text styles."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_run_fonts(rpr_default, SONG)
    styles = document.styles
    for key, name in _STYLE_NAMES.items():
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
        spec = PARAGRAPH_STYLES[key]
        # BODY's full width is justified (as typed narratives are printed); the rest as the PDF.
        align = WD_ALIGN_PARAGRAPH.JUSTIFY if key is Style.BODY else _ALIGNMENTS[spec.align]
        _format(style, _FAMILIES[spec.font.family], spec.font.size, spec.font.bold, align,
                spec.indent, spec.spacing)
        style.paragraph_format.space_before = Pt(spec.before)
        style.paragraph_format.space_after = Pt(spec.after)
        style.paragraph_format.keep_with_next = spec.keep_with_next or None
    for name, font in ((TABLE_STYLE, TABLE_FONT), (TABLE_SMALL_STYLE, SMALL_TABLE_FONT)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        _format(style, SONG, font.size, False, WD_ALIGN_PARAGRAPH.LEFT, 0.0, 1.0)
        style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.space_after = Pt(0)


def _format(style, font: str, size: float, bold: bool, align, indent: float,
            spacing: float) -> None:
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    set_run_fonts(style.element.get_or_add_rPr(), font)
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.line_spacing = spacing
    fmt.first_line_indent = Pt(indent)
    # Built-in headings carry a bottom border (Title) and keep-with-next; keep only the latter.
    ppr = style.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)
