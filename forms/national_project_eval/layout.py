"""The national 项目支出绩效自评表 on paper: one 自评表 per project (``forms._common.national_eval.layout``),
each its own Word section and Excel sheet, with 项目名称, 主管部门 and 实施单位 at its head and
项目资金 as its money block."""
from __future__ import annotations

from app.export.blocks import label
from app.export.layout import Cell, Part, PrintLayout
from app.model import Project, TargetDocument
from app.templates import Template
from forms._common.national_eval.layout import VALUE, evaluation_part


def build_layout(document: TargetDocument, template: Template) -> PrintLayout:
    # A document without projects still prints one blank form (and gives the files a page).
    projects = document.projects or [
        template.new_project("", document.year) if template.new_project else Project()]
    parts = [_project(document, template, project, n) for n, project in enumerate(projects, 1)]
    return PrintLayout(form_name=template.form_name, parts=parts)


def _project(document: TargetDocument, template: Template, project: Project, n: int) -> Part:
    head = [
        [label("项目名称"), Cell(project.name, colspan=VALUE)],
        [label("主管部门"), Cell(document.unit_name, colspan=4),
         label("实施单位", colspan=2), Cell(project.implementing_unit, colspan=VALUE - 6)],
    ]
    spec = template.project_indicators
    assert spec is not None
    return evaluation_part(template.title_for(document), head, "项目资金", project.evaluation,
                           project.annual_goal, project.indicators, spec, template,
                           sheet=f"{n} {project.name}")
