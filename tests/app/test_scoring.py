"""The 自评 scoring rules, case by case. Every expected score is worked out by hand in the case's
comment (never by calling the code); the sources of the rules are in docs/scoring.md."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from app.model import ExecutionLine, IndicatorRow
from app.scoring import (default_weights, score_execution, score_indicator, score_quantitative,
                         score_sheet, weight_sums)
from app.scoring_rules import (ACHIEVED, NOT_ACHIEVED, PARTLY_ACHIEVED, QualitativeBand,
                               ScoringRules)
from app.templates import Column, ColumnKind, GradeBand, IndicatorTableSpec, SplitTarget

NATIONAL = ScoringRules()
SICHUAN = ScoringRules(level1_weights=(), reason_below_rate=D(90))
GUANGXI = ScoringRules(reason_over_ratio=D("1.3"))

# The national 自评表's columns: the target in one cell ("≥50个").
MERGED = IndicatorTableSpec("merged", "绩效指标", (
    Column("level1", "一级指标"), Column("level2", "二级指标"), Column("name", "三级指标"),
    Column("target", "年度指标值", ColumnKind.TARGET), Column("actual", "实际完成值"),
    Column("weight", "分值", ColumnKind.NUMBER), Column("score", "得分", ColumnKind.NUMBER),
    Column("deviation_reason", "偏差原因分析及改进措施"),
))
# 四川's: 指标性质 | 指标值 | 度量单位 in three cells, "定性" in the first for a 定性 row.
SPLIT = IndicatorTableSpec("split", "绩效指标", (
    Column("level1", "一级指标"), Column("level2", "二级指标"), Column("name", "三级指标"),
    Column("operator", "指标性质", ColumnKind.CHOICE), Column("target", "指标值"),
    Column("unit", "度量单位"), Column("actual", "完成值"),
    Column("weight", "权重", ColumnKind.NUMBER), Column("score", "得分", ColumnKind.NUMBER),
    Column("deviation_reason", "未完成原因分析"),
), split_targets=(SplitTarget("target", operator="operator", unit="unit"),))

NATIONAL_GRADES = (GradeBand("优", D(90), None), GradeBand("良", D(80), D(90)),
                   GradeBand("中", D(60), D(80)), GradeBand("差", None, D(60)))
SHIJIAZHUANG_GRADES = (GradeBand("优秀", D(85), None), GradeBand("良好", D(75), D(85)),
                       GradeBand("一般", D(60), D(75)), GradeBand("较差", None, D(60)))


def row(target: str = "", actual: str = "", weight: str = "", score: str = "",
        name: str = "指标", level1: str = "产出指标", **cells: str) -> IndicatorRow:
    return IndicatorRow(cells={"level1": level1, "name": name, "target": target,
                               "actual": actual, "weight": weight, "score": score, **cells})


# 1. 定量: every operator --------------------------------------------------------------------

QUANTITATIVE = [
    # 正向 ≥: under the target the share of the weight, at or over it the whole weight.
    ("≥50", "45", "20", "18.00"),  # 45/50*20 = 18.00
    ("≥50", "50", "20", "20.00"),  # 50 ≥ 50: full 20
    ("≥50", "60", "20", "20.00"),  # over-completion: full 20, never more
    ("≥50个", "25个", "10", "5.00"),  # units on both: 25/50*10 = 5.00
    ("≥90%", "85.7%", "10", "9.52"),  # 85.7/90*10 = 9.5222… → 9.52
    ("＞＝90%", "81%", "10", "9.00"),  # full-width ＞＝ is ≥: 81/90*10 = 9.00
    # > scores like ≥ (the system's rule for both): reaching the target is full marks.
    (">50", "45", "20", "18.00"),  # 45/50*20 = 18.00
    ("＞50", "50", "20", "20.00"),  # full-width ＞; 50 reaches 50: full 20
    # No operator: 正向.
    ("50", "45", "20", "18.00"),  # 45/50*20 = 18.00
    ("50", "70", "20", "20.00"),  # over: full 20
    # 等于 with a target above 0: as 正向.
    ("=100%", "98%", "10", "9.80"),  # 98/100*10 = 9.80
    ("=100%", "100%", "10", "10.00"),  # equal: full 10
    ("=100%", "105%", "10", "10.00"),  # over: full 10
    ("＝100%", "90%", "10", "9.00"),  # full-width ＝: 90/100*10 = 9.00
    # 等于 with a target of 0: all or nothing.
    ("=0", "0", "5", "5.00"),  # actual 0 ≤ 0: full 5
    ("＝0起", "0起", "5", "5.00"),  # full-width, with a unit: full 5
    ("=0", "1", "5", "0.00"),  # actual 1 > 0: 0
    ("=0", "0.01", "5", "0.00"),  # any actual above 0: 0
    # 反向 ≤ <: full up to the target, 0 from twice the target, linear in between.
    ("≤10", "8", "20", "20.00"),  # 8 ≤ 10: full 20
    ("≤10", "10", "20", "20.00"),  # 10 ≤ 10: full 20
    ("≤10", "12", "20", "16.00"),  # (1-(12-10)/10)*20 = 0.8*20 = 16.00
    ("≤10", "15", "20", "10.00"),  # (1-(15-10)/10)*20 = 0.5*20 = 10.00
    ("≤10", "19.99", "20", "0.02"),  # (1-9.99/10)*20 = 0.001*20 = 0.02
    ("≤10", "20", "20", "0.00"),  # 20 ≥ 2×10: 0
    ("≤10", "25", "20", "0.00"),  # beyond 2×10: 0
    ("<10", "12", "20", "16.00"),  # < scores like ≤: (1-2/10)*20 = 16.00
    ("＜＝12万元", "15万元", "10", "7.50"),  # full-width ＜＝ is ≤: (1-3/12)*10 = 7.50
    ("≤0", "0", "4", "4.00"),  # target 0, actual 0 ≤ 0: full 4
    ("≤0", "1", "4", "0.00"),  # target 0, actual 1 ≥ 2×0: 0 (no division by 0)
    # Negative actuals count as 0.
    ("≥50", "-5", "20", "0.00"),  # counted 0: 0/50*20 = 0.00
    ("≤10", "-3", "20", "20.00"),  # counted 0 ≤ 10: full 20
    ("=0", "-2", "5", "5.00"),  # counted 0 ≤ 0: full 5
    # Two decimals, halves up.
    ("≥3", "1", "20", "6.67"),  # 1/3*20 = 6.666… → 6.67
    ("＜＝3", "4", "10", "6.67"),  # (1-(4-3)/3)*10 = 2/3*10 = 6.666… → 6.67
    ("≥16", "1", "10", "0.63"),  # 1/16*10 = 0.625 exactly → 0.63 (half-even would say 0.62)
    ("≤16", "31", "10", "0.63"),  # (1-15/16)*10 = 0.625 exactly → 0.63
    ("≥200", "1", "1.5", "0.01"),  # 1/200*1.5 = 0.0075 → 0.01
    ("≥8", "1", "0.1", "0.01"),  # 1/8*0.1 = 0.0125 → 0.01 (under the half)
]


@pytest.mark.parametrize("target, actual, weight, expected", QUANTITATIVE)
def test_quantitative_score(target, actual, weight, expected):
    scored = score_indicator(row(target, actual, weight), MERGED, NATIONAL)
    assert scored.computed == D(expected)
    assert str(scored.computed) == expected  # two decimals, always
    assert not scored.qualitative and scored.effective == D(expected)


def test_the_split_target_reads_like_one_cell():
    # 四川: "≥" | "90" | "%" is ≥90%: 85.7/90*10 = 9.52; "≤" | "12" | "万元": 11.5 ≤ 12: full 10.
    split = row("90", "85.7", "10", operator="≥", unit="%")
    assert score_indicator(split, SPLIT, SICHUAN).computed == D("9.52")
    cost = row("12", "11.5", "10", operator="≤", unit="万元")
    assert score_indicator(cost, SPLIT, SICHUAN).computed == D("10.00")


@pytest.mark.parametrize("operator, target, actual, weight, explanation", [
    ("≥", D(50), D(45), D(20), "实际 45 ÷ 指标值 50 × 分值 20 = 18.00"),
    ("≥", D(50), D(60), D(20), "实际 60 ≥ 指标值 50，得满分 20.00"),
    (None, D("90"), D("85.7"), D(10), "实际 85.7 ÷ 指标值 90 × 分值 10 = 9.52"),
    ("≤", D(10), D(12), D(20), "(1 − (实际 12 − 指标值 10) ÷ 指标值 10) × 分值 20 = 16.00"),
    ("≤", D(10), D(8), D(20), "实际 8 ≤ 指标值 10，得满分 20.00"),
    ("<", D(10), D(20), D(20), "实际 20 ≥ 2 × 指标值 10，得 0 分"),
    ("=", D(0), D(1), D(5), "指标值为 0，实际 1 > 0，得 0 分"),
    ("=", D(0), D(0), D(5), "指标值为 0，实际 0 ≤ 0，得满分 5.00"),
    ("≥", D(50), D(-5), D(20), "实际 -5 按 0 计；实际 0 ÷ 指标值 50 × 分值 20 = 0.00"),
])
def test_each_score_says_how_it_was_reached(operator, target, actual, weight, explanation):
    assert score_quantitative(operator, target, actual, weight)[1] == explanation


@pytest.mark.parametrize("cells, explanation", [
    (dict(target="≥50", actual="45"), "未填分值，无法计分"),
    (dict(actual="45", weight="20"), "未填指标值，无法计分"),
    (dict(target="≥50", weight="20"), "未填实际完成值，无法计分"),
    (dict(target="≥50", actual="约一半", weight="20"), "实际完成值“约一半”不是数字，无法计分"),
])
def test_what_is_missing_is_said(cells, explanation):
    scored = score_indicator(row(**cells), MERGED, NATIONAL)
    assert scored.computed is None and scored.explanation == explanation


def test_a_typed_score_overrides_and_is_kept():
    # 45/50*20 = 18.00 by the rules; the officer typed 19: 19 counts and prints.
    scored = score_indicator(row("≥50", "45", "20", "19"), MERGED, NATIONAL)
    assert (scored.computed, scored.stated, scored.effective) == (D("18.00"), D(19), D(19))
    assert scored.overridden
    # Typing what the rules give is no override: 18 = 18.00.
    assert not score_indicator(row("≥50", "45", "20", "18"), MERGED, NATIONAL).overridden


# 2. 定性: the officer's band and score ------------------------------------------------------

def test_a_qualitative_row_has_no_computed_score_but_its_band():
    scored = score_indicator(row("合规", PARTLY_ACHIEVED, "20"), MERGED, NATIONAL)
    assert scored.qualitative and scored.computed is None and scored.effective is None
    assert scored.band is NATIONAL.band(PARTLY_ACHIEVED)
    # 20*60% = 12.00 (included) to 20*80% = 16.00 (excluded).
    assert scored.explanation == ("定性指标“部分达成年度指标并具有一定效果”：得分应在 "
                                  "[12.00, 16.00) 之间，请填写")
    typed = score_indicator(row("合规", PARTLY_ACHIEVED, "20", "14"), MERGED, NATIONAL)
    assert typed.effective == D(14) and not typed.overridden


def test_the_split_form_marks_qualitative_in_its_operator_cell():
    # 四川 "定性" | "明显": the 完成值 holds the band word.
    scored = score_indicator(row("明显", ACHIEVED, "5", operator="定性"), SPLIT, SICHUAN)
    assert scored.qualitative and scored.band.word == ACHIEVED
    assert scored.explanation == "定性指标“达成年度指标”：得分应在 [4.00, 5.00] 之间，请填写"


def test_a_qualitative_actual_that_is_no_band_word_is_named():
    scored = score_indicator(row("合规", "合规", "10", "10"), MERGED, NATIONAL)
    assert scored.band is None and scored.effective == D(10)
    assert scored.explanation == ("定性指标：实际完成值请选 “达成年度指标”、“部分达成年度指标并具有"
                                  "一定效果”、“未达成年度指标且效果较差” 之一")
    empty = score_indicator(row("合规", "", "10"), MERGED, NATIONAL)
    assert empty.explanation == "定性指标：未填实际完成值"


# Weight 20: 达成 [16, 20], 部分达成 [12, 16), 未达成 [0, 12).
BAND_CASES = [
    (ACHIEVED, "20", True),  # the top end is included: 20 ≤ 20
    (ACHIEVED, "16", True),  # 80% of 20 = 16 belongs to the top band
    (ACHIEVED, "15.99", False),
    (ACHIEVED, "20.01", False),
    (PARTLY_ACHIEVED, "16", False),  # 80% is excluded from the middle band
    (PARTLY_ACHIEVED, "15.99", True),
    (PARTLY_ACHIEVED, "12", True),  # 60% of 20 = 12 is included
    (PARTLY_ACHIEVED, "11.99", False),
    (NOT_ACHIEVED, "12", False),  # 60% is excluded from the bottom band
    (NOT_ACHIEVED, "11.99", True),
    (NOT_ACHIEVED, "0", True),
]


@pytest.mark.parametrize("word, score, inside", BAND_CASES)
def test_the_three_bands_and_their_boundaries(word, score, inside):
    band = score_indicator(row("合规", word, "20", score), MERGED, NATIONAL).band
    assert band.word == word
    assert band.contains(D(score), D(20)) is inside


def test_band_bounds_print_the_scores_that_pass():
    # Weight 3.33: 80% = 2.664, 60% = 1.998. To the cent, the top band takes 2.67 to 3.33 and
    # the middle band 2.00 up to 2.66: the printed bounds say exactly that.
    top, middle = NATIONAL.band(ACHIEVED), NATIONAL.band(PARTLY_ACHIEVED)
    assert top.bounds(D("3.33")) == (D("2.67"), D("3.33"))
    assert middle.bounds(D("3.33")) == (D("2.00"), D("2.67"))
    assert not top.contains(D("2.66"), D("3.33")) and middle.contains(D("2.66"), D("3.33"))
    assert top.contains(D("2.67"), D("3.33")) and not middle.contains(D("2.67"), D("3.33"))


def test_a_band_of_the_data_and_its_contains():
    band = QualitativeBand("好", D("0.5"), D("1"), high_inclusive=True)
    assert band.contains(D(5), D(10)) and band.contains(D(10), D(10))
    assert not band.contains(D("4.99"), D(10))


# 3. 偏差原因: when a row needs one --------------------------------------------------------

@pytest.mark.parametrize("rules, cells, reason", [
    # Under the weight: 45/50*20 = 18.00 < 20.
    (NATIONAL, dict(target="≥50", actual="45", weight="20"), "得分 18.00 低于分值 20.00"),
    # Full marks: none.
    (NATIONAL, dict(target="≥50", actual="50", weight="20"), ""),
    # A typed full score counts, not the computed 18.00.
    (NATIONAL, dict(target="≥50", actual="45", weight="20", score="20"), ""),
    # Nor when the rules do not ask.
    (ScoringRules(reason_when_short=False), dict(target="≥50", actual="45", weight="20"), ""),
    # 定性: a typed score under the weight, or before any score a band below the top.
    (NATIONAL, dict(target="合规", actual=ACHIEVED, weight="20", score="18"),
     "得分 18.00 低于分值 20.00"),
    (NATIONAL, dict(target="合规", actual=ACHIEVED, weight="20"), ""),
    (NATIONAL, dict(target="合规", actual=NOT_ACHIEVED, weight="20"),
     "定性结果为“未达成年度指标且效果较差”"),
    (NATIONAL, dict(target="合规", actual="合规", weight="20", score="19"),
     "得分 19.00 低于分值 20.00"),
    # 广西: an actual at 130% of the target or more: 65 ≥ 50*1.3 = 65.
    (GUANGXI, dict(target="≥50", actual="65", weight="20"),
     "实际 65 ≥ 指标值 50 的 130%，实际完成情况超计划较大"),
    (GUANGXI, dict(target="≥100", actual="130", weight="20"),
     "实际 130 ≥ 指标值 100 的 130%，实际完成情况超计划较大"),
    (GUANGXI, dict(target="≥100", actual="129", weight="20"), ""),  # 129 < 100*1.3 = 130
    # 广西, target 0: an actual of 30 or more.
    (GUANGXI, dict(target="≥0", actual="30", weight="20"),
     "指标值为 0，实际 30 ≥ 30，实际完成情况超计划较大"),
    (GUANGXI, dict(target="≥0", actual="29.99", weight="20"), ""),
    # 广西 applies to 反向 too; here only 广西 asks (12 ≥ 9*1.3 = 11.7).
    (ScoringRules(reason_over_ratio=D("1.3"), reason_when_short=False),
     dict(target="≤9", actual="12", weight="20"),
     "实际 12 ≥ 指标值 9 的 130%，实际完成情况超计划较大"),
    # 广西 does not apply to 定性.
    (ScoringRules(reason_over_ratio=D("1.3"), reason_when_short=False),
     dict(target="合规", actual=ACHIEVED, weight="20", score="20"), ""),
    # Not 广西: an over-completion needs nothing.
    (NATIONAL, dict(target="≥100", actual="200", weight="20"), ""),
])
def test_when_a_reason_is_needed(rules, cells, reason):
    assert score_indicator(row(**cells), MERGED, rules).reason_needed == reason


# 4. 预算执行率 --------------------------------------------------------------------------------

@pytest.mark.parametrize("rules, line, expected", [
    # 执行数 ÷ 全年(调整后)预算数 × 10.
    (NATIONAL, ExecutionLine(adjusted=D(120), executed=D(110), weight=D(10)), "9.17"),
    # 110/120*10 = 9.1666… → 9.17
    (NATIONAL, ExecutionLine(adjusted=D(100), executed=D(95), weight=D(10)), "9.50"),
    # 95/100*10 = 9.50
    (NATIONAL, ExecutionLine(adjusted=D(100), executed=D(100), weight=D(10)), "10.00"),
    # 100/100*10 = 10.00
    (NATIONAL, ExecutionLine(adjusted=D(100), executed=D(110), weight=D(10)), "10.00"),
    # 110/100*10 = 11.00, capped at the weight 10
    (ScoringRules(cap_execution=False),
     ExecutionLine(adjusted=D(100), executed=D(110), weight=D(10)), "11.00"),
    # uncapped: 110/100*10 = 11.00
    (NATIONAL, ExecutionLine(adjusted=D(300), executed=D(100)), "3.33"),
    # no weight on the line: the rules' 10; 100/300*10 = 3.333… → 3.33
    (NATIONAL, ExecutionLine(adjusted=D(100), executed=D(0), weight=D(10)), "0.00"),
    # nothing spent: 0/100*10 = 0.00
])
def test_execution_rate_score(rules, line, expected):
    assert score_execution(line, rules).computed == D(expected)


def test_execution_explanations():
    capped = score_execution(ExecutionLine(adjusted=D(100), executed=D(110), weight=D(10)),
                             NATIONAL)
    assert capped.explanation == "执行数 110 ÷ 全年预算数 100 × 分值 10 = 11.00，超过分值按 10.00 计"
    plain = score_execution(ExecutionLine(adjusted=D(120), executed=D(110), weight=D(10)),
                            NATIONAL)
    assert plain.explanation == "执行数 110 ÷ 全年预算数 120 × 分值 10 = 9.17"


@pytest.mark.parametrize("line, explanation", [
    (ExecutionLine(adjusted=D(0), executed=D(0), weight=D(10)), "全年预算数为 0，无法计算执行率"),
    (ExecutionLine(adjusted=D(0), executed=D(5), weight=D(10)), "全年预算数为 0，无法计算执行率"),
    (ExecutionLine(executed=D(5), weight=D(10)), "未填全年预算数或执行数，无法计分"),
    (ExecutionLine(adjusted=D(5), weight=D(10)), "未填全年预算数或执行数，无法计分"),
])
def test_execution_without_a_budget_has_no_score(line, explanation):
    scored = score_execution(line, NATIONAL)
    assert scored.computed is None and scored.explanation == explanation


def test_a_typed_execution_score_overrides():
    # 95/100*10 = 9.50 by the rules; 9 typed.
    scored = score_execution(ExecutionLine(adjusted=D(100), executed=D(95), weight=D(10),
                                           score=D(9)), NATIONAL)
    assert scored.overridden and scored.effective == D(9)


@pytest.mark.parametrize("adjusted, executed, reason", [
    (D(100), D("89.99"), "执行率 89.99% 低于 90%"),  # 89.99/100 = 89.99% < 90%
    (D(100), D(90), ""),  # 90/100 = 90% has reached 90%
    (D(100), D(100), ""),
    # 179990/200000 = 89.995%: not yet 90% though it rounds to 90.00; shown cut to 89.99
    (D(200000), D(179990), "执行率 89.99% 低于 90%"),
])
def test_sichuan_asks_a_reason_under_90_percent(adjusted, executed, reason):
    line = ExecutionLine(adjusted=adjusted, executed=executed, weight=D(10))
    assert score_execution(line, SICHUAN).reason_needed == reason
    assert score_execution(line, NATIONAL).reason_needed == ""  # the national form does not


# 5. The sheet: total and grade --------------------------------------------------------------

def _sheet_rows():
    return [
        row("≥50", "45", "25", name="甲"),  # 45/50*25 = 22.50
        row("≤10", "12", "25", name="乙"),  # (1-2/10)*25 = 20.00
        IndicatorRow(cells={"level1": "产出指标", "level2": "质量指标"}),  # no 三级: not scored
        row("合规", ACHIEVED, "30", "27", name="丙", level1="效益指标"),  # typed 27
        row("≥90%", "95%", "10", name="丁", level1="满意度指标"),  # over: full 10.00
    ]


def test_sheet_total_and_national_grade():
    execution = [ExecutionLine(name="总额", adjusted=D(100), executed=D(95), weight=D(10)),
                 ExecutionLine(name="其中：财政资金", adjusted=D(100), executed=D(95))]
    sheet = score_sheet(_sheet_rows(), MERGED, NATIONAL, execution, NATIONAL_GRADES)
    assert sheet.rows[2] is None
    # 22.50 + 20.00 + 27 + 10.00 = 79.50; 执行 95/100*10 = 9.50 (the line with the weight)
    assert sheet.indicators == D("79.50")
    assert sheet.execution.effective == D("9.50")
    assert sheet.total == D("89.00")  # 79.50 + 9.50
    assert sheet.complete
    assert sheet.grade == "良"  # 80 ≤ 89 < 90
    assert sheet.explanation() == "指标得分合计 79.50 + 预算执行率得分 9.50 = 89.00"
    # 石家庄's bands: 89 ≥ 85 is 优秀.
    assert score_sheet(_sheet_rows(), MERGED, NATIONAL, execution,
                       SHIJIAZHUANG_GRADES).grade == "优秀"


def test_an_unscored_row_leaves_the_sheet_incomplete():
    rows = _sheet_rows()
    rows[3] = row("合规", ACHIEVED, "30", name="丙", level1="效益指标")  # no typed score
    sheet = score_sheet(rows, MERGED, NATIONAL)
    assert not sheet.complete
    assert sheet.indicators == D("52.50")  # 22.50 + 20.00 + 10.00; the 定性 row counts nothing
    assert sheet.explanation() == "指标得分合计 52.50 = 52.50（尚有未计分的项）"
    # Execution lines that cannot be scored leave it incomplete too.
    blank = score_sheet(_sheet_rows(), MERGED, NATIONAL, [ExecutionLine(name="总额")])
    assert not blank.complete


# One indicator of 分值 90 with a typed score, 执行 typed 10: the total is the score + 10.
@pytest.mark.parametrize("typed, total, national, shijiazhuang", [
    ("80", "90.00", "优", "优秀"),  # 80+10 = 90: 优 from 90 (included)
    ("79.99", "89.99", "良", "优秀"),  # 79.99+10 = 89.99
    ("75", "85.00", "良", "优秀"),  # 75+10 = 85: 石家庄's 优秀 from 85 (included)
    ("74.99", "84.99", "良", "良好"),  # 74.99+10 = 84.99
    ("70", "80.00", "良", "良好"),  # 70+10 = 80: 良 from 80 (included)
    ("69.99", "79.99", "中", "良好"),  # 69.99+10 = 79.99
    ("65", "75.00", "中", "良好"),  # 65+10 = 75: 良好 from 75 (included)
    ("64.99", "74.99", "中", "一般"),  # 64.99+10 = 74.99
    ("50", "60.00", "中", "一般"),  # 50+10 = 60: 中 / 一般 from 60 (included)
    ("49.99", "59.99", "差", "较差"),  # 49.99+10 = 59.99
    ("90", "100.00", "优", "优秀"),  # 90+10 = 100
])
def test_grade_bands(typed, total, national, shijiazhuang):
    rows = [row("≥1", "1", "90", typed)]
    execution = [ExecutionLine(adjusted=D(100), executed=D(100), weight=D(10), score=D(10))]
    sheet = score_sheet(rows, MERGED, SICHUAN, execution, NATIONAL_GRADES)
    assert sheet.total == D(total) and sheet.grade == national
    assert score_sheet(rows, MERGED, SICHUAN, execution,
                       SHIJIAZHUANG_GRADES).grade == shijiazhuang


# 6. 分值: sums and defaults -------------------------------------------------------------------

def test_weight_sums_by_level1_count_named_rows_only():
    rows = [row(weight="20"), row(weight=""), row(weight="15"),
            IndicatorRow(cells={"level1": "产出指标", "weight": "99"}),  # no 三级: left out
            row(weight="30", level1="效益指标"), row(weight="10.5", level1="满意度指标")]
    # 产出 20 + 0 + 15 = 35; 效益 30; 满意度 10.5
    assert weight_sums(rows, NATIONAL) == {"产出指标": D(35), "效益指标": D(30),
                                           "满意度指标": D("10.5")}
    assert list(weight_sums(rows, NATIONAL)) == ["产出指标", "效益指标", "满意度指标"]


def test_default_weights_share_each_level1():
    rows = [row(name="a"), row(name="b"), row(name="c"),
            IndicatorRow(cells={"level1": "产出指标"}),  # a category printed without indicator
            row(name="d", level1="效益指标"), row(name="e", level1="效益指标"),
            row(name="f", level1="满意度指标"),
            row(name="g", level1="成本指标")]  # a 一级 the rules do not weigh
    weights = default_weights(rows, NATIONAL)
    # 产出 50 over 3: 50/3 = 16.666… cut to 16.66, twice; the last 50 − 2×16.66 = 16.68
    # 效益 30 over 2: 15.00, 15.00; 满意度 10 over 1: 10
    assert weights == [D("16.66"), D("16.66"), D("16.68"), None, D(15), D(15), D(10), None]
    assert sum(w for w in weights[:3]) == D(50)


def test_default_weights_without_level1_weights_share_the_total():
    # 四川: 90 over 7 rows: 90/7 = 12.857… cut to 12.85, six times; the last 90 − 77.10 = 12.90
    rows = [row(name=str(n), level1=level1)
            for n, level1 in enumerate(["产出指标"] * 4 + ["效益指标"] * 3)]
    weights = default_weights(rows, SICHUAN)
    assert weights == [D("12.85")] * 6 + [D("12.90")]
    assert sum(weights) == D(90)


def test_numbers_too_large_to_be_scores_score_nothing_and_never_crash():
    # Thirty 9s typed in 得分, 分值 or 实际完成值 (the generated documents found it).
    spec = IndicatorTableSpec("t", "t", (
        Column("level1", "一级指标"), Column("name", "三级指标"),
        Column("target", "年度指标值", ColumnKind.TARGET), Column("actual", "实际完成值"),
        Column("weight", "分值", ColumnKind.NUMBER), Column("score", "得分", ColumnKind.NUMBER)))
    huge = "9" * 30
    rules = ScoringRules()
    cases = (  # the typed 得分 is no number, so 5 ÷ 10 × 20 = 10.00 stands; the others: none
        ({"target": "≥10", "actual": "5", "weight": "20", "score": huge}, D("10.00")),
        ({"target": "≥10", "actual": huge, "weight": "20"}, None),
        ({"target": "≥10", "actual": "5", "weight": huge}, None),
        ({"target": f"≥{huge}", "actual": "5", "weight": "20"}, None))
    for cells, expected in cases:
        row = IndicatorRow(cells={"level1": "产出指标", "name": "大数", **cells})
        sheet = score_sheet([row], spec, rules)
        assert sheet.rows[0] is not None and sheet.rows[0].effective == expected, cells
