"""The blocks an import definition lists, in the order the form prints them: a text found by a
pattern (a title), a labelled box, an indicator table, a table of records. Each finds itself by
its printed label from where the previous block was found, so the same definition reads our own
export (whose rows depend on the content) and a workbook typed to the published form."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from pydantic import BaseModel

from app.importing.fields import Field
from app.importing.labels import match_label, same_choice
from app.importing.problems import CellError
from app.model import IndicatorRow
from app.templates import ColumnKind, IndicatorTableSpec

if TYPE_CHECKING:
    from app.importing.grid import GridCell
    from app.importing.reader import SheetReader
    from app.templates import Template


class Block:
    required: bool = True

    def anchors(self, template: "Template") -> tuple[str, ...]:
        """The labels that show where this block starts (a table before it ends there)."""
        return ()

    def read(self, reader: "SheetReader") -> None:
        raise NotImplementedError


def _apply(reader: "SheetReader", found: dict[str, object], cell: "GridCell | None") -> None:
    for path, value in found.items():
        reader.assign(path, value, cell)


def _read_field(reader: "SheetReader", what: Field, cell: "GridCell | None",
                groups: dict[str, str]) -> dict[str, object]:
    try:
        return what.values(reader, cell, groups)
    except CellError as error:
        reader.refuse(error)
        return {}


@dataclass(frozen=True)
class Match(Block):
    """A cell whose whole text fits ``pattern`` (a title, "编制单位：…"); each group of the
    pattern goes to its field. ``name`` says in Chinese what is missing when it is not found."""

    pattern: str
    fields: tuple[Field, ...]
    name: str = ""
    required: bool = True

    def read(self, reader):
        found = reader.find_pattern(re.compile(self.pattern, re.S))
        if found is None:
            if self.required:
                reader.missing(self.name or f"“{self.pattern}”")
            return
        cell, match = found
        reader.use(cell)
        reader.move_to(cell.row)
        for what, text in zip(self.fields, match.groups()):
            try:
                _apply(reader, what.from_text(reader, text or "", cell), cell)
            except CellError as error:
                reader.refuse(error)


@dataclass(frozen=True)
class Value(Block):
    """A box: its printed label and the value right of it (or below it)."""

    label: str
    field: Field
    below: bool = False
    required: bool = True

    def anchors(self, template):
        return (self.label,)

    def read(self, reader):
        found = reader.find_label(self.label, self.required)
        if found is None:
            return
        label, groups = found
        cell = reader.below(label) if self.below else reader.right_of(label)
        reader.use(cell)
        reader.move_to(label.row)
        _apply(reader, _read_field(reader, self.field, cell, groups), cell or label)


@dataclass(frozen=True)
class Column:
    """A table column: its printed header (None: the n-th cell of the row, for a table without
    a header) and what its cells hold. ``table_unit``: the path of the Unit the header's {unit}
    names for the whole table. ``merged``: for a column whose one cell the form prints beside
    all the rows (四川's 原因), how to give each row its part: (text, records) → texts."""

    label: str | None
    field: Field
    table_unit: str = ""
    merged: Callable[[str, list[dict]], list[str] | None] | None = None


@dataclass(frozen=True)
class Indicators(Block):
    """An indicator table, as the template declares it (``key``; "" for a project's table):
    the header row found by its column labels, every row below it until the table ends, the
    merged 一级/二级 (and any merged cell) filled down, the code lists (一级 choices, a
    choice column's choices) matched by name. ``label``: a block label printed beside the
    header and the rows (河北's 绩效指标): the table is the rows it spans."""

    key: str = ""
    label: str = ""
    until: tuple[str, ...] = ()
    required: bool = True

    def spec(self, template: "Template") -> IndicatorTableSpec | None:
        return template.project_indicators if not self.key else template.indicator_table(self.key)

    def anchors(self, template):
        spec = self.spec(template)
        return tuple(c.label for c in spec.columns[:2]) if spec else ()

    def read(self, reader):
        spec = self.spec(reader.template)
        if spec is None:
            return
        labels = tuple(c.label for c in spec.columns)
        header = reader.find_header(labels)
        if header is None:
            if self.required:
                reader.missing(f"“{spec.title}”表（表头：{'、'.join(labels)}）")
            return
        header_row, headers = header
        missing = [label for label in labels if label not in headers]
        if missing:
            reader.problem(f"“{spec.title}”的表头缺少“{'”“'.join(missing)}”列", row=header_row)
            return
        reader.use(*headers.values())
        block_label = _block_label(reader, header_row, headers, self.label)
        ranges = [(headers[c.label].column, headers[c.label].last_column) for c in spec.columns]
        first, last = ranges[0][0], ranges[-1][1]
        texts: list[dict[str, str]] = []  # each row's cells as printed, by column id
        where: list[dict[str, "GridCell | None"]] = []
        last_row = header_row
        crossing: set[int] = set()  # merged cells reported once, not on every row they cover
        for row in reader.table_rows(header_row, first, last, block_label, labels, self.until):
            cells: dict[str, str] = {}
            found: dict[str, "GridCell | None"] = {}
            for column, (low, high) in zip(spec.columns, ranges):
                cell = reader.grid.at(row, low)
                if cell is not None and (cell.column < low or cell.last_column > high):
                    if id(cell) not in crossing:
                        crossing.add(id(cell))
                        reader.problem(_crossing(spec, cell, ranges), cell)
                    continue
                try:
                    cells[column.id] = reader.text(cell)
                except CellError as error:
                    reader.refuse(error)
                    continue
                found[column.id] = cell
            texts.append(cells)
            where.append(found)
            last_row = row
        texts = self.as_typed(reader.template, texts)
        columns = {column.id: column for column in spec.columns}
        warned: set[int] = set()  # a merged 一级 outside the list is said once, not per row
        # A target's ASCII operator is read as the form's, as the editor keeps a typed one.
        rows = [IndicatorRow(cells={key: spec.entered(key, _coded(reader, spec, columns[key],
                                                                  text, cells[key], warned))
                                    for key, text in row_texts.items()})
                for row_texts, cells in zip(texts, where)]
        reader.move_past(block_label.last_row if block_label is not None else last_row)
        reader.assign(_table_path(self.key), rows, headers[labels[0]])

    def as_typed(self, template: "Template", rows: list[dict[str, str]]
                 ) -> list[dict[str, str]]:
        """The rows' cells as the officer typed them, from the cells as the form prints them
        (before the code lists are matched): a form that adds to a cell when printing (the
        national 一级 with its group's 分值, "产出指标（50分）") declares a subclass that takes it
        off again."""
        return rows


def _table_path(key: str) -> str:
    return f"department.indicator_tables[{key}]" if key else "indicators"


def _block_label(reader: "SheetReader", header_row: int, headers: dict[str, "GridCell"],
                 text: str) -> "GridCell | None":
    if not text:
        return None
    first = min(cell.column for cell in headers.values())
    for cell in reader.grid.covering(header_row):
        if cell.column < first:
            label = reader.label_text(cell)
            if label is not None and match_label(text, label) is not None:
                reader.use(cell)
                return cell
    return None


def _crossing(spec: IndicatorTableSpec, cell: "GridCell", ranges: list[tuple[int, int]]) -> str:
    crossed = [c.label for c, (low, high) in zip(spec.columns, ranges)
               if low <= cell.last_column and high >= cell.column]
    return (f"合并单元格跨越了“{'”和“'.join(crossed)}”列（合并区域被移动或扩大了），"
            "请按表头重新合并后再导入")


def _coded(reader: "SheetReader", spec: IndicatorTableSpec, column, text: str,
           cell: "GridCell | None", warned: set[int] | None = None) -> str:
    """A cell of a code-listed column (一级 choices, a choice column): an entry typed another
    way is the entry; anything else is kept as typed, with a warning (the 审核 reports it too)."""
    choices = spec.level1_choices if column.id == "level1" else (
        column.choices if column.kind is ColumnKind.CHOICE else ())
    if not choices or not text.strip() or text in choices:
        return text
    entry = next((c for c in choices if same_choice(text, c)), None)
    if entry is not None:
        return entry
    if warned is not None and cell is not None:
        if id(cell) in warned:
            return text
        warned.add(id(cell))
    reader.warn(f"{column.label}“{text[:30]}”不在本模板的可选项（{'、'.join(choices)}）中，"
                "已按原文导入，请核对", cell)
    return text


@dataclass(frozen=True)
class Records(Block):
    """A table of records (评价工作组, 预算执行情况, 实施计划 …) into the list at ``path``:
    with a header row (``columns`` found by their labels), or the rows a block ``label``
    spans, each row's cells right of it in order (``columns`` without labels).

    ``blank_row``: the form prints one row of empty cells when there is no record, so a table
    whose only row is empty has none; ``placeholder_spans``: the form's "no records" row is the
    one whose first cell spans over the second column's header."""

    path: str
    item: type[BaseModel] | type[str]  # str: a list of texts (``item_field``)
    columns: tuple[Column, ...]
    label: str = ""
    beside: str = ""  # a block label printed beside the header and the rows (四川 预算执行情况)
    until: tuple[str, ...] = ()
    blank_row: bool = False
    placeholder_spans: bool = False
    required: bool = True
    item_field: str = ""  # the list holds texts: this field's value is the item

    def anchors(self, template):
        labeled = [c.label for c in self.columns if c.label]
        return (self.label,) if self.label else tuple(labeled[:2])

    def read(self, reader):
        from app.importing.records import read_records

        read_records(self, reader)
