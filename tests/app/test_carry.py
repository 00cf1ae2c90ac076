"""结转: next year's document and the year-end 自评表, from the shipped examples."""
from __future__ import annotations

from decimal import Decimal

import pytest

from app.carry import (CarryError, carry_to_next_year, carry_to_self_evaluation,
                       columns_with_prior, self_evaluation_template)
from app.checks import Severity, run_checks
from app.projectfile import load_document, save_document
from app.templates import get_template
from tests.conftest import EXAMPLE_FILES, TEMPLATES


def example(name: str):
    document = load_document(EXAMPLE_FILES[name])
    return document, get_template(document.template)


def test_suzhou_2024_carried_to_2025_keeps_every_text_and_only_asks_to_fill_in():
    source, template = example("jiangsu")
    before = source.model_dump()
    carried = carry_to_next_year(source, template)
    assert source.model_dump() == before  # the source is never touched
    assert carried.year == 2025
    assert carried.department.functions == source.department.functions
    assert carried.department.annual_goal == source.department.annual_goal
    assert carried.department.funds.total is None  # money cleared by default
    assert all(line.amount is None for line in carried.department.funds.income)
    for old, new in zip(source.department.indicator_tables, carried.department.indicator_tables):
        assert [r.name for r in new.rows] == [r.name for r in old.rows]
        assert [r.get("full_year_target") for r in new.rows] == \
            [r.get("full_year_target") for r in old.rows]
        assert [r.get("prior_full_year_target") for r in new.rows] == \
            [r.get("full_year_target") for r in old.rows]
        assert [r.get("prior_half_year_target") for r in new.rows] == \
            [r.get("half_year_target") for r in old.rows]
        assert not any(r.get("half_year_target") for r in new.rows)  # 半年 cleared
    # The findings: each 半年指标值 to fill in, and what the 2024 document already had.
    known = {(f.code, f.location.path) for f in run_checks(source)}
    new_findings = [f for f in run_checks(carried) if (f.code, f.location.path) not in known]
    assert new_findings, "the cleared 半年 values must be asked for"
    assert {f.code for f in new_findings} == {"INDICATOR_VALUE_EMPTY"}
    assert all(f.location.path.endswith("half_year_target") for f in new_findings)
    assert all(f.severity is Severity.ERROR for f in new_findings)


def test_the_officer_may_keep_money_and_half_year_values():
    source, template = example("jiangsu")
    carried = carry_to_next_year(source, template, keep_money=True, keep_half_year=True)
    assert carried.department.funds == source.department.funds
    assert run_checks(carried) == run_checks(source.model_copy(update={"year": 2025}))
    # Kept half-year money still needs the half-year targets? No: kept as well.
    rows = carried.department.indicator_tables[0].rows
    assert rows[0].get("half_year_target") == source.department.indicator_tables[0].rows[0].get(
        "half_year_target")


def test_keeping_money_without_the_half_year_clears_the_half_year_plan_only():
    source, template = example("jiangsu")
    carried = carry_to_next_year(source, template, keep_money=True)
    funds = carried.department.funds
    assert funds.total == source.department.funds.total
    assert funds.basic_expense.half_year is None
    assert funds.basic_expense.full_year == source.department.funds.basic_expense.full_year


def test_only_one_year_back_is_kept_and_the_carry_survives_a_save(tmp_path):
    source, template = example("guizhou")
    once = carry_to_next_year(source, template)
    once.projects[0].indicators[0].set("target", "≥99%")
    twice = carry_to_next_year(once, template)
    row = twice.projects[0].indicators[0]
    assert row.get("prior_target") == "≥99%"
    assert not [c for c in row.cells if c.startswith("prior_prior")]
    save_document(twice, tmp_path / "2026.jixiao")
    assert load_document(tmp_path / "2026.jixiao") == twice


def test_a_split_target_is_carried_as_one_text_and_the_results_are_cleared():
    source, template = example("sichuan-project-eval")
    carried = carry_to_next_year(source, template)
    assert carried.year == source.year + 1
    old = source.projects[1].indicators[0]
    new = carried.projects[1].indicators[0]
    assert new.get("prior_target") == "≥6个"  # 指标性质 | 指标值 | 度量单位 joined
    assert new.get("operator") == old.get("operator") and new.get("target") == old.get("target")
    assert not any(new.get(c) for c in ("actual", "score", "deviation_reason"))
    evaluation = carried.projects[1].evaluation
    assert evaluation.score is None and not evaluation.conclusion
    assert all(line.executed is None and line.adjusted is None for line in evaluation.execution)
    assert [line.weight for line in evaluation.execution] == \
        [line.weight for line in source.projects[1].evaluation.execution]


def test_the_last_year_the_file_format_takes_cannot_be_carried():
    source, template = example("jiangsu")
    with pytest.raises(CarryError, match="最后"):
        carry_to_next_year(source.model_copy(update={"year": 2200}), template)


def test_the_editor_shows_prior_columns_beside_their_targets():
    source, template = example("jiangsu")
    spec = template.indicator_tables[0]
    assert columns_with_prior(spec, source.department.indicator_tables[0].rows) == spec.columns
    rows = carry_to_next_year(source, template).department.indicator_tables[0].rows
    ids = [c.id for c in columns_with_prior(spec, rows)]
    assert ids[-4:] == ["half_year_target", "prior_half_year_target", "full_year_target",
                        "prior_full_year_target"]
    assert all(c.read_only for c in columns_with_prior(spec, rows) if c.id.startswith("prior_"))


@pytest.mark.parametrize("template", [t for t in TEMPLATES if t.self_evaluation_template],
                         ids=lambda t: t.id)
def test_every_target_form_names_a_registered_scoring_self_evaluation(template):
    assert self_evaluation_template(template).scoring is not None


def test_a_self_evaluation_is_not_carried_into_another():
    _, template = example("sichuan-project-eval")
    with pytest.raises(CarryError, match="已是年终自评表"):
        self_evaluation_template(template)


def test_liupanshui_projects_become_the_national_project_self_evaluation():
    source, template = example("guizhou")
    target = self_evaluation_template(template)
    assert target.id == "national-project-eval"
    sheet = carry_to_self_evaluation(source, template, target)
    assert sheet.template == target.id and sheet.year == source.year
    assert [p.name for p in sheet.projects] == [p.name for p in source.projects]
    for old, new in zip(source.projects, sheet.projects):
        named = [r for r in old.indicators if r.name.strip()]
        assert [(r.level1, r.level2, r.name, r.get("target")) for r in new.indicators] == \
            [(r.level1, r.level2, r.name, r.get("target")) for r in named]
        total = new.evaluation.execution[0]
        assert total.name == "年度资金总额"
        assert total.initial == total.adjusted == old.budget_amount
        assert new.evaluation.unit == old.budget_unit
        sums: dict[str, Decimal] = {}
        for row in new.indicators:
            sums[row.level1] = sums.get(row.level1, Decimal(0)) + Decimal(row.get("weight"))
        # The national weights, where the project has rows under the 一级.
        expected = {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
        assert sums == {k: expected[k] for k in sums}


def test_suzhou_department_becomes_the_national_department_self_evaluation():
    source, template = example("jiangsu")
    sheet = carry_to_self_evaluation(source, template, self_evaluation_template(template))
    assert sheet.template == "national-dept-eval"
    rows = sheet.department.indicator_tables[0].rows
    source_rows = [r for t in source.department.indicator_tables for r in t.rows
                   if r.name.strip()]
    assert [r.name for r in rows] == [r.name for r in source_rows]
    assert [r.get("target") for r in rows] == [r.get("full_year_target") for r in source_rows]
    total = sheet.department.evaluation.execution[0]
    assert total.adjusted == source.department.funds.total


def test_a_project_form_needs_projects():
    source, template = example("jiangsu")
    with pytest.raises(CarryError, match="没有项目"):
        carry_to_self_evaluation(source, template, get_template("national-project-eval"))


@pytest.mark.parametrize("name", ["national-project-eval-liupanshui-2024.jixiao",
                                  "national-dept-eval-suzhou-2024.jixiao"])
def test_the_national_examples_are_the_shipped_targets_carried_and_filled(name, tmp_path):
    # The examples are made by 结转 (scripts/self_eval_examples.py), not typed: remaking them
    # gives the shipped bytes, so a change to carrying shows up here.
    from scripts.self_eval_examples import EXAMPLES, make

    save_document(make(name), tmp_path / name, keep_backup=False)
    assert (tmp_path / name).read_bytes() == (EXAMPLES / name).read_bytes()


def test_the_national_project_example_scores_itself():
    document, template = example("national-project-eval")
    from app.scoring import score_sheet

    for project in document.projects:
        sheet = score_sheet(project.indicators, template.project_indicators, template.scoring,
                            project.evaluation.execution, template.grade_bands)
        assert project.evaluation.score == sheet.total
        assert project.evaluation.grade == sheet.grade
    # Every kind of score is there: full marks, short with a reason, both 定性 bands.
    rows = [r for p in document.projects for r in p.indicators]
    assert any(r.get("deviation_reason") and r.get("actual") and not r.get("score")
               for r in rows)
    assert {r.get("actual") for r in rows} >= {"达成年度指标", "部分达成年度指标并具有一定效果"}
    codes = {f.code for f in run_checks(document)}
    assert not codes & {"TOTAL_SCORE_MISMATCH", "GRADE_MISMATCH", "SCORE_WEIGHTS_SUM",
                        "SCORE_OUT_OF_BAND", "SCORE_ABOVE_WEIGHT"}


def test_a_split_form_receives_operator_number_and_unit_in_its_own_spelling():
    source, template = example("guizhou")
    sheet = carry_to_self_evaluation(source, template, get_template("sichuan-project-eval"))
    rows = {r.name: r for r in sheet.projects[0].indicators}
    # 贵州 "≥60次" → ≥ | 60 | 次; "4次" (no operator) → 四川's ASCII "=" | 4 | 次; a word → 定性.
    assert [rows["巡查排查、督促检查、灾情险情现场处置"].get(c) for c in ("operator", "target", "unit")] \
        == ["≥", "60", "次"]
    assert [rows["灾害防治知识宣传次数"].get(c) for c in ("operator", "target", "unit")] == \
        ["=", "4", "次"]
    assert rows["监测预警避免人员伤亡"].get("operator") == "定性"
    assert rows["监测预警避免人员伤亡"].get("target") == "有效保障"
