"""Reading declared boxes (app/boxes.py) by their printed labels, whatever their kind: a form's
import definition lists ``Box(key)`` and ``BoxTable(key)`` blocks where the form prints them,
and the declaration says the rest (the label, the kind, the options, a table's rows and
columns). The same blocks read our own export and a workbook typed to the published form."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from app.boxes import BoxOptions, box_specs, options_of
from app.importing.blocks import Block
from app.importing.fields import split_numbered
from app.importing.labels import match_label, normalize
from app.importing.problems import CellError
from app.templates import FieldKind, FieldSpec

if TYPE_CHECKING:
    from app.importing.grid import GridCell
    from app.importing.reader import SheetReader
    from app.templates import Template

# What marks a ticked option, typed or printed: "□ √", "☑", "■", "√", "✓", "✔", "R" of Wingdings.
_TICKED = re.compile(r"[√☑■✓✔✅]")


def _spec(template: "Template", key: str, project: bool | None = None) -> FieldSpec:
    scopes = (project,) if project is not None else (True, False)
    for scope in scopes:
        spec = box_specs(template, scope).get(key)
        if spec is not None:
            return spec
    raise KeyError(f"{template.id} declares no box {key!r}")


def _printed(spec: FieldSpec, label: str) -> str:
    return label or spec.label


@dataclass(frozen=True)
class Box(Block):
    """A declared box: its label as printed (``label``, when the sheet prints it otherwise than
    the declaration), the value right of it (or ``below`` it)."""

    key: str
    label: str = ""
    below: bool = False
    required: bool = True

    def anchors(self, template):
        return (_printed(_spec(template, self.key), self.label),)

    def read(self, reader):
        spec = _spec(reader.template, self.key, reader.project is not None)
        found = reader.find_label(_printed(spec, self.label), self.required)
        if found is None:
            return
        label, _ = found
        cell = reader.below(label) if self.below else reader.right_of(label)
        reader.move_to(label.row)
        _take(reader, self.key, spec, cell, label)


@dataclass(frozen=True)
class BoxesBeside(Block):
    """Several declared boxes beside one label merged over their rows (黄石's two 项目类型
    tick-lists): the n-th row's value goes to the n-th key."""

    label: str
    keys: tuple[str, ...]
    required: bool = True

    def anchors(self, template):
        return (self.label,)

    def read(self, reader):
        found = reader.find_label(self.label, self.required)
        if found is None:
            return
        label, _ = found
        reader.move_to(label.row)
        cells = reader.beside(label)
        for key, cell in zip(self.keys, cells):
            _take(reader, key, _spec(reader.template, key, reader.project is not None), cell,
                  label)
        if len(cells) < len(self.keys):
            reader.problem(f"“{self.label}”应有 {len(self.keys)} 行，只找到 {len(cells)} 行", label)


def _take(reader: "SheetReader", key: str, spec: FieldSpec, cell: "GridCell | None",
          label: "GridCell") -> None:
    """Read one box's cell and assign its value (a cell it cannot read is refused, named)."""
    reader.use(cell)
    try:
        value = read_box(reader, spec, cell)
    except CellError as error:
        reader.refuse(error)
        return
    if value is not None:
        reader.assign(f"boxes.{key}", value, cell or label)


def read_box(reader: "SheetReader", spec: FieldSpec, cell: "GridCell | None") -> Any:
    """One cell as the box's kind holds it (None: empty)."""
    kind, box = spec.kind, options_of(spec)
    sheet = reader.sheet
    if kind is FieldKind.MONEY:
        return reader.cells.money(sheet, cell, places=6)
    if kind is FieldKind.PERCENT:
        return reader.cells.percent(sheet, cell)
    if kind is FieldKind.YEAR:
        return reader.cells.year(sheet, cell)
    text = reader.text(cell)
    if not text:
        return None
    if kind is FieldKind.LIST:
        return split_numbered(text, spec.numbering, "\n")
    if kind is FieldKind.TICKS:
        return read_ticks(reader, spec, box, text, cell)
    if kind is FieldKind.CHOICE:
        chosen = next((o for o in box.options if normalize(o) == normalize(text)), None)
        if chosen is None:
            reader.problem(f"“{spec.label}”的“{text[:20]}”不是可选项（{'、'.join(box.options)}）",
                           cell)
        return chosen
    return text


def read_ticks(reader: "SheetReader", spec: FieldSpec, box: BoxOptions, text: str,
               cell: "GridCell | None") -> list[str] | None:
    """The ticked options of a printed tick-list: each option is followed by its box, and the
    box of a ticked one holds a mark ("持续性项目 □ √", "持续性项目☑")."""
    flat = normalize(text)
    places = []
    for option in box.options:
        at = flat.find(normalize(option))
        if at < 0:
            reader.problem(f"“{spec.label}”中找不到选项“{option}”", cell)
            return None
        places.append((at, at + len(normalize(option)), option))
    places.sort()
    ticked = []
    for n, (start, end, option) in enumerate(places):
        after = flat[end:places[n + 1][0] if n + 1 < len(places) else len(flat)]
        if _TICKED.search(after):
            ticked.append(option)
    if box.single and len(ticked) > 1:
        reader.problem(f"“{spec.label}”只能勾选一项，勾选了{len(ticked)}项", cell)
        return None
    return ticked or None


@dataclass(frozen=True)
class BoxTable(Block):
    """A declared money table: its header row found by the column labels, then each declared
    row by its label below it; a cell under a column's header is that row's amount there."""

    key: str
    required: bool = True

    def anchors(self, template):
        table = options_of(_spec(template, self.key)).table
        return (table.columns[0].label,) if table is not None else ()

    def read(self, reader):
        spec = _spec(reader.template, self.key, reader.project is not None)
        table = options_of(spec).table
        assert table is not None  # register() refuses a table box without one
        labels = tuple(c.label for c in table.columns)
        header = reader.find_header(labels)
        if header is None:
            if self.required:
                reader.missing(f"“{spec.label}”的表头（{'、'.join(labels)}）")
            return
        header_row, cells = header
        reader.use(*cells.values())
        reader.move_past(header_row)
        value: dict[str, dict[str, Decimal]] = {}
        for row in table.rows:
            found = _row_label(reader, row.label)
            if found is None:
                if self.required:
                    reader.missing(f"“{spec.label}”的“{row.label.rstrip('：:')}”行")
                continue
            reader.use(found)
            amounts: dict[str, Decimal] = {}
            for column in table.stored_columns():
                head = cells.get(column.label)
                at = reader.grid.at(found.row, head.column) if head is not None else None
                try:
                    amount = reader.cells.money(reader.sheet, at, places=6)
                except CellError as error:
                    reader.refuse(error)
                    continue
                reader.use(at)
                if amount is not None:
                    amounts[column.key] = amount
            if amounts:
                value[row.key] = amounts
            reader.move_past(found.row)
        if value:
            reader.assign(f"boxes.{self.key}", value, None)


def _row_label(reader: "SheetReader", label: str) -> "GridCell | None":
    for sheet_row in reader.rows_from():
        for cell in reader.grid.anchored(sheet_row):
            text = reader.label_text(cell)
            if text is not None and id(cell) not in reader.used \
                    and match_label(label, text) is not None:
                return cell
    return None
