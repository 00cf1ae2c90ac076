"""A library entry as a row of a given table: the inverse of reading a document's rows.

The 指标值 goes to the table's target column (with 半年/全年 columns, the 全年 one); a split
target (四川 指标性质 | 指标值 | 度量单位, 湖南 指标值类型 | 指标值 | 计量单位) gets its parts. 指标解释
and 评分标准 go to the ``definition`` and ``scoring`` columns where the table has them.
"""
from __future__ import annotations

from typing import Mapping

from app.library.entries import DEFINITION, SCORING, LibraryEntry
from app.model import IndicatorRow
from app.scoring import plain, target_column
from app.targets import Kind, parse_target
from app.templates import IndicatorTableSpec

GROUP_FIELDS = ("level1", "level2")
_FULL_WIDTH = {"=": "＝", "≥": "≥", "≤": "≤", ">": "＞", "<": "＜"}
_QUANTITATIVE = "定量"


def row_for_entry(entry: LibraryEntry, spec: IndicatorTableSpec,
                  group: Mapping[str, str] | None = None) -> IndicatorRow:
    """The row ``entry`` becomes in a table of ``spec``. ``group`` (the current row's 一级/二级
    and other merged columns) replaces the entry's own groups when given."""
    cells: dict[str, str] = {"level1": entry.level1, "level2": entry.level2, "name": entry.name}
    if group is not None:
        cells.update({k: v for k, v in group.items() if k != "name"})
    row = IndicatorRow(cells={k: v for k, v in cells.items() if spec.column(k) is not None})
    column = target_column(spec)
    if column is not None and entry.target:
        set_target_text(row, spec, column, entry.target, entry.unit)
    for column_id, text in ((DEFINITION, entry.definition), (SCORING, entry.scoring)):
        if text and spec.column(column_id) is not None and not row.get(column_id):
            row.set(column_id, text)
    return row


def set_target_text(row: IndicatorRow, spec: IndicatorTableSpec, column_id: str, text: str,
                    unit: str = "") -> None:
    """Put a target written as one text ("≥90%") into ``column_id``; for a split target, its
    operator, number and unit into their own columns (a 定性 word into the 指标值 column, the
    operator or type column marked 定性)."""
    split = spec.split_of(column_id)
    if split is None:
        row.set(column_id, text)
        return
    parsed = parse_target(text)
    if parsed.kind is Kind.QUANTITATIVE and parsed.number is not None:
        if split.operator:
            row.set(split.operator, _operator_choice(spec, split.operator, parsed.operator or "="))
        if split.kind:
            row.set(split.kind, _choice(spec, split.kind, _QUANTITATIVE))
        row.set(column_id, plain(parsed.number))
        if split.unit:
            row.set(split.unit, parsed.unit or unit)
        return
    for marker in (split.operator, split.kind):
        if marker:
            row.set(marker, split.qualitative)
    row.set(column_id, text)


def _choice(spec: IndicatorTableSpec, column_id: str, value: str) -> str:
    column = spec.column(column_id)
    if column is None or not column.choices or value in column.choices:
        return value
    return ""


def _operator_choice(spec: IndicatorTableSpec, column_id: str, operator: str) -> str:
    """The operator as the column's choices spell it (四川 prints the ASCII "=")."""
    column = spec.column(column_id)
    choices = column.choices if column else ()
    if not choices or operator in choices:
        return operator
    wide = _FULL_WIDTH.get(operator, operator)
    return wide if wide in choices else operator
