"""全国 · 部门整体支出绩效自评表: the national 项目支出绩效自评表 (财预〔2020〕10号) for the department
as a whole, as the bureaus' 部门整体 自评模板 lay it out.

One form: 部门（单位）名称; 年度预算执行情况 (万元) over the four fund lines of the project form
(年度资金总额 carries the 10 points), kept in ``department.evaluation``; 年度总体目标 (预期目标
beside 实际完成情况); one 绩效指标 table with the project form's eight columns; 总分 and the grade.
The columns, fund lines, skeleton and grade bands are the national 自评表's, as the project
form's are (``forms._common.national_eval``); so are the scoring rules, except that the 90 indicator
points have no fixed split between 一级: 财预〔2020〕10号's 产出 50 / 效益 30 / 满意度 10 is the
项目支出 rule, and a department's 一级 differ by province (江苏's 决策 / 过程 / 履职 / 效益, 湖南's
产出 / 效益 / 满意度).
"""
from __future__ import annotations

from dataclasses import replace

from app.model import Department, IndicatorTable, TargetDocument
from app.money import Unit
from app.templates import (CheckSettings, Deferred, FieldKind, FieldSpec, IndicatorTableSpec,
                           Section, Template)
from forms._common import QUALITATIVE_WORDS, skeleton
from forms._common.national_eval import COLUMNS, GRADE_BANDS, LEVEL1, SCORING, SKELETON, new_evaluation

DEPARTMENT = "department"


def new_document(unit_name: str, year: int) -> TargetDocument:
    return TargetDocument(
        template=TEMPLATE.id, unit_name=unit_name, year=year,
        department=Department(
            evaluation=new_evaluation(),
            indicator_tables=[IndicatorTable(key=DEPARTMENT, rows=skeleton(SKELETON))]))


TEMPLATE = Template(
    id="national-dept-eval",
    title="全国 · 部门整体支出绩效自评表（财预〔2020〕10号格式）",
    province="全国",
    document_title="部门整体支出绩效自评表（{year}年度）",
    money_unit=Unit.WAN_YUAN.value,
    new_document=new_document,
    year_offset=-1,
    form_name="部门整体支出绩效自评表",
    layout=Deferred(f"{__name__}.layout", "build_layout"),
    example="national-dept-eval-suzhou-2024.jixiao",
    sections=(
        Section("overview", "基本信息", (
            FieldSpec("unit_name", "部门（单位）名称", FieldKind.LINE, required=True),
            FieldSpec("year", "年度", FieldKind.YEAR, required=True),
        )),
        Section("goal", "年度总体目标", (
            FieldSpec("department.annual_goal", "预期目标", required=True),
            FieldSpec("department.evaluation.goal_achievement", "实际完成情况"),
        )),
        Section("execution", "年度预算执行情况", (
            FieldSpec("department.evaluation.execution", "年度预算执行情况",
                      FieldKind.EXECUTION),
        )),
        Section("indicators", "绩效指标", (
            FieldSpec("department.indicator_tables", "绩效指标", FieldKind.INDICATORS),
        )),
        Section("result", "总分与等级", (
            FieldSpec("department.evaluation.score", "总分", FieldKind.SCORE),
            FieldSpec("department.evaluation.grade", "评价等级", FieldKind.LINE),
        )),
    ),
    indicator_tables=(
        IndicatorTableSpec(DEPARTMENT, "绩效指标", COLUMNS, level1_choices=LEVEL1),
    ),
    grade_bands=GRADE_BANDS,
    qualitative_words=QUALITATIVE_WORDS,
    scoring=replace(SCORING, level1_weights=()),
    checks=CheckSettings(check_projects_budget=False),
    excel_import=Deferred(f"{__name__}.importing", "IMPORT"),
)
