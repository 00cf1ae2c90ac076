"""Building blocks the templates' layouts share: numbered text, money cells, merged
indicator tables, label/value rows."""
from __future__ import annotations

from decimal import Decimal
from typing import Sequence

from app.export.layout import Align, Block, Cell, SignatureBlock, merged_runs
from app.model import IndicatorRow, TargetDocument
from app.money import format_amount
from app.numbering import chinese_number as chinese_number  # the layouts import them here
from app.numbering import numbered as numbered
from app.templates import Column, Template


def numbered_text(items: Sequence[str], pattern: str, separator: str = "",
                  lead_in: str = "") -> str:
    """Items with their numbers, joined: "（一）…（二）…" as one paragraph, or one per line;
    a ``lead_in`` goes before item one, unnumbered ("……具体包括：（一）负责…")."""
    text = separator.join(f"{numbered(i, pattern)}{item}" for i, item in enumerate(items, 1))
    if not lead_in:
        return text
    return f"{lead_in}{separator}{text}" if text else lead_in


def template_numbering(template: Template, path: str) -> str:
    """The numbering pattern a template gives a LIST field ("（一）", "计划1" …)."""
    for section in template.sections:
        for spec in section.fields:
            if spec.path == path:
                return spec.numbering
    return ""


def signature_blocks(document: TargetDocument, template: Template) -> list[Block]:
    """The form's own signature lines, filled with the document's values; none when the
    published form prints none (a block it lacks would be sent back by the bureau)."""
    if template.signature is None:
        return []
    values = {name: getattr(document, name) or "" for name in type(document).model_fields
              if isinstance(getattr(document, name), str)}
    return [SignatureBlock(tuple(line.format_map(values) for line in template.signature.lines),
                           template.signature.seal)]


def amount_text(value: Decimal | None, unit: str = "") -> str:
    """Two decimals as stored; an empty amount prints as an empty cell, never "None"."""
    if value is None:
        return ""
    return f"{format_amount(value)}{unit}"


def money_cell(value: Decimal | None, colspan: int = 1) -> Cell:
    return Cell(amount_text(value), colspan=colspan, align=Align.RIGHT, amount=value)


def label(text: str, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text, rowspan=rowspan, colspan=colspan, bold=True, align=Align.CENTER)


def header_row(columns: Sequence[Column], colspans: Sequence[int] | None = None) -> list[Cell]:
    spans = colspans or [1] * len(columns)
    return [label(column.label, colspan=span) for column, span in zip(columns, spans)]


def indicator_rows(rows: Sequence[IndicatorRow], columns: Sequence[Column],
                   colspans: Sequence[int] | None = None) -> list[list[Cell]]:
    """Table rows for indicators; ``merge`` columns span equal neighbours within their parent
    group (a 二级 never spans across two 一级), as the printed forms merge them."""
    spans_of = colspans or [1] * len(columns)
    merge_spans: dict[int, list[int]] = {}
    keys: list[tuple[str, ...]] = [() for _ in rows]
    for k, column in enumerate(columns):
        if not column.merge:
            continue
        keys = [key + (row.get(column.id),) for key, row in zip(keys, rows)]
        merge_spans[k] = merged_runs(keys)
    table: list[list[Cell]] = []
    for i, row in enumerate(rows):
        cells = []
        for k, column in enumerate(columns):
            text = row.get(column.id)
            if k in merge_spans:
                span = merge_spans[k][i]
                if span == 0:
                    continue  # covered by the group's cell above
                cells.append(Cell(text, rowspan=span, colspan=spans_of[k], align=Align.CENTER))
            else:
                cells.append(Cell(text, colspan=spans_of[k]))
        table.append(cells)
    return table
