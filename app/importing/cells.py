"""A cell's value as the model holds it: text exactly as typed, amounts as Decimal with at most
two decimals, years, scores and percentages, each refused with its cell and a Chinese reason.

A number cell stores a double ("68.4", "1e309"): its value is the shortest decimal that gives
that double back (``repr``), which is what was typed for any amount of up to 15 digits; a
formula's rounding noise (0.30000000000000004) is read as the 15 digits Excel shows. Anything
else with more than two decimals, NaN, infinity, text that is not a number, dates, logical
values and error values are refused, never guessed.
"""
from __future__ import annotations

import datetime
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation, localcontext

from openpyxl.utils.datetime import from_excel

from app.importing.grid import GridCell
from app.importing.problems import CellError, ImportProblem
from app.importing.workbook import CellKind, RawCell, WorkbookData
from app.text import MAX_TEXT_LENGTH

CENT = Decimal("0.01")
_MAX_INTEGER_DIGITS = 14  # as the model's Money: a hundred trillion
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_AMOUNT = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[+-]?\.\d+$")
_YEAR = re.compile(r"^(\d{4})(?:年度?)?$")


def shown(text: str, limit: int = 30) -> str:
    """A cell's text for a message: short, on one line."""
    one_line = text.replace("\n", "↵").replace("\t", " ")
    return one_line if len(one_line) <= limit else one_line[:limit] + "…"


class Cells:
    """Reads cells of one workbook; every refusal names the sheet and the cell."""

    def __init__(self, workbook: WorkbookData) -> None:
        self.workbook = workbook

    def problem(self, sheet: str, raw: RawCell | GridCell | None, message: str,
                row: int | None = None, column: int | None = None) -> CellError:
        if raw is not None:
            row, column = raw.row, raw.column
        return CellError(ImportProblem(message, sheet, row, column))

    def _usable(self, sheet: str, raw: RawCell, what: str) -> None:
        """Refuse what no field can take: errors, formulas without a result, logical values."""
        if raw.kind is CellKind.FORMULA:
            raise self.problem(sheet, raw, f"是公式（{shown(raw.formula, 40)}），文件中没有它的计算"
                                           "结果；请在 Excel 中打开并保存，或把公式转为数值后再导入")
        if raw.kind is CellKind.ERROR:
            raise self.problem(sheet, raw, f"是错误值“{shown(raw.value)}”，应为{what}")
        if raw.kind is CellKind.DATE:
            raise self.problem(sheet, raw, f"是日期（{shown(raw.value[:10])}），应为{what}；请把该单元格"
                                           "设为“文本”格式后按原样重新输入")
        if raw.kind is CellKind.BOOL:
            shown_value = "TRUE" if raw.value in ("1", "true") else "FALSE"
            raise self.problem(sheet, raw, f"是逻辑值 {shown_value}，应为{what}")

    def _date(self, raw: RawCell) -> datetime.datetime | None:
        if raw.kind is not CellKind.NUMBER or not self.workbook.style(raw).is_date:
            return None
        try:
            value = from_excel(float(raw.value), epoch=_epoch(self.workbook.date1904))
        except (ValueError, OverflowError, TypeError):
            return None
        return value if isinstance(value, datetime.datetime) else \
            datetime.datetime.combine(value, datetime.time()) if isinstance(value, datetime.date) \
            else None

    # -- text ----------------------------------------------------------------------------
    def text(self, sheet: str, cell: GridCell | None) -> str:
        """A text as typed; a number typed into a text cell as its digits ("100", "95%")."""
        if cell is None:
            return ""
        parts = []
        for raw in cell.pieces:
            if raw is None:
                continue
            self._usable(sheet, raw, "文字")
            if raw.kind is CellKind.NUMBER:
                date = self._date(raw)
                if date is not None:
                    raise self.problem(sheet, raw, f"是 Excel 日期（{date:%Y-%m-%d}），不是文字；请把"
                                                   "该单元格设为“文本”格式后按原样重新输入")
                parts.append(self.number_text(sheet, raw))
            else:
                parts.append(raw.value)
        text = "".join(parts)
        control = _CONTROL.search(text)
        if control:
            raise self.problem(sheet, cell, f"含有不可见的控制字符（U+{ord(control.group()):04X}），"
                                            "请删除后再导入")
        if len(text) > MAX_TEXT_LENGTH:
            raise self.problem(sheet, cell, f"文字过长（{len(text):,} 字，上限 {MAX_TEXT_LENGTH:,} 字）")
        return text

    def number_text(self, sheet: str, raw: RawCell) -> str:
        number = self._finite(sheet, raw, "数字")
        value = _shortest(number)
        if self.workbook.style(raw).is_percent:
            return f"{_plain(value * 100)}%"
        return _plain(value)

    # -- numbers -------------------------------------------------------------------------
    def _finite(self, sheet: str, raw: RawCell, what: str) -> float:
        try:
            number = float(raw.value)
        except ValueError:
            raise self.problem(sheet, raw, f"“{shown(raw.value)}”不是有效的{what}（文件已损坏）") \
                from None
        if math.isnan(number):
            raise self.problem(sheet, raw, f"“{shown(raw.value)}”不是有效的数字（NaN），应为{what}")
        if math.isinf(number):
            raise self.problem(sheet, raw, f"“{shown(raw.value)}”超出了数字的范围（无穷大），应为{what}")
        return number

    def _number(self, sheet: str, cell: GridCell, what: str) -> Decimal | None:
        """The cell's number: a stored number, or a text of digits ("1,234.50", "１２.５")."""
        raw = cell.raw
        if raw is None or len([p for p in cell.pieces if p is not None]) != 1:
            text = self.text(sheet, cell).strip()
            return self._parse(sheet, cell, text, what) if text else None
        self._usable(sheet, raw, what)
        if raw.kind is CellKind.NUMBER:
            date = self._date(raw)
            if date is not None:
                raise self.problem(sheet, raw, f"是日期（{date:%Y-%m-%d}），应为{what}")
            return _shortest(self._finite(sheet, raw, what))
        text = raw.value.strip()
        return self._parse(sheet, cell, text, what) if text else None

    def _parse(self, sheet: str, cell: GridCell, text: str, what: str) -> Decimal:
        # Full-width digits and signs typed with a Chinese input method read as digits.
        normal = unicodedata.normalize("NFKC", text).replace(" ", "")
        if not _AMOUNT.match(normal):
            raise self.problem(sheet, cell, f"{what}“{shown(text)}”不是数字")
        try:
            number = Decimal(normal.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            raise self.problem(sheet, cell, f"{what}“{shown(text)}”不是数字") from None
        return number

    def money(self, sheet: str, cell: GridCell | None, allow_negative: bool = False,
              places: int = 2) -> Decimal | None:
        """An amount with at most ``places`` decimals (元 or 万元 as the form's label says);
        two are kept whatever fewer the cell has."""
        if cell is None:
            return None
        number = self._number(sheet, cell, "金额")
        if number is None:
            return None
        text = _plain(number)
        if number < 0 and not allow_negative:
            raise self.problem(sheet, cell, f"金额“{shown(text)}”不能为负数")
        if _decimals(number) > places:
            raise self.problem(sheet, cell, f"金额“{shown(text)}”超过两位小数（请四舍五入到分）"
                               if places == 2 else f"金额“{shown(text)}”超过 {places} 位小数")
        if number != 0 and number.adjusted() >= _MAX_INTEGER_DIGITS:
            raise self.problem(sheet, cell, f"金额“{shown(text)}”过大")
        return number.quantize(CENT) if _decimals(number) <= 2 else number

    def score(self, sheet: str, cell: GridCell | None, empty: tuple[str, ...] = ()
              ) -> Decimal | None:
        """A score or weight: 0–100 with at most two decimals; ``empty`` texts mean none ("/")."""
        if cell is None:
            return None
        raw = cell.raw
        if raw is not None and raw.kind is CellKind.TEXT and raw.value.strip() in empty:
            return None
        number = self._number(sheet, cell, "分数")
        if number is None:
            return None
        text = _plain(number)
        if not 0 <= number <= 100:
            raise self.problem(sheet, cell, f"分数“{shown(text)}”应在 0 到 100 之间")
        if _decimals(number) > 2:
            raise self.problem(sheet, cell, f"分数“{shown(text)}”超过两位小数")
        return number

    def percent(self, sheet: str, cell: GridCell | None) -> Decimal | None:
        """A percentage as printed ("50%", or a number formatted as a percentage)."""
        if cell is None:
            return None
        raw = cell.raw
        if raw is not None and raw.kind is CellKind.NUMBER and \
                self.workbook.style(raw).is_percent and len(cell.pieces) == 1:
            self._usable(sheet, raw, "百分比")
            number = _plain_decimal(_shortest(self._finite(sheet, raw, "百分比")) * 100)
        else:
            text = self.text(sheet, cell).strip()
            if not text:
                return None
            normal = unicodedata.normalize("NFKC", text).replace(" ", "").removesuffix("%")
            number = self._parse(sheet, cell, normal, "百分比")  # as typed: "50.50" stays
        if _decimals(number) > 2 or abs(number) >= 100_000:
            raise self.problem(sheet, cell, f"百分比“{shown(_plain(number))}”超过两位小数或过大")
        return number

    def year(self, sheet: str, cell: GridCell | None) -> int | None:
        if cell is None:
            return None
        raw = cell.raw
        if raw is not None and raw.kind is CellKind.NUMBER and self._date(raw) is None:
            number = self._number(sheet, cell, "年度")
            text = _plain(number) if number is not None else ""
        else:
            text = self.text(sheet, cell).strip()
        if not text:
            return None
        match = _YEAR.match(unicodedata.normalize("NFKC", text))
        if not match or not 1949 <= int(match.group(1)) <= 2200:
            raise self.problem(sheet, cell, f"年度“{shown(text)}”无效，应为四位年份，如 2025")
        return int(match.group(1))


def _epoch(date1904: bool) -> datetime.datetime:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

    return CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900


def _shortest(number: float) -> Decimal:
    """The decimal a spreadsheet number stands for: the shortest one that gives its double back,
    or, when that has more than two decimals, the 15 significant digits Excel shows."""
    exact = Decimal(repr(number))
    if _decimals(exact) <= 2:
        return exact
    shown_digits = Decimal(format(number, ".15g"))
    return shown_digits if _decimals(shown_digits) <= 2 else exact


def _decimals(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _plain_decimal(number: Decimal) -> Decimal:
    # Enough digits for any double (1.8e308): the default 28 would refuse to write 1e29 out.
    with localcontext() as context:
        context.prec = 400
        return number.quantize(Decimal(1)) if number == number.to_integral_value() \
            else number.normalize()


def _plain(number: Decimal) -> str:
    """Digits without exponent or trailing zeros: 100, 0.95, 0.00001."""
    return format(_plain_decimal(number), "f")
