"""The national 自评表 (项目支出 and 部门整体, 财预〔2020〕10号): filled documents built here, exported
as Word, Excel and PDF, print the scoring engine's figures: each 得分 (typed wins, else computed),
the 执行率, 总分 and 等级, row by row, and every text of the document."""
from __future__ import annotations

import subprocess
from decimal import Decimal as D
from pathlib import Path

import pytest

from app.model import ExecutionLine, IndicatorRow, TargetDocument
from app.scoring import score_sheet
from app.templates import Template, get_template
from tests import truth
from tests.readback import docx_rows, squeeze

PROJECT = "national-project-eval"
DEPARTMENT = "national-dept-eval"
FORMATS = truth.FORMATS


@pytest.fixture(autouse=True)
def _one_qt_application(qapp):
    # The PDF renderer makes a QGuiApplication when none exists; the widget tests of the same
    # process need it to be pytest-qt's QApplication.
    return qapp


def _row(level1: str, level2: str, name: str, target: str, actual: str, weight: str,
         score: str = "", reason: str = "") -> IndicatorRow:
    return IndicatorRow(cells={"level1": level1, "level2": level2, "name": name,
                               "target": target, "actual": actual, "weight": weight,
                               "score": score, "deviation_reason": reason})


def _lines(*figures: tuple[str, str, str, str] | tuple[str, str, str, str, str]
           ) -> list[ExecutionLine]:
    """年度资金总额 (分值 10) and its parts: (name, 年初, 全年预算, 全年执行[, 原因])."""
    lines = []
    for n, (name, initial, adjusted, executed, *reason) in enumerate(figures):
        lines.append(ExecutionLine(
            name=name, initial=D(initial) if initial else None,
            adjusted=D(adjusted) if adjusted else None,
            executed=D(executed) if executed else None,
            weight=D("10") if n == 0 else None, reason=reason[0] if reason else ""))
    return lines


def project_document() -> TargetDocument:
    template = get_template(PROJECT)
    document = template.new_document("六盘水市水务局", 2024)
    water = template.new_project("城乡供水保障工程", 2024)
    water.implementing_unit = "六盘水市供水总公司"
    water.annual_goal = "新建供水管网50公里，保障2万农村人口饮水安全。"
    water.evaluation.goal_achievement = "建成管网45公里，2.4万人受益，水质稳定达标。"
    water.evaluation.execution = _lines(
        ("年度资金总额", "100", "120", "114"), ("其中：本年财政拨款", "80", "100", "96"),
        ("上年结转资金", "20", "20", "18"), ("其他资金", "0", "0", "0"))
    water.indicators = [
        _row("产出指标", "数量指标", "新建供水管网长度", "≥50公里", "45", "20",
             reason="征地延后"),
        _row("产出指标", "质量指标", "水质检测合格率", "≥95%", "98%", "15"),
        _row("产出指标", "时效指标", "工程按期完工率", "＝100%", "100%", "5"),
        _row("产出指标", "成本指标", "单位管网造价", "≤90万元", "99", "10", reason="材料涨价"),
        _row("效益指标", "社会效益指标", "受益人口", "≥2万人", "2.4", "15"),
        # 定性: the officer picks the result and types the score within its band.
        _row("效益指标", "可持续影响指标", "设施长效运行", "效果明显", "达成年度指标", "15",
             score="14"),
        # A typed score overrides the computed 10.00.
        _row("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "93%", "10",
             score="9.5", reason="停水通知不及时"),
    ]
    roads = template.new_project("农村公路养护", 2024)
    roads.implementing_unit = "六盘水市公路管理局"
    roads.annual_goal = "养护农村公路120公里，优良路率达到85%。"
    roads.evaluation.goal_achievement = "完成养护120公里，优良路率80%。"
    roads.evaluation.execution = _lines(
        ("年度资金总额", "50", "50", "40", "跨年工程按进度支付"),
        ("其中：本年财政拨款", "50", "50", "40", "按合同进度拨付"),
        ("上年结转资金", "", "", ""), ("其他资金", "", "", ""))
    roads.indicators = [
        _row("产出指标", "数量指标", "养护里程", "≥120公里", "120", "30"),
        _row("产出指标", "质量指标", "优良路率", "≥85%", "80%", "20", reason="雨季水毁"),
        _row("效益指标", "社会效益指标", "群众出行条件", "明显改善",
             "部分达成年度指标并具有一定效果", "30", score="21", reason="偏远村组未覆盖"),
        _row("满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", "88%", "10"),
    ]
    training = template.new_project("基层水利人员培训", 2024)
    training.implementing_unit = "六盘水市水利技术推广站"
    training.annual_goal = "培训基层水利人员500人次。"
    training.evaluation.goal_achievement = "培训520人次。"
    training.evaluation.execution = _lines(("年度资金总额", "30", "30", "27"),
                                           ("其中：本年财政拨款", "30", "30", "27"))
    training.indicators = [
        _row("产出指标", "数量指标", "培训人次", "≥500人次", "520", "50"),
        # 定性 without a typed score: the engine cannot score it, so the sheet is incomplete.
        _row("效益指标", "社会效益指标", "培训效果", "效果明显", "达成年度指标", "30"),
        _row("满意度指标", "服务对象满意度指标", "学员满意度", "≥90%", "91%", "10"),
    ]
    training.evaluation.score = D("78.5")  # stated: printed as stated, with the stated grade
    training.evaluation.grade = "中"
    document.projects = [water, roads, training]
    return document


def department_document() -> TargetDocument:
    template = get_template(DEPARTMENT)
    document = template.new_document("苏州市自然资源和规划局", 2024)
    department = document.department
    department.annual_goal = "完成国土空间规划编制，保障重点项目用地。"
    department.evaluation.goal_achievement = "规划编制完成，重点项目用地全部保障。"
    department.evaluation.execution = _lines(
        ("年度资金总额", "21274.97", "22000", "21560"),
        ("其中：本年财政拨款", "18591.17", "19000", "18800"),
        ("上年结转资金", "2683.80", "3000", "2760"), ("其他资金", "", "", ""))
    department.table("department").rows = [
        _row("产出指标", "数量指标", "不动产登记办件量", "≥8万件", "8.6", "20"),
        _row("产出指标", "质量指标", "规划审批合规率", "＝100%", "100%", "15"),
        _row("产出指标", "时效指标", "登记按时办结率", "≥98%", "96%", "10", reason="系统切换"),
        _row("产出指标", "成本指标", "测绘成本", "≤300万元", "330", "5", score="4",
             reason="外业增加"),
        _row("效益指标", "社会效益指标", "耕地保护目标", "全面落实", "达成年度指标", "15",
             score="15"),
        _row("效益指标", "生态效益指标", "生态修复面积", "≥200公顷", "180", "15"),
        _row("满意度指标", "服务对象满意度指标", "办事群众满意度", "≥95%", "97%", "10"),
    ]
    return document


def _sheets(document: TargetDocument, template: Template):
    """Each sheet of the document: (its indicator rows, its evaluation, the engine's scores)."""
    rules = template.scoring
    if template.has_projects:
        for project in document.projects:
            yield (project.indicators, project.evaluation,
                   score_sheet(project.indicators, template.project_indicators, rules,
                               project.evaluation.execution, template.grade_bands))
    else:
        spec = template.indicator_tables[0]
        rows = document.department.table(spec.key).rows
        evaluation = document.department.evaluation
        yield rows, evaluation, score_sheet(rows, spec, rules, evaluation.execution,
                                            template.grade_bands)


def _expected_rows(document: TargetDocument) -> list[str]:
    """Each printed row the engine's figures must appear in, cells joined: an indicator from its
    三级 to its 得分, a fund line from its name to its 得分, 总分 and 评价等级."""
    template = get_template(document.template)
    expected = []
    for rows, evaluation, scores in _sheets(document, template):
        for n, line in enumerate(evaluation.execution):
            if n == 0:
                weight, score = "10", str(scores.execution.effective)
            else:
                weight = score = "/"
            rate = line.rate()
            expected.append("".join([
                line.name, *(f"{v:.2f}" for v in (line.initial, line.adjusted, line.executed)
                             if v is not None),
                weight, "" if rate is None else f"{rate:.2f}%", score]))
        for row, scored in zip(rows, scores.rows):
            # The effective score: the typed one if any (kept as typed), else the computed one.
            score = "" if scored.effective is None else str(scored.effective)
            expected.append("".join(row.get(c) for c in ("name", "target", "actual", "weight"))
                            + score)
        weights = sum(D(row.get("weight")) for row in rows) + D(10)
        if evaluation.score is not None:
            total, grade = format(evaluation.score, "f"), evaluation.grade
        else:
            assert scores.complete
            total, grade = str(scores.total), scores.grade
        expected += [f"总分{weights:f}{total}", f"评价等级{grade}"]
    return [squeeze(text) for text in expected]


def test_the_documents_exercise_the_engine_as_intended():
    """The figures the exports are checked against, worked by hand once."""
    template = get_template(PROJECT)
    water, roads, training = (scores for *_, scores in _sheets(project_document(), template))
    assert [s.effective for s in water.rows] == [
        D("18.00"), D("15.00"), D("5.00"), D("9.00"), D("15.00"), D("14"), D("9.5")]
    assert water.rows[-1].computed == D("10.00")  # overridden by the typed 9.5
    assert (water.execution.effective, water.total, water.grade) == (D("9.50"), D("95.00"), "优")
    assert [s.effective for s in roads.rows] == [D("30.00"), D("18.82"), D("21"), D("9.78")]
    assert (roads.execution.effective, roads.total, roads.grade) == (D("8.00"), D("87.60"), "良")
    assert not training.complete  # the 定性 row has no score: the stated 78.5 / 中 print
    department, = (s for *_, s in _sheets(department_document(), get_template(DEPARTMENT)))
    assert (department.execution.effective, department.total, department.grade) == (
        D("9.80"), D("97.10"), "优")


def _pdf_text(path: Path) -> str:
    return squeeze(subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
                                  capture_output=True, text=True, check=True).stdout)


def _docx_rows(path: Path) -> list[str]:
    return [squeeze("".join(row)) for row in docx_rows(path)]


def _xlsx_rows(path: Path) -> list[str]:
    from openpyxl import load_workbook

    rows = []
    for ws in load_workbook(str(path)).worksheets:
        for row in ws.iter_rows():
            texts = [f"{c.value:.2f}" if c.data_type == "n" else str(c.value)
                     for c in row if c.value is not None]
            rows.append(squeeze("".join(texts)))
    return rows


def _missing_rows(expected: list[str], fmt: str, path: Path) -> list[str]:
    if fmt == "pdf":
        text = _pdf_text(path)
        return [row for row in expected if row not in text]
    found = _docx_rows(path) if fmt == "docx" else _xlsx_rows(path)
    return [row for row in expected if not any(row in line for line in found)]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("build", [project_document, department_document],
                         ids=[PROJECT, DEPARTMENT])
def test_exports_print_the_engines_scores_and_every_text(build, fmt, tmp_path):
    document = build()
    path, layout = truth.render(document, fmt, tmp_path)
    assert not truth.missing(document, fmt, truth.read(fmt, path, layout))
    assert not _missing_rows(_expected_rows(document), fmt, path)


def test_a_changed_score_is_caught(tmp_path):
    """The row check can fail: the file says 9.5, the document (and so its total) 9.6."""
    document = project_document()
    path, _ = truth.render(document, "docx", tmp_path)
    document.projects[0].indicators[-1].set("score", "9.6")
    assert _missing_rows(_expected_rows(document), "docx", path) == [
        squeeze("受益群众满意度≥90%93%109.6"), "总分10095.10"]


def test_level1_cells_print_their_groups_weight(tmp_path):
    """"产出指标（50分）" as the published form prints it: the 分值 its rows sum to."""
    document = project_document()
    document.projects[0].indicators[0].set("weight", "25")
    path, _ = truth.render(document, "docx", tmp_path)
    text = "".join(_docx_rows(path))
    assert text.count("产出指标（55分）") == 1  # 供水: 25 + 15 + 5 + 10
    assert text.count("产出指标（50分）") == 2  # 公路 and 培训
    assert text.count("效益指标（30分）") == 3 and text.count("满意度指标（10分）") == 3


@pytest.mark.parametrize("template_id", [PROJECT, DEPARTMENT])
def test_a_blank_form_prints_no_total_and_no_grade(template_id, tmp_path):
    """A new document has nothing scored: 总分 and 评价等级 stay empty (not 0.00 and 差)."""
    document = get_template(template_id).new_document("某某局", 2024)
    path, _ = truth.render(document, "docx", tmp_path)
    rows = _docx_rows(path)
    assert "总分" in rows  # no 分值 (not the 预算执行's 10 alone) and no score
    assert "评价等级" in rows  # and no grade


def test_a_typed_total_prints_its_grade_when_none_is_typed(tmp_path):
    document = project_document()
    document.projects[2].evaluation.grade = ""
    path, _ = truth.render(document, "docx", tmp_path)
    assert "评价等级中" in _docx_rows(path)


@pytest.mark.parametrize("template_id", [PROJECT, DEPARTMENT])
def test_new_document_skeleton_and_fund_lines(template_id):
    template = get_template(template_id)
    document = template.new_document("某某局", 2024)
    if template.has_projects:
        rows, evaluation = document.projects[0].indicators, document.projects[0].evaluation
    else:
        rows = document.department.table("department").rows
        evaluation = document.department.evaluation
    assert [(r.level1, r.level2) for r in rows] == [
        ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
        ("产出指标", "成本指标"), ("效益指标", "经济效益指标"), ("效益指标", "社会效益指标"),
        ("效益指标", "生态效益指标"), ("效益指标", "可持续影响指标"),
        ("满意度指标", "服务对象满意度指标")]
    assert [(line.name, line.weight) for line in evaluation.execution] == [
        ("年度资金总额", D("10")), ("其中：本年财政拨款", None), ("上年结转资金", None),
        ("其他资金", None)]
    assert template.year_offset == -1
    assert [template.grade_for(D(s)) for s in ("90", "89.99", "80", "79.99", "60", "59.99")] == [
        "优", "良", "良", "中", "中", "差"]


def test_a_long_reason_and_long_goals_paginate_without_losing_rows(tmp_path):
    """Page-long texts beside the merged block labels (on the left) lose nothing in the PDF."""
    document = project_document()
    water = document.projects[0]
    sentence = "第{}条：管网延伸至偏远村组，征地协调与雨季施工导致工期延后，已调整计划。"
    water.evaluation.execution[0].reason = "".join(sentence.format(i) for i in range(1, 40))
    water.annual_goal = "".join(sentence.format(i) for i in range(40, 70))
    water.evaluation.goal_achievement = "".join(sentence.format(i) for i in range(70, 100))
    water.indicators[0].set("deviation_reason", "".join(sentence.format(i)
                                                       for i in range(100, 160)))
    path, layout = truth.render(document, "pdf", tmp_path)
    assert len(truth.pdf_pages(path)) > 3
    assert not truth.missing(document, "pdf", truth.read("pdf", path, layout))
    text = _pdf_text(path)
    for name in ("水质检测合格率", "受益群众满意度", "养护里程", "学员满意度"):
        assert name in text


def test_a_yuan_document_prints_its_money_in_wan_yuan_exactly(tmp_path):
    # 六盘水's projects came from a 元 form; the national 自评表 says 万元 (issue 21, item 5).
    from app.export import build_layout
    from app.export.layout import Table
    from app.importing import import_workbook
    from app.money import Unit
    from app.projectfile import load_document
    from app.templates import get_template
    from tests.app.importing.roundtrip import export_xlsx
    from tests.conftest import EXAMPLES_BY_TEMPLATE

    document = load_document(EXAMPLES_BY_TEMPLATE["national-project-eval"])
    evaluation = document.projects[1].evaluation
    assert evaluation is not None and evaluation.unit is Unit.YUAN
    evaluation.execution[0].executed = D("1483491.60")
    layout = build_layout(document)
    cells = [cell for block in layout.parts[1].blocks if isinstance(block, Table)
             for row in block.rows for cell in row]
    texts = [cell.text for cell in cells]
    assert "项目资金\n（万元）" in texts and not any("（元）" in text for text in texts)
    assert "129.50" in texts and "148.34916" in texts  # 1,295,000.00 元; never rounded away
    assert D("148.34916") in [cell.amount for cell in cells]
    imported = import_workbook(export_xlsx(document, tmp_path / "导出.xlsx"),
                               get_template(document.template)).document
    back = imported.projects[1].evaluation
    assert back is not None and back.unit is Unit.YUAN  # 148.34916 万元 is exact only in 元
    assert back.execution[0].executed == D("1483491.60")
    assert back.execution[0].adjusted == D("1295000.00")
