"""Reading a 四川 部门预算项目支出绩效自评表 workbook: one sheet per project (our export, or
one typed to the form as the province's system prints it). docs/import.md."""
from __future__ import annotations

from app.importing.blocks import Column, Indicators, Match, Records, Value
from app.importing.definition import ImportDefinition, SheetImport
from app.importing.fields import Money, Score, Skip, Text, Year
from app.model import ExecutionLine
from forms.sichuan_project_eval.layout import (CONCLUSION_PROMPT, GOAL_PROMPT,
                                               IMPROVEMENTS_PROMPT, PROBLEMS_PROMPT,
                                               split_reasons)

_NONE = ("/",)  # 权重 and 得分 of the sub-lines


def _reasons(text: str, records: list[dict]) -> list[str] | None:
    return split_reasons(text, [str(record.get("name", "")) for record in records])


IMPORT = ImportDefinition(projects=SheetImport(blocks=(
    Match(r"部门预算项目支出绩效自评表（(\d{4})?年度）", (Year("document.year"),),
          name="标题“部门预算项目支出绩效自评表（…年度）”"),
    Value("项目名称", Text("name")),
    Value("主管部门", Text("document.unit_name")),
    Value("实施单位（盖章）", Text("implementing_unit")),
    Value("项目年度目标", Text("annual_goal"), below=True),
    Value("年度目标完成情况", Text("evaluation.goal_achievement", (GOAL_PROMPT,)), below=True),
    Value("2.项目实施内容及过程概述", Text("evaluation.process")),
    Records("evaluation.execution", ExecutionLine, (
        Column("年度预算数（{unit}）", Text("name"), table_unit="evaluation.unit"),
        Column("年初预算", Money("initial")),
        Column("调整后预算数", Money("adjusted")),
        Column("预算执行数", Money("executed")),
        Column("预算执行率", Skip()),  # computed from the figures, never stored
        Column("权重", Score("weight", _NONE)),
        Column("得分", Score("score", _NONE)),
        Column("原因", Text("reason"), merged=_reasons),
    ), beside="预算执行情况（10分）", placeholder_spans=True),
    Indicators(label="绩效指标（90分）"),
    Value("评价结论", Text("evaluation.conclusion", (CONCLUSION_PROMPT,))),
    Value("存在问题", Text("evaluation.problems", (PROBLEMS_PROMPT,))),
    Value("改进措施", Text("evaluation.improvements", (IMPROVEMENTS_PROMPT,))),
    Match(r"项目负责人：(.*)", (Text("lead"),), name="“项目负责人：”"),
    Match(r"财务负责人：(.*)", (Text("evaluation.finance_lead"),), name="“财务负责人：”"),
)))
