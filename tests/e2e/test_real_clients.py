"""LibreOffice opens every exported Word and Excel file, and the pages it prints hold the unit,
every 三级指标 and every value (the check a bureau's reviewer does by eye)."""
from __future__ import annotations

import pytest

from app.export import export_document
from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES
from tests.hostile import hostile_document
from tests.libreoffice import convert_to_pdf, missing_tools, pdf_text
from tests.readback import pdf_contains

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(bool(missing_tools()), reason=missing_tools() or "ok")]

GROUPS = ("level1", "level2", "key_task")  # merged cells: printed once per group


def _indicator_texts(document):
    """Every indicator cell but the merged group labels, whatever columns the form declares."""
    rows = [r for t in document.department.indicator_tables for r in t.rows]
    rows += [r for p in document.projects for r in p.indicators]
    return [text for r in rows for column, text in r.cells.items() if column not in GROUPS]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("name", sorted(EXAMPLE_FILES))
def test_libreoffice_prints_every_indicator(name, fmt, tmp_path):
    document = load_document(EXAMPLE_FILES[name])
    [exported] = export_document(document, tmp_path / "out", [fmt])
    text = pdf_text(convert_to_pdf(exported, tmp_path / "pdf"))
    assert pdf_contains(document.unit_name, text)
    missing = [t for t in _indicator_texts(document) if not pdf_contains(t, text)]
    assert not missing, missing


@pytest.mark.parametrize("name", ["jiangsu", "guizhou"])
def test_libreoffice_opens_the_hostile_exports(name, tmp_path):
    document = hostile_document(load_document(EXAMPLE_FILES[name]))
    for exported in export_document(document, tmp_path / "out", ["docx", "xlsx"]):
        pdf = convert_to_pdf(exported, tmp_path / exported.suffix[1:])
        assert pdf.stat().st_size > 0
