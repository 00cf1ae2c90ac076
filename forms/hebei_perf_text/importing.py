"""Reading a 河北 绩效文本: one 绩效目标表 per project (a workbook's sheets, a Word file's
tables), and from a Word file its narrative parts too, by their printed headings (第一部分's
总体绩效目标, 分项绩效目标, 工作保障措施; 第二部分's 专项资金绩效目标). docs/import.md."""
from __future__ import annotations

import re

from app.importing.blocks import Indicators, Match, Value
from app.importing.definition import ImportDefinition, SheetImport
from app.importing.fields import Money, Percent, Text, Year
from app.importing.narrative import chapters, joined, sub_goals
from app.importing.problems import ImportProblem
from app.model import TargetDocument

_TITLE = re.compile(r"(.*?)(\d{4})年绩效文本\s*")  # spaces before the unit are the unit's
_HEADINGS = {"第一部分", "部门整体绩效目标", "总体绩效目标", "分项绩效目标", "工作保障措施",
             "第二部分", "专项资金绩效目标"}
_END = {"第三部分", "预算项目绩效目标"}
NOTHING = "无"  # what the form prints for an empty 专项资金 text


def read_narrative(document: TargetDocument, paragraphs: list[str]) -> list[ImportProblem]:
    found = chapters(paragraphs, _HEADINGS, _END)
    title = next((m for m in map(_TITLE.fullmatch, found.texts[""]) if m), None)
    if title is not None:
        document.unit_name = title.group(1)
        document.year = int(title.group(2))
    department = document.department
    goal = found.body("总体绩效目标")
    if goal is not None:
        department.overall_goal = goal
    listed = found.items("分项绩效目标")
    if listed is not None:
        department.sub_goals = sub_goals(listed[1])
    measures = found.items("工作保障措施")
    if measures is not None:
        department.measures_lead_in = measures[0]
        department.measures = [joined(t, lines) for t, lines in measures[1]]
    funds = found.body("专项资金绩效目标")
    if funds is not None:
        document.special_funds = "" if funds == NOTHING else funds
    missing = [h for h in ("总体绩效目标", "分项绩效目标", "工作保障措施", "专项资金绩效目标")
               if h not in found.found]
    if not missing:
        return []
    return [ImportProblem(f"文档中没有标题“{'”“'.join(missing)}”，这些内容未导入，"
                          "仍为新建文档的内容，请核对")]


_PROJECT = SheetImport(blocks=(
    Match(r"编制单位：(.*)", (Text("document.compiled_by"),), required=False),
    Value("项目名称", Text("name")),
    Value("实施单位", Text("implementing_unit")),
    Value("年度申请资金额度（{unit}）", Money("budget_amount", unit="budget_unit")),
    Value("3月底", Percent("spending_plan.march"), below=True),
    Value("6月底", Percent("spending_plan.june"), below=True),
    Value("10月底", Percent("spending_plan.october"), below=True),
    Value("12月底", Percent("spending_plan.december"), below=True),
    Value("年度目标", Text("annual_goal"), below=True),
    Indicators(label="绩效指标"),
))

# A Word file has the cover too: its title states the unit and the year, which the workbook's
# project sheets do not (so its import says they were taken from 编制单位 or guessed).
_COVER = SheetImport(name="封面", required=False, blocks=(
    Match(_TITLE.pattern, (Text("unit_name"), Year("year")), name="标题“…年绩效文本”"),))

IMPORT = ImportDefinition(projects=_PROJECT,
                          word=ImportDefinition(sheets=(_COVER,), projects=_PROJECT,
                                                narrative=read_narrative))
