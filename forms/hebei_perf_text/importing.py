"""Reading a 河北 绩效文本 workbook: one 绩效目标表 sheet per project (the narrative parts are in
the Word file only). docs/import.md."""
from __future__ import annotations

from app.importing.blocks import Indicators, Match, Value
from app.importing.definition import ImportDefinition, SheetImport
from app.importing.fields import Money, Percent, Text

IMPORT = ImportDefinition(projects=SheetImport(blocks=(
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
)))
