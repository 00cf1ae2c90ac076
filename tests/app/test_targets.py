from decimal import Decimal

import pytest

from app.model import IndicatorRow
from app.targets import Kind, parse_target


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


def test_row_offers_the_parsed_view_and_keeps_the_text():
    row = IndicatorRow(half_year_target="＝29%", full_year_target="＝100%")
    assert row.parsed("half_year_target").number == Decimal("29")
    assert row.full_year_target == "＝100%"
