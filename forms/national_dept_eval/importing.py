"""Reading a national 部门整体支出绩效自评表 workbook: its one sheet, the national 自评表
(``forms._common.national_eval.importing``) with 部门（单位）名称 at its head and 年度预算执行情况 as its
money block. docs/import.md."""
from __future__ import annotations

from app.importing.blocks import Value
from app.importing.definition import ImportDefinition, SheetImport
from app.importing.fields import Text
from forms._common.national_eval.importing import sheet_blocks

IMPORT = ImportDefinition(sheets=(SheetImport(name="部门整体支出绩效自评表", blocks=sheet_blocks(
    "部门整体支出绩效自评表", "year", (Value("部门（单位）名称", Text("unit_name")),),
    "年度预算执行情况（{unit}）", "department.evaluation", "department.annual_goal",
    "department")),))
