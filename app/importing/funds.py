"""The money tables of a department (``DepartmentFunds``), read by their printed labels.

``FundsTable``: 江苏's 部门整体资金 — 收入 (资金总额, 财政拨款 小计 and the sources it spans,
the other sources) and 支出 (基本支出, 项目支出 and the items, each with 半年计划执行数 and 全年预算数).
``ExpenseBudget``: 贵州's 支出预算(本级) — 基本支出, 项目支出, the items and 资金总额, 全年 only.
Fund source names are kept as typed; one typed another way (a line break, full-width
brackets) is matched to the model's name (``FundSource``).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from app.importing.blocks import Block
from app.importing.grid import GridCell
from app.importing.labels import match_label, same_choice, shown_label
from app.importing.problems import CellError
from app.model import BudgetLine, ExpenseAmount, FundLine, FundSource
from app.money import Unit

if TYPE_CHECKING:
    from app.importing.reader import SheetReader


def _source_name(text: str) -> str:
    if text in FundSource._value2member_map_:
        return text
    return next((s.value for s in FundSource if same_choice(text, s.value)), text)


def standard_order(lines: list[FundLine]) -> list[FundLine]:
    """The form prints the 财政拨款 sources first; a document lists the sources in their own
    order (as a new document does): lines named as a source go back to that order, any other
    line follows them as printed."""
    order = {source.value: index for index, source in enumerate(FundSource)}
    return [line for _, line in sorted(
        enumerate(lines), key=lambda item: (0, order[item[1].name], item[0])
        if item[1].name in order else (1, 0, item[0]))]


class _MoneyRows:
    """Helpers shared by the two tables: the rows a block label spans, a cell's text, amounts."""

    def __init__(self, reader: "SheetReader") -> None:
        self.reader = reader

    def text(self, cell: GridCell | None) -> str:
        try:
            return self.reader.text(cell)
        except CellError as error:
            self.reader.refuse(error)
            return ""

    def money(self, cell: GridCell | None) -> Decimal | None:
        try:
            return self.reader.cells.money(self.reader.sheet, cell)
        except CellError as error:
            self.reader.refuse(error)
            return None

    def label(self, row: int, column: int) -> str:
        cell = self.reader.grid.at(row, column)
        text = self.reader.label_text(cell) if cell is not None else None
        return text or ""

    def find_in(self, rows: list[int], label: str, first: int) -> tuple[int, GridCell] | None:
        for row in rows:
            for cell in self.reader.grid.anchored(row):
                text = self.reader.label_text(cell)
                if cell.column >= first and text and match_label(label, text) is not None:
                    return row, cell
        return None


def _spanned(reader: "SheetReader", label: str, required: bool
             ) -> tuple[GridCell, dict[str, str], list[int]] | None:
    found = reader.find_label(label, required)
    if found is None:
        return None
    cell, groups = found
    rows = [r for r in reader.grid.rows if cell.row <= r <= cell.last_row]
    reader.move_past(cell.last_row)
    return cell, groups, rows


@dataclass(frozen=True)
class FundsTable(Block):
    label: str = "部门整体资金（{unit}）"
    income: str = "收入"
    expense: str = "支出"
    total: str = "资金总额"
    appropriation_group: str = "财政拨款"
    appropriation: str = "小计"
    full_year: str = "全年预算数"
    half_year: str = "半年计划执行数"
    basic: str = "基本支出"
    project: str = "项目支出"
    path: str = "department.funds"
    required: bool = True

    def anchors(self, template):
        return (self.label,)

    def read(self, reader):
        found = _spanned(reader, self.label, self.required)
        if found is None:
            return
        block, groups, rows = found
        money = _MoneyRows(reader)
        section_column = block.last_column + 1
        income_rows = [r for r in rows if match_label(self.income, money.label(r, section_column))
                       is not None]
        expense_rows = [r for r in rows if match_label(self.expense,
                                                       money.label(r, section_column)) is not None]
        path = self.path
        if "unit" in groups:
            reader.assign(f"{path}.unit", Unit(groups["unit"]), block)
        total = appropriation = None
        seen_total = seen_appropriation = False
        income: list[FundLine] = []
        header = money.find_in(income_rows, self.full_year, section_column)
        if income_rows and header is None:
            reader.problem(f"“收入”部分找不到“{self.full_year}”", row=income_rows[0])
        if header is not None:
            amount_column = header[1].column
            for row in income_rows:
                if row <= header[0]:
                    continue
                name_cell = reader.grid.at(row, amount_column - 1)
                name = money.text(name_cell)
                amount_cell = reader.grid.at(row, amount_column)
                group = reader.grid.at(row, section_column + 1)
                grouped = group is not None and group is not name_cell and match_label(
                    self.appropriation_group, reader.label_text(group) or "") is not None
                if not seen_total and not income and match_label(self.total, name) is not None:
                    total, seen_total = money.money(amount_cell), True
                elif grouped and not seen_appropriation and \
                        match_label(self.appropriation, name) is not None:
                    appropriation, seen_appropriation = money.money(amount_cell), True
                else:
                    income.append(FundLine(name=_source_name(name), amount=money.money(amount_cell),
                                           appropriation=grouped))
        reader.assign(f"{path}.total", total, block)
        reader.assign(f"{path}.appropriation", appropriation, block)
        reader.assign(f"{path}.income", standard_order(income), block)
        self._expense(reader, money, expense_rows, section_column, block)

    def _expense(self, reader: "SheetReader", money: _MoneyRows, rows: list[int],
                 section_column: int, block: GridCell) -> None:
        path = self.path
        half = money.find_in(rows, self.half_year, section_column)
        full = money.find_in(rows, self.full_year, section_column)
        if rows and (half is None or full is None):
            reader.problem(f"“支出”部分找不到“{self.half_year}”和“{self.full_year}”",
                           row=rows[0])
            return
        if not rows:
            return
        assert half is not None and full is not None  # else reported above
        lines = []
        for row in rows:
            if row <= max(half[0], full[0]):
                continue
            name = money.text(reader.grid.at(row, half[1].column - 1))
            lines.append((name, money.money(reader.grid.at(row, half[1].column)),
                          money.money(reader.grid.at(row, full[1].column))))
        basic = project = ExpenseAmount()
        if lines and match_label(self.basic, lines[0][0]) is not None:
            basic = ExpenseAmount(half_year=lines[0][1], full_year=lines[0][2])
            lines = lines[1:]
            if lines and match_label(self.project, lines[0][0]) is not None:
                project = ExpenseAmount(half_year=lines[0][1], full_year=lines[0][2])
                lines = lines[1:]
        reader.assign(f"{path}.basic_expense", basic, block)
        reader.assign(f"{path}.project_expense", project, block)
        reader.assign(f"{path}.expense_items",
                      [BudgetLine(name=n, half_year=h, full_year=f) for n, h, f in lines], block)


@dataclass(frozen=True)
class ExpenseBudget(Block):
    label: str = "支出预算(本级)"
    name: str = "名称"
    amount: str = "{year}年度预算金额({unit})"
    total: str = "资金总额({unit})"
    basic: str = "基本支出"
    project: str = "项目支出"
    path: str = "department.funds"
    required: bool = True

    def anchors(self, template):
        return (self.label,)

    def read(self, reader):
        found = _spanned(reader, self.label, self.required)
        if found is None:
            return
        block, _, rows = found
        money = _MoneyRows(reader)
        name_header = money.find_in(rows, self.name, block.last_column + 1)
        amount_header = money.find_in(rows, self.amount, block.last_column + 1)
        if name_header is None or amount_header is None:
            reader.problem(f"“{shown_label(self.label)}”找不到表头“{self.name}”和“预算金额”",
                           row=rows[0] if rows else None)
            return
        groups = match_label(self.amount, reader.label_text(amount_header[1]) or "") or {}
        path = self.path
        if "unit" in groups:
            reader.assign(f"{path}.unit", Unit(groups["unit"]), amount_header[1])
        lines, total = [], None
        for row in rows:
            if row <= amount_header[0]:
                continue
            name = money.text(reader.grid.at(row, name_header[1].column))
            amount = money.money(reader.grid.at(row, amount_header[1].column))
            if row == rows[-1] and match_label(self.total, name) is not None:
                total = amount
            else:
                lines.append((name, amount))
        basic = project = ExpenseAmount()
        if lines and match_label(self.basic, lines[0][0]) is not None:
            basic, lines = ExpenseAmount(full_year=lines[0][1]), lines[1:]
            if lines and match_label(self.project, lines[0][0]) is not None:
                project, lines = ExpenseAmount(full_year=lines[0][1]), lines[1:]
        reader.assign(f"{path}.basic_expense", basic, block)
        reader.assign(f"{path}.project_expense", project, block)
        reader.assign(f"{path}.expense_items",
                      [BudgetLine(name=n, full_year=a) for n, a in lines], block)
        reader.assign(f"{path}.total", total, block)
