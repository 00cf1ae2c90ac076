"""贵州 预算绩效目标表 on paper, as in seed 004: a cover (经办人, 联系电话: the form's only
signature lines), the 部门整体支出绩效目标表 and one 项目绩效目标表 per project, each project
form headed 编制单位（盖章）.

Every form sits on one six-column grid: section label | sub-label | three value columns | wide
value. The 部门整体 indicators use it as 一级 | 二级 | 三级 (two columns) | 指标值 |
指标解释及计算公式, their title row ("绩效指标") closing the label block; a project's indicators
stand right of the seed's left label 绩效目标情况, one column each. The indicators are a table of
their own, directly under the label block, so their header repeats on every printed page.
"""
from __future__ import annotations

from app.export.blocks import (header_row, indicator_rows, label, money_cell, numbered,
                               numbered_text, signature_blocks, template_numbering)
from app.export.layout import Align, Block, Cell, Paragraph, Part, PrintLayout, Style, Table
from app.model import DepartmentFunds, IndicatorRow, Project, TargetDocument
from app.templates import IndicatorTableSpec, Template

COLUMNS = (1.3, 1.7, 1.5, 1.2, 1.3, 3.0)
# A project form: section label | 一级 | 二级 | 三级 | 指标值 | 指标解释及计算公式 under the label
# block's section label | sub-label | value columns.
PROJECT_COLUMNS = (1.3, 1.4, 1.6, 2.1, 1.3, 2.8)
COVER_SHEET = "封面"
VALUE = 4  # colspan of a value after its section label and sub-label
INDICATOR_SPANS = (1, 1, 2, 1, 1)  # 一级 | 二级 | 三级 | 指标值 | 指标解释及计算公式


def build_layout(document: TargetDocument, template: Template) -> PrintLayout:
    parts = [_cover(document, template), _department(document, template)]
    parts += [_project(document, template, project, n)
              for n, project in enumerate(document.projects, 1)]
    return PrintLayout(form_name=template.form_name, parts=parts)


def _year(document: TargetDocument) -> str:
    return "" if document.year is None else str(document.year)


def _cover(document: TargetDocument, template: Template) -> Part:
    """The cover, the form's only signature lines (经办人, 联系电话): a sheet of the workbook too,
    so they are in a cell and the import reads them back."""
    # Each part starts a new page, so the cover needs no page break of its own.
    return Part([
        Paragraph(template.title_for(document), Style.TITLE),
        Paragraph(document.compiled_by, Style.PLAIN, Align.CENTER),
        Paragraph("编制", Style.PLAIN, Align.CENTER),
        Paragraph(f"经办人：{document.contact_person}", Style.PLAIN),
        Paragraph(f"联系电话（办公座机号）：{document.contact_phone}", Style.PLAIN),
    ], columns=COLUMNS, sheet=COVER_SHEET)


def _department(document: TargetDocument, template: Template) -> Part:
    department = document.department
    functions = template_numbering(template, "department.functions")
    rows: list[list[Cell]] = [
        [label("部门(单位)基本情况", rowspan=2), label("部门(单位)名称"),
         Cell(document.unit_name, colspan=VALUE)],
        [label("部门(单位)职能描述"),
         Cell(numbered_text(department.functions, functions,
                            lead_in=department.functions_lead_in), colspan=VALUE)],
        *_funds_rows(department.funds, _year(document)),
        *_goal_rows(department.annual_goal, department.goal_items,
                    template_numbering(template, "department.goal_items")),
        *_safeguard_rows(department.safeguards.organization, department.safeguards.rules,
                         "相关管理制度"),
        *_stage_rows(department.stage_plans,
                     template_numbering(template, "department.stage_plans")),
        [label("绩效指标", colspan=len(COLUMNS))],
    ]
    blocks: list[Block] = [
        Paragraph(f"{document.unit_name}{_year(document)}年部门整体支出绩效目标表", Style.TITLE),
        # Seed 004 stamps the project forms only: the 部门整体 form names its 编制单位.
        Paragraph(f"编制单位：{document.compiled_by}", Style.PLAIN),
        Table(rows),
    ]
    for spec in template.indicator_tables:
        table = department.table(spec.key)
        blocks.append(_indicator_table(table.rows if table else [], spec))
    blocks += signature_blocks(document, template)
    return Part(blocks, columns=COLUMNS, sheet="部门整体", title_rows=1)


def _funds_rows(funds: DepartmentFunds, year: str) -> list[list[Cell]]:
    """支出预算(本级): 名称 | 金额 for 基本支出, 项目支出 (and any further items), then the total."""
    unit = funds.unit.value
    lines = [("基本支出", funds.basic_expense.full_year),
             ("项目支出", funds.project_expense.full_year),
             *((item.name, item.full_year) for item in funds.expense_items),
             (f"资金总额({unit})", funds.total)]
    span = 1 + len(lines)
    rows: list[list[Cell]] = [[
        label("部门(单位)资金情况", rowspan=span), label("支出预算(本级)", rowspan=span),
        label("名称", colspan=2), label(f"{year}年度预算金额({unit})", colspan=2)]]
    rows += [[Cell(name, colspan=2), money_cell(amount, colspan=2)] for name, amount in lines]
    return rows


def _goal_rows(annual_goal: str, items: list[str], numbering: str) -> list[list[Cell]]:
    """部门(单位)绩效目标: the overall goal, then one row per numbered goal item."""
    texts = [f"{numbered(i, numbering)}{item}" for i, item in enumerate(items, 1)]
    if annual_goal or not texts:
        texts.insert(0, annual_goal)
    rows = [[Cell(text, colspan=VALUE)] for text in texts]
    rows[0].insert(0, label("部门(单位)绩效目标", rowspan=len(rows), colspan=2))
    return rows


def _safeguard_rows(organization: str, rules: str, rules_label: str,
                    organization_label: str = "组织机构") -> list[list[Cell]]:
    return [
        [label("保障绩效目标实现的措施", rowspan=2), label(organization_label),
         Cell(organization, colspan=VALUE)],
        [label(rules_label), Cell(rules, colspan=VALUE)],
    ]


def _stage_rows(plans: list[str], numbering: str) -> list[list[Cell]]:
    """部门（单位）目标阶段性计划: 计划1, 计划2, … (an empty row when there are none)."""
    rows = [[label(numbered(i, numbering)), Cell(plan, colspan=VALUE)]
            for i, plan in enumerate(plans, 1)] or [[label(""), Cell("", colspan=VALUE)]]
    rows[0].insert(0, label("部门（单位）目标阶段性计划", rowspan=len(rows)))
    return rows


def _indicator_table(rows: list[IndicatorRow], spec: IndicatorTableSpec) -> Table:
    return Table([header_row(spec.columns, INDICATOR_SPANS),
                  *indicator_rows(rows, spec.columns, INDICATOR_SPANS)], header_rows=1)


def _project_indicator_table(rows: list[IndicatorRow], spec: IndicatorTableSpec) -> Table:
    """绩效目标情况: the seed's label left of the column header and every indicator."""
    indicators = indicator_rows(rows, spec.columns)
    return Table([[label("绩效目标情况", rowspan=1 + len(indicators)), *header_row(spec.columns)],
                  *indicators], header_rows=1)


def _period(start: str, end: str, separator: str) -> str:
    return f"{start}{separator}{end}" if start or end else ""


def _project(document: TargetDocument, template: Template, project: Project, n: int) -> Part:
    period = project.planned_period
    rows: list[list[Cell]] = [
        [label("项目基本情况", rowspan=5), label("项目名称"), Cell(project.name, colspan=VALUE)],
        [label("项目负责人"), Cell(project.lead, colspan=2), label("联系电话"),
         Cell(project.phone)],
        [label("项目类别"), Cell(project.category, colspan=VALUE)],
        [label("项目属性"), Cell(project.continuity, colspan=VALUE)],
        [label("项目计划实施时间"), Cell(_period(period.start, period.end, "至"), colspan=VALUE)],
        [label("项目资金情况"), label(f"预算资金（{project.budget_unit.value}）"),
         money_cell(project.budget_amount, colspan=2), label("资金性质"),
         Cell(project.fund_type)],
        *_goal_and_schedule_rows(project),
        *_safeguard_rows(project.safeguards.organization, project.safeguards.rules, "管理制度：",
                         "组织机构："),
    ]
    blocks: list[Block] = [
        Paragraph(f"{document.unit_name}项目绩效目标表", Style.TITLE),
        Paragraph(f"（{document.year}年度）" if document.year is not None else "",
                  Style.SUBTITLE),
        Paragraph(f"编制单位（盖章）：{document.compiled_by}", Style.PLAIN),
        Table(rows),
    ]
    if template.project_indicators is not None:
        blocks.append(_project_indicator_table(project.indicators,
                                               template.project_indicators))
    blocks += signature_blocks(document, template)
    return Part(blocks, columns=PROJECT_COLUMNS, sheet=f"{n} {project.name}", title_rows=2)


def _goal_and_schedule_rows(project: Project) -> list[list[Cell]]:
    """年度目标 over its text and, under it, 本年度实施计划: one row per period and its work (an
    empty row when there is none), as seed 004 nests them."""
    # The period takes two columns so "2024-01-01 至 2024-04-30" keeps its dates whole.
    schedule = [[Cell(_period(item.start, item.end, " 至 "), colspan=2, align=Align.CENTER),
                 Cell(item.work, colspan=2)] for item in project.schedule
                ] or [[Cell("", colspan=2), Cell("", colspan=2)]]
    schedule[0].insert(0, label("本年度实施计划", rowspan=len(schedule)))
    return [[label("年度目标", rowspan=1 + len(schedule)),
             Cell(project.annual_goal, colspan=len(COLUMNS) - 1)], *schedule]
