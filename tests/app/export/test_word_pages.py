"""Word's pages follow the PDF's plan (issue 21): no field to update on opening, a 目录 with the
plan's page numbers, merged labels written again on the page a table goes on to, titles broken
at their year rather than inside a word. LibreOffice, with the metric-compatible fonts, is the
reader."""
from __future__ import annotations

import re
import zipfile

import pytest

from app.export import build_layout
from app.export.docx_render import render_docx
from app.export.layout import contents_level
from app.export.pdf import print_plan
from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES
from tests.libreoffice import convert_to_pdf, missing_tools, pdf_text



def real_client(test):
    slow = pytest.mark.slow(test)
    return pytest.mark.skipif(bool(missing_tools()), reason=missing_tools() or "ok")(slow)


def _pages(pdf) -> list[list[str]]:
    return [[line.replace(" ", "") for line in page.split("\n") if line.strip()]
            for page in pdf_text(pdf).split("\f") if page.strip()]


@pytest.mark.parametrize("name", sorted(EXAMPLE_FILES))
def test_word_asks_to_update_nothing_on_opening(name, tmp_path):
    path = tmp_path / "form.docx"
    render_docx(build_layout(load_document(EXAMPLE_FILES[name])), path)
    with zipfile.ZipFile(path) as docx:
        settings = docx.read("word/settings.xml").decode()
        body = docx.read("word/document.xml").decode()
    assert "updateFields" not in settings
    assert "TOC \\" not in body  # the 目录 is text, not a field


@real_client
def test_the_contents_list_the_seed_s_entries_on_the_pages_word_prints_them(tmp_path):
    layout = build_layout(load_document(EXAMPLE_FILES["hebei-text"]))
    path = tmp_path / "perf.docx"
    render_docx(layout, path)
    pages = _pages(convert_to_pdf(path, tmp_path))
    entries = [re.fullmatch(r"(.+?)\.{3,}(\d+)", line) for line in pages[1]]
    listed = [(m.group(1), int(m.group(2))) for m in entries if m]
    headings = [h for h in layout.headings() if contents_level(h) is not None]
    assert [text for text, _ in listed] == [h.text.replace(" ", "") for h in headings]
    assert sum(text == "绩效目标表" for text, _ in listed) == len(layout.printed_parts()) - 3
    plan = print_plan(layout)
    for (text, number), heading in zip(listed, headings):
        assert number == plan.anchors[heading.anchor], text  # the PDF's page
        assert text in pages[number - 1], (text, number)  # where Word prints it
    assert all(not any(text in page for page in pages[2:number - 1] if text != "绩效目标表")
               for text, number in listed[:6])


def _one_long_group(tmp_path):
    document = load_document(EXAMPLE_FILES["hebei-text"])
    project = document.projects[0]
    project.indicators = [row.model_copy(deep=True) for row in (project.indicators * 12)[:60]]
    for row in project.indicators:
        row.cells["level1"], row.cells["level2"] = "产出指标", "数量指标"
    path = tmp_path / "long.docx"
    layout = build_layout(document)
    render_docx(layout, path)
    return path


@real_client
def test_a_table_going_on_to_a_page_repeats_its_group_labels(tmp_path):
    path = _one_long_group(tmp_path)
    with zipfile.ZipFile(path) as docx:
        body = docx.read("word/document.xml").decode()
    assert body.count("pageBreakBefore") >= 2
    pages = _pages(convert_to_pdf(path, tmp_path))
    # A page going on with the indicators opens with 绩效指标 and the header row.
    going_on = [page for page in pages if page[1:2] and page[1].startswith("一级指标")]
    assert len(going_on) >= 2
    for page in going_on:
        assert page[2].startswith("产出指标数量指标"), page[:4]  # the first row, labelled


@real_client
def test_the_cover_title_breaks_before_its_year_not_inside_a_word(tmp_path):
    path = tmp_path / "perf.docx"
    render_docx(build_layout(load_document(EXAMPLE_FILES["hebei-text"])), path)
    cover = _pages(convert_to_pdf(path, tmp_path))[0]
    assert cover[:2] == ["承德市自然资源和规划局高新技术产业开发区分局", "2023年绩效文本"]
