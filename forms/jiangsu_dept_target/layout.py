"""江苏 市级部门整体预算绩效目标表 on paper: one form on a six-column grid, as in seed 000.

Grid: 一级 | 二级 | 重点工作 | 三级 | 半年 | 全年. The unit block, the 部门整体资金 table and the
goals use label and value spans over the same grid, so the printed pieces line up as one form.
"""
from __future__ import annotations

from app.export.blocks import (header_row, indicator_rows, label, money_cell, numbered_text,
                               signature_blocks, template_numbering)
from app.export.layout import Block, Cell, Paragraph, Part, PrintLayout, Style, Table
from app.model import DepartmentFunds, TargetDocument
from app.templates import Template

COLUMNS = (1.0, 2.1, 1.6, 2.5, 1.25, 1.25)
LABEL, VALUE = 2, 4  # colspans of a label and its value on the six-column grid


def build_layout(document: TargetDocument, template: Template) -> PrintLayout:
    department = document.department
    functions = template_numbering(template, "department.functions")
    blocks: list[Block] = [
        Paragraph(template.title_for(document), Style.TITLE),
        Paragraph(f"{document.year}年度" if document.year is not None else "", Style.SUBTITLE),
        Table([
            [label("单位名称", colspan=LABEL), Cell(document.unit_name, colspan=VALUE)],
            [label("单位主要职能", colspan=LABEL),
             Cell(numbered_text(department.functions, functions,
                                lead_in=department.functions_lead_in), colspan=VALUE)],
            [label("机构设置及人员配置", colspan=LABEL),
             Cell(_organisation(department.organization, department.staffing), colspan=VALUE)],
            *_funds_rows(department.funds),
            [label("中长期目标", colspan=LABEL), Cell(department.long_term_goal, colspan=VALUE)],
            [label("年度目标", colspan=LABEL), Cell(department.annual_goal, colspan=VALUE)],
        ]),
    ]
    for spec in template.indicator_tables:
        table = department.table(spec.key)
        rows = table.rows if table else []
        # Tables without 重点工作 let 二级 take its column too.
        spans = [1, 2, 1, 1, 1] if len(spec.columns) == 5 else None
        blocks.append(Table([header_row(spec.columns, spans),
                             *indicator_rows(rows, spec.columns, spans)], header_rows=1))
    blocks += signature_blocks(document, template)
    return PrintLayout(form_name=template.form_name, parts=[
        Part(blocks, columns=COLUMNS, sheet="绩效目标表", title_rows=2)])


def _organisation(organization: str, staffing: str) -> str:
    lines = []
    if organization:
        lines.append(f"机构设置：{organization}")
    if staffing:
        lines.append(f"人员配置：{staffing}")
    return "\n".join(lines)


def _funds_rows(funds: DepartmentFunds) -> list[list[Cell]]:
    """部门整体资金（万元）: income with 财政拨款 and its sources, then expenditure and items."""
    appropriated = [line for line in funds.income if line.appropriation]
    others = [line for line in funds.income if not line.appropriation]
    expense = [("基本支出", funds.basic_expense.half_year, funds.basic_expense.full_year),
               ("项目支出", funds.project_expense.half_year, funds.project_expense.full_year),
               *((item.name, item.half_year, item.full_year) for item in funds.expense_items)]
    income_rows = 2 + (1 + len(appropriated)) + len(others)
    expense_rows = 1 + len(expense)
    rows: list[list[Cell]] = [[
        label(f"部门整体资金（{funds.unit.value}）", rowspan=income_rows + expense_rows),
        label("收入", rowspan=income_rows), label("", colspan=2),
        label("全年预算数", colspan=2)]]
    rows.append([Cell("资金总额", colspan=2), money_cell(funds.total, colspan=2)])
    rows.append([Cell("财政拨款", rowspan=1 + len(appropriated)), Cell("小计"),
                 money_cell(funds.appropriation, colspan=2)])
    rows += [[Cell(line.name), money_cell(line.amount, colspan=2)] for line in appropriated]
    rows += [[Cell(line.name, colspan=2), money_cell(line.amount, colspan=2)] for line in others]
    rows.append([label("支出", rowspan=expense_rows), label("", colspan=2),
                 label("半年计划执行数"), label("全年预算数")])
    rows += [[Cell(name, colspan=2), money_cell(half), money_cell(full)]
             for name, half, full in expense]
    return rows
