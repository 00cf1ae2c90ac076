"""The numbers of a numbered list as a form prints them (（一）, （1）, 1., 计划1): shared by the
editor's lists and the exports."""
from __future__ import annotations

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 17 → 十七, 21 → 二十一 (up to 99; beyond, Arabic digits)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    text = ("" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十"))
    return text + (_DIGITS[ones] if ones else "")


def numbered(index: int, pattern: str) -> str:
    """The label of item ``index`` (1-based) in a template's numbering pattern.

    "（一）" → （三）; "（1）" → （3）; "1. " → "3. "; "计划1" → 计划3.
    """
    if "一" in pattern:
        return pattern.replace("一", chinese_number(index), 1)
    return pattern.replace("1", str(index), 1)
