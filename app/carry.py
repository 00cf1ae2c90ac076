"""结转: a document carried into the next step of the year's cycle.

* Next year (``carry_to_next_year``): the same template, year + 1, every text and indicator kept.
  Money and the 半年 values are cleared unless the officer keeps them; the year's results (实际完成值,
  得分, 偏差原因, the stated 总分 and 等级) always are. Each target's text as it stood goes into a
  ``prior_<column>`` cell, which the editor shows as a read-only 上年 column.
* Year-end self-evaluation (``carry_to_self_evaluation``): a 目标表's projects, or its department,
  become the rows of a 自评表 (the template's ``self_evaluation_template``): 一级/二级/三级 and
  年度指标值 filled, 分值 defaulted from the scoring rules, the budget in 年初/全年预算数.

* Mid-year monitoring (``carry_to_monitoring``): each project of a 目标表 becomes a 绩效监控表
  (a template of stage "monitoring"): its indicators with their 指标值, the budget in the cell its
  money table binds to the project's budget, converted to that table's unit exactly; the
  execution columns empty.

Declared boxes (app/boxes.py) carry as declared: kept, cleared, or cleared with last year's
value kept as 上年 (``prior_<key>``); dates and amounts clear unless declared otherwise.

The source document is never changed. Decisions: docs/carry.md.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Iterable

from app.boxes import PRIOR as PRIOR_BOX
from app.boxes import Carry, box_specs, carry_of, exact_amount, options_of
from app.model import (BudgetLine, ExecutionLine, ExpenseAmount, FundSource, IndicatorRow,
                       IndicatorTable, Project, ProjectEvaluation, SpendingPlan, TargetDocument)
from app.scoring import default_weights, plain, target_column
from app.targets import Kind, ParsedTarget, normal_operator
from app.money import Unit, convert
from app.templates import (Column, ColumnKind, FieldKind, FieldSpec, IndicatorTableSpec, Template,
                           all_templates, get_template)

PRIOR = "prior_"  # a carried target's last-year text: cell "prior_full_year_target" …
HALF_YEAR = "half_year"  # the ids of 半年 columns start with it (half_year_target)


class CarryError(ValueError):
    """A document that cannot be carried as asked; the message is for the officer."""


def prior_id(column_id: str) -> str:
    return f"{PRIOR}{column_id}"[:40]


def carry_to_next_year(document: TargetDocument, template: Template, *, keep_money: bool = False,
                       keep_half_year: bool = False) -> TargetDocument:
    new = document.model_copy(deep=True)
    if new.year is not None:
        if new.year >= 2200:
            raise CarryError(f"年度 {new.year} 已是最后可填的年度，无法结转到下一年")
        new.year += 1
    for rows, spec in _tables(new, template):
        for row in rows:
            _carry_row(row, spec, keep_half_year)
    if not keep_money:
        _clear_money(new)
    elif not keep_half_year:
        _clear_half_year_money(new)
    for evaluation in _evaluations(new):
        _clear_results(evaluation, keep_money)
    if new.self_evaluation is not None:
        new.self_evaluation.score = None
        new.self_evaluation.grade = ""
    _carry_boxes(new.boxes, box_specs(template, project=False), keep_money)
    project_boxes = box_specs(template, project=True)
    for project in new.projects:
        _carry_boxes(project.boxes, project_boxes, keep_money)
    return new


_MONEY_KINDS = (FieldKind.MONEY, FieldKind.MONEY_TABLE)


def _carry_boxes(boxes: dict[str, object], specs: dict[str, FieldSpec], keep_money: bool) -> None:
    """Each declared box as it declares: kept, cleared, or moved to its 上年 key; amounts the
    officer keeps stay (a money table without its result columns, 执行数)."""
    for key in [k for k in boxes if k.startswith(PRIOR_BOX)]:
        del boxes[key]  # only one year back
    for key, spec in specs.items():
        value = boxes.get(key)
        if value is None:
            continue
        box = options_of(spec)
        carry = carry_of(spec)
        if keep_money and spec.kind in _MONEY_KINDS and box.carry is None:
            carry = Carry.KEEP  # the officer keeps the amounts, not the year's results
            if box.table is not None and isinstance(value, dict):
                results = {c.key for c in box.table.columns if c.result}
                kept = {row: {c: a for c, a in cells.items() if c not in results}
                        for row, cells in value.items()}
                boxes[key] = {row: cells for row, cells in kept.items() if cells}
                if not boxes[key]:
                    del boxes[key]
                continue
        if carry is Carry.CLEAR:
            del boxes[key]
        elif carry is Carry.PRIOR:
            boxes[PRIOR_BOX + key] = boxes.pop(key)


def _tables(document: TargetDocument, template: Template):
    """Every indicator table of the document with its declaration (unknown tables skipped)."""
    for table in document.department.indicator_tables:
        spec = template.indicator_table(table.key)
        if spec is not None:
            yield table.rows, spec
    if template.project_indicators is not None:
        for project in document.projects:
            yield project.indicators, template.project_indicators


def _carry_row(row: IndicatorRow, spec: IndicatorTableSpec, keep_half_year: bool) -> None:
    for cell_id in list(row.cells):
        if cell_id.startswith(PRIOR):
            del row.cells[cell_id]  # only one year back
    for column_id in spec.target_ids:
        text = spec.target_text(row, column_id)
        if text.strip():
            row.set(prior_id(column_id), text)
    for column in spec.columns:
        if column.result or (column.id.startswith(HALF_YEAR) and not keep_half_year):
            row.set(column.id, "")


def _evaluations(document: TargetDocument) -> Iterable[ProjectEvaluation]:
    if document.department.evaluation is not None:
        yield document.department.evaluation
    for project in document.projects:
        if project.evaluation is not None:
            yield project.evaluation


def _clear_results(evaluation: ProjectEvaluation, keep_money: bool) -> None:
    for field in ("goal_achievement", "conclusion", "problems", "improvements", "grade"):
        setattr(evaluation, field, "")
    evaluation.score = None
    for line in evaluation.execution:
        line.executed = line.score = None
        line.reason = ""
        if not keep_money:
            line.initial = line.adjusted = None


def _clear_money(document: TargetDocument) -> None:
    funds = document.department.funds
    funds.total = funds.appropriation = None
    for line in funds.income:
        line.amount = None
    amounts: list[ExpenseAmount | BudgetLine] = [funds.basic_expense, funds.project_expense,
                                                 *funds.expense_items]
    for amount in amounts:
        amount.half_year = amount.full_year = None
    for stage in document.self_evaluation.budget_stages if document.self_evaluation else ():
        for line in (*stage.income, *stage.expense):
            line.amount = None
    for project in document.projects:
        project.budget_amount = None
        if project.spending_plan is not None:
            project.spending_plan = SpendingPlan()


def _clear_half_year_money(document: TargetDocument) -> None:
    funds = document.department.funds
    amounts: list[ExpenseAmount | BudgetLine] = [funds.basic_expense, funds.project_expense,
                                                 *funds.expense_items]
    for amount in amounts:
        amount.half_year = None


# --- the year-end self-evaluation -------------------------------------------------------------

def self_evaluation_template(template: Template, chosen: str | None = None) -> Template:
    """The 自评表 template for a document of ``template``: the one chosen, or its declared one."""
    if template.scoring is not None:
        raise CarryError(f"“{template.title}”已是年终自评表，只能结转到下一年")
    target_id = chosen or template.self_evaluation_template
    if not target_id:
        raise CarryError(f"“{template.title}”没有对应的年终自评表模板，请指定一个自评表模板")
    target = get_template(target_id)
    if target.scoring is None:
        raise CarryError(f"“{target.title}”不是可计分的自评表模板")
    return target


def carry_to_self_evaluation(document: TargetDocument, source: Template,
                             target: Template) -> TargetDocument:
    """The year-end 自评表 of ``document``'s year in ``target``'s form."""
    year = document.year if document.year is not None else target.default_year()
    new = target.new_document(document.unit_name, year)
    new.region = document.region
    new.compiled_by, new.contact_person = document.compiled_by, document.contact_person
    new.contact_phone = document.contact_phone
    if target.has_projects:
        if not document.projects:
            raise CarryError(f"“{target.title}”按项目填写，而文档中没有项目")
        new.projects = [_project_sheet(p, source, target, year, document.unit_name)
                        for p in document.projects]
    else:
        if not target.indicator_tables:
            raise CarryError(f"“{target.title}”没有指标表，无法结转")
        _department_sheet(document, source, target, new)
    return new


def _project_sheet(project: Project, source: Template, target: Template, year: int,
                   unit_name: str) -> Project:
    assert target.new_project is not None and target.project_indicators is not None
    sheet = target.new_project(project.name, year)
    for field in ("lead", "phone", "category", "continuity", "fund_type",
                  "annual_goal"):
        setattr(sheet, field, getattr(project, field))
    sheet.planned_period = project.planned_period.model_copy()
    # A department implements its own projects unless the target form said otherwise.
    sheet.implementing_unit = project.implementing_unit or unit_name
    spec = source.project_indicators
    sheet.indicators = _weigh(_evaluation_rows(project.indicators, spec,
                                               target.project_indicators) if spec else [], target)
    evaluation = sheet.evaluation or ProjectEvaluation()
    evaluation.unit = project.budget_unit
    _fill_budget(evaluation.execution, {"total": project.budget_amount})
    sheet.evaluation = evaluation
    return sheet


def _department_sheet(document: TargetDocument, source: Template, target: Template,
                      new: TargetDocument) -> None:
    department = document.department
    new.department.annual_goal = department.annual_goal or department.overall_goal
    spec = target.indicator_tables[0]
    rows: list[IndicatorRow] = []
    for table in department.indicator_tables:
        source_spec = source.indicator_table(table.key)
        if source_spec is not None:
            rows += _evaluation_rows(table.rows, source_spec, spec)
    _weigh(rows, target)
    others = [t for t in new.department.indicator_tables if t.key != spec.key]
    new.department.indicator_tables = [IndicatorTable(key=spec.key, rows=rows), *others]
    evaluation = new.department.evaluation or ProjectEvaluation()
    funds = department.funds
    evaluation.unit = funds.unit
    by_source = {line.name.strip(): line.amount for line in funds.income}
    _fill_budget(evaluation.execution, {
        "total": funds.total if funds.total is not None else (
            funds.income_sum() if funds.income else None),
        "appropriation": funds.appropriation,
        "carryover": by_source.get(FundSource.CARRYOVER.value),
        "other": by_source.get(FundSource.OTHER.value),
    })
    new.department.evaluation = evaluation


# Which of a 自评表's fund lines a budget figure goes to, by the words of the line's name.
_LINE_WORDS = (("total", "总额"), ("appropriation", "财政拨款"), ("carryover", "结转"),
               ("other", "其他"))


def _fill_budget(lines: list[ExecutionLine], amounts: dict[str, Decimal | None]) -> None:
    for line in lines:
        key = next((k for k, word in _LINE_WORDS if word in line.name), None)
        amount = amounts.get(key) if key else None
        if amount is not None:
            line.initial = line.adjusted = amount


def _evaluation_rows(rows: list[IndicatorRow], source: IndicatorTableSpec,
                     target: IndicatorTableSpec) -> list[IndicatorRow]:
    """The named rows of a target table as a 自评表's rows (分值 still empty)."""
    source_target = target_column(source)
    result = []
    for row in rows:
        if not row.name.strip():
            continue
        new = IndicatorRow(cells={"level1": row.level1, "level2": row.level2, "name": row.name})
        if source_target is not None:
            _set_target(new, target, source.target_text(row, source_target),
                        source.parsed(row, source_target))
        result.append(new)
    return result


def _weigh(rows: list[IndicatorRow], template: Template) -> list[IndicatorRow]:
    """Default 分值: by the rules' 一级 weights when every row's 一级 has one; otherwise (江苏's
    决策/过程/履职/效益, say) the indicators' total shared by all rows."""
    assert template.scoring is not None
    rules = template.scoring
    weights = default_weights(rows, rules)
    if any(w is None for row, w in zip(rows, weights) if row.name.strip()):
        weights = default_weights(rows, replace(rules, level1_weights=()))
    for row, weight in zip(rows, weights):
        if weight is not None:
            row.set(rules.weight, plain(weight))
    return rows


def _set_target(row: IndicatorRow, spec: IndicatorTableSpec, text: str,
                parsed: ParsedTarget) -> None:
    column = target_column(spec)
    if column is None or not text.strip():
        return
    split = spec.split_of(column)
    if split is None:
        row.set(column, text)
        return
    # A split form (四川): 指标性质 | 指标值 | 度量单位 from the parsed target.
    if parsed.kind is Kind.QUANTITATIVE and parsed.number is not None:
        if split.operator:
            row.set(split.operator, _operator_choice(spec, split.operator, parsed.operator or "="))
        row.set(column, plain(parsed.number))
        if split.unit:
            row.set(split.unit, parsed.unit)
    else:
        if split.operator:
            row.set(split.operator, split.qualitative)
        if split.kind:
            row.set(split.kind, split.qualitative)
        row.set(column, text)


def _operator_choice(spec: IndicatorTableSpec, column_id: str, operator: str) -> str:
    """The operator as the column's choices spell it (四川 offers the ASCII "=")."""
    column = spec.column(column_id)
    choices = column.choices if column else ()
    return next((choice for choice in choices if normal_operator(choice) == operator), operator)


# --- mid-year monitoring ---------------------------------------------------------------------

MONITORING = "monitoring"


def monitoring_template(template: Template, chosen: str | None = None) -> Template:
    """The 绩效监控表 template for a 目标表 of ``template``: the one chosen, or the only one."""
    if template.scoring is not None or template.stage != "target":
        raise CarryError(f"“{template.title}”不是绩效目标表，只有目标表能结转到年中监控表")
    if chosen:
        target = get_template(chosen)
        if target.stage != MONITORING:
            raise CarryError(f"“{target.title}”不是绩效监控表模板")
        return target
    found = [t for t in all_templates() if t.stage == MONITORING]
    if len(found) != 1:
        names = "、".join(f"{t.id}（{t.title}）" for t in found) or "无"
        raise CarryError(f"请用 --template 指定绩效监控表模板（可用：{names}）")
    return found[0]


def carry_to_monitoring(document: TargetDocument, source: Template,
                        target: Template) -> TargetDocument:
    """The year's mid-year 绩效监控表 of ``document``: one form per project."""
    if source.project_indicators is None or not document.projects:
        raise CarryError(f"“{source.title}”的文档中没有带绩效指标的项目，无法结转到绩效监控表")
    if target.project_indicators is None:
        raise CarryError(f"“{target.title}”没有项目指标表，无法结转")
    year = document.year if document.year is not None else target.default_year()
    new = target.new_document(document.unit_name, year)
    new.region = document.region
    new.compiled_by, new.contact_person = document.compiled_by, document.contact_person
    new.contact_phone = document.contact_phone
    new.projects = [_monitoring_sheet(p, source.project_indicators, target, year,
                                      document.unit_name) for p in document.projects]
    return new


def _monitoring_sheet(project: Project, source: IndicatorTableSpec, target: Template, year: int,
                      unit_name: str) -> Project:
    assert target.project_indicators is not None
    sheet = target.new_project(project.name, year) if target.new_project else \
        Project(name=project.name)
    for field in ("lead", "phone", "category", "continuity", "fund_type", "annual_goal"):
        setattr(sheet, field, getattr(project, field))
    sheet.planned_period = project.planned_period.model_copy()
    sheet.implementing_unit = project.implementing_unit or unit_name
    declared = {c.id for c in target.project_indicators.columns}
    rows = _evaluation_rows(project.indicators, source, target.project_indicators)
    for row in rows:  # only what the monitoring form prints (its table may lack 二级)
        row.cells = {k: v for k, v in row.cells.items() if k in declared}
    sheet.indicators = rows
    if project.budget_amount is not None:
        _bind_budget(sheet, target, project.budget_amount, project.budget_unit)
    return sheet


def _bind_budget(sheet: Project, target: Template, amount: Decimal, unit: Unit) -> None:
    """The project's budget into the money table cell that declares it means the budget."""
    for key, spec in box_specs(target, project=True).items():
        box = options_of(spec)
        if spec.kind is FieldKind.MONEY_TABLE and box.table is not None and box.table.budget:
            row, column = box.table.budget
            to_unit = Unit(box.unit) if box.unit else unit
            sheet.boxes[key] = {row: {column: exact_amount(convert(amount, unit, to_unit))}}
            return


def columns_with_prior(spec: IndicatorTableSpec, rows: Iterable[IndicatorRow]) -> tuple[Column, ...]:
    """The table's columns, each target followed by its read-only 上年 column when a carried row
    holds one (the editor shows them; exports print them only where the form has the column)."""
    present = {column for row in rows for column in row.cells if column.startswith(PRIOR)}
    result: list[Column] = []
    for column in spec.columns:
        result.append(column)
        prior = prior_id(column.id)
        if prior in present and spec.column(prior) is None:
            result.append(Column(prior, f"上年{column.label}", ColumnKind.TEXT,
                                 width=column.chars, read_only=True))
    return tuple(result)
