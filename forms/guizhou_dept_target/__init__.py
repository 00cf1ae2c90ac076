"""贵州 · 部门整体支出绩效目标表 + 项目绩效目标表 (seed 004, 六盘水 2024)."""
from __future__ import annotations

from app.model import (Department, DepartmentFunds, IndicatorTable, Period, Project,
                       TargetDocument)
from app.money import Unit
from app.templates import (CheckSettings, Column, ColumnKind, Deferred, FieldKind, FieldSpec,
                           IndicatorTableSpec, Section, Template)
from forms._common import (BENEFIT, PRODUCTION, QUALITATIVE_WORDS, SATISFACTION, numbered_list,
                           skeleton)

DEPARTMENT = "department"

DEPARTMENT_SKELETON = {
    PRODUCTION: ("数量指标", "质量指标", "时效指标", "成本指标"),
    BENEFIT: ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    SATISFACTION: ("服务对象满意度指标",),
}
PROJECT_SKELETON = {
    PRODUCTION: ("数量指标", "质量指标", "时效指标", "成本指标"),
    BENEFIT: ("社会效益指标", "经济效益指标", "环境效益指标", "可持续影响指标"),
    SATISFACTION: ("社会公众或服务对象满意度",),
}


def new_project(name: str = "", year: int | None = None) -> Project:
    period = Period(start=f"{year}-01-01", end=f"{year}-12-31") if year else Period()
    return Project(name=name, budget_unit=Unit.YUAN, category="特定目标类",
                   planned_period=period, indicators=skeleton(PROJECT_SKELETON))


def new_document(unit_name: str, year: int) -> TargetDocument:
    return TargetDocument(
        template=TEMPLATE.id, unit_name=unit_name, year=year, compiled_by=unit_name,
        department=Department(
            funds=DepartmentFunds(unit=Unit.WAN_YUAN),
            indicator_tables=[IndicatorTable(key=DEPARTMENT, rows=skeleton(DEPARTMENT_SKELETON))]))


_INDICATOR_COLUMNS = (
    Column("level1", "一级指标", merge=True), Column("level2", "二级指标", merge=True),
    Column("name", "三级指标"), Column("target", "指标值", ColumnKind.TARGET),
    Column("definition", "指标解释及计算公式"))

TEMPLATE = Template(
    id="guizhou-dept-target",
    title="贵州 · 部门整体支出绩效目标表及项目绩效目标表",
    province="贵州",
    document_title="{unit}{year}年预算绩效目标表",
    money_unit=Unit.WAN_YUAN.value,
    new_document=new_document,
    form_name="预算绩效目标表",
    layout=Deferred(f"{__name__}.layout", "build_layout"),
    funds_expense_only=True,
    example="guizhou-liupanshui-2024.jixiao",
    self_evaluation_template="national-project-eval",  # 文件 → 结转 → 年终自评表
    order=3,
    sections=(
        Section("overview", "部门概况", (
            FieldSpec("unit_name", "部门(单位)名称", FieldKind.LINE, required=True),
            FieldSpec("year", "年度", FieldKind.YEAR, required=True),
            FieldSpec("compiled_by", "编制单位", FieldKind.LINE, required=True),
            FieldSpec("contact_person", "经办人", FieldKind.LINE),
            FieldSpec("contact_phone", "联系电话（办公座机号）", FieldKind.LINE),
            *numbered_list("department.functions", "部门(单位)职能描述", "1. "),
        )),
        Section("funds", "资金", (
            FieldSpec("department.funds", "支出预算（本级，万元）", FieldKind.FUNDS, required=True),
        )),
        Section("goals", "目标", (
            FieldSpec("department.annual_goal", "部门(单位)绩效目标", required=True),
            FieldSpec("department.goal_items", "部门(单位)绩效目标（分项）", FieldKind.LIST,
                      numbering="1 "),
            FieldSpec("department.safeguards.organization", "组织机构"),
            FieldSpec("department.safeguards.rules", "相关管理制度"),
            FieldSpec("department.stage_plans", "部门（单位）目标阶段性计划", FieldKind.LIST,
                      numbering="计划1"),
        )),
        Section("indicators", "绩效指标", (
            FieldSpec("department.indicator_tables", "绩效指标", FieldKind.INDICATORS),
        )),
    ),
    indicator_tables=(
        IndicatorTableSpec(DEPARTMENT, "部门整体绩效指标", _INDICATOR_COLUMNS,
                           level1_choices=(PRODUCTION, BENEFIT, SATISFACTION)),
    ),
    has_projects=True,
    new_project=new_project,
    project_sections=(
        Section("basics", "基本情况", (
            FieldSpec("name", "项目名称", FieldKind.LINE, required=True),
            FieldSpec("lead", "项目负责人", FieldKind.LINE),
            FieldSpec("phone", "联系电话", FieldKind.LINE),
            FieldSpec("category", "项目类别", FieldKind.LINE),
            FieldSpec("continuity", "项目属性", FieldKind.LINE),
            FieldSpec("planned_period", "项目计划实施时间", FieldKind.PERIOD),
        )),
        Section("funds", "资金", (
            FieldSpec("budget_amount", "预算资金（元）", FieldKind.MONEY, required=True),
            FieldSpec("fund_type", "资金性质", FieldKind.LINE),
        )),
        Section("goals", "目标与实施计划", (
            FieldSpec("annual_goal", "年度目标", required=True),
            FieldSpec("schedule", "本年度实施计划", FieldKind.SCHEDULE),
            FieldSpec("safeguards.organization", "组织机构"),
            FieldSpec("safeguards.rules", "管理制度"),
        )),
        Section("indicators", "绩效指标", (
            FieldSpec("indicators", "绩效指标", FieldKind.INDICATORS),
        )),
    ),
    project_indicators=IndicatorTableSpec("project", "绩效指标", _INDICATOR_COLUMNS,
                                          level1_choices=(PRODUCTION, BENEFIT, SATISFACTION)),
    qualitative_words=QUALITATIVE_WORDS,
    checks=CheckSettings(required_level2={PRODUCTION: ("数量指标", "质量指标", "时效指标", "成本指标")}),
    excel_import=Deferred(f"{__name__}.importing", "IMPORT"),
)
