"""A short account of a document: what ``jixiao-cli show`` prints and the window's title uses."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.model import TargetDocument
from app.money import convert, format_amount, total
from app.templates import FieldKind, get_template


@dataclass(frozen=True)
class Summary:
    template_id: str
    template_title: str
    unit_name: str
    year: int | None
    money_unit: str
    total: Decimal | None  # 资金总额 as stated
    basic_expense: Decimal | None
    project_expense: Decimal | None
    income_sum: Decimal
    expense_items_sum: Decimal
    projects_budget: Decimal  # the projects' amounts, in the department's unit
    indicator_count: int
    project_count: int
    # 自评报告: (stage label, income sum, expense sum) per 收支预决算 stage
    budget_stages: tuple[tuple[str, Decimal, Decimal], ...] = ()
    score: Decimal | None = None
    grade: str = ""
    has_funds: bool = True  # the form has a department money table
    has_project_budgets: bool = True  # some project states its 预算资金
    # 自评表: the projects' 预算执行 total lines summed (调整后预算数, 预算执行数), or None
    execution: tuple[Decimal, Decimal] | None = None


def summarize(document: TargetDocument) -> Summary:
    template = get_template(document.template)
    funds = document.department.funds
    projects_budget = total(
        convert(p.budget_amount, p.budget_unit, funds.unit)
        for p in document.projects if p.budget_amount is not None)
    evaluation = document.self_evaluation
    stages = tuple(
        (stage.label, total(line.amount for line in stage.income),
         total(line.amount for line in stage.expense))
        for stage in (evaluation.budget_stages if evaluation else []))
    totals = [(p.evaluation.execution[0], p.evaluation.unit) for p in document.projects
              if p.evaluation is not None and p.evaluation.execution]
    execution = (total(convert(line.adjusted, unit, funds.unit) for line, unit in totals
                       if line.adjusted is not None),
                 total(convert(line.executed, unit, funds.unit) for line, unit in totals
                       if line.executed is not None)) if totals else None
    return Summary(
        has_funds=any(f.kind is FieldKind.FUNDS for section in template.sections
                      for f in section.fields),
        has_project_budgets=any(p.budget_amount is not None for p in document.projects),
        execution=execution,
        budget_stages=stages,
        score=evaluation.score if evaluation else None,
        grade=evaluation.grade if evaluation else "",
        template_id=template.id, template_title=template.title,
        unit_name=document.unit_name, year=document.year, money_unit=funds.unit.value,
        total=funds.total, basic_expense=funds.basic_expense.full_year,
        project_expense=funds.project_expense.full_year,
        income_sum=funds.income_sum(), expense_items_sum=funds.items_sum(),
        projects_budget=projects_budget,
        indicator_count=document.indicator_count(), project_count=len(document.projects))


def summary_lines(s: Summary) -> list[str]:
    def money(value: Decimal | None) -> str:
        return "（未填）" if value is None else f"{format_amount(value)} {s.money_unit}"

    lines = [
        f"模板：{s.template_title}（{s.template_id}）",
        f"单位名称：{s.unit_name or '（未填）'}",
        f"年度：{s.year if s.year is not None else '（未填）'}",
    ]
    if s.budget_stages:
        for label, income, expense in s.budget_stages:
            lines.append(f"{label}：收入 {money(income)}，支出 {money(expense)}")
        score = "（未填）" if s.score is None else f"{s.score} 分"
        lines.append(f"自评得分：{score}，等级：{s.grade or '（未填）'}")
    elif s.has_funds:
        lines += [
            f"资金总额：{money(s.total)}",
            f"基本支出（全年）：{money(s.basic_expense)}",
            f"项目支出（全年）：{money(s.project_expense)}",
        ]
    if s.income_sum:
        lines.append(f"收入合计：{money(s.income_sum)}")
    if s.expense_items_sum:
        lines.append(f"支出明细合计（全年）：{money(s.expense_items_sum)}")
    if s.project_count and s.has_project_budgets:
        lines.append(f"项目预算合计：{money(s.projects_budget)}")
    if s.execution is not None:
        adjusted, executed = s.execution
        lines.append(f"预算执行（各项目总额）：调整后预算 {money(adjusted)}，执行数 {money(executed)}")
    lines += [f"绩效指标：{s.indicator_count} 条", f"项目：{s.project_count} 个"]
    return lines

