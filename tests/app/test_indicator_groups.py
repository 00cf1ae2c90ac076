"""Where a library entry goes in a table: its categories spelled as the table spells them, into
the group's empty category row or after the group's last row; and a split group found."""
from __future__ import annotations

import pytest

from app.indicator_groups import (category_key, declared_groups, group_for, place_rows,
                                  respelled, split_groups, table_groups)
from app.library import LibraryEntry, framework_sources, row_for_entry
from app.model import IndicatorRow
from app.projectfile import load_document
from app.templates import get_template
from tests.conftest import EXAMPLE_FILES

GROUPS = ("level1", "level2")


def framework_entry(level1: str, name: str = "") -> LibraryEntry:
    return next(e for s in framework_sources() for e in s.entries
                if e.level1 == level1 and (not name or e.name == name))


def inserted(template_id: str, rows: list[IndicatorRow], entries: list[LibraryEntry],
             table_key: str = "") -> tuple[list[IndicatorRow], list[int]]:
    """What 从指标库插入 makes of ``rows``: each entry mapped onto the table's groups, placed."""
    template = get_template(template_id)
    spec = (template.indicator_table(table_key) if table_key else template.project_indicators)
    assert spec is not None
    declared = declared_groups(template, spec)
    new = []
    for entry in entries:
        row = row_for_entry(entry, spec)
        group = group_for(row.level1, row.level2, table_groups(rows), declared)
        assert group is not None, entry
        new.append(respelled(row, group))
    placement = place_rows(rows, new, GROUPS, [l1 for l1, _ in dict.fromkeys(declared)])
    return placement.rows, placement.placed


def pairs(rows: list[IndicatorRow]) -> list[tuple[str, str]]:
    return [(row.level1, row.level2) for row in rows]


@pytest.mark.parametrize("library, table, level1", [
    ("满意度指标", "满意度", ""), ("服务对象满意度指标", "服务对象满意度", "满意度指标"),
    ("产出指标", "产出", ""), ("数量指标", "数量", "产出指标"), ("产出数量", "数量", "产出"),
    ("产出指标（50分）", "产出", ""), (" 效益 指标 ", "效益", ""), ("环境效益指标", "生态效益", "效益"),
])
def test_category_keys_ignore_the_usual_differences(library, table, level1):
    assert category_key(library, level1) == table


def test_the_framework_satisfaction_entry_fills_suzhous_satisfaction_row():
    """The defect as seen: 效益、满意度指标 of 苏州, the framework's one 满意度 entry (满意度指标 /
    服务对象满意度指标) went to row 2, between 经济效益 and 社会效益, under the library's names."""
    document = load_document(EXAMPLE_FILES["jiangsu"])
    rows = document.department.table("benefit").rows
    before = pairs(rows)
    entry = framework_entry("满意度指标")
    assert (entry.level1, entry.level2) == ("满意度指标", "服务对象满意度指标")
    after, placed = inserted("jiangsu-dept-target", rows, [entry], "benefit")
    assert pairs(after) == before  # no row added: the empty 满意度 row is filled
    assert placed == [6]
    assert after[6].cells == {"level1": "满意度指标", "level2": "服务对象满意度",
                              "name": "服务对象满意度", "full_year_target": "≥90%"}
    assert split_groups(after) == []


def test_a_new_jiangsu_document_the_same():
    document = get_template("jiangsu-dept-target").new_document("苏州市测试局", 2025)
    rows = document.department.table("benefit").rows
    after, placed = inserted("jiangsu-dept-target", rows, [framework_entry("满意度指标")],
                             "benefit")
    assert placed == [4] and len(after) == 5
    assert (after[4].level2, after[4].name) == ("服务对象满意度", "服务对象满意度")
    assert split_groups(after) == []


def test_a_filled_group_gets_the_row_after_its_last_and_several_keep_their_order():
    document = load_document(EXAMPLE_FILES["jiangsu"])
    rows = document.department.table("benefit").rows
    social = [LibraryEntry("效益指标", "社会效益指标", name, "≥90%") for name in ("甲", "乙")]
    satisfaction = framework_entry("满意度指标")
    after, placed = inserted("jiangsu-dept-target", rows, [social[0], satisfaction, social[1]],
                             "benefit")
    assert [row.name for row in after[1:6]] == [row.name for row in rows[1:4]] + ["甲", "乙"]
    assert pairs(after)[4:6] == [("效益指标", "社会效益")] * 2
    assert placed == [4, 5, 8]  # 满意度's row was 6, two rows above it came in
    assert after[8].name == "服务对象满意度"
    assert split_groups(after) == []


@pytest.mark.parametrize("level1, level2, expected", [
    ("产出", "产出数量", ("产出指标", "数量指标")),  # the 2020 framework's 产出
    ("满意度指标", "服务对象满意度指标", ("满意度指标", "社会公众或服务对象满意度")),
    ("效益指标", "生态效益指标", ("效益指标", "环境效益指标")),
    ("效益指标", "社会效益", ("效益指标", "社会效益指标")),
    ("产出指标", "新的二级", ("产出指标", "新的二级")),  # a 二级 nobody knows: kept
    ("投入", "预算配置", None),  # a 一级 nobody knows: the officer decides
])
def test_guizhou_project_table_spells_them_its_way(level1, level2, expected):
    template = get_template("guizhou-dept-target")
    assert template.project_indicators is not None
    declared = declared_groups(template, template.project_indicators)
    project = load_document(EXAMPLE_FILES["guizhou"]).projects[0]
    assert group_for(level1, level2, table_groups(project.indicators), declared) == expected


def test_a_category_the_table_lost_comes_back_in_the_templates_place_and_spelling():
    document = get_template("guizhou-dept-target").new_document("测试局", 2025)
    rows = [row for row in document.department.indicator_tables[0].rows
            if row.level1 != "产出指标" and row.level2 != "生态效益指标"]
    entries = [LibraryEntry("效益指标", "生态效益", "绿化率", "≥30%"),
               LibraryEntry("产出", "产出数量", "培训人次", "≥100人次")]
    after, placed = inserted("guizhou-dept-target", rows, entries, "department")
    assert pairs(after)[0] == ("产出指标", "数量指标")  # before 效益, as the template orders
    assert ("效益指标", "生态效益指标") in pairs(after)
    assert placed == [0, pairs(after).index(("效益指标", "生态效益指标"))]
    assert split_groups(after) == []


def test_a_duty_row_joins_the_deepest_group_it_shares():
    rows = [IndicatorRow(level1="履职", level2="职责一", key_task="工作甲", name="a"),
            IndicatorRow(level1="履职", level2="职责一", key_task="工作乙", name="b"),
            IndicatorRow(level1="履职", level2="职责二", key_task="工作丙", name="c")]
    new = IndicatorRow(level1="履职", level2="职责一", key_task="工作甲", name="新")
    placement = place_rows(rows, [new], ("level1", "level2", "key_task"))
    assert [row.name for row in placement.rows] == ["a", "新", "b", "c"]
    assert placement.placed == [1]
    skeleton = [IndicatorRow(level1="履职")]
    filled = place_rows(skeleton, [IndicatorRow(level1="履职", name="新")],
                        ("level1", "level2", "key_task"))
    assert filled.rows == [IndicatorRow(level1="履职", name="新")] and filled.placed == [0]


def test_split_groups_names_the_blocks_and_leaves_a_split_level1s_level2_alone():
    rows = [IndicatorRow(level1="效益指标", level2="经济效益"),
            IndicatorRow(level1="满意度指标", level2="服务对象满意度指标"),
            IndicatorRow(level1="效益指标", level2="社会效益"),
            IndicatorRow(level1="效益指标", level2="社会效益"),
            IndicatorRow(level1="满意度指标", level2="服务对象满意度")]
    found = split_groups(rows)
    assert [(g.level1, g.level2, g.runs) for g in found] == [
        ("效益指标", "", ((0, 0), (2, 3))), ("满意度指标", "", ((1, 1), (4, 4)))]
    level2 = [IndicatorRow(level1="产出指标", level2="时效指标"),
              IndicatorRow(level1="产出指标", level2="质量指标"),
              IndicatorRow(level1="产出指标", level2="时效指标")]
    assert [(g.level1, g.level2, g.runs) for g in split_groups(level2)] == [
        ("产出指标", "时效指标", ((0, 0), (2, 2)))]
    assert split_groups(level2, has_level2=False) == []
