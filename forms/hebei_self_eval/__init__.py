"""河北 · 部门整体支出绩效自评报告 (seed 003, 石家庄 2022)."""
from __future__ import annotations

from decimal import Decimal

from app.model import BudgetStage, Department, SelfEvaluation, TargetDocument, TeamMember
from app.money import Unit
from app.templates import (CheckSettings, Deferred, FieldKind, FieldSpec, GradeBand, Section,
                           Template)
from forms._common import numbered_list

GRADE_BANDS = (
    GradeBand("优秀", Decimal(85), None),
    GradeBand("良好", Decimal(75), Decimal(85)),
    GradeBand("一般", Decimal(60), Decimal(75)),
    GradeBand("较差", None, Decimal(60)),
)

GRADING_METHOD = ("根据部门职责定位和各项工作履职情况进行综合评价，给出总得分，满分100分，"
                  "得出综合绩效评价等级。部门整体支出综合绩效评价分为4个等级：得分≥85分为优秀；"
                  "75≤得分＜85分为良好；60≤得分＜75分为一般；得分＜60分为较差。")


def new_document(unit_name: str, year: int) -> TargetDocument:
    return TargetDocument(
        template=TEMPLATE.id, unit_name=unit_name, year=year,
        department=Department(),
        self_evaluation=SelfEvaluation(
            budget_stages=[BudgetStage(label=label) for label in ("年初预算", "预算调整", "决算")],
            grading_method=GRADING_METHOD,
            team=[TeamMember(role="组长"), TeamMember(role="副组长"), TeamMember(role="组成员")],
        ))


TEMPLATE = Template(
    id="hebei-self-eval",
    title="河北 · 部门整体支出绩效自评报告",
    province="河北",
    document_title="{unit}{year}年度整体支出绩效自评报告",
    money_unit=Unit.WAN_YUAN.value,
    new_document=new_document,
    year_offset=-1,
    form_name="部门整体支出绩效自评报告",
    layout=Deferred(f"{__name__}.layout", "build_layout"),
    example="hebei-shijiazhuang-2022.jixiao",
    order=2,
    sections=(
        Section("overview", "部门基本情况", (
            FieldSpec("unit_name", "单位名称", FieldKind.LINE, required=True),
            FieldSpec("year", "年度", FieldKind.YEAR, required=True),
            FieldSpec("self_evaluation.preface", "前言"),
            *numbered_list("department.functions", "部门职能", "（1）"),
            FieldSpec("department.organization", "机构设置"),
            FieldSpec("self_evaluation.assets", "资产情况"),
        )),
        Section("budget", "收支预决算", (
            FieldSpec("self_evaluation.budget_stages", "部门收支预决算情况",
                      FieldKind.BUDGET_STAGES),
        )),
        Section("goals", "绩效目标", (
            FieldSpec("department.overall_goal", "整体绩效目标", required=True),
            FieldSpec("department.sub_goals", "分项绩效目标、指标", FieldKind.SUB_GOALS),
        )),
        Section("evaluation", "自评工作", (
            FieldSpec("self_evaluation.organization", "自评的组织工作"),
            FieldSpec("self_evaluation.purpose", "绩效自评目的"),
            FieldSpec("self_evaluation.content", "绩效自评内容"),
            FieldSpec("self_evaluation.methods", "自评的方法", FieldKind.TITLED_LIST),
            FieldSpec("self_evaluation.process", "绩效自评过程"),
        )),
        Section("results", "目标实现与结论", (
            FieldSpec("self_evaluation.overall_achievement", "总体绩效目标实现情况", required=True),
            FieldSpec("self_evaluation.sub_achievements", "分项绩效目标实现情况及指标分析",
                      FieldKind.TITLED_LIST),
            FieldSpec("self_evaluation.grading_method", "评价等级的划分"),
            FieldSpec("self_evaluation.conclusion", "评价结论"),
            FieldSpec("self_evaluation.score", "得分", FieldKind.SCORE, required=True),
            FieldSpec("self_evaluation.grade", "等级", FieldKind.LINE, required=True),
        )),
        Section("problems", "问题与改进", (
            FieldSpec("self_evaluation.problems", "存在的主要问题", FieldKind.TITLED_LIST),
            FieldSpec("self_evaluation.improvements", "改进措施或建议", FieldKind.TITLED_LIST),
            FieldSpec("self_evaluation.team", "评价工作组人员名单及签字", FieldKind.TEAM),
        )),
    ),
    grade_bands=GRADE_BANDS,
    checks=CheckSettings(required_level1=()),  # the report states its indicators in words
    excel_import=Deferred(f"{__name__}.importing", "IMPORT"),
)
