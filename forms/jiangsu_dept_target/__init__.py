"""江苏 · 市级部门整体预算绩效目标表 (seed 000, 苏州市 2024)."""
from __future__ import annotations

from app.model import (BudgetLine, Department, DepartmentFunds, FundLine, FundSource,
                       IndicatorRow, IndicatorTable, TargetDocument)
from app.money import Unit
from app.templates import (CheckSettings, Column, ColumnKind, Deferred, FieldKind, FieldSpec,
                           IndicatorTableSpec, Section, Template, rows)
from forms._common import QUALITATIVE_WORDS, numbered_list

DECISION_PROCESS = "decision_process"
DUTY = "duty"
BENEFIT = "benefit"

_HALF_FULL = "half_year_target,full_year_target"

# The sources under 财政拨款 (its 小计 is their sum), as seeds 000 and 001 print them: 一般公共预算资金,
# 政府性基金, 财政专户管理资金, 国有资本金, 社保基金. 上年结转资金 and 其他资金 are outside it
# (docs/decisions.md).
APPROPRIATION_SOURCES = (FundSource.GENERAL_BUDGET, FundSource.GOVERNMENT_FUND,
                         FundSource.SPECIAL_ACCOUNT, FundSource.STATE_CAPITAL,
                         FundSource.SOCIAL_SECURITY)


def common_indicators() -> list[IndicatorRow]:
    """The 决策/过程 indicators every 江苏 department states, as in seed 000 but for one value:
    the half-year 预算执行率 is the unit's own (基本＋项目 半年 ÷ 资金总额; 苏州's was ＝29%), so
    it starts empty and the checks hold it against the money table once that is filled."""
    def group(level1: str, level2: str, *specs: tuple[str, str, str]) -> list[IndicatorRow]:
        return rows(level1, level2, *specs, columns=_HALF_FULL)

    return [
        *group("决策", "计划制定", ("中长期规划制定健全性", "健全", "健全"),
               ("工作计划制定健全性", "健全", "健全")),
        *group("决策", "目标设定", ("绩效目标合理性", "合理", "合理"),
               ("绩效指标明确性", "明确", "明确")),
        *group("决策", "预算编制", ("预算编制科学性", "科学", "科学"),
               ("预算编制规范性", "规范", "规范")),
        *group("过程", "预算执行", ("预算调整率", "＝0%", "＝0%"),
               ("支付进度符合率", "＝100%", "＝100%"), ("预算执行率", "", "＝100%"),
               ("预算偏差率", "≤10%", "≤10%"), ("结转结余率", "＝0%", "＝0%"),
               ("公用经费控制率", "≤100%", "≤100%"), ("“三公经费”变动率", "≤0%", "≤0%"),
               ("政府采购执行率", "＝100%", "＝100%"), ("非税收入预算完成率", "≥100%", "≥100%")),
        *group("过程", "预算管理", ("预算管理制度健全性", "健全", "健全"),
               ("资金使用合规性", "合规", "合规"), ("绩效管理覆盖率", "＝100%", "＝100%"),
               ("基础信息完善性", "完善", "完善"), ("预决算信息公开度", "公开", "公开"),
               ("非税收入管理合规性", "合规", "合规")),
        *group("过程", "资产管理", ("资产管理制度健全性", "健全", "健全"),
               ("资产管理规范性", "规范", "规范"), ("固定资产利用率", "＝100%", "＝100%")),
        *group("过程", "项目管理", ("项目管理制度健全性", "健全", "健全"),
               ("项目管理制度执行规范性", "规范", "规范")),
        *group("过程", "人员管理", ("人员管理制度健全性", "健全", "健全"),
               ("人员管理制度执行有效性", "有效", "有效"), ("在职人员控制率", "＝100%", "＝100%")),
        *group("过程", "机构建设", ("组织建设工作及时完成率", "＝100%", "＝100%"),
               ("业务学习与培训及时完成率", "＝100%", "＝100%"), ("纪检监察工作有效性", "有效", "有效")),
    ]


def benefit_skeleton() -> list[IndicatorRow]:
    """效益 and 满意度 categories of the form, one empty row each (as the seed prints them)."""
    return [IndicatorRow(level1="效益指标", level2=level2)
            for level2 in ("经济效益", "社会效益", "生态效益", "可持续影响")] + [
        IndicatorRow(level1="满意度指标", level2="服务对象满意度")]


def income_lines() -> list[FundLine]:
    return [FundLine(name=source.value, appropriation=source in APPROPRIATION_SOURCES)
            for source in FundSource]


def region_of(unit_name: str) -> str:
    """"苏州市自然资源和规划局" → "苏州市": the city in the form's title, when the name starts with it."""
    head, mark, _ = unit_name.partition("市")
    return head + mark if mark and 0 < len(head) <= 6 else ""


def new_document(unit_name: str, year: int) -> TargetDocument:
    return TargetDocument(
        template=TEMPLATE.id, unit_name=unit_name, year=year, region=region_of(unit_name),
        department=Department(
            funds=DepartmentFunds(unit=Unit.WAN_YUAN, income=income_lines(),
                                  expense_items=[BudgetLine()]),
            indicator_tables=[
                IndicatorTable(key=DECISION_PROCESS, rows=common_indicators()),
                IndicatorTable(key=DUTY, rows=[IndicatorRow(level1="履职")]),
                IndicatorTable(key=BENEFIT, rows=benefit_skeleton()),
            ]))


_LEVELS = (Column("level1", "一级指标", merge=True), Column("level2", "二级指标", merge=True))
_VALUES = (Column("name", "三级指标"),
           Column("half_year_target", "半年指标值", ColumnKind.TARGET),
           Column("full_year_target", "全年指标值", ColumnKind.TARGET))

TEMPLATE = Template(
    id="jiangsu-dept-target",
    title="江苏 · 市级部门整体预算绩效目标表",
    province="江苏",
    document_title="{region}市级部门整体预算绩效目标表",
    money_unit=Unit.WAN_YUAN.value,
    new_document=new_document,
    form_name="市级部门整体预算绩效目标表",
    layout=Deferred(f"{__name__}.layout", "build_layout"),
    example="jiangsu-suzhou-2024.jixiao",
    self_evaluation_template="national-dept-eval",  # 文件 → 结转 → 年终自评表
    order=0,
    sections=(
        Section("overview", "部门概况", (
            FieldSpec("region", "城市（标题用，如“苏州市”）", FieldKind.LINE, required=True),
            FieldSpec("unit_name", "单位名称", FieldKind.LINE, required=True),
            FieldSpec("year", "年度", FieldKind.YEAR, required=True),
            *numbered_list("department.functions", "单位主要职能", "（一）"),
            FieldSpec("department.organization", "机构设置"),
            FieldSpec("department.staffing", "人员配置"),
        )),
        Section("funds", "资金", (
            FieldSpec("department.funds", "部门整体资金（万元）", FieldKind.FUNDS, required=True),
        )),
        Section("goals", "目标", (
            # No length limit: the published 苏州 form carries 748 and 1,608 characters here.
            FieldSpec("department.long_term_goal", "中长期目标", required=True, limit=0),
            FieldSpec("department.annual_goal", "年度目标", required=True, limit=0),
        )),
        Section("indicators", "绩效指标", (
            FieldSpec("department.indicator_tables", "绩效指标", FieldKind.INDICATORS),
        )),
    ),
    indicator_tables=(
        IndicatorTableSpec(DECISION_PROCESS, "决策、过程指标", (*_LEVELS, *_VALUES),
                           level1_choices=("决策", "过程")),
        IndicatorTableSpec(DUTY, "履职指标", (
            Column("level1", "一级指标", merge=True), Column("level2", "二级指标", merge=True),
            Column("key_task", "重点工作", merge=True), *_VALUES), level1_choices=("履职",)),
        IndicatorTableSpec(BENEFIT, "效益、满意度指标", (*_LEVELS, *_VALUES),
                           level1_choices=("效益指标", "满意度指标")),
    ),
    qualitative_words=QUALITATIVE_WORDS,
    checks=CheckSettings(required_level1=("决策", "过程", "履职", "效益指标", "满意度指标")),
    excel_import=Deferred(f"{__name__}.importing", "IMPORT"),
)
