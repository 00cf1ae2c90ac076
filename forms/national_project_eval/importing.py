"""Reading a national 项目支出绩效自评表 workbook (财预〔2020〕10号): one sheet per project (our
export, or one typed to the form as the bureaus publish it), the 自评表 sheet's blocks
(``forms._common.national_eval.importing``) under 项目名称, 主管部门 and 实施单位. docs/import.md."""
from __future__ import annotations

from app.importing.blocks import Value
from app.importing.definition import ImportDefinition, SheetImport
from app.importing.fields import Text
from forms._common.national_eval.importing import sheet_blocks

IMPORT = ImportDefinition(projects=SheetImport(blocks=sheet_blocks(
    "项目支出绩效自评表", "document.year",
    (Value("项目名称", Text("name")),
     Value("主管部门", Text("document.unit_name")),
     Value("实施单位", Text("implementing_unit"))),
    "项目资金（{unit}）", "evaluation", "annual_goal", "")))
