"""审核 of a self-evaluation's scores: each rule firing and not firing, on hand-made documents of
the 四川 form and of a department form built here (national 一级 weights and grades)."""
from __future__ import annotations

import time
from dataclasses import replace
from decimal import Decimal as D

import pytest

import app.scoring
from app.checks import Severity, run_checks
from app.checks.scoring import check_scoring
from app.model import (Department, ExecutionLine, IndicatorRow, IndicatorTable,
                       ProjectEvaluation, TargetDocument)
from app.scoring_rules import ACHIEVED, NOT_ACHIEVED, PARTLY_ACHIEVED, ScoringRules
from app.templates import (Column, ColumnKind, FieldKind, FieldSpec, GradeBand,
                           IndicatorTableSpec, Section, Template, get_template)

CODES = {"SCORE_WEIGHTS_SUM", "SCORE_ABOVE_WEIGHT", "SCORE_OUT_OF_BAND", "SCORE_OVERRIDDEN",
         "SCORE_MISSING", "DEVIATION_REASON_MISSING", "EXECUTION_REASON_MISSING",
         "TOTAL_SCORE_MISMATCH", "GRADE_MISMATCH"}
NATIONAL_GRADES = (GradeBand("优", D(90), None), GradeBand("良", D(80), D(90)),
                   GradeBand("中", D(60), D(80)), GradeBand("差", None, D(60)))


def sichuan_row(level1, name, operator, target, unit, actual, weight, score="", reason=""):
    return IndicatorRow(cells={"level1": level1, "level2": "二级", "name": name,
                               "operator": operator, "target": target, "unit": unit,
                               "actual": actual, "weight": weight, "score": score,
                               "deviation_reason": reason})


@pytest.fixture
def sichuan():
    """A 四川 project whose scores all tie: 30 + 30 + 20 + 10 = 90 and 执行 95/100*10 = 9.50,
    stated 总分 99.50."""
    template = get_template("sichuan-project-eval")
    document = template.new_document("测试主管部门", 2023)
    project = document.projects[0]
    project.name = "测试项目"
    project.indicators = [
        sichuan_row("产出指标", "完成数量", "≥", "50", "个", "50", "30"),  # full 30.00
        sichuan_row("产出指标", "合格率", "=", "100", "%", "100", "30"),  # full 30.00
        sichuan_row("效益指标", "群众知晓", "定性", "明显", "", ACHIEVED, "20", "20"),  # typed 20
        IndicatorRow(cells={"level1": "效益指标", "level2": "生态效益指标"}),  # no 三级
        sichuan_row("满意度指标", "满意度", "≥", "90", "%", "95", "10"),  # over: full 10.00
    ]
    project.evaluation.execution = [
        ExecutionLine(name="总额", adjusted=D(100), executed=D(95), weight=D(10)),
        ExecutionLine(name="其中：财政资金", adjusted=D(100), executed=D(95)),
    ]
    project.evaluation.score = D("99.50")  # 30 + 30 + 20 + 10 + 9.50
    return document


def found(document, code, template=None):
    findings = (run_checks(document) if template is None
                else list(check_scoring(document, template)))
    return [f for f in findings if f.code == code]


def codes(document, template=None):
    findings = (run_checks(document) if template is None
                else list(check_scoring(document, template)))
    return {f.code for f in findings} & CODES


def test_a_sheet_that_ties_has_no_scoring_finding(sichuan):
    assert codes(sichuan) == set()


def test_no_rules_no_scoring_checks(sichuan):
    template = replace(get_template("sichuan-project-eval"), scoring=None)
    sichuan.projects[0].indicators[0].set("weight", "99")
    assert list(check_scoring(sichuan, template)) == []


# SCORE_WEIGHTS_SUM ---------------------------------------------------------------------------

def test_sichuan_weights_must_total_90(sichuan):
    sichuan.projects[0].indicators[0].set("weight", "25")  # 25 + 30 + 20 + 10 = 85
    [finding] = found(sichuan, "SCORE_WEIGHTS_SUM")  # 四川 weighs no 一级: the total only
    assert finding.severity is Severity.ERROR
    assert finding.location.path == "projects[0].indicators[0].weight"
    assert finding.message == ("项目“测试项目”各指标权重合计 85，应为 90"
                               "（加上预算执行率的 10 分共 100 分）")


def test_a_row_without_a_name_does_not_count(sichuan):
    sichuan.projects[0].indicators[3].set("weight", "5")  # the 三级-less row
    assert not found(sichuan, "SCORE_WEIGHTS_SUM")


def test_missing_weights_are_counted(sichuan):
    sichuan.projects[0].indicators[1].set("weight", "")  # 30 + 0 + 20 + 10 = 60
    [finding] = found(sichuan, "SCORE_WEIGHTS_SUM")
    assert finding.message.endswith("合计 60，应为 90（加上预算执行率的 10 分共 100 分）；"
                                    "其中 1 项未填权重")


# SCORE_ABOVE_WEIGHT --------------------------------------------------------------------------

def test_a_score_above_its_weight(sichuan):
    sichuan.projects[0].indicators[0].set("score", "31")
    [finding] = found(sichuan, "SCORE_ABOVE_WEIGHT")
    assert finding.severity is Severity.ERROR
    assert finding.location.path == "projects[0].indicators[0].score"
    assert finding.message == "项目“测试项目”的指标“完成数量”得分 31 超过权重 30"
    assert not found(sichuan, "SCORE_OVERRIDDEN")  # one finding for the cell


def test_a_score_at_its_weight_is_fine(sichuan):
    sichuan.projects[0].indicators[0].set("score", "30")
    assert not found(sichuan, "SCORE_ABOVE_WEIGHT")


# SCORE_OUT_OF_BAND ---------------------------------------------------------------------------

def test_a_qualitative_score_outside_its_band(sichuan):
    row = sichuan.projects[0].indicators[2]
    row.set("actual", PARTLY_ACHIEVED)
    row.set("score", "17")  # the band of weight 20: [12, 16)
    [finding] = found(sichuan, "SCORE_OUT_OF_BAND")
    assert finding.severity is Severity.ERROR
    assert finding.location.path == "projects[0].indicators[2].score"
    assert finding.message == ("项目“测试项目”的指标“群众知晓”：定性结果“部分达成年度指标并具有一定效果”"
                               "的得分应在 [12.00, 16.00) 之间，现为 17")


@pytest.mark.parametrize("word, score, out", [
    (PARTLY_ACHIEVED, "16", True),  # 80% of 20 belongs to the top band
    (PARTLY_ACHIEVED, "15.99", False),
    (PARTLY_ACHIEVED, "12", False),
    (ACHIEVED, "16", False),
    (ACHIEVED, "15.99", True),
    (NOT_ACHIEVED, "12", True),
    (NOT_ACHIEVED, "0", False),
    ("明显", "3", False),  # no band word: nothing to hold the score to
])
def test_band_boundaries(sichuan, word, score, out):
    row = sichuan.projects[0].indicators[2]
    row.set("actual", word)
    row.set("score", score)
    assert bool(found(sichuan, "SCORE_OUT_OF_BAND")) is out


# SCORE_OVERRIDDEN ----------------------------------------------------------------------------

def test_a_typed_score_that_differs_from_the_rules(sichuan):
    row = sichuan.projects[0].indicators[0]
    row.set("actual", "45")
    row.set("score", "30")  # the rules: 45/50*30 = 27.00
    row.set("deviation_reason", "")
    [finding] = found(sichuan, "SCORE_OVERRIDDEN")
    assert finding.severity is Severity.WARNING
    assert finding.location.path == "projects[0].indicators[0].score"
    assert finding.message == ("项目“测试项目”的指标“完成数量”得分填写为 30，按规则计算为 27.00"
                               "（实际 45 ÷ 指标值 50 × 分值 30 = 27.00）")


def test_a_typed_score_equal_to_the_rules_is_no_override(sichuan):
    row = sichuan.projects[0].indicators[0]
    row.set("actual", "45")
    row.set("score", "27")  # 45/50*30 = 27.00
    assert not found(sichuan, "SCORE_OVERRIDDEN")


def test_a_typed_execution_score_that_differs(sichuan):
    sichuan.projects[0].evaluation.execution[0].score = D(9)  # the rules: 95/100*10 = 9.50
    [finding] = found(sichuan, "SCORE_OVERRIDDEN")
    assert finding.location.path == "projects[0].evaluation.execution[0].score"
    assert finding.message == ("项目“测试项目”的预算执行率得分填写为 9，按规则计算为 9.50"
                               "（执行数 95 ÷ 全年预算数 100 × 分值 10 = 9.50）")


# SCORE_MISSING -------------------------------------------------------------------------------

def test_a_row_without_actual_is_not_scored(sichuan):
    sichuan.projects[0].indicators[0].set("actual", "")
    [finding] = found(sichuan, "SCORE_MISSING")
    assert finding.severity is Severity.WARNING
    assert finding.location.path == "projects[0].indicators[0].actual"
    assert finding.message == "项目“测试项目”的指标“完成数量”未计分：未填实际完成值，无法计分"


def test_a_qualitative_row_waits_for_its_typed_score(sichuan):
    sichuan.projects[0].indicators[2].set("score", "")
    [finding] = found(sichuan, "SCORE_MISSING")
    assert finding.location.path == "projects[0].indicators[2].score"
    assert finding.message == ("项目“测试项目”的指标“群众知晓”未计分：定性指标“达成年度指标”："
                               "得分应在 [16.00, 20.00] 之间，请填写")


def test_a_qualitative_row_without_band_word_nor_score(sichuan):
    row = sichuan.projects[0].indicators[2]
    row.set("actual", "明显")
    row.set("score", "")
    [finding] = found(sichuan, "SCORE_MISSING")
    assert finding.location.path == "projects[0].indicators[2].actual"
    assert "实际完成值请选 “达成年度指标”" in finding.message


def test_no_missing_score_without_weight_or_target(sichuan):
    row = sichuan.projects[0].indicators[0]
    row.set("weight", "")
    row.set("actual", "")  # no weight: INDICATOR_CELL_EMPTY says so, not this rule
    other = sichuan.projects[0].indicators[1]
    other.set("target", "")  # no 指标值: INDICATOR_VALUE_EMPTY (an error) says so
    assert not found(sichuan, "SCORE_MISSING")


def test_an_execution_line_without_figures_is_not_scored(sichuan):
    sichuan.projects[0].evaluation.execution[0].adjusted = None
    sichuan.projects[0].evaluation.execution[1].adjusted = None
    [finding] = found(sichuan, "SCORE_MISSING")
    assert finding.location.path == "projects[0].evaluation.execution[0].adjusted"
    assert finding.message == "项目“测试项目”的预算执行率未计分：未填全年预算数或执行数，无法计分"


# DEVIATION_REASON_MISSING --------------------------------------------------------------------

def test_a_score_under_the_weight_needs_its_reason(sichuan):
    sichuan.projects[0].indicators[0].set("actual", "45")  # 45/50*30 = 27.00 < 30
    [finding] = found(sichuan, "DEVIATION_REASON_MISSING")
    assert finding.severity is Severity.WARNING
    assert finding.location.path == "projects[0].indicators[0].deviation_reason"
    assert finding.message == ("项目“测试项目”的指标“完成数量”：得分 27.00 低于分值 30.00，"
                               "请填写“未完成原因分析”")
    sichuan.projects[0].indicators[0].set("deviation_reason", "受疫情影响延期")
    assert not found(sichuan, "DEVIATION_REASON_MISSING")


def test_a_qualitative_score_under_the_weight_needs_its_reason(sichuan):
    sichuan.projects[0].indicators[2].set("score", "18")  # 达成: [16, 20], 18 < 20
    [finding] = found(sichuan, "DEVIATION_REASON_MISSING")
    assert finding.location.path == "projects[0].indicators[2].deviation_reason"


def test_guangxi_asks_a_reason_from_130_percent(sichuan):
    template = get_template("sichuan-project-eval")
    guangxi = replace(template, scoring=replace(template.scoring, reason_over_ratio=D("1.3")))
    row = sichuan.projects[0].indicators[0]
    row.set("actual", "64.5")  # 64.5 < 50*1.3 = 65: full marks and no reason
    assert not found(sichuan, "DEVIATION_REASON_MISSING", guangxi)
    row.set("actual", "65")  # 65 ≥ 65
    [finding] = found(sichuan, "DEVIATION_REASON_MISSING", guangxi)
    assert finding.message == ("项目“测试项目”的指标“完成数量”：实际 65 ≥ 指标值 50 的 130%，"
                               "实际完成情况超计划较大，请填写“未完成原因分析”")
    assert not found(sichuan, "DEVIATION_REASON_MISSING")  # 四川 itself does not ask


# EXECUTION_REASON_MISSING --------------------------------------------------------------------

def _execute(document, executed):
    for line in document.projects[0].evaluation.execution:
        line.executed = executed


def test_sichuan_execution_under_90_percent_needs_its_reason(sichuan):
    _execute(sichuan, D("89.99"))  # 89.99/100 = 89.99% < 90%
    [finding] = found(sichuan, "EXECUTION_REASON_MISSING")
    assert finding.severity is Severity.ERROR
    assert finding.location.path == "projects[0].evaluation.execution[0].reason"
    assert finding.message == "项目“测试项目”的预算执行率 89.99% 低于 90%，须在“原因”中说明"


def test_sichuan_execution_at_90_percent_needs_none(sichuan):
    _execute(sichuan, D(90))
    assert not found(sichuan, "EXECUTION_REASON_MISSING")


def test_a_reason_on_any_line_of_the_block_counts(sichuan):
    _execute(sichuan, D(80))
    sichuan.projects[0].evaluation.execution[1].reason = "部分项目延至次年支付"
    assert not found(sichuan, "EXECUTION_REASON_MISSING")


# TOTAL_SCORE_MISMATCH ------------------------------------------------------------------------

def test_a_stated_total_that_is_not_the_sum(sichuan):
    sichuan.projects[0].evaluation.score = D(95)
    [finding] = found(sichuan, "TOTAL_SCORE_MISMATCH")
    assert finding.severity is Severity.ERROR
    assert finding.location.path == "projects[0].evaluation.score"
    assert finding.message == ("项目“测试项目”的总分填写为 95.00，按各项得分计算为 99.50"
                               "（指标得分合计 90.00 + 预算执行率得分 9.50 = 99.50）")


def test_the_total_follows_typed_scores(sichuan):
    sichuan.projects[0].indicators[2].set("score", "17")  # 达成 [16, 20]
    sichuan.projects[0].indicators[2].set("deviation_reason", "宣传覆盖不足")
    sichuan.projects[0].evaluation.score = D("96.50")  # 30 + 30 + 17 + 10 + 9.50
    assert codes(sichuan) == set()


def test_no_total_check_while_the_sheet_is_incomplete(sichuan):
    sichuan.projects[0].indicators[0].set("actual", "")
    sichuan.projects[0].evaluation.score = D(95)
    assert not found(sichuan, "TOTAL_SCORE_MISMATCH")


def test_no_total_check_without_a_stated_total(sichuan):
    sichuan.projects[0].evaluation.score = None
    assert not found(sichuan, "TOTAL_SCORE_MISMATCH")


# GRADE_MISMATCH ------------------------------------------------------------------------------

@pytest.fixture
def graded():
    template = get_template("sichuan-project-eval")
    return replace(template, grade_bands=NATIONAL_GRADES)


def test_a_grade_that_does_not_follow_the_stated_total(sichuan, graded):
    sichuan.projects[0].evaluation.grade = "良"  # 99.50 is 优
    [finding] = found(sichuan, "GRADE_MISMATCH", graded)
    assert finding.location.path == "projects[0].evaluation.grade"
    assert finding.message == ("项目“测试项目”的总分 99.5 分应评为“优”，但填写的等级为“良”"
                               "（优 ≥90；良 80–90；中 60–80；差 <60）")
    sichuan.projects[0].evaluation.grade = "优"
    assert not found(sichuan, "GRADE_MISMATCH", graded)


def test_without_a_stated_total_the_computed_one_grades(sichuan, graded):
    evaluation = sichuan.projects[0].evaluation
    evaluation.score = None
    evaluation.grade = "优"
    sichuan.projects[0].indicators[0].set("score", "20")  # 20 + 30 + 20 + 10 + 9.50 = 89.50
    sichuan.projects[0].indicators[0].set("deviation_reason", "部分完成")
    [finding] = found(sichuan, "GRADE_MISMATCH", graded)
    assert finding.message.startswith("项目“测试项目”按各项得分计算的总分 89.50 分应评为“良”")


def test_no_grade_check_without_bands_or_grade(sichuan, graded):
    sichuan.projects[0].evaluation.grade = "差"
    assert not found(sichuan, "GRADE_MISMATCH")  # 四川's form states no grade bands
    sichuan.projects[0].evaluation.grade = ""
    assert not found(sichuan, "GRADE_MISMATCH", graded)


def test_the_hebei_report_grade_still_checked():
    template = get_template("hebei-self-eval")
    document = template.new_document("测试单位", 2022)
    document.self_evaluation.score = D("84.99")
    document.self_evaluation.grade = "优秀"
    [finding] = found(document, "GRADE_MISMATCH")
    assert finding.location.path == "self_evaluation.grade"
    assert finding.message == ("得分 84.99 分应评为“良好”，但填写的等级为“优秀”"
                               "（优秀 ≥85；良好 75–85；一般 60–75；较差 <60）")


# The department: several tables, national 一级 weights ------------------------------------

COLUMNS = (Column("level1", "一级指标"), Column("level2", "二级指标"),
           Column("name", "三级指标"), Column("target", "年度指标值", ColumnKind.TARGET),
           Column("actual", "实际完成值"), Column("weight", "分值", ColumnKind.NUMBER),
           Column("score", "得分", ColumnKind.NUMBER),
           Column("deviation_reason", "偏差原因分析及改进措施"))
DEPARTMENT = Template(
    id="test-dept-eval", title="测试 · 部门整体支出绩效自评表", province="测试",
    document_title="部门整体支出绩效自评表", money_unit="万元",
    new_document=lambda unit, year: TargetDocument(template="test-dept-eval"),
    sections=(Section("evaluation", "预算执行", (
        FieldSpec("department.evaluation.execution", "预算执行情况", FieldKind.EXECUTION),)),
        Section("result", "总分与等级", (
            FieldSpec("department.evaluation.score", "总分", FieldKind.SCORE),
            FieldSpec("department.evaluation.grade", "等级", FieldKind.LINE)))),
    indicator_tables=(IndicatorTableSpec("output", "产出", COLUMNS),
                      IndicatorTableSpec("benefit", "效益与满意度", COLUMNS)),
    grade_bands=NATIONAL_GRADES, scoring=ScoringRules())


def dept_row(level1, name, target, actual, weight, score=""):
    return IndicatorRow(cells={"level1": level1, "name": name, "target": target,
                               "actual": actual, "weight": weight, "score": score})


@pytest.fixture
def department():
    """产出 20 + 30 = 50, 效益 30, 满意度 10; 执行 10: all full, 总分 100, 优."""
    return TargetDocument(template=DEPARTMENT.id, department=Department(
        indicator_tables=[
            IndicatorTable(key="output", rows=[
                dept_row("产出指标", "培训人次", "≥100人次", "120人次", "20"),
                dept_row("产出指标", "覆盖率", "＝100%", "100%", "30")]),
            IndicatorTable(key="benefit", rows=[
                dept_row("效益指标", "就业率", "≥80%", "85%", "30"),
                IndicatorRow(cells={"level1": "效益指标", "level2": "生态效益指标"}),
                dept_row("满意度指标", "学员满意度", "≥90%", "96%", "10")])],
        evaluation=ProjectEvaluation(execution=[
            ExecutionLine(name="年度资金总额", adjusted=D(500), executed=D(500), weight=D(10))],
            score=D(100), grade="优")))


def test_the_department_ties(department):
    assert codes(department, DEPARTMENT) == set()


def test_a_level1_that_misses_its_national_weight(department):
    department.department.indicator_tables[0].rows[1].set("weight", "25")  # 产出 20 + 25 = 45
    department.department.indicator_tables[1].rows[0].set("weight", "35")  # 效益 35; total 90
    findings = found(department, "SCORE_WEIGHTS_SUM", DEPARTMENT)
    assert [(f.location.path, f.message) for f in findings] == [
        ("department.indicator_tables[0].rows[0].weight",
         "部门整体“产出指标”下各指标分值合计 45，应为 50"),
        ("department.indicator_tables[1].rows[0].weight",
         "部门整体“效益指标”下各指标分值合计 35，应为 30"),
    ]
    assert all(f.location.section == "indicators" and f.location.table in ("output", "benefit")
               for f in findings)


def test_department_rows_and_evaluation_locations(department):
    tables = department.department.indicator_tables
    tables[1].rows[2].set("score", "11")  # above 10
    department.department.evaluation.execution[0].score = D(9)  # the rules: 500/500*10 = 10.00
    department.department.evaluation.score = D(99)
    findings = list(check_scoring(department, DEPARTMENT))
    where = {f.code: f.location for f in findings}
    assert where["SCORE_ABOVE_WEIGHT"].path == "department.indicator_tables[1].rows[2].score"
    assert where["SCORE_ABOVE_WEIGHT"].row == 2 and where["SCORE_ABOVE_WEIGHT"].table == "benefit"
    assert where["SCORE_OVERRIDDEN"].path == "department.evaluation.execution[0].score"
    assert where["SCORE_OVERRIDDEN"].section == "evaluation"
    # 20 + 30 + 30 + 11 = 91 and 9 typed: 100.00 ≠ 99
    assert where["TOTAL_SCORE_MISMATCH"].path == "department.evaluation.score"
    assert where["TOTAL_SCORE_MISMATCH"].section == "result"  # the section showing the 总分
    total = next(f for f in findings if f.code == "TOTAL_SCORE_MISMATCH")
    assert total.message == ("部门整体的总分填写为 99.00，按各项得分计算为 100.00"
                             "（指标得分合计 91.00 + 预算执行率得分 9.00 = 100.00）")


def test_department_grade(department):
    department.department.evaluation.grade = "良"
    [finding] = found(department, "GRADE_MISMATCH", DEPARTMENT)
    assert finding.location.path == "department.evaluation.grade"
    assert finding.location.section == "result"
    assert finding.message == ("部门整体的总分 100 分应评为“优”，但填写的等级为“良”"
                               "（优 ≥90；良 80–90；中 60–80；差 <60）")


def test_department_without_evaluation_checks_only_its_rows(department):
    department.department.evaluation = None
    department.department.indicator_tables[0].rows[0].set("score", "21")
    assert codes(department, DEPARTMENT) == {"SCORE_ABOVE_WEIGHT"}


# Speed: the checks run on every edit ---------------------------------------------------------

def test_each_row_is_scored_once_per_run(sichuan, monkeypatch):
    calls = []
    original = app.scoring.score_indicator

    def counting(row, spec, rules):
        calls.append(row)
        return original(row, spec, rules)

    monkeypatch.setattr(app.scoring, "score_indicator", counting)
    run_checks(sichuan)
    assert len(calls) == 4  # the four named rows, once each


def test_five_thousand_rows_are_checked_quickly(sichuan):
    template = get_template("sichuan-project-eval")
    project = sichuan.projects[0]
    project.indicators = [
        sichuan_row("产出指标", f"指标{n}", "≥", "50", "个", str(40 + n % 20), "2",
                    reason="" if n % 3 else "原因")
        for n in range(5000)]
    start = time.perf_counter()
    findings = list(check_scoring(sichuan, template))
    elapsed = time.perf_counter() - start
    assert len([f for f in findings if f.code == "SCORE_WEIGHTS_SUM"]) == 1  # 10000 ≠ 90
    assert any(f.code == "DEVIATION_REASON_MISSING" for f in findings)
    assert elapsed < 2.0, f"{elapsed:.2f} s"
