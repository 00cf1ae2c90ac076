"""Reading a 黄石市项目支出绩效监控表 workbook (our export, or one typed to the published form):
one sheet per project. The declared boxes are read by their printed labels (app/importing/boxes.py)."""
from __future__ import annotations

from app.importing.blocks import Indicators, Match, Value
from app.importing.boxes import Box, BoxesBeside, BoxTable
from app.importing.definition import ImportDefinition, SheetImport
from app.importing.fields import Text, Year

IMPORT = ImportDefinition(projects=SheetImport(blocks=(
    # The tag after the title as typed (its own spaces kept): "…监控表(申遗)".
    Match(r"\s*黄石市项目支出绩效监控表(?:[(（](.*)[)）])?\s*", (Text("boxes.title_tag"),),
          name="标题“黄石市项目支出绩效监控表”"),
    Match(r"\s*[(（]\s*(\d{4})\s*年度\s*[)）]\s*", (Year("document.year"),),
          name="年度“(…年度)”", required=False),
    Value("项目名称", Text("name")),
    Value("主管部门", Text("document.unit_name")),
    Value("项目执行单位", Text("implementing_unit")),
    Box("attribute"),
    BoxesBeside("项目类型", ("term", "channel")),
    BoxTable("funds"),
    Indicators("", label="绩效指标"),
    Box("deviation"),
    Box("advice"),
)))
