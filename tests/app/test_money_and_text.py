from decimal import Decimal

import pytest
from pydantic import ValidationError

from app.model import BudgetLine, FundLine, IndicatorRow, TargetDocument
from app.money import Unit, convert, format_amount, total
from app.text import MAX_TEXT_LENGTH


def test_amounts_are_decimal_and_quantized_to_cents():
    line = BudgetLine(name="会议费", half_year="6.48", full_year="21.6")
    assert line.full_year == Decimal("21.60")
    assert isinstance(line.full_year, Decimal)
    assert format_amount(line.full_year) == "21.60"


@pytest.mark.parametrize("bad", ["12.345", "-1", "NaN", "Infinity", "1e309", "abc", 12.5, True])
def test_bad_amounts_are_refused(bad):
    with pytest.raises(ValidationError):
        FundLine(name="x", amount=bad)


def test_empty_amount_differs_from_zero():
    assert FundLine(amount=None).amount is None
    assert FundLine(amount="0").amount == Decimal("0.00")


def test_total_ignores_empty_cells_and_stays_exact():
    assert total([Decimal("0.10"), None, Decimal("0.20")]) == Decimal("0.30")


def test_unit_conversion_is_exact():
    assert convert(Decimal("1483491.60"), Unit.YUAN, Unit.WAN_YUAN) == Decimal("148.349160")
    assert convert(Decimal("0.50"), Unit.WAN_YUAN, Unit.YUAN) == Decimal("5000.00")


def test_text_is_kept_as_typed_but_cleaned_of_xml_illegal_characters():
    row = IndicatorRow(name="  预算执行率\t\n", target="＝100%\x00\x0b\ufffe\uffff")
    assert row.name == "  预算执行率\t\n"
    assert row.get("target") == "＝100%"


def test_cleaning_applies_on_assignment_too():
    row = IndicatorRow()
    row.set("name", "a\x1fb")
    assert row.name == "ab"
    row.set("name", "")
    assert row.cells == {}  # an emptied cell is not kept


def test_overlong_text_is_refused():
    with pytest.raises(ValidationError):
        TargetDocument(template="t", unit_name="字" * (MAX_TEXT_LENGTH + 1))


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError):
        TargetDocument.model_validate({"template": "t", "surprise": 1})
