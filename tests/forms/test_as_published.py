"""Each form prints what its published version prints and nothing it lacks: signature lines,
labels, colons, nesting and row order, checked against the seeds (issue 21)."""
from __future__ import annotations

import pytest

from app.export import build_layout
from app.export.layout import Cell, Paragraph, PrintLayout, SignatureBlock, Table, grid_positions
from app.projectfile import load_document
from app.templates import get_template, template_ids
from tests.conftest import EXAMPLE_FILES, EXAMPLES_BY_TEMPLATE


def _texts(layout: PrintLayout, sheets_only: bool = False) -> list[str]:
    texts: list[str] = []
    for part in layout.parts:
        if sheets_only and not part.sheet:
            continue
        for block in part.blocks:
            if isinstance(block, Paragraph):
                texts.append(block.text)
            elif isinstance(block, Table):
                texts += [cell.text for row in block.rows for cell in row]
            elif isinstance(block, SignatureBlock):
                texts += [*block.lines, block.seal]
    return texts


def _cells(table: Table, columns: int) -> dict[tuple[int, int], Cell]:
    return {(r, c): cell for r, c, cell in grid_positions(table, columns)}


@pytest.mark.parametrize("template_id", template_ids())
def test_no_form_prints_signature_lines_its_published_form_lacks(template_id):
    # None of the published forms (seeds 000–004, docs/reference) ends with 单位负责人（签字）/
    # 经办人/联系电话/日期/（盖章）: the block is printed only where a template declares it.
    template = get_template(template_id)
    assert template.signature is None
    layout = build_layout(load_document(EXAMPLES_BY_TEMPLATE[template_id]))
    assert not any(isinstance(b, SignatureBlock) for part in layout.parts for b in part.blocks)
    assert not any("单位负责人（签字）" in text for text in _texts(layout))


def test_guizhou_cover_is_a_sheet_with_the_contact_filled_in():
    document = load_document(EXAMPLE_FILES["guizhou"])
    layout = build_layout(document)
    sheets = _texts(layout, sheets_only=True)
    assert f"经办人：{document.contact_person}" in sheets
    assert f"联系电话（办公座机号）：{document.contact_phone}" in sheets
    assert document.contact_person == "安燊杰" and document.contact_phone == "0858-8222006"


def test_guizhou_labels_as_seed_004():
    document = load_document(EXAMPLE_FILES["guizhou"])
    layout = build_layout(document)
    department, project = layout.parts[1], layout.parts[2]
    heading = [b.text for b in department.blocks if isinstance(b, Paragraph)]
    assert f"编制单位：{document.compiled_by}" in heading  # not （盖章）: only projects are stamped
    assert f"编制单位（盖章）：{document.compiled_by}" in [
        b.text for b in project.blocks if isinstance(b, Paragraph)]
    texts = _texts(PrintLayout("", [project]))
    assert "组织机构：" in texts and "管理制度：" in texts
    columns = len(project.columns)
    block, indicators = list(project.tables())
    # 绩效目标情况: a left label beside the header and every indicator, not a full-width row.
    label = _cells(indicators, columns)[(0, 0)]
    assert label.text == "绩效目标情况" and label.colspan == 1
    assert label.rowspan == len(indicators.rows)
    # 本年度实施计划 sits under 年度目标: its label in the second column of 年度目标's rows.
    cells = _cells(block, columns)
    goal = next((r, cell) for (r, c), cell in cells.items() if cell.text == "年度目标")
    schedule = next((r, c) for (r, c), cell in cells.items() if cell.text == "本年度实施计划")
    row, goal_cell = goal
    assert goal_cell.rowspan == 1 + len(document.projects[0].schedule)
    assert schedule == (row + 1, 1)


def test_jiangsu_special_account_funds_are_inside_the_appropriation():
    # Seeds 000/001: 财政拨款 | 小计, 一般公共预算资金, 政府性基金, 财政专户管理资金, 国有资本金,
    # 社保基金; then 上年结转资金 and 其他资金 outside the group.
    layout = build_layout(load_document(EXAMPLE_FILES["jiangsu"]))
    table = next(layout.parts[0].tables())
    cells = _cells(table, len(layout.parts[0].columns))
    group = next(((r, c), cell) for (r, c), cell in cells.items() if cell.text == "财政拨款")
    (row, column), cell = group
    inside = [cells[(r, column + 1)].text for r in range(row, row + cell.rowspan)]
    assert inside == ["小计", "一般公共预算资金", "政府性基金", "财政专户管理资金", "国有资本金",
                      "社保基金"]
    after = [cells[(r, column)].text for r in range(row + cell.rowspan, row + cell.rowspan + 2)]
    assert after == ["上年结转资金", "其他资金"]


def test_shijiazhuang_workbook_has_no_budget_table_the_report_lacks():
    layout = build_layout(load_document(EXAMPLE_FILES["hebei-eval"]))
    sheets = _texts(layout, sheets_only=True)
    assert "决算收入" not in sheets
    assert not any("收支预决算" in text for text in sheets)
