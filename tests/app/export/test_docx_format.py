"""What a Word file promises beyond its text: Chinese fonts in the styles, repeated headers,
page numbers, A4."""
from __future__ import annotations

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _fonts(style) -> dict[str, str]:
    fonts = style.element.rPr.find(qn("w:rFonts"))
    return {k.replace(W, ""): v for k, v in fonts.attrib.items()}


def test_styles_name_chinese_fonts_without_theme_fallback(exported):
    document = Document(str(exported["jiangsu"]["docx"]))
    expected = {"Normal": "仿宋", "Title": "黑体", "Heading 1": "黑体", "JX 表格文字": "宋体"}
    for name, east_asia in expected.items():
        fonts = _fonts(document.styles[name])
        assert fonts["eastAsia"] == east_asia and fonts["ascii"] == "Times New Roman", name
        assert not any(key.endswith("Theme") for key in fonts), (name, fonts)
        lang = document.styles[name].element.rPr.find(qn("w:lang"))
        assert lang.get(qn("w:eastAsia")) == "zh-CN"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert "zh-CN" in [e.get(qn("w:eastAsia")) for e in defaults.iter(qn("w:lang"))]


def test_indicator_header_rows_repeat_and_pages_are_numbered_a4(exported):
    document = Document(str(exported["guizhou"]["docx"]))
    body = document.element.body
    headers = [tr for tr in body.iter(qn("w:tr")) if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
               is not None]
    assert len(headers) >= 1 + len(document.tables) // 3  # the department's and each project's
    footer = document.sections[0].footer.paragraphs[0]
    instructions = " ".join(e.text for e in footer._p.iter(qn("w:instrText")))
    assert "PAGE" in instructions and "NUMPAGES" in instructions
    assert footer.text.startswith("第 ")
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.1) and abs(section.page_height - Cm(29.7)) < Cm(0.1)


def test_excel_repeats_its_title_rows(exported):
    from openpyxl import load_workbook

    sheet = load_workbook(str(exported["jiangsu"]["xlsx"])).worksheets[0]
    assert sheet.print_title_rows == "$1:$2"  # title and year repeat on every printed page
    assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"
