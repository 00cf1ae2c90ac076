import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.export.blocks import (amount_text, chinese_number, indicator_rows, numbered,
                               numbered_text)
from app.export.filenames import MAX_NAME, export_stem, safe_filename
from app.export.layout import Cell, Table, grid_positions, merged_runs
from app.export.textwidth import display_width, wrap, wrapped_lines
from app.export.text_pieces import text_pieces
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


# Texts mixing wide (CJK, full-width), narrow and line breaks, long enough to need splitting.
_PIECES = st.sampled_from(["职", "能", "，", "“", "Ａ", "a", "1", ".", " ", "\n", "\n\n", "=",
                           "一码管地+三维地籍", "abc def", "２０２４"])
_LONG_TEXTS = st.lists(_PIECES, min_size=0, max_size=400).map("".join)


@settings(max_examples=150, deadline=None)
@given(text=_LONG_TEXTS, width=st.floats(1.0, 40.0), max_lines=st.integers(1, 30))
def test_wrap_and_text_pieces_keep_every_character(text, width, max_lines):
    lines = wrap(text, width)
    assert "".join(lines) == text and len(lines) == wrapped_lines(text, width)
    assert all(display_width(line.rstrip("\n")) <= max(width, 1.0) or len(line.rstrip("\n")) == 1
               for line in lines)
    pieces = text_pieces(text, width, max_lines)
    assert "".join(pieces) == text
    assert all(wrapped_lines(piece, width) <= max_lines for piece in pieces)


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(_LONG_TEXTS, min_size=1, max_size=3), label=_LONG_TEXTS,
       max_lines=st.integers(1, 12), widths=st.lists(st.floats(2.0, 30.0), min_size=3,
                                                     max_size=3))
def test_split_rows_keep_every_character_of_every_cell(texts, label, max_lines, widths):
    # A label spanning two rows from above, then cells at, around and far over the limit.
    rows = [[Cell("组", rowspan=2), Cell(label), Cell("值")],
            [Cell(texts[0]), Cell(texts[-1])]]
    rows += [[Cell(t, colspan=2), Cell(t[:7])] for t in texts]
    table = Table([[Cell("一级"), Cell("三级"), Cell("指标值")], *rows], header_rows=1)
    split = split_tall_rows(table, 3, widths, max_lines=max_lines, padding=0.5)
    assert list(grid_positions(split, 3))  # a valid grid
    column_texts = {}
    for r, c, cell in grid_positions(split, 3):
        column_texts.setdefault(c, []).append(cell.text)
        if cell.rowspan == 1:  # every cut piece fits the rows it got
            assert wrapped_lines(cell.text, sum(widths[c:c + cell.colspan]) - 0.5) <= max(
                max_lines, 1) or r < 1
    original = {}
    for r, c, cell in grid_positions(table, 3):
        original.setdefault(c, []).append(cell.text)
    # Read column by column, the split table holds the same texts, every character in order.
    assert {c: "".join(t) for c, t in column_texts.items()} == {
        c: "".join(t) for c, t in original.items()}


def test_the_suzhou_annual_goal_survives_whole_in_excel(exported):
    from openpyxl import load_workbook

    from app.projectfile import load_document
    from tests.conftest import EXAMPLE_FILES

    goal = load_document(EXAMPLE_FILES["jiangsu"]).department.annual_goal
    assert goal.endswith("切实提升现代化治理水平。")
    sheet = load_workbook(str(exported["jiangsu"]["xlsx"])).worksheets[0]
    column = [sheet.cell(row=r, column=3).value or "" for r in range(1, sheet.max_row + 1)]
    assert goal in "".join(column)


def test_the_self_evaluation_prints_its_budget_sentences_and_no_table_of_them():
    from app.export import build_layout
    from app.export.layout import Paragraph
    from app.projectfile import load_document
    from tests.conftest import EXAMPLE_FILES

    document = load_document(EXAMPLE_FILES["hebei-eval"])
    stages = document.self_evaluation.budget_stages
    layout = build_layout(document)
    report, data = layout.parts
    texts = [b.text for b in report.blocks if isinstance(b, Paragraph)]
    assert all(stage.text in texts for stage in stages)
    tables = list(report.tables())
    assert len(tables) == 1 and tables[0].rows[0][0].text == "职务"  # only the 评价工作组 list
    # Nor does the workbook's data sheet: the form has no such table (issue 21).
    assert not [t for t in data.tables() if t.rows[0][0].text == "阶段"]


def _wrap_by_character(text: str, width: float) -> list[str]:
    """The definition ``wrap`` follows, character by character."""
    width = max(width, 1.0)
    lines: list[str] = []
    start, used = 0, 0.0
    for i, ch in enumerate(text):
        if ch == "\n":
            lines.append(text[start:i + 1])
            start, used = i + 1, 0.0
            continue
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > width and i > start:
            lines.append(text[start:i])
            start, used = i, 0.0
        used += w
    if start < len(text) or not lines:
        lines.append(text[start:])
    return lines


@given(st.one_of(st.text(), st.lists(st.sampled_from(list("ab \n\r\t中文，。１２𠀀"))).map("".join)),
       st.one_of(st.floats(), st.floats(min_value=-2, max_value=40)))
def test_wrap_breaks_where_the_character_by_character_definition_does(text, width):
    assert wrap(text, width) == _wrap_by_character(text, width)
