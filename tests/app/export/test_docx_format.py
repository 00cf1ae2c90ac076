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


def _first_row_text(tbl) -> str:
    first = tbl.find(qn("w:tr"))
    return "".join(t.text or "" for t in first.iter(qn("w:t")))


def test_every_indicator_table_repeats_its_header_and_pages_are_numbered_a4(exported):
    for name in ("guizhou", "jiangsu"):
        document = Document(str(exported[name]["docx"]))
        body = document.element.body
        indicator_tables = [tbl for tbl in body.iter(qn("w:tbl"))
                            if "三级指标" in _first_row_text(tbl)]
        assert len(indicator_tables) >= 3, name
        for tbl in indicator_tables:
            first = tbl.find(qn("w:tr"))
            assert first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    footer = document.sections[0].footer.paragraphs[0]
    instructions = " ".join(e.text for e in footer._p.iter(qn("w:instrText")))
    assert "PAGE" in instructions and "NUMPAGES" in instructions
    assert footer.text.startswith("第 ")
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.1)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.1)


def test_short_rows_never_split_and_long_rows_may(exported):
    document = Document(str(exported["jiangsu"]["docx"]))
    rows = list(document.element.body.iter(qn("w:tr")))
    text = {id(tr): "".join(t.text or "" for t in tr.iter(qn("w:t"))) for tr in rows}
    short = [tr for tr in rows if len(text[id(tr)]) < 100]
    long = [tr for tr in rows if len(text[id(tr)]) > 1000]  # 主要职能, 年度目标
    assert short and long
    assert all(tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for tr in short)
    assert all(tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is None for tr in long)


def test_word_carries_a_declared_signature_block_kept_with_its_form(tmp_path):
    # No published form we print has this block; a template that declares one gets it filled.
    from dataclasses import replace

    from app.export.docx_render import render_docx
    from app.projectfile import load_document
    from app.templates import Signature, get_template
    from tests.conftest import EXAMPLE_FILES

    example = load_document(EXAMPLE_FILES["jiangsu"])
    example.contact_person = "王五"
    template = replace(get_template(example.template), signature=Signature(
        ("单位负责人（签字）：", "经办人：{contact_person}", "联系电话：{contact_phone}", "日期：")))
    assert template.layout is not None
    render_docx(template.layout(example, template), tmp_path / "signed.docx")
    document = Document(str(tmp_path / "signed.docx"))
    body = document.element.body
    tables = list(body.iter(qn("w:tbl")))
    signature = tables[-1]
    texts = [t.text for t in signature.iter(qn("w:t"))]
    assert texts == ["单位负责人（签字）：", "经办人：王五", "联系电话：", "日期：", "（盖章）"]
    assert signature.find(f"{qn('w:tr')}/{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
    form_end = tables[-2].findall(qn("w:tr"))[-1]
    assert all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
               for p in form_end.iter(qn("w:p")))


def test_excel_pages_are_planned_not_titled(exported):
    from openpyxl import load_workbook

    sheet = load_workbook(str(exported["jiangsu"]["xlsx"])).worksheets[0]
    # A sheet holds several tables with different headers: no single print-titles range fits;
    # the renderer breaks the pages itself and writes the header again after each break.
    assert sheet.print_title_rows is None
    assert len(sheet.row_breaks.brk) >= 3
    assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"
