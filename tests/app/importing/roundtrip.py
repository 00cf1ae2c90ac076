"""What "export → import gives the same document" means, exactly.

The workbook holds what the template prints in it (``truth.printed(…, "xlsx")``: the same
texts and amounts at the same paths, empty ones included, so every list keeps its length and
every indicator row its cells), plus the units and flags the labels and the layout state
(万元/元, which income lines 财政拨款 spans). ``canonical`` is the document as its printed form
can say it (docs/import.md lists each case); ``ambiguous`` names the documents whose printed
form reads two ways, which the generated documents avoid.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from app.export import build_layout
from app.export.blocks import numbered
from app.export.xlsx_render import render_xlsx
from app.importing.funds import standard_order
from app.model import (ExecutionLine, IndicatorRow, IndicatorTable, ProjectEvaluation,
                       ScheduleItem, TargetDocument)
from app.money import CENT, Unit, convert
from app.templates import FieldKind, IndicatorTableSpec, Template, get_template
from tests import truth

NATIONAL = ("national-project-eval", "national-dept-eval")  # the 财预〔2020〕10号 自评表


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
    if template.id == "hunan-dept-target" and document.department.functions == [""] and \
            not document.department.functions_lead_in:
        document.department.functions = []  # one duty prints unnumbered: an empty one is nothing
    if template.id == "guizhou-dept-target":
        for project in document.projects:
            if len(project.schedule) == 1 and project.schedule[0] == ScheduleItem():
                project.schedule = []  # the form prints one empty row when there is no plan
    _choices_as_listed(document, template)
    if _prints_a_blank_form(document, template):
        # A form of one sheet per project prints one blank form for a document without any.
        document.projects = [template.new_project("", document.year)]  # type: ignore[misc]
    _form_operators(document, template)
    if template.id == "sichuan-project-eval":
        _sichuan(document, template)
    if template.id in NATIONAL:
        document = _national_fields(document, template)
        _national(document, template)
    elif template.scoring is not None:
        _printed_scores(document, template)
    return document


def _form_operators(document: TargetDocument, template: Template) -> None:
    """A target's keyboard operator (">=80%") reads back as the form's ("≥80%")."""
    tables = [(spec, table.rows) for spec in template.indicator_tables
              for table in [document.department.table(spec.key)] if table is not None]
    if template.project_indicators is not None:
        tables += [(template.project_indicators, p.indicators) for p in document.projects]
    for spec, rows in tables:
        for row in rows:
            for column in spec.spelled_ids:
                if column in row.cells:
                    row.set(column, spec.entered(column, row.get(column)))


def _choices_as_listed(document: TargetDocument, template: Template) -> None:
    """A choice typed another way ("＝" for the listed "=") reads back as the listed entry, as
    the import matches code lists (app/importing/blocks.py ``_coded``)."""
    from app.importing.labels import same_choice
    from app.templates import ColumnKind

    tables = [(spec, document.department.table(spec.key)) for spec in template.indicator_tables]
    rows_by_spec = [(spec, table.rows) for spec, table in tables if table is not None]
    if template.project_indicators is not None:
        rows_by_spec += [(template.project_indicators, p.indicators) for p in document.projects]
    for spec, rows in rows_by_spec:
        for column in spec.columns:
            if column.kind is not ColumnKind.CHOICE:
                continue
            for row in rows:
                text = row.get(column.id)
                if text.strip() and text not in column.choices:
                    entry = next((c for c in column.choices if same_choice(text, c)), None)
                    if entry is not None:
                        row.set(column.id, entry)


def _prints_a_blank_form(document: TargetDocument, template: Template) -> bool:
    """Whether the layout gives a document without projects a project's sheet (a form whose
    workbook is only its projects' sheets: the national, 四川 and 黄石 forms)."""
    if document.projects or not template.has_projects or template.new_project is None \
            or template.excel_import is None:
        return False
    sheets = [part for part in build_layout(document).parts if part.sheet]
    return len(sheets) > len(template.excel_import.sheets)


def _printed_scores(document: TargetDocument, template: Template) -> None:
    """An untyped 得分 prints as the rules compute it and reads back untyped; a typed one equal
    to the computed one reads back untyped too (it prints the same), another stays typed."""
    from app.scoring import execution_total_line, number, score_execution, score_indicator

    rules, spec = template.scoring, template.project_indicators
    assert rules is not None
    for project in document.projects:
        if spec is not None:
            for row in project.indicators:
                typed = row.get(rules.score)
                if row.name.strip() and typed:
                    computed = score_indicator(row, spec, rules).computed
                    if computed is not None and number(typed.strip()) == computed:
                        row.set(rules.score, "")
        evaluation = project.evaluation
        line = execution_total_line(evaluation.execution) if evaluation else None
        if line is not None and line.score == score_execution(line, rules).computed:
            line.score = None


def _national_fields(document: TargetDocument, template: Template) -> TargetDocument:
    """Only what the national form prints: a document carried to it from another form (the
    examples: 六盘水's 贵州 projects, 苏州's 江苏 department) keeps what that form had and the
    national one prints nowhere, in no format (项目负责人, 联系电话, 项目类别, 编制单位, the
    region …); it reads back as a new document has it."""
    kept = template.new_document(document.unit_name, document.year or 2024)
    kept.year = document.year

    def evaluation_of(evaluation: ProjectEvaluation | None) -> ProjectEvaluation:
        evaluation = evaluation or ProjectEvaluation()
        unit, execution = _printed_unit(evaluation)
        return ProjectEvaluation(unit=unit, execution=execution,
                                 goal_achievement=evaluation.goal_achievement,
                                 score=evaluation.score, grade=evaluation.grade)

    if template.has_projects:
        assert template.new_project is not None
        kept.projects = []
        for project in document.projects:
            new = template.new_project(project.name, document.year)
            new.implementing_unit, new.annual_goal = project.implementing_unit, project.annual_goal
            new.indicators, new.evaluation = project.indicators, evaluation_of(project.evaluation)
            kept.projects.append(new)
    else:
        department = document.department
        spec = template.indicator_tables[0]
        table = department.table(spec.key)
        kept.department.annual_goal = department.annual_goal
        kept.department.evaluation = evaluation_of(department.evaluation)
        # A department without the table prints it without rows.
        kept.department.indicator_tables = [table or IndicatorTable(key=spec.key)]
    return kept


def _printed_unit(evaluation: ProjectEvaluation) -> tuple[Unit, list[ExecutionLine]]:
    """The form prints 万元: lines in 元 read back in 万元 when every figure has two decimals
    there, else in 元 as they were (forms/_common/national_eval/importing.py)."""
    if evaluation.unit is Unit.WAN_YUAN:
        return evaluation.unit, evaluation.execution
    figures = [getattr(line, name) for line in evaluation.execution
               for name in ("initial", "adjusted", "executed")]
    in_wan = [convert(f, Unit.YUAN, Unit.WAN_YUAN) for f in figures if f is not None]
    if any(f != f.quantize(CENT) for f in in_wan):
        return evaluation.unit, evaluation.execution
    lines = [line.model_copy(update={
        name: None if getattr(line, name) is None else
        convert(getattr(line, name), Unit.YUAN, Unit.WAN_YUAN).quantize(CENT)
        for name in ("initial", "adjusted", "executed")}) for line in evaluation.execution]
    return Unit.WAN_YUAN, [ExecutionLine.model_validate(line.model_dump()) for line in lines]


def _national(document: TargetDocument, template: Template) -> None:
    """The national 自评表 (project and department) print the scoring engine's figures where the
    officer typed none (forms/_common/national_eval/layout.py), and each reads back as printed."""
    if template.has_projects:
        if not document.projects and template.new_project is not None:
            # A document without projects prints one blank form.
            document.projects = [template.new_project("", document.year)]
        spec = template.project_indicators
        assert spec is not None
        for project in document.projects:
            project.evaluation = project.evaluation or ProjectEvaluation()
            _national_sheet(project.indicators, spec, project.evaluation, template)
    else:
        spec = template.indicator_tables[0]
        table = document.department.table(spec.key)
        evaluation = document.department.evaluation = \
            document.department.evaluation or ProjectEvaluation()
        _national_sheet(table.rows if table else [], spec, evaluation, template)


def _national_sheet(rows: list[IndicatorRow], spec: IndicatorTableSpec,
                    evaluation: ProjectEvaluation, template: Template) -> None:
    from app.scoring import execution_total_line, number, plain, score_sheet

    rules = template.scoring
    assert rules is not None
    scores = score_sheet(rows, spec, rules, evaluation.execution, template.grade_bands)
    # 得分: a blank one (empty or only spaces) prints as computed and reads back untyped; a
    # typed one equal to the computed one prints the same, and reads back untyped too.
    for row, scored in zip(rows, scores.rows):
        typed = row.get(rules.score)
        computed = scored.computed if scored is not None else None
        if not typed.strip() or (computed is not None and number(typed.strip()) == computed):
            row.set(rules.score, "")
    # 预算执行: the scored line's 分值 prints the rules' 分值 when none is typed (and reads back
    # as that figure), its 得分 the computed one (read back untyped).
    line = execution_total_line(evaluation.execution)
    if line is not None and scores.execution is not None:
        if line.weight is None and scores.execution.weight is not None:
            line.weight = Decimal(plain(scores.execution.weight))
        if line.score is not None and line.score == scores.execution.computed:
            line.score = None
    # 总分 and 评价等级 print as stated. Without a stated 总分 the sheet prints the computed total
    # only once every line is scored (a partial sum would print a grade the form has not
    # earned), and reads back untyped, as does a stated one equal to it; a stated total outside
    # 0–100 is no 总分 (left out, with a warning). A blank 等级 prints the grade of the 总分
    # printed, and a stated one equal to that reads back blank.
    complete = scores.complete and (scores.execution is not None or any(scores.rows))
    if evaluation.score is not None and complete and evaluation.score == scores.total:
        evaluation.score = None
    if evaluation.score is not None:
        blank_grade = template.grade_for(evaluation.score) or ""
    else:
        blank_grade = (scores.grade or "") if complete else ""
    if not evaluation.grade.strip() or evaluation.grade == blank_grade:
        evaluation.grade = ""


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
        if len(items) == 1 and not department.functions_lead_in and "\n1. " in items[0]:
            return "a single duty that reads as a lead-in and a numbered duty"
        if department.functions_lead_in and not items:
            return "a lead-in without duties reads as the one duty printed unnumbered"
        if len(items) > 1 and any("\n" + numbered(i + 1, "1. ") in item
                                  for i, item in enumerate(items, 1)):
            return "a duty holds the next duty's number"
    pattern = _numbering(template)
    if pattern and department.functions_lead_in and numbered(1, pattern) in \
            department.functions_lead_in:
        return "the duties' lead-in holds the first duty's number"
    if template.id == "jiangsu-dept-target":
        if "\n人员配置：" in department.organization + department.staffing:
            return "机构设置 or 人员配置 holds the line that starts 人员配置"
    if template.id in NATIONAL and _level1_groups_print_alike(document, template):
        return "two neighbouring 一级 groups print alike (one's 一级 ends in the other's （N分）)"
    if template.id == "guizhou-dept-target":
        if not department.goal_items and department.annual_goal.startswith("1 "):
            return "a goal that reads as goal item 1"
        for project in document.projects:
            if "至" in project.planned_period.start:
                return "项目计划实施时间 starts with a 至"
            if any(" 至 " in item.start for item in project.schedule):
                return "a plan's start holds ' 至 '"
    return ""


def _level1_groups_print_alike(document: TargetDocument, template: Template) -> bool:
    """An 一级 "产出" weighing 5 prints "产出↵（5分）", as a neighbouring 一级 "产出↵（5分）"
    without 分值 does: the printed form merges them into one group."""
    from app.export.layout import merged_runs
    from forms._common.national_eval.layout import _with_level1_weights

    assert template.scoring is not None
    tables = [p.indicators for p in document.projects] if template.has_projects else [
        t.rows for t in document.department.indicator_tables]
    for rows in tables:
        printed = _with_level1_weights(rows, template.scoring)
        if merged_runs([r.level1 for r in printed]) != merged_runs([r.level1 for r in rows]):
            return True
    return False


def _numbering(template: Template) -> str:
    return next((spec.numbering for section in template.sections for spec in section.fields
                 if spec.path == "department.functions"), "")
