from decimal import Decimal

import pytest

from app.export.blocks import (amount_text, chinese_number, indicator_rows, numbered,
                               numbered_text)
from app.export.filenames import MAX_NAME, export_stem, safe_filename
from app.export.layout import Cell, Table, grid_positions, merged_runs
from app.export.xlsx_render import sheet_names, split_tall_rows
from app.model import IndicatorRow
from app.templates import Column


@pytest.mark.parametrize("n, text", [(1, "一"), (10, "十"), (11, "十一"), (17, "十七"),
                                     (20, "二十"), (99, "九十九"), (100, "100")])
def test_chinese_numbers(n, text):
    assert chinese_number(n) == text


def test_numbering_patterns_of_the_templates():
    assert numbered(3, "（一）") == "（三）"
    assert numbered(3, "（1）") == "（3）"
    assert numbered(12, "1. ") == "12. "
    assert numbered(2, "计划1") == "计划2"
    assert numbered_text(["甲；", "乙。"], "1. ") == "1. 甲；2. 乙。"


def test_amounts_print_two_decimals_and_empty_stays_empty():
    assert amount_text(Decimal("2683.8")) == "2683.80"
    assert amount_text(Decimal("0")) == "0.00"
    assert amount_text(None) == ""


def test_merged_runs_and_grid_positions():
    assert merged_runs(["决策", "决策", "过程", "过程", "过程"]) == [2, 0, 3, 0, 0]
    table = Table([[Cell("a", rowspan=2), Cell("b", colspan=2)], [Cell("c"), Cell("d")]])
    assert [(r, c, cell.text) for r, c, cell in grid_positions(table, 3)] == [
        (0, 0, "a"), (0, 1, "b"), (1, 1, "c"), (1, 2, "d")]
    with pytest.raises(ValueError):
        list(grid_positions(Table([[Cell(colspan=4)]]), 3))


def test_second_level_never_spans_across_first_level_groups():
    rows = [IndicatorRow(level1="产出指标", level2="数量指标", name="a"),
            IndicatorRow(level1="产出指标", level2="数量指标", name="b"),
            IndicatorRow(level1="效益指标", level2="数量指标", name="c")]
    columns = [Column("level1", "一级", merge=True), Column("level2", "二级", merge=True),
               Column("name", "三级")]
    table = indicator_rows(rows, columns)
    assert [(c.text, c.rowspan) for c in table[0]] == [("产出指标", 2), ("数量指标", 2), ("a", 1)]
    assert [(c.text, c.rowspan) for c in table[1]] == [("b", 1)]
    assert [(c.text, c.rowspan) for c in table[2]] == [("效益指标", 1), ("数量指标", 1),
                                                       ("c", 1)]


def test_file_names_are_safe_on_windows():
    assert safe_filename('苏州/局:*?"<>|', "docx") == "苏州_局_______.docx"
    assert safe_filename("名称. . ", "pdf") == "名称.pdf"
    assert safe_filename("CON", "xlsx") == "_CON.xlsx"
    assert safe_filename("", "pdf") == "未命名.pdf"
    long = safe_filename("局" * 500, "docx")
    assert len(long) <= MAX_NAME and long.endswith(".docx")
    assert export_stem("苏州市自然资源和规划局", 2024, "市级部门整体预算绩效目标表") == (
        "苏州市自然资源和规划局_2024年市级部门整体预算绩效目标表")
    assert export_stem(" ", None, "绩效文本") == "未命名单位_绩效文本"


def test_sheet_names_are_valid_and_unique():
    names = sheet_names(["1 项目[甲]:*?/\\", "同名", "同名", "x" * 40, "x" * 40])
    assert names[0] == "1 项目_甲______"
    assert names[1:3] == ["同名", "同名(2)"]
    assert all(len(n) <= 31 for n in names) and len(set(names)) == 5


def test_excel_spreads_a_too_tall_row_over_several_rows():
    text = "职能" * 3000
    table = Table([[Cell("单位主要职能", colspan=2), Cell(text, colspan=4)]])
    split = split_tall_rows(table, 6, [10.0] * 6, max_lines=20)
    assert len(split.rows) > 1
    assert split.rows[0][0].rowspan == len(split.rows)
    assert "".join(row[-1].text for row in split.rows) == text


def test_excel_split_grows_the_label_spanning_from_above():
    text = "职能" * 3000
    table = Table([[Cell("基本情况", rowspan=2), Cell("名称"), Cell("六盘水市自然资源局")],
                   [Cell("职能描述"), Cell(text)]])
    split = split_tall_rows(table, 3, [10.0] * 3, max_lines=20)
    pieces = len(split.rows) - 1
    assert pieces > 1
    assert split.rows[0][0].rowspan == 1 + pieces
    assert split.rows[1][0].rowspan == pieces  # 职能描述 covers its text's rows
    assert "".join(row[-1].text for row in split.rows[1:]) == text
    assert list(grid_positions(split, 3))  # still a valid grid
