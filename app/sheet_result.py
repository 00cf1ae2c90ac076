"""A 自评表's 总分 and 等级 as the form prints them when the officer leaves them empty, with the
sentence that says where they come from or what is still missing.

The exports print the same (forms/_common/national_eval/layout.py): a stated 总分 as typed and
its grade; else the computed total and grade, and those only once every line is scored, since a
partial sum would earn a grade the form has not.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.model import ProjectEvaluation, TargetDocument
from app.scoring import SheetScore, plain, score_tables
from app.templates import Template


def sheet_score(document: TargetDocument, template: Template,
                project: int | None) -> tuple[SheetScore, ProjectEvaluation | None] | None:
    """The scores of the department's sheet (``None``) or a project's, and the evaluation that
    holds its 总分 and 等级; None when the template does not score."""
    if template.scoring is None:
        return None
    if project is None:
        evaluation = document.department.evaluation
        rows = []
        for spec in template.indicator_tables:
            table = document.department.table(spec.key)
            rows += [(row, spec) for row in (table.rows if table else [])]
    else:
        if template.project_indicators is None or project >= len(document.projects):
            return None
        item = document.projects[project]
        evaluation = item.evaluation
        rows = [(row, template.project_indicators) for row in item.indicators]
    scores = score_tables(rows, template.scoring,
                          evaluation.execution if evaluation is not None else (),
                          template.grade_bands)
    return scores, evaluation


def unscored(scores: SheetScore) -> int:
    """How many named indicators and 预算执行率 lines have no score yet."""
    rows = sum(1 for s in scores.rows if s is not None and s.effective is None)
    execution = scores.execution is not None and scores.execution.effective is None
    return rows + execution


def scored_whole(scores: SheetScore) -> bool:
    """Every line scored, and something to score: the total and grade are earned."""
    return scores.complete and (scores.execution is not None or any(scores.rows))


@dataclass(frozen=True)
class ComputedResult:
    """What the empty 总分 and 等级 boxes print (None: nothing yet), and why."""

    total: Decimal | None
    total_note: str
    grade: str | None
    grade_note: str

    def total_hint(self) -> str:
        if self.total is None:
            return f"尚未算出：{self.total_note}"
        return f"自动计算：{self.total} 分（{self.total_note}）"

    def grade_hint(self) -> str:
        if self.grade is None:
            return f"尚未评定：{self.grade_note}"
        return f"自动计算：{self.grade}（{self.grade_note}）"


def computed_result(scores: SheetScore, stated_score: Decimal | None,
                    template: Template) -> ComputedResult:
    missing = unscored(scores)
    if scored_whole(scores):
        total: Decimal | None = scores.total
        total_note = "各项得分之和：" + scores.explanation()
    else:
        total = None
        total_note = (f"还有 {missing} 项未计分，全部计分后按各项得分之和计算"
                      if missing else "还没有可计分的指标")
    if stated_score is not None:
        grade = template.grade_for(stated_score)
        grade_note = f"按填写的总分 {format(stated_score, 'f')} 分"
    elif total is not None:
        grade = scores.grade
        grade_note = f"按计算的总分 {total} 分"
    else:
        grade, grade_note = None, "全部计分后按总分评定"
        if missing:
            grade_note = f"还有 {missing} 项未计分，{grade_note}"
    if grade is None and (stated_score is not None or total is not None):
        grade_note += "，不在任何等级的分数段内"
    return ComputedResult(total, total_note, grade, grade_note)
