"""自评 scoring: each indicator's score from its target, actual value and weight, the 预算执行率
score, the total and the grade, each with the sentence that explains it.

The rules are the template's (``app.scoring_rules``). A score the officer types in the 得分 column
overrides the computed one; it is kept, and the checks hold it to its band (定性) or note that it
differs (定量). Nothing here writes to the document: the editor and the exports ask.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal
from functools import lru_cache
from typing import Iterable, Sequence, TypedDict

from app.model import ExecutionLine, IndicatorRow
from app.scoring_rules import QualitativeBand, ScoringRules
from app.targets import Kind, ParsedTarget, parse_target
from app.templates import GradeBand, IndicatorTableSpec

CENT = Decimal("0.01")
POSITIVE = ("≥", ">")
REVERSE = ("≤", "<")


# Cells hold what was typed, thirty 9s included: numbers this large are refused as numbers
# (no score, a finding), and rounding works in a context wide enough for what remains.
LARGEST = Decimal(10) ** 18
_WIDE = Context(prec=60)


def money2(value: Decimal) -> Decimal:
    """Two decimals, halves away from zero (the system's Oracle ``round(x, 2)``)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP, context=_WIDE)


def plain(value: Decimal) -> str:
    """A number as the officer wrote it: 45, 0.5, 12.25 (no exponent, no trailing zeros)."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


# The checks score every row on every edit: cells repeat ("10", "100%"), so their readings are
# kept (each reading is immutable).
@lru_cache(maxsize=16384)
def number(text: str) -> Decimal | None:
    """The number of a cell ("45", "98.5%", "≥ 3个"); None when it holds no number."""
    if _PLAIN_NUMBER.fullmatch(text):
        value: Decimal | None = Decimal(text)
    else:
        parsed = parse_target(text)
        value = parsed.number if parsed.kind is Kind.QUANTITATIVE else None
    return value if value is None or abs(value) < LARGEST else None


_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_parse_target = lru_cache(maxsize=16384)(parse_target)


def _target(spec: IndicatorTableSpec, row: IndicatorRow, column: str) -> ParsedTarget:
    """``spec.parsed``, with the text's reading kept: a split target its row marks 定性 is left
    to the spec, any other target is the reading of its (joined) text."""
    split = spec.split_of(column)
    if split is not None and split.marks_qualitative(row):
        return spec.parsed(row, column)
    return _parse_target(spec.target_text(row, column))


@dataclass(frozen=True)
class Scored:
    """One scored line: an indicator or 预算执行率."""

    computed: Decimal | None  # by the rules; None when they cannot (see ``explanation``)
    explanation: str  # "实际 45 ÷ 指标值 50 × 分值 20 = 18.00", or what is missing
    weight: Decimal | None = None
    stated: Decimal | None = None  # typed in the 得分 cell: the officer's override
    band: QualitativeBand | None = None  # 定性: the result the officer picked
    qualitative: bool = False
    reason_needed: str = ""  # why this line needs its 偏差原因 / 原因 ("" when it does not)

    @property
    def effective(self) -> Decimal | None:
        """The score that counts and prints: the officer's if typed, else the computed one."""
        return self.stated if self.stated is not None else self.computed

    @property
    def overridden(self) -> bool:
        return self.stated is not None and self.computed is not None and self.stated != self.computed


class _Given(TypedDict):
    """What every ``Scored`` of one line shares: its 分值 and the 得分 typed."""

    weight: Decimal | None
    stated: Decimal | None


def score_quantitative(operator: str | None, target: Decimal, actual: Decimal,
                       weight: Decimal) -> tuple[Decimal, str]:
    """The score of a quantitative indicator and its explanation.

    正向 (≥, >, or no operator): actual ≥ target scores the weight, else actual ÷ target × weight.
    等于 (=): as 正向, except that a target of 0 scores the weight only for an actual ≤ 0.
    反向 (≤, <): actual ≤ target scores the weight; up to twice the target the score falls
    linearly, (1 − (actual − target) ÷ target) × weight; from twice the target on it is 0.
    A negative actual counts as 0. Scores are rounded to two decimals, halves up.
    """
    note = ""
    if actual < 0:
        note = f"实际 {plain(actual)} 按 0 计；"
        actual = Decimal(0)
    a, t, w = plain(actual), plain(target), plain(weight)
    full = money2(weight)
    if operator in REVERSE:
        if actual <= target:
            return full, f"{note}实际 {a} ≤ 指标值 {t}，得满分 {full}"
        if actual >= 2 * target:
            return money2(Decimal(0)), f"{note}实际 {a} ≥ 2 × 指标值 {t}，得 0 分"
        score = money2((1 - (actual - target) / target) * weight)
        return score, f"{note}(1 − (实际 {a} − 指标值 {t}) ÷ 指标值 {t}) × 分值 {w} = {score}"
    if operator == "=" and target == 0:
        if actual <= 0:
            return full, f"{note}指标值为 0，实际 {a} ≤ 0，得满分 {full}"
        return money2(Decimal(0)), f"{note}指标值为 0，实际 {a} > 0，得 0 分"
    if actual >= target:
        return full, f"{note}实际 {a} ≥ 指标值 {t}，得满分 {full}"
    score = money2(actual / target * weight)
    return score, f"{note}实际 {a} ÷ 指标值 {t} × 分值 {w} = {score}"


def target_column(spec: IndicatorTableSpec) -> str | None:
    """The target a self-evaluation scores against: the table's last target column (全年)."""
    return spec.target_ids[-1] if spec.target_ids else None


def score_indicator(row: IndicatorRow, spec: IndicatorTableSpec,
                    rules: ScoringRules) -> Scored:
    weight = number(row.get(rules.weight))
    stated = number(row.get(rules.score))
    column = target_column(spec)
    target = _target(spec, row, column) if column else ParsedTarget(Kind.EMPTY)
    actual_text = row.get(rules.actual).strip()
    if target.kind is Kind.QUALITATIVE:
        return _qualitative(actual_text, weight, stated, rules)
    base = _Given(weight=weight, stated=stated)
    if weight is None:
        return Scored(None, "未填分值，无法计分", **base)
    if target.kind is Kind.EMPTY or target.number is None:
        return Scored(None, "未填指标值，无法计分", **base)
    if abs(target.number) >= LARGEST:
        return Scored(None, "指标值的数字过大，无法计分", **base)
    if not actual_text:
        return Scored(None, "未填实际完成值，无法计分", **base)
    actual = number(actual_text)
    if actual is None:
        return Scored(None, f"实际完成值“{actual_text}”不是数字，无法计分", **base)
    score, explanation = score_quantitative(target.operator, target.number, actual, weight)
    reason = _reason_needed(target, actual, score if stated is None else stated, weight, rules)
    return Scored(score, explanation, reason_needed=reason, **base)


def _qualitative(actual: str, weight: Decimal | None, stated: Decimal | None,
                 rules: ScoringRules) -> Scored:
    # The officer picks a result and types the score; the band bounds it (no formula).
    band = rules.band(actual)
    reason = _qualitative_reason(band, weight, stated, rules)
    if band is None:
        words = "、".join(f"“{b.word}”" for b in rules.qualitative_bands)
        why = f"定性指标：实际完成值请选 {words} 之一" if actual else "定性指标：未填实际完成值"
        return Scored(None, why, weight=weight, stated=stated, qualitative=True,
                      reason_needed=reason)
    if weight is None:
        return Scored(None, f"定性指标“{band.word}”：未填分值", stated=stated, band=band,
                      qualitative=True)
    low, high = band.bounds(weight)
    closing = "]" if band.high_inclusive else ")"
    explanation = f"定性指标“{band.word}”：得分应在 [{low}, {high}{closing} 之间，请填写"
    return Scored(None, explanation, weight=weight, stated=stated, band=band, qualitative=True,
                  reason_needed=reason)


def _qualitative_reason(band: QualitativeBand | None, weight: Decimal | None,
                        stated: Decimal | None, rules: ScoringRules) -> str:
    # As for a 定量 row (and the budget system, for every row): a score under the weight needs
    # its reason; before the score is typed, a result below the top band already does.
    if not rules.reason_when_short or weight is None:
        return ""
    if stated is not None:
        return f"得分 {money2(stated)} 低于分值 {money2(weight)}" if stated < weight else ""
    if band is not None and band is not rules.qualitative_bands[0]:
        return f"定性结果为“{band.word}”"
    return ""


def _reason_needed(target: ParsedTarget, actual: Decimal, score: Decimal, weight: Decimal,
                   rules: ScoringRules) -> str:
    if rules.reason_when_short and score < weight:
        return f"得分 {money2(score)} 低于分值 {money2(weight)}"
    # 广西's check applies to every operator that has a number (正向, 等于 and 反向 alike).
    if (rules.reason_over_ratio is not None and target.number is not None
            and target.number >= 0):
        a, t = plain(actual), plain(target.number)
        if target.number == 0:
            if actual >= rules.reason_over_zero_target:
                return (f"指标值为 0，实际 {a} ≥ {plain(rules.reason_over_zero_target)}，"
                        "实际完成情况超计划较大")
        elif actual >= target.number * rules.reason_over_ratio:
            share = plain(rules.reason_over_ratio * 100)
            return f"实际 {a} ≥ 指标值 {t} 的 {share}%，实际完成情况超计划较大"
    return ""


def score_execution(line: ExecutionLine, rules: ScoringRules) -> Scored:
    """预算执行率 score: 执行数 ÷ 调整后(全年)预算数 × 分值, capped at the 分值 unless the rules
    say otherwise; under the rules' threshold the line needs a 原因."""
    weight = line.weight if line.weight is not None else rules.execution_weight
    base = _Given(weight=weight, stated=line.score)
    if line.adjusted is None or line.executed is None:
        return Scored(None, "未填全年预算数或执行数，无法计分", **base)
    if line.adjusted == 0:
        return Scored(None, "全年预算数为 0，无法计算执行率", **base)
    raw = line.executed / line.adjusted * weight
    capped = rules.cap_execution and raw > weight
    score = money2(weight if capped else raw)
    explanation = (f"执行数 {plain(line.executed)} ÷ 全年预算数 {plain(line.adjusted)} × "
                   f"分值 {plain(weight)} = {money2(raw)}")
    if capped:
        explanation += f"，超过分值按 {score} 计"
    reason = ""
    # "未达到90%": the exact rate counts (89.995% has not reached 90%), shown cut to the cent.
    rate = line.executed / line.adjusted * 100
    if rules.reason_below_rate is not None and rate < rules.reason_below_rate:
        shown = rate.quantize(CENT, rounding=ROUND_DOWN)
        reason = f"执行率 {shown}% 低于 {plain(rules.reason_below_rate)}%"
    return Scored(score, explanation, reason_needed=reason, **base)


def execution_total_line(lines: Sequence[ExecutionLine]) -> ExecutionLine | None:
    """The line that carries the block's score: the one with a weight (总额), else the first."""
    return next((line for line in lines if line.weight is not None), lines[0] if lines else None)


@dataclass(frozen=True)
class SheetScore:
    """A self-evaluation sheet's scores: each indicator, 预算执行率, the total and its grade."""

    rows: tuple[Scored | None, ...]  # by row; None for a row without a 三级 name
    execution: Scored | None
    indicators: Decimal  # Σ of the indicators' effective scores
    total: Decimal  # indicators + 预算执行率
    complete: bool  # every named row and the 预算执行率 have a score
    grade: str | None

    def explanation(self) -> str:
        execution = self.execution.effective if self.execution else None
        parts = f"指标得分合计 {money2(self.indicators)}"
        if execution is not None:
            parts += f" + 预算执行率得分 {money2(execution)}"
        return f"{parts} = {money2(self.total)}" + ("" if self.complete else "（尚有未计分的项）")


def score_sheet(rows: Iterable[IndicatorRow], spec: IndicatorTableSpec, rules: ScoringRules,
                execution: Sequence[ExecutionLine] = (),
                grade_bands: Sequence[GradeBand] = ()) -> SheetScore:
    """A project's sheet: one indicator table and its 预算执行 lines."""
    return score_tables(((row, spec) for row in rows), rules, execution, grade_bands)


def score_tables(rows: Iterable[tuple[IndicatorRow, IndicatorTableSpec]], rules: ScoringRules,
                 execution: Sequence[ExecutionLine] = (),
                 grade_bands: Sequence[GradeBand] = ()) -> SheetScore:
    """A sheet whose indicators lie in several tables (the department's), each row with the
    table it belongs to; ``SheetScore.rows`` follows the order given."""
    scored = tuple(score_indicator(row, spec, rules) if row.name.strip() else None
                   for row, spec in rows)
    total_line = execution_total_line(execution)
    execution_score = score_execution(total_line, rules) if total_line is not None else None
    indicators = sum((s.effective for s in scored if s and s.effective is not None),
                     Decimal(0))
    execution_points = execution_score.effective if execution_score is not None else None
    total = indicators + (execution_points or 0)
    complete = (all(s is None or s.effective is not None for s in scored)
                and (not execution or (execution_score is not None
                                       and execution_score.effective is not None)))
    total = money2(total)
    grade = next((b.grade for b in grade_bands if b.contains(total)), None)
    return SheetScore(scored, execution_score, money2(indicators), total, complete, grade)


def weight_sums(rows: Iterable[IndicatorRow], rules: ScoringRules) -> dict[str, Decimal]:
    """Σ 分值 by 一级, in the rows' order (rows without a weight count 0)."""
    sums: dict[str, Decimal] = {}
    for row in rows:
        if row.name.strip():
            level1 = row.level1.strip()
            sums[level1] = sums.get(level1, Decimal(0)) + (number(row.get(rules.weight)) or 0)
    return sums


def default_weights(rows: Sequence[IndicatorRow], rules: ScoringRules) -> list[Decimal | None]:
    """分值 for a new self-evaluation: each 一级's weight shared evenly by its named rows (to the
    cent, the remainder on the last), or the indicators' total shared by all rows when the rules
    give no 一级 weights. Rows under an 一级 the rules do not weigh get None."""
    named = [n for n, row in enumerate(rows) if row.name.strip()]
    groups: dict[str, list[int]] = {}
    for n in named:
        key = rows[n].level1.strip() if rules.level1_weights else ""
        groups.setdefault(key, []).append(n)
    result: list[Decimal | None] = [None] * len(rows)
    for level1, members in groups.items():
        weight = rules.level1_weight(level1) if rules.level1_weights else rules.indicator_total
        if weight is None:
            continue
        share = (weight / len(members)).quantize(CENT, rounding=ROUND_DOWN)
        for n in members:
            result[n] = share
        result[members[-1]] = weight - share * (len(members) - 1)
    return result
