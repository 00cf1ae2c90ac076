"""A lead-in before numbered items is kept and printed unnumbered, before item one, in every
template with numbered lists, and the import reads it back (issue 21, item 7)."""
from __future__ import annotations

import pytest

from app.export import build_layout
from app.export.blocks import numbered
from app.export.layout import Paragraph, Table
from app.importing import import_workbook
from app.paths import get_path, set_path
from app.projectfile import load_document
from app.templates import FieldKind, FieldSpec, Template, get_template, template_ids
from tests.app.importing.roundtrip import export_xlsx
from tests.conftest import EXAMPLES_BY_TEMPLATE

LEAD_IN = "受市自然资源和规划局委托，承担全市土地储备工作，具体包括："
ITEMS = ["负责土地储备计划的编制和实施。", "负责储备土地的前期开发和管护。"]


def _lists(template: Template) -> list[FieldSpec]:
    return [spec for section in template.sections for spec in section.fields
            if spec.kind is FieldKind.LIST and spec.lead_in]


WITH_LEAD_IN = [t for t in template_ids() if _lists(get_template(t))]


def test_every_template_with_numbered_duties_or_measures_declares_a_lead_in():
    for template_id in template_ids():
        template = get_template(template_id)
        fields = [spec for section in template.sections for spec in section.fields]
        for index, spec in enumerate(fields):
            if spec.path in ("department.functions", "department.measures"):
                assert spec.lead_in == f"{spec.path}_lead_in", (template_id, spec.path)
                # The officer types it right above the list.
                assert fields[index - 1].path == spec.lead_in
                assert fields[index - 1].kind is FieldKind.TEXT


def _printed(document) -> str:
    texts = []
    for part in build_layout(document).printed_parts():
        for block in part.blocks:
            if isinstance(block, Paragraph):
                texts.append(block.text)
            elif isinstance(block, Table):
                texts += [cell.text for row in block.rows for cell in row]
    return "\n".join(texts)


def _with_lead_in(template_id: str):
    document = load_document(EXAMPLES_BY_TEMPLATE[template_id])
    specs = _lists(get_template(template_id))
    for spec in specs:
        set_path(document, spec.lead_in, LEAD_IN)
        set_path(document, spec.path, list(ITEMS))
    return document, specs


@pytest.mark.parametrize("template_id", WITH_LEAD_IN)
def test_the_lead_in_prints_unnumbered_before_item_one(template_id):
    document, specs = _with_lead_in(template_id)
    printed = _printed(document)
    for spec in specs:
        first = f"{numbered(1, spec.numbering)}{ITEMS[0]}"
        assert LEAD_IN in printed and first in printed, spec.path
        assert printed.index(LEAD_IN) < printed.index(first)
        assert f"{numbered(1, spec.numbering)}{LEAD_IN}" not in printed  # never item （一）
        assert f"{numbered(3, spec.numbering)}" not in printed.split(LEAD_IN, 1)[1][:200]


# The templates whose workbook prints the duties (the others' lists are narrative, Word only).
@pytest.mark.parametrize("template_id", ["jiangsu-dept-target", "guizhou-dept-target",
                                         "hunan-dept-target"])
def test_the_import_reads_the_lead_in_back(template_id, tmp_path):
    document, specs = _with_lead_in(template_id)
    workbook = export_xlsx(document, tmp_path / "导出.xlsx")
    imported = import_workbook(workbook, get_template(template_id)).document
    assert imported.department.functions_lead_in == LEAD_IN
    assert imported.department.functions == ITEMS


def test_one_duty_after_a_lead_in_keeps_its_number_and_reads_back(tmp_path):
    # 湖南 prints a single duty unnumbered; after a lead-in it is numbered, to be told from it.
    document, _ = _with_lead_in("hunan-dept-target")
    document.department.functions = ITEMS[:1]
    assert f"{LEAD_IN}\n1. {ITEMS[0]}" in _printed(document)
    imported = import_workbook(export_xlsx(document, tmp_path / "导出.xlsx"),
                               get_template("hunan-dept-target")).document
    assert (imported.department.functions_lead_in, imported.department.functions) == (
        LEAD_IN, ITEMS[:1])


def test_a_document_without_a_lead_in_prints_as_before():
    document = load_document(EXAMPLES_BY_TEMPLATE["jiangsu-dept-target"])
    assert document.department.functions_lead_in == ""
    assert f"{numbered(1, '（一）')}{document.department.functions[0]}" in _printed(document)
