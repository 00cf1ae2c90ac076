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

from app.export.layout import Style

LATIN = "Times New Roman"
SONG = "宋体"  # tables
FANGSONG = "仿宋"  # narrative
HEI = "黑体"  # headings
KAI = "楷体"

# Official-document sizes: 二号 22, 小二 18, 三号 16, 四号 14, 五号 10.5, 小五 9 (points).
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


# style → (Word style name, East Asian font, size pt, bold, alignment, first-line indent chars)
_PARAGRAPH_STYLES: dict[Style, tuple[str, str, float, bool, WD_ALIGN_PARAGRAPH, int]] = {
    Style.TITLE: ("Title", HEI, 18, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    Style.SUBTITLE: ("Subtitle", FANGSONG, 16, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    Style.HEADING1: ("Heading 1", HEI, 16, False, WD_ALIGN_PARAGRAPH.LEFT, 0),
    Style.HEADING2: ("Heading 2", KAI, 16, True, WD_ALIGN_PARAGRAPH.LEFT, 0),
    Style.HEADING3: ("Heading 3", FANGSONG, 14, True, WD_ALIGN_PARAGRAPH.LEFT, 2),
    Style.BODY: ("Normal", FANGSONG, 14, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2),
    Style.PLAIN: ("JX 无缩进", FANGSONG, 14, False, WD_ALIGN_PARAGRAPH.LEFT, 0),
    Style.TOC: ("JX 目录", FANGSONG, 14, False, WD_ALIGN_PARAGRAPH.LEFT, 0),
}


def style_name(style: Style) -> str:
    return _PARAGRAPH_STYLES[style][0]


def setup_styles(document: DocxDocument) -> None:
    """Document defaults, the paragraph styles of ``Style`` and the two table-text styles."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_run_fonts(rpr_default, SONG)
    styles = document.styles
    for name, font, size, bold, align, indent in _PARAGRAPH_STYLES.values():
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
        _format(style, font, size, bold, align, indent)
    for name, size in ((TABLE_STYLE, 10.5), (TABLE_SMALL_STYLE, 9)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        _format(style, SONG, size, False, WD_ALIGN_PARAGRAPH.LEFT, 0)
        style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.space_after = Pt(0)


def _format(style, font: str, size: float, bold: bool, align, indent_chars: int) -> None:
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    set_run_fonts(style.element.get_or_add_rPr(), font)
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(6 if style.name.startswith(("Heading", "Title")) else 0)
    fmt.space_after = Pt(6 if style.name.startswith(("Heading", "Title")) else 0)
    fmt.line_spacing = 1.5 if font == FANGSONG else 1.25
    fmt.first_line_indent = Pt(size * indent_chars) if indent_chars else Pt(0)
    # Built-in headings carry a bottom border (Title) and keep-with-next; keep only the latter.
    ppr = style.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)
