"""Reading a 贵州 预算绩效目标表 workbook: the 部门整体 sheet and one sheet per project (our
export, or one typed to the form as 六盘水 publishes it). docs/import.md."""
from __future__ import annotations

from dataclasses import dataclass

from app.importing.blocks import Block, Column, Indicators, Match, Records, Value
from app.importing.definition import ImportDefinition, SheetImport
from app.importing.fields import Money, Numbered, Period, Text, Year, number_label
from app.importing.funds import ExpenseBudget
from app.importing.problems import CellError
from app.model import ScheduleItem


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


IMPORT = ImportDefinition(
    sheets=(SheetImport(name="部门整体", blocks=(
        Match(r"(?:.*?)(\d{4})年部门整体支出绩效目标表", (Year("year"),),
              name="标题“…年部门整体支出绩效目标表”", required=False),
        Match(r"编制单位（盖章）：(.*)", (Text("compiled_by"),), required=False),
        Value("部门(单位)名称", Text("unit_name")),
        Value("部门(单位)职能描述", Numbered("department.functions", "1. ")),
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
        Indicators(),
    )),
)
