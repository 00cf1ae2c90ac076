"""The national 自评表 (项目支出, 部门整体) back from their workbook: what the form prints from the
scoring engine (an untyped 得分, the 预算执行 line's 得分, 总分 and 评价等级) reads back untyped,
the 预算执行 line's printed 分值 as that figure; the 偏差原因 rows under the fund lines; the 一级
printed with its group's 分值."""
from __future__ import annotations

from decimal import Decimal as D

from app.importing import import_workbook
from app.model import ExecutionLine, IndicatorRow
from app.projectfile import load_document
from app.templates import get_template
from forms._common.national_eval.layout import reason_cells, split_reasons
from tests.app.importing.roundtrip import export_xlsx, import_difference
from tests.conftest import EXAMPLE_FILES
from tests.forms.test_national_eval import (DEPARTMENT, PROJECT, department_document,
                                            project_document)


def test_computed_scores_totals_and_grades_read_back_untyped(tmp_path):
    document = project_document()
    path = export_xlsx(document, tmp_path / "项目.xlsx")
    assert import_difference(document, path) == ""
    water, roads, training = import_workbook(path, get_template(PROJECT)).document.projects
    # 得分 typed (14, 9.5: neither is what the rules compute) as typed, the others untyped:
    # the editor computes them again, and a later edit of 实际完成值 moves them.
    assert [row.get("score") for row in water.indicators] == ["", "", "", "", "", "14", "9.5"]
    assert (water.evaluation.execution[0].weight, water.evaluation.execution[0].score) == (
        D("10"), None)
    assert [line.weight for line in water.evaluation.execution[1:]] == [None] * 3
    # Complete sheets print the computed 总分 and its grade (read back untyped); an incomplete
    # one its stated 总分 (kept) and grade, which is the one a blank 等级 prints: read back blank.
    assert (water.evaluation.score, water.evaluation.grade) == (None, "")
    assert (roads.evaluation.score, roads.evaluation.grade) == (None, "")
    assert (training.evaluation.score, training.evaluation.grade) == (D("78.5"), "")
    assert [line.reason for line in roads.evaluation.execution] == [
        "跨年工程按进度支付", "按合同进度拨付", "", ""]


def test_the_department_form_reads_back_its_computed_total_untyped(tmp_path):
    document = department_document()
    path = export_xlsx(document, tmp_path / "部门.xlsx")
    assert import_difference(document, path) == ""
    evaluation = import_workbook(path, get_template(DEPARTMENT)).document.department.evaluation
    assert (evaluation.score, evaluation.grade) == (None, "")


def test_untyped_scores_of_the_examples_stay_untyped_and_a_differing_typed_one_stays(tmp_path):
    for template_id in (PROJECT, DEPARTMENT):
        document = load_document(EXAMPLE_FILES[template_id])
        rows = _indicator_rows(document)
        # One typed score that is not the computed one: the officer's, kept.
        first = next(row for row in rows if row.name.strip() and row.get("actual").strip())
        first.set("score", "0.5")
        untyped = [n for n, row in enumerate(rows) if not row.get("score").strip()]
        assert len(untyped) > 10  # the examples leave most 得分 to the rules
        path = export_xlsx(document, tmp_path / f"{template_id}.xlsx")
        back = _indicator_rows(import_workbook(path, get_template(template_id)).document)
        assert [n for n, row in enumerate(back) if not row.get("score")] == untyped
        assert next(row for row in back if row.name == first.name).get("score") == "0.5"


def _indicator_rows(document) -> list[IndicatorRow]:
    if document.projects:
        return [row for project in document.projects for row in project.indicators]
    return [row for table in document.department.indicator_tables for row in table.rows]


def test_a_blank_form_reads_back_blank(tmp_path):
    for template_id in (PROJECT, DEPARTMENT):
        document = get_template(template_id).new_document("某某局", 2024)
        path = export_xlsx(document, tmp_path / f"{template_id}.xlsx")
        assert import_difference(document, path) == ""


def _reasons(*reasons: str) -> list[ExecutionLine]:
    names = ("年度资金总额", "其中：本年财政拨款", "上年结转资金", "")
    return [ExecutionLine(name=name, reason=reason) for name, reason in zip(names, reasons)]


def test_short_reasons_share_one_cell_and_read_back():
    lines = _reasons("跨年工程\n按进度支付", "", "结转项目未完工", "")
    assert reason_cells(lines) == ["跨年工程\n按进度支付\n上年结转资金：结转项目未完工"]
    assert split_reasons(reason_cells(lines)[0], [line.name for line in lines]) == [
        line.reason for line in lines]


def test_reasons_one_cell_cannot_hold_get_a_row_per_line(tmp_path):
    """A reason starting with a later line's name, one of a line without a name, one of only
    spaces: one row per line, each read back exactly."""
    lines = _reasons("上年结转资金：见下", "  ", "", "无名资金的原因")
    assert reason_cells(lines) == ["上年结转资金：见下", "  ", "", "无名资金的原因"]
    document = project_document()
    document.projects[0].evaluation.execution[:] = [
        line.model_copy(update={"reason": new.reason, "name": new.name})
        for line, new in zip(document.projects[0].evaluation.execution, lines)]
    path = export_xlsx(document, tmp_path / "项目.xlsx")
    assert import_difference(document, path) == ""
    imported = import_workbook(path, get_template(PROJECT)).document.projects[0]
    assert [line.reason for line in imported.evaluation.execution] == [
        line.reason for line in lines]


def test_a_fund_line_named_like_the_reasons_label_is_a_line(tmp_path):
    document = project_document()
    document.projects[0].evaluation.execution[3].name = "偏差原因分析及改进措施"
    path = export_xlsx(document, tmp_path / "项目.xlsx")
    assert import_difference(document, path) == ""


def test_a_computed_total_over_100_is_left_out_with_a_warning(tmp_path):
    """分值 adding up to more than 100: the form prints the computed 105.00, which no 总分 can
    be; the import leaves it to the editor and says so."""
    document = get_template(PROJECT).new_document("某某局", 2024)
    project = document.projects[0]
    project.name = "超分项目"
    project.indicators = [IndicatorRow(cells={
        "level1": "产出指标", "level2": "数量指标", "name": "完成数量", "target": "≥10个",
        "actual": "10", "weight": "95"})]
    line = project.evaluation.execution[0]
    line.adjusted = line.executed = D("100.00")
    path = export_xlsx(document, tmp_path / "项目.xlsx")
    result = import_workbook(path, get_template(PROJECT))
    evaluation = result.document.projects[0].evaluation
    # The grade printed beside it is the computed total's: what a blank 等级 prints again.
    assert (evaluation.score, evaluation.grade) == (None, "")
    assert [str(w) for w in result.warnings] == [
        "表“1 超分项目”第14行I列：总分“105.00”不在 0 到 100 之间，未导入（编辑器按各项得分计算总分），请核对"]
    assert import_difference(document, path) == ""


def test_a_group_weight_typed_after_the_level1_is_not_part_of_it(tmp_path):
    """"产出指标 (50分)" typed by an officer, "产出指标\\n（50分）" as we print it: 产出指标."""
    from openpyxl import load_workbook

    document = project_document()
    path = export_xlsx(document, tmp_path / "项目.xlsx")
    workbook = load_workbook(path)
    sheet = workbook.worksheets[1]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "产出指标\n（50分）")
    cell.value = "产出指标 (50分)"
    workbook.save(path)
    result = import_workbook(path, get_template(PROJECT))
    assert result.warnings == []
    assert {row.level1 for row in result.document.projects[1].indicators} == {
        "产出指标", "效益指标", "满意度指标"}


def test_a_level1_outside_the_list_is_said_once_per_merged_cell(tmp_path):
    """The 苏州 department's 决策/过程/履职 (carried from 江苏): one warning per merged 一级 cell,
    not one per row it covers."""
    from app.projectfile import load_document
    from tests.conftest import EXAMPLE_FILES

    path = export_xlsx(load_document(EXAMPLE_FILES[DEPARTMENT]), tmp_path / "部门.xlsx")
    warnings = import_workbook(path, get_template(DEPARTMENT)).warnings
    assert [w.message.split("“")[1].split("”")[0] for w in warnings] == ["决策", "过程", "履职"]
