from decimal import Decimal

import pytest

from app.model import IndicatorRow
from app.targets import Kind, parse_target, spelled
from app.templates import Column, ColumnKind, IndicatorTableSpec, SplitTarget


@pytest.mark.parametrize("text, operator, number, unit", [
    ("＝100%", "=", Decimal("100"), "%"),
    ("=0%", "=", Decimal("0"), "%"),
    ("≥90%", "≥", Decimal("90"), "%"),
    (">=90%", "≥", Decimal("90"), "%"),
    ("≤10%", "≤", Decimal("10"), "%"),
    ("<= 12 个月", "≤", Decimal("12"), "个月"),
    ("＝6300平方米", "=", Decimal("6300"), "平方米"),
    ("≥1200000页", "≥", Decimal("1200000"), "页"),
    ("3412.92万元", None, Decimal("3412.92"), "万元"),
    ("90%", None, Decimal("90"), "%"),
    ("＞5", ">", Decimal("5"), ""),
])
def test_quantitative_values_split_into_operator_number_unit(text, operator, number, unit):
    parsed = parse_target(text)
    assert parsed.kind is Kind.QUANTITATIVE
    assert (parsed.operator, parsed.number, parsed.unit) == (operator, number, unit)
    assert parsed.text == text


@pytest.mark.parametrize("text", ["健全", "按时限完成", "2024年12月31日前", "通过专家验收",
                                  "按规定每人500元，共10人", "有效保障人民群众生命财产安全。"])
def test_other_values_are_qualitative(text):
    assert parse_target(text).kind is Kind.QUALITATIVE


def test_empty_value():
    assert parse_target("  ").kind is Kind.EMPTY


def test_the_parsed_view_reads_one_merged_cell_and_keeps_the_text():
    spec = IndicatorTableSpec("t", "", (Column("half_year_target", "半年指标值", ColumnKind.TARGET),
                                        Column("full_year_target", "全年指标值", ColumnKind.TARGET)))
    row = IndicatorRow(half_year_target="＝29%", full_year_target="＝100%")
    assert spec.parsed(row, "half_year_target").number == Decimal("29")
    assert row.get("full_year_target") == "＝100%"


SPLIT = IndicatorTableSpec("t", "", (
    Column("name", "三级指标"), Column("operator", "指标性质", ColumnKind.CHOICE),
    Column("target", "指标值"), Column("unit", "度量单位")),
    split_targets=(SplitTarget("target", operator="operator", unit="unit"),))


@pytest.mark.parametrize("cells, operator, number, unit, kind", [
    ({"operator": "=", "target": "100", "unit": "%"}, "=", Decimal("100"), "%", Kind.QUANTITATIVE),
    ({"operator": "≥", "target": "1,200", "unit": "人次"}, "≥", Decimal("1200"), "人次",
     Kind.QUANTITATIVE),
    ({"operator": "≤", "target": " 30 ", "unit": " 万元 "}, "≤", Decimal("30"), "万元",
     Kind.QUANTITATIVE),
    ({"operator": "定性", "target": "效果明显"}, None, None, "", Kind.QUALITATIVE),
    ({"target": "90"}, None, Decimal("90"), "", Kind.QUANTITATIVE),  # no operator: flagged later
    ({"operator": "≥", "unit": "%"}, None, None, "", Kind.EMPTY),  # no value: an empty target
])
def test_the_parsed_view_reads_three_split_cells_as_one(cells, operator, number, unit, kind):
    parsed = SPLIT.parsed(IndicatorRow(name="覆盖率", **cells), "target")
    assert (parsed.kind, parsed.operator, parsed.number, parsed.unit) == (kind, operator, number,
                                                                           unit)


def test_a_split_target_without_operator_column_takes_its_kind_from_the_type_column():
    spec = IndicatorTableSpec("t", "", (
        Column("value_type", "指标值类型", ColumnKind.CHOICE, choices=("定量", "定性")),
        Column("target", "指标值"), Column("unit", "计量单位")),
        split_targets=(SplitTarget("target", unit="unit", kind="value_type"),))
    quantity = spec.parsed(IndicatorRow(value_type="定量", target="≥95", unit="%"), "target")
    assert (quantity.operator, quantity.number, quantity.unit) == ("≥", Decimal("95"), "%")
    words = spec.parsed(IndicatorRow(value_type="定性", target="95分以上为优", unit="分"), "target")
    assert words.kind is Kind.QUALITATIVE and words.text == "95分以上为优"


def test_split_and_merged_targets_give_the_same_parsed_view():
    merged = IndicatorTableSpec("t", "", (Column("target", "指标值", ColumnKind.TARGET),))
    for text, split in [("≥95%", {"operator": "≥", "target": "95", "unit": "%"}),
                        ("＝3个", {"operator": "＝", "target": "3", "unit": "个"})]:
        one = merged.parsed(IndicatorRow(target=text), "target")
        three = SPLIT.parsed(IndicatorRow(**split), "target")
        assert (one.operator, one.number, one.unit) == (three.operator, three.number, three.unit)


@pytest.mark.parametrize("typed, form", [
    (">=80%", "≥80%"), ("=60%", "＝60%"), ("==60%", "＝60%"), ("＞＝95％", "≥95％"),
    ("<=5天", "≤5天"), (">0", "＞0"), ("＜3", "＜3"), ("≧1", "≥1"), (" >= 3 个 ", " ≥ 3 个 "),
    ("≥90%", "≥90%"), ("＝3个", "＝3个"), ("健全", "健全"), ("90%以上", "90%以上"),
    ("<10% & >=90%", "＜10% & >=90%"),  # only the leading operator: the rest as typed
])
def test_a_leading_operator_takes_the_forms_spelling_and_nothing_else_changes(typed, form):
    assert spelled(typed) == form


def test_a_form_that_prints_ascii_operators_keeps_them():
    choices = {"=": "=", "≥": "≥", "≤": "≤", ">": ">", "<": "<"}
    assert [spelled(t, choices) for t in ("＝", ">=", "＞", "=")] == ["=", "≥", ">", "="]
