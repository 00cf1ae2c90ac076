"""Scores read back as the editor had them: a 自评表 prints the scoring engine's figure where
the officer typed none, so a printed 得分 equal to the one the rules compute from the same row
is read back as untyped (it keeps following 实际完成值 and 分值 after an edit); one that differs
is the officer's and stays typed. The same for the 预算执行 line's 得分, the 总分 and the 等级 a
blank one prints (``forms/_common/national_eval/layout.py``). docs/import.md."""
from __future__ import annotations

from typing import Sequence

from app.model import IndicatorRow, ProjectEvaluation, TargetDocument
from app.scoring import execution_total_line, number, score_execution, score_tables
from app.scoring_rules import ScoringRules
from app.templates import IndicatorTableSpec, Template


def untype_computed_scores(document: TargetDocument, template: Template) -> None:
    """Clear each score of ``document`` that only repeats what the rules compute."""
    rules = template.scoring
    if rules is None:
        return
    if template.indicator_tables:
        department = document.department
        rows = [(row, spec) for spec in template.indicator_tables
                for table in [department.table(spec.key)] if table is not None
                for row in table.rows]
        _untype_sheet(rows, department.evaluation, rules, template)
    spec = template.project_indicators
    if spec is not None:
        for project in document.projects:
            _untype_sheet([(row, spec) for row in project.indicators], project.evaluation,
                          rules, template)


def _untype_sheet(rows: Sequence[tuple[IndicatorRow, IndicatorTableSpec]],
                  evaluation: ProjectEvaluation | None, rules: ScoringRules,
                  template: Template) -> None:
    execution = evaluation.execution if evaluation is not None else []
    scores = score_tables(rows, rules, execution, template.grade_bands)
    # An untyped score takes the computed one's place: the effective scores, and so the
    # sheet's total, stay what they were.
    for (row, _), scored in zip(rows, scores.rows):
        if scored is not None and scored.computed is not None \
                and number(row.get(rules.score).strip()) == scored.computed:
            row.set(rules.score, "")
    line = execution_total_line(execution)
    if line is not None and line.score is not None \
            and line.score == score_execution(line, rules).computed:
        line.score = None
    if evaluation is None:
        return
    # 总分 prints the computed total once every line is scored, 等级 the grade of the 总分
    # printed: a stated one equal to those is what a blank one prints.
    scored_anything = scores.execution is not None or any(scores.rows)
    if evaluation.score is not None and scores.complete and scored_anything \
            and evaluation.score == scores.total:
        evaluation.score = None
    if evaluation.score is not None:
        blank_grade = template.grade_for(evaluation.score) or ""
    else:
        blank_grade = (scores.grade or "") if scores.complete and scored_anything else ""
    if evaluation.grade.strip() and evaluation.grade == blank_grade:
        evaluation.grade = ""
