"""Reading a 江苏 市级部门整体预算绩效目标表 workbook: our export, or one typed to the form as
苏州 publishes it. Blocks in the form's order; docs/import.md."""
from __future__ import annotations

from app.importing.blocks import Indicators, Match, Value
from app.importing.definition import ImportDefinition, SheetImport
from app.importing.fields import Numbered, Prefixed, Text, Year
from app.importing.funds import FundsTable

IMPORT = ImportDefinition(sheets=(SheetImport(name="绩效目标表", blocks=(
    Match(r"(.*)市级部门整体预算绩效目标表", (Text("region"),), name="标题“…市级部门整体预算绩效目标表”"),
    Match(r"(\d{4})年度", (Year("year"),), name="年度（如“2024年度”）", required=False),
    Value("单位名称", Text("unit_name")),
    Value("单位主要职能", Numbered("department.functions", "（一）")),
    Value("机构设置及人员配置", Prefixed((("机构设置：", "department.organization"),
                                       ("人员配置：", "department.staffing")))),
    FundsTable(),
    Value("中长期目标", Text("department.long_term_goal")),
    Value("年度目标", Text("department.annual_goal")),
    Indicators("decision_process"),
    Indicators("duty"),
    Indicators("benefit"),
)),))
