"""Word and Excel carry the 签字盖章 block where the form declares one, as the PDF does, and
LibreOffice prints it on the page of the form's last rows, never on a page of its own."""
from __future__ import annotations

import subprocess
from dataclasses import replace

import pytest

from app.export import build_layout
from app.export.docx_render import render_docx
from app.export.layout import SignatureBlock
from app.projectfile import load_document
from app.templates import Signature, get_template
from tests.conftest import EXAMPLE_FILES
from tests.libreoffice import convert_to_pdf, missing_tools

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(bool(missing_tools()), reason=missing_tools() or "ok")]

SIGNATURE = ("单位负责人（签字）：", "经办人：", "联系电话：", "日期：", "（盖章）")


def _pages(pdf) -> list[list[str]]:
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [[line for line in page.split("\n") if line.strip() and not line.startswith("第 ")]
            for page in text.split("\f") if page.strip()]


def _signed_pages(pages: list[list[str]]) -> list[tuple[int, list[str]]]:
    return [(n, page) for n, page in enumerate(pages, 1)
            if any(line.startswith("单位负责人") for line in page)]


def _form_text(page: list[str]) -> list[str]:
    return [line for line in page if not any(line.startswith(s) or s in line
                                             for s in SIGNATURE)]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("name", sorted(EXAMPLE_FILES))
def test_the_signature_block_is_printed_with_its_form(name, fmt, exported, tmp_path):
    layout = build_layout(load_document(EXAMPLE_FILES[name]))
    parts = layout.printed_parts() if fmt == "docx" else [p for p in layout.parts if p.sheet]
    expected = sum(isinstance(b, SignatureBlock) for part in parts for b in part.blocks)
    pages = _pages(convert_to_pdf(exported[name][fmt], tmp_path))
    signed = _signed_pages(pages)
    assert len(signed) == expected
    for number, page in signed:
        text = "".join(page)
        assert all(line in text for line in SIGNATURE), (number, page[-6:])
        assert len(_form_text(page)) >= 3, f"page {number} holds only the signature: {page}"


@pytest.mark.parametrize("rows", [14, 17, 20, 23, 26, 29])
def test_word_keeps_the_signature_with_the_form_wherever_the_page_ends(rows, tmp_path):
    # The 苏州 form with its last indicator table cut to a number of rows: the form's end moves
    # down the last page and over the page boundary.
    # 苏州's published form has no signature block: the test declares one (app.templates).
    document = load_document(EXAMPLE_FILES["jiangsu"])
    table = document.department.indicator_tables[-1]
    table.rows = (table.rows * 10)[:rows]
    path = tmp_path / "form.docx"
    template = replace(get_template(document.template), signature=Signature(SIGNATURE[:-1]))
    assert template.layout is not None
    render_docx(template.layout(document, template), path)
    pages = _pages(convert_to_pdf(path, tmp_path / "pdf"))
    [(number, page)] = _signed_pages(pages)
    assert number == len(pages)
    assert len(_form_text(page)) >= 3, f"page {number} holds only the signature: {page}"
