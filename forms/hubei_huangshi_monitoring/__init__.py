"""湖北 · 黄石市项目支出绩效监控表: the mid-year monitoring of each project (1-6月), as 黄石市文化和
旅游局 published its 申遗经费 form for 2019 (docs/templates.md gives the source).

Every box of the form is declared here. The unit, the year, the project's name, its 执行单位 and
its indicators are the model's own meanings (the checks, 结转 and the indicator library use
them); 项目属性, the two 项目类型 tick-lists, the money block and the two free-text rows are
declared boxes (app/boxes.py), which need no change outside this folder.
"""
from __future__ import annotations

from decimal import Decimal

from app.boxes import (AtMost, BoxOptions, MoneyColumn, MoneyRow, MoneyTable, PartsOf,
                       RateAtLeast, RequiredWhen)
from app.model import IndicatorRow, Project, TargetDocument
from app.money import Unit
from app.templates import (CheckSettings, Column, ColumnKind, Deferred, FieldKind, FieldSpec,
                           IndicatorTableSpec, Section, Template)
from forms._common import QUALITATIVE_WORDS

# 完成目标可能性: the form's three grades; the last two call for the two free-text rows (note 2).
LIKELIHOOD = ("确定能", "有可能", "不可能")
DOUBTFUL = RequiredWhen("likelihood", ("有可能", "不可能"))

FUNDS = MoneyTable(
    rows=(MoneyRow("total", "年度资金总额:"), MoneyRow("general", "其中:当年一般公共预算拨款")),
    columns=(MoneyColumn("initial", "年初预算数"),
             MoneyColumn("executed", "1-6月执行数", result=True),
             MoneyColumn("forecast", "全年预计执行数", result=True)),
    relations=(
        # One 其中 line of several sources: the total is at least that line.
        PartsOf("total", ("general",), complete=False),
        AtMost("executed", "initial"),
        # At the half year, under half of the budget spent is behind schedule (序时进度).
        RateAtLeast("executed", "initial", Decimal(50), message="序时进度滞后"),
    ),
    budget=("total", "initial"),  # 结转 from a 目标表 puts the project's budget here
)

INDICATORS = IndicatorTableSpec("", "绩效指标", (
    Column("level1", "一级指标", merge=True),
    Column("name", "指标名称"),
    Column("target", "指标值", ColumnKind.TARGET),
    Column("half_year_actual", "半年度指标执行情况", result=True),
    Column("likelihood", "完成目标可能性(确定能、有可能、不可能)", ColumnKind.CHOICE,
           choices=LIKELIHOOD, result=True),
    Column("note", "备注", result=True),
), level1_choices=("产出指标", "效益指标", "满意度指标"))


def new_document(unit_name: str, year: int) -> TargetDocument:
    return TargetDocument(template=TEMPLATE.id, unit_name=unit_name, year=year,
                          projects=[new_project("", year)])


def new_project(name: str, year: int | None) -> Project:
    """A blank form: the 产出 and 效益 groups the published form lists, one row each."""
    return Project(name=name, budget_unit=Unit.WAN_YUAN, indicators=[
        IndicatorRow(level1="产出指标"), IndicatorRow(level1="效益指标")])


TEMPLATE = Template(
    id="hubei-huangshi-monitoring",
    title="湖北 · 黄石市项目支出绩效监控表",
    province="湖北",
    document_title="黄石市项目支出绩效监控表",
    money_unit=Unit.WAN_YUAN.value,
    new_document=new_document,
    new_project=new_project,
    form_name="项目支出绩效监控表",
    layout=Deferred(f"{__name__}.layout", "build_layout"),
    example="hubei-huangshi-2019.jixiao",
    stage="monitoring",
    has_projects=True,
    year_offset=0,  # monitoring is done in the year itself, at its middle
    order=20,
    sections=(
        Section("overview", "基本信息", (
            FieldSpec("unit_name", "主管部门", FieldKind.LINE, required=True),
            FieldSpec("year", "年度", FieldKind.YEAR, required=True),
        )),
    ),
    project_sections=(
        Section("basic", "项目基本情况", (
            FieldSpec("name", "项目名称", FieldKind.LINE, required=True),
            # The filled copy adds the project's tag after the title: "…监控表(申遗)".
            FieldSpec("boxes.title_tag", "表名后的项目简称", FieldKind.LINE, limit=20),
            FieldSpec("implementing_unit", "项目执行单位", FieldKind.LINE, required=True),
            FieldSpec("boxes.attribute", "项目属性", FieldKind.TICKS, required=True,
                      box=BoxOptions(options=("持续性项目", "新增性项目"), single=True,
                                     numbering="1、")),
            FieldSpec("boxes.term", "项目类型", FieldKind.TICKS, required=True,
                      box=BoxOptions(options=("常年性项目", "延续性项目", "一次性项目"),
                                     single=True, numbering="1、")),
            FieldSpec("boxes.channel", "项目类型", FieldKind.TICKS, required=True,
                      box=BoxOptions(options=("部门预算项目", "省直专项", "省对下转移支付项目"),
                                     single=True, numbering="1、")),
        )),
        Section("funds", "项目资金", (
            FieldSpec("boxes.funds", "项目资金(万元)", FieldKind.MONEY_TABLE, required=True,
                      box=BoxOptions(unit=Unit.WAN_YUAN.value, table=FUNDS)),
        )),
        Section("indicators", "绩效指标", (
            FieldSpec("indicators", "绩效指标", FieldKind.INDICATORS),
        )),
        Section("analysis", "偏差分析", (
            FieldSpec("boxes.deviation", "偏差或不能完成目标原因分析", FieldKind.TEXT, limit=0,
                      box=BoxOptions(required_when=DOUBTFUL)),
            FieldSpec("boxes.advice", "相关建议或举措", FieldKind.TEXT, limit=0,
                      box=BoxOptions(required_when=DOUBTFUL)),
        )),
    ),
    project_indicators=INDICATORS,
    qualitative_words=QUALITATIVE_WORDS,
    # The form reports on the targets set in spring: 产出 and 效益, as the published copy lists.
    checks=CheckSettings(required_level1=("产出指标", "效益指标"), check_projects_budget=False),
    excel_import=Deferred(f"{__name__}.importing", "IMPORT"),
)
