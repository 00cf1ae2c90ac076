"""全国 · 项目支出绩效自评表 (财预〔2020〕10号《项目支出绩效评价管理办法》的附件格式; as 池州市贵池区
棠溪镇 filled it for 2022).

One self-evaluation form per project, for last year: 项目名称, 主管部门 (the document's unit),
实施单位; 项目资金 (万元) over four fund lines with 年初预算数 | 全年预算数 | 全年执行数 | 分值 |
执行率 | 得分 (年度资金总额 carries the 10 points); 年度总体目标 (预期目标 beside 实际完成情况);
绩效指标 with one merged 年度指标值 ("≥50个"), 实际完成值, 分值, 得分 and 偏差原因分析及改进措施;
总分 and the grade. The form has no 评价结论 block and no signatures.

The sheet, its columns, fund lines, skeleton, grade bands and scoring rules are the national
自评表's (``forms._common.national_eval``), which the department's form prints too.
"""
from __future__ import annotations

from app.model import Project, TargetDocument
from app.money import Unit
from app.templates import (CheckSettings, Deferred, FieldKind, FieldSpec, IndicatorTableSpec,
                           Section, Template)
from forms._common import QUALITATIVE_WORDS, skeleton
from forms._common.national_eval import COLUMNS, GRADE_BANDS, LEVEL1, SCORING, SKELETON, new_evaluation


def new_project(name: str = "", year: int | None = None) -> Project:
    return Project(name=name, indicators=skeleton(SKELETON), evaluation=new_evaluation())


def new_document(unit_name: str, year: int) -> TargetDocument:
    return TargetDocument(template=TEMPLATE.id, unit_name=unit_name, year=year,
                          projects=[new_project("", year)])


TEMPLATE = Template(
    id="national-project-eval",
    title="全国 · 项目支出绩效自评表（财预〔2020〕10号）",
    province="全国",
    document_title="项目支出绩效自评表（{year}年度）",
    money_unit=Unit.WAN_YUAN.value,
    new_document=new_document,
    year_offset=-1,
    form_name="项目支出绩效自评表",
    layout=Deferred(f"{__name__}.layout", "build_layout"),
    example="national-project-eval-liupanshui-2024.jixiao",
    sections=(
        Section("overview", "基本信息", (
            FieldSpec("unit_name", "主管部门", FieldKind.LINE, required=True),
            FieldSpec("year", "年度", FieldKind.YEAR, required=True),
        )),
    ),
    has_projects=True,
    new_project=new_project,
    project_sections=(
        Section("basics", "项目", (
            FieldSpec("name", "项目名称", FieldKind.LINE, required=True),
            FieldSpec("implementing_unit", "实施单位", FieldKind.LINE, required=True),
        )),
        Section("goal", "年度总体目标", (
            FieldSpec("annual_goal", "预期目标", required=True),
            FieldSpec("evaluation.goal_achievement", "实际完成情况"),
        )),
        Section("execution", "项目资金", (
            FieldSpec("evaluation.execution", "项目资金", FieldKind.EXECUTION),
        )),
        Section("indicators", "绩效指标", (
            FieldSpec("indicators", "绩效指标", FieldKind.INDICATORS),
        )),
        Section("result", "总分与等级", (
            FieldSpec("evaluation.score", "总分", FieldKind.SCORE),
            FieldSpec("evaluation.grade", "评价等级", FieldKind.LINE),
        )),
    ),
    project_indicators=IndicatorTableSpec("project", "绩效指标", COLUMNS, level1_choices=LEVEL1),
    grade_bands=GRADE_BANDS,
    qualitative_words=QUALITATIVE_WORDS,
    scoring=SCORING,
    # The form has no department money table for the projects to add up to.
    checks=CheckSettings(check_projects_budget=False),
    excel_import=Deferred(f"{__name__}.importing", "IMPORT"),
)
