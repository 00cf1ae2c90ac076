"""What a template definition (in ``forms/``) declares, and the registry that holds them.

A template names its Chinese title, the sections it shows and the model fields they use, its
money unit, its indicator tables and their columns, and how a new document starts. The core never
imports ``forms``: at start-up ``forms.register_all()`` registers every template here, and the
core, the UI and the tests look them up by id (``get_template``) or list them (``all_templates``).
"""
from __future__ import annotations

import datetime
import importlib
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, Callable, Generic, TypeVar, cast, overload

from app.boxes import BOXES, KEY, BoxOptions, key_of
from app.model import IndicatorRow, Project, TargetDocument
from app.scoring_rules import ScoringRules
from app.targets import FORM_SPELLING, Kind, ParsedTarget, normal_operator, parse_target, spelled

if TYPE_CHECKING:
    from app.export.layout import PrintLayout
    from app.importing.definition import ImportDefinition


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
    EXECUTION = "execution"  # 预算执行情况: fund lines with budget, adjusted, spent, score
    # Kinds only a declared box has (app/boxes.py):
    DATE = "date"  # a date as typed ("2019年6月30日"); 审核: a date inside the document's year
    PERCENT = "percent"
    CHOICE = "choice"  # one of the printed options
    TICKS = "ticks"  # "1、持续性项目 □ 2、新增性项目 □ √": the ticked options
    MONEY_TABLE = "money_table"  # declared rows × columns of amounts, with relations


# The kinds a declared box (path "boxes.<key>") may have: those whose value app/boxes.py knows.
BOX_KINDS = frozenset({FieldKind.LINE, FieldKind.TEXT, FieldKind.LIST, FieldKind.YEAR,
                       FieldKind.DATE, FieldKind.MONEY, FieldKind.PERCENT, FieldKind.CHOICE,
                       FieldKind.TICKS, FieldKind.MONEY_TABLE})


# A template's checking rules and their parameters, as data (see docs/checks.md).
@dataclass(frozen=True)
class CheckSettings:
    # Level-1 categories every indicator set needs (产出/效益/满意度), and the level-2 categories
    # required under each (数量/质量/时效/成本 under 产出).
    required_level1: tuple[str, ...] = ("产出指标", "效益指标", "满意度指标")
    required_level2: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The level-1 names that hold satisfaction indicators, whose values must be a percentage.
    satisfaction_level1: tuple[str, ...] = ("满意度指标",)
    text_limit: int = 450  # characters, for paragraph fields without their own limit
    indicator_limit: int = 150  # characters, for one indicator cell
    # Indicator names whose half-year and full-year targets should follow the money table.
    execution_rate_names: tuple[str, ...] = ("预算执行率",)
    execution_tolerance: float = 1.0  # percentage points
    # Which indicator tables belong to the department's required set (empty: all of them).
    department_tables: tuple[str, ...] = ()
    check_projects_budget: bool = True


@dataclass(frozen=True)
class FieldSpec:
    path: str  # dotted path into TargetDocument, e.g. "department.long_term_goal"
    label: str  # as printed on the form
    kind: FieldKind = FieldKind.TEXT
    required: bool = False
    limit: int | None = None  # characters; None: the template's default for the kind
    numbering: str = ""  # for LIST: "（一）", "（1）", "1. ", "计划1" …
    # For LIST: the path of the TEXT field holding its lead-in, printed unnumbered before item
    # one ("受…委托，……具体包括：" before （一）); that field is declared right before the list.
    lead_in: str = ""
    # A declared box's options, unit, money table, range, 结转 and conditions (app/boxes.py).
    box: BoxOptions | None = None


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    fields: tuple[FieldSpec, ...]


class ColumnKind(str, Enum):
    TEXT = "text"
    TARGET = "target"  # operator + value + unit in one cell: "≥95%", "＝3个", or a 定性 word
    NUMBER = "number"  # a plain number: 权重, 得分, a split target's 指标值
    CHOICE = "choice"  # one of ``choices``: 指标性质 (＝/≥/≤), 指标值类型 (定量/定性)


# Editor widths in characters of the ids most tables share; others default by kind.
_DEFAULT_CHARS = {"level1": 6, "level2": 8, "key_task": 10, "name": 13, "basis": 12,
                  "definition": 14}
_KIND_CHARS = {ColumnKind.TEXT: 10, ColumnKind.TARGET: 7, ColumnKind.NUMBER: 5,
               ColumnKind.CHOICE: 5}


@dataclass(frozen=True)
class Column:
    """One column of an indicator table, as the form prints it. Rows keep their cells by ``id``,
    so a template may declare any column without a model change."""

    id: str  # the cell's key in IndicatorRow.cells: lower-case letters, digits, "_"
    label: str  # the printed header
    kind: ColumnKind = ColumnKind.TEXT
    merge: bool = False  # equal neighbours are merged vertically (一级/二级)
    width: float = 0  # characters in the editor and relative width on paper; 0: by id/kind
    limit: int | None = None  # characters; None: the template's CheckSettings.indicator_limit
    required: bool = False  # 审核: a filled row must fill it (a TARGET column always must)
    choices: tuple[str, ...] = ()  # CHOICE: the values offered (others are flagged)
    # A result of the year (实际完成值, 得分, 偏差原因): next year's document starts without it.
    result: bool = False
    read_only: bool = False  # shown, never edited (上年 values beside a carried target)

    @property
    def chars(self) -> float:
        return self.width or _DEFAULT_CHARS.get(self.id, _KIND_CHARS[self.kind])


@dataclass(frozen=True)
class SplitTarget:
    """A target printed over several columns, read as one "≥95%" cell by the parsed view:
    四川's 指标性质 | 指标值 | 度量单位, 湖南's 指标值类型 | 指标值 | 计量单位. ``value`` names the
    指标值 column, which stands for the target in findings; ``operator`` and ``unit`` the
    others ("" when the form has none). A 定性 target is marked by the word ``qualitative`` in the
    operator column or in the ``kind`` column (指标值类型)."""

    value: str
    operator: str = ""
    unit: str = ""
    kind: str = ""
    qualitative: str = "定性"

    def columns(self) -> set[str]:
        return {c for c in (self.value, self.operator, self.unit, self.kind) if c}

    def marks_qualitative(self, row: IndicatorRow) -> bool:
        """Whether the row's operator or type column says 定性."""
        return any(column and row.get(column).strip() == self.qualitative
                   for column in (self.operator, self.kind))


@dataclass(frozen=True)
class IndicatorTableSpec:
    key: str
    title: str
    columns: tuple[Column, ...]
    level1_choices: tuple[str, ...] = ()
    split_targets: tuple[SplitTarget, ...] = ()

    def column(self, column_id: str) -> Column | None:
        return next((c for c in self.columns if c.id == column_id), None)

    def target_columns(self) -> list[Column]:
        """The columns holding a target (指标值): merged TARGET cells and split targets' 指标值."""
        return list(self._targets)

    # Computed once per declaration: the checks ask for every row of every table.
    @cached_property
    def _targets(self) -> tuple[Column, ...]:
        split = {t.value for t in self.split_targets}
        return tuple(c for c in self.columns if c.kind is ColumnKind.TARGET or c.id in split)

    @cached_property
    def target_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self._targets)

    @cached_property
    def _split_of(self) -> dict[str, SplitTarget]:
        return {t.value: t for t in self.split_targets}

    def split_of(self, column_id: str) -> SplitTarget | None:
        """The split target whose 指标值 column this is (None for a merged target)."""
        return self._split_of.get(column_id)

    def target_text(self, row: IndicatorRow, column_id: str) -> str:
        """A target as one text: the cell itself, or 指标性质 + 指标值 + 度量单位 joined."""
        value = row.get(column_id)
        split = self._split_of.get(column_id)
        if split is None or not value.strip() or split.marks_qualitative(row):
            return value
        operator = row.get(split.operator).strip() if split.operator else ""
        unit = row.get(split.unit).strip() if split.unit else ""
        return f"{operator}{value.strip()}{unit}"

    @cached_property
    def _spellings(self) -> dict[str, dict[str, str]]:
        """Each target cell's operator spelling: the form's ≥ ≤ ＝ ＞ ＜, or, where a split
        target's operator is a choice column (四川's 指标性质 prints "=" "≥" …), its choices'
        spelling, for that column and its 指标值."""
        spellings = {c.id: FORM_SPELLING for c in self.columns if c.kind is ColumnKind.TARGET}
        for split in self.split_targets:
            operator = self.column(split.operator) if split.operator else None
            own: dict[str, str] = {}
            for choice in operator.choices if operator is not None else ():
                normal = normal_operator(choice)
                if normal is not None:
                    own[normal] = choice
            spelling = {op: own.get(op, shown) for op, shown in FORM_SPELLING.items()}
            spellings[split.value] = spelling
            if operator is not None:
                spellings[operator.id] = spelling
        return spellings

    @cached_property
    def spelled_ids(self) -> tuple[str, ...]:
        """The columns whose leading operator takes the form's spelling (``entered``)."""
        return tuple(c.id for c in self.columns if c.id in self._spellings)

    def entered(self, column_id: str, text: str) -> str:
        """A cell as it is kept when typed, pasted or imported: a target's leading ASCII or
        look-alike operator (">=", "＞＝", "=") respelled as the form prints it; any other cell,
        and the rest of a target's text, as typed."""
        spelling = self._spellings.get(column_id)
        return text if spelling is None else spelled(text, spelling)

    def parsed(self, row: IndicatorRow, column_id: str) -> ParsedTarget:
        """Operator, number and unit of a target, from one merged cell or three split ones;
        a split target its row marks 定性 is qualitative whatever its words."""
        text = self.target_text(row, column_id)
        split = self._split_of.get(column_id)
        if split is not None and text.strip() and split.marks_qualitative(row):
            return ParsedTarget(Kind.QUALITATIVE, text=text)
        return parse_target(text)


@dataclass(frozen=True)
class GradeBand:
    """A grade and the score range that earns it: ``low <= score < high`` (None: open end)."""

    grade: str
    low: Decimal | None
    high: Decimal | None

    def contains(self, score: Decimal) -> bool:
        return (self.low is None or score >= self.low) and (self.high is None or score < self.high)


@dataclass(frozen=True)
class Signature:
    """The 签字盖章 lines a published form prints after each of its forms, filled from the
    document: each line is a format string over its fields ("经办人：{contact_person}")."""

    lines: tuple[str, ...]
    seal: str = "（盖章）"


T = TypeVar("T")


@dataclass(frozen=True)
class Deferred(Generic[T]):
    """What only exporting or importing needs, named instead of imported: ``attribute`` of
    ``module``, imported the first time it is used. A form declares its layout and its workbook
    import this way, so opening the editor or listing templates never loads python-docx or
    openpyxl (``Deferred(f"{__name__}.layout", "build_layout")``)."""

    module: str
    attribute: str

    def resolve(self) -> T:
        return cast(T, getattr(importlib.import_module(self.module), self.attribute))


class _OnFirstUse(Generic[T]):
    """A template field that may be given a ``Deferred``: read, it is the thing itself (the
    module imported once, then kept)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._slot = f"_{name}"

    @overload
    def __get__(self, template: None, owner: Any) -> None: ...
    @overload
    def __get__(self, template: "Template", owner: Any) -> T | None: ...

    def __get__(self, template: "Template | None", owner: Any) -> T | None:
        if template is None:
            return None
        value = template.__dict__.get(self._slot)
        if isinstance(value, Deferred):
            value = value.resolve()
            template.__dict__[self._slot] = value
        return cast("T | None", value)

    def __set__(self, template: "Template", value: "T | Deferred[T] | None") -> None:
        # Not given, the dataclass passes this descriptor itself as the default.
        template.__dict__[self._slot] = None if value is self else value


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
    # The printed form: build_layout(document, template) -> PrintLayout (the template's layout.py,
    # usually given as a Deferred: imported when a document is first exported or printed).
    layout: "_OnFirstUse[Callable[[TargetDocument, Template], PrintLayout]]" = field(
        default=_OnFirstUse(), repr=False, compare=False)
    indicator_tables: tuple[IndicatorTableSpec, ...] = ()
    has_projects: bool = False
    project_sections: tuple[Section, ...] = ()
    project_indicators: IndicatorTableSpec | None = None
    grade_bands: tuple[GradeBand, ...] = ()
    qualitative_words: tuple[str, ...] = ()
    checks: CheckSettings = field(default_factory=CheckSettings)
    # A new project with the template's defaults: (name, year) -> Project.
    new_project: Callable[[str, int | None], Project] | None = field(default=None, repr=False)
    # The form's money table lists expenditure only, full-year (贵州 支出预算): the editor hides
    # the income lines and 半年 column while the document has none.
    funds_expense_only: bool = False
    example: str = ""  # its example document, a file name in resources/examples/
    # A self-evaluation form scores itself by these rules (None: the form has no scores).
    scoring: ScoringRules | None = None
    # The template whose form evaluates this one's year at its end (文件 → 结转 → 年终自评表).
    self_evaluation_template: str = ""
    order: int = 100  # place in the template list (the seeds first; then by id)
    # How a workbook in the form's layout is read (文件 → 导入Excel或Word…; the template's importing.py,
    # usually given as a Deferred: imported at the first import).
    excel_import: "_OnFirstUse[ImportDefinition]" = field(default=_OnFirstUse(), repr=False,
                                                           compare=False)
    # Where the form stands in the year: "target" (目标表), "monitoring" (绩效监控, mid-year),
    # "evaluation" (自评). 结转 --to monitoring goes to a "monitoring" template.
    stage: str = "target"
    # The signature lines its published form prints after each form; None: the form has none
    # (a stamp line the form prints in its heading, 编制单位（盖章）, is the layout's).
    signature: Signature | None = None

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

    ``shared["columns"]`` names the columns the values go to, e.g. "half_year_target,full_year_target".
    """
    columns = shared.pop("columns", "target").split(",")
    result = []
    for spec in specs:
        name, *values = spec
        result.append(IndicatorRow(cells={"level1": level1, "level2": level2, "name": name,
                                          **dict(zip(columns, values)), **shared}))
    return result


class UnknownTemplate(KeyError):
    """No registered template has this id (a newer version's file, or a typo)."""


_REGISTRY: dict[str, Template] = {}


def register(template: Template) -> Template:
    """Add a template (``forms.register_all()`` does it at start-up). Registering the same
    definition again is harmless; a different one under a taken id is a mistake."""
    _check_boxes(template)
    known = _REGISTRY.get(template.id)
    if known is not None and known is not template:
        raise ValueError(f"template id {template.id!r} registered twice")
    _REGISTRY[template.id] = template
    return template


def unregister(template_id: str) -> None:
    """Remove a template (a test's throwaway definition)."""
    _REGISTRY.pop(template_id, None)


def _check_boxes(template: Template) -> None:
    """A declared box needs a key, a kind a box may have, and what its kind needs; a mistake
    here is the template author's, so it is said at start-up rather than on some document."""
    for sections in (template.sections, template.project_sections):
        seen: set[str] = set()
        for spec in (spec for section in sections for spec in section.fields):
            key = key_of(spec)
            if key is None:
                if spec.path.startswith(BOXES + ".") or spec.kind in _BOX_ONLY:
                    raise ValueError(f"{template.id}: {spec.path}: a box needs a key and a "
                                     "kind of app.templates.BOX_KINDS")
                continue
            if not KEY.match(key) or key in seen:
                raise ValueError(f"{template.id}: box key {key!r} is invalid or repeated")
            seen.add(key)
            if spec.kind not in BOX_KINDS:
                raise ValueError(f"{template.id}: box {key!r} cannot be {spec.kind.value}")
            box = spec.box or BoxOptions()
            if spec.kind in (FieldKind.CHOICE, FieldKind.TICKS) and not box.options:
                raise ValueError(f"{template.id}: box {key!r} declares no options")
            if spec.kind is FieldKind.MONEY_TABLE and box.table is None:
                raise ValueError(f"{template.id}: box {key!r} declares no table")


_BOX_ONLY = frozenset({FieldKind.DATE, FieldKind.PERCENT, FieldKind.CHOICE, FieldKind.TICKS,
                       FieldKind.MONEY_TABLE})


def all_templates() -> tuple[Template, ...]:
    return tuple(sorted(_REGISTRY.values(), key=lambda t: (t.order, t.id)))


def template_ids() -> list[str]:
    return [t.id for t in all_templates()]


def get_template(template_id: str) -> Template:
    try:
        return _REGISTRY[template_id]
    except KeyError:
        raise UnknownTemplate(template_id) from None
