"""Hostile text in every field exports in all formats, kept exactly; Excel keeps it as text."""
from __future__ import annotations

import pytest

from app.export import export_document
from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES
from tests.hostile import HOSTILE, hostile_document
from tests.readback import docx_paragraphs, docx_rows, xlsx_cells

SHORT = [h for h in HOSTILE if len(h) < 100]


@pytest.fixture(scope="module", params=sorted(EXAMPLE_FILES))
def hostile_files(request, tmp_path_factory):
    document = hostile_document(load_document(EXAMPLE_FILES[request.param]))
    folder = tmp_path_factory.mktemp(f"hostile-{request.param}")
    files = export_document(document, folder)
    return document, {path.suffix[1:]: path for path in files}


def test_all_three_formats_are_written(hostile_files):
    _, files = hostile_files
    assert set(files) == {"docx", "xlsx", "pdf"}
    assert files["pdf"].read_bytes().startswith(b"%PDF")


def test_xlsx_keeps_every_hostile_string_as_text(hostile_files):
    _, files = hostile_files
    cells = [c for sheet in xlsx_cells(files["xlsx"]).values() for c in sheet]
    strings = {c.value for c in cells if isinstance(c.value, str)}
    assert all(c.data_type in ("s", "n") for c in cells)
    formula_like = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert formula_like and all(c.data_type == "s" for c in formula_like)
    assert all(c.quotePrefix for c in formula_like)
    present = {h for h in SHORT if h in strings}
    assert {"=SUM(1,2)", "+5", "-3", "@x", "<&>", "＝100%", "a\tb\nc"} & present
    assert all(isinstance(v, str) for v in strings)


def test_docx_keeps_hostile_text_exactly(hostile_files):
    _, files = hostile_files
    texts = {t for row in docx_rows(files["docx"]) for t in row}
    texts |= set(docx_paragraphs(files["docx"]))
    found = {h for h in SHORT if h in texts}
    assert "<&>" in found or "＝100%" in found
    assert any("字" * 10_000 in t for t in texts)
