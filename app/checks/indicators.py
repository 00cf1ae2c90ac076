"""Indicator checks: completeness, duplicates, notation of the target values, and what each
declared column asks of its cells (required, a number, one of its choices, its length).

A row's findings come from ``ROW_RULES``, pure functions of the row and its place (set, table,
index): ``app.checks.live`` keeps their findings per row between edits, so a rule that reads
one row joins by being listed there. ``DUPLICATES`` marks where among a row's findings the
duplicate warning goes (it reads the row's group); completeness reads the whole set.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Callable, Container, Final, Iterable, Iterator, Sequence, Union

from app.checks.findings import Finding, Location, Severity
from app.model import IndicatorRow, TargetDocument
from app.money import total
from app.targets import Kind, ParsedTarget, parse_target
from app.templates import CheckSettings, Column, ColumnKind, IndicatorTableSpec, Template


@dataclass(frozen=True)
class IndicatorSet:
    """The indicators of the department (all its tables) or of one project."""

    owner: str  # "部门整体" or "项目“…”"
    rows: list[tuple[str, int, IndicatorRow, IndicatorTableSpec]]  # (table key, row, row, spec)
    section: str
    project: int | None = None
    table_paths: tuple[tuple[str, str], ...] = ()  # table key → its path in the document

    def location(self, table: str, row: int, column: str = "") -> Location:
        if self.project is None:
            index = f"{dict(self.table_paths).get(table, table)}.rows[{row}]"
        else:
            index = f"projects[{self.project}].indicators[{row}]"
        return Location(self.section, f"{index}.{column}" if column else index, table, row,
                        column, self.project)


def indicator_sets(document: TargetDocument, template: Template) -> list[IndicatorSet]:
    sets = []
    if template.indicator_tables:
        sets.append(indicator_set(document, template, None))
    if template.project_indicators is not None:
        sets += [indicator_set(document, template, p) for p in range(len(document.projects))]
    return sets


def indicator_set(document: TargetDocument, template: Template,
                  project: int | None) -> IndicatorSet:
    """The department's indicators (``None``) or those of the project at that index."""
    if project is None:
        rows = []
        for spec in template.indicator_tables:
            table = document.department.table(spec.key)
            rows += [(spec.key, i, row, spec) for i, row in enumerate(table.rows if table else [])]
        paths = tuple((t.key, f"department.indicator_tables[{i}]")
                      for i, t in enumerate(document.department.indicator_tables))
        return IndicatorSet("部门整体", rows, "indicators", table_paths=paths)
    assert template.project_indicators is not None
    spec = template.project_indicators
    item = document.projects[project]
    rows = [(spec.key, i, row, spec) for i, row in enumerate(item.indicators)]
    return IndicatorSet(f"项目“{item.name or project + 1}”", rows, "projects", project)


def value_columns(spec: IndicatorTableSpec) -> tuple[str, ...]:
    return spec.target_ids


def _label(spec: IndicatorTableSpec, column: str) -> str:
    declared = spec.column(column)
    return declared.label if declared else column


def is_placeholder(row: IndicatorRow, spec: IndicatorTableSpec) -> bool:
    """A category printed without an indicator (the seeds do it): no name, no value."""
    return not row.name.strip() and not any(row.get(f).strip() for f in value_columns(spec))


def check_indicators(document: TargetDocument, template: Template,
                     settings: CheckSettings) -> Iterator[Finding]:
    for indicator_set in indicator_sets(document, template):
        yield from completeness(indicator_set, settings, _levels(indicator_set))
        yield from _rows(indicator_set, template, settings)
    yield from _execution_rate(document, template, settings)


@dataclass
class Levels:
    """What completeness reads of a set: the 一级 present (placeholders too) and filled, the
    二级 filled under each 一级 (all stripped), and where the set's rows start."""

    present: Container
    filled: Container
    level2: Callable[[str, str], bool]  # (一级, 二级) → a filled row has them
    first_table: str | None  # the table of the set's first row, None for no rows
    first_with: Callable[[str], tuple[str, int]]  # 一级 → (table, row) of its first row


def _levels(s: IndicatorSet) -> Levels:
    filled = [row for _, _, row, spec in s.rows if not is_placeholder(row, spec)]
    pairs = {(row.level1.strip(), row.level2.strip()) for row in filled}

    def first_with(level1: str) -> tuple[str, int]:
        table, index, _, _ = next(r for r in s.rows if r[2].level1.strip() == level1)
        return table, index

    return Levels({row.level1.strip() for _, _, row, _ in s.rows},
                  {row.level1.strip() for row in filled}, lambda l1, l2: (l1, l2) in pairs,
                  s.rows[0][0] if s.rows else None, first_with)


def completeness(s: IndicatorSet, settings: CheckSettings, levels: Levels) -> Iterator[Finding]:
    for level1 in settings.required_level1:
        place = s.location(levels.first_table, 0) if levels.first_table is not None else \
            Location(s.section, "indicators", project=s.project)
        if level1 not in levels.present:
            yield Finding("INDICATOR_CATEGORY_MISSING", Severity.WARNING, place,
                          f"{s.owner}缺少“{level1}”类绩效指标")
        elif level1 not in levels.filled:
            table, row_index = levels.first_with(level1)
            yield Finding("INDICATOR_CATEGORY_EMPTY", Severity.WARNING,
                          s.location(table, row_index, "name"),
                          f"{s.owner}的“{level1}”下没有填写具体指标（三级指标和指标值为空）")
    for level1, level2s in settings.required_level2.items():
        if level1 not in levels.filled:
            continue
        missing = [name for name in level2s if not levels.level2(level1, name)]
        if missing:
            place = s.location(levels.first_table, 0) if levels.first_table is not None \
                else Location(s.section, "")
            yield Finding("INDICATOR_LEVEL2_MISSING", Severity.WARNING, place,
                          f"{s.owner}的“{level1}”缺少二级指标：{'、'.join(missing)}")


class RowPlace:
    """Where a row is checked: its set, table and index, the table's spec and its column
    rules, and what the template asks."""

    __slots__ = ("set", "table", "index", "spec", "rules", "template", "settings")

    def __init__(self, s: IndicatorSet, table: str, index: int, spec: IndicatorTableSpec,
                 rules: tuple[tuple[Column, int], ...], template: Template,
                 settings: CheckSettings) -> None:
        self.set, self.table, self.index, self.spec = s, table, index, spec
        self.rules, self.template, self.settings = rules, template, settings


RowRule = Callable[[RowPlace, IndicatorRow], Iterable[Finding]]


def _required_cells(place: RowPlace, row: IndicatorRow) -> Iterator[Finding]:
    s, table, index, spec = place.set, place.table, place.index, place.spec
    name = row.name.strip()
    if not name:
        yield Finding("INDICATOR_NAME_EMPTY", Severity.ERROR,
                      s.location(table, index, "name"),
                      f"{s.owner}第 {index + 1} 行填写了指标值，但三级指标为空")
    for column in value_columns(spec):
        if not row.get(column).strip():
            yield Finding("INDICATOR_VALUE_EMPTY", Severity.ERROR,
                          s.location(table, index, column),
                          f"{s.owner}的指标“{name or index + 1}”{_label(spec, column)}为空")


def _declared_cells(place: RowPlace, row: IndicatorRow) -> Iterator[Finding]:
    return _declared(place.set, place.table, place.index, row, place.rules)


def _target_notation(place: RowPlace, row: IndicatorRow) -> Iterator[Finding]:
    return _notation(place.set, place.table, place.index, row, place.spec, place.template,
                     place.settings)


def _operator_spelling(place: RowPlace, row: IndicatorRow) -> Iterator[Finding]:
    """A target still holding ">=" or "＞＝" (a file from before they were respelled on entry)."""
    spec = place.spec
    for column in spec.spelled_ids:
        text = row.get(column)
        form = spec.entered(column, text)
        if form != text:
            s = place.set
            yield Finding("TARGET_ASCII_OPERATOR", Severity.WARNING,
                          s.location(place.table, place.index, column),
                          f"{s.owner}的指标“{row.name.strip()[:20] or place.index + 1}”"
                          f"{_label(spec, column)}“{text.strip()}”的运算符与表上不同，"
                          f"应写成“{form.strip()}”（重新输入该格即可改正）")


class _Marker(Enum):
    DUPLICATES = "duplicates"


DUPLICATES: Final = _Marker.DUPLICATES  # an enum member: ``rule is DUPLICATES`` narrows
# A filled row's findings, in this order; placeholder rows have none.
ROW_RULES: tuple[Union[RowRule, _Marker], ...] = (_required_cells, _declared_cells, DUPLICATES,
                                              _target_notation, _operator_spelling)


def duplicate_key(place: RowPlace, row: IndicatorRow) -> tuple[str, str, str, str] | None:
    """Rows with the same key (a named indicator twice in one 一级/二级 of one table) are
    duplicates; unnamed rows have none."""
    name = row.name.strip()
    return (place.table, row.level1.strip(), row.level2.strip(), name) if name else None


def duplicate_finding(place: RowPlace, row: IndicatorRow, first: int) -> Finding:
    """The warning on a row repeating the indicator of row ``first`` of its table."""
    s = place.set
    return Finding("INDICATOR_DUPLICATE", Severity.WARNING,
                   s.location(place.table, place.index, "name"),
                   f"{s.owner}的“{row.level2 or row.level1}”中，三级指标“{row.name.strip()}”"
                   f"与第 {first + 1} 行重复")


def column_rules(spec: IndicatorTableSpec, settings: CheckSettings,
                 known: dict[int, tuple[tuple[Column, int], ...]]
                 ) -> tuple[tuple[Column, int], ...]:
    """The table's column rules, made once per table (``known``), not per row."""
    rules = known.get(id(spec))
    if rules is None:
        rules = known[id(spec)] = _column_rules(spec, settings.indicator_limit)
    return rules


def _rows(s: IndicatorSet, template: Template, settings: CheckSettings) -> Iterator[Finding]:
    seen: dict[tuple[str, str, str, str], int] = {}
    rules_of: dict[int, tuple[tuple[Column, int], ...]] = {}
    for table, index, row, spec in s.rows:
        if is_placeholder(row, spec):
            continue
        place = RowPlace(s, table, index, spec, column_rules(spec, settings, rules_of),
                         template, settings)
        for rule in ROW_RULES:
            if rule is DUPLICATES:
                key = duplicate_key(place, row)
                if key in seen:
                    yield duplicate_finding(place, row, seen[key])
                elif key is not None:
                    seen[key] = index
            else:
                yield from rule(place, row)


def _declared(s: IndicatorSet, table: str, index: int, row: IndicatorRow,
              rules: tuple[tuple[Column, int], ...]) -> Iterator[Finding]:
    """What each declared column asks: filled when required, a number, a listed choice, and
    no longer than its limit (the form's printed limit, or the template's default)."""
    for column, limit in rules:
        text = row.get(column.id)
        problems = []
        if not text.strip():
            if column.required and column.kind is not ColumnKind.TARGET:
                problems.append(("INDICATOR_CELL_EMPTY", Severity.ERROR,
                                 f"“{column.label}”为空（表上为必填项）"))
        else:
            if column.kind is ColumnKind.NUMBER and not _is_number(text):
                problems.append(("INDICATOR_NOT_NUMBER", Severity.ERROR,
                                 f"“{column.label}”应为数字，现为“{text}”"))
            if column.choices and text.strip() not in column.choices:
                problems.append(("INDICATOR_CHOICE_UNKNOWN", Severity.WARNING,
                                 f"“{column.label}”为“{text}”，应为"
                                 f"{'、'.join(f'“{c}”' for c in column.choices)}之一"))
            if limit and len(text) > limit:
                problems.append(("TEXT_TOO_LONG", Severity.WARNING,
                                 f"“{column.label}”有 {len(text)} 字，超过 {limit} 字的"
                                 f"{'限制' if column.limit else '建议长度'}"))
        if problems:  # most cells have none: the location and names are built only then
            owner = f"{s.owner}的指标“{row.name.strip()[:20] or index + 1}”"
            where = s.location(table, index, column.id)
            for code, severity, message in problems:
                yield Finding(code, severity, where, owner + message)


def _column_rules(spec: IndicatorTableSpec, default_limit: int) -> tuple[tuple[Column, int], ...]:
    """The columns that ask anything of a cell, with their length limit; group cells (一级/二级/
    重点工作: 江苏's 二级 is a whole duty) have no default limit."""
    rules = []
    for column in spec.columns:
        limit = (0 if column.merge else default_limit) if column.limit is None else column.limit
        if limit or column.required or column.choices or column.kind is ColumnKind.NUMBER:
            rules.append((column, limit))
    return tuple(rules)


def _is_number(text: str) -> bool:
    value = parse_target(text)
    return value.kind is Kind.QUANTITATIVE and value.operator is None and not value.unit


def _notation(s: IndicatorSet, table: str, index: int, row: IndicatorRow,
              spec: IndicatorTableSpec, template: Template,
              settings: CheckSettings) -> Iterator[Finding]:
    name = row.name.strip()
    parsed = {c: spec.parsed(row, c) for c in value_columns(spec)}
    satisfaction = row.level1.strip() in settings.satisfaction_level1
    for column, value in parsed.items():
        if value.kind is Kind.EMPTY:
            continue
        problems = []
        if satisfaction and not (value.kind is Kind.QUANTITATIVE and value.unit == "%"):
            problems.append(("SATISFACTION_NOT_PERCENT", "不是百分比目标，满意度指标应写成如“≥90%”"))
        elif value.kind is Kind.QUANTITATIVE:
            if value.operator is None:
                problems.append(("TARGET_NO_OPERATOR", _operator_hint(spec, row, column, value)))
            if name.endswith("率") and value.unit not in ("%", "％", ""):
                problems.append(("TARGET_UNIT_MISMATCH",
                                 f"的单位“{value.unit}”与比率指标不符，应为百分比"))
        elif not _known_word(value.text, template.qualitative_words):
            problems.append(("TARGET_VAGUE", "难以衡量，建议写成可衡量的目标（如“≥95%”、“＝3个”）"
                                             "或规范的定性词（如“健全”“合规”“及时”）"))
        if problems:  # the names and the location only for a finding
            where = s.location(table, index, column)
            label = f"{s.owner}的指标“{name}”{_label(spec, column)}“{value.text}”"
            for code, message in problems:
                yield Finding(code, Severity.WARNING, where, label + message)
    half, full = parsed.get("half_year_target"), parsed.get("full_year_target")
    if half and full and _cumulative_above(half, full):
        yield Finding("HALF_TARGET_ABOVE_FULL", Severity.WARNING,
                      s.location(table, index, "half_year_target"),
                      f"{s.owner}的指标“{name}”半年指标值“{half.text}”大于全年指标值“{full.text}”")


def _operator_hint(spec: IndicatorTableSpec, row: IndicatorRow, column: str,
                   value: ParsedTarget) -> str:
    """Where the officer adds the operator: in the cell itself, or in its own column."""
    split = spec.split_of(column)
    if split is not None and split.operator:
        return f"缺少运算符，请在“{_label(spec, split.operator)}”中填写“＝”“≥”或“≤”"
    typed = (row.get(column) if split is not None else value.text).strip()
    return f"缺少运算符，应写成如“＝{typed}”或“≥{typed}”"


def _known_word(text: str, words: Sequence[str]) -> bool:
    return any(word in text for word in words)


def _cumulative_above(half: ParsedTarget, full: ParsedTarget) -> bool:
    """A count reached by mid-year cannot exceed the year's (rates are not cumulative)."""
    return (half.kind is Kind.QUANTITATIVE and full.kind is Kind.QUANTITATIVE
            and half.unit == full.unit and half.unit not in ("%", "％")
            and half.number is not None and full.number is not None
            and half.number > full.number)


def _execution_rate(document: TargetDocument, template: Template,
                    settings: CheckSettings) -> Iterator[Finding]:
    """The 预算执行率 target follows the money table: (基本 + 项目) / 资金总额."""
    if document.department.funds.total and template.indicator_tables:
        for s in indicator_sets(document, template)[:1]:  # the department's
            yield from execution_rate(s, s.rows, document, settings)


def execution_rate(s: IndicatorSet, rows: Iterable[tuple[str, int, IndicatorRow,
                                                         IndicatorTableSpec]],
                   document: TargetDocument, settings: CheckSettings) -> Iterator[Finding]:
    """EXECUTION_RATE_MISMATCH of the department's ``rows`` named 预算执行率 (or as the
    template names it)."""
    funds = document.department.funds
    for table, index, row, spec in rows:
        if row.name.strip() not in settings.execution_rate_names:
            continue
        for column, period in (("half_year_target", "half_year"),
                               ("full_year_target", "full_year")):
            if column not in value_columns(spec):
                continue
            parsed = spec.parsed(row, column)
            if parsed.number is None:
                continue
            basic = getattr(funds.basic_expense, period)
            project = getattr(funds.project_expense, period)
            if basic is None and project is None:
                continue
            spent = total([basic, project])
            assert funds.total is not None  # _execution_rate runs only with a 资金总额
            rate = (spent / funds.total * 100).quantize(Decimal("0.01"))
            if abs(parsed.number - rate) > Decimal(str(settings.execution_tolerance)):
                yield Finding(
                    "EXECUTION_RATE_MISMATCH", Severity.WARNING,
                    s.location(table, index, column),
                    f"预算执行率{_label(spec, column)}“{parsed.text}”与资金表不符："
                    f"（基本支出 {basic or 0} + 项目支出 {project or 0}）÷ 资金总额 "
                    f"{funds.total} = {rate}%，相差超过 {settings.execution_tolerance:g} 个百分点")
