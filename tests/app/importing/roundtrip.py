"""What "export → import gives the same document" means, exactly.

The workbook holds what the template prints in it (``truth.printed(…, "xlsx")``: the same
texts and amounts at the same paths, empty ones included, so every list keeps its length and
every indicator row its cells), plus the units and flags the labels and the layout state
(万元/元, which income lines 财政拨款 spans). ``canonical`` is the document as its printed form
can say it (docs/import.md lists each case); ``ambiguous`` names the documents whose printed
form reads two ways, which the generated documents avoid.
"""
from __future__ import annotations

from pathlib import Path

from app.export import build_layout
from app.export.blocks import numbered
from app.export.xlsx_render import render_xlsx
from app.importing.funds import standard_order
from app.model import ProjectEvaluation, ScheduleItem, TargetDocument
from app.templates import FieldKind, Template, get_template
from tests import truth


def import_difference(document: TargetDocument, workbook: Path) -> str:
    """How the import of ``document``'s exported workbook differs from it ("" when it does not,
    or when the document's printed form reads two ways)."""
    from app.importing import WorkbookImportError, import_workbook

    if ambiguous(document):
        return ""
    try:
        imported = import_workbook(workbook, get_template(document.template)).document
    except WorkbookImportError as exc:
        return f"import refused: {exc}"
    expected, found = held(canonical(document)), held(imported)
    return "" if found == expected else first_difference(expected, found)


def first_difference(expected: list, found: list) -> str:
    for a, b in zip(expected, found):
        if a != b:
            return f"imported back, expected {a!r:.300}\n   found {b!r:.300}"
    return f"imported back, {len(expected)} items expected, {len(found)} found"


def export_xlsx(document: TargetDocument, path: Path) -> Path:
    render_xlsx(build_layout(document), path)
    return path


def held(document: TargetDocument) -> list[object]:
    """Everything the workbook says about the document, in order."""
    template = get_template(document.template)
    found: list[object] = list(truth.printed(document, "xlsx", keep_empty=True))
    kinds = {spec.kind for section in template.sections for spec in section.fields}
    project_kinds = {spec.path: spec.kind for section in template.project_sections
                     for spec in section.fields}
    if FieldKind.FUNDS in kinds:
        funds = document.department.funds
        found.append(("funds.unit", funds.unit))
        if not template.funds_expense_only:
            found.append(("income.appropriation", [line.appropriation for line in funds.income]))
    for n, project in enumerate(document.projects):
        if project_kinds.get("budget_amount") is FieldKind.MONEY:
            found.append((f"projects[{n}].budget_unit", project.budget_unit))
        if FieldKind.EXECUTION in project_kinds.values() and project.evaluation is not None:
            found.append((f"projects[{n}].evaluation.unit", project.evaluation.unit))
    return found


def canonical(document: TargetDocument) -> TargetDocument:
    """The document as its workbook can say it."""
    template = get_template(document.template)
    document = document.model_copy(deep=True)
    funds = document.department.funds
    if not template.funds_expense_only:
        # The form prints the 财政拨款 sources first; the import puts the sources in their order.
        funds.income = standard_order([line for line in funds.income if line.appropriation]
                                      + [line for line in funds.income if not line.appropriation])
    if template.id == "hebei-perf-text" and document.projects:
        # Each project sheet names "编制单位：{编制单位 or 单位名称}".
        document.compiled_by = document.compiled_by or document.unit_name
    if template.id == "hunan-dept-target" and document.department.functions == [""]:
        document.department.functions = []  # one duty prints unnumbered: an empty one is nothing
    if template.id == "guizhou-dept-target":
        for project in document.projects:
            if len(project.schedule) == 1 and project.schedule[0] == ScheduleItem():
                project.schedule = []  # the form prints one empty row when there is no plan
    if template.id == "sichuan-project-eval":
        _sichuan(document, template)
    if template.scoring is not None:
        _printed_scores(document, template)
    return document


def _printed_scores(document: TargetDocument, template: Template) -> None:
    """An untyped 得分 prints as the rules compute it, and reads back as that figure."""
    from app.scoring import execution_total_line, score_execution, score_indicator

    rules, spec = template.scoring, template.project_indicators
    assert rules is not None
    for project in document.projects:
        if spec is not None:
            for row in project.indicators:
                if row.name.strip() and not row.get(rules.score):
                    computed = score_indicator(row, spec, rules).computed
                    if computed is not None:
                        row.set(rules.score, str(computed))
        evaluation = project.evaluation
        line = execution_total_line(evaluation.execution) if evaluation else None
        if line is not None and line.score is None:
            line.score = score_execution(line, rules).computed


def _sichuan(document: TargetDocument, template: Template) -> None:
    from forms.sichuan_project_eval.layout import (CONCLUSION_PROMPT, GOAL_PROMPT,
                                                   IMPROVEMENTS_PROMPT, PROBLEMS_PROMPT)

    if not document.projects and template.new_project is not None:
        # A document without projects prints one blank form.
        document.projects = [template.new_project("", document.year)]
    for project in document.projects:
        evaluation = project.evaluation = project.evaluation or ProjectEvaluation()
        # An empty box prints the form's prompt (a blank one too), which reads back as empty.
        for name, prompt in (("goal_achievement", GOAL_PROMPT), ("conclusion", CONCLUSION_PROMPT),
                             ("problems", PROBLEMS_PROMPT),
                             ("improvements", IMPROVEMENTS_PROMPT)):
            text = getattr(evaluation, name)
            if not text.strip() or text == prompt:
                setattr(evaluation, name, "")


def ambiguous(document: TargetDocument) -> str:
    """Why the document's printed form reads two ways ("" when it does not)."""
    template = get_template(document.template)
    department = document.department
    for path, pattern, separator in (("department.functions", _numbering(template), ""),):
        if pattern and template.id != "hunan-dept-target":
            items = department.functions
            if any(separator + numbered(i + 1, pattern) in item for i, item in enumerate(items, 1)):
                return f"{path}: an item holds the next item's number"
    if template.id == "hunan-dept-target":
        items = department.functions
        if len(items) == 1 and items[0].startswith("1. ") and "\n2. " in items[0]:
            return "a single duty that reads as a numbered list"
        if len(items) > 1 and any("\n" + numbered(i + 1, "1. ") in item
                                  for i, item in enumerate(items, 1)):
            return "a duty holds the next duty's number"
    if template.id == "jiangsu-dept-target":
        if "\n人员配置：" in department.organization + department.staffing:
            return "机构设置 or 人员配置 holds the line that starts 人员配置"
    if template.id == "guizhou-dept-target":
        if not department.goal_items and department.annual_goal.startswith("1 "):
            return "a goal that reads as goal item 1"
        for project in document.projects:
            if "至" in project.planned_period.start:
                return "项目计划实施时间 starts with a 至"
            if any(" 至 " in item.start for item in project.schedule):
                return "a plan's start holds ' 至 '"
    return ""


def _numbering(template: Template) -> str:
    return next((spec.numbering for section in template.sections for spec in section.fields
                 if spec.path == "department.functions"), "")
