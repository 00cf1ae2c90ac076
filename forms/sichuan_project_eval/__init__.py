"""四川 · 部门预算项目支出绩效自评表 (报表编号 510000_0013zp; 青神县发展和改革局, 2023年度).

One self-evaluation form per project, for last year: 项目名称, 主管部门 (the document's unit),
实施单位（盖章）; 项目基本情况 (项目年度目标 beside 年度目标完成情况, then 项目实施内容及过程概述);
预算执行情况 (10分) over five fund lines; 绩效指标 (90分) with 指标性质 | 指标值 | 度量单位 read as one
target, 完成值, 权重, 得分 and 未完成原因分析; 评价结论, 存在问题, 改进措施 and the two signatures.
"""
from __future__ import annotations

from decimal import Decimal

from app.scoring_rules import ScoringRules
from app.model import ExecutionLine, Project, ProjectEvaluation, TargetDocument
from app.money import Unit
from app.templates import (CheckSettings, Column, ColumnKind, Deferred, FieldKind, FieldSpec,
                           IndicatorTableSpec, Section, SplitTarget, Template)
from forms._common import BENEFIT, PRODUCTION, QUALITATIVE_WORDS, SATISFACTION, skeleton

# The fund lines the form prints, in its order; only 总额 carries the block's 10 points.
EXECUTION_LINES = ("总额", "其中：财政资金", "财政专户管理资金", "单位资金", "其他资金")
EXECUTION_WEIGHT = Decimal("10")

# 二级 categories as the province's published forms name them (成本 sits under 产出, as
# "经济成本指标" on 大英县司法局's 2023 form).
SKELETON = {
    PRODUCTION: ("数量指标", "质量指标", "时效指标", "经济成本指标"),
    BENEFIT: ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    SATISFACTION: ("服务对象满意度指标",),
}
QUALITATIVE = "定性"
# 指标性质 as the form prints it: the published rows use the ASCII "=".
OPERATORS = ("=", "≥", "≤", ">", "<", QUALITATIVE)


def new_execution() -> list[ExecutionLine]:
    return [ExecutionLine(name=name, weight=EXECUTION_WEIGHT if n == 0 else None)
            for n, name in enumerate(EXECUTION_LINES)]


def new_project(name: str = "", year: int | None = None) -> Project:
    return Project(name=name, indicators=skeleton(SKELETON),
                   evaluation=ProjectEvaluation(unit=Unit.WAN_YUAN, execution=new_execution()))


def new_document(unit_name: str, year: int) -> TargetDocument:
    return TargetDocument(template=TEMPLATE.id, unit_name=unit_name, year=year,
                          projects=[new_project("", year)])


# Editor widths in characters, narrow enough that the ten columns fit beside the project list
# at 1366×768 (a wider table would scroll sideways); the printed widths are the layout's.
COLUMNS = (
    Column("level1", "一级指标", merge=True, width=5),
    Column("level2", "二级指标", merge=True, width=6),
    Column("name", "三级指标", width=10),
    Column("operator", "指标性质", ColumnKind.CHOICE, width=4, choices=OPERATORS),
    Column("target", "指标值", width=4),
    Column("unit", "度量单位", width=4),
    Column("actual", "完成值", width=4, result=True),
    Column("weight", "权重", ColumnKind.NUMBER, width=3, required=True),
    Column("score", "得分", ColumnKind.NUMBER, width=3, result=True),
    Column("deviation_reason", "未完成原因分析", width=9, result=True),
)

TEMPLATE = Template(
    id="sichuan-project-eval",
    title="四川 · 部门预算项目支出绩效自评表",
    province="四川",
    document_title="部门预算项目支出绩效自评表（{year}年度）",
    money_unit=Unit.WAN_YUAN.value,
    new_document=new_document,
    year_offset=-1,
    form_name="项目支出绩效自评表",
    layout=Deferred(f"{__name__}.layout", "build_layout"),
    example="sichuan-qingshen-2023.jixiao",
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
            FieldSpec("implementing_unit", "实施单位（盖章）", FieldKind.LINE, required=True),
            FieldSpec("lead", "项目负责人", FieldKind.LINE),
            FieldSpec("evaluation.finance_lead", "财务负责人", FieldKind.LINE),
        )),
        Section("situation", "项目基本情况", (
            FieldSpec("annual_goal", "项目年度目标", required=True),
            FieldSpec("evaluation.goal_achievement", "年度目标完成情况", limit=100),
            FieldSpec("evaluation.process", "项目实施内容及过程概述"),
        )),
        Section("execution", "预算执行情况", (
            # The form: "预算执行率未达到90%的需说明原因(100字以内)".
            FieldSpec("evaluation.execution", "预算执行情况", FieldKind.EXECUTION,
                      limit=100),
        )),
        Section("indicators", "绩效指标", (
            FieldSpec("indicators", "绩效指标", FieldKind.INDICATORS),
        )),
        Section("conclusion", "评价结论", (
            FieldSpec("evaluation.conclusion", "评价结论", limit=200),
            FieldSpec("evaluation.problems", "存在问题", limit=200),
            FieldSpec("evaluation.improvements", "改进措施", limit=200),
        )),
    ),
    project_indicators=IndicatorTableSpec(
        "project", "绩效指标", COLUMNS, level1_choices=(PRODUCTION, BENEFIT, SATISFACTION),
        split_targets=(SplitTarget("target", operator="operator", unit="unit",
                                   qualitative=QUALITATIVE),)),
    qualitative_words=QUALITATIVE_WORDS,
    # 预算执行 10 and the indicators 90, with no fixed split between 一级 (the published form
    # weighs 产出 60 and 效益 30); 执行率 under 90% needs its 原因 (printed on the form).
    scoring=ScoringRules(level1_weights=(), reason_below_rate=Decimal(90)),
    # The province's own published forms leave 满意度 out where it has no users (工资性支出);
    # the form has no department money table for the projects to add up to.
    checks=CheckSettings(required_level1=(PRODUCTION, BENEFIT), check_projects_budget=False),
    excel_import=Deferred(f"{__name__}.importing", "IMPORT"),
)
