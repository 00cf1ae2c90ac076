"""Every rule with a passing and a failing document; failing messages name the numbers."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from app.checks import Severity, has_errors, run_checks
from app.model import ScheduleItem, SpendingPlan
from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES


def codes(document) -> set[str]:
    return {f.code for f in run_checks(document)}


def finding(document, code):
    return next(f for f in run_checks(document) if f.code == code)


@pytest.fixture
def suzhou():
    return load_document(EXAMPLE_FILES["jiangsu"])


@pytest.fixture
def liupanshui():
    return load_document(EXAMPLE_FILES["guizhou"])


@pytest.fixture
def chengde():
    return load_document(EXAMPLE_FILES["hebei-text"])


# 1. Money ties ------------------------------------------------------------------------------

def test_suzhou_ties_up(suzhou):
    assert not {"APPROPRIATION_MISMATCH", "INCOME_TOTAL_MISMATCH", "BUDGET_TOTAL_MISMATCH",
                "PROJECT_EXPENSE_MISMATCH", "HALF_YEAR_ABOVE_FULL_YEAR"} & codes(suzhou)


def test_one_cent_on_an_expense_item_names_both_totals(suzhou):
    suzhou.department.funds.expense_items[5].full_year += D("0.01")
    found = finding(suzhou, "PROJECT_EXPENSE_MISMATCH")
    assert found.severity is Severity.ERROR
    assert "16563.14" in found.message and "16563.15" in found.message
    assert found.location.path == "department.funds.project_expense.full_year"
    assert has_errors(run_checks(suzhou))


def test_half_year_items_tie_too(suzhou):
    suzhou.department.funds.expense_items[0].half_year = D("0")
    found = finding(suzhou, "PROJECT_EXPENSE_MISMATCH")
    assert "3800.21" in found.message and "3103.33" in found.message


def test_appropriation_and_total_against_sources(suzhou):
    income = suzhou.department.funds.income
    income[1].amount = D("2683.00")
    messages = {f.code: f.message for f in run_checks(suzhou)}
    assert "21274.97" in messages["APPROPRIATION_MISMATCH"]
    assert "21274.17" in messages["APPROPRIATION_MISMATCH"]
    assert "21274.17" in messages["INCOME_TOTAL_MISMATCH"]


def test_total_against_basic_plus_project(liupanshui):
    assert "BUDGET_TOTAL_MISMATCH" not in codes(liupanshui)
    liupanshui.department.funds.basic_expense.full_year = D("3412.00")
    message = finding(liupanshui, "BUDGET_TOTAL_MISMATCH").message
    assert "42169.41" in message and "42168.49" in message


def test_negative_or_sub_cent_amount_built_in_code(suzhou):
    item = suzhou.department.funds.expense_items[0]
    object.__setattr__(item, "full_year", D("-1"))  # bypasses validation, as a bug could
    assert "AMOUNT_INVALID" in codes(suzhou)


def test_half_year_above_full_year_warns(suzhou):
    item = suzhou.department.funds.expense_items[1]
    item.half_year = D("4.00")
    found = finding(suzhou, "HALF_YEAR_ABOVE_FULL_YEAR")
    assert found.severity is Severity.WARNING and "4.00" in found.message and "3.00" in found.message


def test_projects_budget_against_department_project_expense(liupanshui):
    assert "PROJECTS_ABOVE_PROJECT_EXPENSE" not in codes(liupanshui)
    liupanshui.projects[6].budget_amount = D("400000000")
    message = finding(liupanshui, "PROJECTS_ABOVE_PROJECT_EXPENSE").message
    assert "38756.49" in message and "元" in message


# 2. Spending plan ---------------------------------------------------------------------------

def test_spending_plans_of_the_example_sum_to_100(chengde):
    assert not {"SPENDING_PLAN_TOTAL", "SPENDING_PLAN_RANGE"} & codes(chengde)


def test_spending_plan_not_100(chengde):
    chengde.projects[0].spending_plan = SpendingPlan(march=D(50), december=D(40))
    found = finding(chengde, "SPENDING_PLAN_TOTAL")
    assert found.severity is Severity.ERROR and "90" in found.message
    assert found.location.project == 0


def test_spending_plan_out_of_range(chengde):
    chengde.projects[1].spending_plan = SpendingPlan(march=D(120), december=D(-20))
    assert finding(chengde, "SPENDING_PLAN_RANGE").severity is Severity.ERROR


# 3. Targets agree with the budget -----------------------------------------------------------

def test_execution_rate_agrees_within_one_point(suzhou):
    assert "EXECUTION_RATE_MISMATCH" not in codes(suzhou)  # ＝29% against 28.94%


def test_execution_rate_far_from_the_money_table(suzhou):
    table = suzhou.department.table("decision_process")
    row = next(r for r in table.rows if r.name == "预算执行率")
    row.set("half_year_target", "＝50%")
    found = finding(suzhou, "EXECUTION_RATE_MISMATCH")
    assert "＝50%" in found.message and "28.94%" in found.message
    assert "2355.91" in found.message and "21274.97" in found.message


# 4. Indicator completeness ------------------------------------------------------------------

def test_suzhou_satisfaction_category_is_printed_without_an_indicator(suzhou):
    found = finding(suzhou, "INDICATOR_CATEGORY_EMPTY")
    assert "满意度指标" in found.message and found.location.table == "benefit"


def test_missing_category_and_level2(liupanshui):
    project = liupanshui.projects[1]
    project.indicators = [r for r in project.indicators if r.level1 != "满意度指标"]
    project.indicators = [r for r in project.indicators if r.level2 != "成本指标"]
    messages = [f.message for f in run_checks(liupanshui) if f.location.project == 1]
    assert any("缺少“满意度指标”" in m for m in messages)
    assert any("缺少二级指标：成本指标" in m for m in messages)


def test_empty_name_or_value_is_an_error(chengde):
    chengde.projects[0].indicators[0].set("target", "")
    chengde.projects[0].indicators[1].name = ""
    found = {f.code: f for f in run_checks(chengde) if f.location.project == 0}
    assert found["INDICATOR_VALUE_EMPTY"].severity is Severity.ERROR
    assert found["INDICATOR_NAME_EMPTY"].location.row == 1


def test_duplicate_indicator_in_a_group(chengde):
    assert "与第 1 行重复" in finding(chengde, "INDICATOR_DUPLICATE").message


def test_satisfaction_must_be_a_percentage(chengde):
    assert "“百分比”" in finding(chengde, "SATISFACTION_NOT_PERCENT").message
    row = chengde.projects[2].indicators[6]
    row.set("target", "≥90%")
    assert not [f for f in run_checks(chengde) if f.code == "SATISFACTION_NOT_PERCENT"
                and f.location.project == 2]


# 5. Notation --------------------------------------------------------------------------------

@pytest.mark.parametrize("value, code", [
    ("90", "TARGET_NO_OPERATOR"), ("≥90个", "TARGET_UNIT_MISMATCH"),
    ("努力完成", "TARGET_VAGUE")])
def test_notation_warnings(suzhou, value, code):
    table = suzhou.department.table("decision_process")
    index = next(i for i, r in enumerate(table.rows) if r.name == "预算偏差率")
    assert code not in {f.code for f in run_checks(suzhou) if f.location.row == index}
    table.rows[index].set("full_year_target", value)
    found = [f for f in run_checks(suzhou) if f.code == code and f.location.row == index
             and f.location.table == "decision_process"]
    assert found and value in found[0].message and found[0].severity is Severity.WARNING


@pytest.mark.parametrize("value, form", [(">=90%", "≥90%"), ("=1套", "＝1套"), ("＞＝95％", "≥95％"),
                                         ("<3天", "＜3天")])
def test_an_ascii_operator_left_in_an_older_file_is_reported(suzhou, value, form):
    table = suzhou.department.table("decision_process")
    index = next(i for i, r in enumerate(table.rows) if r.name == "预算偏差率")
    assert "TARGET_ASCII_OPERATOR" not in codes(suzhou)
    table.rows[index].set("full_year_target", value)
    found = finding(suzhou, "TARGET_ASCII_OPERATOR")
    assert (found.location.row, found.location.column) == (index, "full_year_target")
    assert value in found.message and form in found.message
    assert found.severity is Severity.WARNING


def test_a_choice_operator_column_spelled_as_its_choices_is_not_reported():
    sichuan = load_document(EXAMPLE_FILES["sichuan-project-eval"])
    row = sichuan.projects[0].indicators[0]
    row.set("operator", "=")  # 四川's printed choice
    assert "TARGET_ASCII_OPERATOR" not in codes(sichuan)
    row.set("operator", "＞＝")
    found = finding(sichuan, "TARGET_ASCII_OPERATOR")
    assert found.location.column == "operator" and "“≥”" in found.message


def test_half_year_count_above_full_year(suzhou):
    duty = suzhou.department.table("duty")
    duty.rows[0].set("half_year_target", "＝9项")  # the year's target is ＝7项
    message = finding(suzhou, "HALF_TARGET_ABOVE_FULL").message
    assert "＝9项" in message and "＝7项" in message


def test_rates_are_not_cumulative(suzhou):
    duty = suzhou.department.table("duty")
    duty.rows[4].set("half_year_target", "＝100%")
    duty.rows[4].set("full_year_target", "＝90%")
    assert "HALF_TARGET_ABOVE_FULL" not in codes(suzhou)


# 6. Required fields and lengths -------------------------------------------------------------

def test_required_fields(suzhou):
    suzhou.unit_name = " "
    suzhou.department.annual_goal = ""
    messages = [f.message for f in run_checks(suzhou) if f.code == "FIELD_REQUIRED"]
    assert "“单位名称”必须填写" in messages and "“年度目标”必须填写" in messages


def test_required_project_fields(liupanshui):
    liupanshui.projects[2].annual_goal = ""
    found = finding(liupanshui, "FIELD_REQUIRED")
    assert found.location.project == 2 and found.location.path == "projects[2].annual_goal"


def test_text_limits(suzhou):
    suzhou.department.organization = "机构" * 300
    found = finding(suzhou, "TEXT_TOO_LONG")
    assert "600 字" in found.message and "450" in found.message
    suzhou.department.table("duty").rows[0].name = "指标" * 100
    assert any("150" in f.message for f in run_checks(suzhou) if f.code == "TEXT_TOO_LONG")


# 7. Self-evaluation -------------------------------------------------------------------------

def test_grade_follows_score():
    document = load_document(EXAMPLE_FILES["hebei-eval"])
    assert run_checks(document) == []
    document.self_evaluation.score = D("80")
    found = finding(document, "GRADE_MISMATCH")
    assert found.severity is Severity.ERROR
    assert "80" in found.message and "良好" in found.message and "优秀" in found.message


# 8. Dates -----------------------------------------------------------------------------------

def test_the_seed_s_impossible_dates_are_flagged(liupanshui):
    messages = [f.message for f in run_checks(liupanshui) if f.code == "DATE_INVALID"]
    assert any("2024-11-31" in m for m in messages) and any("2024-4-31" in m for m in messages)


def test_reversed_and_out_of_year_ranges(liupanshui):
    liupanshui.projects[0].schedule = [ScheduleItem(start="2024-05-01", end="2024-04-01"),
                                       ScheduleItem(start="2022-01-01", end="2022-12-31"),
                                       ScheduleItem(start="2023-06-01", end="2024-03-31")]
    found = [f for f in run_checks(liupanshui) if f.location.project == 0
             and f.code.startswith("DATE")]
    assert [f.code for f in found] == ["DATE_RANGE_REVERSED", "DATE_OUTSIDE_YEAR"]


# The examples ------------------------------------------------------------------------------

def test_examples_findings_are_the_documented_ones():
    """docs/checks.md lists every finding of every example; keep them in step."""
    from scripts.checks_report import example_findings_markdown
    from tests.conftest import ROOT

    assert example_findings_markdown() in (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
