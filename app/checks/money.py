"""Money ties (勾稽关系): the totals the form states against the lines they sum."""
from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from app.checks.findings import Finding, Location, Severity
from app.model import BudgetLine, ExpenseAmount, TargetDocument
from app.money import CENT, Unit, convert, format_amount, total
from app.templates import CheckSettings


def _m(value: Decimal, unit: str) -> str:
    return f"{format_amount(value)} {unit}"


def check_money(document: TargetDocument, settings: CheckSettings) -> Iterator[Finding]:
    funds = document.department.funds
    unit = funds.unit.value
    base = "department.funds"

    blank_reported: set[str] = set()

    def tie(code: str, path: str, stated: Decimal | None, computed: Decimal, what: str,
            parts: str, filled: bool) -> Iterator[Finding]:
        if stated is None and filled and path not in blank_reported:
            blank_reported.add(path)  # 资金总额 ties twice; a blank one is said once
            yield stated_total_empty(Location("funds", f"{base}.{path}"), what, parts,
                                     _m(computed, unit))
        if stated is not None and stated != computed:
            yield Finding(code, Severity.ERROR, Location("funds", f"{base}.{path}"),
                          f"{what} {_m(stated, unit)} 不等于{parts}之和 {_m(computed, unit)}"
                          f"（相差 {_m(abs(stated - computed), unit)}）")

    appropriated = [line for line in funds.income if line.appropriation]
    if appropriated:
        yield from tie("APPROPRIATION_MISMATCH", "appropriation", funds.appropriation,
                       funds.appropriation_sum(), "财政拨款小计",
                       "、".join(line.name for line in appropriated),
                       any(line.amount is not None for line in appropriated))
    if funds.income:
        yield from tie("INCOME_TOTAL_MISMATCH", "total", funds.total, funds.income_sum(),
                       "资金总额", "各项收入",
                       any(line.amount is not None for line in funds.income))
    expenses = (funds.basic_expense.full_year, funds.project_expense.full_year)
    if any(e is not None for e in expenses):
        yield from tie("BUDGET_TOTAL_MISMATCH", "total", funds.total,
                       funds.expense_sum("full_year"), "资金总额", "基本支出与项目支出（全年）",
                       True)
    if funds.expense_items:
        for column, name in (("full_year", "全年预算数"), ("half_year", "半年计划执行数")):
            stated = getattr(funds.project_expense, column)
            items = funds.items_sum(column)
            if stated is None and any(getattr(i, column) is not None
                                      for i in funds.expense_items):
                yield stated_total_empty(
                    Location("funds", f"{base}.project_expense.{column}"), f"项目支出{name}",
                    f"{len(funds.expense_items)} 项支出明细", _m(items, unit))
            if stated is not None and stated != items:
                yield Finding(
                    "PROJECT_EXPENSE_MISMATCH", Severity.ERROR,
                    Location("funds", f"{base}.project_expense.{column}"),
                    f"项目支出{name} {_m(stated, unit)} 不等于 {len(funds.expense_items)} "
                    f"项支出明细之和 {_m(items, unit)}（相差 {_m(abs(stated - items), unit)}）")
    yield from _amount_shape(document)
    yield from _half_above_full(document)
    if settings.check_projects_budget and document.projects:
        yield from _projects_against_department(document)


def stated_total_empty(location: Location, what: str, parts: str, computed: str) -> Finding:
    """A total the form states, left blank while its parts hold figures: the form prints it
    blank, whatever the editor computes beside it (docs/checks.md, stated totals)."""
    return Finding("STATED_TOTAL_EMPTY", Severity.WARNING, location,
                   f"{what}未填写，表上印为空；{parts}之和为 {computed}，请填写")


def _amount_shape(document: TargetDocument) -> Iterator[Finding]:
    """≥ 0 with at most two decimals: the file refuses anything else, a model built in code may
    not (the editor's validator keeps it from happening there)."""
    funds = document.department.funds
    amounts = [("department.funds.total", funds.total),
               ("department.funds.appropriation", funds.appropriation)]
    amounts += [(f"department.funds.income[{i}].amount", line.amount)
                for i, line in enumerate(funds.income)]
    amounts += [(f"department.funds.expense_items[{i}].{c}", getattr(item, c))
                for i, item in enumerate(funds.expense_items) for c in ("half_year", "full_year")]
    for path, value in amounts:
        if value is not None and (value < 0 or value != value.quantize(CENT)):
            yield Finding("AMOUNT_INVALID", Severity.ERROR, Location("funds", path),
                          f"金额 {value} 无效：应不小于 0，且最多两位小数")


def _half_above_full(document: TargetDocument) -> Iterator[Finding]:
    funds = document.department.funds
    lines: list[tuple[str, str, ExpenseAmount | BudgetLine]] = [
        ("基本支出", "department.funds.basic_expense", funds.basic_expense),
        ("项目支出", "department.funds.project_expense", funds.project_expense)]
    lines += [(item.name or f"第 {i + 1} 项支出", f"department.funds.expense_items[{i}]", item)
              for i, item in enumerate(funds.expense_items)]
    for name, path, line in lines:
        if line.half_year is not None and line.full_year is not None and \
                line.half_year > line.full_year:
            yield Finding("HALF_YEAR_ABOVE_FULL_YEAR", Severity.WARNING,
                          Location("funds", f"{path}.half_year"),
                          f"“{name}”的半年计划执行数 {_m(line.half_year, funds.unit.value)} "
                          f"大于全年预算数 {_m(line.full_year, funds.unit.value)}")


def _projects_against_department(document: TargetDocument) -> Iterator[Finding]:
    funds = document.department.funds
    stated = funds.project_expense.full_year
    if stated is None:
        return
    amounts = [convert(p.budget_amount, p.budget_unit, funds.unit)
               for p in document.projects if p.budget_amount is not None]
    projects = total(amounts)
    # Not every project of the department needs its own table; more than the whole is wrong.
    if projects > stated:
        in_yuan = convert(projects, funds.unit, Unit.YUAN)
        yield Finding("PROJECTS_ABOVE_PROJECT_EXPENSE", Severity.WARNING,
                      Location("funds", "department.funds.project_expense.full_year"),
                      f"{len(amounts)} 个项目的预算资金合计 {_m(in_yuan, '元')}"
                      f"（{_m(projects, funds.unit.value)}）超过部门项目支出 "
                      f"{_m(stated, funds.unit.value)}")
