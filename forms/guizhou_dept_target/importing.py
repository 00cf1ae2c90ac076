"""Reading a 贵州 预算绩效目标表 workbook: the 部门整体 sheet and one sheet per project (our
export, or one typed to the form as 六盘水 publishes it). docs/import.md."""
from __future__ import annotations

from dataclasses import dataclass

from app.importing.blocks import Block, Column, Indicators, Match, Records, Value
from app.importing.definition import ImportDefinition, SheetImport
from app.importing.fields import Money, Numbered, Period, Text, Year, number_label
from app.importing.funds import MoneyRows, label_rows
from app.importing.labels import match_label, shown_label
from app.importing.problems import CellError
from app.model import BudgetLine, ExpenseAmount, ScheduleItem
from app.money import Unit


@dataclass(frozen=True)
class GoalRows(Block):
    """部门(单位)绩效目标: the overall goal in the first row (left out when it is empty and
    numbered goals follow), then one numbered goal per row ("1 …", "2 …")."""

    label: str = "部门(单位)绩效目标"
    goal: str = "department.annual_goal"
    items: str = "department.goal_items"
    numbering: str = "1 "

    def anchors(self, template):
        return (self.label,)

    def read(self, reader):
        found = reader.find_label(self.label)
        if found is None:
            return
        label, _ = found
        reader.move_past(label.last_row)
        cells = reader.beside(label)
        try:
            texts = [reader.text(cell) for cell in cells]
        except CellError as error:
            reader.refuse(error)
            return
        # The numbered goals are the last rows, numbered 1, 2, … in turn.
        count = next(k for k in range(len(texts), -1, -1)
                     if all(texts[len(texts) - k + i].startswith(number_label(i + 1, self.numbering))
                            for i in range(k)))
        heads, numbered = texts[:len(texts) - count], texts[len(texts) - count:]
        if len(heads) > 1:
            reader.warn("目标的前几行没有编号，已合并为部门(单位)绩效目标，请核对", cells[1])
        reader.assign(self.goal, "\n".join(heads), label)
        reader.assign(self.items, [text[len(number_label(i, self.numbering)):]
                                   for i, text in enumerate(numbered, 1)], label)


@dataclass(frozen=True)
class ExpenseBudget(Block):
    """支出预算(本级): a 名称 and a 预算金额 column, the rows 基本支出, 项目支出, the items and 资金总额
    last; 全年 only."""

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
        found = label_rows(reader, self.label, self.required)
        if found is None:
            return
        block, _, rows = found
        money = MoneyRows(reader)
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


COVER = SheetImport(name="封面", required=False, blocks=(
    Match(r"经办人：(.*)", (Text("contact_person"),), required=False),
    Match(r"联系电话（办公座机号）：(.*)", (Text("contact_phone"),), required=False),
))

IMPORT = ImportDefinition(
    sheets=(COVER, SheetImport(name="部门整体", blocks=(
        Match(r"(?:.*?)(\d{4})年部门整体支出绩效目标表", (Year("year"),),
              name="标题“…年部门整体支出绩效目标表”", required=False),
        # Workbooks exported before the form was checked against seed 004 print （盖章） here.
        Match(r"编制单位(?:（盖章）)?：(.*)", (Text("compiled_by"),), required=False),
        Value("部门(单位)名称", Text("unit_name")),
        Value("部门(单位)职能描述", Numbered("department.functions", "1. ",
                                                lead_in="department.functions_lead_in")),
        ExpenseBudget(),
        GoalRows(),
        Value("组织机构", Text("department.safeguards.organization")),
        Value("相关管理制度", Text("department.safeguards.rules")),
        # 计划1, 计划2 …; the form prints one empty row when there is no plan.
        Records("department.stage_plans", str, (Column(None, Text("number")),
                                                Column(None, Text("plan"))),
                label="部门（单位）目标阶段性计划", blank_row=True, item_field="plan"),
        Indicators("department"),
    )),),
    projects=SheetImport(blocks=(
        Match(r"（(\d{4})年度）", (Year("document.year"),), required=False),
        Match(r"编制单位（盖章）：(.*)", (Text("document.compiled_by"),), required=False),
        Value("项目名称", Text("name")),
        Value("项目负责人", Text("lead")),
        Value("联系电话", Text("phone")),
        Value("项目类别", Text("category")),
        Value("项目属性", Text("continuity")),
        Value("项目计划实施时间", Period("planned_period.start", "planned_period.end", "至")),
        Value("预算资金（{unit}）", Money("budget_amount", unit="budget_unit")),
        Value("资金性质", Text("fund_type")),
        Value("年度目标", Text("annual_goal")),
        Records("schedule", ScheduleItem, (Column(None, Period("start", "end", " 至 ")),
                                           Column(None, Text("work"))),
                label="本年度实施计划", blank_row=True),
        Value("组织机构", Text("safeguards.organization")),
        Value("管理制度", Text("safeguards.rules")),
        Indicators(label="绩效目标情况"),
    )),
)
