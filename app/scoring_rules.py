"""A template's 自评 scoring rules, as data (the engine is ``app.scoring``).

The national rules (财预〔2020〕10号) and the real budget system's formulas are the defaults; a
province changes what it prints differently (四川: 预算执行 against the adjusted budget with a reason
under 90%; 广西: a 偏差原因 when the actual reaches 130% of the target). Sources and every
decision: docs/scoring.md.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal


@dataclass(frozen=True)
class QualitativeBand:
    """A 定性 indicator's result, as the officer picks it, and the share of the weight its score
    must lie in: ``low <= score/weight <= high`` (``< high`` unless ``high_inclusive``)."""

    word: str
    low: Decimal
    high: Decimal
    high_inclusive: bool = False

    def bounds(self, weight: Decimal) -> tuple[Decimal, Decimal]:
        """The band's scores for a weight, to the cent, so that a score in cents lies in the band
        exactly when it lies in the printed range: the low end rounded up, the high end up when
        it is excluded and down when it is included (3.33 × 80% = 2.664 prints as 2.67)."""
        cent = Decimal("0.01")
        low = (self.low * weight).quantize(cent, rounding=ROUND_CEILING)
        high = (self.high * weight).quantize(
            cent, rounding=ROUND_FLOOR if self.high_inclusive else ROUND_CEILING)
        return low, high

    def contains(self, score: Decimal, weight: Decimal) -> bool:
        low, high = self.low * weight, self.high * weight
        return low <= score and (score <= high if self.high_inclusive else score < high)


ACHIEVED = "达成年度指标"
PARTLY_ACHIEVED = "部分达成年度指标并具有一定效果"
NOT_ACHIEVED = "未达成年度指标且效果较差"

# 财预〔2020〕10号 and the budget system's check (selfqualscorecheck): [80%,100%], [60%,80%), [0,60%).
NATIONAL_BANDS = (
    QualitativeBand(ACHIEVED, Decimal("0.8"), Decimal("1"), high_inclusive=True),
    QualitativeBand(PARTLY_ACHIEVED, Decimal("0.6"), Decimal("0.8")),
    QualitativeBand(NOT_ACHIEVED, Decimal("0"), Decimal("0.6")),
)

NATIONAL_LEVEL1_WEIGHTS = (("产出指标", Decimal(50)), ("效益指标", Decimal(30)),
                           ("满意度指标", Decimal(10)))


@dataclass(frozen=True)
class ScoringRules:
    """How a self-evaluation form scores itself. Column ids name the indicator table's cells."""

    # 一级 → its weight (the children's 分值 must sum to it); empty: only the total is checked.
    level1_weights: tuple[tuple[str, Decimal], ...] = NATIONAL_LEVEL1_WEIGHTS
    indicator_total: Decimal = Decimal(90)  # Σ of every indicator's 分值
    execution_weight: Decimal = Decimal(10)  # 预算执行率's 分值
    # An 执行率 over 100% scores the full weight, not more (the system's SQL has no cap; the
    # national form's 10 points are a maximum).
    cap_execution: bool = True
    qualitative_bands: tuple[QualitativeBand, ...] = NATIONAL_BANDS
    # An indicator scoring under its weight needs its 偏差原因 (the national form's column).
    reason_when_short: bool = True
    # 执行率 (%) under which the 预算执行 line needs a 原因 (四川: 90); None: never.
    reason_below_rate: Decimal | None = None
    # 实际 ≥ ratio × 指标值 needs a 偏差原因 (广西: 1.3), or 实际 ≥ ``reason_over_zero_target``
    # when the target is 0; None: never.
    reason_over_ratio: Decimal | None = None
    reason_over_zero_target: Decimal = Decimal(30)
    actual: str = "actual"  # 实际完成值 / 完成值
    weight: str = "weight"  # 分值 / 权重
    score: str = "score"  # 得分: empty means "as computed"; a typed score overrides
    reason: str = "deviation_reason"  # 偏差原因分析及改进措施 / 未完成原因分析

    def level1_weight(self, level1: str) -> Decimal | None:
        return dict(self.level1_weights).get(level1.strip())

    def band(self, word: str) -> QualitativeBand | None:
        return next((b for b in self.qualitative_bands if b.word == word.strip()), None)
