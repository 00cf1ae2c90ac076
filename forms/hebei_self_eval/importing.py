"""Reading a 河北 部门整体支出绩效自评报告 workbook: its 自评数据 sheet (the report itself is
narrative, in the Word file; the 收支预决算 figures are in its sentences only). docs/import.md."""
from __future__ import annotations

from app.importing.blocks import Column, Match, Records, Value
from app.importing.definition import ImportDefinition, SheetImport
from app.importing.fields import Score, Skip, Text, Year
from app.model import TeamMember


IMPORT = ImportDefinition(sheets=(SheetImport(name="自评数据", blocks=(
    Match(r"(.*?)(\d{4})?年度整体支出绩效自评报告", (Text("unit_name"), Year("year")),
          name="标题“…年度整体支出绩效自评报告”"),
    Value("自评得分", Score("self_evaluation.score")),
    Value("评价等级", Text("self_evaluation.grade")),
    Records("self_evaluation.team", TeamMember, (
        Column("职务", Text("role")), Column("姓名", Text("name")),
        Column("职务/职称", Text("title")), Column("签字", Skip()))),
)),))
