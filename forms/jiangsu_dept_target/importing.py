"""Reading a 江苏 市级部门整体预算绩效目标表 workbook: our export, or one typed to the form as
苏州 publishes it. Blocks in the form's order; docs/import.md."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.importing.blocks import Block, Indicators, Match, Value
from app.importing.definition import ImportDefinition, SheetImport
from app.importing.fields import Numbered, Prefixed, Text, Year
from app.importing.funds import MoneyRows, fund_source_name, label_rows, standard_order
from app.importing.grid import GridCell
from app.importing.labels import match_label
from app.model import BudgetLine, ExpenseAmount, FundLine
from app.money import Unit

if TYPE_CHECKING:
    from app.importing.reader import SheetReader


@dataclass(frozen=True)
class FundsTable(Block):
    """部门整体资金（万元）: 收入 (资金总额, 财政拨款 小计 and the sources it spans, the other
    sources) and 支出 (基本支出, 项目支出 and the items, each with 半年计划执行数 and 全年预算数).
    Fund source names are kept as typed; one typed another way is matched to the model's."""

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
        found = label_rows(reader, self.label, self.required)
        if found is None:
            return
        block, groups, rows = found
        money = MoneyRows(reader)
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
                    income.append(FundLine(name=fund_source_name(name),
                                           amount=money.money(amount_cell),
                                           appropriation=grouped))
        reader.assign(f"{path}.total", total, block)
        reader.assign(f"{path}.appropriation", appropriation, block)
        reader.assign(f"{path}.income", standard_order(income), block)
        self._expense(reader, money, expense_rows, section_column, block)

    def _expense(self, reader: "SheetReader", money: MoneyRows, rows: list[int],
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


IMPORT = ImportDefinition(sheets=(SheetImport(name="绩效目标表", blocks=(
    Match(r"(.*)市级部门整体预算绩效目标表", (Text("region"),), name="标题“…市级部门整体预算绩效目标表”"),
    Match(r"(\d{4})年度", (Year("year"),), name="年度（如“2024年度”）", required=False),
    Value("单位名称", Text("unit_name")),
    Value("单位主要职能", Numbered("department.functions", "（一）",
                                     lead_in="department.functions_lead_in")),
    Value("机构设置及人员配置", Prefixed((("机构设置：", "department.organization"),
                                       ("人员配置：", "department.staffing")))),
    FundsTable(),
    Value("中长期目标", Text("department.long_term_goal")),
    Value("年度目标", Text("department.annual_goal")),
    Indicators("decision_process"),
    Indicators("duty"),
    Indicators("benefit"),
)),))
