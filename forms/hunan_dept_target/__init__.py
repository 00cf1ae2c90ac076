"""湖南 · 部门(单位)整体绩效目标表 (岳阳楼区价格认证鉴定中心, 2023年度).

One form: 部门(单位)名称, *部门(单位)职责, *年度总体绩效目标, then the 绩效指标 table whose
指标值类型 | *指标值 | 计量单位 read as one target and which carries its own *指标解释 and
*评(扣)分标准 columns. The form has no money table.
"""
from __future__ import annotations

from app.model import Department, IndicatorRow, IndicatorTable, TargetDocument
from app.money import Unit
from app.templates import (CheckSettings, Column, ColumnKind, Deferred, FieldKind, FieldSpec,
                           IndicatorTableSpec, Section, SplitTarget, Template)
from forms._common import BENEFIT, PRODUCTION, QUALITATIVE_WORDS, SATISFACTION, numbered_list

PERFORMANCE = "performance"

# The 二级 categories as the published form names them (with the "指标" suffix).
SKELETON = {
    PRODUCTION: ("数量指标", "质量指标", "时效指标", "成本指标"),
    BENEFIT: ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    SATISFACTION: ("服务对象满意度指标",),
}
# The published form prints this in every row, even in a category left without an indicator.
DEFAULT_SCORING = "未达指标值酌情扣分"
QUANTITATIVE, QUALITATIVE = "定量", "定性"


def skeleton() -> list[IndicatorRow]:
    """One row per 二级 category, its 评(扣)分标准 already written as the form prints it."""
    return [IndicatorRow(level1=level1, level2=level2, scoring=DEFAULT_SCORING)
            for level1, level2s in SKELETON.items() for level2 in level2s]


def new_document(unit_name: str, year: int) -> TargetDocument:
    return TargetDocument(
        template=TEMPLATE.id, unit_name=unit_name, year=year,
        department=Department(
            indicator_tables=[IndicatorTable(key=PERFORMANCE, rows=skeleton())]))


COLUMNS = (
    Column("level1", "一级指标", merge=True),
    Column("level2", "二级指标", merge=True),
    Column("name", "三级指标"),
    Column("value_type", "指标值类型", ColumnKind.CHOICE, choices=(QUANTITATIVE, QUALITATIVE)),
    Column("target", "指标值", width=7),
    Column("unit", "计量单位", width=5),
    Column("definition", "指标解释", width=16, required=True),
    Column("scoring", "评(扣)分标准", width=12, required=True),
    Column("note", "备注", width=6),
)

TEMPLATE = Template(
    id="hunan-dept-target",
    title="湖南 · 部门(单位)整体绩效目标表",
    province="湖南",
    document_title="{unit}{year}年度整体绩效目标表",
    money_unit=Unit.WAN_YUAN.value,
    new_document=new_document,
    form_name="整体绩效目标表",
    layout=Deferred(f"{__name__}.layout", "build_layout"),
    example="hunan-yueyanglou-2023.jixiao",
    self_evaluation_template="national-dept-eval",  # 文件 → 结转 → 年终自评表
    sections=(
        Section("overview", "基本信息", (
            FieldSpec("unit_name", "部门(单位)名称", FieldKind.LINE, required=True),
            FieldSpec("year", "年度", FieldKind.YEAR, required=True),
        )),
        Section("goals", "职责与目标", (
            *numbered_list("department.functions", "部门(单位)职责", "1. ", required=True),
            FieldSpec("department.overall_goal", "年度总体绩效目标", required=True),
        )),
        Section("indicators", "绩效指标", (
            FieldSpec("department.indicator_tables", "绩效指标", FieldKind.INDICATORS),
        )),
    ),
    indicator_tables=(
        IndicatorTableSpec(
            PERFORMANCE, "绩效指标", COLUMNS,
            level1_choices=(PRODUCTION, BENEFIT, SATISFACTION),
            split_targets=(SplitTarget("target", unit="unit", kind="value_type",
                                       qualitative=QUALITATIVE),)),
    ),
    qualitative_words=QUALITATIVE_WORDS,
    # The form lists all four 产出 categories; an officer may leave a 效益 category empty
    # (the published 岳阳楼区 form leaves 经济效益指标 so).
    checks=CheckSettings(required_level2={PRODUCTION: SKELETON[PRODUCTION]}),
    excel_import=Deferred(f"{__name__}.importing", "IMPORT"),
)
