"""What a template definition (in ``forms/``) declares: plain data, read by the core and the UI.

A template names its Chinese title, the sections it shows and the model fields they use, its
money unit, its indicator tables and their columns, and how a new document starts.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Callable

from app.checks.settings import CheckSettings
from app.model import IndicatorRow, Project, TargetDocument


class FieldKind(str, Enum):
    LINE = "line"  # one line of text
    TEXT = "text"  # a paragraph
    LIST = "list"  # numbered items (add, remove, reorder)
    MONEY = "money"
    YEAR = "year"  # 年度: a whole year, 1949–2200
    SCORE = "score"  # 得分: 0–100 with at most two decimals
    PERIOD = "period"  # a date range: start 至 end, each kept as typed
    SPENDING_PLAN = "spending_plan"  # 资金支出计划: a percentage at each checkpoint
    TITLED_LIST = "titled_list"  # items with a title and a text
    SUB_GOALS = "sub_goals"
    FUNDS = "funds"
    TEAM = "team"
    BUDGET_STAGES = "budget_stages"
    SCHEDULE = "schedule"
    INDICATORS = "indicators"


@dataclass(frozen=True)
class FieldSpec:
    path: str  # dotted path into TargetDocument, e.g. "department.long_term_goal"
    label: str  # as printed on the form
    kind: FieldKind = FieldKind.TEXT
    required: bool = False
    limit: int | None = None  # characters; None: the template's default for the kind
    numbering: str = ""  # for LIST: "（一）", "（1）", "1. ", "计划1" …


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    fields: tuple[FieldSpec, ...]


@dataclass(frozen=True)
class Column:
    field: str  # an IndicatorRow field
    label: str
    merge: bool = False  # equal neighbours are merged vertically (一级/二级)


@dataclass(frozen=True)
class IndicatorTableSpec:
    key: str
    title: str
    columns: tuple[Column, ...]
    level1_choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class GradeBand:
    """A grade and the score range that earns it: ``low <= score < high`` (None: open end)."""

    grade: str
    low: Decimal | None
    high: Decimal | None

    def contains(self, score: Decimal) -> bool:
        return (self.low is None or score >= self.low) and (self.high is None or score < self.high)


@dataclass(frozen=True)
class Template:
    id: str
    title: str  # the Chinese name shown when choosing a template
    province: str
    document_title: str  # format string over the document: "{region}市级部门整体预算绩效目标表"
    money_unit: str
    sections: tuple[Section, ...]
    new_document: Callable[[str, int], TargetDocument] = field(repr=False)
    # A new document is for next year's budget (+1), a self-evaluation for last year's (−1).
    year_offset: int = 1
    form_name: str = ""  # 表名 in export file names: "{单位名称}_{年度}年{表名}.docx"
    layout: str = ""  # module with build_layout(document, template) -> PrintLayout
    indicator_tables: tuple[IndicatorTableSpec, ...] = ()
    has_projects: bool = False
    project_sections: tuple[Section, ...] = ()
    project_indicators: IndicatorTableSpec | None = None
    grade_bands: tuple[GradeBand, ...] = ()
    qualitative_words: tuple[str, ...] = ()
    checks: CheckSettings = field(default_factory=CheckSettings)
    # A new project with the template's defaults: (name, year) -> Project.
    new_project: Callable[[str, int | None], Project] | None = field(default=None, repr=False)

    def default_year(self, today: "datetime.date | None" = None) -> int:
        return (today or datetime.date.today()).year + self.year_offset

    def title_for(self, document: TargetDocument) -> str:
        return self.document_title.format(
            region=document.region, unit=document.unit_name,
            year=document.year if document.year is not None else "")

    def grade_for(self, score: Decimal) -> str | None:
        return next((b.grade for b in self.grade_bands if b.contains(score)), None)

    def indicator_table(self, key: str) -> IndicatorTableSpec | None:
        return next((t for t in self.indicator_tables if t.key == key), None)


def rows(level1: str, level2: str, *specs: tuple[str, ...], **shared: str) -> list[IndicatorRow]:
    """Indicator rows of one group: each spec is (name, value…) mapped onto the given fields.

    ``shared["columns"]`` names the fields the values go to, e.g. "half_year_target,full_year_target".
    """
    columns = shared.pop("columns", "target").split(",")
    result = []
    for spec in specs:
        name, *values = spec
        result.append(IndicatorRow(level1=level1, level2=level2, name=name,
                                   **dict(zip(columns, values)), **shared))
    return result
