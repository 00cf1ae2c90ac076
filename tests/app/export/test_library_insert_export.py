"""A row inserted from the library prints inside its group: the Word table of 苏州's
效益、满意度指标 read back whole, one 效益指标 cell and one 满意度指标 cell."""
from __future__ import annotations

from app.export import export_document
from app.indicator_groups import (declared_groups, group_for, place_rows, respelled,
                                  table_groups)
from app.library import framework_sources, row_for_entry
from app.projectfile import load_document
from app.templates import get_template
from tests.conftest import EXAMPLE_FILES
from tests.readback import docx_rows


def test_the_inserted_satisfaction_row_prints_in_the_one_satisfaction_group(tmp_path):
    document = load_document(EXAMPLE_FILES["jiangsu"])
    template = get_template(document.template)
    spec = template.indicator_table("benefit")
    assert spec is not None
    table = document.department.table("benefit")
    assert table is not None
    entry = next(e for s in framework_sources() for e in s.entries if e.level1 == "满意度指标")
    row = row_for_entry(entry, spec)
    group = group_for(row.level1, row.level2, table_groups(table.rows),
                      declared_groups(template, spec))
    assert group is not None
    table.rows = place_rows(table.rows, [respelled(row, group)], ("level1", "level2")).rows

    [word] = export_document(document, tmp_path, ["docx"])
    rows = docx_rows(word)
    header = max(i for i, r in enumerate(rows) if r[:2] == ["一级指标", "二级指标"])
    assert rows[header:] == [
        ["一级指标", "二级指标", "三级指标", "半年指标值", "全年指标值"],
        ["效益指标", "经济效益", "保持税收稳定", "稳定", "稳定"],
        ["社会效益", "不动产登记档案馆后续运营维护机制健全性", "健全", "健全"],
        ["地质灾害风险隐患排查覆盖率", "＝100%", "＝100%"],
        ["地质灾害风险隐患排查报告应用率", "＝100%", "＝100%"],
        ["生态效益", "", "", ""],
        ["可持续影响", "", "", ""],
        ["满意度指标", "服务对象满意度", "服务对象满意度", "", "≥90%"],
    ]
    cells = [text for r in rows for text in r]
    assert cells.count("效益指标") == 1 and cells.count("满意度指标") == 1
