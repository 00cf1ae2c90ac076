"""河北 绩效文本 on paper, section by section as in seed 002 (承德 2023).

Cover and 目录, 第一部分 部门整体绩效目标 (narrative), 第二部分 专项资金绩效目标, then 第三部分 with
one 绩效目标表 per project. Each project is its own part and Excel sheet; the narrative parts are
Word/PDF only. The 绩效目标表 uses a six-column grid: a label column, then 一级 | 二级 | 三级 |
指标值 | 指标值确定依据, over which the 项目名称, 资金 and 支出计划 rows span.
"""
from __future__ import annotations

from decimal import Decimal

from app.export.blocks import (chinese_number, header_row, indicator_rows, label, money_cell,
                               numbered, signature_blocks, template_numbering)
from app.export.layout import (Align, Cell, Paragraph, Part, PrintLayout, Style, Table,
                               TableOfContents)
from app.model import Project, SpendingPlan, TargetDocument
from app.templates import Template

# 项目名称/资金 labels | 一级 | 二级 | 三级 | 指标值 | 指标值确定依据
COLUMNS = (1.7, 1.3, 1.8, 2.4, 1.7, 2.4)
VALUES = 5  # grid columns right of the label column
REVIEWER = "河北省财政厅审核"  # fixed wording of the seed's cover
SUB_GOAL_NUMBERING = "（一）"  # 分项绩效目标 headings; the field has no numbering of its own
CHECKPOINTS = (("3月底", "march"), ("6月底", "june"), ("10月底", "october"),
               ("12月底", "december"))
CHECKPOINT_SPANS = (1, 1, 1, 2)  # the last checkpoint takes the 依据 column too


def build_layout(document: TargetDocument, template: Template) -> PrintLayout:
    parts = [
        Part(_cover(document, template)),
        # The 目录 opens 第一部分's part: it ends with its own page break.
        Part([TableOfContents(), *_department_goals(document, template)]),
        Part(_special_funds(document.special_funds)),
    ]
    part3 = [_heading("第三部分", "part3"), _heading("预算项目绩效目标", "part3-title")]
    if not document.projects:
        parts.append(Part(part3))
    for n, project in enumerate(document.projects, 1):
        # 第三部分's headings share the first project's page, as in the seed.
        lead = part3 if n == 1 else []
        parts.append(Part([*lead, *_project_form(n, project, document, template)],
                          columns=COLUMNS, sheet=f"{n} {project.name}"))
    return PrintLayout(form_name=template.form_name, parts=parts)


def _heading(text: str, anchor: str, style: Style = Style.HEADING1) -> Paragraph:
    # Part headings are centred like the seed's "第一部分 / 2023年部门整体绩效目标".
    return Paragraph(text, style, align=Align.CENTER, anchor=anchor)


def _cover(document: TargetDocument, template: Template) -> list[Paragraph]:
    return [
        Paragraph(template.title_for(document), Style.TITLE),
        Paragraph(f"{document.compiled_by}编制", Style.PLAIN, align=Align.CENTER),
        Paragraph(REVIEWER, Style.PLAIN, align=Align.CENTER),
    ]


def _department_goals(document: TargetDocument, template: Template) -> list[Paragraph]:
    department = document.department
    year = document.year if document.year is not None else ""
    blocks = [
        _heading("第一部分", "part1"),
        _heading(f"{year}年部门整体绩效目标", "part1-title"),
        Paragraph("一、总体绩效目标", Style.HEADING1, anchor="overall-goal"),
        Paragraph(department.overall_goal),
        Paragraph("二、分项绩效目标", Style.HEADING1, anchor="sub-goals"),
    ]
    for i, goal in enumerate(department.sub_goals, 1):
        blocks += [
            Paragraph(f"{numbered(i, SUB_GOAL_NUMBERING)}{goal.title}", Style.HEADING2,
                      anchor=f"sub-goal-{i}"),
            Paragraph(f"绩效目标：{goal.goal}"),
            Paragraph(f"绩效指标：{goal.indicators}"),
        ]
    blocks.append(Paragraph("三、工作保障措施", Style.HEADING1, anchor="measures"))
    pattern = template_numbering(template, "department.measures")
    if department.measures_lead_in:
        blocks.append(Paragraph(department.measures_lead_in))
    blocks += [Paragraph(f"{numbered(i, pattern)}{measure}")
               for i, measure in enumerate(department.measures, 1)]
    return blocks


def _special_funds(text: str) -> list[Paragraph]:
    return [_heading("第二部分", "part2"), _heading("专项资金绩效目标", "part2-title"),
            Paragraph(text or "无")]


def _project_form(n: int, project: Project, document: TargetDocument,
                  template: Template) -> list:
    return [
        Paragraph(f"{chinese_number(n)}、{project.name}", Style.HEADING1, anchor=f"project-{n}"),
        # Listed in the 目录 under its project, as seed 002 lists each one.
        Paragraph("绩效目标表", Style.SUBTITLE, anchor=f"project-{n}-table"),
        # Each project sheet stands alone in Excel: it names the unit that submits it.
        Paragraph(f"编制单位：{document.compiled_by or document.unit_name}", Style.PLAIN),
        Table(_target_table(project)),
        # The indicators: their header row starts every page the table goes on to.
        Table(_indicator_table(project, template), header_rows=1),
        *signature_blocks(document, template),
    ]


def _target_table(project: Project) -> list[list[Cell]]:
    """项目绩效目标表 rows: basics, 资金, 支出计划, 年度目标 (the indicators follow)."""
    plan = project.spending_plan or SpendingPlan()
    return [
        [label("项目名称"), Cell(project.name, colspan=2), label("实施单位"),
         Cell(project.implementing_unit, colspan=2)],
        [label(f"年度申请资金额度（{project.budget_unit.value}）"),
         money_cell(project.budget_amount, colspan=VALUES)],
        [label("资金支出计划（%）", rowspan=2),
         *(label(name, colspan=span) for (name, _), span in zip(CHECKPOINTS, CHECKPOINT_SPANS))],
        [Cell(_percent(getattr(plan, field)), colspan=span, align=Align.CENTER)
         for (_, field), span in zip(CHECKPOINTS, CHECKPOINT_SPANS)],
        [label("总体目标", rowspan=2), label("年度目标", colspan=VALUES)],
        [Cell(project.annual_goal, colspan=VALUES)],
    ]


def _indicator_table(project: Project, template: Template) -> list[list[Cell]]:
    """绩效指标: the label beside the column header row and every indicator under it."""
    spec = template.project_indicators
    columns = spec.columns if spec else ()
    indicators = indicator_rows(project.indicators, columns)
    return [[label("绩效指标", rowspan=1 + len(indicators)), *header_row(columns)],
            *indicators]


def _percent(value: Decimal | None) -> str:
    # As stored ("50" → 50%, "33.33" → 33.33%); "f" keeps 1E+2 from printing in exponent form.
    return "" if value is None else f"{value:f}%"
