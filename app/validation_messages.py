"""Pydantic's validation errors, said in Chinese with the JSON path of the bad value."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Sequence

from pydantic import ValidationError
from pydantic_core import ErrorDetails

# The messages a user may meet when a file was edited by hand or damaged.
_MESSAGES = {
    "missing": "缺少必填项",
    "extra_forbidden": "有无法识别的字段（文件可能来自其他软件或已损坏）",
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "bool_type": "应为“是/否”值",
    "bool_parsing": "应为“是/否”值",
    "decimal_type": "应为数字",
    "decimal_parsing": "应为数字",
    "decimal_max_places": "最多两位小数",
    "decimal_max_digits": "数值过大",
    "decimal_whole_digits": "数值过大",
    "finite_number": "不能是 NaN 或无穷大",
    "string_too_long": "文字过长",
    "string_too_short": "不能为空",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "enum": "不是允许的取值",
    "none_required": "应为空",
}


_VALUE_ERRORS = {
    "amount_float": "金额须以文字形式保存（如 \"12.30\"）",
    "amount_type": "应为数字",
    "amount_too_large": "数值过大",
}


def json_path(loc: Sequence[Any]) -> str:
    """("document", "projects", 2, "budget_amount") → "document.projects[2].budget_amount"."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def describe(error: ErrorDetails) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "greater_than_equal":
        limit = ctx.get("ge")
        return "不能为负数" if str(limit) in ("0", "0.0") else f"不能小于 {limit}"
    if kind == "less_than_equal":
        return f"不能大于 {ctx.get('le')}"
    if kind in ("string_too_long", "too_long") and "max_length" in ctx:
        return f"文字过长（超过 {ctx['max_length']:,} 字）"
    if kind == "enum" and "expected" in ctx:
        return f"不是允许的取值，应为 {str(ctx['expected']).replace(' or ', '、')}"
    if kind in ("decimal_max_digits", "decimal_whole_digits"):
        value = error.get("input")
        # 1e-20 has too many digits, all of them decimals: say so, not "too large".
        if isinstance(value, Decimal) and value.is_finite() and value.adjusted() < 0:
            return "最多两位小数"
    if kind == "value_error":
        reason = str(error.get("msg", ""))
        for code, message in _VALUE_ERRORS.items():
            if code in reason:
                return message
    return _MESSAGES.get(kind, "内容不符合格式要求")


def first_problems(exc: ValidationError, prefix: Sequence[Any] = (), limit: int = 5
                   ) -> tuple[str, str]:
    """A Chinese message listing up to ``limit`` problems, and the location of the first."""
    errors = exc.errors(include_url=False)  # inputs are looked at, never shown
    lines = []
    for error in errors[:limit]:
        lines.append(f"{json_path([*prefix, *error['loc']])}：{describe(error)}")
    more = len(errors) - limit
    if more > 0:
        lines.append(f"另有 {more} 处问题")
    first = json_path([*prefix, *errors[0]["loc"]]) if errors else ""
    return "；".join(lines), first
