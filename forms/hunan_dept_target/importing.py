"""Reading a 湖南 部门(单位)整体绩效目标表 workbook (our export, or one typed to the form)."""
from __future__ import annotations

from app.importing.blocks import Indicators, Match, Value
from app.importing.definition import ImportDefinition, SheetImport
from app.importing.fields import Numbered, Text, Year

IMPORT = ImportDefinition(sheets=(SheetImport(name="整体绩效目标表", blocks=(
    Match(r"(?:.*?)(\d{4})年度整体绩效目标表", (Year("year"),),
          name="标题“…年度整体绩效目标表”", required=False),
    Value("部门(单位)名称", Text("unit_name")),
    # One duty prints unnumbered; several "1. …" one per line.
    Value("部门(单位)职责", Numbered("department.functions", "1. ", "\n", single_unnumbered=True,
                                       lead_in="department.functions_lead_in")),
    Value("年度总体绩效目标", Text("department.overall_goal")),
    Indicators("performance"),
)),))
