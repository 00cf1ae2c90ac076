"""The document model: one department's budget-performance document for one year.

One model serves every provincial form; a template (``forms/``) chooses which parts it shows
and how it prints them. Money is Decimal with an explicit unit; text is kept as typed.
Rows carry their group (一级/二级) on every row: exports merge equal neighbours, as the seeds do.
"""
from __future__ import annotations

from decimal import Decimal
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, TypeAdapter,
                      field_validator, model_serializer, model_validator)

from app.money import Money, Percent, Unit, total
from app.text import Text

# Field order is the file's key order: append new fields, never reorder (diffs stay small).


class _Part(BaseModel):
    # Validators are built when a model is first used, not when this module is imported.
    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)


# A declared box's key (app/boxes.py); its value is checked against the template's declaration
# when a file is loaded (app.boxes.validate_boxes), since only the template knows its kind.
BoxKey = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,45}$")]


class _WithBoxes(_Part):
    """A part that holds declared boxes: ``boxes`` is left out of the file while empty, so a
    document of a form without declared boxes is saved as before they existed."""

    @model_serializer(mode="wrap")
    def _without_empty_boxes(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if isinstance(data, dict) and not data.get("boxes"):
            data.pop("boxes", None)
        return data


class FundSource(str, Enum):
    """The income lines of a 部门整体资金 table, by their printed names."""

    GENERAL_BUDGET = "一般公共预算资金"
    GOVERNMENT_FUND = "政府性基金"
    SPECIAL_ACCOUNT = "财政专户管理资金"
    STATE_CAPITAL = "国有资本金"
    SOCIAL_SECURITY = "社保基金"
    CARRYOVER = "上年结转资金"
    OTHER = "其他资金"


class FundLine(_Part):
    """One income line: a fund source and its amount (全年预算数)."""

    name: Text = ""
    amount: Money | None = None
    # True for the sources that make up 财政拨款 (its 小计 is their sum).
    appropriation: bool = False


class ExpenseAmount(_Part):
    """An expenditure figure with its 半年计划执行数 and 全年预算数."""

    half_year: Money | None = None
    full_year: Money | None = None


class BudgetLine(_Part):
    """One expense item (支出明细) with its half-year plan and full-year budget."""

    name: Text = ""
    half_year: Money | None = None
    full_year: Money | None = None


class DepartmentFunds(_Part):
    """部门整体资金 / 支出预算. Stated totals are kept as printed; the checks tie them."""

    unit: Unit = Unit.WAN_YUAN
    total: Money | None = None  # 资金总额 as stated
    appropriation: Money | None = None  # 财政拨款 小计 as stated
    income: list[FundLine] = Field(default_factory=list)
    basic_expense: ExpenseAmount = Field(default_factory=ExpenseAmount)
    project_expense: ExpenseAmount = Field(default_factory=ExpenseAmount)
    expense_items: list[BudgetLine] = Field(default_factory=list)

    def income_sum(self) -> Decimal:
        return total(line.amount for line in self.income)

    def appropriation_sum(self) -> Decimal:
        return total(line.amount for line in self.income if line.appropriation)

    def expense_sum(self, column: str = "full_year") -> Decimal:
        """基本支出 + 项目支出 in the given column ("half_year" or "full_year")."""
        return total(getattr(e, column) for e in (self.basic_expense, self.project_expense))

    def items_sum(self, column: str = "full_year") -> Decimal:
        return total(getattr(item, column) for item in self.expense_items)


# A column id as templates declare it ("level1", "name", "target", "weight" …).
ColumnId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]


@cache
def _cell_checks() -> tuple[TypeAdapter[str], TypeAdapter[str]]:
    """The checks of a cell set one by one (built at first use, like the models themselves:
    listing templates never validates anything)."""
    return TypeAdapter(ColumnId), TypeAdapter(Text)


def check_column_id(column: str) -> str:
    """``column`` if it is a valid column id (a cell's key), else pydantic's ValidationError."""
    return _cell_checks()[0].validate_python(column)


class IndicatorRow(_Part):
    """One performance indicator (绩效指标): its cells by column id, each kept exactly as typed.

    The template declares the columns (``app.templates.Column``), so a new column is new data,
    not a model change. Ids every table shares: ``level1`` 一级指标, ``level2`` 二级指标,
    ``name`` 三级指标; target columns are declared as such (``target``, ``half_year_target``,
    ``full_year_target`` …). An empty cell is absent, so a file holds only what was typed.
    """

    cells: dict[ColumnId, Text] = Field(default_factory=dict)

    if TYPE_CHECKING:  # what _cells_by_keyword accepts, for the type checker
        def __init__(self, *, cells: dict[str, str] = ..., **by_column: str) -> None: ...

    @model_validator(mode="before")
    @classmethod
    def _cells_by_keyword(cls, data: Any) -> Any:
        # IndicatorRow(level1="产出指标", name="…") is shorthand for cells={…}.
        if isinstance(data, dict) and "cells" not in data:
            return {"cells": data}
        return data

    @field_validator("cells")
    @classmethod
    def _drop_empty(cls, cells: dict[str, str]) -> dict[str, str]:
        return {column: text for column, text in cells.items() if text}

    def get(self, column: str) -> str:
        return self.cells.get(column, "")

    def set(self, column: str, text: str) -> None:
        """Set one cell, cleaned and checked like a loaded file ("" empties it)."""
        check_column_id(column)
        text = _cell_checks()[1].validate_python(text)
        if text:
            self.cells[column] = text
        else:
            self.cells.pop(column, None)

    @property
    def level1(self) -> str:
        return self.get("level1")

    @level1.setter
    def level1(self, text: str) -> None:
        self.set("level1", text)

    @property
    def level2(self) -> str:
        return self.get("level2")

    @level2.setter
    def level2(self, text: str) -> None:
        self.set("level2", text)

    @property
    def name(self) -> str:
        return self.get("name")

    @name.setter
    def name(self, text: str) -> None:
        self.set("name", text)


class IndicatorTable(_Part):
    """A table of indicators; its title and columns come from the template, by ``key``."""

    key: Text = ""
    rows: list[IndicatorRow] = Field(default_factory=list)


class SubGoal(_Part):
    """分项绩效目标: a titled goal with its indicators described in words (per 科室 or task)."""

    title: Text = ""
    goal: Text = ""
    indicators: Text = ""


class TitledItem(_Part):
    """A titled paragraph: 评价方法, 目标实现情况, 存在的问题, 改进措施."""

    title: Text = ""
    text: Text = ""


class Safeguards(_Part):
    """保障措施: the organisation in charge and the rules that apply."""

    organization: Text = ""
    rules: Text = ""


class Period(_Part):
    """A date range as printed ("2024-1-1" 至 "2024-12-31"); the checks parse it."""

    start: Text = ""
    end: Text = ""


class ScheduleItem(_Part):
    """本年度实施计划: one period and the work planned in it."""

    start: Text = ""
    end: Text = ""
    work: Text = ""


class SpendingPlan(_Part):
    """资金支出计划 (%) by checkpoint; an empty checkpoint prints as an empty cell."""

    march: Percent | None = None
    june: Percent | None = None
    october: Percent | None = None
    december: Percent | None = None


Score = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2,
                                 allow_inf_nan=False)]


class ExecutionLine(_Part):
    """预算执行情况 / 项目资金, one fund line of a project's self-evaluation: the budget at the
    start of the year, after adjustment, and what was spent; 执行率 is computed, never stored."""

    name: Text = ""  # 总额 / 其中：财政资金 / 上年结转资金 …
    initial: Money | None = None  # 年初预算(数)
    adjusted: Money | None = None  # 调整后预算数 / 全年预算数
    executed: Money | None = None  # 预算执行数 / 全年执行数
    weight: Score | None = None  # 权重 / 分值 (the total line)
    score: Score | None = None  # 得分
    reason: Text = ""  # 原因 (e.g. an 执行率 under 90%)

    def rate(self) -> Decimal | None:
        """预算执行率 in % (执行数 ÷ 调整后预算数), two decimals; None without both figures."""
        if self.executed is None or not self.adjusted:
            return None
        return (self.executed / self.adjusted * 100).quantize(Decimal("0.01"))


class ProjectEvaluation(_Part):
    """The year-end 绩效自评表 parts of a project (四川, the national 项目支出绩效自评表) or of the
    department as a whole (the national 部门整体支出绩效自评表)."""

    goal_achievement: Text = ""  # 年度目标完成情况 / 实际完成情况
    process: Text = ""  # 项目实施内容及过程概述
    unit: Unit = Unit.WAN_YUAN  # of the execution lines
    execution: list[ExecutionLine] = Field(default_factory=list)
    conclusion: Text = ""  # 评价结论
    problems: Text = ""  # 存在问题
    improvements: Text = ""  # 改进措施
    finance_lead: Text = ""  # 财务负责人
    score: Score | None = None  # 总分 as stated (the checks compare it with the computed one)
    grade: Text = ""  # 等级 / 评价等级 as stated


class Project(_WithBoxes):
    """A budgeted project with its own 绩效目标表 (and, at year end, its 自评表)."""

    name: Text = ""
    implementing_unit: Text = ""  # 实施单位
    lead: Text = ""  # 项目负责人
    phone: Text = ""
    category: Text = ""  # 项目类别
    continuity: Text = ""  # 项目属性
    planned_period: Period = Field(default_factory=Period)  # 项目计划实施时间
    budget_amount: Money | None = None  # 年度申请资金额度 / 预算资金
    budget_unit: Unit = Unit.WAN_YUAN
    fund_type: Text = ""  # 资金性质
    spending_plan: SpendingPlan | None = None
    annual_goal: Text = ""
    schedule: list[ScheduleItem] = Field(default_factory=list)
    safeguards: Safeguards = Field(default_factory=Safeguards)
    indicators: list[IndicatorRow] = Field(default_factory=list)
    evaluation: ProjectEvaluation | None = None  # a self-evaluation form's parts
    boxes: dict[BoxKey, Any] = Field(default_factory=dict)  # the form's declared boxes


class Department(_Part):
    """部门整体: the unit's mandate, funds, goals and indicator tables."""

    functions: list[Text] = Field(default_factory=list)  # 主要职能, one item per numbered duty
    organization: Text = ""  # 机构设置
    staffing: Text = ""  # 人员配置
    funds: DepartmentFunds = Field(default_factory=DepartmentFunds)
    long_term_goal: Text = ""  # 中长期目标
    overall_goal: Text = ""  # 总体绩效目标 / 整体绩效目标
    annual_goal: Text = ""  # 年度目标 / 部门(单位)绩效目标
    goal_items: list[Text] = Field(default_factory=list)  # numbered 部门绩效目标
    sub_goals: list[SubGoal] = Field(default_factory=list)  # 分项绩效目标
    measures: list[Text] = Field(default_factory=list)  # 工作保障措施
    safeguards: Safeguards = Field(default_factory=Safeguards)
    stage_plans: list[Text] = Field(default_factory=list)  # 阶段性计划 计划1…n
    indicator_tables: list[IndicatorTable] = Field(default_factory=list)
    evaluation: ProjectEvaluation | None = None  # 部门整体支出绩效自评表: 预算执行 and 总分
    # A lead-in printed unnumbered before item one ("受…委托，……具体包括：" before （一）).
    functions_lead_in: Text = ""
    measures_lead_in: Text = ""

    def table(self, key: str) -> IndicatorTable | None:
        return next((t for t in self.indicator_tables if t.key == key), None)


class BudgetStage(_Part):
    """One stage of 收支预决算 (年初预算, 预算调整, 决算): figures and the officer's text."""

    label: Text = ""
    income: list[FundLine] = Field(default_factory=list)
    expense: list[FundLine] = Field(default_factory=list)
    text: Text = ""


class TeamMember(_Part):
    """评价工作组: one signatory of the self-evaluation."""

    role: Text = ""  # 组长 / 副组长 / 组成员
    name: Text = ""
    title: Text = ""  # 职务


class SelfEvaluation(_Part):
    """绩效自评报告: the year-end self-evaluation's own parts."""

    preface: Text = ""
    assets: Text = ""  # 资产情况
    budget_stages: list[BudgetStage] = Field(default_factory=list)
    organization: Text = ""  # 自评的组织工作
    purpose: Text = ""
    content: Text = ""
    methods: list[TitledItem] = Field(default_factory=list)
    process: Text = ""
    overall_achievement: Text = ""
    sub_achievements: list[TitledItem] = Field(default_factory=list)
    grading_method: Text = ""  # the paragraph that states the grade bands
    conclusion: Text = ""
    score: Decimal | None = Field(default=None, ge=0, le=100, max_digits=5, decimal_places=2,
                                  allow_inf_nan=False)
    grade: Text = ""
    problems: list[TitledItem] = Field(default_factory=list)
    improvements: list[TitledItem] = Field(default_factory=list)
    team: list[TeamMember] = Field(default_factory=list)


class TargetDocument(_WithBoxes):
    """预算绩效目标表 (and its relatives): everything one file holds."""

    template: str = Field(min_length=1, max_length=100)
    unit_name: Text = ""  # 单位名称
    year: int | None = Field(default=None, ge=1949, le=2200)  # 年度
    region: Text = ""  # the city in 江苏's title, "{region}市级部门整体预算绩效目标表"
    compiled_by: Text = ""  # 编制单位
    contact_person: Text = ""  # 经办人
    contact_phone: Text = ""
    department: Department = Field(default_factory=Department)
    special_funds: Text = ""  # 专项资金绩效目标
    projects: list[Project] = Field(default_factory=list)
    self_evaluation: SelfEvaluation | None = None
    boxes: dict[BoxKey, Any] = Field(default_factory=dict)  # the form's declared boxes

    def indicator_count(self) -> int:
        department = sum(len(t.rows) for t in self.department.indicator_tables)
        return department + sum(len(p.indicators) for p in self.projects)
