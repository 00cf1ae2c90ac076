"""Declared boxes through every generic path, on a throwaway template registered from a temporary
package (tests/declared_form.py): load and save, 审核, the three exports (truth test), the Excel
import round trip, 结转 to next year and to the year's middle."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.boxes import PRIOR
from app.carry import (CarryError, carry_to_monitoring, carry_to_next_year, monitoring_template)
from app.checks import run_checks
from app.errors import DocumentLoadError
from app.model import IndicatorRow, TargetDocument
from app.projectfile import dumps, load_document, loads
from app.templates import Template, get_template
from tests import truth
from tests.app.importing.roundtrip import export_xlsx, import_difference
from tests.conftest import EXAMPLE_FILES
from tests.declared_form import TEMPLATE_ID, throwaway  # noqa: F401 - the fixture
from tests.strategies import documents


def filled(template: Template) -> TargetDocument:
    document = template.new_document("黄石市文化和旅游局", 2019)
    document.boxes.update({
        "note": "备注（短）", "summary": "上半年按计划推进，\n完成申遗文本初稿。",
        "items": ["文本编制", "专家论证"], "plan_year": 2020, "filed": "2019年7月10日",
        "amount": Decimal("12.345678"), "share": Decimal("12.5"), "nature": "延续项目",
        "types": ["常年性项目", "一次性项目"], "source": ["省直专项"],
        "funds": {"total": {"initial": Decimal("220.00"), "h1": Decimal("87.57")},
                  "general": {"initial": Decimal("220.00"), "h1": Decimal("87.57")},
                  "other": {"initial": Decimal("0.00")}},
        "remark": "2018年完成前期调研。",
    })
    project = template.new_project("申遗经费", 2019)
    project.indicators = [
        IndicatorRow(level1="产出指标", name="成本", target="年度预算220万元", likelihood="确定能"),
        IndicatorRow(level1="效益指标", name="社会效益", target="提升知名度", likelihood="有可能")]
    project.boxes["deviation"] = "进度受专家评审时间影响。"
    document.projects = [project]
    return document


def test_a_file_with_boxes_saves_and_loads_as_it_was(throwaway):
    document = filled(throwaway)
    text = dumps(document)
    raw = json.loads(text)
    assert raw["document"]["boxes"]["amount"] == "12.345678"  # exact, as text
    assert raw["document"]["boxes"]["funds"]["other"] == {"initial": "0.00"}
    again = loads(text)
    assert again.boxes == document.boxes and again.projects[0].boxes == {
        "deviation": "进度受专家评审时间影响。"}
    assert isinstance(again.boxes["funds"]["total"]["h1"], Decimal)
    assert dumps(again) == text


def test_a_document_without_boxes_saves_no_boxes_key(throwaway):
    text = dumps(throwaway.new_document("单位", 2019))
    assert '"boxes"' not in text


@pytest.mark.parametrize("path, value, words", [
    ("types", ["常年性项目", "临时项目"], "不是可选项"),
    ("source", ["部门预算项目", "省直专项"], "只能勾选一项"),
    ("nature", "其他", "不是可选项"),
    ("amount", True, "应为数字"),
    ("amount", "-1", "不能是负数"),
    ("amount", "1.1234567", "位数过多"),
    ("funds", {"total": {"spent": "1"}}, "没有“spent”这一列"),
    ("funds", {"grand": {"initial": "1"}}, "没有“grand”这一行"),
    ("funds", {"total": {"rate": "1"}}, "没有“rate”这一列"),
    ("plan_year", "2020", "年份"),
    ("summary", ["a"], "应为文字"),
    ("unknown", "x", "没有的栏目“unknown”"),
    ("prior_note", "x", "没有的栏目“prior_note”"),
])
def test_a_box_that_does_not_fit_its_declaration_is_refused_with_its_place(
        throwaway, path, value, words):
    raw = json.loads(dumps(filled(throwaway)))
    raw["document"]["boxes"][path] = value
    with pytest.raises(DocumentLoadError) as caught:
        loads(json.dumps(raw, ensure_ascii=False))
    assert words in caught.value.message, caught.value.message
    assert caught.value.location.startswith(f"document.boxes.{path}")


def test_a_box_carried_as_prior_loads(throwaway):
    raw = json.loads(dumps(filled(throwaway)))
    raw["document"]["boxes"][PRIOR + "remark"] = "上年的话"
    assert loads(json.dumps(raw, ensure_ascii=False)).boxes[PRIOR + "remark"] == "上年的话"


def _codes(document: TargetDocument) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in run_checks(document):
        found.setdefault(finding.code, []).append(finding.message)
    return found


def test_the_checks_follow_the_declarations(throwaway):
    document = filled(throwaway)
    codes = _codes(document)
    # The published 申遗 figures: 87.57 of 220 spent by June, under the 50 % of the half year.
    assert len(codes.pop("BOX_RATE_LOW")) == 2
    assert not any(code.startswith("BOX_") for code in codes), codes
    document.boxes["funds"]["total"]["initial"] = Decimal("230.00")  # ≠ 220 + 0
    document.boxes["funds"]["general"]["h1"] = Decimal("230.00")  # above its 年初预算数
    document.boxes["funds"]["other"]["h1"] = Decimal("0.00")  # 0 % executed
    document.boxes["share"] = Decimal("120")
    document.boxes["filed"] = "2020年1月5日"
    document.boxes["note"] = "超" * 21
    del document.boxes["summary"]
    document.projects[0].boxes.clear()
    codes = _codes(document)
    assert codes["BOX_PARTS_MISMATCH"] == [
        "“项目资金”中年度资金总额（年初预算数） 230.00 应等于其中：一般公共预算拨款（年初预算数）＋"
        "其他资金（年初预算数） 220.00",
        "“项目资金”中年度资金总额（1-6月执行数） 87.57 应等于其中：一般公共预算拨款（1-6月执行数）＋"
        "其他资金（1-6月执行数） 230.00"]
    assert codes["BOX_ABOVE_LIMIT"] == [
        "“项目资金”中其中：一般公共预算拨款（1-6月执行数） 230.00 超过"
        "其中：一般公共预算拨款（年初预算数） 220.00"]
    assert len(codes["BOX_RATE_LOW"]) == 1 and "序时进度滞后" in codes["BOX_RATE_LOW"][0]
    assert "38.07%" in codes["BOX_RATE_LOW"][0]  # 87.57 ÷ 230
    assert codes["BOX_OUT_OF_RANGE"] == ["“自筹比例”为 120，应在 0–100"]
    assert codes["DATE_OUTSIDE_YEAR"] == ["“填报日期”“2020年1月5日”不在 2019 年度内"]
    assert any("备注行" in m for m in codes["TEXT_TOO_LONG"])
    assert any("情况说明" in m for m in codes["FIELD_REQUIRED"])
    assert codes["BOX_REQUIRED_WHEN"] == [
        "项目“申遗经费”的“偏差原因分析”必须填写：指标“社会效益”为“有可能”"]


@pytest.mark.parametrize("fmt", truth.FORMATS)
def test_every_box_reaches_every_export(throwaway, fmt, tmp_path):
    document = filled(throwaway)
    problems = truth.check_export(document, fmt, tmp_path)
    assert not problems, problems
    texts = truth.printed_texts(document, fmt)
    assert "1、常年性项目 □ √ 2、延续性项目 □ 3、一次性项目 □ √" in texts
    assert Decimal("12.345678") in truth.printed_amounts(document, fmt)


def test_the_truth_test_sees_a_box_that_is_not_printed(throwaway, tmp_path):
    document = filled(throwaway)
    path, layout = truth.render(document, "docx", tmp_path)
    changed = document.model_copy(deep=True)
    changed.boxes["types"] = ["延续性项目"]
    changed.boxes["funds"]["other"]["initial"] = Decimal("0.01")
    problems = truth.missing(changed, "docx", truth.read("docx", path, layout))
    assert any(p.startswith("boxes.types:") for p in problems), problems
    assert any(p.startswith("boxes.funds.other.initial:") for p in problems), problems


def test_the_workbook_imports_back(throwaway, tmp_path):
    document = filled(throwaway)
    assert import_difference(document, export_xlsx(document, tmp_path / "a.xlsx")) == ""


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_generated_documents_export_and_import_back(throwaway, tmp_path, data):
    document = data.draw(documents(TEMPLATE_ID))
    workbook = export_xlsx(document, tmp_path / "g.xlsx")
    assert import_difference(document, workbook) == ""
    assert not truth.check_export(document, "docx", tmp_path)


def test_next_year_keeps_clears_and_moves_each_box_as_declared(throwaway):
    document = filled(throwaway)
    carried = carry_to_next_year(document, throwaway)
    boxes = carried.boxes
    assert carried.year == 2020
    for kept in ("note", "summary", "items", "nature", "types", "source"):
        assert boxes[kept] == document.boxes[kept], kept
    for cleared in ("filed", "amount", "share", "funds", "plan_year"):
        assert cleared not in boxes, cleared
    assert "remark" not in boxes and boxes[PRIOR + "remark"] == "2018年完成前期调研。"
    assert loads(dumps(carried)).boxes == boxes  # a carried file is a valid file
    again = carry_to_next_year(carried, throwaway)
    assert PRIOR + "remark" not in again.boxes  # only one year back
    kept = carry_to_next_year(document, throwaway, keep_money=True).boxes
    assert kept["funds"] == {"total": {"initial": Decimal("220.00")},
                             "general": {"initial": Decimal("220.00")},
                             "other": {"initial": Decimal("0.00")}}  # 执行数 is the year's
    assert kept["amount"] == Decimal("12.345678")
    assert document.boxes["funds"]["total"]["h1"] == Decimal("87.57")  # source unchanged


def test_monitoring_form_from_a_target_form(throwaway):
    source = load_document(EXAMPLE_FILES["guizhou"])
    template = get_template(source.template)
    target = monitoring_template(template, TEMPLATE_ID)
    sheet = carry_to_monitoring(source, template, target)
    assert sheet.template == TEMPLATE_ID and sheet.year == source.year
    assert [p.name for p in sheet.projects] == [p.name for p in source.projects]
    spec = template.project_indicators
    assert spec is not None
    for carried, project in zip(sheet.projects, source.projects):
        named = [row for row in project.indicators if row.name.strip()]
        assert [r.name for r in carried.indicators] == [r.name for r in named]
        assert [r.get("target") for r in carried.indicators] == [
            spec.target_text(r, spec.target_ids[-1]) for r in named]
        assert all(set(r.cells) <= {"level1", "name", "target"} for r in carried.indicators)
        budget = project.budget_amount
        expected = None if budget is None else (
            budget / 10000 if project.budget_unit.value == "元" else budget)
        assert carried.boxes.get("project_funds", {}).get("total", {}).get("initial") == expected
    assert loads(dumps(sheet)).projects == sheet.projects
    with pytest.raises(CarryError):
        monitoring_template(throwaway)  # a monitoring form carries on only to next year


def test_a_budget_in_yuan_reaches_a_wan_yuan_box_exactly(throwaway):
    source = load_document(EXAMPLE_FILES["guizhou"])
    template = get_template(source.template)
    source.projects[0].budget_unit = type(source.projects[0].budget_unit)("元")
    source.projects[0].budget_amount = Decimal("123456.78")
    sheet = carry_to_monitoring(source, template, throwaway)
    assert sheet.projects[0].boxes["project_funds"]["total"]["initial"] == Decimal("12.345678")
