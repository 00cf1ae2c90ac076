"""Declared boxes: what a form prints that the core gives no meaning to.

A template declares every box it prints (``FieldSpec`` in its sections). A box the core reasons
about (the unit's name, the year, the funds the checks tie, the indicator rows, the scoring
inputs …) is bound to a typed field of the model by its path. Any other box is declared with a
path ``boxes.<key>``: the document (or each project) stores its value under that key, and the
editor, the 审核, the export helpers, the Excel import and 结转 follow from the declaration, with
no change to the model. docs/adding-a-province.md shows how a form declares them.

Values, by kind (an empty box is absent, so a file holds only what was typed):

* LINE, TEXT, DATE (as typed: "2019年6月30日"), CHOICE (one of the printed options): a text;
* LIST (numbered items), TICKS (the ticked options, in printed order): a list of texts;
* YEAR: an int; MONEY (in the declared unit), PERCENT: a Decimal;
* MONEY_TABLE: ``{row key: {column key: Decimal}}``, only the filled cells.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import TYPE_CHECKING, Any, Iterator

from app.text import MAX_TEXT_LENGTH, clean_text

if TYPE_CHECKING:
    from app.templates import FieldSpec, Template

BOXES = "boxes"  # the model field that holds them, and the first part of their paths
PRIOR = "prior_"  # a box carried as 上年: the year before's value under "prior_<key>"
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# Amounts keep up to six decimals: a 元 budget carried into a 万元 form stays exact.
MONEY_PLACES = 6
_MAX_DIGITS = 20


class BoxError(ValueError):
    """A stored box that does not fit its declaration: ``message`` in Chinese, at ``path``."""

    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.message, self.path = message, path


class Carry(str, Enum):
    """What 结转 to next year does with a box."""

    KEEP = "keep"  # the same value next year (names, texts that last)
    CLEAR = "clear"  # this year's only (dates, amounts, the year's results)
    PRIOR = "prior"  # cleared, last year's value shown read-only beside it (上年)


# --- money tables -----------------------------------------------------------------------------

@dataclass(frozen=True)
class MoneyRow:
    key: str
    label: str  # as printed: "年度资金总额：", "其中：当年一般公共预算拨款"


@dataclass(frozen=True)
class MoneyColumn:
    key: str
    label: str  # as printed: "年初预算数"
    # A computed column (a rate, a ÷ b in %): shown grey in the editor, printed, never stored.
    rate_of: tuple[str, str] | None = None
    # The year's figure (执行数): cleared by 结转 even when the officer keeps the budget.
    result: bool = False


@dataclass(frozen=True)
class PartsOf:
    """A total row and its 其中 rows: the total equals their sum (``complete``), or is at
    least their sum (a form that lists only some of its parts)."""

    total: str
    parts: tuple[str, ...]
    complete: bool = True


@dataclass(frozen=True)
class AtMost:
    """One column's figure is at most another's in every row (执行数 ≤ 预算数)."""

    column: str
    limit: str
    error: bool = True
    message: str = ""  # the finding's words; default "“a”超过“b”"


@dataclass(frozen=True)
class RateAtLeast:
    """``numerator ÷ denominator`` is at least ``minimum`` % in every row that has both (a
    half-year execution under 50 %: 序时进度滞后)."""

    numerator: str
    denominator: str
    minimum: Decimal
    error: bool = False
    message: str = ""


Relation = PartsOf | AtMost | RateAtLeast


@dataclass(frozen=True)
class MoneyTable:
    rows: tuple[MoneyRow, ...]
    columns: tuple[MoneyColumn, ...]
    relations: tuple[Relation, ...] = ()
    # The cell that means "the project's budget for the year" (row, column): 结转 into this form
    # fills it from the target form's 预算资金, converted to this table's unit.
    budget: tuple[str, str] | None = None

    def row(self, key: str) -> MoneyRow | None:
        return next((r for r in self.rows if r.key == key), None)

    def column(self, key: str) -> MoneyColumn | None:
        return next((c for c in self.columns if c.key == key), None)

    def stored_columns(self) -> tuple[MoneyColumn, ...]:
        return tuple(c for c in self.columns if c.rate_of is None)


@dataclass(frozen=True)
class RequiredWhen:
    """A box that must be filled when an indicator row of its sheet (the project's table, or
    the department's tables) holds one of ``values`` in ``column`` (完成目标可能性 有可能/不可能)."""

    column: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class BoxOptions:
    """The kind-specific part of a box's declaration (``FieldSpec.box``)."""

    options: tuple[str, ...] = ()  # CHOICE, TICKS: the printed options, in order
    single: bool = False  # TICKS: one option at most ("□" lists where one is ticked)
    unit: str = ""  # MONEY, MONEY_TABLE: "万元" / "元"
    table: MoneyTable | None = None
    minimum: Decimal | None = None  # MONEY, PERCENT, YEAR: the printed range
    maximum: Decimal | None = None
    carry: Carry | None = None  # None: by kind (texts kept, dates and figures cleared)
    required_when: RequiredWhen | None = None
    numbering: str = ""  # TICKS: "1、" before each option as printed
    tick: str = "□"  # TICKS: the box printed after each option
    ticked: str = "□ √"  # TICKS: what a ticked option prints instead


def key_of(spec: "FieldSpec") -> str | None:
    """The box key of a declared box ("boxes.deviation" → "deviation"); None for a bound field."""
    head, _, key = spec.path.partition(".")
    return key if head == BOXES and key else None


def box_specs(template: "Template", project: bool) -> dict[str, "FieldSpec"]:
    """The boxes a template declares for the document, or for each project, by key."""
    sections = template.project_sections if project else template.sections
    return {key: spec for section in sections for spec in section.fields
            if (key := key_of(spec)) is not None}


def carry_of(spec: "FieldSpec") -> Carry:
    from app.templates import FieldKind

    declared = spec.box.carry if spec.box is not None else None
    if declared is not None:
        return declared
    if spec.kind in (FieldKind.DATE, FieldKind.MONEY, FieldKind.PERCENT, FieldKind.MONEY_TABLE,
                     FieldKind.YEAR):
        return Carry.CLEAR
    return Carry.KEEP


def options_of(spec: "FieldSpec") -> BoxOptions:
    return spec.box if spec.box is not None else BoxOptions()


# --- values -----------------------------------------------------------------------------------

def _text(value: Any, path: str, label: str) -> str:
    if not isinstance(value, str):
        raise BoxError(f"“{label}”应为文字", path)
    if len(value) > MAX_TEXT_LENGTH:
        raise BoxError(f"“{label}”过长（{len(value)} 字）", path)
    return clean_text(value)


def _number(value: Any, path: str, label: str, places: int) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise BoxError(f"“{label}”应为数字（以文字形式保存，如 \"12.50\"）", path)
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise BoxError(f"“{label}”的“{str(value)[:20]}”不是数字", path) from None
    if not number.is_finite():
        raise BoxError(f"“{label}”不是有效的数字", path)
    sign, digits, exponent = number.as_tuple()
    if isinstance(exponent, int) and (-exponent > places or len(digits) > _MAX_DIGITS
                                      or number.adjusted() > 13):
        raise BoxError(f"“{label}”的“{str(value)[:20]}”位数过多（最多 {places} 位小数）", path)
    return number


def _money(value: Any, path: str, label: str) -> Decimal:
    number = _number(value, path, label, MONEY_PLACES)
    if number < 0:
        raise BoxError(f"“{label}”不能是负数", path)
    return number


def clean_value(spec: "FieldSpec", value: Any, path: str) -> Any:
    """A box's value as its kind holds it (texts cleaned, numbers as Decimal); None for an
    empty box. Raises ``BoxError`` for a value of the wrong shape."""
    from app.templates import FieldKind

    kind, label = spec.kind, spec.label
    if value is None or value == "" or value == [] or value == {}:
        return None
    if kind in (FieldKind.LINE, FieldKind.TEXT, FieldKind.DATE):
        return _text(value, path, label) or None
    if kind is FieldKind.CHOICE:
        text = _text(value, path, label)
        if text and text not in options_of(spec).options:
            raise BoxError(f"“{label}”的“{text[:20]}”不是可选项（"
                           f"{'、'.join(options_of(spec).options)}）", path)
        return text or None
    if kind in (FieldKind.LIST, FieldKind.TICKS):
        if not isinstance(value, list):
            raise BoxError(f"“{label}”应为列表", path)
        items = [_text(item, f"{path}[{i}]", label) for i, item in enumerate(value)]
        if kind is FieldKind.TICKS:
            return _ticks(spec, items, path) or None
        return items
    if kind is FieldKind.YEAR:
        if isinstance(value, bool) or not isinstance(value, int) or not 1949 <= value <= 2200:
            raise BoxError(f"“{label}”应为 1949–2200 之间的年份", path)
        return value
    if kind is FieldKind.MONEY:
        return _money(value, path, label)
    if kind is FieldKind.PERCENT:
        return _number(value, path, label, 2)
    if kind is FieldKind.MONEY_TABLE:
        return _table(spec, value, path) or None
    raise BoxError(f"“{label}”的类型（{kind.value}）不能作为声明的栏目", path)


def _ticks(spec: "FieldSpec", items: list[str], path: str) -> list[str]:
    options = options_of(spec)
    for item in items:
        if item not in options.options:
            raise BoxError(f"“{spec.label}”的“{item[:20]}”不是可选项（"
                           f"{'、'.join(options.options)}）", path)
    if len(set(items)) != len(items):
        raise BoxError(f"“{spec.label}”同一项勾选了两次", path)
    if options.single and len(items) > 1:
        raise BoxError(f"“{spec.label}”只能勾选一项", path)
    return [o for o in options.options if o in items]  # the printed order


def _table(spec: "FieldSpec", value: Any, path: str) -> dict[str, dict[str, Decimal]]:
    table = options_of(spec).table
    if table is None:  # pragma: no cover - register() refuses such a declaration
        raise BoxError(f"“{spec.label}”没有声明表格", path)
    if not isinstance(value, dict):
        raise BoxError(f"“{spec.label}”应为表格（按行、列保存的金额）", path)
    result: dict[str, dict[str, Decimal]] = {}
    for row_key, cells in value.items():
        row = table.row(row_key)
        if row is None:
            raise BoxError(f"“{spec.label}”没有“{row_key}”这一行", f"{path}.{row_key}")
        if not isinstance(cells, dict):
            raise BoxError(f"“{spec.label}”的“{row.label}”应为按列保存的金额",
                           f"{path}.{row_key}")
        kept: dict[str, Decimal] = {}
        for column_key, amount in cells.items():
            column = table.column(column_key)
            where = f"{path}.{row_key}.{column_key}"
            if column is None or column.rate_of is not None:
                raise BoxError(f"“{spec.label}”没有“{column_key}”这一列", where)
            if amount is not None and amount != "":
                kept[column_key] = _money(amount, where, f"{row.label}{column.label}")
        if kept:
            result[row_key] = kept
    return result


def validate_boxes(document: Any, template: "Template") -> None:
    """Check every stored box of ``document`` against ``template`` and store it as its kind
    holds it (Decimal amounts, texts cleaned). Raises ``BoxError`` at the first bad one."""
    _validate(document, box_specs(template, project=False), "")
    project_specs = box_specs(template, project=True)
    for p, project in enumerate(document.projects):
        _validate(project, project_specs, f"projects[{p}].")


def _validate(owner: Any, specs: dict[str, "FieldSpec"], prefix: str) -> None:
    boxes: dict[str, Any] = owner.boxes
    for key in list(boxes):
        path = f"{prefix}{BOXES}.{key}"
        spec = specs.get(key[len(PRIOR):] if key.startswith(PRIOR) else key)
        if spec is None or (key.startswith(PRIOR) and carry_of(spec) is not Carry.PRIOR):
            raise BoxError(f"有此表样没有的栏目“{key}”（文件可能来自其他版本或已损坏）", path)
        value = clean_value(spec, boxes[key], path)
        if value is None:
            del boxes[key]
        else:
            boxes[key] = value


def set_box(boxes: dict[str, Any], key: str, value: Any) -> None:
    """Store a box's value; an empty one is removed (a file holds only what was typed)."""
    if isinstance(value, str):
        value = clean_text(value)
    if value is None or value == "" or value == [] or value == {}:
        boxes.pop(key, None)
    else:
        boxes[key] = value


def table_cells(spec: "FieldSpec") -> Iterator[tuple[MoneyRow, MoneyColumn]]:
    table = options_of(spec).table
    if table is not None:
        for row in table.rows:
            for column in table.stored_columns():
                yield row, column


def cell_amount(value: Any, row: str, column: str) -> Decimal | None:
    """One stored cell of a money table's value (None: empty)."""
    if not isinstance(value, dict):
        return None
    cells = value.get(row)
    amount = cells.get(column) if isinstance(cells, dict) else None
    return amount if isinstance(amount, Decimal) else None


def rate(value: Any, numerator: tuple[str, str], denominator: tuple[str, str]) -> Decimal | None:
    """``numerator ÷ denominator`` in %, two decimals (None without both, or a zero divisor)."""
    top = cell_amount(value, *numerator)
    bottom = cell_amount(value, *denominator)
    if top is None or not bottom:
        return None
    return (top / bottom * 100).quantize(Decimal("0.01"))


def exact_amount(value: Decimal) -> Decimal:
    """An amount with two decimals, or with as many as it needs (up to six) when it has more:
    220.0000 → 220.00, 12.345678 stays."""
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return normal
    return value.quantize(Decimal("0.01"))


def format_box_amount(value: Decimal | None) -> str:
    """Two decimals, or as many as the amount holds (up to six): never rounded away."""
    if value is None:
        return ""
    exponent = value.normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{value:.{min(places, MONEY_PLACES)}f}"
