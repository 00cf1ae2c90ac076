"""黄石市项目支出绩效监控表 on paper: one portrait form per project, each its own Word section
and Excel sheet, as the published 申遗经费 form prints it.

Grid (7 columns): the block labels (项目名称, 项目资金, 绩效指标 …) in the first, then the 绩效指标
columns 一级指标 | 指标名称 | 指标值 | 半年度指标执行情况 | 完成目标可能性 | 备注; the money block lays
its row labels over three columns and its 年初预算数 | 1-6月执行数 | 全年预计执行数 over the last
three. The indicators are a table of their own so their header repeats on every page. The form
prints no signature lines: 项目单位(盖章) over the form is where the stamp goes.
"""
from __future__ import annotations

from app.boxes import box_specs
from app.export.blocks import header_row, indicator_rows, label
from app.export.boxes import box_text, money_table_rows
from app.export.layout import Align, Block, Cell, Paragraph, Part, PrintLayout, Style, Table
from app.model import Project, TargetDocument
from app.templates import FieldSpec, Template

COLUMNS = (1.35, 1.0, 1.6, 1.6, 1.6, 1.5, 1.0)
VALUE = len(COLUMNS) - 1  # a value right of its block label
NOTES = (
    "注:1.完成目标可能性:对应所设定的实现绩效目标的路径,分确定能、有可能、不可能三级综合判断完成的可能性。",
    "2.如“完成目标可能性”出现“有可能”、“不可能”选项,请分别在“偏差或不能完成目标原因分析”与“相关建议或举措”"
    "栏填写从相关原因及拟采取的措施",
    "3.偏差或不能完成目标原因分析:针对与预期目标产生偏差的指标值,根据实际情况从规划和目标设计、投入保障、制度保障、"
    "项目管理等方面进行判断和分析,并说明原因。",
)


def build_layout(document: TargetDocument, template: Template) -> PrintLayout:
    # A document without projects still prints one blank form (and gives the files a page).
    projects = document.projects or [
        template.new_project("", document.year) if template.new_project else Project()]
    boxes = box_specs(template, project=True)
    parts = [_form(document, template, project, boxes, n) for n, project in enumerate(projects, 1)]
    return PrintLayout(form_name=template.form_name, parts=parts)


def title(document: TargetDocument, template: Template, project: Project,
          boxes: dict[str, FieldSpec]) -> str:
    tag = box_text(project, boxes["title_tag"])
    return template.title_for(document) + (f"({tag})" if tag else "")


def _form(document: TargetDocument, template: Template, project: Project,
          boxes: dict[str, FieldSpec], n: int) -> Part:
    year = f"{document.year}" if document.year is not None else ""
    blocks: list[Block] = [
        Paragraph(title(document, template, project, boxes), Style.TITLE),
        Paragraph(f"({year}年度)", Style.SUBTITLE),
        Paragraph("项目单位(盖章):", Style.PLAIN, Align.LEFT),
        Paragraph("单位:万元", Style.PLAIN, Align.RIGHT),
        Table(_basic_rows(document, project, boxes)),
        _indicator_table(project, template),
        Table([[label(boxes[key].label), Cell(box_text(project, boxes[key]), colspan=VALUE)]
               for key in ("deviation", "advice")]),
        *(Paragraph(note, Style.PLAIN, Align.LEFT) for note in NOTES),
    ]
    return Part(blocks, columns=COLUMNS, sheet=f"{n} {project.name}"[:31].rstrip())


def _basic_rows(document: TargetDocument, project: Project,
                boxes: dict[str, FieldSpec]) -> list[list[Cell]]:
    funds = money_table_rows(project, boxes["funds"], label_span=3)
    funds[0].insert(0, label("项目资金\n(万元)", rowspan=len(funds)))
    return [
        [label("项目名称"), Cell(project.name, colspan=VALUE)],
        [label("主管部门"), Cell(document.unit_name, colspan=2), label("项目执行单位", colspan=2),
         Cell(project.implementing_unit, colspan=2)],
        [label("项目属性"), Cell(box_text(project, boxes["attribute"]), colspan=VALUE)],
        [label("项目类型", rowspan=2), Cell(box_text(project, boxes["term"]), colspan=VALUE)],
        [Cell(box_text(project, boxes["channel"]), colspan=VALUE)],
        *funds,
    ]


def _indicator_table(project: Project, template: Template) -> Table:
    spec = template.project_indicators
    columns = spec.columns if spec else ()
    body = indicator_rows(project.indicators, columns)
    return Table([[label("绩效指标", rowspan=1 + len(body)), *header_row(columns)], *body],
                 header_rows=1)
