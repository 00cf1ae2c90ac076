"""河北 · 绩效文本: 部门整体绩效目标 + 专项资金 + 预算项目绩效目标表 (seed 002, 承德 2023)."""
from __future__ import annotations

from app.model import Department, Project, SpendingPlan, TargetDocument
from app.money import Unit
from app.templates import (CheckSettings, Column, ColumnKind, Deferred, FieldKind, FieldSpec,
                           IndicatorTableSpec, Section, Template)
from forms._common import (BENEFIT, PRODUCTION, QUALITATIVE_WORDS, SATISFACTION, numbered_list,
                           skeleton)

PROJECT_SKELETON = {
    PRODUCTION: ("数量指标", "质量指标", "时效指标", "成本指标"),
    BENEFIT: ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    SATISFACTION: ("服务对象满意度指标",),
}


def new_project(name: str = "", year: int | None = None) -> Project:
    return Project(name=name, budget_unit=Unit.WAN_YUAN, spending_plan=SpendingPlan(),
                   indicators=skeleton(PROJECT_SKELETON))


def new_document(unit_name: str, year: int) -> TargetDocument:
    return TargetDocument(
        template=TEMPLATE.id, unit_name=unit_name, year=year, compiled_by=unit_name,
        department=Department(),
        special_funds=f"我部门{year}年无专项资金预算，特此说明。")


TEMPLATE = Template(
    id="hebei-perf-text",
    title="河北 · 绩效文本（部门整体、专项资金、项目绩效目标表）",
    province="河北",
    document_title="{unit}{year}年绩效文本",
    money_unit=Unit.WAN_YUAN.value,
    new_document=new_document,
    form_name="绩效文本",
    layout=Deferred(f"{__name__}.layout", "build_layout"),
    example="hebei-chengde-2023.jixiao",
    self_evaluation_template="national-project-eval",  # 文件 → 结转 → 年终自评表
    order=1,
    sections=(
        Section("overview", "部门概况", (
            FieldSpec("unit_name", "单位名称", FieldKind.LINE, required=True),
            FieldSpec("year", "年度", FieldKind.YEAR, required=True),
            FieldSpec("compiled_by", "编制单位", FieldKind.LINE),
        )),
        Section("goals", "部门整体绩效目标", (
            FieldSpec("department.overall_goal", "总体绩效目标", required=True),
            FieldSpec("department.sub_goals", "分项绩效目标", FieldKind.SUB_GOALS),
            *numbered_list("department.measures", "工作保障措施", "（一）"),
        )),
        Section("special_funds", "专项资金", (
            FieldSpec("special_funds", "专项资金绩效目标"),
        )),
    ),
    has_projects=True,
    new_project=new_project,
    project_sections=(
        Section("basics", "基本情况", (
            FieldSpec("name", "项目名称", FieldKind.LINE, required=True),
            FieldSpec("implementing_unit", "实施单位", FieldKind.LINE),
        )),
        Section("funds", "资金与支出计划", (
            FieldSpec("budget_amount", "年度申请资金额度（万元）", FieldKind.MONEY, required=True),
            FieldSpec("spending_plan", "资金支出计划（%）", FieldKind.SPENDING_PLAN),
        )),
        Section("goals", "目标", (
            FieldSpec("annual_goal", "年度目标", required=True),
        )),
        Section("indicators", "绩效指标", (
            FieldSpec("indicators", "绩效指标", FieldKind.INDICATORS),
        )),
    ),
    project_indicators=IndicatorTableSpec("project", "绩效指标", (
        Column("level1", "一级指标", merge=True), Column("level2", "二级指标", merge=True),
        Column("name", "三级指标"), Column("target", "指标值", ColumnKind.TARGET),
        Column("basis", "指标值确定依据")), level1_choices=(PRODUCTION, BENEFIT, SATISFACTION)),
    qualitative_words=QUALITATIVE_WORDS,
    checks=CheckSettings(required_level2={PRODUCTION: ("数量指标", "质量指标", "时效指标", "成本指标")}),
    excel_import=Deferred(f"{__name__}.importing", "IMPORT"),
)
