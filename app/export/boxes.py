"""Declared boxes on paper: the cells and texts any layout can place, by the box's kind alone.

A template's layout.py decides where a box goes; these say what it prints: a text as typed, a
numbered list, a tick-list as the form prints it ("1、持续性项目 □ √ 2、新增性项目 □"), an
amount with as many decimals as it holds, a money table's rows under its column labels (a
computed rate column filled in)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.boxes import (BoxOptions, cell_amount, format_box_amount, key_of, options_of, rate)
from app.export.blocks import label, numbered
from app.export.layout import Align, Cell
from app.templates import FieldKind, FieldSpec


def box_value(owner: Any, spec: FieldSpec) -> Any:
    key = key_of(spec)
    return owner.boxes.get(key) if key is not None else None


def box_text(owner: Any, spec: FieldSpec, separator: str = "\n") -> str:
    """What a box prints in its cell (or paragraph): "" when it is empty."""
    value = box_value(owner, spec)
    box = options_of(spec)
    kind = spec.kind
    if kind is FieldKind.TICKS:
        return ticks_text(box, value or [])
    if value is None:
        return ""
    if kind is FieldKind.LIST:
        items = list(value)
        if len(items) == 1 and not spec.numbering:
            return items[0]
        return separator.join(f"{numbered(i, spec.numbering)}{item}"
                              for i, item in enumerate(items, 1))
    if kind is FieldKind.MONEY:
        return format_box_amount(value)
    if kind is FieldKind.PERCENT:
        return f"{format(value, 'f')}%"
    if kind is FieldKind.MONEY_TABLE:
        raise ValueError("a money table prints as rows: money_table_rows()")
    return str(value)


def box_cell(owner: Any, spec: FieldSpec, colspan: int = 1) -> Cell:
    """A box's value cell: an amount as a number (Excel keeps it as one), anything else its text."""
    if spec.kind is FieldKind.MONEY:
        return box_amount_cell(box_value(owner, spec), colspan)
    return Cell(box_text(owner, spec), colspan=colspan)


def ticks_text(box: BoxOptions, ticked: list[str]) -> str:
    """Every printed option with its box, the ticked ones marked."""
    return " ".join(f"{numbered(i, box.numbering) if box.numbering else ''}{option} "
                    f"{box.ticked if option in ticked else box.tick}"
                    for i, option in enumerate(box.options, 1))


def box_amount_cell(value: Decimal | None, colspan: int = 1) -> Cell:
    return Cell(format_box_amount(value), colspan=colspan, align=Align.RIGHT, amount=value)


def money_table_rows(owner: Any, spec: FieldSpec, label_span: int = 1,
                     header: str = "") -> list[list[Cell]]:
    """The table's header row (``header`` over the row labels, then the column labels) and a
    row per declared row: its label over ``label_span`` columns, then one cell per column."""
    table = options_of(spec).table
    if table is None:
        raise ValueError(f"{spec.path} declares no table")
    value = box_value(owner, spec)
    rows: list[list[Cell]] = [[label(header, colspan=label_span),
                               *(label(c.label) for c in table.columns)]]
    for row in table.rows:
        cells = [Cell(row.label, colspan=label_span)]
        for column in table.columns:
            if column.rate_of is not None:
                top, bottom = column.rate_of
                found = rate(value, (row.key, top), (row.key, bottom))
                cells.append(Cell("" if found is None else f"{found}%", align=Align.RIGHT))
            else:
                cells.append(box_amount_cell(cell_amount(value, row.key, column.key)))
        rows.append(cells)
    return rows
