"""Reading a ``Records`` block: the rows of a table of records, by header or under a label."""
from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ValidationError

from app.importing.blocks import Records, _block_label, _read_field
from app.importing.grid import GridCell
from app.importing.labels import shown_label
from app.importing.problems import CellError
from app.money import Unit
from app.validation_messages import describe

if TYPE_CHECKING:
    from app.importing.reader import SheetReader


def read_records(block: Records, reader: "SheetReader") -> None:
    found = _rows_and_cells(block, reader)
    if found is None:
        return
    rows, anchor = found
    if block.placeholder_spans and len(rows) == 1 and _is_placeholder(rows[0], block):
        rows = []
    records: list[dict[str, object]] = []
    for row in rows:
        record: dict[str, object] = {}
        for column, cell in zip(block.columns, row):
            if column.merged is not None and cell is not None and _shared(cell, rows, column):
                continue  # read once for all the rows, below
            record.update(_read_field(reader, column.field, cell, {}))
        records.append(record)
    for index, column in enumerate(block.columns):
        cells = [row[index] if index < len(row) else None for row in rows]
        if column.merged is None or not cells or cells[0] is None or \
                not _shared(cells[0], rows, column):
            continue
        try:
            text = reader.text(cells[0])
        except CellError as error:
            reader.refuse(error)
            continue
        parts = column.merged(text, records)
        if parts is None:
            reader.warn("这一格的内容无法分到各行，已全部放在第一行，请核对", cells[0])
            parts = [text] + [""] * (len(records) - 1)
        path = next(iter(column.field.from_text(reader, "", cells[0])))
        for record, part in zip(records, parts):
            record[path] = part
    if block.blank_row and len(records) == 1 and not any(
            value not in ("", None) for value in records[0].values()):
        records = []
    items = []
    for record, row in zip(records, rows):
        if block.item_field:
            items.append(record.get(block.item_field, ""))
            continue
        assert issubclass(block.item, BaseModel)  # a list of texts names its item_field
        try:
            items.append(block.item.model_validate(record))
        except ValidationError as exc:
            detail = exc.errors(include_url=False)[0]
            cell = next((c for c in row if c is not None), None)
            reader.problem(f"{'.'.join(map(str, detail['loc']))}：{describe(detail)}", cell)
    reader.assign(block.path, items, anchor)


def _rows_and_cells(block: Records, reader: "SheetReader"
                    ) -> tuple[list[list[GridCell | None]], GridCell | None] | None:
    """Each record row's cells, one per column, and the cell that anchors the block."""
    if block.label:
        found = reader.find_label(block.label, block.required)
        if found is None:
            return None
        label, _ = found
        rows = []
        for row in reader.grid.rows:
            if label.row <= row <= label.last_row:
                cells = [c for c in reader.grid.covering(row) if c.column > label.last_column]
                rows.append((cells + [None] * len(block.columns))[:len(block.columns)])
        reader.move_past(label.last_row)
        return rows, label
    labels = tuple(c.label for c in block.columns if c.label)
    found_header = reader.find_header(labels)
    if found_header is None:
        if block.required:
            reader.missing(f"表头“{'、'.join(shown_label(x) for x in labels)}”")
        return None
    header_row, headers = found_header
    missing = [shown_label(x) for x in labels if x not in headers]
    if missing:
        reader.problem(f"表头缺少“{'”“'.join(missing)}”列", row=header_row)
        return None
    reader.use(*headers.values())
    for column in block.columns:
        if column.table_unit and column.label:
            groups = _groups(column.label, reader.label_text(headers[column.label]) or "")
            if "unit" in groups:
                reader.assign(column.table_unit, Unit(groups["unit"]), headers[column.label])
    beside = _block_label(reader, header_row, headers, block.beside)
    first = min(c.column for c in headers.values())
    last = max(c.last_column for c in headers.values())
    rows = []
    last_row = header_row
    for row in reader.table_rows(header_row, first, last, beside, labels, block.until):
        rows.append([reader.grid.at(row, headers[c.label].column) if c.label else None
                     for c in block.columns])
        last_row = row
    reader.move_past(beside.last_row if beside is not None else last_row)
    return rows, headers[labels[0]]


def _groups(label: str, text: str) -> dict[str, str]:
    from app.importing.labels import match_label

    return match_label(label, text) or {}


def _shared(cell: GridCell, rows: list[list[GridCell | None]], column) -> bool:
    """Whether one cell stands beside several record rows (or the table's only row)."""
    return len(rows) == 1 or cell.last_row > cell.row and sum(
        1 for row in rows if any(c is cell for c in row)) > 1


def _is_placeholder(row: list[GridCell | None], block: Records) -> bool:
    first = row[0] if row else None
    second = row[1] if len(row) > 1 else None
    return first is not None and second is first
