from decimal import Decimal

import pytest

from app.boxes import KEY
from app.model import TargetDocument, check_column_id
from app.projectfile import dumps, load_document, loads
from app.templates import FieldKind, all_templates, get_template, template_ids
from forms.jiangsu_dept_target import (BENEFIT, DECISION_PROCESS, DUTY, common_indicators,
                                       region_of)

# The seeds come first, in the order they came (users' scripts may rely on it); every later
# template follows. The list itself is the registry's.
SEEDS_FIRST = ["jiangsu-dept-target", "hebei-perf-text", "hebei-self-eval", "guizhou-dept-target"]
IDS = template_ids()


def test_the_seeds_first_in_seed_order_then_every_other_template():
    assert IDS[:4] == SEEDS_FIRST
    assert all(t.title and t.province for t in all_templates())


def test_unknown_template():
    with pytest.raises(KeyError):
        get_template("shanghai")


@pytest.mark.parametrize("template_id", IDS)
def test_new_document_is_valid_and_round_trips(template_id):
    template = get_template(template_id)
    document = template.new_document("某某市自然资源局", 2025)
    assert document.template == template_id
    assert (document.unit_name, document.year) == ("某某市自然资源局", 2025)
    assert loads(dumps(document)) == document
    assert template.title_for(document)


@pytest.mark.parametrize("template_id", IDS)
def test_every_section_field_exists_in_the_model(template_id):
    """A template may only name fields the model has: the UI generates its tabs from them."""
    template = get_template(template_id)
    document = template.new_document("单位", 2025)
    for section in template.sections:
        for spec in section.fields:
            _resolve(document, spec.path)
    project = document.projects[0] if document.projects else None
    if template.has_projects:
        from app.model import Project

        for section in template.project_sections:
            for spec in section.fields:
                _resolve(project or Project(), spec.path)
    for table in [*template.indicator_tables,
                  *([template.project_indicators] if template.project_indicators else [])]:
        ids = [column.id for column in table.columns]
        assert len(set(ids)) == len(ids), f"{table.key}: a column id declared twice"
        for column_id in ids:
            check_column_id(column_id)  # a valid cell key of IndicatorRow
        for split in table.split_targets:
            assert split.columns() <= set(ids), split


def _resolve(obj, path: str):
    head, _, key = path.partition(".")
    if head == "boxes":  # a declared box: its key is the document's, checked at registration
        assert isinstance(obj.boxes, dict) and KEY.match(key), path
        return obj.boxes.get(key)
    for part in path.split("."):
        assert hasattr(obj, part), f"{type(obj).__name__} has no field {part!r} ({path})"
        obj = getattr(obj, part)
    return obj


def test_jiangsu_starts_with_the_seed_common_indicators():
    document = get_template("jiangsu-dept-target").new_document("苏州市自然资源和规划局", 2024)
    tables = {t.key: t for t in document.department.indicator_tables}
    assert list(tables) == [DECISION_PROCESS, DUTY, BENEFIT]
    rows = tables[DECISION_PROCESS].rows
    assert len(rows) == 32
    assert (rows[0].level1, rows[0].level2, rows[0].name, rows[0].get("half_year_target"),
            rows[0].get("full_year_target")) == ("决策", "计划制定", "中长期规划制定健全性", "健全", "健全")
    execution = next(r for r in rows if r.name == "预算执行率")
    # Not 苏州's ＝29%: the half-year rate is each unit's own, from its money table.
    assert (execution.get("half_year_target"), execution.get("full_year_target")) == ("", "＝100%")
    assert rows[-1].name == "纪检监察工作有效性"
    assert [r.level2 for r in tables[BENEFIT].rows] == [
        "经济效益", "社会效益", "生态效益", "可持续影响", "服务对象满意度"]
    assert document.region == "苏州市"
    assert [line.name for line in document.department.funds.income][:2] == [
        "一般公共预算资金", "政府性基金"]


def test_region_is_taken_from_the_unit_name_only_when_it_starts_with_a_city():
    assert region_of("苏州市自然资源和规划局") == "苏州市"
    assert region_of("自然资源局") == ""


def test_guizhou_starts_with_the_output_benefit_satisfaction_skeleton():
    document = get_template("guizhou-dept-target").new_document("六盘水市自然资源局", 2024)
    level1s = [r.level1 for r in document.department.indicator_tables[0].rows]
    assert {"产出指标", "效益指标", "满意度指标"} == set(level1s)
    assert document.compiled_by == "六盘水市自然资源局"


def test_self_evaluation_grade_bands_are_data():
    template = get_template("hebei-self-eval")
    assert template.grade_for(Decimal("99.44")) == "优秀"
    assert template.grade_for(Decimal("85")) == "优秀"
    assert template.grade_for(Decimal("84.99")) == "良好"
    assert template.grade_for(Decimal("75")) == "良好"
    assert template.grade_for(Decimal("60")) == "一般"
    assert template.grade_for(Decimal("59.99")) == "较差"


def test_list_fields_declare_their_numbering():
    for template in all_templates():
        for section in template.sections:
            for spec in section.fields:
                if spec.kind is FieldKind.LIST:
                    assert spec.numbering, (template.id, spec.path)


def test_document_model_is_one_for_all_templates():
    assert {type(t.new_document("x", 2024)) for t in all_templates()} == {TargetDocument}


def test_a_new_document_defaults_to_the_year_it_is_written_for():
    import datetime

    today = datetime.date(2026, 11, 22)
    assert get_template("jiangsu-dept-target").default_year(today) == 2027  # next year's budget
    assert get_template("hebei-self-eval").default_year(today) == 2025  # last year's results


def test_every_template_ships_one_example_and_every_example_has_its_template():
    from tests.conftest import EXAMPLES

    named = {t.example: t.id for t in all_templates()}
    assert all(named), "a template without an example"
    assert sorted(named) == sorted(p.name for p in EXAMPLES.glob("*.jixiao"))
    for name, template_id in named.items():
        assert load_document(EXAMPLES / name).template == template_id
