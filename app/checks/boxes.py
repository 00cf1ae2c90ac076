"""审核 of declared boxes, from their declarations alone (app/boxes.py): ranges, dates inside the
year, a money table's relations (a total and its 其中 lines, one column at most another, a
rate at least a minimum), and boxes required when an indicator row says so. Required boxes and
printed limits are checked with every field (app/checks/fields.py)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator

from app.boxes import (AtMost, MoneyTable, PartsOf, RateAtLeast, box_specs, cell_amount,
                       format_box_amount, options_of, rate)
from app.checks.dates import parse_date
from app.checks.findings import Finding, Location, Severity
from app.checks.money import stated_total_empty
from app.model import IndicatorRow, TargetDocument
from app.templates import FieldKind, FieldSpec, Template


def check_boxes(document: TargetDocument, template: Template) -> Iterator[Finding]:
    department_rows = [row for table in document.department.indicator_tables
                       for row in table.rows]
    yield from _owner(document, box_specs(template, project=False), "", None, "",
                      department_rows, document.year, template)
    specs = box_specs(template, project=True)
    for p, project in enumerate(document.projects):
        yield from _owner(project, specs, f"projects[{p}].", p,
                          f"项目“{project.name or p + 1}”的", project.indicators, document.year,
                          template)


def _owner(owner: Any, specs: dict[str, FieldSpec], prefix: str, project: int | None,
           whose: str, rows: list[IndicatorRow], year: int | None,
           template: Template) -> Iterator[Finding]:
    for key, spec in specs.items():
        value = owner.boxes.get(key)
        where = Location("projects" if project is not None else _section(template, spec),
                         f"{prefix}boxes.{key}", project=project)
        label = f"{whose}“{spec.label.rstrip('：:')}”"
        if value is None:
            yield from _required_when(spec, rows, where, label)
            continue
        if spec.kind in (FieldKind.MONEY, FieldKind.PERCENT, FieldKind.YEAR):
            yield from _range(spec, Decimal(value), where, label)
        elif spec.kind is FieldKind.DATE:
            yield from _date(value, year, where, label)
        elif spec.kind is FieldKind.MONEY_TABLE:
            table = options_of(spec).table
            if table is not None:
                yield from _relations(table, value, where, label)


def _section(template: Template, spec: FieldSpec) -> str:
    return next((s.key for s in template.sections if spec in s.fields), "")


def _required_when(spec: FieldSpec, rows: list[IndicatorRow], where: Location,
                   label: str) -> Iterator[Finding]:
    condition = options_of(spec).required_when
    if condition is None:
        return
    for row in rows:
        said = row.get(condition.column).strip()
        if said in condition.values:
            yield Finding("BOX_REQUIRED_WHEN", Severity.ERROR, where,
                          f"{label}必须填写：指标“{row.name or row.level2 or row.level1}”为“{said}”")
            return


def _range(spec: FieldSpec, value: Decimal, where: Location, label: str) -> Iterator[Finding]:
    box = options_of(spec)
    low, high = box.minimum, box.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = "–".join(format(b, "f") for b in (low, high) if b is not None)
        side = "不低于" if high is None else ("不高于" if low is None else "应在")
        yield Finding("BOX_OUT_OF_RANGE", Severity.ERROR, where,
                      f"{label}为 {format(value, 'f')}，{side} {bounds}")


def _date(text: str, year: int | None, where: Location, label: str) -> Iterator[Finding]:
    date = parse_date(text)
    if date is None:
        yield Finding("DATE_INVALID", Severity.WARNING, where,
                      f"{label}“{text}”不是有效日期（如 2025年6月30日 或 2025-06-30）")
    elif year is not None and date.year != year:
        yield Finding("DATE_OUTSIDE_YEAR", Severity.WARNING, where,
                      f"{label}“{text}”不在 {year} 年度内")


def _relations(table: MoneyTable, value: Any, where: Location, label: str
               ) -> Iterator[Finding]:
    for relation in table.relations:
        if isinstance(relation, PartsOf):
            yield from _parts(table, relation, value, where, label)
        elif isinstance(relation, AtMost):
            yield from _at_most(table, relation, value, where, label)
        elif isinstance(relation, RateAtLeast):
            yield from _rate(table, relation, value, where, label)


def _name(table: MoneyTable, row: str, column: str) -> str:
    r, c = table.row(row), table.column(column)
    return f"{(r.label if r else row).rstrip('：:')}（{c.label if c else column}）"


def _parts(table: MoneyTable, relation: PartsOf, value: Any, where: Location,
           label: str) -> Iterator[Finding]:
    for column in table.stored_columns():
        stated = cell_amount(value, relation.total, column.key)
        parts = [cell_amount(value, p, column.key) for p in relation.parts]
        if all(p is None for p in parts):
            continue
        added = sum((p for p in parts if p is not None), Decimal(0))
        if stated is None:
            if relation.complete:  # the parts make the total: the form wants it stated
                what = f"{label}中{_name(table, relation.total, column.key)}"
                names = "＋".join(_name(table, p, column.key) for p in relation.parts)
                yield stated_total_empty(where, what, names, format_box_amount(added))
            continue
        wrong = stated != added if relation.complete else stated < added
        if wrong:
            names = "＋".join(_name(table, p, column.key) for p in relation.parts)
            verb = "应等于" if relation.complete else "不应小于"
            yield Finding("BOX_PARTS_MISMATCH", Severity.ERROR, where,
                          f"{label}中{_name(table, relation.total, column.key)} "
                          f"{format_box_amount(stated)} {verb}{names} {format_box_amount(added)}")


def _at_most(table: MoneyTable, relation: AtMost, value: Any, where: Location,
             label: str) -> Iterator[Finding]:
    for row in table.rows:
        amount = cell_amount(value, row.key, relation.column)
        limit = cell_amount(value, row.key, relation.limit)
        if amount is not None and limit is not None and amount > limit:
            said = relation.message or "超过"
            yield Finding("BOX_ABOVE_LIMIT",
                          Severity.ERROR if relation.error else Severity.WARNING, where,
                          f"{label}中{_name(table, row.key, relation.column)} "
                          f"{format_box_amount(amount)} {said}"
                          f"{_name(table, row.key, relation.limit)} {format_box_amount(limit)}")


def _rate(table: MoneyTable, relation: RateAtLeast, value: Any, where: Location,
          label: str) -> Iterator[Finding]:
    for row in table.rows:
        found = rate(value, (row.key, relation.numerator), (row.key, relation.denominator))
        if found is not None and found < relation.minimum:
            said = f"，{relation.message}" if relation.message else ""
            yield Finding("BOX_RATE_LOW",
                          Severity.ERROR if relation.error else Severity.WARNING, where,
                          f"{label}中{_name(table, row.key, relation.numerator)}占"
                          f"{_name(table, row.key, relation.denominator)}的 {found}%，"
                          f"低于 {format(relation.minimum, 'f')}%{said}")
