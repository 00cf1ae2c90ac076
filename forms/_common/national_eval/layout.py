"""The national 自评表 on paper (财预〔2020〕10号), as both national forms print it: one landscape
form in 小五 as the bureaus print it (a short project fits one page), its own Word section and
Excel sheet; ``evaluation_part`` lays out one sheet under the form's own head rows.

Grid (10 columns): a block label column, then the 绩效指标 columns 一级 | 二级 | 三级 (two grid
columns) | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施. The money block (项目资金,
年度预算执行情况) lays its seven columns over the same grid (执行率 over 分值 and 得分). The
indicators are a table of their own so their header repeats on every page.

Money prints in 万元, as the form says, whatever unit the lines are kept in: a 元 figure with
as many decimals as it needs, never rounded away.

Scores are printed from the scoring engine (``app.scoring``), never stored: a score the officer
typed prints as typed, else the computed one; 执行率 is computed; 总分 and 等级 print as stated,
else the computed total (once every line is scored) and its grade. The 一级 cells print their
分值 as the published form does ("产出指标（50分）").
"""
from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Protocol, Sequence

from app.boxes import exact_amount, format_box_amount
from app.export.blocks import header_row, indicator_rows, label
from app.export.layout import (Align, Block, Cell, Paragraph, Part, Style, Table,
                               merged_runs)
from app.model import ExecutionLine, IndicatorRow, ProjectEvaluation
from app.money import Unit, convert
from app.scoring import Scored, SheetScore, execution_total_line, number, plain, score_sheet
from app.scoring_rules import ScoringRules
from app.templates import IndicatorTableSpec, Template

COLUMNS = (1.65, 1.45, 1.75, 1.2, 1.2, 1.3, 1.3, 0.7, 0.8, 2.4)
VALUE = len(COLUMNS) - 1  # a value right of the block label column
# Grid columns each indicator column takes (三级 takes two, so the money block lines up).
INDICATOR_SPANS = (1, 1, 2, 1, 1, 1, 1, 1)
# The money block: the line's name over 一级 and 二级, 执行率 over 分值 and 得分.
MONEY_HEADERS = (("年初预算数", 1), ("全年预算数", 1), ("全年执行数", 1), ("分值", 1),
                 ("执行率", 2), ("得分", 1))
NAME_SPAN = 2
GOAL_SPAN = 5  # 预期目标 over 一级 … 年度指标值; 实际完成情况 the rest
TOTAL_SPAN = len(COLUMNS) - 3  # 总分 and 评价等级 up to the 分值 column
CENTRED = 4  # 年度指标值 | 实际完成值 | 分值 | 得分: short values, centred
REASONS_LABEL = "偏差原因分析及改进措施"
SUB_LINE = "/"  # what a fund line under the total prints in 分值 and 得分


def evaluation_part(title: str, head: list[list[Cell]], money_label: str,
                    evaluation: ProjectEvaluation | None, goal: str,
                    rows: Sequence[IndicatorRow], spec: IndicatorTableSpec,
                    template: Template, sheet: str) -> Part:
    """One 自评表: its title, the head rows (who), 项目资金, 年度总体目标, 绩效指标, 总分, 等级."""
    evaluation = evaluation or ProjectEvaluation()
    assert template.scoring is not None
    scores = score_sheet(rows, spec, template.scoring, evaluation.execution,
                         template.grade_bands)
    blocks: list[Block] = [
        Paragraph(title, Style.TITLE),
        Table([*head, *_money_rows(money_label, evaluation, scores),
               *_goal_rows(goal, evaluation)], small=True),
        _indicator_table(rows, spec, evaluation, scores, template),
    ]
    return Part(blocks, columns=COLUMNS, landscape=True, sheet=sheet)


def _money_rows(money_label: str, evaluation: ProjectEvaluation,
                scores: SheetScore) -> list[list[Cell]]:
    """项目资金: the fund lines with their 执行率; 分值 and 得分 on the total line, "/" on the
    lines under it. The form has no 原因 column: reasons the officer gave print in rows of their
    own under the lines (``reason_cells``)."""
    lines = evaluation.execution
    reasons = reason_cells(lines)
    rows: list[list[Cell]] = [[
        label(f"{money_label}\n（{Unit.WAN_YUAN.value}）",
              rowspan=1 + len(lines) + len(reasons)),
        Cell("", colspan=NAME_SPAN),
        *(label(text, colspan=span) for text, span in MONEY_HEADERS)]]
    total = execution_total_line(lines)
    for n, line in enumerate(lines):
        scored = scores.execution if line is total else None
        empty = "" if n == 0 or scored is not None else SUB_LINE
        rows.append([
            Cell(line.name, colspan=NAME_SPAN, align=Align.CENTER if n == 0 else Align.LEFT),
            *(wan_yuan_cell(amount, evaluation.unit)
              for amount in (line.initial, line.adjusted, line.executed)),
            Cell(_weight_text(line.weight, scored, empty), align=Align.CENTER),
            Cell(_rate_text(line), colspan=2, align=Align.RIGHT),
            Cell(_execution_score_text(line.score, scored, empty), align=Align.CENTER)])
    for k, text in enumerate(reasons):
        head = [label(REASONS_LABEL, colspan=NAME_SPAN, rowspan=len(reasons))] if k == 0 else []
        rows.append([*head, Cell(text, colspan=VALUE - NAME_SPAN)])
    return rows


def wan_yuan(value: Decimal, unit: Unit) -> Decimal:
    """An amount in 万元, exactly: a 元 figure keeps every digit (1,483,491.60 元 = 148.34916)."""
    return exact_amount(convert(value, unit, Unit.WAN_YUAN))


def wan_yuan_cell(value: Decimal | None, unit: Unit) -> Cell:
    """The form's money is in 万元 whatever unit the document's lines are in."""
    amount = None if value is None else wan_yuan(value, unit)
    return Cell(format_box_amount(amount), align=Align.RIGHT, amount=amount)


def _rate_text(line: ExecutionLine) -> str:
    """执行率 as the form prints it: "95.00%"; nothing without both figures."""
    rate = line.rate()
    return "" if rate is None else f"{rate:.2f}%"


def _weight_text(weight: Decimal | None, scored: Scored | None, empty: str) -> str:
    if weight is not None:
        return format(weight, "f")
    if scored is not None and scored.weight is not None:
        return plain(scored.weight)  # the rules' 分值 the line is scored against
    return empty


def _execution_score_text(stated: Decimal | None, scored: Scored | None, empty: str) -> str:
    if stated is not None:
        return format(stated, "f")
    if scored is not None:
        return "" if scored.computed is None else str(scored.computed)
    return empty


def reason_prefix(name: str, n: int) -> str:
    """What a line's 原因 starts with when printed: its name ("上年结转资金："), but for the
    first line and a line without a name."""
    name = name.removeprefix("其中：").removeprefix("其中:").strip()
    return "" if n == 0 or not name else f"{name}："


def reason_cells(lines: Sequence[ExecutionLine]) -> list[str]:
    """The 偏差原因 rows under the fund lines: none when no line has a reason; else one cell of
    the reasons, each but the first line's naming its line, while that cell reads back line by
    line (``split_reasons``: the usual short reasons); else one row per line, in the lines'
    order, so any reason (one over several lines, one of a line without a name, one of only
    spaces) is printed where it can be read back exactly (Excel import)."""
    if not any(line.reason for line in lines):
        return []
    reasons = [line.reason for line in lines]
    if len(lines) == 1:
        return reasons
    text = "\n".join(reason_prefix(line.name, n) + line.reason
                     for n, line in enumerate(lines) if line.reason.strip())
    if split_reasons(text, [line.name for line in lines]) == reasons:
        return [text]
    return [reason_prefix(line.name, n) + line.reason if line.reason.strip() else line.reason
            for n, line in enumerate(lines)]


def split_reasons(text: str, names: Sequence[str]) -> list[str]:
    """Each line's 原因 from the one cell ``reason_cells`` prints (or an officer typed): a line
    that starts with a later fund line's name ("上年结转资金：…") starts that line's reason, any
    other line goes on with the reason before it (the first line's at the start)."""
    reasons = [""] * len(names)
    if not names:
        return reasons
    prefixes = [reason_prefix(name, n) for n, name in enumerate(names)]
    current = -1
    for token in text.split("\n"):
        found = next((k for k in range(current + 1, len(names))
                      if prefixes[k] and token.startswith(prefixes[k])), None)
        if found is not None:
            current = found
            reasons[found] = token[len(prefixes[found]):]
        elif current < 0:
            current = 0
            reasons[0] = token
        else:
            reasons[current] += "\n" + token
    return reasons


def unprefixed_reason(text: str, name: str, n: int) -> str:
    """A line's 原因 from its own row of ``reason_cells`` (the line's name taken off)."""
    prefix = reason_prefix(name, n)
    return text[len(prefix):] if text.strip() and prefix and text.startswith(prefix) else text


def _goal_rows(goal: str, evaluation: ProjectEvaluation) -> list[list[Cell]]:
    rest = VALUE - GOAL_SPAN
    return [
        [label("年度总体目标", rowspan=2), label("预期目标", colspan=GOAL_SPAN),
         label("实际完成情况", colspan=rest)],
        [Cell(goal, colspan=GOAL_SPAN), Cell(evaluation.goal_achievement, colspan=rest)],
    ]


def _indicator_table(rows: Sequence[IndicatorRow], spec: IndicatorTableSpec,
                     evaluation: ProjectEvaluation, scores: SheetScore,
                     template: Template) -> Table:
    columns = spec.columns
    spans = INDICATOR_SPANS[:len(columns)]
    assert template.scoring is not None
    rules = template.scoring
    body = []
    # Only 一级/二级 merge, so a row's last cells are always 年度指标值 … 得分 and 偏差原因.
    for row, cells, scored in zip(rows, indicator_rows(_with_level1_weights(rows, rules),
                                                       columns, spans), scores.rows):
        shown = [replace(cell, align=Align.CENTER) for cell in cells[-CENTRED - 1:-1]]
        shown[-1] = replace(shown[-1], text=_indicator_score_text(row.get(rules.score), scored))
        body.append([*cells[:-CENTRED - 1], *shown, cells[-1]])
    total, grade = _total_and_grade(evaluation, scores, template)
    return Table([
        [label("绩效指标", rowspan=1 + len(body)), *header_row(columns, spans)],
        *body,
        [label("总分", colspan=TOTAL_SPAN), Cell(_weights_total(rows, scores, rules),
                                                align=Align.CENTER),
         Cell(total, align=Align.CENTER), Cell("")],
        [label("评价等级", colspan=TOTAL_SPAN), Cell(grade, colspan=3, align=Align.CENTER)],
    ], header_rows=1, small=True)


def _indicator_score_text(typed: str, scored: Scored | None) -> str:
    """得分: as the officer typed it, else the engine's score ("" while it cannot score)."""
    if typed.strip():
        return typed
    if scored is None or scored.computed is None:
        return ""
    return str(scored.computed)


def _with_level1_weights(rows: Sequence[IndicatorRow], rules: ScoringRules) -> list[IndicatorRow]:
    """The rows with each 一级 as printed: its group's 分值 under it, "产出指标（50分）"."""
    runs = merged_runs([row.level1 for row in rows])
    shown = list(rows)
    for start, span in enumerate(runs):
        group = rows[start:start + span]
        if not span or not rows[start].level1.strip():
            continue
        weights = group_weights(group, rules)
        if not weights:
            continue
        text = rows[start].level1 + level1_weight_suffix(weights)
        for k in range(start, start + span):
            shown[k] = IndicatorRow(cells={**rows[k].cells, "level1": text})
    return shown


class RowTexts(Protocol):
    """What the 分值 helpers read of a row: an IndicatorRow, or the texts an import found."""

    def get(self, column: str) -> str: ...


def group_weights(rows: Sequence[RowTexts], rules: ScoringRules) -> list[Decimal]:
    """The 分值 an 一级 group's rows state (a row without a number in its 分值 has none)."""
    return [w for w in (number(row.get(rules.weight)) for row in rows) if w is not None]


def level1_weight_suffix(weights: Sequence[Decimal]) -> str:
    return f"\n（{plain(sum(weights, Decimal(0)))}分）"


# A group's 分值 an officer typed after the 一级 ("产出指标（50分）", "产出指标 (50分)").
_TYPED_WEIGHT = re.compile(r"\s*[（(]\s*\d+(?:\.\d+)?\s*分\s*[）)]\s*$")


def level1_as_typed(printed: str, weights: Sequence[Decimal]) -> str:
    """An 一级 cell read back (Excel import): the group's 分值 the layout adds taken off, or the
    one an officer typed the published form with; only a group whose rows state a 分值 prints
    one, so a cell of another group is its 一级 as it stands."""
    if not weights or not printed.strip():
        return printed
    suffix = level1_weight_suffix(weights)
    if printed.endswith(suffix):
        return printed[:-len(suffix)]
    typed = _TYPED_WEIGHT.search(printed)
    return printed[:typed.start()] if typed and typed.start() > 0 else printed


def _weights_total(rows: Sequence[IndicatorRow], scores: SheetScore,
                   rules: ScoringRules) -> str:
    """总分's 分值: the indicators' and the 预算执行's (100 on a complete form); nothing while no
    indicator has its 分值 (a blank form would print the 预算执行's 10 alone)."""
    weights = [w for w in (number(row.get(rules.weight)) for row in rows if row.name.strip())
               if w is not None]
    if not weights:
        return ""
    if scores.execution is not None and scores.execution.weight is not None:
        weights.append(scores.execution.weight)
    return plain(sum(weights, Decimal(0)))


def _total_and_grade(evaluation: ProjectEvaluation, scores: SheetScore,
                     template: Template) -> tuple[str, str]:
    """总分 and 等级 as stated; else the computed ones, once every line is scored (a partial sum
    would print a grade the form has not earned)."""
    stated_grade = evaluation.grade
    if evaluation.score is not None:
        grade = stated_grade if stated_grade.strip() else template.grade_for(evaluation.score)
        return format(evaluation.score, "f"), grade or ""
    scored_anything = scores.execution is not None or any(scores.rows)
    if not (scores.complete and scored_anything):
        return "", stated_grade
    return str(scores.total), stated_grade if stated_grade.strip() else (scores.grade or "")
