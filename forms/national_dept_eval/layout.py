"""The national 部门整体支出绩效自评表 on paper: the national 自评表 (one landscape form, one Word
section, one Excel sheet; ``forms._common.national_eval.layout.evaluation_part``) with 部门（单位）名称 at
its head and 年度预算执行情况 as its money block."""
from __future__ import annotations

from app.export.blocks import label
from app.export.layout import Cell, PrintLayout
from app.model import TargetDocument
from app.templates import Template
from forms._common.national_eval.layout import VALUE, evaluation_part


def build_layout(document: TargetDocument, template: Template) -> PrintLayout:
    department = document.department
    spec = template.indicator_tables[0]
    table = department.table(spec.key)
    head = [[label("部门（单位）名称"), Cell(document.unit_name, colspan=VALUE)]]
    part = evaluation_part(template.title_for(document), head, "年度预算执行情况",
                           department.evaluation, department.annual_goal,
                           table.rows if table else [], spec, template,
                           sheet=template.form_name)
    return PrintLayout(form_name=template.form_name, parts=[part])
