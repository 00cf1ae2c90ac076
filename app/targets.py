"""The parsed view of an indicator's target value (指标值), next to the text kept as typed.

"＝100%" → operator "=", number 100, unit "%"; "≥90%" → "≥", 90, "%"; "健全" → qualitative.
The text itself is never changed by parsing: full-width ＝ stays ＝ in the document and in every
export. Only its leading operator is respelled, when typed or imported (``spelled``): ">=80%"
becomes the form's "≥80%", the rest of the text stays as typed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum


class Kind(str, Enum):
    QUANTITATIVE = "定量"
    QUALITATIVE = "定性"
    EMPTY = "空"


# Full-width and ASCII spellings of the same operator, and two-character forms (mixed widths
# too: an IME switching width between the two keys).
_OPERATORS = {
    "＝": "=", "=": "=", "==": "=", "＝＝": "=",
    "≥": "≥", "＞＝": "≥", ">=": "≥", "≧": "≥", "＞=": "≥", ">＝": "≥",
    "≤": "≤", "＜＝": "≤", "<=": "≤", "≦": "≤", "＜=": "≤", "<＝": "≤",
    "＞": ">", ">": ">",
    "＜": "<", "<": "<",
}
_OPERATOR_PATTERN = "|".join(sorted((re.escape(k) for k in _OPERATORS), key=len, reverse=True))
# "90%以上" is "≥90%" in the bureaus' usage: a trailing word can carry the operator.
_SUFFIX_OPERATORS = {"及以上": "≥", "以上": "≥", "及以下": "≤", "以下": "≤", "以内": "≤"}
_VALUE = re.compile(
    rf"^\s*(?P<op>{_OPERATOR_PATTERN})?\s*"
    r"(?P<num>[+-]?(?:\d[\d,，]*(?:[.．]\d+)?|[.．]\d+))"
    r"\s*(?P<unit>.*?)\s*$",
    re.DOTALL,
)
# A number followed by more text that is itself a sentence is not "number + unit".
_MAX_UNIT_LENGTH = 8
# "2024年12月31日前" is a date, not 2024 of a unit: a unit holds no further digits.
_DIGIT = re.compile(r"[0-9０-９]")


@dataclass(frozen=True)
class ParsedTarget:
    kind: Kind
    operator: str | None = None  # "=", "≥", "≤", ">", "<" (normalised), None when absent
    number: Decimal | None = None
    unit: str = ""
    text: str = ""

    @property
    def has_operator(self) -> bool:
        return self.operator is not None


# How the published forms print each operator: ≥ ≤ ＝ ＞ ＜ (a form may print its own: spelled()).
FORM_SPELLING = {"=": "＝", "≥": "≥", "≤": "≤", ">": "＞", "<": "＜"}
_LEADING_OPERATOR = re.compile(rf"^\s*(?P<op>{_OPERATOR_PATTERN})")


def spelled(text: str, spelling: dict[str, str] = FORM_SPELLING) -> str:
    """The text with its leading operator as the form spells it (">=80%" → "≥80%", "=60%" →
    "＝60%", "＞＝95％" → "≥95％"); nothing else of the text changes. ``spelling`` maps each
    normal operator to the form's; an operator it does not list is left as typed."""
    match = _LEADING_OPERATOR.match(text)
    if match is None:
        return text
    wanted = spelling.get(_OPERATORS[match["op"]])
    if wanted is None:
        return text
    return text[:match.start("op")] + wanted + text[match.end("op"):]


def normal_operator(text: str) -> str | None:
    """"＝", "==", "=" → "="; "＞＝" → "≥" …; None for anything that is not an operator."""
    return _OPERATORS.get(text.strip())


def parse_target(text: str) -> ParsedTarget:
    """Split a target value into operator, number and unit; anything else is qualitative."""
    stripped = text.strip()
    if not stripped:
        return ParsedTarget(Kind.EMPTY, text=text)
    match = _VALUE.match(stripped)
    if match and len(match["unit"]) <= _MAX_UNIT_LENGTH and not _DIGIT.search(match["unit"]):
        digits = match["num"].replace(",", "").replace("，", "").replace("．", ".")
        try:
            number = Decimal(digits)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid digits
            number = None
        if number is not None:
            op = _OPERATORS[match["op"]] if match["op"] else None
            unit = match["unit"]
            for suffix, suffix_op in _SUFFIX_OPERATORS.items():
                if op is None and unit.endswith(suffix):
                    op, unit = suffix_op, unit[: -len(suffix)].rstrip()
                    break
            return ParsedTarget(Kind.QUANTITATIVE, operator=op, number=number, unit=unit,
                                text=text)
    return ParsedTarget(Kind.QUALITATIVE, text=text)
