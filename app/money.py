"""Money: Decimal end to end, never float, with an explicit unit."""
from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Annotated, Iterable

from pydantic import AfterValidator, BeforeValidator, Field

CENT = Decimal("0.01")


class Unit(str, Enum):
    WAN_YUAN = "万元"
    YUAN = "元"


# Fourteen integer digits: a hundred trillion 元, beyond any department's budget.
_MAX_EXPONENT = 13


def _reject_float(value: object) -> object:
    # A float has already lost the officer's cents (0.1 + 0.2); files carry amounts as strings.
    if isinstance(value, float):
        raise ValueError("amount_float")
    if isinstance(value, bool):
        raise ValueError("amount_type")
    if isinstance(value, (str, int, Decimal)):
        try:
            number = Decimal(value) if not isinstance(value, str) else Decimal(value.strip())
        except ArithmeticError:
            return value  # not a number: pydantic reports it as such
        if number.is_finite() and number != 0 and number.adjusted() > _MAX_EXPONENT:
            raise ValueError("amount_too_large")
    return value


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT)


# ge=0 and two decimals: the bureaus' forms hold no negative or sub-cent amounts.
# max_digits bounds hostile input (1e309) long before it reaches arithmetic.
Money = Annotated[
    Decimal,
    BeforeValidator(_reject_float),
    Field(ge=0, max_digits=16, decimal_places=2, allow_inf_nan=False),
    AfterValidator(_quantize),
]

# A percentage of the spending plan (资金支出计划): 0..100 is checked by the rules, not here,
# so that an officer's typo stays visible in the editor instead of being refused on load.
Percent = Annotated[
    Decimal,
    BeforeValidator(_reject_float),
    Field(max_digits=7, decimal_places=2, allow_inf_nan=False),
]


def total(amounts: Iterable[Decimal | None]) -> Decimal:
    """Sum of the given amounts; an empty cell counts as zero."""
    return sum((a for a in amounts if a is not None), Decimal("0.00")).quantize(CENT)


def format_amount(value: Decimal | None) -> str:
    """Two decimals, as printed on the forms (no thousands separator: the bureaus' tables have none)."""
    return "" if value is None else f"{value.quantize(CENT):.2f}"


def convert(value: Decimal, from_unit: Unit, to_unit: Unit) -> Decimal:
    """Exact conversion between 元 and 万元 (no rounding: callers decide how to print)."""
    if from_unit == to_unit:
        return value
    if from_unit == Unit.YUAN:
        return value / Decimal(10000)
    return value * Decimal(10000)
