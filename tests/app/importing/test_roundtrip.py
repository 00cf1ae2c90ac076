"""Export → import gives the same document: every example, and 200 generated documents per
template, through our own xlsx export (tests/app/importing/roundtrip.py says what "the same"
means)."""
from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from app.checks import run_checks
from app.importing import import_workbook, importable_templates
from app.projectfile import load_document
from app.templates import get_template
from tests.app.importing.roundtrip import (ambiguous, canonical, export_xlsx,
                                           first_difference, held, import_difference)
from tests.conftest import EXAMPLE_FILES
from tests.strategies import documents
from tests.truth import _EXCEL_HOLDS


@pytest.mark.parametrize("name", sorted(EXAMPLE_FILES))
def test_every_example_comes_back_from_its_workbook(name, tmp_path):
    example = load_document(EXAMPLE_FILES[name])
    template = get_template(example.template)
    if template.excel_import is None:
        pytest.skip(f"{template.id} declares no Excel import yet")
    result = import_workbook(export_xlsx(example, tmp_path / "导出.xlsx"), template)
    expected = canonical(example)
    assert held(result.document) == held(expected), first_difference(
        held(expected), held(result.document))
    if template.id not in _EXCEL_HOLDS:  # the workbook holds the whole document
        assert result.document == expected
        assert [f.as_dict() for f in run_checks(result.document)] == \
            [f.as_dict() for f in run_checks(example)]
    else:  # what is not in the workbook starts as a new document has it, and is said
        assert result.document.template == template.id


def test_the_comparison_notices_one_changed_character_and_one_cent(tmp_path):
    """Proof the round trip can fail: a workbook edited in one text and one amount."""
    from openpyxl import load_workbook

    example = load_document(EXAMPLE_FILES["jiangsu"])
    path = export_xlsx(example, tmp_path / "导出.xlsx")
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    name = next(c for row in sheet.iter_rows() for c in row if c.value == "资金使用合规性")
    name.value = "资金使用合规度"
    total = next(c for row in sheet.iter_rows() for c in row if c.value == Decimal("21274.97")
                 or c.value == 21274.97)
    total.value = 21274.98
    workbook.save(path)
    imported = import_workbook(path, get_template(example.template)).document
    differences = [(a, b) for a, b in zip(held(example), held(imported)) if a != b]
    assert len(differences) == 2, differences
    assert imported.department.funds.total == Decimal("21274.98")


# 200 generated documents per template go through xlsx and back: the truth test's xlsx turn
# (tests/app/export/test_truth.py: every third of its 200) imports its workbook back, and these
# 134 more; each export is most of the cost, so none is made twice.
_GENERATED = settings(max_examples=134, deadline=None, derandomize=True, database=None,
                      phases=[Phase.explicit, Phase.generate],
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                             HealthCheck.filter_too_much])


@pytest.mark.slow
@pytest.mark.parametrize("template_id", [t.id for t in importable_templates()])
@_GENERATED
@given(data=st.data())
def test_generated_documents_come_back_from_their_workbooks(template_id, data):
    document = data.draw(documents(template_id), label="document")
    assume(not ambiguous(document))
    with tempfile.TemporaryDirectory(prefix="import-") as folder:
        difference = import_difference(document, export_xlsx(document, Path(folder) / "导出.xlsx"))
    assert not difference, difference
