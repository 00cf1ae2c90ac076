"""自评 scores (a template with ``Template.scoring``): the weights add up, each score stays within
its weight and its 定性 band, a typed score that differs from the rules is noted, the reasons the
rules ask for are given, and the stated 总分 and 等级 follow from the scores.

Each sheet (the department's tables, each project's) is scored once per run (``app.scoring``);
the rules and their sources are in docs/scoring.md.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterator, NamedTuple

from app.checks.evaluation import describe_bands
from app.checks.findings import Finding, Location, Severity
from app.checks.indicators import IndicatorSet, indicator_set, indicator_sets
from app.model import IndicatorRow, ProjectEvaluation, TargetDocument
from app.scoring import (Scored, SheetScore, execution_total_line, money2, number, plain,
                         score_tables, target_column)
from app.scoring_rules import ScoringRules
from app.templates import IndicatorTableSpec, Template


def check_scoring(document: TargetDocument, template: Template) -> Iterator[Finding]:
    if template.scoring is None:
        return
    for indicator_set in indicator_sets(document, template):
        yield from _check_set(document, template, indicator_set)


def check_scoring_sheet(document: TargetDocument, template: Template,
                        project: int | None) -> Iterator[Finding]:
    """The findings of one sheet: the department's (``None``) or a project's. A sheet is
    scored on its own, so ``check_scoring`` is these in the order of the sheets."""
    if template.scoring is None:
        return
    yield from _check_set(document, template, indicator_set(document, template, project))


def _check_set(document: TargetDocument, template: Template,
               indicators: IndicatorSet) -> Iterator[Finding]:
    assert template.scoring is not None
    if indicators.project is None:
        evaluation = document.department.evaluation
        path = "department.evaluation"
    else:
        evaluation = document.projects[indicators.project].evaluation
        path = f"projects[{indicators.project}].evaluation"
    yield from _Sheet(indicators, template.scoring, template, evaluation, path).check()


def _section_of(template: Template, path: str) -> str:
    """The section a finding at ``path`` belongs to: "projects" inside a project; for the
    department, the section that shows the field, else the first showing part of its
    evaluation, else "evaluation"."""
    if path.startswith("projects["):
        return "projects"
    fields = [(section.key, spec.path) for section in template.sections
              for spec in section.fields]
    return next((key for key, field in fields
                 if path == field or path.startswith((f"{field}.", f"{field}["))),
                next((key for key, field in fields if field.startswith("department.evaluation")),
                     "evaluation"))


def _label(spec: IndicatorTableSpec, column: str, default: str) -> str:
    declared = spec.column(column)
    return declared.label if declared else default


class _Labels:
    """A table's printed names of the scoring columns ("" for a reason column it lacks)."""

    def __init__(self, spec: IndicatorTableSpec, rules: ScoringRules) -> None:
        self.weight = _label(spec, rules.weight, "分值")
        self.score = _label(spec, rules.score, "得分")
        self.reason = _label(spec, rules.reason, "")


class _Named(NamedTuple):
    """A row with a 三级 name, where it is, and its score."""

    table: str
    row_index: int  # not ``index``: that is tuple.index
    row: IndicatorRow
    spec: IndicatorTableSpec
    scored: Scored


def _weights(members: list[_Named]) -> Decimal:
    return sum((m.scored.weight for m in members if m.scored.weight is not None), Decimal(0))


class _Sheet:
    """One scored sheet: an indicator set, its evaluation part and where they live."""

    def __init__(self, indicators: IndicatorSet, rules: ScoringRules, template: Template,
                 evaluation: ProjectEvaluation | None, path: str) -> None:
        self.set, self.rules, self.template = indicators, rules, template
        self.evaluation, self.path = evaluation, path
        self.owner = indicators.owner
        execution = evaluation.execution if evaluation is not None else []
        self.score: SheetScore = score_tables(
            ((row, spec) for _, _, row, spec in indicators.rows), rules, execution,
            template.grade_bands)
        self.named = [_Named(table, index, row, spec, scored)
                      for (table, index, row, spec), scored in zip(indicators.rows,
                                                                    self.score.rows)
                      if scored is not None]
        self.labels: dict[int, _Labels] = {}

    def _labels(self, spec: IndicatorTableSpec) -> _Labels:
        labels = self.labels.get(id(spec))
        if labels is None:  # once per table, not per row
            labels = self.labels[id(spec)] = _Labels(spec, self.rules)
        return labels

    def check(self) -> Iterator[Finding]:
        if self.named:
            yield from self._weight_sums()
            for named in self.named:
                yield from self._row(*named)
        if self.evaluation is not None:
            yield from self._execution()
            yield from self._total_and_grade()

    def _where(self, field: str) -> Location:
        path = f"{self.path}.{field}"
        return Location(_section_of(self.template, path), path, project=self.set.project)

    # 分值 ------------------------------------------------------------------------------------

    def _weight_sums(self) -> Iterator[Finding]:
        rules = self.rules
        first = self.named[0]
        label = self._labels(first.spec).weight
        for level1, expected in rules.level1_weights:
            members = [m for m in self.named if m.row.level1.strip() == level1]
            if not members:  # a missing 一级 is INDICATOR_CATEGORY_MISSING's, and the total's
                continue
            got = _weights(members)
            if got != expected:
                yield Finding("SCORE_WEIGHTS_SUM", Severity.ERROR,
                              self.set.location(members[0].table, members[0].row_index,
                                                rules.weight),
                              f"{self.owner}“{level1}”下各指标{label}合计 {plain(got)}，"
                              f"应为 {plain(expected)}{self._unweighted(members, label)}")
        got = _weights(self.named)
        if got != rules.indicator_total:
            whole = plain(rules.indicator_total + rules.execution_weight)
            yield Finding("SCORE_WEIGHTS_SUM", Severity.ERROR,
                          self.set.location(first.table, first.row_index, rules.weight),
                          f"{self.owner}各指标{label}合计 {plain(got)}，应为 "
                          f"{plain(rules.indicator_total)}（加上预算执行率的 "
                          f"{plain(rules.execution_weight)} 分共 {whole} 分）"
                          f"{self._unweighted(self.named, label)}")

    @staticmethod
    def _unweighted(members: list[_Named], label: str) -> str:
        missing = sum(1 for m in members if m.scored.weight is None)
        return f"；其中 {missing} 项未填{label}" if missing else ""

    # 得分 and 偏差原因 of one row ------------------------------------------------------------

    def _row(self, table: str, index: int, row: IndicatorRow, spec: IndicatorTableSpec,
             scored: Scored) -> Iterator[Finding]:
        rules = self.rules
        name = row.name.strip()
        weight, stated = scored.weight, scored.stated
        # One finding per typed score: above the weight, else outside its band, else overridden.
        if stated is not None and weight is not None and stated > weight:
            labels = self._labels(spec)
            yield Finding("SCORE_ABOVE_WEIGHT", Severity.ERROR,
                          self.set.location(table, index, rules.score),
                          f"{self.owner}的指标“{name}”{labels.score} {plain(stated)} 超过"
                          f"{labels.weight} {plain(weight)}")
        elif (stated is not None and weight is not None and scored.band is not None
              and not scored.band.contains(stated, weight)):
            low, high = scored.band.bounds(weight)
            closing = "]" if scored.band.high_inclusive else ")"
            yield Finding("SCORE_OUT_OF_BAND", Severity.ERROR,
                          self.set.location(table, index, rules.score),
                          f"{self.owner}的指标“{name}”：定性结果“{scored.band.word}”的得分应在 "
                          f"[{low}, {high}{closing} 之间，现为 {plain(stated)}")
        elif stated is not None and scored.overridden:
            yield Finding("SCORE_OVERRIDDEN", Severity.WARNING,
                          self.set.location(table, index, rules.score),
                          f"{self.owner}的指标“{name}”{self._labels(spec).score}填写为 "
                          f"{plain(stated)}，按规则计算为 {scored.computed}"
                          f"（{scored.explanation}）")
        if weight is not None and scored.effective is None:
            column = self._missing_column(row, spec, scored)
            if column is not None:
                yield Finding("SCORE_MISSING", Severity.WARNING,
                              self.set.location(table, index, column),
                              f"{self.owner}的指标“{name}”未计分：{scored.explanation}")
        # A table without a reason column cannot hold one: nothing to ask.
        if (scored.reason_needed and not row.get(rules.reason).strip()
                and self._labels(spec).reason):
            yield Finding("DEVIATION_REASON_MISSING", Severity.WARNING,
                          self.set.location(table, index, rules.reason),
                          f"{self.owner}的指标“{name}”：{scored.reason_needed}，请填写"
                          f"“{self._labels(spec).reason}”")

    def _missing_column(self, row: IndicatorRow, spec: IndicatorTableSpec,
                        scored: Scored) -> str | None:
        """The cell a score waits for; None when an empty 指标值 is the cause (an error of its
        own, INDICATOR_VALUE_EMPTY)."""
        if scored.qualitative:
            return self.rules.score if scored.band is not None else self.rules.actual
        column = target_column(spec)
        if column is None or spec.parsed(row, column).number is None:
            return None
        actual = row.get(self.rules.actual)
        return self.rules.actual if number(actual) is None else self.rules.score

    # 预算执行, 总分, 等级 ----------------------------------------------------------------------

    def _execution(self) -> Iterator[Finding]:
        assert self.evaluation is not None  # check() asks only then
        lines = self.evaluation.execution
        total_line = execution_total_line(lines)
        scored = self.score.execution
        if total_line is None or scored is None:
            return
        i = next(n for n, line in enumerate(lines) if line is total_line)
        line_path = f"execution[{i}]"
        if scored.stated is not None and scored.overridden:
            yield Finding("SCORE_OVERRIDDEN", Severity.WARNING,
                          self._where(f"{line_path}.score"),
                          f"{self.owner}的预算执行率得分填写为 {plain(scored.stated)}，按规则计算为 "
                          f"{scored.computed}（{scored.explanation}）")
        if scored.effective is None:
            figure = "adjusted" if not total_line.adjusted else "executed"
            yield Finding("SCORE_MISSING", Severity.WARNING,
                          self._where(f"{line_path}.{figure}"),
                          f"{self.owner}的预算执行率未计分：{scored.explanation}")
        # The form prints the block's 原因 in one cell: a reason on any of its lines counts.
        if scored.reason_needed and not any(line.reason.strip() for line in lines):
            yield Finding("EXECUTION_REASON_MISSING", Severity.ERROR,
                          self._where(f"{line_path}.reason"),
                          f"{self.owner}的预算{scored.reason_needed}，须在“原因”中说明")

    def _total_and_grade(self) -> Iterator[Finding]:
        evaluation, sheet = self.evaluation, self.score
        assert evaluation is not None  # check() asks only then
        computed = sheet.total if sheet.complete and self.named else None
        if evaluation.score is not None and computed is not None and evaluation.score != computed:
            yield Finding("TOTAL_SCORE_MISMATCH", Severity.ERROR, self._where("score"),
                          f"{self.owner}的总分填写为 {money2(evaluation.score)}，按各项得分计算为 "
                          f"{computed}（{sheet.explanation()}）")
        stated = evaluation.grade.strip()
        bands = self.template.grade_bands
        if not stated or not bands:
            return
        if evaluation.score is not None:
            score, whose = evaluation.score, f"{self.owner}的总分 {plain(evaluation.score)} 分"
        elif computed is not None:
            score, whose = computed, f"{self.owner}按各项得分计算的总分 {computed} 分"
        else:
            return
        expected = self.template.grade_for(score)
        if expected and stated != expected:
            yield Finding("GRADE_MISMATCH", Severity.ERROR, self._where("grade"),
                          f"{whose}应评为“{expected}”，但填写的等级为“{stated}”"
                          f"（{describe_bands(bands)}）")
